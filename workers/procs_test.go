package workers_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/gentext"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// Tests in this file and faults_test.go run `sohoa worker` as a separate
// process, built once from ../cmd/sohoa.

var sohoa struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	if os.Getenv("SOHOA_HELPER") == ocrproc.HelperMode { // the test binary as an OCR helper
		if err := ocrproc.Serve(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if sohoa.dir != "" {
		os.RemoveAll(sohoa.dir)
	}
	os.Exit(code)
}

// sohoaBinary builds the sohoa command once per test run.
func sohoaBinary(t *testing.T) string {
	t.Helper()
	sohoa.once.Do(func() {
		sohoa.dir, sohoa.err = os.MkdirTemp("", "sohoa-bin-")
		if sohoa.err != nil {
			return
		}
		sohoa.path = filepath.Join(sohoa.dir, "sohoa")
		out, err := exec.Command("go", "build", "-o", sohoa.path, "../cmd/sohoa").CombinedOutput()
		if err != nil {
			sohoa.err = fmt.Errorf("build sohoa: %v\n%s", err, out)
		}
	})
	if sohoa.err != nil {
		t.Fatal(sohoa.err)
	}
	return sohoa.path
}

const testSecret = "faults-test-secret-0123456789abcdef"

// site is the data of one deployment shared by the test and its worker
// processes: a Redis, a data folder (local object store and embedded
// index), or S3 when env names it.
type site struct {
	redisURL string
	dataDir  string
	env      []string // extra worker environment
	store    storage.Store
	archive  *archive.Archive
	index    *embedded.Index
	client   *asynq.Client
	insp     *asynq.Inspector
	sub      *workers.Submitter
}

func newSite(t *testing.T, redisAddr string, store storage.Store, env ...string) *site {
	t.Helper()
	dir := t.TempDir()
	if store == nil {
		s, err := localfs.New(filepath.Join(dir, "objects"), localfs.Options{Secret: []byte(testSecret)})
		if err != nil {
			t.Fatal(err)
		}
		store = s
	}
	idx, err := embedded.Open(context.Background(), filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	opt := asynq.RedisClientOpt{Addr: redisAddr}
	client := asynq.NewClient(opt)
	t.Cleanup(func() { client.Close() })
	insp := asynq.NewInspector(opt)
	t.Cleanup(func() { insp.Close() })
	arch := archive.New(store)
	return &site{
		redisURL: "redis://" + redisAddr + "/0", dataDir: dir, env: env,
		store: store, archive: arch, index: idx, client: client, insp: insp,
		sub: &workers.Submitter{Store: store, Originals: arch, Queue: client},
	}
}

// workerProc is a running `sohoa worker`.
type workerProc struct {
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
	err  error
}

func (s *site) startWorker(t *testing.T, extraEnv ...string) *workerProc {
	t.Helper()
	cmd := exec.Command(sohoaBinary(t), "worker")
	cmd.Env = append(os.Environ(),
		"SOHOA_REDIS_URL="+s.redisURL, "SOHOA_DATA_DIR="+s.dataDir,
		"SOHOA_SECRET_KEY="+testSecret, "SOHOA_OCR_WORKERS=1",
		"OMP_THREAD_LIMIT=1", "SOHOA_LOG_LEVEL=warn", "SOHOA_METRICS_ADDR=",
	)
	cmd.Env = append(cmd.Env, s.env...)
	cmd.Env = append(cmd.Env, extraEnv...)
	w := &workerProc{cmd: cmd, log: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = w.log, w.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.err = cmd.Wait(); close(w.done) }()
	t.Cleanup(func() {
		w.kill()
		if t.Failed() {
			t.Logf("worker %d log:\n%s", cmd.Process.Pid, tailLines(w.log.String(), 30))
		}
	})
	return w
}

// kill ends the worker as a crash would (SIGKILL).
func (w *workerProc) kill() {
	select {
	case <-w.done:
	default:
		w.cmd.Process.Signal(syscall.SIGKILL)
		<-w.done
	}
}

func tailLines(s string, n int) string {
	ls := strings.Split(strings.TrimSpace(s), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// textDocs submits n distinct born-digital documents (no OCR: the queue,
// storage and index are what is under test) and returns their ids.
func (s *site) textDocs(t *testing.T, seed uint64, n int, lane string) []string {
	t.Helper()
	g := gentext.New(seed)
	ids := make([]string, 0, n)
	for i := range n {
		txt := fmt.Sprintf("%s\n\nSố hồ sơ lưu trữ %d-%d", g.Doc(i).Text, seed, i)
		sub, err := s.sub.Submit(context.Background(), strings.NewReader(txt), int64(len(txt)),
			workers.Upload{Filename: fmt.Sprintf("doc-%d.txt", i), Lane: lane, Office: fmt.Sprintf("office-%d", i%3)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.DocID)
	}
	return ids
}

// progress counts documents with a record, and those indexed.
func (s *site) progress(t *testing.T, ids []string) (stored, indexed int) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		rec, err := s.archive.Latest(ctx, id)
		if err != nil {
			continue
		}
		stored++
		if rec.DuplicateOf != "" {
			indexed++ // near-duplicates are deliberately not indexed
			continue
		}
		if _, ok, _ := s.index.Get(ctx, id); ok {
			indexed++
		}
	}
	return stored, indexed
}

// waitDone waits until every document is stored and indexed.
func (s *site) waitDone(t *testing.T, ids []string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		stored, indexed := s.progress(t, ids)
		if indexed == len(ids) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %d of %d documents stored, %d indexed", timeout, stored, len(ids), indexed)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkExactlyOnce asserts one record version per document, processed,
// and as many index entries as documents.
func (s *site) checkExactlyOnce(t *testing.T, ids []string) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		vs, err := s.archive.Versions(ctx, id)
		if err != nil || len(vs) != 1 {
			t.Errorf("document %s: versions %v, %v; want exactly one", id, vs, err)
			continue
		}
		rec, err := s.archive.Latest(ctx, id)
		if err != nil || rec.Status != record.StatusProcessed {
			t.Errorf("document %s: %+v, %v", id, rec, err)
		}
	}
	if n := s.indexCount(t); n > len(ids) {
		t.Errorf("index holds %d entries for %d documents", n, len(ids))
	}
}

// indexCount counts the entries of the embedded index, read with SQL.
func (s *site) indexCount(t *testing.T) int { return indexEntries(t, s.index.Path()) }

func indexEntries(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM docs").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
