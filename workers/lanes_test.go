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
	qi, err := s.insp.GetQueueInfo(workers.LaneBackfill)
	if err != nil || qi.Pending != 10000 {
		t.Fatalf("backfill queue: %+v, %v", qi, err)
	}

	h := &workers.Handlers{Store: s.store, Archive: s.archive, Index: s.index, Queue: s.client}
	srv := workers.NewServer(asynq.RedisClientOpt{Addr: rs.Addr()}, workers.ServerConfig{Concurrency: 2, ShutdownTimeout: 5 * time.Second})
	if err := srv.Start(h.Mux()); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	// the worker is busy with backfill when the citizen's paper arrives
	for {
		qi, _ := s.insp.GetQueueInfo(workers.LaneBackfill)
		if qi != nil && qi.Processed >= 20 {
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
	qi, err = s.insp.GetQueueInfo(workers.LaneBackfill)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("counter document indexed with %d backfill tasks done, %d still pending", qi.Processed, qi.Pending)
	if qi.Pending < 9000 {
		t.Errorf("only %d backfill tasks left when the counter document was done: it waited behind them", qi.Pending)
	}
}
