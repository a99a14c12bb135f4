package s3store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/s3store"
	"github.com/sohoa/sohoa/storage/storagetest"
)

func TestContract(t *testing.T) {
	m := testenv.StartMinIO(t)
	var n atomic.Int32
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, err := s3store.New(context.Background(), s3store.Config{
			Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey,
			Bucket: fmt.Sprintf("contract-%d", n.Add(1)),
		})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
