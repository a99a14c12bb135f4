package workers

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
)

// Originals stores byte-exact originals, content-addressed.
type Originals interface {
	PutOriginal(ctx context.Context, r io.Reader, size int64, contentType string) (record.Object, bool, error)
	Latest(ctx context.Context, docID string) (*record.Document, error)
}

// Submitter takes uploads in: it stores the original first, then the
// intake, then enqueues processing. Whatever fails after the original is
// stored can be retried: every step is idempotent.
type Submitter struct {
	Store     storage.Store
	Originals Originals
	Queue     Enqueuer
	// MaxBytes bounds one upload (0: 512 MiB).
	MaxBytes int64
}

// Upload describes one file handed in.
type Upload struct {
	Filename   string
	Dossier    string
	Office     string
	UploadedBy string
	UploadID   string
	Lane       string
	// Batch: a batch scan of several papers, cut at separator pages.
	Batch bool
}

// Submitted is the outcome of one upload.
type Submitted struct {
	DocID    string
	Original record.Object
	Format   pipeline.Format
	// Existing is the record when these exact bytes were digitised before.
	Existing *record.Document
}

// ErrTooLarge is returned for an upload over the size limit.
var ErrTooLarge = errors.New("file too large")

// Submit stores and enqueues one upload read from r. size may be -1.
func (s *Submitter) Submit(ctx context.Context, r io.Reader, size int64, u Upload) (Submitted, error) {
	max := s.MaxBytes
	if max <= 0 {
		max = 512 << 20
	}
	if size > max {
		return Submitted{}, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, max)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Submitted{}, fmt.Errorf("read upload: %w", err)
	}
	format, err := pipeline.Sniff(head)
	if err != nil {
		return Submitted{}, err
	}
	if err := CheckName(u.Filename, format); err != nil { // intake.go
		return Submitted{}, err
	}
	u.Filename = CleanFilename(u.Filename)
	lr := &limitedReader{r: br, left: max}
	obj, _, err := s.Originals.PutOriginal(ctx, lr, size, contentType(format))
	if err != nil {
		if lr.over {
			return Submitted{}, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
		}
		return Submitted{}, fmt.Errorf("store original: %w", err)
	}
	sub := Submitted{DocID: DocID(obj.SHA256), Original: obj, Format: format}
	if rec, err := s.Originals.Latest(ctx, sub.DocID); err == nil && rec.Status == record.StatusProcessed {
		sub.Existing = rec
		return sub, nil
	} else if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return sub, fmt.Errorf("look up %s: %w", sub.DocID, err)
	}
	in := Intake{
		DocID: sub.DocID, Original: obj, Format: string(format), Filename: u.Filename,
		Dossier: u.Dossier, Office: u.Office, UploadedBy: u.UploadedBy, UploadID: u.UploadID,
		UploadedAt: time.Now().UTC(), Lane: submitLane(u.Lane, u.Office), Batch: u.Batch,
	}
	if err := putJSONOnce(ctx, s.Store, intakeKey(sub.DocID), in); err != nil {
		return sub, err
	}
	task, opts := NewSplitTask(sub.DocID, in.Lane)
	if _, err := s.Queue.EnqueueContext(ctx, task, opts...); err != nil && !isConflict(err) {
		return sub, fmt.Errorf("enqueue %s: %w", sub.DocID, err)
	}
	return sub, nil
}

func putJSONOnce(ctx context.Context, st storage.Store, key string, v any) error {
	if _, err := st.Stat(ctx, key); err == nil {
		return nil // the first intake of these bytes stands
	}
	err := putJSON(ctx, st, key, v)
	if errors.Is(err, storage.ErrExists) {
		return nil
	}
	return err
}

func contentType(f pipeline.Format) string {
	switch f {
	case pipeline.FormatPDF:
		return "application/pdf"
	case pipeline.FormatText:
		return "text/plain; charset=utf-8"
	case pipeline.FormatJPEG:
		return "image/jpeg"
	}
	return "image/" + string(f)
}

// limitedReader fails once more than left bytes were read.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return n, ErrTooLarge
	}
	return n, err
}

// submitLane puts backfill work on its office's shard.
func submitLane(l, office string) string {
	if l == LaneBackfill {
		return BackfillQueue(office)
	}
	return lane(l)
}
