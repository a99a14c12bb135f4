package workers_test

import (
	"bytes"
	"context"
	"database/sql"
	"image/png"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/s3store"
	"github.com/sohoa/sohoa/workers"
)

// waitStored waits until at least n of ids have a record.
func (s *site) waitStored(t *testing.T, ids []string, n int, timeout time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		stored, _ := s.progress(t, ids)
		if stored >= n {
			return stored
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d documents stored after %v", stored, n, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitWorkers waits until n worker processes serve the queues.
func (s *site) waitWorkers(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if srvs, err := s.insp.Servers(); err == nil && len(srvs) >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("fewer than %d workers up after a minute", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *site) noFailedTasks(t *testing.T) {
	t.Helper()
	for _, q := range []string{workers.LaneCounter, workers.LaneBackfill} {
		archived, _ := s.insp.ListArchivedTasks(q)
		for _, ti := range archived {
			t.Errorf("archived task %s (%s): %s", ti.ID, ti.Type, ti.LastErr)
		}
	}
}

// A worker killed with SIGKILL in the middle of a batch of 200 documents,
// then another started: every document ends with exactly one record and
// one index entry. The tasks the dead worker held come back when their
// Redis lease expires (Asynq: ~60 s), which sets this test's length.
func TestKillWorkerMidBatchEveryDocumentOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("waits ~60 s for Asynq's lease recovery")
	}
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ids := s.textDocs(t, 1, 200, workers.LaneBackfill)
	a := s.startWorker(t)
	s.waitStored(t, ids, 20, 2*time.Minute)
	a.kill()
	stored, _ := s.progress(t, ids)
	t.Logf("worker killed with %d of %d documents stored", stored, len(ids))
	if stored == len(ids) {
		t.Fatal("the batch finished before the kill: nothing was tested")
	}
	s.startWorker(t)
	s.waitDone(t, ids, 3*time.Minute)
	s.checkExactlyOnce(t, ids)
	if n := s.indexCount(t); n > len(ids) {
		t.Errorf("%d index entries", n)
	}
	s.noFailedTasks(t)
}

// SIGTERM while a page is being OCR'd: the worker exits cleanly (exit 0)
// and leaves no task behind as active; the next worker finishes the batch
// with one record per document.
func TestSIGTERMFinishesOrRequeuesInFlight(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ctx := context.Background()
	t0 := time.Now()
	var ids []string
	for i := range 3 {
		sample := corpus.Render(int64(40+i), 0, corpus.Options{DPI: 100, Types: []string{"decision"}})
		var buf bytes.Buffer
		if err := png.Encode(&buf, sample.Image); err != nil {
			t.Fatal(err)
		}
		sub, err := s.sub.Submit(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), workers.Upload{Filename: "qd.png"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.DocID)
	}
	w := s.startWorker(t)
	deadline := time.Now().Add(time.Minute)
	for {
		active, _ := s.insp.ListActiveTasks(workers.LaneCounter)
		if slices.ContainsFunc(active, func(ti *asynq.TaskInfo) bool { return ti.Type == workers.TypePage }) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no page task became active")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("%v: page in flight: SIGTERM", time.Since(t0))
	w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(45 * time.Second):
		t.Fatal("worker still running 45 s after SIGTERM")
	}
	if w.err != nil {
		t.Errorf("worker exit after SIGTERM: %v", w.err)
	}
	for _, q := range []string{workers.LaneCounter, workers.LaneBackfill} {
		if active, _ := s.insp.ListActiveTasks(q); len(active) != 0 {
			t.Errorf("%d tasks left active in %s after a clean shutdown", len(active), q)
		}
	}
	t.Logf("%v: worker exited; starting another", time.Since(t0))
	s.startWorker(t)
	s.waitDone(t, ids, 2*time.Minute)
	t.Logf("%v: all done", time.Since(t0))
	s.checkExactlyOnce(t, ids)
	s.noFailedTasks(t)
}

// Redis (AOF on) restarted in the middle of a batch: no task is lost.
func TestRedisRestartMidBatchLosesNoTask(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ids := s.textDocs(t, 2, 100, workers.LaneBackfill)
	s.startWorker(t)
	s.waitStored(t, ids, 10, 2*time.Minute)
	rs.Stop()
	time.Sleep(2 * time.Second)
	if err := rs.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.waitDone(t, ids, 3*time.Minute)
	s.checkExactlyOnce(t, ids)
	s.noFailedTasks(t)
}

// The S3 server stopped for 30 s while the worker has a batch: tasks fail,
// back off (exponentially, with jitter) and complete once it is back, each
// exactly once.
func TestS3OutageTasksWaitAndComplete(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	m := testenv.StartMinIO(t)
	ctx := context.Background()
	cfg := s3store.Config{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "sohoa-faults"}
	st, err := s3store.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, rs.Addr(), st,
		"SOHOA_S3_ENDPOINT="+m.Endpoint, "SOHOA_S3_ACCESS_KEY="+m.AccessKey,
		"SOHOA_S3_SECRET_KEY="+m.SecretKey, "SOHOA_S3_BUCKET="+cfg.Bucket)
	ids := s.textDocs(t, 3, 30, workers.LaneCounter)
	s.startWorker(t)
	s.waitWorkers(t, 1)
	m.Stop()
	time.Sleep(30 * time.Second)
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	s.waitDone(t, ids, 2*time.Minute)
	s.checkExactlyOnce(t, ids)
	s.noFailedTasks(t)
}

// The search index refuses writes (another process holds its write lock)
// while documents are assembled: they are stored all the same, wait in the
// outbox, and are indexed by the worker's sweeper once the lock is gone.
func TestIndexOutageDocumentsStoredAndIndexCatchesUp(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out SQLite's 15 s busy timeout")
	}
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+s.index.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s.startWorker(t, "SOHOA_INDEX_SWEEP=1s")
	s.waitWorkers(t, 1)
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	ids := s.textDocs(t, 4, 2, workers.LaneCounter)
	s.waitStored(t, ids, len(ids), time.Minute)
	// stored but not indexed: each waits in the outbox
	deadline := time.Now().Add(time.Minute)
	for {
		n := 0
		s.store.List(ctx, "outbox/index/", func(storage.Info) error { n++; return nil })
		if n == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d outbox markers, want %d", n, len(ids))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, indexed := s.progress(t, ids); indexed != 0 {
		t.Fatalf("%d documents indexed while the index was locked", indexed)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	s.waitDone(t, ids, time.Minute)
	n := 0
	s.store.List(ctx, "outbox/index/", func(storage.Info) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d outbox markers left", n)
	}
	for _, q := range []string{workers.LaneCounter, workers.LaneBackfill} {
		if retry, _ := s.insp.ListRetryTasks(q); len(retry) != 0 {
			t.Errorf("%d tasks waiting for retry: the outbox should have taken the failure", len(retry))
		}
	}
	s.noFailedTasks(t)
}
