package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/backends"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// app is the composition root: the backends chosen by the configuration.
type app struct {
	cfg     config.Config
	secret  []byte
	store   storage.Store
	local   *localfs.Store // set when storage is the local folder
	archive *archive.Archive
	index   search.Index
	redis   asynq.RedisConnOpt
	client  *asynq.Client

	auth     *auth.Service
	keys     *signing.Keyring
	audit    *audit.Log
	dossiers *dossier.Store
}

// backendFlags adds the flags that locate the backends, over the
// environment's values.
func backendFlags(fs *flag.FlagSet, cfg *config.Config, withRedis bool) {
	if withRedis {
		fs.StringVar(&cfg.RedisURL, "redis", cfg.RedisURL, "Redis URL")
	}
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data folder")
}

// openApp opens storage and search; Redis only when needRedis.
func openApp(ctx context.Context, cfg config.Config, needRedis bool) (*app, error) {
	a := &app{cfg: cfg}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data dir: %w", err)
	}
	secret, err := backends.URLSecret(cfg)
	if err != nil {
		return nil, err
	}
	a.secret = secret
	a.store, err = backends.Open(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open storage: %w", err)
	}
	a.local, _ = a.store.(*localfs.Store)
	a.archive = archive.New(a.store)
	a.audit = audit.New(a.store, audit.Options{HeadKey: audit.HeadKeyFrom(secret)})
	a.dossiers = dossier.New(a.store)
	if a.keys, err = signing.LoadDir(keyDir(cfg)); err != nil {
		return nil, err
	}
	a.auth, err = auth.NewService(a.store, auth.Options{SecretKey: secret})
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	idx, err := openIndex(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a.index = idx
	if needRedis {
		if err := a.connectRedis(cfg.RedisURL); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

func (a *app) connectRedis(url string) error {
	if url == "" {
		return errors.New("SOHOA_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)")
	}
	opt, err := parseRedisURL(url) // redis://, rediss://, redis-sentinel://, redis-cluster://
	if err != nil {
		return fmt.Errorf("SOHOA_REDIS_URL: %w", err)
	}
	a.redis = opt
	a.client = asynq.NewClient(opt)
	return nil
}

func (a *app) Close() {
	if a.client != nil {
		a.client.Close()
	}
	if a.index != nil {
		a.index.Close()
	}
}

func (a *app) submitter() *workers.Submitter {
	return &workers.Submitter{Store: a.store, Originals: a.archive, Queue: a.client}
}

// service is the office's operations, shared by the API and the web UI.
func (a *app) service() *onestop.Service {
	return &onestop.Service{
		Store: a.store, Archive: a.archive, Index: a.index, Dossiers: a.dossiers,
		Submitter: a.submitter(), Audit: a.audit, Agency: a.cfg.Agency,
		Sign: signer(a.keys),
	}
}

func (a *app) ocrWorkers() int {
	if a.cfg.OCRWorkers > 0 {
		return a.cfg.OCRWorkers
	}
	return runtime.NumCPU()
}
