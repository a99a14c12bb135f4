package ocrproc_test

import (
	"context"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/pipeline"
)

// BenchmarkPage compares one A4 page at 300 dpi cleaned and OCR'd in
// process and in a helper: the difference is the cost of isolation
// (pixels over a pipe both ways, gob).
func BenchmarkPage(b *testing.B) {
	img := corpus.Render(8, 0, corpus.Options{Types: []string{"decision"}}).Image
	ctx := context.Background()
	b.Run("in-process", func(b *testing.B) {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer eng.Close()
		for b.Loop() {
			if _, err := pipeline.ProcessPage(ctx, img, eng); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("helper", func(b *testing.B) {
		p, err := ocrproc.NewPool(ocrproc.Options{Size: 1})
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		for b.Loop() {
			if _, err := p.ProcessPage(ctx, img); err != nil {
				b.Fatal(err)
			}
		}
	})
}
