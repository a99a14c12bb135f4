package ocrproc_test

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/pipeline"
)

// BenchmarkPage compares one A4 page at 300 dpi (a PNG file) decoded,
// cleaned, OCR'd and encoded in process and in a helper: the difference
// is the cost of isolation (the file and the cleaned PNG over a pipe,
// gob).
func BenchmarkPage(b *testing.B) {
	img := corpus.Render(8, 0, corpus.Options{Types: []string{"decision"}}).Image
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	ctx := context.Background()
	b.Run("in-process", func(b *testing.B) {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer eng.Close()
		for b.Loop() {
			if _, err := pipeline.ProcessPageFile(ctx, data, pipeline.DefaultLimits, eng, pipeline.FileOptions{}); err != nil {
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
			if _, err := p.ProcessPage(ctx, data, pipeline.DefaultLimits); err != nil {
				b.Fatal(err)
			}
		}
	})
}
