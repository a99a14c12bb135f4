package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage/backends"
)

// TestVerifyExportImport runs the verify, export and import commands on a
// local data folder: clean store passes, export→import into another data
// folder reproduces it, a flipped byte makes verify exit 1.
func TestVerifyExportImport(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	t.Setenv("SOHOA_DATA_DIR", src)
	t.Setenv("SOHOA_S3_ENDPOINT", "")
	s, err := backends.Open(ctx, config.FromEnv())
	if err != nil {
		t.Fatal(err)
	}
	a := archive.New(s)
	orig := bytes.Repeat([]byte("scan "), 1000)
	o, _, err := a.PutOriginal(ctx, bytes.NewReader(orig), int64(len(orig)), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	txt, err := a.PutArtefact(ctx, "d1", "text.txt", []byte("văn bản"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.PutRecord(ctx, &record.Document{ID: "d1", Version: 1, Original: o, TextObject: &txt, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := runVerify(ctx, []string{"--json"}); err != nil {
		t.Fatalf("verify of a clean store: %v", err)
	}
	exp := filepath.Join(t.TempDir(), "exp")
	if err := commands["export"].run(ctx, []string{exp}); err != nil {
		t.Fatal(err)
	}
	// the export is on the audit trail of the exported store
	var entries []audit.Entry
	err = audit.New(a.Store(), audit.Options{}).List(ctx, func(e audit.Entry) error { entries = append(entries, e); return nil })
	if err != nil || len(entries) != 1 || entries[0].Action != audit.ActionExport || entries[0].Detail != exp {
		t.Errorf("audit after export: %+v %v", entries, err)
	}
	t.Setenv("SOHOA_DATA_DIR", t.TempDir())
	if err := commands["import"].run(ctx, []string{exp}); err != nil {
		t.Fatal(err)
	}
	if err := runVerify(ctx, nil); err != nil {
		t.Fatalf("verify after import: %v", err)
	}
	d, err := openArchive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := d.Latest(ctx, "d1"); err != nil || rec.Original != o {
		t.Fatalf("imported record: %+v, %v", rec, err)
	}

	t.Setenv("SOHOA_DATA_DIR", src)
	p := filepath.Join(src, "objects", filepath.FromSlash(txt.Key))
	b, _ := os.ReadFile(p)
	b[0] ^= 1
	os.WriteFile(p, b, 0o644)
	var ee exitError
	if err := runVerify(ctx, nil); !errors.As(err, &ee) || ee.code != 1 {
		t.Fatalf("verify of a damaged store: %v, want exit 1", err)
	}
}
