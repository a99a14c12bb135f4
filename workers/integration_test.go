package workers_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// system is a worker and its backends on a real Redis, a local-folder
// store and the embedded index.
type system struct {
	redis   *asynq.RedisClientOpt
	client  *asynq.Client
	archive *archive.Archive
	index   *embedded.Index
	sub     *workers.Submitter
}

// startSystem runs OCR in-process, one Tesseract engine.
func startSystem(t *testing.T) *system {
	t.Helper()
	pool, err := workers.NewEnginePool(1, func() (pipeline.Engine, error) {
		return pipeline.NewTesseract(pipeline.TesseractOptions{})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	return startSystemWith(t, func(h *workers.Handlers) asynq.Handler {
		h.Engines = pool
		return h.Mux()
	})
}

// startSystemWith starts the system with handlers completed by setup,
// which returns what the server runs.
func startSystemWith(t *testing.T, setup func(*workers.Handlers) asynq.Handler) *system {
	t.Helper()
	ctx := context.Background()
	rs := testenv.StartRedis(t)
	store, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("test")})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := embedded.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	opt := &asynq.RedisClientOpt{Addr: rs.Addr()}
	client := asynq.NewClient(opt)
	t.Cleanup(func() { client.Close() })
	arch := archive.New(store)
	arch.SetTempDir(t.TempDir())
	h := &workers.Handlers{Store: store, Archive: arch, Index: idx, Queue: client}
	srv := workers.NewServer(opt, workers.ServerConfig{Concurrency: 2, ShutdownTimeout: 5 * time.Second})
	if err := srv.Start(setup(h)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	return &system{
		redis: opt, client: client, archive: arch, index: idx,
		sub: &workers.Submitter{Store: store, Originals: arch, Queue: client},
	}
}

// waitRecord waits until the document has a record and an index entry.
func (s *system) waitRecord(t *testing.T, id string, timeout time.Duration) *record.Document {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		rec, err := s.archive.Latest(ctx, id)
		if err == nil && rec.Status != record.StatusProcessed {
			t.Fatalf("document %s: status %s: %s", id, rec.Status, rec.Error)
		}
		if err == nil && rec.DuplicateOf != "" {
			return rec // near-duplicates are not indexed
		}
		if err == nil {
			if _, ok, _ := s.index.Get(ctx, id); ok {
				return rec
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("document %s not indexed within %v", id, timeout)
	return nil
}

func TestIngestThroughQueueAndFindWithoutDiacritics(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	sample := corpus.Render(7, 0, corpus.Options{Types: []string{"decision"}})
	var buf bytes.Buffer
	if err := png.Encode(&buf, sample.Image); err != nil {
		t.Fatal(err)
	}
	sub, err := s.sub.Submit(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), workers.Upload{Filename: "qd.png", Dossier: "000.00.21.H26-240918-0031"})
	if err != nil {
		t.Fatal(err)
	}
	rec := s.waitRecord(t, sub.DocID, 2*time.Minute)

	if rec.Original.SHA256 != sub.Original.SHA256 || rec.Original.Size != int64(buf.Len()) {
		t.Errorf("record names original %+v, stored %+v", rec.Original, sub.Original)
	}
	if rec.DocType != "decision" {
		t.Errorf("doc_type = %q, want decision", rec.DocType)
	}
	if !strings.Contains(vntext.Fold(rec.Text), "quyet dinh") {
		t.Errorf("OCR text lacks the title: %q", rec.Text)
	}
	if len(rec.Pages) != 1 || rec.Pages[0].Cleaned == nil || rec.Pages[0].Words == nil {
		t.Errorf("page artefacts missing: %+v", rec.Pages)
	}

	// A query typed without diacritics finds it.
	res, err := s.index.Search(ctx, search.Query{Text: "quyet dinh", Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total == 0 || res.Hits[0].Doc.ID != sub.DocID {
		t.Fatalf("search 'quyet dinh' = %+v, want %s first", res, sub.DocID)
	}

	// The same bytes again: one document, recognised at once.
	again, err := s.sub.Submit(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), workers.Upload{Filename: "copy.png"})
	if err != nil {
		t.Fatal(err)
	}
	if again.DocID != sub.DocID || again.Existing == nil {
		t.Errorf("re-upload gave doc %s existing=%v, want %s existing", again.DocID, again.Existing != nil, sub.DocID)
	}
}

func TestHostileUploadIsRejectedAndQueueKeepsWorking(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	// Refused at intake: not an image at all.
	if _, err := s.sub.Submit(ctx, strings.NewReader(""), 0, workers.Upload{Filename: "empty.png"}); err == nil {
		t.Error("empty upload accepted")
	}
	// Accepted at intake (it looks like a PNG) but undecodable: the
	// document gets a failed record with the reason, not a retry loop.
	trunc := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
	sub, err := s.sub.Submit(ctx, bytes.NewReader(trunc), int64(len(trunc)), workers.Upload{Filename: "bad.png"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	var rec *record.Document
	for time.Now().Before(deadline) {
		if rec, err = s.archive.Latest(ctx, sub.DocID); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if rec == nil || rec.Status != record.StatusFailed || !strings.Contains(strings.ToLower(rec.Error), "png") {
		t.Fatalf("record of the truncated PNG = %+v, want failed with a reason", rec)
	}
	// A text file still goes through afterwards.
	txt := "QUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính"
	ok, err := s.sub.Submit(ctx, strings.NewReader(txt), int64(len(txt)), workers.Upload{Filename: "qd.txt"})
	if err != nil {
		t.Fatal(err)
	}
	s.waitRecord(t, ok.DocID, 30*time.Second)
	res, err := s.index.Search(ctx, search.Query{Text: "thu tuc hanh chinh"})
	if err != nil || res.Total != 1 {
		t.Fatalf("search = %+v, %v", res, err)
	}
}

func TestRescanIsRecognisedAsNearDuplicate(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	submit := func(img image.Image, name string) string {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		sub, err := s.sub.Submit(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), workers.Upload{Filename: name})
		if err != nil {
			t.Fatal(err)
		}
		return sub.DocID
	}
	first := corpus.Render(21, 0, corpus.Options{Types: []string{"notice"}})
	other := corpus.Render(22, 0, corpus.Options{Types: []string{"notice"}})
	id1 := submit(first.Image, "tb.png")
	if rec := s.waitRecord(t, id1, 2*time.Minute); rec.DuplicateOf != "" {
		t.Fatalf("first scan marked duplicate of %s", rec.DuplicateOf)
	}
	// Another notice on the same template is a distinct document.
	id2 := submit(other.Image, "tb2.png")
	if rec := s.waitRecord(t, id2, 2*time.Minute); rec.DuplicateOf != "" {
		t.Errorf("a different notice was marked duplicate of %s", rec.DuplicateOf)
	}
	// A skewed, noisy re-scan of the first is recognised and not indexed.
	rescan, _ := corpus.Degrade(first.Image, corpus.Skew, 5)
	id3 := submit(rescan, "tb-rescan.png")
	if id3 == id1 {
		t.Fatal("the re-scan has the same bytes")
	}
	rec := s.waitRecord(t, id3, 2*time.Minute)
	if rec.DuplicateOf != id1 {
		t.Errorf("re-scan duplicate_of = %q, want %s", rec.DuplicateOf, id1)
	}
	if _, ok, _ := s.index.Get(ctx, id3); ok {
		t.Error("the near-duplicate was indexed as a second document")
	}
}
