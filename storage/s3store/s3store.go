// Package s3store is the S3 backend of storage.Store, through minio-go v7
// (MinIO in production). Writes are single atomic PUTs or multipart
// uploads that only become visible on completion; a digest mismatch or a
// cancelled context aborts them before anything is visible.
package s3store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/sohoa/sohoa/storage"
)

// Config locates the bucket.
type Config struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	Bucket    string
	UseSSL    bool
	Region    string
	// Retention is the object-lock retention applied to originals (by
	// internal/archive through Retention()). When > 0, a missing bucket is
	// created with object lock enabled; on an existing bucket without
	// object lock it is ignored with a warning. See ADR 0301.
	Retention time.Duration
	// RetentionMode is "COMPLIANCE" (default: nobody, root included, can
	// delete or shorten it) or "GOVERNANCE" (privileged users can).
	RetentionMode string
	// Transport overrides the HTTP transport (tests).
	Transport http.RoundTripper
}

// shaMeta is the user metadata holding the hex SHA-256 given at Put.
const shaMeta = "Sha256"

// Store is a bucket.
type Store struct {
	c         *minio.Client
	bucket    string
	retention time.Duration
	mode      minio.RetentionMode
}

var _ storage.Store = (*Store)(nil)

// New connects to the endpoint and creates the bucket when missing.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("s3store: no bucket")
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:    cfg.UseSSL,
		Region:    cfg.Region,
		Transport: cfg.Transport,
		// Trailing checksums let object-locked buckets accept streamed
		// PUTs without buffering the whole body for a Content-MD5.
		TrailingHeaders: true,
	})
	if err != nil {
		return nil, fmt.Errorf("s3store: client: %w", err)
	}
	s := &Store{c: c, bucket: cfg.Bucket, retention: cfg.Retention, mode: minio.Compliance}
	if strings.EqualFold(cfg.RetentionMode, "GOVERNANCE") {
		s.mode = minio.Governance
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	for err != nil && isCode(err, "XMinioServerNotInitialized") {
		// A MinIO that just started answers before its IAM is loaded.
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("s3store: bucket %s: %w", cfg.Bucket, err)
		case <-time.After(200 * time.Millisecond):
		}
		ok, err = c.BucketExists(ctx, cfg.Bucket)
	}
	if err != nil {
		return nil, fmt.Errorf("s3store: bucket %s: %w", cfg.Bucket, err)
	}
	if !ok {
		err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region, ObjectLocking: cfg.Retention > 0})
		if err != nil && !isCode(err, "BucketAlreadyOwnedByYou") {
			return nil, fmt.Errorf("s3store: create bucket %s: %w", cfg.Bucket, err)
		}
	}
	if s.retention > 0 {
		enabled, _, _, _, err := c.GetObjectLockConfig(ctx, cfg.Bucket)
		if err != nil || enabled != "Enabled" {
			slog.Warn("s3store: bucket has no object lock; originals stored without retention", "bucket", cfg.Bucket, "err", err)
			s.retention = 0
		}
	}
	return s, nil
}

// Retention is the object-lock retention originals get (0: none).
func (s *Store) Retention() time.Duration { return s.retention }

// Client exposes the minio-go client (benchmarks, tests).
func (s *Store) Client() *minio.Client { return s.c }

func isCode(err error, code string) bool {
	return minio.ToErrorResponse(err).Code == code
}

func mapErr(op, key string, err error) error {
	if err == nil {
		return nil
	}
	r := minio.ToErrorResponse(err)
	switch {
	case r.Code == "NoSuchKey" || r.StatusCode == http.StatusNotFound && r.Code != "NoSuchBucket":
		return fmt.Errorf("%s %s: %w", op, key, storage.ErrNotFound)
	case r.StatusCode == http.StatusPreconditionFailed || r.Code == "PreconditionFailed":
		return fmt.Errorf("%s %s: %w", op, key, storage.ErrExists)
	}
	return fmt.Errorf("%s %s: %w", op, key, err)
}

// Put uploads the object. The body is hashed on the way out and the
// upload fails (nothing committed) when it differs from opts.SHA256 or
// size. IfAbsent sends If-None-Match: * on a single PUT (up to 5 GiB), so
// the server decides atomically; multipart completion would not carry the
// condition in minio-go v7.4.1.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts storage.PutOptions) (storage.Info, error) {
	if err := storage.CheckKey(key); err != nil {
		return storage.Info{}, err
	}
	want := strings.ToLower(opts.SHA256)
	dr := storage.NewDigestReader(r, size, want)
	po := minio.PutObjectOptions{ContentType: opts.ContentType}
	if want != "" {
		po.UserMetadata = map[string]string{shaMeta: want}
	}
	if opts.IfAbsent {
		po.SetMatchETagExcept("*")
		po.DisableMultipart = true
	}
	if !opts.Retain.IsZero() && s.retention > 0 {
		po.Mode = s.mode
		po.RetainUntilDate = opts.Retain.UTC()
	}
	info, err := s.c.PutObject(ctx, s.bucket, key, dr, size, po)
	if err != nil {
		if derr := dr.Err(); derr != nil {
			return storage.Info{}, fmt.Errorf("put %s: %w", key, derr)
		}
		return storage.Info{}, mapErr("put", key, err)
	}
	return storage.Info{Key: key, Size: info.Size, Modified: info.LastModified, SHA256: dr.Sum()}, nil
}

// Get opens the object; a missing key is reported here, not at first read.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := storage.CheckKey(key); err != nil {
		return nil, err
	}
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, mapErr("get", key, err)
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, mapErr("get", key, err)
	}
	return obj, nil
}

// Stat describes the object, with the SHA-256 recorded at Put if any.
func (s *Store) Stat(ctx context.Context, key string) (storage.Info, error) {
	if err := storage.CheckKey(key); err != nil {
		return storage.Info{}, err
	}
	oi, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return storage.Info{}, mapErr("stat", key, err)
	}
	return storage.Info{Key: key, Size: oi.Size, Modified: oi.LastModified, SHA256: oi.UserMetadata[shaMeta]}, nil
}

// List lists recursively; S3 returns keys in byte order.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing goroutine when fn returns early
	for oi := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if oi.Err != nil {
			return mapErr("list", prefix, oi.Err)
		}
		if err := fn(storage.Info{Key: oi.Key, Size: oi.Size, Modified: oi.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Delete removes the object. On an object-locked (versioned) bucket this
// only adds a delete marker: retained versions stay.
func (s *Store) Delete(ctx context.Context, key string) error {
	if _, err := s.Stat(ctx, key); err != nil {
		return err
	}
	return mapErr("delete", key, s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}))
}

// DownloadURL presigns a GET valid for ttl (at most storage.MaxURLTTL).
func (s *Store) DownloadURL(ctx context.Context, key string, ttl time.Duration, filename string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", err
	}
	if err := storage.CheckTTL(ttl); err != nil {
		return "", err
	}
	q := url.Values{}
	if filename != "" {
		q.Set("response-content-disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	}
	u, err := s.c.PresignedGetObject(ctx, s.bucket, key, ttl, q)
	if err != nil {
		return "", mapErr("presign", key, err)
	}
	return u.String(), nil
}

// Ping checks that the bucket answers.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3 ping: %w", err)
	}
	if !ok {
		return fmt.Errorf("s3 ping: bucket %s missing", s.bucket)
	}
	return nil
}
