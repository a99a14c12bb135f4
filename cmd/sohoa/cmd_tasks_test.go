package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// A task that fails for good (a document without its intake) is listed by
// `sohoa tasks` with its reason, and `tasks retry` queues it again.
func TestTasksListsFailedAndRetries(t *testing.T) {
	rs := testenv.StartRedis(t)
	t.Setenv("SOHOA_REDIS_URL", rs.URL())
	ctx := context.Background()
	store, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := embedded.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	opt := asynq.RedisClientOpt{Addr: rs.Addr()}
	client := asynq.NewClient(opt)
	defer client.Close()
	h := &workers.Handlers{Store: store, Archive: archive.New(store), Index: idx, Queue: client}
	srv := workers.NewServer(opt, workers.ServerConfig{Concurrency: 1})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	task, opts := workers.NewSplitTask("0123456789abcdef01234567", workers.LaneBackfill)
	info, err := client.Enqueue(task, opts...)
	if err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspector(opt)
	defer insp.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ti, err := insp.GetTaskInfo(workers.LaneBackfill, info.ID)
		if err == nil && ti.State == asynq.TaskStateArchived {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("task not archived: %+v %v", ti, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	srv.Shutdown() // nothing may run it again while we look

	var out bytes.Buffer
	if err := runTasks(ctx, []string{"--json"}, &out); err != nil {
		t.Fatal(err)
	}
	var got failedTask
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	if got.ID != info.ID || got.Lane != workers.LaneBackfill || got.State != "archived" ||
		got.DocID != "0123456789abcdef01234567" || !strings.Contains(got.LastError, "no intake record") {
		t.Errorf("listed %+v", got)
	}
	out.Reset()
	if err := runTasks(ctx, nil, &out); err != nil || !strings.Contains(out.String(), "no intake record") {
		t.Errorf("table: %q, %v", out.String(), err)
	}

	out.Reset()
	if err := runTasks(ctx, []string{"retry", info.ID}, &out); err != nil {
		t.Fatal(err)
	}
	ti, err := insp.GetTaskInfo(workers.LaneBackfill, info.ID)
	if err != nil || ti.State != asynq.TaskStatePending {
		t.Errorf("after retry: %+v, %v", ti, err)
	}
	if err := runTasks(ctx, []string{"retry", info.ID}, &out); err == nil {
		t.Error("retrying a pending task succeeded")
	}
	out.Reset()
	if err := runTasks(ctx, []string{"--json"}, &out); err != nil || out.Len() != 0 {
		t.Errorf("after retry still listed: %q %v", out.String(), err)
	}
	if err := insp.ArchiveTask(workers.LaneBackfill, info.ID); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runTasks(ctx, []string{"retry", "--all"}, &out); err != nil || !strings.HasPrefix(out.String(), "1 tasks") {
		t.Errorf("retry --all: %q, %v", out.String(), err)
	}
}
