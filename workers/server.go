package workers

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/hibiken/asynq"
)

// ServerConfig tunes a worker process.
type ServerConfig struct {
	// Concurrency is the number of tasks run at once; pages beyond the
	// engine pool's size wait for an engine.
	Concurrency int
	// ShutdownTimeout is how long in-flight tasks may finish on SIGTERM
	// before they go back to the queue.
	ShutdownTimeout time.Duration
	// Queues served and their weights (nil: Queues, every lane).
	Queues map[string]int
	// TaskCheckInterval is how long an idle server waits before it looks
	// at its queues again (asynq: 0.5–1.5× it; 0: 1 s).
	TaskCheckInterval time.Duration
	Log               *slog.Logger
}

// NewServer returns an Asynq server serving the counter lane first and the
// backfill shards fairly (see Queues).
func NewServer(redis asynq.RedisConnOpt, cfg ServerConfig) *asynq.Server {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 30 * time.Second
	}
	if cfg.Queues == nil {
		cfg.Queues = Queues
	}
	return asynq.NewServer(redis, asynq.Config{
		Concurrency:       cfg.Concurrency,
		Queues:            cfg.Queues,
		StrictPriority:    false, // weighted: see Queues
		ShutdownTimeout:   cfg.ShutdownTimeout,
		TaskCheckInterval: cfg.TaskCheckInterval,
		RetryDelayFunc:    Backoff,
		Logger:            slogAdapter{log},
		LogLevel:          asynq.WarnLevel,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			id, _ := asynq.GetTaskID(ctx)
			log.ErrorContext(ctx, "task failed", "task", id, "type", t.Type(), "err", err)
		}),
	})
}

// Backoff is exponential with full jitter: 1 s, 2 s, 4 s … capped at 5 min.
func Backoff(n int, _ error, _ *asynq.Task) time.Duration {
	d := time.Second << min(n, 9)
	if d > 5*time.Minute {
		d = 5 * time.Minute
	}
	return d/2 + rand.N(d/2+1)
}

type slogAdapter struct{ l *slog.Logger }

func (a slogAdapter) Debug(args ...any) { a.l.Debug(fmtArgs(args)) }
func (a slogAdapter) Info(args ...any)  { a.l.Info(fmtArgs(args)) }
func (a slogAdapter) Warn(args ...any)  { a.l.Warn(fmtArgs(args)) }
func (a slogAdapter) Error(args ...any) { a.l.Error(fmtArgs(args)) }
func (a slogAdapter) Fatal(args ...any) { a.l.Error(fmtArgs(args)) }

func fmtArgs(args []any) string {
	s := ""
	for i, a := range args {
		if i > 0 {
			s += " "
		}
		s += toString(a)
	}
	return s
}

func toString(a any) string {
	if s, ok := a.(string); ok {
		return s
	}
	if e, ok := a.(error); ok {
		return e.Error()
	}
	return slog.AnyValue(a).String()
}
