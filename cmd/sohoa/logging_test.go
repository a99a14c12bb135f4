package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/workers"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestTaskLogs runs a task through a real Asynq server and checks that a
// line the handler logs carries the task id, lane and document id.
func TestTaskLogs(t *testing.T) {
	rs := testenv.StartRedis(t)
	opt, err := asynq.ParseRedisURI(rs.URL())
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	log := slog.New(taskLogHandler{slog.NewJSONHandler(&out, nil)})
	done := make(chan struct{})
	mux := asynq.NewServeMux()
	mux.HandleFunc(workers.TypeAssemble, func(ctx context.Context, _ *asynq.Task) error {
		log.InfoContext(ctx, "document stored", "version", 1)
		close(done)
		return nil
	})
	srv := workers.NewServer(opt, workers.ServerConfig{Concurrency: 1, Log: log})
	if err := srv.Start(instrument(mux)); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	client := asynq.NewClient(opt)
	defer client.Close()
	payload := `{"doc_id":"abc123","lane":"backfill","pages":1}`
	if _, err := client.Enqueue(asynq.NewTask(workers.TypeAssemble, []byte(payload)), asynq.TaskID("doc:assemble-t1"), asynq.Queue(workers.LaneBackfill)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("task did not run")
	}
	for _, line := range strings.Split(out.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "document stored" {
			continue
		}
		for k, want := range map[string]any{"task": "doc:assemble-t1", "lane": "backfill", "doc": "abc123", "version": 1.0} {
			if rec[k] != want {
				t.Errorf("log %s = %v, want %v (line %s)", k, rec[k], want, line)
			}
		}
		return
	}
	t.Fatalf("no log line from the task in:\n%s", out.String())
}
