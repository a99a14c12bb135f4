// Package storage is sohoa's object store: the source of truth. Originals,
// derived artefacts and document records are objects in it; everything else
// (the search index, caches) is derived and can be rebuilt from it.
//
// Two backends implement Store: S3 through minio-go (MinIO in production)
// and a local folder (the embedded default).
package storage

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrNotFound is returned (wrapped) when an object does not exist.
var ErrNotFound = errors.New("object not found")

// ErrExists is returned (wrapped) by Put with IfAbsent when the key exists.
var ErrExists = errors.New("object already exists")

// Info describes a stored object.
type Info struct {
	Key      string
	Size     int64
	Modified time.Time
	SHA256   string // hex; set when the backend recorded it at Put time
}

// PutOptions tunes one write.
type PutOptions struct {
	ContentType string
	// IfAbsent makes the write fail with ErrExists when the key exists, so
	// that write-once objects are never overwritten.
	IfAbsent bool
	// SHA256 is the expected hex digest; the backend verifies it while
	// writing and fails without leaving the object when it differs.
	SHA256 string
	// Retain asks for object-lock retention until this time where the
	// backend supports it (zero: none).
	Retain time.Time
}

// Store is the object store interface shared by all backends. Keys are
// slash-separated paths made by sohoa, never by users.
type Store interface {
	// Put writes the object atomically: readers see all of it or nothing.
	Put(ctx context.Context, key string, r io.Reader, size int64, opts PutOptions) (Info, error)
	Get(ctx context.Context, key string) (io.ReadCloser, error)
	Stat(ctx context.Context, key string) (Info, error)
	// List calls fn for every object whose key starts with prefix, in key order.
	List(ctx context.Context, prefix string, fn func(Info) error) error
	Delete(ctx context.Context, key string) error
	// DownloadURL returns a short-lived URL through which the object can be
	// read: presigned (S3) or signed and expiring (local).
	DownloadURL(ctx context.Context, key string, ttl time.Duration, filename string) (string, error)
	// Ping checks that the backend is reachable.
	Ping(ctx context.Context) error
}
