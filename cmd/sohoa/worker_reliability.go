package main

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/sohoa/sohoa/internal/memlimit"
	"github.com/sohoa/sohoa/internal/metrics"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/workers"
)

// `sohoa worker` OCRs pages in helper processes of this binary (ADR 0900):
// SOHOA_HELPER=ocr makes a process serve pages on its fd 3/4.
func init() { helperModes[ocrproc.HelperMode] = ocrproc.Serve }

// pagePool is what a worker closes at exit: helpers or in-process engines.
type pagePool interface {
	Size() int
	Close() error
}

// counterSpare is how many OCR helpers a worker keeps beyond its n for
// counter pages (ADR 1101).
const counterSpare = 1

// newPagePool starts n OCR helpers and a spare one for counter pages, or
// n in-process Tesseract engines when SOHOA_OCR_IN_PROCESS=1 (no
// isolation: a crash in libtesseract then kills the worker; for debugging
// and profiling).
func newPagePool(n int) (workers.PageProcessor, *workers.EnginePool, pagePool, error) {
	if os.Getenv("SOHOA_OCR_IN_PROCESS") == "1" {
		pool, err := workers.NewEnginePool(n, func() (pipeline.Engine, error) {
			return pipeline.NewTesseract(pipeline.TesseractOptions{})
		})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("start OCR engines: %w", err)
		}
		return nil, pool, pool, nil
	}
	pause, err := ocrproc.ParsePause(os.Getenv("SOHOA_COUNTER_PAUSE"))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("SOHOA_COUNTER_PAUSE: %w", err)
	}
	p, err := ocrproc.NewPool(ocrproc.Options{
		Size: n, Spare: counterSpare, Pause: pause,
		Busy: func(l ocrproc.Lane, d time.Duration) { metrics.OCRHelperBusy(l.String(), d) },
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("start OCR helpers: %w", err)
	}
	return workers.HelperPages{Pool: p}, nil, p, nil
}

// workerMemoryLimit sets the worker's soft memory limit (ADR 1102, 1110)
// from SOHOA_MEMORY_LIMIT (GOMEMLIMIT wins), by default 64 MiB: with OCR in
// helpers, and a turned page's searchable PDF made from its scan's bytes,
// the worker holds pages' files, not their pixels (2.6 MB allocated a
// page); at 128 MiB its heap only filled the limit (VmHWM 171–174 MB
// against 123 at 64 MiB, worker CPU unchanged). A long document's
// searchable PDF holds every page's file at once and may pass the limit
// for a moment: the GC then runs more often, capped by Go at half the
// CPU. In process (SOHOA_OCR_IN_PROCESS=1) each engine's page adds a
// helper's default.
func workerMemoryLimit(n int) error {
	def := int64(64 << 20)
	if os.Getenv("SOHOA_OCR_IN_PROCESS") == "1" {
		def += int64(n) * ocrproc.DefaultMemoryLimit
	}
	limit, from, err := memlimit.Apply("SOHOA_MEMORY_LIMIT", def)
	if err != nil {
		return err
	}
	slog.Info("memory limit", "MiB", limit>>20, "from", from)
	return nil
}

// sweepEvery is how often a worker indexes the documents the index outbox
// holds (SOHOA_INDEX_SWEEP, default 30s).
func sweepEvery() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("SOHOA_INDEX_SWEEP")); err == nil && d > 0 {
		return d
	}
	return 30 * time.Second
}

// counterPoll is how often an idle worker looks at the counter queue
// (SOHOA_COUNTER_POLL; 0: workers.CounterCheckInterval).
func counterPoll() time.Duration {
	d, _ := time.ParseDuration(os.Getenv("SOHOA_COUNTER_POLL"))
	return max(d, 0)
}
