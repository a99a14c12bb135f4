package backends

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/embedded"
)

func TestOpenEmbedded(t *testing.T) {
	dir := t.TempDir()
	ix, err := search.Open(context.Background(), config.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	e, ok := ix.(*embedded.Index)
	if !ok {
		t.Fatalf("Open returned %T, want *embedded.Index", ix)
	}
	if want := filepath.Join(dir, "index", embedded.FileName); e.Path() != want {
		t.Errorf("path %s, want %s", e.Path(), want)
	}
}

func TestOpenMeiliUnreachable(t *testing.T) {
	// A closed port: Open must fail (after its retries), not fall back.
	ctx, cancel := context.WithTimeout(context.Background(), 10e9)
	defer cancel()
	if _, err := search.Open(ctx, config.Config{MeiliURL: "http://127.0.0.1:1", DataDir: t.TempDir()}); err == nil {
		t.Fatal("Open with an unreachable MEILI_URL succeeded")
	}
}
