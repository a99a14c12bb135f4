package workers

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"time"

	"github.com/hibiken/asynq"
)

// CounterCheckInterval is how often an idle counter server looks at its
// queue by default. The counter queue is empty most of the time, and an
// idle Asynq server waits 0.5–1.5× this before it dequeues again, so with
// Asynq's default (1 s) each of a counter document's three tasks (split,
// page, assemble) would wait ~1 s. Polling costs CPU: measured on the
// shared 2-core machine, an idle worker and its Redis used 2.5 % of a core
// at 20 ms, 1.4 % at 50 ms, 0.4 % with Asynq's default (ADR 1105).
const CounterCheckInterval = 20 * time.Millisecond

// BackfillCheckInterval is the backfill server's idle poll. Asynq's
// default (1 s) left an OCR helper idle for up to a second whenever a
// slot found its queues empty for a moment — at the start of a batch and
// each time an assembly or the next split was enqueued just after a poll:
// 20-page batches kept the cores 82–87 % busy against plain Tesseract's
// 98 % (docs/benchmarks/throughput.md, 2026-11-27).
const BackfillCheckInterval = 100 * time.Millisecond

// LaneServers are a worker's two Asynq servers (ADR 1101): one serves only
// the counter lane, with slots of its own, so that a counter task never
// waits for a slot held by a backfill page; the other serves the backfill
// shards (ADR 0905).
type LaneServers struct {
	Counter, Backfill *asynq.Server
}

// LaneConfig sizes a worker's LaneServers.
type LaneConfig struct {
	// Counter and Backfill are the tasks each lane runs at once.
	Counter, Backfill int
	// CounterCheckInterval: 0 is CounterCheckInterval.
	CounterCheckInterval time.Duration
	// ShutdownTimeout and Log as in ServerConfig.
	ShutdownTimeout time.Duration
	Log             *slog.Logger
}

// NewLaneServers returns the servers of both lanes.
func NewLaneServers(redis asynq.RedisConnOpt, cfg LaneConfig) *LaneServers {
	backfill := maps.Clone(Queues)
	delete(backfill, LaneCounter)
	return &LaneServers{
		Counter: NewServer(redis, ServerConfig{
			Concurrency: max(cfg.Counter, 1), Queues: map[string]int{LaneCounter: 1},
			TaskCheckInterval: cmp.Or(cfg.CounterCheckInterval, CounterCheckInterval),
			ShutdownTimeout:   cfg.ShutdownTimeout, Log: cfg.Log,
		}),
		Backfill: NewServer(redis, ServerConfig{
			Concurrency: max(cfg.Backfill, 1), Queues: backfill,
			TaskCheckInterval: BackfillCheckInterval,
			ShutdownTimeout:   cfg.ShutdownTimeout, Log: cfg.Log,
		}),
	}
}

// Start starts both servers with handler h.
func (s *LaneServers) Start(h asynq.Handler) error {
	if err := s.Counter.Start(h); err != nil {
		return fmt.Errorf("counter lane: %w", err)
	}
	if err := s.Backfill.Start(h); err != nil {
		s.Counter.Shutdown()
		return fmt.Errorf("backfill lane: %w", err)
	}
	return nil
}

// Shutdown stops both servers at once: in-flight tasks finish or go back
// to their queue.
func (s *LaneServers) Shutdown() {
	var wg sync.WaitGroup
	for _, srv := range []*asynq.Server{s.Counter, s.Backfill} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv.Shutdown()
		}()
	}
	wg.Wait()
}

// Holder marks counter work in progress (*ocrproc.Pool: backfill OCR
// helpers are paused meanwhile, and pages under the returned context are
// counter pages).
type Holder interface {
	Hold(ctx context.Context) (context.Context, func())
}

// CounterFirst runs every task taken from the counter queue under a hold
// of p, from its first step to its last: a counter page gets an OCR
// helper at once, and the cores the paused backfill leaves serve its
// split, OCR, storage and assembly.
func CounterFirst(next asynq.Handler, p Holder) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		if q, _ := asynq.GetQueueName(ctx); q == LaneCounter {
			var release func()
			ctx, release = p.Hold(ctx)
			defer release()
		}
		return next.ProcessTask(ctx, t)
	})
}
