package embedded

import (
	"context"
	"testing"

	"github.com/sohoa/sohoa/search/searchtest"
)

func openTemp(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestContract(t *testing.T) {
	searchtest.Run(t, openTemp(t))
}

// An index of an older layout is recreated empty rather than failing
// every write.
func TestOldLayoutRecreated(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.db.Exec("PRAGMA user_version = 1"); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, err = Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Upsert(context.Background(), searchtest.Corpus()[0]); err != nil {
		t.Fatalf("Upsert after recreate: %v", err)
	}
}
