package pdf_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
)

// BenchmarkWriteA4 writes one A4 page at 300 dpi (colour, JPEG-encoded)
// with a text layer of the page's words.
func BenchmarkWriteA4(b *testing.B) {
	s := corpus.Render(1, 0, corpus.Options{Types: []string{corpus.TypeDecision}})
	var words []pdf.Word
	for li, line := range strings.Split(s.Text, "\n") {
		for wi, w := range strings.Fields(line) {
			words = append(words, pdf.Word{Text: w, X: 200 + 120*wi, Y: 300 + 60*li, W: 100, H: 40})
		}
	}
	pages := []pdf.Page{{Image: s.Image, DPI: 300, Words: words}}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := pdf.Write(&buf, pages, pdf.Options{QR: "KQ:x;HS:y"}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB/page")
	b.ReportMetric(float64(len(words)), "words")
}

// BenchmarkWriteA4PassThrough embeds an already-JPEG page as it is.
func BenchmarkWriteA4PassThrough(b *testing.B) {
	s := corpus.Render(1, 0, corpus.Options{Types: []string{corpus.TypeDecision}})
	jpg := encodeJPEG(b, s.Image)
	for b.Loop() {
		if err := pdf.Write(io.Discard, []pdf.Page{{JPEG: jpg, DPI: 300}}, pdf.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
