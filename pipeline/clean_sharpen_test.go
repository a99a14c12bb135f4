package pipeline_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestCleanSharpensBlurredCards checks the gate of the unsharp mask
// (ADR 0610, 0615) on generated cards: blurred scans and phone photos
// are sharpened; sharp and noisy cards are not.
func TestCleanSharpensBlurredCards(t *testing.T) {
	opts := corpus.Options{Types: []string{"cccd", "cmnd"}}
	tests := []struct {
		deg  corpus.Degradation
		want bool
	}{
		{corpus.Clean, false},
		{corpus.Noise, false},
		{corpus.Blur, true},
		{corpus.Phone, true},
	}
	for i := range 2 {
		s := corpus.Render(1, i, opts)
		for _, tt := range tests {
			img, _ := corpus.DegradeSample(s, tt.deg, 1+int64(i))
			c, err := pipeline.Clean(context.Background(), img, nil, pipeline.CleanOptions{NoOrientation: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(c.Steps, pipeline.StepSharpen); got != tt.want {
				t.Errorf("%s %s: sharpened %v, want %v (steps %v)", s.Name, tt.deg, got, tt.want, c.Steps)
			}
		}
	}
}

// TestSharpenHardensEdges: on a blurred card, the unsharp mask leaves fewer
// pixels between ink and paper than it found.
func TestSharpenHardensEdges(t *testing.T) {
	s := corpus.Render(1, 0, corpus.Options{Types: []string{"cmnd"}})
	img, _ := corpus.DegradeSample(s, corpus.Blur, 1)
	g, _ := pipeline.ToGray(img, false)
	before := pipeline.SoftEdges(g)
	after := pipeline.SoftEdges(pipeline.Sharpen(g))
	if before < 0.5 || after >= before*0.95 {
		t.Errorf("SoftEdges: blurred card %.2f, sharpened %.2f; want ≥ 0.5 and a drop of over 5%%", before, after)
	}
}

// TestCleanSharpensPhonePhotos: an A4 page photographed with a phone
// (perspective corrected, soft) is sharpened and enlarged; the same page
// scanned is not sharpened (ADR 0615).
func TestCleanSharpensPhonePhotos(t *testing.T) {
	s := corpus.Render(1, 2, corpus.Options{Types: []string{"report"}})
	for _, tt := range []struct {
		deg  corpus.Degradation
		want []string
	}{
		{corpus.Phone, []string{pipeline.StepPerspective, pipeline.StepUpscale, pipeline.StepSharpen}},
		{corpus.Clean, nil},
	} {
		img, _ := corpus.DegradeSample(s, tt.deg, 3)
		c, err := pipeline.Clean(context.Background(), img, nil, pipeline.CleanOptions{NoOrientation: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range tt.want {
			if !slices.Contains(c.Steps, step) {
				t.Errorf("%s: steps %v, want %s", tt.deg, c.Steps, step)
			}
		}
		if tt.want == nil && slices.Contains(c.Steps, pipeline.StepSharpen) {
			t.Errorf("%s: sharpened (steps %v)", tt.deg, c.Steps)
		}
	}
}
