package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	register(command{
		name:    "worker",
		summary: "run the Asynq worker that processes queued pages",
		run:     runWorker,
	})
}

func runWorker(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	cfg := config.FromEnv()
	backendFlags(fs, &cfg, true)
	fs.IntVar(&cfg.OCRWorkers, "ocr-workers", cfg.OCRWorkers, "pages OCR'd at once (default: cores)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := workerMemoryLimit(a.ocrWorkers()); err != nil {
		return err
	}
	srv, pool, err := startWorker(ctx, a)
	if err != nil {
		return err
	}
	defer pool.Close()
	slog.Info("worker started", "ocr_engines", pool.Size(), "queues", workers.Queues)
	if cfg.MetricsAddr != "" { // ops.go
		go func() {
			if err := serveWorkerOps(ctx, a, cfg.MetricsAddr); err != nil {
				slog.Error("worker metrics", "err", err)
			}
		}()
	}
	<-ctx.Done()
	slog.Info("worker stopping: in-flight tasks finish or go back to the queue")
	srv.Shutdown()
	return nil
}

// startWorker starts the Asynq servers of both lanes with the task
// handlers of a (ADR 1101).
func startWorker(ctx context.Context, a *app) (*workers.LaneServers, pagePool, error) {
	n := a.ocrWorkers()
	pages, engines, pool, err := newPagePool(n) // worker_reliability.go
	if err != nil {
		return nil, nil, err
	}
	h := &workers.Handlers{
		Store: a.store, Archive: a.archive, Index: a.index, Queue: a.client,
		Engines: engines, Pages: pages, OCREngine: "tesseract vie", Sign: signer(a.keys),
	}
	var handler asynq.Handler = instrument(h.Mux())
	if hp, ok := pages.(workers.HelperPages); ok {
		// counter tasks pause the backfill's OCR helpers while they run
		handler = workers.CounterFirst(handler, hp.Pool)
	}
	// Backfill: one more slot than engines so that its light tasks (split,
	// assemble) run while every engine is busy. Counter: its own slots, a
	// page on the spare helper and a light task.
	srv := workers.NewLaneServers(a.redis, workers.LaneConfig{
		Counter: counterSpare + 1, Backfill: n + 1, CounterCheckInterval: counterPoll(),
	})
	if err := srv.Start(workers.WithTimeout(handler, a.cfg.TaskTimeout)); err != nil {
		pool.Close()
		return nil, nil, fmt.Errorf("start worker: %w", err)
	}
	go h.RunIndexSweeper(ctx, sweepEvery()) // the index catches up after an outage
	return srv, pool, nil
}
