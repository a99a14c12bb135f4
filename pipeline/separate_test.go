package pipeline_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

func blankSheet(w, h int, noise bool) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: color.RGBA{246, 244, 238, 255}}, image.Point{}, draw.Src)
	if noise {
		// scanner dust and a dark scanner edge, which must not count as ink
		r := rand.New(rand.NewPCG(1, 2))
		for i := 0; i < 40; i++ {
			img.Set(r.IntN(w), r.IntN(h), color.Black)
		}
		draw.Draw(img, image.Rect(0, 0, w/60, h), &image.Uniform{C: color.Black}, image.Point{}, draw.Src)
	}
	return img
}

// qrSheet renders a sheet with a QR code through the PDF writer and
// pdftoppm, as a printed cover sheet would come back from the scanner.
func qrSheet(t *testing.T, text string) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, []pdf.Page{{Image: blankSheet(620, 877, false), DPI: 75}}, pdf.Options{QR: text, QRSizeMM: 40}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, buf.Bytes(), 0o600)
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := pipeline.DecodeImage(b, pipeline.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestClassifySeparator(t *testing.T) {
	text := corpus.Render(5, 0, corpus.Options{Types: []string{corpus.TypeNotice}, Scale: 0.5})
	tests := []struct {
		name    string
		img     image.Image
		kind    pipeline.SeparatorKind
		dossier string
	}{
		{"text page", text.Image, pipeline.NotSeparator, ""},
		{"blank page", blankSheet(1240, 1754, false), pipeline.BlankPage, ""},
		{"blank page with dust and edge", blankSheet(1240, 1754, true), pipeline.BlankPage, ""},
		{"separator sheet", qrSheet(t, pipeline.SeparatorQR), pipeline.SeparatorSheet, ""},
		{"cover sheet", qrSheet(t, pipeline.CoverQRPrefix+"000.00.21.H26-240918-0031"), pipeline.CoverSheet, "000.00.21.H26-240918-0031"},
		{"other QR code is content", qrSheet(t, "https://dichvucong.gov.vn/"), pipeline.NotSeparator, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := pipeline.ClassifySeparator(tt.img)
			if s.Kind != tt.kind || s.Dossier != tt.dossier {
				t.Errorf("ClassifySeparator = %+v (%v), want %v dossier %q", s, s.Kind, tt.kind, tt.dossier)
			}
		})
	}
}

func TestSplitBatch(t *testing.T) {
	c, b, sep := pipeline.Separator{}, pipeline.Separator{Kind: pipeline.BlankPage}, pipeline.Separator{Kind: pipeline.SeparatorSheet}
	cover := func(d string) pipeline.Separator { return pipeline.Separator{Kind: pipeline.CoverSheet, Dossier: d} }
	tests := []struct {
		name string
		seps []pipeline.Separator
		want string
	}{
		{"no separators", []pipeline.Separator{c, c, c}, "[{[1 2 3] }]"},
		{"blank splits", []pipeline.Separator{c, c, b, c}, "[{[1 2] } {[4] }]"},
		{"separators in a row and at the ends", []pipeline.Separator{b, c, sep, b, c, b}, "[{[2] } {[5] }]"},
		{"cover routes following documents", []pipeline.Separator{c, cover("HS-1"), c, c, b, c, cover("HS-2"), c},
			"[{[1] } {[3 4] HS-1} {[6] HS-1} {[8] HS-2}]"},
		{"only separators", []pipeline.Separator{b, sep}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fmt.Sprint(pipeline.SplitBatch(tt.seps)); got != tt.want {
				t.Errorf("SplitBatch = %s, want %s", got, tt.want)
			}
		})
	}
}
