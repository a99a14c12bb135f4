package pipeline

import (
	"image"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/geom"
)

// strokePhoto is a photo of a sheet (paper 230 on a desk of 90) with
// one-pixel dark strokes, seen in perspective at about 0.5× its size:
// the sheet's corners in the photo are returned with it.
func strokePhoto() (*image.Gray, [4][2]float64) {
	const W, H = 200, 140
	sheet := image.NewGray(image.Rect(0, 0, W, H))
	for i := range sheet.Pix {
		sheet.Pix[i] = 230
	}
	for x := 20; x < W-20; x += 9 {
		for y := 20; y < H-20; y++ {
			sheet.Pix[y*sheet.Stride+x] = 20
		}
	}
	q := [4][2]float64{{12, 10}, {112, 14}, {110, 84}, {10, 80}}
	photo := image.NewGray(image.Rect(0, 0, 124, 96))
	hm, _ := geom.Homography(q, [4][2]float64{{0, 0}, {W - 1, 0}, {W - 1, H - 1}, {0, H - 1}})
	for y := range 96 {
		for x := range 124 {
			u, v := geom.Apply(hm, float64(x), float64(y))
			val := uint8(90)
			if u >= 0 && v >= 0 && u < W-1 && v < H-1 {
				// Area-average the 2×2 sheet pixels: a lens's blur.
				i, j := int(u), int(v)
				sum := int(sheet.Pix[j*sheet.Stride+i]) + int(sheet.Pix[j*sheet.Stride+i+1]) +
					int(sheet.Pix[(j+1)*sheet.Stride+i]) + int(sheet.Pix[(j+1)*sheet.Stride+i+1])
				val = uint8(sum / 4)
			}
			photo.Pix[y*photo.Stride+x] = val
		}
	}
	return photo, q
}

// inkDepth is the mean, over the rows of the middle half of g, of the
// darkest pixel of each stroke crossing, relative to the paper: 1 for
// strokes as dark as the ink, 0 for strokes lost.
func inkDepth(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var sum float64
	n := 0
	for y := h / 4; y < 3*h/4; y++ {
		row := g.Pix[y*g.Stride:][:w]
		paper := 0
		for _, v := range row {
			paper = max(paper, int(v))
		}
		for x := w / 5; x < 4*w/5; x++ {
			if row[x] < row[x-1] && row[x] <= row[x+1] && int(row[x]) < paper-20 {
				sum += float64(paper-int(row[x])) / float64(paper-20)
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// TestDewarpCubicKeepsStrokes: a photo's thin strokes, rectified and
// enlarged ×2 in one cubic resampling, stay darker than after a bilinear
// dewarp and an upscale (ADR 0619); the cubic upscale after the bilinear
// dewarp is no substitute.
func TestDewarpCubicKeepsStrokes(t *testing.T) {
	photo, q := strokePhoto()
	one := inkDepth(DewarpCubic(photo, q, 0, 2))
	two := inkDepth(UpscaleCubic(Dewarp(photo, q, 0), 2))
	if one < two+0.1 {
		t.Errorf("strokes at %.2f of the ink after one cubic resampling, %.2f after two: want clearly darker", one, two)
	}
}

// TestDewarpCubicFlattenedIsFlatten: the flattening done in the dewarp's
// pass is Flatten's: dividing by the levels found on the page dewarped at
// its size gives, pixel for pixel, what dividing the enlarged page by them
// gives.
func TestDewarpCubicFlattenedIsFlatten(t *testing.T) {
	s := corpus.Render(1, 0, corpus.Options{Types: []string{"decision"}})
	img, _ := corpus.DegradeSample(s, corpus.Phone, 1)
	g, _ := ToGray(img, false)
	q, ok := FindPage(g)
	if !ok {
		t.Fatal("no sheet found in the phone photo")
	}
	_, fl, ok := flattenLevels(Dewarp(g, q, perspInset))
	if !ok {
		t.Fatal("Flatten left the photo alone: the test needs its levels")
	}
	const k = 1.6
	got := dewarp(g, q, perspInset, k, true, &fl)
	plain := DewarpCubic(g, q, perspInset, k)
	w := plain.Rect.Dx()
	x0s, x1s, as := flatCols(w, fl.bg.Rect.Dx(), flatCell*k)
	mix, rowMul := make([]int32, fl.bg.Rect.Dx()), make([]uint64, w)
	for y := range plain.Rect.Dy() {
		flatRow(fl.bg, y, flatCell*k, mix, rowMul, x0s, x1s, as)
		for x := range w {
			want := fl.lut[min(uint64(plain.Pix[y*plain.Stride+x])*rowMul[x]>>divShift, 255)]
			if g := got.Pix[y*got.Stride+x]; g != want {
				t.Fatalf("(%d, %d): %d, want %d", x, y, g, want)
			}
		}
	}
}

// TestTextLinesPageOrCard: a card has a few lines whichever way it lies,
// an A4 page many, photographed or turned (ADR 0619).
func TestTextLinesPageOrCard(t *testing.T) {
	tests := []struct {
		typ  string
		deg  corpus.Degradation
		page bool
	}{
		{"cccd", corpus.Clean, false},
		{"cmnd", corpus.Phone, false},
		{"cccd", corpus.Rotate90, false},
		{"decision", corpus.Phone, true},
		{"decision", corpus.Rotate90, true},
		{"birth_certificate", corpus.Phone, true},
	}
	for _, tt := range tests {
		s := corpus.Render(2, 0, corpus.Options{Types: []string{tt.typ}})
		img, _ := corpus.DegradeSample(s, tt.deg, 2)
		_, g := prepare(img, CleanOptions{NoUpscale: true})
		if n := textLines(g); (n >= pageLines) != tt.page {
			t.Errorf("%s %s: %d lines, page %v", tt.typ, tt.deg, n, tt.page)
		}
	}
}
