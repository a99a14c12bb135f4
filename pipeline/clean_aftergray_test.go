package pipeline_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"runtime"
	"testing"

	"github.com/sohoa/sohoa/pipeline"
)

// AfterGray runs once, after the colour page is read (its dropout still
// happens), and collecting garbage there changes nothing in the result.
func TestCleanAfterGray(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for y := 0; y < 400; y++ {
		for x := 0; x < 600; x++ {
			c := color.RGBA{250, 248, 240, 255}
			switch {
			case y%40 < 6 && x > 40 && x < 560 && x%14 < 9: // dark "text"
				c = color.RGBA{20, 20, 30, 255}
			case (x-300)*(x-300)+(y-200)*(y-200) < 60*60: // a red stamp
				c = color.RGBA{220, 30, 40, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	opts := pipeline.CleanOptions{NoOrientation: true}
	want, err := pipeline.Clean(context.Background(), img, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	opts.AfterGray = func() { calls++; runtime.GC() }
	got, err := pipeline.Clean(context.Background(), img, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("AfterGray called %d times, want 1", calls)
	}
	if !bytes.Equal(got.Image.Pix, want.Image.Pix) || len(got.Steps) != len(want.Steps) {
		t.Errorf("with AfterGray: steps %v, without %v; pixels equal %v", got.Steps, want.Steps, bytes.Equal(got.Image.Pix, want.Image.Pix))
	}
	if len(want.Steps) < 2 || want.Steps[1] != pipeline.StepDropout {
		t.Errorf("steps %v: the red stamp was not dropped out", want.Steps)
	}
}
