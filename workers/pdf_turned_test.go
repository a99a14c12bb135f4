package workers_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/disintegration/imaging"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

// TestTurnedPageSearchablePDFUpright uploads a page scanned sideways, as
// PNG and as JPEG: its searchable PDF (made from the scan's own bytes,
// turned by the page's matrix) renders upright — portrait, closer to the
// upright page than to it upside down — and its text layer holds the
// page's words.
func TestTurnedPageSearchablePDFUpright(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	sample := corpus.Render(11, 0, corpus.Options{Types: []string{corpus.TypeDecision}, Scale: 0.5})
	scan := imaging.Rotate90(sample.Image) // a quarter counter-clockwise: needs 90° clockwise
	for _, format := range []string{"png", "jpeg"} {
		var buf bytes.Buffer
		var err error
		if format == "png" {
			err = png.Encode(&buf, scan)
		} else {
			err = jpeg.Encode(&buf, scan, &jpeg.Options{Quality: 92})
		}
		if err != nil {
			t.Fatal(err)
		}
		sub, err := s.sub.Submit(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), workers.Upload{Filename: "turned." + format})
		if err != nil {
			t.Fatal(err)
		}
		rec := s.waitRecord(t, sub.DocID, 3*time.Minute)
		if len(rec.Pages) != 1 || rec.Pages[0].Orientation != 90 {
			t.Fatalf("%s: pages %d, orientation %v: want one page turned 90°", format, len(rec.Pages), rec.Pages)
		}
		file := filepath.Join(t.TempDir(), "out.pdf")
		if err := os.WriteFile(file, searchablePDF(t, s, rec), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := exec.Command("pdftoppm", "-r", "20", "-gray", "-png", "-singlefile", file, strings.TrimSuffix(file, ".pdf")).Run(); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(strings.TrimSuffix(file, ".pdf") + ".png")
		if err != nil {
			t.Fatal(err)
		}
		shown, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := shown.Bounds()
		if b.Dx() >= b.Dy() {
			t.Errorf("%s: PDF page renders %v, want portrait (upright)", format, b)
		}
		up := imaging.Resize(sample.Image, b.Dx(), b.Dy(), imaging.Box)
		if du, dd := meanDiff(shown, up), meanDiff(shown, imaging.Rotate180(up)); du >= dd*0.8 {
			t.Errorf("%s: rendered page differs from the upright page by %.1f, from it upside down by %.1f", format, du, dd)
		}
		txt, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := wordSet(string(txt)), strings.Fields(rec.Pages[0].Text); overlap(got, want) < 0.9 {
			t.Errorf("%s: pdftotext gives %.0f%% of the page's words", format, 100*overlap(got, want))
		}
	}
}

func searchablePDF(t *testing.T, s *system, rec *record.Document) []byte {
	t.Helper()
	for _, a := range rec.Artefacts {
		if a.ContentType != "application/pdf" {
			continue
		}
		rc, err := s.archive.Open(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("no searchable PDF among artefacts %+v", rec.Artefacts)
	return nil
}

// meanDiff is the mean absolute gray difference of two same-size images.
func meanDiff(a, b image.Image) float64 {
	ab, bb := a.Bounds(), b.Bounds()
	var sum, n float64
	for y := 0; y < min(ab.Dy(), bb.Dy()); y++ {
		for x := 0; x < min(ab.Dx(), bb.Dx()); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			d := float64(r1+g1+b1) - float64(r2+g2+b2)
			if d < 0 {
				d = -d
			}
			sum += d / 3 / 257
			n++
		}
	}
	return sum / n
}
