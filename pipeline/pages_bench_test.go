package pipeline_test

import (
	"context"
	"image"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

// a4PDF is n A4 pages drawn at 300 dpi, each with its words as a text layer.
func a4PDF(b *testing.B, n int) []byte {
	var pages []pdf.Page
	for i := 0; i < n; i++ {
		s := corpus.Render(2, i, corpus.Options{})
		pages = append(pages, pdf.Page{Image: s.Image, DPI: 300, Words: layoutWords(s.Text, 1)})
	}
	return writePDF(b, pages)
}

// BenchmarkEachPagePDF rasterises a 4-page A4 PDF at 300 dpi (per page).
func BenchmarkEachPagePDF(b *testing.B) {
	data := a4PDF(b, 4)
	for b.Loop() {
		err := pipeline.EachPage(context.Background(), data, pipeline.DefaultLimits, func(int, image.Image) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/4, "ms/page")
}

// BenchmarkPDFTextLayer reads and checks the text layer of a 4-page PDF.
func BenchmarkPDFTextLayer(b *testing.B) {
	data := a4PDF(b, 4)
	for b.Loop() {
		if _, err := pipeline.PDFTextLayer(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/4, "ms/page")
}

// BenchmarkClassifySeparator: QR search and blank test of an A4 text page
// at 300 dpi, the cost every page of a batch scan pays.
func BenchmarkClassifySeparator(b *testing.B) {
	s := corpus.Render(2, 0, corpus.Options{})
	for b.Loop() {
		if sep := pipeline.ClassifySeparator(s.Image); sep.Kind != pipeline.NotSeparator {
			b.Fatalf("text page classified %v", sep.Kind)
		}
	}
}
