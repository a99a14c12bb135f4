package backends_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/backends"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/storage/s3store"
)

func TestOpenLocal(t *testing.T) {
	cfg := config.Config{DataDir: t.TempDir(), HTTPAddr: "127.0.0.1:8080"}
	s, err := backends.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*localfs.Store); !ok {
		t.Fatalf("no S3 endpoint: got %T, want *localfs.Store", s)
	}
	// The generated URL key persists: a URL signed before a restart still
	// verifies after it.
	if _, err := s.Put(context.Background(), "a/b", bytes.NewReader([]byte("hello")), 5, storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	u, err := s.DownloadURL(context.Background(), "a/b", time.Minute, "")
	if err != nil {
		t.Fatal(err)
	}
	s2, err := backends.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(backends.FileHandler(s2))
	defer srv.Close()
	pu, err := url.Parse(u)
	if err != nil || pu.Host != cfg.HTTPAddr {
		t.Fatalf("URL %s does not point at SOHOA_HTTP_ADDR (%v)", u, err)
	}
	resp, err := http.Get(srv.URL + pu.RequestURI())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "hello" {
		t.Fatalf("GET after reopen: %d %q", resp.StatusCode, b)
	}
}

func TestOpenS3(t *testing.T) {
	m := testenv.StartMinIO(t)
	s, err := backends.Open(context.Background(), config.Config{
		S3Endpoint: m.Endpoint, S3AccessKey: m.AccessKey, S3SecretKey: m.SecretKey, S3Bucket: "opened",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*s3store.Store); !ok {
		t.Fatalf("got %T, want *s3store.Store", s)
	}
	if backends.FileHandler(s) != nil {
		t.Error("S3 store has a local file handler")
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}
