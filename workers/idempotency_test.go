package workers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/workers"
)

// An upload retried by its client, tasks run again (as after a crash) and
// duplicate enqueues all end in one document with one record version and
// one index entry.
func TestRetriesAndDuplicatesEndInOneDocument(t *testing.T) {
	t.Parallel()
	s := helperSystem(t)
	ctx := context.Background()
	page := encPNG(t, titleBand(31))

	// The client retries the upload (its first answer was lost) before
	// processing is done, then once more after.
	var ids []string
	for range 3 {
		sub, err := s.sub.Submit(ctx, bytes.NewReader(page), int64(len(page)), workers.Upload{Filename: "scan.png"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.DocID)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Fatalf("retried upload gave ids %v", ids)
	}
	id := ids[0]
	// A duplicate enqueue of the same stage is refused by its id.
	task, opts := workers.NewSplitTask(id, workers.LaneCounter)
	if _, err := s.client.Enqueue(task, opts...); !errors.Is(err, asynq.ErrTaskIDConflict) {
		t.Errorf("duplicate enqueue: %v, want ErrTaskIDConflict", err)
	}
	rec := s.waitRecord(t, id, time.Minute)
	again, err := s.sub.Submit(ctx, bytes.NewReader(page), int64(len(page)), workers.Upload{Filename: "scan.png"})
	if err != nil || again.DocID != id || again.Existing == nil {
		t.Fatalf("upload after processing: %+v, %v", again, err)
	}

	// Every stage run again under a new task id, as a task whose worker
	// died after finishing its work but before Asynq recorded it.
	rerun := func(typ string, payload any) *asynq.TaskInfo {
		b, _ := json.Marshal(payload)
		info, err := s.client.Enqueue(asynq.NewTask(typ, b), asynq.Queue(workers.LaneCounter), asynq.Retention(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	infos := []*asynq.TaskInfo{
		rerun(workers.TypeSplit, workers.DocPayload{DocID: id, Lane: workers.LaneCounter}),
		rerun(workers.TypePage, workers.PagePayload{DocID: id, Page: 1, Pages: 1, Source: rec.Original, Lane: workers.LaneCounter}),
		rerun(workers.TypeAssemble, workers.AssemblePayload{DocID: id, Lane: workers.LaneCounter, Pages: 1}),
	}
	insp := asynq.NewInspector(s.redis)
	defer insp.Close()
	deadline := time.Now().Add(time.Minute)
	for _, info := range infos {
		for {
			ti, err := insp.GetTaskInfo(workers.LaneCounter, info.ID)
			if err == nil && ti.State == asynq.TaskStateCompleted {
				break
			}
			if err == nil && (ti.State == asynq.TaskStateArchived || ti.State == asynq.TaskStateRetry) {
				t.Fatalf("rerun %s failed: %s", info.Type, ti.LastErr)
			}
			if time.Now().After(deadline) {
				t.Fatalf("rerun %s not completed: %+v %v", info.Type, ti, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	vs, err := s.archive.Versions(ctx, id)
	if err != nil || len(vs) != 1 {
		t.Errorf("record versions %v, %v; want exactly one", vs, err)
	}
	if n := indexEntries(t, s.index.Path()); n != 1 {
		t.Errorf("index holds %d entries, want one", n)
	}
	if _, ok, _ := s.index.Get(ctx, id); !ok {
		t.Errorf("%s not indexed", id)
	}
}
