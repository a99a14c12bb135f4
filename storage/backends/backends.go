// Package backends builds the configured storage.Store: S3 (MinIO) when
// SOHOA_S3_ENDPOINT is set, else a local folder under
// SOHOA_DATA_DIR/objects. It is separate from package storage because it
// imports both backends, which import storage.
package backends

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/storage/s3store"
)

// Open returns the store the configuration names.
func Open(ctx context.Context, cfg config.Config) (storage.Store, error) {
	if cfg.S3Endpoint != "" {
		return s3store.New(ctx, s3store.Config{
			Endpoint:  cfg.S3Endpoint,
			AccessKey: cfg.S3AccessKey,
			SecretKey: cfg.S3SecretKey,
			Bucket:    cfg.S3Bucket,
			UseSSL:    cfg.S3UseSSL,
			Retention: cfg.S3Retention,
		})
	}
	secret, err := URLSecret(cfg)
	if err != nil {
		return nil, err
	}
	base := ""
	if cfg.HTTPAddr != "" {
		base = "http://" + cfg.HTTPAddr
	}
	return localfs.New(filepath.Join(cfg.DataDir, "objects"), localfs.Options{Secret: secret, BaseURL: base})
}

// FileHandler serves the signed download URLs of a local store; mount it
// at localfs.URLPrefix ("/files/"). It is nil for S3, whose URLs are
// presigned and served by the S3 server itself.
func FileHandler(s storage.Store) http.Handler {
	if l, ok := s.(*localfs.Store); ok {
		return l.Handler()
	}
	return nil
}

// URLSecret is the key that signs local download URLs: SOHOA_SECRET_KEY,
// else a random key kept in DataDir/secret.key (created 0600 on first
// use; the same file cmd/sohoa's loadSecret uses for sessions).
func URLSecret(cfg config.Config) ([]byte, error) {
	if cfg.SecretKey != "" {
		return []byte(cfg.SecretKey), nil
	}
	p := filepath.Join(cfg.DataDir, "secret.key")
	if b, err := os.ReadFile(p); err == nil {
		if k := strings.TrimSpace(string(b)); k != "" {
			return []byte(k), nil
		}
		return nil, fmt.Errorf("secret key file %s is empty", p)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	k := make([]byte, 32)
	rand.Read(k)
	key := hex.EncodeToString(k)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another process created it first
		return URLSecret(cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	if _, err := f.WriteString(key + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("secret key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return []byte(key), nil
}
