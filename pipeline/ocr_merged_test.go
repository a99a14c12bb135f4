package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestReadMergedLines reads a photocopied report whose issuing body, two
// lines of small capitals beside the quốc hiệu, Tesseract fits into one
// line ("UBND TH HAY DỤNG MINH" for "UBND THÀNH PHỐ HỒ CHÍ MINH" over "SỞ
// XÂY DỰNG"). Read again as a block, both lines come back (ADR 0644).
func TestReadMergedLines(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(25, 7, corpus.Options{})
	img, _ := corpus.DegradeSample(s, corpus.Photocopy, 25+7) // bench accuracy's photocopy report-0007, seed 25
	const body, office = "UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ XÂY DỰNG"
	for _, noColumns := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{NoColumns: noColumns})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(res.OCR.Text, body) && strings.Contains(res.OCR.Text, office); got == noColumns {
			t.Errorf("NoColumns %v: %q and %q read: %v; text:\n%s", noColumns, body, office, got, res.OCR.Text)
		}
	}
}
