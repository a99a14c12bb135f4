package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/sohoa/sohoa/internal/metrics"
	"github.com/sohoa/sohoa/workers"
)

// adminQueuesPath is where the Asynq dashboard is mounted.
const adminQueuesPath = "/admin/queues"

// mountOps adds the operations endpoints of the API process to mux:
// /metrics (with the cluster-wide queue depth, read from Redis) and the
// Asynq dashboard for admins.
func (a *app) mountOps(mux *http.ServeMux) {
	var extra []prometheus.Collector
	if a.redis != nil {
		extra = append(extra, metrics.NewQueueCollector(asynq.NewInspector(a.redis), workers.AllQueues()...))
	}
	reg, err := metrics.NewRegistry(extra...)
	if err != nil {
		// only a collector registered twice can get here: a programming error
		slog.Error("metrics registry", "err", err)
		return
	}
	mux.Handle("GET /metrics", a.metricsGuard(metrics.Handler(reg)))
	if a.redis != nil {
		mon := asynqmon.New(asynqmon.Options{RootPath: adminQueuesPath, RedisConnOpt: a.redis})
		mux.Handle(adminQueuesPath+"/", a.adminOnly(mon))
	}
}

// instrument times every task and counts its errors (see
// metrics.TaskMiddleware), and puts the document id in the context for the
// logs (logging.go).
func instrument(mux *asynq.ServeMux) *asynq.ServeMux {
	mux.Use(withDocID, metrics.TaskMiddleware)
	return mux
}

// serveWorkerOps serves a worker's /metrics and /healthz on addr until ctx
// is done. A worker has no other HTTP surface; its health is its Redis.
// Queue depth is left to the API process so that it is reported once.
func serveWorkerOps(ctx context.Context, a *app, addr string) error {
	h, err := a.workerOpsHandler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("metrics listener %s: %w", addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	slog.Info("serving worker metrics", "addr", ln.Addr().String())
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (a *app) workerOpsHandler() (http.Handler, error) {
	reg, err := metrics.NewRegistry()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.metricsGuard(metrics.Handler(reg)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if a.client != nil {
			if err := a.client.Ping(); err != nil {
				http.Error(w, "redis: "+err.Error(), http.StatusServiceUnavailable)
				return
			}
		}
		fmt.Fprintln(w, "ok")
	})
	return mux, nil
}
