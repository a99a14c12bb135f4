package pipeline_test

import (
	"context"
	"image"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// countingOSD passes through to the real engine and counts OSD calls.
type countingOSD struct {
	eng   *pipeline.Tesseract
	calls int
}

func (c *countingOSD) DetectOrientation(ctx context.Context, img *image.Gray) (int, float64, error) {
	c.calls++
	return c.eng.DetectOrientation(ctx, img)
}

// TestCleanOrientsCards turns generated ID cards (≈1 MP) upright. These are
// cards AnalyzeLayout alone got wrong (ADR 0608): upside down with a margin
// under the threshold (left unturned), and sideways with the right axis but
// the wrong direction. The same with osd loaded at its first use (the OCR
// helpers' engine).
func TestCleanOrientsCards(t *testing.T) {
	for _, lazy := range []bool{false, true} {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{LazyOSD: lazy})
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		testCleanOrientsCards(t, eng)
	}
}

func testCleanOrientsCards(t *testing.T, eng *pipeline.Tesseract) {
	t.Helper()
	tests := []struct {
		seed int64
		i    int
		typ  string
		deg  corpus.Degradation
		want int // clockwise turn that makes the card upright
	}{
		{1, 42, "cccd", corpus.Rotate180, 180},
		{1, 93, "cccd", corpus.Rotate90, 270},
	}
	for _, tt := range tests {
		s := corpus.Render(tt.seed, tt.i, corpus.Options{})
		if s.DocType != tt.typ {
			t.Fatalf("Render(%d, %d) is a %s, want a %s", tt.seed, tt.i, s.DocType, tt.typ)
		}
		img, _ := corpus.DegradeSample(s, tt.deg, tt.seed+int64(tt.i))
		od := &countingOSD{eng: eng}
		c, err := pipeline.Clean(context.Background(), img, od, pipeline.CleanOptions{NoDeskew: true, NoUpscale: true})
		if err != nil {
			t.Fatalf("%s %s: %v", s.Name, tt.deg, err)
		}
		if c.Orientation != tt.want {
			t.Errorf("%s %s: turned %d°, want %d°", s.Name, tt.deg, c.Orientation, tt.want)
		}
		if od.calls != 1 {
			t.Errorf("%s %s: %d OSD calls, want 1 (a card is always confirmed)", s.Name, tt.deg, od.calls)
		}
	}
}

// TestCleanOrientsCardsAllTurns turns generated cards, each in the four
// rotations, upright: CCCDs whose ink cue points the wrong way (margins
// under 0.1) and CMNDs with fair and weak margins (ADR 0608, 0609).
func TestCleanOrientsCardsAllTurns(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	turns := []struct {
		deg  corpus.Degradation
		want int // clockwise turn that makes the card upright
	}{
		{corpus.Clean, 0},
		{corpus.Rotate90, 270},
		{corpus.Rotate180, 180},
		{corpus.Rotate270, 90},
	}
	const seed = 3
	opts := corpus.Options{Types: []string{"cccd", "cmnd"}}
	for _, i := range []int{0, 1, 5, 12} {
		s := corpus.Render(seed, i, opts)
		for k, tt := range turns {
			t.Run(s.Name+"/"+string(tt.deg), func(t *testing.T) {
				img, _ := corpus.DegradeSample(s, tt.deg, corpus.DegradeSeed(seed, i, k))
				c, err := pipeline.Clean(context.Background(), img, eng, pipeline.CleanOptions{NoDeskew: true, NoUpscale: true})
				if err != nil {
					t.Fatal(err)
				}
				if c.Orientation != tt.want {
					t.Errorf("turned %d°, want %d°", c.Orientation, tt.want)
				}
			})
		}
	}
}
