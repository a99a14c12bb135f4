package storage

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// ErrDigest is returned (wrapped) when bytes do not match the SHA-256 or
// size they were expected to have.
var ErrDigest = errors.New("content does not match its digest")

// DigestReader hashes what is read through it. When a size or digest is
// expected it checks them before handing out the last bytes, so a consumer
// that stops reading at the declared size (as S3 clients do) still gets
// the error instead of a clean end, and never commits a bad object.
type DigestReader struct {
	r      io.Reader
	h      hash.Hash
	n      int64
	size   int64  // expected size, -1 unknown
	want   string // expected hex digest, "" unknown
	failed error
}

// NewDigestReader wraps r. size < 0 and want == "" disable the checks.
func NewDigestReader(r io.Reader, size int64, want string) *DigestReader {
	return &DigestReader{r: r, h: sha256.New(), size: size, want: want}
}

func (d *DigestReader) Read(p []byte) (int, error) {
	if d.failed != nil {
		return 0, d.failed
	}
	if d.size >= 0 && int64(len(p)) > d.size-d.n+1 {
		// Read at most one byte past the declared size: enough to notice
		// a longer stream without swallowing what follows.
		p = p[:d.size-d.n+1]
	}
	n, err := d.r.Read(p)
	d.h.Write(p[:n])
	d.n += int64(n)
	switch {
	case d.size >= 0 && d.n > d.size:
		d.failed = fmt.Errorf("%w: more than the declared %d bytes", ErrDigest, d.size)
	case d.size >= 0 && d.n == d.size, err == io.EOF:
		if err == io.EOF && d.size >= 0 && d.n < d.size {
			d.failed = fmt.Errorf("%w: %d bytes, want %d", ErrDigest, d.n, d.size)
		} else if d.want != "" && d.Sum() != d.want {
			d.failed = fmt.Errorf("%w: sha256 %s, want %s", ErrDigest, d.Sum(), d.want)
		}
	}
	if d.failed != nil {
		return 0, d.failed
	}
	return n, err
}

// Sum is the hex SHA-256 of the bytes read so far.
func (d *DigestReader) Sum() string { return hex.EncodeToString(d.h.Sum(nil)) }

// N is the number of bytes read so far.
func (d *DigestReader) N() int64 { return d.n }

// Err is the size or digest error found so far, if any.
func (d *DigestReader) Err() error { return d.failed }
