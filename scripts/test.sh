#!/usr/bin/env bash
# Runs the whole test suite on real components: real Tesseract, a real
# redis-server and a real MinIO server, each started by the tests on free
# loopback ports. Called by `make test` and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1
# The pinned MinIO server, built once into a cache outside the checkout.
SOHOA_MINIO_BIN="$(bash scripts/minio.sh)"
export SOHOA_MINIO_BIN
go vet ./...
go test -count=1 -timeout 20m ./... 2>&1 | tee /tmp/sohoa-test.log
