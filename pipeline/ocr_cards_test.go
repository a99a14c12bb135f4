package pipeline_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestCardCapitalsAndPhoto reads clean generated ID cards whose bold
// capitals Tesseract's layout cut ("CỌNG HOA XA HỌI", "NGUYEN KIM ANH") and
// whose photo it read as a word before the label beside it (ADR 0617).
func TestCardCapitalsAndPhoto(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	tests := []struct {
		i    int // seed 1, cards only
		want []string
	}{
		{1, []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "QUỲNH HUYỀN"}},
		{5, []string{"NGUYỄN KIM ANH"}},
		{7, []string{"KIỀU THU MY"}},
	}
	for _, tt := range tests {
		s := corpus.Render(1, tt.i, corpus.Options{Types: []string{corpus.TypeCCCD, corpus.TypeCMND}})
		t.Run(s.Name, func(t *testing.T) {
			res, err := pipeline.ProcessPage(context.Background(), s.Image, eng)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.OCR.Text, w) {
					t.Errorf("%q not read; text:\n%s", w, res.OCR.Text)
				}
			}
			for _, l := range strings.Split(res.OCR.Text, "\n") {
				if i := strings.Index(l, "Họ và tên"); i > 0 {
					t.Errorf("the photo beside the name label read as %q", l[:i])
				}
			}
		})
	}
	// Without the re-read the first card's capitals lose their accents:
	// the case above tests the step, not the engine. (The labels'
	// printed spelling and the phrases in capitals would mend the heading
	// too.)
	s := corpus.Render(1, 1, corpus.Options{Types: []string{corpus.TypeCCCD, corpus.TypeCMND}})
	res, err := pipeline.ProcessPageOptions(context.Background(), s.Image, eng, pipeline.PageOptions{NoReread: true, NoLabels: true, NoHeadings: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(res.OCR.Text, tests[0].want[0]) {
		t.Errorf("%q read without the re-read too", tests[0].want[0])
	}
}

// TestCardUnsureWords reads clean generated CCCDs whose label "Số / No.:",
// set beside the card number half as tall again, Tesseract reads as
// small letters ("số/No:") in the page, and right from a crop of its own
// (RereadUnsureWords, ADR 0621). The labels' printed spelling
// (SnapCardLabels) is off: it would mend the label without the re-read.
func TestCardUnsureWords(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	tests := []struct {
		seed     int64
		i        int // cards only
		noUnsure bool
		want     string
		wantRead bool
	}{
		{2, 2, false, "Số/No.: 075169026887", true},
		{2, 2, true, "Số/No.: 075169026887", false},
		{2, 4, false, "Số/No.: 074073755511", true},
	}
	for _, tt := range tests {
		s := corpus.Render(tt.seed, tt.i, corpus.Options{Types: []string{corpus.TypeCCCD, corpus.TypeCMND}})
		t.Run(fmt.Sprintf("%s/noUnsure=%v", s.Name, tt.noUnsure), func(t *testing.T) {
			res, err := pipeline.ProcessPageOptions(context.Background(), s.Image, eng, pipeline.PageOptions{NoUnsure: tt.noUnsure, NoLabels: true, NoAnchors: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(res.OCR.Text, tt.want); got != tt.wantRead {
				t.Errorf("%q read: %v, want %v; text:\n%s", tt.want, got, tt.wantRead, res.OCR.Text)
			}
		})
	}
}

// TestCardPrintedLabels reads a clean generated CCCD whose labels Tesseract
// misreads ("số/No:", without the unsure words' re-read) and checks that
// they take their printed spelling, the card number beside untouched
// (SnapCardLabels, ADR 0624).
func TestCardPrintedLabels(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	const want = "Số / No.: 075169026887"
	s := corpus.Render(2, 2, corpus.Options{Types: []string{corpus.TypeCCCD, corpus.TypeCMND}})
	for _, noLabels := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), s.Image, eng, pipeline.PageOptions{NoUnsure: true, NoLabels: noLabels, NoAnchors: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(res.OCR.Text, want); got == noLabels {
			t.Errorf("NoLabels %v: %q read: %v; text:\n%s", noLabels, want, got, res.OCR.Text)
		}
	}
}
