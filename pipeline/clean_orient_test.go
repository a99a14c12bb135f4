package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestCardOrientationReadCheck keeps a photographed CMND upright where
// OSD is unsure and the card's ink cue (emblem, photo, few lines) says
// 270°: it reads surer upright (bench accuracy's phone cmnd-0006, seed
// 13, which read 99 % CER turned).
func TestCardOrientationReadCheck(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(13, 6, corpus.Options{})
	img, _ := corpus.DegradeSample(s, corpus.Phone, 13+6)
	res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cleaned.Orientation != 0 || !strings.Contains(res.OCR.Text, "CHỨNG MINH NHÂN DÂN") {
		t.Errorf("turned %d°, read:\n%s", res.Cleaned.Orientation, res.OCR.Text)
	}
}

// TestPhotoTurnConfirmed keeps an upright phone photo of an A4 report
// upright: its shadowed edge made the layout's ink cue read 180° at a
// clear margin, which OSD, asked to confirm any turn of a photo, rightly
// calls 0° (bench accuracy's phone report-0000, seed 19).
func TestPhotoTurnConfirmed(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(19, 0, corpus.Options{})
	img, _ := corpus.DegradeSample(s, corpus.Phone, 19)
	c, err := pipeline.Clean(context.Background(), img, eng, pipeline.CleanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Orientation != 0 || c.Card {
		t.Errorf("%s: turned %d°, card %v; want upright, a page", s.Name, c.Orientation, c.Card)
	}
}
