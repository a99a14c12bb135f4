# sohoa — the two commands a fresh machine needs are `make demo` and `make test`.
GO ?= go
export OMP_THREAD_LIMIT ?= 1

.PHONY: setup build demo test bench bench-throughput bench-accuracy vet fmt screenshots
setup:
	bash scripts/setup.sh

build:
	$(GO) build -o bin/sohoa ./cmd/sohoa

demo: setup build
	./bin/sohoa demo

test: setup
	bash scripts/test.sh

# Go benchmarks of every package (pipeline steps, page and assembly tasks,
# storage, search …); BENCHTIME=5x keeps the Tesseract ones to a few pages.
BENCHTIME ?= 5x
bench: setup
	SOHOA_MINIO_BIN="$$(bash scripts/minio.sh)" $(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

# The whole system vs plain tesseract on the same pages and cores
# (docs/benchmarks/throughput.md); PAGES and RUNS as wanted.
PAGES ?= 20
RUNS ?= 2
bench-throughput: build
	./bin/sohoa bench throughput --pages $(PAGES) --workers $$(nproc) --runs $(RUNS) --omp

# Character error rate of sohoa vs plain tesseract per degradation.
bench-accuracy: build
	./bin/sohoa bench accuracy

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# PNGs of the web interface's main pages, taken by the browser test, under docs/screenshots/.
screenshots: setup
	bash scripts/screenshots.sh
