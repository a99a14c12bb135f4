package workers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
)

// A batch scan is many papers fed through the scanner at once, separated
// by blank pages or separator sheets (QR "SOHOA:SEP"); a cover sheet (QR
// "SOHOA:HS:<dossier>") routes the papers after it to that dossier. The
// uploader declares a batch (Intake.Batch); the split step cuts it into
// one child document per paper. The byte-exact original stays the batch
// file: each child names it and the pages it came from.

// childID derives a child document's id from the batch's original and
// the pages it holds, so a re-run of the split yields the same children.
func childID(parentSHA string, pages []int) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s#%v", parentSHA, pages)
	return DocID(hex.EncodeToString(h.Sum(nil)))
}

// splitBatch classifies the pages of a batch and, when it holds more than
// one paper or a cover sheet, queues one child document per paper and
// records the batch as split. It reports false when the upload is one
// paper after all, to be processed as usual.
func (h *Handlers) splitBatch(ctx context.Context, in Intake, lane string, pages []record.Object) (bool, error) {
	seps := make([]pipeline.Separator, len(pages))
	for i, obj := range pages {
		data, err := h.readObject(ctx, obj)
		if err != nil {
			return false, err
		}
		img, err := pipeline.DecodeImage(data, h.limits())
		if err != nil {
			return false, fmt.Errorf("batch page %d: %w", i+1, err)
		}
		seps[i] = pipeline.ClassifySeparator(img)
	}
	segs := pipeline.SplitBatch(seps)
	if len(segs) == 1 && segs[0].Dossier == "" && len(segs[0].Pages) == len(pages) {
		return false, nil
	}
	parent := &record.Document{
		Schema: record.SchemaVersion, ID: in.DocID, Version: 1, Status: record.StatusSplit,
		Original: in.Original, Dossiers: nonEmpty(in.Dossier),
		Provenance: record.Provenance{
			UploadedBy: in.UploadedBy, Office: in.Office, UploadID: in.UploadID,
			UploadedAt: in.UploadedAt, Filename: in.Filename, PipelineVersion: pipeline.Version,
		},
		CreatedAt: time.Now().UTC(),
	}
	for _, seg := range segs {
		child := in
		child.DocID = childID(in.Original.SHA256, seg.Pages)
		child.Batch, child.Parent, child.SourcePages = false, in.DocID, seg.Pages
		child.Sources = nil
		for _, n := range seg.Pages {
			child.Sources = append(child.Sources, pages[n-1])
		}
		if seg.Dossier != "" {
			child.Dossier = seg.Dossier
		}
		if err := putJSONOnce(ctx, h.Store, intakeKey(child.DocID), child); err != nil {
			return false, err
		}
		task, opts := NewSplitTask(child.DocID, lane)
		if _, err := h.Queue.EnqueueContext(ctx, task, opts...); err != nil && !isConflict(err) {
			return false, fmt.Errorf("enqueue child %s: %w", child.DocID, err)
		}
		parent.Children = append(parent.Children, child.DocID)
	}
	if prev, err := h.Archive.Latest(ctx, in.DocID); err == nil && prev.Status == record.StatusSplit {
		return true, nil // split before: the children are queued again, idempotently
	}
	if err := h.sign(parent, in); err != nil {
		return false, err
	}
	if err := h.Archive.PutRecord(ctx, parent); err != nil {
		return false, fmt.Errorf("record batch %s: %w", in.DocID, err)
	}
	h.log().InfoContext(ctx, "batch split", "doc", in.DocID, "papers", len(segs))
	return true, nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
