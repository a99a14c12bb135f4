package storage

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrBadKey is returned (wrapped) for a key that is not a clean relative
// slash-separated path. Keys are made by sohoa, so a bad key is a bug.
var ErrBadKey = errors.New("invalid object key")

// MaxURLTTL bounds the lifetime of download URLs.
const MaxURLTTL = 15 * time.Minute

// CheckKey rejects keys that could escape a folder or confuse a backend:
// empty, "..", leading or trailing "/", empty or "." segments, NUL,
// backslash, and segments starting with ".tmp-" (local temp files).
func CheckKey(key string) error {
	if key == "" || len(key) > 1024 {
		return fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	if strings.ContainsAny(key, "\x00\\") || strings.Contains(key, "..") ||
		strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") {
		return fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || strings.HasPrefix(seg, ".tmp-") {
			return fmt.Errorf("%w: %q", ErrBadKey, key)
		}
	}
	return nil
}

// CheckTTL enforces 0 < ttl <= MaxURLTTL.
func CheckTTL(ttl time.Duration) error {
	if ttl <= 0 || ttl > MaxURLTTL {
		return fmt.Errorf("download URL lifetime %v out of range (0, %v]", ttl, MaxURLTTL)
	}
	return nil
}
