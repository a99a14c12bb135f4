// Package localfs is the local-folder backend of storage.Store: one file
// per object under a root folder, written atomically (temp file in the
// same folder, fsync, rename or link), with HMAC-signed expiring download
// URLs served by Handler.
package localfs

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// URLPrefix is the path under which Handler expects signed URLs.
const URLPrefix = "/files/"

// Options configure a Store.
type Options struct {
	// Secret signs download URLs. Required for DownloadURL.
	Secret []byte
	// BaseURL is prepended to download URLs, e.g. "http://127.0.0.1:8080".
	// Empty: URLs are host-relative ("/files/…").
	BaseURL string
}

// Store keeps objects as files under a root folder.
type Store struct {
	root string
	opts Options
	now  func() time.Time
}

var _ storage.Store = (*Store)(nil)

// New returns a store rooted at dir, creating it when missing.
func New(dir string, opts Options) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("localfs: create root: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("localfs: %w", err)
	}
	return &Store{root: abs, opts: opts, now: time.Now}, nil
}

// SetBaseURL changes the prefix of download URLs (e.g. once a listener's
// address is known).
func (s *Store) SetBaseURL(u string) { s.opts.BaseURL = strings.TrimSuffix(u, "/") }

// Root is the folder holding the objects.
func (s *Store) Root() string { return s.root }

func (s *Store) path(key string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.root, filepath.FromSlash(key)), nil
}

// Put writes the object to a temp file in the destination folder while
// hashing it, checks size and digest, fsyncs, then renames it into place
// (or links it, for IfAbsent, which fails atomically when the key exists).
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, opts storage.PutOptions) (storage.Info, error) {
	p, err := s.path(key)
	if err != nil {
		return storage.Info{}, err
	}
	if opts.IfAbsent {
		if _, err := os.Lstat(p); err == nil {
			return storage.Info{}, fmt.Errorf("put %s: %w", key, storage.ErrExists)
		}
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return storage.Info{}, fmt.Errorf("put %s: %w", key, err)
	}
	f, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		return storage.Info{}, fmt.Errorf("put %s: %w", key, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op once renamed; after link, drops the temp name
	dr := storage.NewDigestReader(r, size, strings.ToLower(opts.SHA256))
	_, err = io.Copy(f, ctxReader{ctx, dr})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return storage.Info{}, fmt.Errorf("put %s: %w", key, err)
	}
	if opts.IfAbsent {
		if err := os.Link(tmp, p); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return storage.Info{}, fmt.Errorf("put %s: %w", key, storage.ErrExists)
			}
			return storage.Info{}, fmt.Errorf("put %s: %w", key, err)
		}
	} else if err := os.Rename(tmp, p); err != nil {
		return storage.Info{}, fmt.Errorf("put %s: %w", key, err)
	}
	if !opts.Retain.IsZero() {
		// No object lock on a plain folder: read-only is the nearest hint.
		_ = os.Chmod(p, 0o440)
	}
	if err := syncDir(dir); err != nil {
		return storage.Info{}, fmt.Errorf("put %s: sync folder: %w", key, err)
	}
	return storage.Info{Key: key, Size: dr.N(), Modified: s.now(), SHA256: dr.Sum()}, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// ctxReader stops a copy when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func notFound(key string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return fmt.Errorf("%s: %w", key, storage.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", key, err)
}

// Get opens the object.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	p, err := s.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, notFound(key, err)
	}
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: %w", key, storage.ErrNotFound)
	}
	return f, nil
}

// Stat describes the object. SHA256 is left empty: a plain folder keeps
// no metadata; callers that need the digest hash the bytes.
func (s *Store) Stat(ctx context.Context, key string) (storage.Info, error) {
	p, err := s.path(key)
	if err != nil {
		return storage.Info{}, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return storage.Info{}, notFound(key, err)
	}
	if !st.Mode().IsRegular() {
		return storage.Info{}, fmt.Errorf("%s: %w", key, storage.ErrNotFound)
	}
	return storage.Info{Key: key, Size: st.Size(), Modified: st.ModTime()}, nil
}

// List walks the folder under the prefix's directory part and calls fn in
// key order. Keys are sorted explicitly: a directory walk orders "a/b"
// before "a.b", byte order does not.
func (s *Store) List(ctx context.Context, prefix string, fn func(storage.Info) error) error {
	if strings.Contains(prefix, "..") || strings.ContainsAny(prefix, "\x00\\") || strings.HasPrefix(prefix, "/") {
		return fmt.Errorf("list %q: %w", prefix, storage.ErrBadKey)
	}
	start := s.root
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		start = filepath.Join(s.root, filepath.FromSlash(prefix[:i]))
	}
	var infos []storage.Info
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		rel, err := filepath.Rel(s.root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if d.IsDir() {
			// Prune folders that cannot hold a matching key.
			if p != start && !strings.HasPrefix(key+"/", prefix) && !strings.HasPrefix(prefix, key+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !strings.HasPrefix(key, prefix) {
			return nil
		}
		st, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // deleted during the walk
			}
			return err
		}
		infos = append(infos, storage.Info{Key: key, Size: st.Size(), Modified: st.ModTime()})
		return nil
	})
	if err != nil {
		return fmt.Errorf("list %q: %w", prefix, err)
	}
	slices.SortFunc(infos, func(a, b storage.Info) int { return strings.Compare(a.Key, b.Key) })
	for _, in := range infos {
		if err := fn(in); err != nil {
			return err
		}
	}
	return nil
}

// Delete removes the object and any folders it leaves empty.
func (s *Store) Delete(ctx context.Context, key string) error {
	p, err := s.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil {
		return notFound(key, err)
	}
	for dir := filepath.Dir(p); dir != s.root && strings.HasPrefix(dir, s.root); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			break // not empty (or raced with a writer): stop
		}
	}
	return nil
}

// Ping checks that the root folder is there and writable.
func (s *Store) Ping(ctx context.Context) error {
	f, err := os.CreateTemp(s.root, ".tmp-ping-")
	if err != nil {
		return fmt.Errorf("localfs ping: %w", err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// DownloadURL returns URLPrefix+key signed with HMAC-SHA256 over key,
// expiry and filename; Handler serves it until it expires.
func (s *Store) DownloadURL(ctx context.Context, key string, ttl time.Duration, filename string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", err
	}
	if err := storage.CheckTTL(ttl); err != nil {
		return "", err
	}
	if len(s.opts.Secret) == 0 {
		return "", errors.New("localfs: no secret configured for download URLs")
	}
	exp := strconv.FormatInt(s.now().Add(ttl).Unix(), 10)
	q := url.Values{"e": {exp}, "s": {s.sign(key, exp, filename)}}
	if filename != "" {
		q.Set("n", filename)
	}
	u := url.URL{Path: URLPrefix + key, RawQuery: q.Encode()}
	return s.opts.BaseURL + u.String(), nil
}

func (s *Store) sign(key, exp, filename string) string {
	m := hmac.New(sha256.New, s.opts.Secret)
	// NUL cannot occur in keys or query values we make: unambiguous framing.
	fmt.Fprintf(m, "sohoa-download\x00%s\x00%s\x00%s", key, exp, filename)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyURL checks a signed URL's path and query and returns the key and
// download filename it grants.
func (s *Store) VerifyURL(u *url.URL) (key, filename string, err error) {
	key, ok := strings.CutPrefix(u.Path, URLPrefix)
	if !ok || storage.CheckKey(key) != nil {
		return "", "", errors.New("bad download path")
	}
	q := u.Query()
	exp, sig, filename := q.Get("e"), q.Get("s"), q.Get("n")
	if len(s.opts.Secret) == 0 || !hmac.Equal([]byte(sig), []byte(s.sign(key, exp, filename))) {
		return "", "", errors.New("bad download signature")
	}
	t, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || s.now().Unix() > t {
		return "", "", errors.New("download URL expired")
	}
	return key, filename, nil
}

// Handler serves signed download URLs; mount it at URLPrefix.
// Anything unsigned, tampered with or expired gets 403.
func (s *Store) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		key, filename, err := s.VerifyURL(r.URL)
		if err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		p, _ := s.path(key)
		f, err := os.Open(p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil || !st.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
		if filename != "" {
			w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
		}
		w.Header().Set("Cache-Control", "private, no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if w.Header().Get("Content-Type") == "" {
			if ct := mime.TypeByExtension(path.Ext(filename)); ct != "" {
				w.Header().Set("Content-Type", ct)
			} else {
				w.Header().Set("Content-Type", "application/octet-stream")
			}
		}
		http.ServeContent(w, r, "", st.ModTime(), f)
	})
}
