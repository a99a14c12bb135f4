#!/usr/bin/env bash
# Saves PNG screenshots of the web interface's main pages under
# docs/screenshots/, taken by the browser test (web/browser_test.go) as it
# walks through intake, search, a citizen's documents and an audit.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screenshots"
mkdir -p "$out"
export OMP_THREAD_LIMIT=1
SOHOA_SCREENSHOTS="$out" CI="${CI:-true}" go test ./web -run '^TestBrowser$' -count=1
ls -1 "$out"/*.png
