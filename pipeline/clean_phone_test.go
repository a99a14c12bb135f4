package pipeline

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// cardBesidePhoto is small print (a phone photo of an ID card, ~150 dpi)
// to the right of a dark picture as tall as the text.
func cardBesidePhoto(t *testing.T, size float64) *image.Gray {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 700, 60+int(size*1.6)*len(sampleLines)))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(20, 20, 160, img.Rect.Dy()-20), image.NewUniform(color.Gray{60}), image.Point{}, draw.Src)
	for i, l := range sampleLines {
		drawText(t, img, l, 180, 30+int(size*1.6)*i+int(size), size, color.Black)
	}
	g, _ := ToGray(img, false)
	return g
}

func TestLineHeightsBesidePicture(t *testing.T) {
	for _, tc := range []struct {
		size    float64
		enlarge bool // by the strips' measure
	}{
		{9, true},   // a phone photo's print: strips trusted
		{20, false}, // scan-sized print: the whole width decides, as before
	} {
		g := cardBesidePhoto(t, tc.size)
		full, strips := lineHeights(g)
		if full != 0 && full < 3*tc.size {
			t.Errorf("size %v: whole-width line height %v, want none or merged by the picture", tc.size, full)
		}
		if strips < tc.size*0.8 || strips > tc.size*1.5 {
			t.Errorf("size %v: strips' line height %v", tc.size, strips)
		}
		if got := TextLineHeight(g); got != full {
			t.Errorf("size %v: TextLineHeight %v, want the whole width's %v", tc.size, got, full)
		}
		lh := upscaleLineHeight(g)
		if tc.enlarge && (lh != strips || upscaleFactor(lh) <= 1) {
			t.Errorf("size %v: upscale line height %v (factor %v), want the strips' %v", tc.size, lh, upscaleFactor(lh), strips)
		}
		if !tc.enlarge && lh != full {
			t.Errorf("size %v: upscale line height %v, want the whole width's %v", tc.size, lh, full)
		}
	}
}

func TestUpscaleCubicKeepsThinStrokesDark(t *testing.T) {
	// A one-pixel dark stroke on paper: bilinear ×2 leaves it at 64 (a
	// quarter of the paper) at best; the cubic kernel keeps it darker.
	g := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := range 30 {
		g.Pix[y*g.Stride+20] = 0
	}
	up := UpscaleCubic(g, 2)
	if up.Rect.Dx() != 80 || up.Rect.Dy() != 60 {
		t.Fatalf("size %v", up.Rect)
	}
	row := up.Pix[30*up.Stride:][:80]
	darkest := uint8(255)
	for _, v := range row {
		darkest = min(darkest, v)
	}
	if darkest > 45 {
		t.Errorf("stroke at %d after ×2, want ≤ 45", darkest)
	}
	if bl := Upscale(g, 2).Pix[30*up.Stride+41]; bl < 60 {
		t.Errorf("bilinear ×2 stroke at %d, expected ≥ 60 (the test's premise)", bl)
	}
	// Paper stays paper (weights sum to one, no ringing on flat areas).
	for _, x := range []int{0, 10, 30, 79} {
		if row[x] != 255 {
			t.Errorf("paper at x=%d: %d", x, row[x])
		}
	}
}

// boxBlurRGBA is a 3×3 box blur of an opaque image.
func boxBlurRGBA(src *image.RGBA) *image.RGBA {
	b := src.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var s [3]int
			n := 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					p := image.Pt(x+dx, y+dy)
					if !p.In(b) {
						continue
					}
					c := src.RGBAAt(p.X, p.Y)
					s[0] += int(c.R)
					s[1] += int(c.G)
					s[2] += int(c.B)
					n++
				}
			}
			out.SetRGBA(x, y, color.RGBA{uint8(s[0] / n), uint8(s[1] / n), uint8(s[2] / n), 255})
		}
	}
	return out
}
