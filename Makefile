# sohoa — the two commands a fresh machine needs are `make demo` and `make test`.
GO ?= go
export OMP_THREAD_LIMIT ?= 1

.PHONY: setup build demo test bench vet fmt
setup:
	bash scripts/setup.sh

build:
	$(GO) build -o bin/sohoa ./cmd/sohoa

demo: setup build
	./bin/sohoa demo

test: setup
	bash scripts/test.sh

bench: setup
	$(GO) test -run '^$$' -bench . -benchmem ./...

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')
