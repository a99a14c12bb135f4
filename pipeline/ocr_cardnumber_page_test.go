package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestRereadCardNumberOnPage: a clean CMND whose number Tesseract reads
// "020209159" on the page, at full confidence, reads "020209139" from
// crops of the number and its line (ADR 0645).
func TestRereadCardNumberOnPage(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(4, 1, corpus.Options{}) // bench accuracy's clean cmnd-0001, seed 4
	if !strings.Contains(s.Text, "020209139") {
		t.Fatalf("seed 4's page 1 is no longer the CMND numbered 020209139:\n%s", s.Text)
	}
	for _, noUnsure := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), s.Image, eng, pipeline.PageOptions{NoUnsure: noUnsure})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(res.OCR.Text, "SỐ 020209139"); got == noUnsure {
			t.Errorf("NoUnsure %v: number read right: %v; text:\n%s", noUnsure, got, res.OCR.Text)
		}
	}
}
