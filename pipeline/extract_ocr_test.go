package pipeline_test

import (
	"context"
	"os"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
)

// TestExtractCardOCR reads rendered ID cards through the real pipeline
// (cleaning + Tesseract): bilingual labels, values on the next line in
// capitals, photo and QR areas beside the text. The card must be
// classified and its holder's name and number read as printed.
func TestExtractCardOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("real OCR of two card pages")
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Log("OMP_THREAD_LIMIT is not set; Tesseract will be slower")
	}
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	defer eng.Close()
	for _, typ := range []string{pipeline.TypeCCCD, pipeline.TypeCMND} {
		s := corpus.Render(1, 0, corpus.Options{Types: []string{typ}})
		res, err := pipeline.ProcessPage(context.Background(), s.Image, eng)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		e := pipeline.Extract(res.OCR.Text, res.OCR.Words)
		if e.DocType != typ {
			t.Errorf("%s: type %s, want %s\n%s", s.Name, e.DocType, typ, res.OCR.Text)
		}
		for _, k := range []string{"id_number", "date_of_birth"} {
			if got := e.Fields[k].Value; got != s.Fields[k] {
				t.Errorf("%s: %s = %q, want %q", s.Name, k, got, s.Fields[k])
			}
		}
		// the name is the line under its label; OCR may slip a tone mark
		if got := e.Fields["full_name"].Value; vntext.Fold(got) != vntext.Fold(s.Fields["full_name"]) {
			t.Errorf("%s: full_name = %q, want %q", s.Name, got, s.Fields["full_name"])
		}
		if _, ok := e.Fields["signer"]; ok {
			t.Errorf("%s: a card has no signer, got %q", s.Name, e.Fields["signer"].Value)
		}
	}
}
