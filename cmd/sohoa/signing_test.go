package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage/backends"
)

// TestVerifySignatures signs a record as the worker does, checks that
// `sohoa verify --signatures` accepts it, then edits the stored record and
// checks that verify now fails.
func TestVerifySignatures(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	t.Setenv("SOHOA_DATA_DIR", data)
	t.Setenv("SOHOA_S3_ENDPOINT", "")
	t.Setenv("SOHOA_SIGNING_KEY_DIR", filepath.Join(t.TempDir(), "keys"))
	cfg := config.FromEnv()
	if err := demoKeys(&cfg, "000.00.21.H26"); err != nil {
		t.Fatal(err)
	}
	kr, err := signing.LoadDir(keyDir(cfg))
	if err != nil {
		t.Fatal(err)
	}
	store, err := backends.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	arch := archive.New(store)
	orig, _, err := arch.PutOriginal(ctx, strings.NewReader("QUYẾT ĐỊNH"), -1, "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	rec := &record.Document{
		Schema: record.SchemaVersion, ID: "0123456789abcdef01234567", Version: 1, Status: record.StatusProcessed,
		Original: orig, DocType: "decision", Text: "QUYẾT ĐỊNH",
		Fields:    map[string]pipeline.Field{"doc_number": {Value: "56/2023/QĐ-UBND", Confidence: 0.9}},
		CreatedAt: time.Now().UTC(),
	}
	if err := signer(kr)(rec, "000.00.21.H26", "u_clerk"); err != nil {
		t.Fatal(err)
	}
	if len(rec.Signatures) != 1 {
		t.Fatalf("signatures = %v", rec.Signatures)
	}
	if err := arch.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if err := runVerify(ctx, []string{"--signatures"}); err != nil {
		t.Fatalf("verify of an untouched store: %v", err)
	}

	// Edit the stored record: the number "corrected" behind everyone's back.
	var path string
	filepath.WalkDir(filepath.Join(data, "objects", "docs"), func(p string, d os.DirEntry, err error) error {
		if strings.HasSuffix(p, "v000001.json") {
			path = p
		}
		return nil
	})
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte("56/2023"), []byte("57/2023"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	var ee exitError
	if err := runVerify(ctx, []string{"--signatures"}); !errors.As(err, &ee) || ee.code != 1 {
		t.Fatalf("verify of an edited record: %v, want exit status 1", err)
	}
}
