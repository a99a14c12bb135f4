package pipeline

import (
	"context"
	"image"
	"sync"
	"testing"
)

var (
	a4Once sync.Once
	a4Page *image.RGBA
)

// a4 renders an A4 page at 300 dpi (2480×3508) of 12 pt text, once.
func a4(b testing.TB) *image.RGBA {
	a4Once.Do(func() {
		var lines []string
		for len(lines) < 40 {
			lines = append(lines, sampleLines...)
		}
		p := renderPage(b, lines[:40], 2480, 50)
		full := image.NewRGBA(image.Rect(0, 0, 2480, 3508))
		for i := range full.Pix {
			full.Pix[i] = 255
		}
		for y := 0; y < p.Rect.Dy() && y < 3508; y++ {
			copy(full.Pix[y*full.Stride:(y+1)*full.Stride], p.Pix[y*p.Stride:])
		}
		a4Page = full
	})
	return a4Page
}

func a4Gray(b testing.TB) *image.Gray {
	g, _ := ToGray(a4(b), false)
	return g
}

func BenchmarkToGrayDropout(b *testing.B) {
	img := a4(b)
	b.ResetTimer()
	for b.Loop() {
		ToGray(img, true)
	}
}

func BenchmarkEstimateSkew(b *testing.B) {
	g := RotateGray(a4Gray(b), 2)
	b.ResetTimer()
	for b.Loop() {
		EstimateSkew(g)
	}
}

func BenchmarkRotateGray(b *testing.B) {
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		RotateGray(g, 2)
	}
}

func BenchmarkFlatten(b *testing.B) {
	g := a4Gray(b)
	// Darken the paper so Flatten has work to do.
	for i := range g.Pix {
		g.Pix[i] = uint8(int(g.Pix[i]) * 3 / 4)
	}
	b.ResetTimer()
	for b.Loop() {
		Flatten(g)
	}
}

func BenchmarkDetectOrientation(b *testing.B) {
	eng := newTestEngine(b)
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := eng.DetectOrientation(context.Background(), g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCleanA4(b *testing.B) {
	eng := newTestEngine(b)
	img := a4(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Clean(context.Background(), img, eng, CleanOptions{DPI: 300}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecognizeA4(b *testing.B) {
	eng := newTestEngine(b)
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := eng.Recognize(context.Background(), g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeLayout(b *testing.B) {
	g := Rotate90s(RotateGray(a4Gray(b), 2), 180)
	b.ResetTimer()
	for b.Loop() {
		AnalyzeLayout(g)
	}
}
