package localfs_test

import (
	"net/http/httptest"
	"testing"

	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/storage/storagetest"
)

func TestContract(t *testing.T) {
	t.Parallel()
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("test secret")})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		s.SetBaseURL(srv.URL)
		return s
	})
}
