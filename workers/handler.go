package workers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"maps"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/metrics"
	"github.com/sohoa/sohoa/internal/neardup"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
)

// Archive is the document layer of the object store the handlers write to.
type Archive interface {
	PutArtefact(ctx context.Context, docID, name string, data []byte, contentType string) (record.Object, error)
	PutRecord(ctx context.Context, d *record.Document) error
	Latest(ctx context.Context, docID string) (*record.Document, error)
	Open(ctx context.Context, obj record.Object) (io.ReadCloser, error)
}

// Indexer is the part of the search index the handlers update.
type Indexer interface {
	Upsert(ctx context.Context, docs ...search.Doc) error
}

// Enqueuer enqueues follow-up tasks (an *asynq.Client).
type Enqueuer interface {
	EnqueueContext(ctx context.Context, task *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// Handlers runs sohoa's tasks.
type Handlers struct {
	Store   storage.Store // the work area (intakes, page results)
	Archive Archive
	Index   Indexer
	Queue   Enqueuer
	Engines *EnginePool
	// Pages, when set, cleans and OCRs pages instead of Engines (e.g. in
	// killable helper processes: HelperPages).
	Pages  PageProcessor
	Limits pipeline.Limits
	Log    *slog.Logger
	// Sign, when set, appends the digitisation signature of office and
	// person to a record version before it is written.
	Sign func(doc *record.Document, office, person string) error
	// OCREngine names the OCR engine in provenance, e.g. "tesseract 5.3.0 vie".
	OCREngine string
}

// sign signs a record version for the office and person that digitised it
// (Thông tư 01/2023/TT-VPCP, Điều 8), when signing is configured.
func (h *Handlers) sign(doc *record.Document, in Intake) error {
	if h.Sign == nil {
		return nil
	}
	if err := h.Sign(doc, in.Office, in.UploadedBy); err != nil {
		return fmt.Errorf("sign %s v%d: %w", doc.ID, doc.Version, err)
	}
	return nil
}

// Mux returns the Asynq handler for every task type.
func (h *Handlers) Mux() *asynq.ServeMux {
	mux := asynq.NewServeMux()
	mux.HandleFunc(TypeSplit, h.split)
	mux.HandleFunc(TypePage, h.page)
	mux.HandleFunc(TypeAssemble, h.assemble)
	return mux
}

func (h *Handlers) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

func (h *Handlers) limits() pipeline.Limits {
	if h.Limits.MaxPixels == 0 {
		return pipeline.DefaultLimits
	}
	return h.Limits
}

// permanent marks an error that no retry can fix: the task is archived at
// once with the reason.
func permanent(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), asynq.SkipRetry)
}

func (h *Handlers) split(ctx context.Context, t *asynq.Task) error {
	var p DocPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return permanent("split: bad payload: %v", err)
	}
	in, err := h.intake(ctx, p.DocID)
	if err != nil {
		return err
	}
	if pipeline.Format(in.Format) == pipeline.FormatText {
		// born-digital text skips OCR
		return h.enqueue(ctx, TypeAssemble, AssemblePayload{DocID: p.DocID, Lane: p.Lane, Pages: 0}, AssembleTaskID(p.DocID), p.Lane)
	}
	pages := []record.Object{in.Original}
	switch {
	case len(in.Sources) > 0: // a paper cut from a batch: its pages are stored
		pages = in.Sources
	case pipeline.IsMultiPage(pipeline.Format(in.Format)):
		pages, err = h.splitPages(ctx, in)
		if err != nil {
			return err
		}
		if in.Batch && len(pages) > 1 {
			if done, err := h.splitBatch(ctx, in, p.Lane, pages); err != nil || done {
				return err
			}
		}
	}
	// pages of a born-digital PDF with a usable text layer skip OCR
	fromLayer, err := h.beforePages(ctx, in, pages)
	if err != nil {
		return err
	}
	for i, src := range pages {
		if fromLayer[i+1] {
			continue
		}
		pp := PagePayload{DocID: p.DocID, Page: i + 1, Pages: len(pages), Source: src, Lane: p.Lane}
		if err := h.enqueue(ctx, TypePage, pp, pageTaskID(p.DocID, i+1), p.Lane); err != nil {
			return err
		}
	}
	h.log().InfoContext(ctx, "document split", "doc", p.DocID, "pages", len(pages), "text_layer_pages", len(fromLayer))
	if len(fromLayer) > 0 {
		// no page task may be left to trigger assembly
		return h.maybeAssemble(ctx, PagePayload{DocID: p.DocID, Pages: len(pages), Lane: p.Lane})
	}
	return nil
}

// splitPages rasterises a multi-page original into one stored PNG per page.
func (h *Handlers) splitPages(ctx context.Context, in Intake) ([]record.Object, error) {
	data, err := h.readObject(ctx, in.Original)
	if err != nil {
		return nil, err
	}
	var objs []record.Object
	err = pipeline.EachPage(ctx, data, h.limits(), func(n int, img image.Image) error {
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
			return fmt.Errorf("encode page %d: %w", n, err)
		}
		obj, err := h.Archive.PutArtefact(ctx, in.DocID, fmt.Sprintf("page-%04d.png", n), buf.Bytes(), "image/png")
		if err != nil {
			return fmt.Errorf("store page %d: %w", n, err)
		}
		objs = append(objs, obj)
		return nil
	})
	if errors.Is(err, pipeline.ErrUnsupported) {
		// No page can be read: record the failure so the clerk sees it.
		if ferr := h.writeFailed(ctx, in, err.Error()); ferr != nil {
			return nil, ferr
		}
		return nil, permanent("split %s: %v", in.DocID, err)
	}
	if err != nil {
		return nil, err
	}
	return objs, nil
}

// AssemblePayload names a document to assemble and its page count.
type AssemblePayload struct {
	DocID string `json:"doc_id"`
	Lane  string `json:"lane"`
	Pages int    `json:"pages"`
}

func (h *Handlers) page(ctx context.Context, t *asynq.Task) error {
	var p PagePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return permanent("page: bad payload: %v", err)
	}
	key := pageResultKey(p.DocID, p.Page)
	if _, err := h.Store.Stat(ctx, key); err == nil {
		// Done before (a task run twice after a crash): go straight to completion.
		return h.maybeAssemble(ctx, p)
	}
	res, procErr := h.processPage(ctx, p)
	if procErr != nil && !errors.Is(procErr, asynq.SkipRetry) {
		retried, _ := asynq.GetRetryCount(ctx)
		maxRetry, ok := asynq.GetMaxRetry(ctx)
		if !ok || retried < maxRetry {
			return procErr // transient: retried with backoff
		}
		// Out of retries: the page fails and its document still completes
		// (listing the failed page), instead of waiting for it for ever.
		res.Error = procErr.Error()
	}
	if err := putJSON(ctx, h.Store, key, res); err != nil {
		return err
	}
	if err := h.maybeAssemble(ctx, p); err != nil {
		return err
	}
	return procErr
}

func (h *Handlers) processPage(ctx context.Context, p PagePayload) (record.Page, error) {
	res := record.Page{Number: p.Page}
	data, err := h.readObject(ctx, p.Source)
	if err != nil {
		return res, err
	}
	pr, err := h.ocrPage(ctx, data)
	switch {
	case errors.Is(err, pipeline.ErrUnsupported):
		res.Error = err.Error() // the file cannot be read: failed for good
		return res, permanent("page %d of %s: %v", p.Page, p.DocID, err)
	case errors.Is(err, asynq.SkipRetry):
		res.Error = err.Error() // a poison page: failed for good, with the reason
		return res, fmt.Errorf("process page %d of %s: %w", p.Page, p.DocID, err)
	case err != nil:
		return res, fmt.Errorf("process page %d of %s: %w", p.Page, p.DocID, err)
	}
	res.Text = pr.OCR.Text
	res.Confidence = pr.OCR.Confidence
	res.Orientation = pr.Cleaned.Orientation
	res.SkewDeg = pr.Cleaned.SkewDeg
	res.Steps = pr.Cleaned.Steps
	res.Timings = maps.Clone(pr.Timings)
	if res.Timings == nil {
		res.Timings = pipeline.Timings{}
	}
	t1 := time.Now()
	if pr.CleanedPNG != nil {
		res.PHash = neardup.HashString(pr.PHash)
		obj, err := h.Archive.PutArtefact(ctx, p.DocID, fmt.Sprintf("page-%04d-clean.png", p.Page), pr.CleanedPNG, "image/png")
		if err != nil {
			return res, fmt.Errorf("store cleaned page %d: %w", p.Page, err)
		}
		res.Cleaned = &obj
	}
	words, err := json.Marshal(pr.OCR.Words)
	if err != nil {
		return res, err
	}
	obj, err := h.Archive.PutArtefact(ctx, p.DocID, fmt.Sprintf("page-%04d-words.json", p.Page), words, "application/json")
	if err != nil {
		return res, fmt.Errorf("store words of page %d: %w", p.Page, err)
	}
	res.Words = &obj
	res.Timings["store"] = time.Since(t1).Milliseconds()
	metrics.ObserveTimings(res.Timings)
	metrics.ObserveConfidence(res.Confidence)
	return res, nil
}

// maybeAssemble enqueues the document's assembly once every page has a
// result. Two pages finishing together both try; the task id lets one in.
func (h *Handlers) maybeAssemble(ctx context.Context, p PagePayload) error {
	done := 0
	err := h.Store.List(ctx, fmt.Sprintf("work/%s/page-", p.DocID), func(storage.Info) error {
		done++
		return nil
	})
	if err != nil {
		return fmt.Errorf("count pages of %s: %w", p.DocID, err)
	}
	if done < p.Pages {
		return nil
	}
	return h.enqueue(ctx, TypeAssemble, AssemblePayload{DocID: p.DocID, Lane: p.Lane, Pages: p.Pages}, AssembleTaskID(p.DocID), p.Lane)
}

func (h *Handlers) assemble(ctx context.Context, t *asynq.Task) error {
	var p AssemblePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return permanent("assemble: bad payload: %v", err)
	}
	in, err := h.intake(ctx, p.DocID)
	if err != nil {
		return err
	}
	prev, err := h.Archive.Latest(ctx, p.DocID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("assemble %s: %w", p.DocID, err)
	}
	if prev != nil && prev.Status == record.StatusProcessed && prev.Original.SHA256 == in.Original.SHA256 {
		// Assembled before: make sure the index has it, nothing else.
		return h.indexOrDefer(ctx, prev)
	}

	doc := &record.Document{
		Schema:   record.SchemaVersion,
		ID:       p.DocID,
		Version:  1,
		Status:   record.StatusProcessed,
		Original: in.Original,
		Provenance: record.Provenance{
			UploadedBy: in.UploadedBy, Office: in.Office, UploadID: in.UploadID,
			UploadedAt: in.UploadedAt, Filename: in.Filename,
			PipelineVersion: pipeline.Version, OCREngine: h.OCREngine,
		},
		CreatedAt: time.Now().UTC(),
	}
	if in.Dossier != "" {
		doc.Dossiers = []string{in.Dossier}
	}
	doc.Parent, doc.SourcePages = in.Parent, in.SourcePages
	if prev != nil {
		doc.Version = prev.Version + 1
		doc.Dossiers = mergeDossiers(prev.Dossiers, doc.Dossiers)
	}

	var words []pipeline.Word
	var texts, failures []string
	if p.Pages == 0 {
		data, err := h.readObject(ctx, in.Original)
		if err != nil {
			return err
		}
		texts = append(texts, vntext.NFC(strings.ReplaceAll(string(data), "\r\n", "\n")))
		doc.Confidence = 1
	}
	var confSum float64
	for n := 1; n <= p.Pages; n++ {
		var pg record.Page
		if err := getJSON(ctx, h.Store, pageResultKey(p.DocID, n), &pg); err != nil {
			return fmt.Errorf("assemble %s: page %d: %w", p.DocID, n, err)
		}
		doc.Pages = append(doc.Pages, pg)
		if pg.Error != "" {
			failures = append(failures, fmt.Sprintf("trang %d: %s", n, pg.Error))
			continue
		}
		texts = append(texts, pg.Text)
		confSum += pg.Confidence
		if n == 1 && pg.Words != nil {
			// the first page's layout (header, number, date) drives extraction
			if err := h.readJSON(ctx, *pg.Words, &words); err != nil {
				return err
			}
		}
	}
	if ok := p.Pages - len(failures); p.Pages > 0 && ok > 0 {
		doc.Confidence = confSum / float64(ok)
	}
	if len(failures) > 0 {
		doc.Error = strings.Join(failures, "; ")
		if len(failures) == p.Pages {
			doc.Status = record.StatusFailed
		}
	}
	doc.Text = strings.Join(texts, "\n\n")
	if doc.Status == record.StatusProcessed {
		t0 := time.Now()
		ex := pipeline.Extract(doc.Text, words)
		doc.DocType, doc.TypeConfidence, doc.Fields = ex.DocType, ex.TypeConfidence, ex.Fields
		doc.OwnerID = firstNonEmpty(doc.FieldValue("id_number"), doc.FieldValue("enterprise_code"))
		metrics.Observe("extract", time.Since(t0))
		h.log().DebugContext(ctx, "extracted", "doc", p.DocID, "type", ex.DocType, "ms", time.Since(t0).Milliseconds())
		obj, err := h.Archive.PutArtefact(ctx, p.DocID, "text.txt", []byte(doc.Text), "text/plain; charset=utf-8")
		if err != nil {
			return fmt.Errorf("store text of %s: %w", p.DocID, err)
		}
		doc.TextObject = &obj
		// the searchable PDF is stored before the record that names it; a
		// PDF that cannot be made does not hold the record back
		if pdfObj, err := h.searchablePDF(ctx, doc, in); err != nil {
			h.log().WarnContext(ctx, "no searchable PDF", "doc", p.DocID, "err", err)
		} else if pdfObj != nil {
			doc.Artefacts = append(doc.Artefacts, *pdfObj)
		}
		if prev == nil || !prev.Distinct {
			dup, err := h.findDuplicate(ctx, doc)
			if err != nil {
				return err
			}
			doc.DuplicateOf = dup
		} else {
			doc.Distinct = true
		}
	}
	if err := h.sign(doc, in); err != nil {
		return err
	}
	if err := h.Archive.PutRecord(ctx, doc); err != nil {
		return fmt.Errorf("write record of %s: %w", p.DocID, err)
	}
	metrics.DocumentStored(string(doc.Status))
	h.log().InfoContext(ctx, "document stored", "doc", p.DocID, "version", doc.Version, "status", doc.Status, "type", doc.DocType)
	if doc.Status != record.StatusProcessed {
		return permanent("document %s: %s", p.DocID, doc.Error)
	}
	return h.indexOrDefer(ctx, doc) // outbox.go
}

func (h *Handlers) index(ctx context.Context, d *record.Document) error {
	if d.Status != record.StatusProcessed || d.DuplicateOf != "" {
		// a near-duplicate is offered for reuse of the original instead
		return nil
	}
	t0 := time.Now()
	if err := h.Index.Upsert(ctx, search.FromRecord(d)); err != nil {
		return fmt.Errorf("index %s: %w", d.ID, err)
	}
	metrics.Observe("index", time.Since(t0))
	metrics.DocumentIndexed(d.Provenance.UploadedAt)
	return nil
}

// writeFailed records a document that could not be read at all.
func (h *Handlers) writeFailed(ctx context.Context, in Intake, reason string) error {
	prev, err := h.Archive.Latest(ctx, in.DocID)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return err
	}
	if prev != nil {
		return nil
	}
	doc := &record.Document{
		Schema: record.SchemaVersion, ID: in.DocID, Version: 1,
		Status: record.StatusFailed, Error: reason, Original: in.Original,
		Provenance: record.Provenance{
			UploadedBy: in.UploadedBy, Office: in.Office, UploadID: in.UploadID,
			UploadedAt: in.UploadedAt, Filename: in.Filename, PipelineVersion: pipeline.Version,
		},
		CreatedAt: time.Now().UTC(),
	}
	if in.Dossier != "" {
		doc.Dossiers = []string{in.Dossier}
	}
	if err := h.sign(doc, in); err != nil {
		return err
	}
	return h.Archive.PutRecord(ctx, doc)
}

func (h *Handlers) intake(ctx context.Context, docID string) (Intake, error) {
	var in Intake
	if err := getJSON(ctx, h.Store, intakeKey(docID), &in); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return in, permanent("document %s has no intake record", docID)
		}
		return in, fmt.Errorf("read intake of %s: %w", docID, err)
	}
	return in, nil
}

func (h *Handlers) readObject(ctx context.Context, obj record.Object) ([]byte, error) {
	rc, err := h.Archive.Open(ctx, obj)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", obj.Key, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", obj.Key, err)
	}
	return data, nil
}

func (h *Handlers) readJSON(ctx context.Context, obj record.Object, v any) error {
	data, err := h.readObject(ctx, obj)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func (h *Handlers) enqueue(ctx context.Context, typ string, payload any, id, laneName string) error {
	task, opts := newTask(typ, payload, id, laneName)
	_, err := h.Queue.EnqueueContext(ctx, task, opts...)
	if err != nil && !isConflict(err) {
		return fmt.Errorf("enqueue %s: %w", typ, err)
	}
	return nil
}

func putJSON(ctx context.Context, s storage.Store, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := s.Put(ctx, key, bytes.NewReader(b), int64(len(b)), storage.PutOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	return nil
}

func getJSON(ctx context.Context, s storage.Store, key string, v any) error {
	rc, err := s.Get(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	return json.NewDecoder(rc).Decode(v)
}

func mergeDossiers(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, d := range b {
		if !contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
