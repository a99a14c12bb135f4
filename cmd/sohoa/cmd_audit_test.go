package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureStdout runs fn with os.Stdout redirected and returns what it wrote.
func captureStdout(t *testing.T, fn func() error) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	ferr := fn()
	w.Close()
	os.Stdout = old
	return <-done, ferr
}

// The CLI round trip on a local data folder: add users (each audited),
// verify the trail, tamper with one entry file, verify again.
func TestUsersAndAuditCommands(t *testing.T) {
	data := t.TempDir()
	t.Setenv("SOHOA_DATA_DIR", data)
	t.Setenv("SOHOA_SECRET_KEY", "cli-test-secret-0123456789abcdef")
	t.Setenv("SOHOA_S3_ENDPOINT", "")
	t.Setenv("MEILI_URL", "")
	ctx := context.Background()

	out, err := captureStdout(t, func() error {
		return runUsers(ctx, []string{"add", "--role", "clerk", "--office", "000.00.21.H26", "--name", "Lê Thị Hoa"})
	})
	if err != nil || !strings.HasPrefix(out, "sohoa_") {
		t.Fatalf("users add: %q %v", out, err)
	}
	if _, err := captureStdout(t, func() error {
		return runUsers(ctx, []string{"add", "--role", "citizen", "--id-number", "12345", "--name", "X"})
	}); err == nil {
		t.Fatal("accepted a citizen with a 5-digit ID number")
	}
	out, err = captureStdout(t, func() error {
		return runUsers(ctx, []string{"add", "--role", "auditor", "--name", "Kiểm Toán"})
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err = captureStdout(t, func() error { return runAudit(ctx, []string{"verify"}) })
	if err != nil || !strings.Contains(out, "2 entries verified") || !strings.Contains(out, "OK") {
		t.Fatalf("verify: %q %v", out, err)
	}
	out, err = captureStdout(t, func() error { return runAudit(ctx, []string{"list"}) })
	if err != nil || strings.Count(out, "user_add") != 2 {
		t.Fatalf("list: %q %v", out, err)
	}

	entry := filepath.Join(data, "objects", "audit", "entries", "000000000001.json")
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(entry, []byte(strings.Replace(string(b), "role clerk", "role admin", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = captureStdout(t, func() error { return runAudit(ctx, []string{"verify"}) })
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 1 || !strings.Contains(out, "edited") {
		t.Fatalf("verify after tampering: %q %v", out, err)
	}
}

func TestKeysCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	ctx := context.Background()
	out, err := captureStdout(t, func() error {
		return runKeys(ctx, []string{"gen", "--dir", dir, "--office", "000.00.21.H26", "--clerk", "u_0123456789abcdef"})
	})
	if err != nil || !strings.Contains(out, "private: "+dir) {
		t.Fatalf("keys gen: %q %v", out, err)
	}
	out, err = captureStdout(t, func() error { return runKeys(ctx, []string{"list", "--dir", dir}) })
	if err != nil || !strings.Contains(out, "u_0123456789abcdef  true") {
		t.Fatalf("keys list: %q %v", out, err)
	}
	// Inside this repository: refused.
	wd, _ := os.Getwd()
	if _, err := captureStdout(t, func() error {
		return runKeys(ctx, []string{"gen", "--dir", filepath.Join(wd, "testdata-keys-must-not-exist"), "--office", "X1"})
	}); err == nil {
		os.RemoveAll(filepath.Join(wd, "testdata-keys-must-not-exist"))
		t.Fatal("wrote a key inside the repository")
	}
}
