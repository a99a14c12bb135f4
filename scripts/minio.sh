#!/usr/bin/env bash
# Prints the path of the pinned MinIO server binary used by the tests and
# `sohoa bench storage`, building it once into a cache outside the repo so
# that fresh clones (CI) reuse it. Building takes ~7-10 min on 2 cores.
#   SOHOA_TOOLS_DIR   cache root (default ~/.cache/sohoa/tools)
set -euo pipefail
version="v0.0.0-20260212201848-7aac2a2c5b7c" # keep in sync with internal/testenv.MinIOVersion
dir="${SOHOA_TOOLS_DIR:-$HOME/.cache/sohoa/tools}/minio-$version"
bin="$dir/minio"
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -x "$bin" ]; then
	mkdir -p "$dir"
	if [ -x "$repo/.tools/bin/minio" ]; then
		# A copy built in the checkout by an earlier setup.
		cp "$repo/.tools/bin/minio" "$bin.tmp"
	else
		echo "building minio $version (takes several minutes)..." >&2
		GOBIN="$dir/build" go install "github.com/minio/minio@$version" >&2
		mv "$dir/build/minio" "$bin.tmp"
		rmdir "$dir/build" 2>/dev/null || true
	fi
	chmod +x "$bin.tmp"
	mv "$bin.tmp" "$bin"
fi
echo "$bin"
