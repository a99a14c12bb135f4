package pipeline

import (
	"image"
	"math"
	"slices"

	"github.com/sohoa/sohoa/internal/bands"
)

// Text size targets, as the median height in pixels of a text line's ink
// measured by TextLineHeight: corpus pages at 300 dpi measure 42–58 px, at
// 200 dpi 28–39, phone photos 21–34, ID cards 14–27. Below minLinePx the
// page is upscaled to targetLinePx (≈ 300 dpi). A higher threshold (40 →
// 56) also enlarged the blurred 200 dpi scans and noisy cards, and made
// them worse (blur 0.66% → 0.96% CER, noise 0.77% → 1.29%).
const (
	minLinePx    = 30
	targetLinePx = 44
	maxUpscale   = 2.0
)

// TextLineHeight estimates the median height, in pixels, of g's text
// lines from the horizontal projection profile of an Otsu-binarised copy
// (the page must be upright and deskewed). It measures the text itself, so
// it holds whatever the file's metadata claims. It returns 0 when there are
// too few lines to tell.
func TextLineHeight(g *image.Gray) float64 {
	f := max(1, g.Rect.Dx()/1200)
	s := Downscale(g, f)
	t := otsu(s)
	w, h := s.Rect.Dx(), s.Rect.Dy()
	prof := make([]int, h)
	for y := range h {
		n := 0
		for _, v := range s.Pix[y*s.Stride:][:w] {
			if v < t {
				n++
			}
		}
		prof[y] = n
	}
	peak := slices.Max(prof)
	if peak == 0 {
		return 0
	}
	// A line is a run of rows with more ink than a speck; runs are cut at
	// near-empty rows.
	gap := max(1, peak/50)
	var hs []int
	for y := 0; y < h; {
		if prof[y] <= gap {
			y++
			continue
		}
		y0, m := y, 0
		for y < h && prof[y] > gap {
			m = max(m, prof[y])
			y++
		}
		// Lines with little ink are specks or rules, not text.
		if m >= peak/8 && y-y0 >= 2 {
			hs = append(hs, y-y0)
		}
	}
	if len(hs) < 3 {
		return 0
	}
	slices.Sort(hs)
	return float64(hs[len(hs)/2] * f)
}

// upscaleFactor is how much to enlarge a page whose text lines are lineH
// pixels high, or 1.
func upscaleFactor(lineH float64) float64 {
	if lineH == 0 || lineH >= minLinePx {
		return 1
	}
	return math.Min(maxUpscale, targetLinePx/lineH)
}

// Upscale enlarges g by k with bilinear interpolation, in fixed point.
func Upscale(g *image.Gray, k float64) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	w, h := int(float64(sw)*k+0.5), int(float64(sh)*k+0.5)
	out := image.NewGray(image.Rect(0, 0, w, h))
	src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y):]
	// Source position of each output column, as index and 8-bit weight.
	x0s, ax := make([]int, w), make([]int32, w)
	for x := range w {
		fx := (float64(x)+0.5)/k - 0.5
		fx = math.Max(0, math.Min(fx, float64(sw-1)-1e-6))
		x0s[x] = int(fx)
		ax[x] = int32((fx - float64(int(fx))) * 256)
	}
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			fy := (float64(y)+0.5)/k - 0.5
			fy = math.Max(0, math.Min(fy, float64(sh-1)-1e-6))
			iy := int(fy)
			ay := int32((fy - float64(iy)) * 256)
			r0 := src[iy*g.Stride:]
			r1 := r0
			if iy+1 < sh {
				r1 = src[(iy+1)*g.Stride:]
			}
			row := out.Pix[y*out.Stride:][:w]
			for x := range row {
				i, a := x0s[x], ax[x]
				j := min(i+1, sw-1)
				top := int32(r0[i])*(256-a) + int32(r0[j])*a
				bot := int32(r1[i])*(256-a) + int32(r1[j])*a
				row[x] = uint8((top*(256-ay) + bot*ay + 1<<15) >> 16)
			}
		}
	})
	return out
}
