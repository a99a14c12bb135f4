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
	full, _ := lineHeights(g)
	return full
}

// lineHeights returns TextLineHeight and the same median over the lines
// of lineStrips vertical strips profiled apart (0 when too few lines).
// Across the whole width a picture beside the text (an ID card's photo)
// fills the gaps between lines and they merge into 50–100 px runs; a
// strip beside the picture still sees them. A strip reads a line a little
// lower than the whole width does (fewer ascenders and descenders in it).
func lineHeights(g *image.Gray) (full, strips float64) {
	f := max(1, g.Rect.Dx()/1200)
	s := Downscale(g, f)
	t := otsu(s)
	w := s.Rect.Dx()
	median := func(hs []int) float64 {
		if len(hs) < 3 {
			return 0
		}
		slices.Sort(hs)
		return float64(hs[len(hs)/2] * f)
	}
	var hs []int
	for i := range lineStrips {
		hs = stripLines(s, t, i*w/lineStrips, (i+1)*w/lineStrips, hs)
	}
	return median(stripLines(s, t, 0, w, nil)), median(hs)
}

// lineStrips is how many vertical strips lineHeights profiles: thirds
// keep a card's photo or QR code to one strip, while a third of an A4
// line still holds a few words.
const lineStrips = 3

// stripLines appends to hs the heights of the text lines in columns
// [x0, x1) of s, found in their horizontal projection profile with ink
// below t.
func stripLines(s *image.Gray, t uint8, x0, x1 int, hs []int) []int {
	h := s.Rect.Dy()
	prof := make([]int, h)
	for y := range h {
		n := 0
		for _, v := range s.Pix[y*s.Stride+x0 : y*s.Stride+x1] {
			if v < t {
				n++
			}
		}
		prof[y] = n
	}
	peak := slices.Max(prof)
	if peak == 0 {
		return hs
	}
	// A line is a run of rows with more ink than a speck; runs are cut at
	// near-empty rows.
	gap := max(1, peak/50)
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
	return hs
}

// upscaleLineHeight is the line height Clean sizes a page by: the
// whole-width measure, or the strips' where they see text under half of
// minLinePx (a phone photo of a card, ~150 dpi) that the whole width
// missed beside a picture. Between that and minLinePx the strips are not
// trusted over the whole width: they would enlarge 300 dpi CCCDs
// (strips 23–30 px, whole width 100) and blurred 200 dpi ones (15–17 px),
// which read worse enlarged (docs/benchmarks/accuracy.md, "Phone photos").
func upscaleLineHeight(g *image.Gray) float64 {
	full, strips := lineHeights(g)
	if strips > 0 && strips < minLinePx/2 && (full == 0 || strips < full) {
		return strips
	}
	return full
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

// UpscaleCubic enlarges g by k with Catmull-Rom bicubic interpolation, in
// fixed point. A phone photo, which is sharpened after enlarging, keeps
// steeper edges than with Upscale's bilinear interpolation (ADR 0615). Each band keeps the horizontally resampled source rows
// it needs in a ring of four.
func UpscaleCubic(g *image.Gray, k float64) *image.Gray {
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	w, h := int(float64(sw)*k+0.5), int(float64(sh)*k+0.5)
	out := image.NewGray(image.Rect(0, 0, w, h))
	src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y):]
	xs, xw := cubicTaps(w, sw, k)
	ys, yw := cubicTaps(h, sh, k)
	bands.Rows(h, func(y0, y1 int) {
		var ring [4][]int32 // source row sy resampled, at ring[sy&3]
		var have [4]int
		for i := range ring {
			ring[i] = make([]int32, w)
			have[i] = -1
		}
		rowAt := func(sy int) []int32 {
			r := ring[sy&3]
			if have[sy&3] == sy {
				return r
			}
			have[sy&3] = sy
			s := src[min(max(sy, 0), sh-1)*g.Stride:][:sw]
			for x := range r {
				t, wt := xs[x], &xw[x]
				if t >= 0 && t+3 < sw {
					r[x] = int32(s[t])*wt[0] + int32(s[t+1])*wt[1] + int32(s[t+2])*wt[2] + int32(s[t+3])*wt[3]
					continue
				}
				var acc int32
				for j := range 4 {
					acc += int32(s[min(max(t+j, 0), sw-1)]) * wt[j]
				}
				r[x] = acc
			}
			return r
		}
		for y := y0; y < y1; y++ {
			t, wt := ys[y], yw[y]
			r0, r1, r2, r3 := rowAt(t), rowAt(t+1), rowAt(t+2), rowAt(t+3)
			row := out.Pix[y*out.Stride:][:w]
			for x := range row {
				v := (r0[x]*wt[0] + r1[x]*wt[1] + r2[x]*wt[2] + r3[x]*wt[3] + 1<<15) >> 16
				row[x] = uint8(min(max(v, 0), 255))
			}
		}
	})
	return out
}

// cubicTaps returns, for each of n output positions along an axis of sn
// source pixels enlarged by k, the first of its four source pixels and
// their Catmull-Rom weights in 1/256ths (summing to 256).
func cubicTaps(n, sn int, k float64) ([]int, [][4]int32) {
	first := make([]int, n)
	wts := make([][4]int32, n)
	for i := range n {
		f := (float64(i)+0.5)/k - 0.5
		f = math.Max(0, math.Min(f, float64(sn-1)))
		f0 := math.Floor(f)
		first[i] = int(f0) - 1
		wts[i] = cubicWeights(f - f0)
	}
	return first, wts
}

// cubicWeights returns the Catmull-Rom weights (a = −0.5) of the pixels
// at f0−1 … f0+2 for a position t ∈ [0, 1) past f0, in 1/256ths summing
// to 256.
func cubicWeights(t float64) [4]int32 {
	wf := [4]float64{
		((-0.5*t+1)*t - 0.5) * t,
		(1.5*t-2.5)*t*t + 1,
		((-1.5*t+2)*t + 0.5) * t,
		(0.5*t - 0.5) * t * t,
	}
	var w [4]int32
	var sum int32
	for j := range 3 {
		w[j] = int32(math.Round(wf[j] * 256))
		sum += w[j]
	}
	w[3] = 256 - sum
	return w
}
