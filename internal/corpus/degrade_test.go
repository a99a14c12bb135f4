package corpus

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font"
)

func pixels(img image.Image) []byte {
	switch m := img.(type) {
	case *image.RGBA:
		return m.Pix
	case *image.Gray:
		return m.Pix
	}
	return nil
}

func TestDegradations(t *testing.T) {
	s := Render(5, 0, Options{Scale: 0.2, Types: []string{TypeDecision}})
	clean := s.Image
	orig := bytes.Clone(clean.Pix)
	for _, d := range Degradations() {
		t.Run(string(d), func(t *testing.T) {
			a, m := DegradeSample(s, d, 9)
			b, _ := DegradeSample(s, d, 9)
			if pixels(a) == nil || !bytes.Equal(pixels(a), pixels(b)) {
				t.Fatal("not deterministic")
			}
			if !bytes.Equal(clean.Pix, orig) {
				t.Fatal("input modified")
			}
			if m.Degradation != d {
				t.Errorf("meta degradation %q", m.Degradation)
			}
			changed := a.Bounds() != clean.Bounds() || !bytes.Equal(pixels(a), clean.Pix)
			if d == Clean && changed {
				t.Error("clean changed the image")
			}
			if d != Clean && !changed {
				t.Error("image unchanged")
			}
			W, H := clean.Bounds().Dx(), clean.Bounds().Dy()
			switch d {
			case Skew:
				if abs := max(m.SkewDeg, -m.SkewDeg); abs < 1 || abs > 5 {
					t.Errorf("skew %.2f° outside 1–5°", m.SkewDeg)
				}
			case Rotate90, Rotate270:
				if a.Bounds().Dx() != H || a.Bounds().Dy() != W || m.Rotation != map[Degradation]int{Rotate90: 90, Rotate270: 270}[d] {
					t.Errorf("bounds %v rotation %d", a.Bounds(), m.Rotation)
				}
			case Blur, Phone:
				if m.DPI >= s.DPI || a.Bounds().Dx() >= W {
					t.Errorf("%s did not lower resolution: dpi %d, width %d", d, m.DPI, a.Bounds().Dx())
				}
			case JPEG:
				if m.JPEGQuality < 10 || m.JPEGQuality > 20 || len(m.JPEGData) == 0 {
					t.Errorf("jpeg quality %d, %d bytes", m.JPEGQuality, len(m.JPEGData))
				}
			case Photocopy:
				if _, ok := a.(*image.Gray); !ok {
					t.Errorf("photocopy is %T, want *image.Gray", a)
				}
			}
			if c, _ := DegradeSample(s, d, 10); d != Clean && d != JPEG && d != Rotate90 && d != Rotate180 && d != Rotate270 && bytes.Equal(pixels(a), pixels(c)) {
				t.Error("seeds 9 and 10 give the same image")
			}
		})
	}
}

// TestRotate180Exact checks the quarter turns are exact pixel moves.
func TestRotate180Exact(t *testing.T) {
	s := Render(5, 0, Options{Scale: 0.1, Types: []string{TypeCCCD}})
	a, _ := DegradeSample(s, Rotate180, 1)
	b, _ := Degrade(a, Rotate180, 1)
	if !bytes.Equal(pixels(b), s.Image.Pix) {
		t.Error("two half turns do not restore the page")
	}
	c, _ := Degrade(s.Image, Rotate90, 1)
	d, _ := Degrade(c, Rotate270, 1)
	if !bytes.Equal(pixels(d), s.Image.Pix) {
		t.Error("90° then 270° does not restore the page")
	}
}

func TestWriteDirReproducible(t *testing.T) {
	opts := Options{Scale: 0.15, Types: []string{TypeCCCD, TypeDecision}}
	degs := []Degradation{Clean, JPEG, Photocopy}
	dirs := []string{t.TempDir(), t.TempDir()}
	for _, dir := range dirs {
		if err := WriteDir(dir, 3, 2, opts, degs); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := os.ReadDir(dirs[0])
	if want := 1 + 2*(1+2*len(degs)); len(files) != want {
		t.Errorf("%d files, want %d", len(files), want)
	}
	for _, f := range files {
		a, _ := os.ReadFile(filepath.Join(dirs[0], f.Name()))
		b, err := os.ReadFile(filepath.Join(dirs[1], f.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", f.Name())
		}
	}
	idx, _ := os.ReadFile(filepath.Join(dirs[0], "index.jsonl"))
	if n := strings.Count(string(idx), "\n"); n != 2*len(degs) {
		t.Errorf("index has %d lines, want %d", n, 2*len(degs))
	}
	if !strings.Contains(string(idx), `.jpeg.jpg"`) {
		t.Error("index does not list the JPEG file")
	}
}

// TestGlyphCoverage checks every rune the banks can print has a glyph in
// every font, so no Vietnamese letter renders as a box.
func TestGlyphCoverage(t *testing.T) {
	runes := map[rune]bool{}
	for _, s := range Generate(8, 2*len(DocTypes()), Options{Scale: 0.1}) {
		for _, r := range s.Text {
			runes[r] = true
		}
	}
	for _, pc := range provinceCodes {
		for _, r := range pc.Name {
			runes[r] = true
		}
	}
	serif, sans := families()
	for _, fam := range append(append([]family(nil), serif...), sans...) {
		for st := regular; st <= boldItalic; st++ {
			face := newFace(&fam, st, 12, 72)
			for r := range runes {
				if r == '\n' || r == ' ' {
					continue
				}
				if _, ok := face.GlyphAdvance(r); !ok {
					t.Errorf("%s style %d: no glyph for %q", fam.Name, st, r)
				}
			}
			_ = font.Face(face)
		}
	}
}
