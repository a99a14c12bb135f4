package workers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/workers"
)

// With 10,000 backfill tasks queued, a counter upload is served before
// them: it is stored and indexed while almost all of the backfill still
// waits. The backfill here is cheap on purpose (split tasks of born-digital
// documents, most of them duplicate enqueues that end in a no-op): the
// test is about ordering, not OCR.
func TestCounterServedBeforeQueuedBackfill(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ctx := context.Background()
	ids := s.textDocs(t, 9, 100, workers.LaneBackfill)
	for i := range 9900 {
		task, opts := workers.NewSplitTask(ids[i%len(ids)], workers.LaneBackfill)
		opts = append(opts, asynq.TaskID(fmt.Sprintf("bulk-%d", i))) // a later TaskID wins
		if _, err := s.client.Enqueue(task, opts...); err != nil {
			t.Fatal(err)
		}
	}
	// backfill is spread over office shards: count them all
	backfill := func() (pending, processed int) {
		for _, q := range workers.BackfillQueues() {
			if qi, err := s.insp.GetQueueInfo(q); err == nil {
				pending += qi.Pending
				processed += qi.Processed
			}
		}
		return pending, processed
	}
	if pending, _ := backfill(); pending != 10000 {
		t.Fatalf("backfill queues hold %d pending tasks, want 10000", pending)
	}

	h := &workers.Handlers{Store: s.store, Archive: s.archive, Index: s.index, Queue: s.client}
	srv := workers.NewServer(asynq.RedisClientOpt{Addr: rs.Addr()}, workers.ServerConfig{Concurrency: 2, ShutdownTimeout: 5 * time.Second})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	// the worker is busy with backfill when the citizen's paper arrives
	for {
		if _, processed := backfill(); processed >= 20 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	txt := "Đơn đề nghị cấp bản sao trích lục khai sinh của công dân Nguyễn Văn Bình"
	sub, err := s.sub.Submit(ctx, strings.NewReader(txt), int64(len(txt)), workers.Upload{Filename: "don.txt", Lane: workers.LaneCounter})
	if err != nil {
		t.Fatal(err)
	}
	s.waitDone(t, []string{sub.DocID}, time.Minute)
	pending, processed := backfill()
	t.Logf("counter document indexed with %d backfill tasks done, %d still pending", processed, pending)
	if pending < 9000 {
		t.Errorf("only %d backfill tasks left when the counter document was done: it waited behind them", pending)
	}
}

// TestBackfillIsFairBetweenOffices: a big archive of one office is queued
// first, a small one of another office after it; the small one is done
// long before the big one, because offices' backfill goes to different
// shards served with equal weights.
func TestBackfillIsFairBetweenOffices(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ctx := context.Background()
	big, small := "000.00.21.H26", ""
	for i := 0; small == ""; i++ {
		if o := fmt.Sprintf("000.00.%02d.H29", i); workers.BackfillQueue(o) != workers.BackfillQueue(big) {
			small = o
		}
	}
	submit := func(office string, n int, tag string) []string {
		var ids []string
		for i := range n {
			txt := fmt.Sprintf("BÁO CÁO\nVề việc số hóa hồ sơ lưu trữ năm 2019, tập %s-%d", tag, i)
			sub, err := s.sub.Submit(ctx, strings.NewReader(txt), int64(len(txt)), workers.Upload{Filename: "bc.txt", Lane: workers.LaneBackfill, Office: office})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, sub.DocID)
		}
		return ids
	}
	bigIDs := submit(big, 300, "a")
	smallIDs := submit(small, 10, "b")
	h := &workers.Handlers{Store: s.store, Archive: s.archive, Index: s.index, Queue: s.client}
	srv := workers.NewServer(asynq.RedisClientOpt{Addr: rs.Addr()}, workers.ServerConfig{Concurrency: 1, ShutdownTimeout: 5 * time.Second})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	s.waitDone(t, smallIDs, 2*time.Minute)
	_, bigDone := s.progress(t, bigIDs)
	t.Logf("the small office's 10 documents were done when the big office had %d of 300", bigDone)
	if bigDone > 150 {
		t.Errorf("the small office waited for %d of the big office's 300 documents", bigDone)
	}
}
