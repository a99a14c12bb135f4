#!/usr/bin/env bash
# Assembles docs/benchmarks.md from the per-topic pages in docs/benchmarks/,
# each of which records its figures with the command that produced them.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks.md
order=(throughput counter accuracy steps fields neardup search storage reliability pdf corpus security deployment)
{
  echo "# Benchmarks"
  echo
  echo "Every figure below was measured on this project's development machine (2 cores, 24 GiB, no"
  echo "accelerator) with the command given beside it; most runs shared the machine with other work, as"
  echo "each section says. The sections are kept in \`docs/benchmarks/\` and assembled here by"
  echo "\`scripts/benchmarks-doc.sh\`. Timing is never a pass/fail test."
  echo
  for name in "${order[@]}"; do
    f="docs/benchmarks/$name.md"
    [ -f "$f" ] && echo "- [$name]($f)"
  done
  for f in docs/benchmarks/*.md; do
    n=$(basename "$f" .md)
    [[ " ${order[*]} " == *" $n "* ]] || echo "- [$n]($f)"
  done
  echo
  for name in "${order[@]}"; do
    f="docs/benchmarks/$name.md"
    [ -f "$f" ] || continue
    echo
    # demote headings one level so the page keeps one title
    sed 's/^#/##/' "$f"
  done
  for f in docs/benchmarks/*.md; do
    n=$(basename "$f" .md)
    [[ " ${order[*]} " == *" $n "* ]] && continue
    echo
    sed 's/^#/##/' "$f"
  done
} > "$out"
echo "wrote $out"
