package testenv

import (
	"context"
	"testing"

	"github.com/sohoa/sohoa/internal/redisproc"
)

// StartRedis starts a real redis-server on a free loopback port for the
// test and stops it when the test ends.
func StartRedis(t testing.TB) *redisproc.Server {
	t.Helper()
	s, err := redisproc.Start(context.Background(), t.TempDir())
	if err != nil {
		t.Fatalf("start redis: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}
