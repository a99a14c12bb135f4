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
