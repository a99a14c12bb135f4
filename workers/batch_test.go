package workers_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"slices"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

func whitePage(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: color.White}, image.Point{}, draw.Src)
	return img
}

// TestBatchScanIsCutAtSeparators sends one PDF holding a cover sheet (QR
// with a dossier code), two papers and a blank page between them: it
// becomes two documents, both routed to the cover sheet's dossier, each
// naming the batch's original and its pages in it.
func TestBatchScanIsCutAtSeparators(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	opts := func(typ string) corpus.Options { return corpus.Options{Types: []string{typ}, Scale: 0.5} }
	a := corpus.Render(31, 0, opts(corpus.TypeNotice))
	b := corpus.Render(31, 1, opts(corpus.TypeDecision))
	const dossier = "000.00.21.H26-240918-0042"
	var src bytes.Buffer
	err := pdf.Write(&src, []pdf.Page{
		{Image: whitePage(620, 877), DPI: 75}, // cover sheet: the QR goes on page 1
		{Image: a.Image, DPI: a.DPI, Words: layerWords(a.Text)},
		{Image: whitePage(620, 877), DPI: 75}, // blank separator
		{Image: b.Image, DPI: b.DPI, Words: layerWords(b.Text)},
	}, pdf.Options{QR: pipeline.CoverQRPrefix + dossier, QRSizeMM: 40})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := s.sub.Submit(ctx, bytes.NewReader(src.Bytes()), int64(src.Len()), workers.Upload{Filename: "lo-quet.pdf", Batch: true})
	if err != nil {
		t.Fatal(err)
	}
	var parent *record.Document
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) && parent == nil {
		if rec, err := s.archive.Latest(ctx, sub.DocID); err == nil {
			parent = rec
		}
		time.Sleep(100 * time.Millisecond)
	}
	if parent == nil || parent.Status != record.StatusSplit || len(parent.Children) != 2 {
		t.Fatalf("batch record = %+v, want split into 2", parent)
	}
	wantPages := [][]int{{2}, {4}}
	for i, id := range parent.Children {
		rec := s.waitRecord(t, id, 2*time.Minute)
		if rec.Parent != sub.DocID || !slices.Equal(rec.SourcePages, wantPages[i]) {
			t.Errorf("child %d: parent %q pages %v, want %s %v", i, rec.Parent, rec.SourcePages, sub.DocID, wantPages[i])
		}
		if rec.Original != parent.Original {
			t.Errorf("child %d names original %+v, not the batch's", i, rec.Original)
		}
		if !slices.Contains(rec.Dossiers, dossier) {
			t.Errorf("child %d dossiers %v, want %s (cover sheet)", i, rec.Dossiers, dossier)
		}
		if len(rec.Pages) != 1 {
			t.Errorf("child %d has %d pages", i, len(rec.Pages))
		}
	}
	if c0, _ := s.archive.Latest(ctx, parent.Children[0]); c0 != nil && c0.DocType != corpus.TypeNotice {
		t.Errorf("first paper typed %q, want notice", c0.DocType)
	}
}
