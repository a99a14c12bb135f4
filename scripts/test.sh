#!/usr/bin/env bash
# Runs the whole test suite on real components. Called by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1
go vet ./...
go test -count=1 -timeout 20m ./...
