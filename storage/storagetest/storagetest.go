// Package storagetest is the contract every storage.Store backend must
// meet. Backends call Run from their tests with a factory for an empty
// store.
package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Factory returns an empty store; its download URLs must be fetchable
// with a plain net/http GET.
type Factory func(t *testing.T) storage.Store

// Run runs the contract suite.
func Run(t *testing.T, newStore Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, storage.Store)
	}{
		{"PutGetExact", testPutGet},
		{"IfAbsent", testIfAbsent},
		{"DigestMismatch", testDigestMismatch},
		{"List", testList},
		{"NotFound", testNotFound},
		{"BadKeys", testBadKeys},
		{"DownloadURL", testDownloadURL},
		{"ConcurrentWrites", testConcurrent},
		{"Cancelled", testCancelled},
		{"Ping", func(t *testing.T, s storage.Store) {
			if err := s.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newStore(t)) })
	}
}

// Bytes returns n pseudo-random bytes from seed.
func Bytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		v := r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	for i := n &^ 7; i < n; i++ {
		b[i] = byte(r.Uint32())
	}
	return b
}

// Sum is the hex SHA-256 of b.
func Sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// onlyReader hides io.Seeker/io.ReaderAt so backends see a plain stream,
// as they would from an HTTP upload.
type onlyReader struct{ io.Reader }

func put(t *testing.T, s storage.Store, key string, b []byte, opts storage.PutOptions) storage.Info {
	t.Helper()
	info, err := s.Put(context.Background(), key, onlyReader{bytes.NewReader(b)}, int64(len(b)), opts)
	if err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
	return info
}

func get(t *testing.T, s storage.Store, key string) []byte {
	t.Helper()
	rc, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

func testPutGet(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		size   int
		digest bool
	}{
		{"empty", 0, true},
		{"one", 1, false},
		{"300KB", 300 << 10, true},
		{"20MB-multipart", 20 << 20, true},
		{"20MB-nodigest", 20<<20 + 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Bytes(uint64(tc.size)+7, tc.size)
			key := "obj/" + tc.name
			opts := storage.PutOptions{ContentType: "application/octet-stream"}
			if tc.digest {
				opts.SHA256 = Sum(b)
			}
			info := put(t, s, key, b, opts)
			if info.Size != int64(tc.size) || info.SHA256 != Sum(b) || info.Key != key {
				t.Errorf("put info = %+v, want size %d sha %s", info, tc.size, Sum(b))
			}
			if got := get(t, s, key); !bytes.Equal(got, b) {
				t.Fatalf("get: %d bytes (sha %s), want %d (sha %s)", len(got), Sum(got), len(b), Sum(b))
			}
			st, err := s.Stat(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if st.Size != int64(tc.size) || st.Key != key || st.Modified.IsZero() {
				t.Errorf("stat = %+v", st)
			}
			if st.SHA256 != "" && st.SHA256 != Sum(b) {
				t.Errorf("stat sha256 = %s, want %s", st.SHA256, Sum(b))
			}
		})
	}
	// Overwrite without IfAbsent replaces the whole object.
	put(t, s, "obj/over", []byte("first version"), storage.PutOptions{})
	put(t, s, "obj/over", []byte("second"), storage.PutOptions{})
	if got := string(get(t, s, "obj/over")); got != "second" {
		t.Errorf("after overwrite: %q", got)
	}
	if err := s.Delete(ctx, "obj/over"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "obj/over"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("get after delete: %v, want ErrNotFound", err)
	}
}

func testIfAbsent(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, size := range []int{10, 20 << 20} {
		key := "once/" + strconv.Itoa(size)
		a, b := Bytes(1, size), Bytes(2, size)
		put(t, s, key, a, storage.PutOptions{IfAbsent: true, SHA256: Sum(a)})
		_, err := s.Put(ctx, key, onlyReader{bytes.NewReader(b)}, int64(len(b)), storage.PutOptions{IfAbsent: true})
		if !errors.Is(err, storage.ErrExists) {
			t.Fatalf("second IfAbsent put of %d bytes: %v, want ErrExists", size, err)
		}
		if got := get(t, s, key); !bytes.Equal(got, a) {
			t.Fatalf("IfAbsent put of %d bytes changed the object", size)
		}
	}
}

func testDigestMismatch(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		size     int
		declared int64
		digest   func(b []byte) string
	}{
		{"small-wrong-sha", 1000, 1000, func(b []byte) string { return Sum(append([]byte{1}, b...)) }},
		{"20MB-wrong-sha", 20 << 20, 20 << 20, func(b []byte) string { return Sum(b[1:]) }},
		{"short-body", 1000, 2000, func(b []byte) string { return "" }},
		{"long-body", 1000, 500, func(b []byte) string { return "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Bytes(3, tc.size)
			key := "bad/" + tc.name
			_, err := s.Put(ctx, key, onlyReader{bytes.NewReader(b)}, tc.declared, storage.PutOptions{SHA256: tc.digest(b), IfAbsent: tc.size < 1000})
			if err == nil {
				t.Fatal("put with wrong digest/size succeeded")
			}
			if _, err := s.Stat(ctx, key); !errors.Is(err, storage.ErrNotFound) {
				t.Fatalf("after failed put, stat: %v, want ErrNotFound", err)
			}
			var keys []string
			s.List(ctx, "bad/", func(i storage.Info) error { keys = append(keys, i.Key); return nil })
			if len(keys) != 0 {
				t.Fatalf("after failed put, list shows %v", keys)
			}
		})
	}
	// A failed overwrite leaves the previous object intact.
	put(t, s, "bad/keep", []byte("good"), storage.PutOptions{})
	b := []byte("evil")
	if _, err := s.Put(ctx, "bad/keep", bytes.NewReader(b), 4, storage.PutOptions{SHA256: Sum([]byte("other"))}); !errors.Is(err, storage.ErrDigest) {
		t.Fatalf("overwrite with wrong digest: %v, want ErrDigest", err)
	}
	if got := string(get(t, s, "bad/keep")); got != "good" {
		t.Fatalf("failed overwrite changed object to %q", got)
	}
}

func testList(t *testing.T, s storage.Store) {
	ctx := context.Background()
	keys := []string{"a/c/d", "b", "a.b", "a/b", "a-b/x", "ab", "a/b2", "docs/1/record/v000002.json", "docs/1/record/v000001.json"}
	for i, k := range keys {
		put(t, s, k, Bytes(uint64(i), i+1), storage.PutOptions{})
	}
	list := func(prefix string) []string {
		var got []string
		err := s.List(ctx, prefix, func(in storage.Info) error {
			got = append(got, in.Key)
			if want := int64(slices.Index(keys, in.Key) + 1); in.Size != want {
				t.Errorf("list %s size %d, want %d", in.Key, in.Size, want)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("list %q: %v", prefix, err)
		}
		return got
	}
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"", []string{"a-b/x", "a.b", "a/b", "a/b2", "a/c/d", "ab", "b", "docs/1/record/v000001.json", "docs/1/record/v000002.json"}},
		{"a", []string{"a-b/x", "a.b", "a/b", "a/b2", "a/c/d", "ab"}},
		{"a/", []string{"a/b", "a/b2", "a/c/d"}},
		{"a/b", []string{"a/b", "a/b2"}},
		{"a/c/", []string{"a/c/d"}},
		{"docs/1/record/", []string{"docs/1/record/v000001.json", "docs/1/record/v000002.json"}},
		{"zz", nil},
		{"nothing/here/", nil},
	} {
		if got := list(tc.prefix); !slices.Equal(got, tc.want) {
			t.Errorf("list %q = %v, want %v", tc.prefix, got, tc.want)
		}
	}
	stop := errors.New("stop")
	n := 0
	if err := s.List(ctx, "", func(storage.Info) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("list stopping early: err %v after %d calls", err, n)
	}
}

func testNotFound(t *testing.T, s storage.Store) {
	ctx := context.Background()
	put(t, s, "here/x", []byte("x"), storage.PutOptions{})
	for _, key := range []string{"missing", "here/missing", "here/x/below"} {
		if _, err := s.Get(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("get %s: %v", key, err)
		}
		if _, err := s.Stat(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("stat %s: %v", key, err)
		}
		if err := s.Delete(ctx, key); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("delete %s: %v", key, err)
		}
	}
	// A "folder" is not an object.
	if _, err := s.Stat(ctx, "here"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("stat of a prefix: %v", err)
	}
}

func testBadKeys(t *testing.T, s storage.Store) {
	ctx := context.Background()
	for _, key := range []string{"", "../x", "a/../b", "a/..", "/abs", "a\\b", "a\x00b", "a//b", "a/", "./a", ".tmp-x"} {
		if _, err := s.Put(ctx, key, strings.NewReader("x"), 1, storage.PutOptions{}); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("put %q: %v, want ErrBadKey", key, err)
		}
		if _, err := s.Get(ctx, key); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("get %q: %v, want ErrBadKey", key, err)
		}
		if _, err := s.DownloadURL(ctx, key, time.Minute, ""); !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("download URL %q: %v, want ErrBadKey", key, err)
		}
	}
}

func fetch(t *testing.T, u string) (int, []byte, http.Header) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func testDownloadURL(t *testing.T, s storage.Store) {
	ctx := context.Background()
	b := Bytes(9, 100<<10)
	put(t, s, "originals/sha256/x/orig", b, storage.PutOptions{ContentType: "image/png"})
	put(t, s, "originals/sha256/x/other", []byte("other"), storage.PutOptions{})

	if _, err := s.DownloadURL(ctx, "originals/sha256/x/orig", time.Hour, ""); err == nil {
		t.Error("an hour-long URL was issued; want at most storage.MaxURLTTL")
	}
	u, err := s.DownloadURL(ctx, "originals/sha256/x/orig", time.Minute, "hồ sơ 1.png")
	if err != nil {
		t.Fatal(err)
	}
	code, got, h := fetch(t, u)
	if code != http.StatusOK || !bytes.Equal(got, b) {
		t.Fatalf("GET signed URL: %d, %d bytes (want 200, %d bytes)", code, len(got), len(b))
	}
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition = %q", cd)
	}

	// Tampering: another key under the same signature, a changed
	// signature, a later expiry, a dropped signature.
	pu, _ := url.Parse(u)
	tampered := []func(*url.URL){
		func(v *url.URL) { v.Path = strings.Replace(v.Path, "/orig", "/other", 1); v.RawPath = "" },
		func(v *url.URL) {
			q := v.Query()
			for k := range q {
				if s := q.Get(k); len(s) == 64 && strings.Trim(s, "0123456789abcdef") == "" {
					q.Set(k, strings.Repeat("0", 64))
				}
			}
			v.RawQuery = q.Encode()
		},
		func(v *url.URL) {
			q := v.Query()
			for k := range q {
				if strings.EqualFold(k, "e") || strings.EqualFold(k, "X-Amz-Expires") {
					q.Set(k, "600")
					if k == "e" {
						q.Set(k, "99999999999")
					}
				}
			}
			v.RawQuery = q.Encode()
		},
		func(v *url.URL) { v.RawQuery = "" },
	}
	for i, tamper := range tampered {
		v := *pu
		tamper(&v)
		if v.String() == u {
			t.Fatalf("tamper %d changed nothing", i)
		}
		if code, _, _ := fetch(t, v.String()); code == http.StatusOK {
			t.Errorf("tampered URL %d (%s) served: %d", i, v.String(), code)
		}
	}

	short, err := s.DownloadURL(ctx, "originals/sha256/x/orig", time.Second, "")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2100 * time.Millisecond)
	if code, _, _ := fetch(t, short); code == http.StatusOK {
		t.Errorf("expired URL served")
	}
}

func testConcurrent(t *testing.T, s storage.Store) {
	ctx := context.Background()
	const n = 6
	bodies := make([][]byte, n)
	for i := range bodies {
		bodies[i] = Bytes(uint64(100+i), 256<<10)
	}
	for _, ifAbsent := range []bool{false, true} {
		key := "race/plain"
		if ifAbsent {
			key = "race/once"
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				_, errs[i] = s.Put(ctx, key, onlyReader{bytes.NewReader(bodies[i])}, int64(len(bodies[i])),
					storage.PutOptions{IfAbsent: ifAbsent, SHA256: Sum(bodies[i])})
			})
		}
		wg.Wait()
		got := get(t, s, key)
		winner := slices.IndexFunc(bodies, func(b []byte) bool { return bytes.Equal(b, got) })
		if winner < 0 {
			t.Fatalf("ifAbsent=%v: stored object is none of the written bodies (torn write)", ifAbsent)
		}
		ok := 0
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case ifAbsent && errors.Is(err, storage.ErrExists):
			default:
				t.Errorf("ifAbsent=%v writer %d: %v", ifAbsent, i, err)
			}
		}
		if ifAbsent && (ok != 1 || errs[winner] != nil) {
			t.Errorf("IfAbsent: %d writers succeeded (want 1, the one stored: %d, err %v)", ok, winner, errs[winner])
		}
		if !ifAbsent && ok != n {
			t.Errorf("plain: %d of %d writers succeeded", ok, n)
		}
	}
}

func testCancelled(t *testing.T, s storage.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := Bytes(5, 1<<20)
	if _, err := s.Put(ctx, "cancelled/x", onlyReader{bytes.NewReader(b)}, int64(len(b)), storage.PutOptions{}); err == nil {
		t.Fatal("put with a cancelled context succeeded")
	}
	if _, err := s.Stat(context.Background(), "cancelled/x"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("after cancelled put, stat: %v", err)
	}
}
