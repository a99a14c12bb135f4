package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/storage/localfs"
)

func init() {
	register(command{
		name:    "serve",
		summary: "serve the HTTP API and web interface",
		run:     runServe,
	})
}

func runServe(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg := config.FromEnv()
	fs.StringVar(&cfg.HTTPAddr, "addr", cfg.HTTPAddr, "listen address")
	backendFlags(fs, &cfg, true)
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	return serveHTTP(ctx, a, cfg.HTTPAddr, nil)
}

// serveHTTP serves the API on addr until ctx is done. ready, when not nil,
// receives the bound address once listening.
func serveHTTP(ctx context.Context, a *app, addr string, ready chan<- string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	base := "http://" + ln.Addr().String()
	if a.local != nil {
		a.local.SetBaseURL(base)
	}
	srv := &http.Server{Handler: a.handler(), ReadHeaderTimeout: 10 * time.Second}
	slog.Info("serving", "url", base)
	if ready != nil {
		ready <- ln.Addr().String()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handler is the whole HTTP surface of the app.
func (a *app) handler() http.Handler {
	svc := a.service()
	s := &api.Server{Svc: svc, Auth: a.auth, Ready: a.ready}
	mux := http.NewServeMux()
	apiHandler := s.Handler()
	mux.Handle("/api/", apiHandler)
	mux.Handle("/healthz", apiHandler)
	mux.Handle("/readyz", apiHandler)
	mux.Handle("/", a.webHandler(svc)) // web interface (web.go)
	if a.local != nil {
		mux.Handle(localfs.URLPrefix, a.local.Handler())
	}
	a.mountOps(mux) // /metrics, /admin/queues (ops.go)
	return mux
}

// ready checks every backend the app depends on.
func (a *app) ready(ctx context.Context) error {
	if err := a.store.Ping(ctx); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := a.index.Ping(ctx); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if a.client != nil {
		if err := a.client.Ping(); err != nil {
			return fmt.Errorf("redis: %w", err)
		}
	}
	return nil
}
