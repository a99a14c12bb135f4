package redisproc

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestStartRelativeDir starts a server in a relative data folder, as
// `sohoa demo` does with the default ./data, restarts it after a crash,
// and stops it.
func TestStartRelativeDir(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := Start(context.Background(), filepath.Join("data", "redis"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if !filepath.IsAbs(s.Dir) {
		t.Errorf("Dir %q is relative", s.Dir)
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "redis.log")); err != nil {
		t.Errorf("no log in the data folder: %v", err)
	}
	s.Kill()
	if err := s.ping(); err == nil {
		t.Fatal("server answers after Kill")
	}
	if err := s.Start(context.Background()); err != nil {
		t.Fatalf("restart: %v", err)
	}
	if err := s.ping(); err != nil {
		t.Errorf("no answer after restart: %v", err)
	}
}
