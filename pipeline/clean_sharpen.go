package pipeline

import (
	"image"

	"github.com/sohoa/sohoa/internal/bands"
)

// softEdgeRatio is the share of gray "between" pixels, relative to ink
// pixels, from which a card counts as blurred: measured on the cards of
// seeds 1–2 before upscaling, blurred scans give 0.55–0.77 and phone
// photos 0.58–1.06, every other degradation 0.17–0.46 (ADR 0610).
const softEdgeRatio = 0.5

// SoftEdges measures how blurred g's text is: the number of pixels in the
// middle half between the median ink and median paper levels, over the
// number of ink pixels (below Otsu's threshold). Sharp print has few
// pixels between ink and paper; a blur spreads every edge over several.
// It returns 0 for a page with almost no ink.
func SoftEdges(g *image.Gray) float64 {
	hist := rowsHist(g, 2)
	t := int(otsuHist(&hist))
	ink, total := 0, 0
	for v, c := range hist {
		if v < t {
			ink += c
		}
		total += c
	}
	if ink < total/400 || ink == total {
		return 0
	}
	inkMed := int(percentile(&hist, total, float64(ink)/2/float64(total)))
	paperMed := int(percentile(&hist, total, (float64(ink)+float64(total-ink)/2)/float64(total)))
	lo, hi := inkMed+(paperMed-inkMed)/4, paperMed-(paperMed-inkMed)/4
	mid := 0
	for v := lo + 1; v < hi; v++ {
		mid += hist[v]
	}
	return float64(mid) / float64(ink)
}

// Sharpen is an unsharp mask of amount 1: g + (g − blur(g)), the blur
// being two passes of SoftenBlur (a Gaussian of σ ≈ 1 px).
func Sharpen(g *image.Gray) *image.Gray {
	b := SoftenBlur(SoftenBlur(g))
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
			bl := b.Pix[y*b.Stride:][:w:w]
			d := out.Pix[y*out.Stride:][:w:w]
			for x := range d {
				d[x] = uint8(min(255, max(0, 2*int(s[x])-int(bl[x]))))
			}
		}
	})
	return out
}

// rowsHist is the gray-level histogram of every step-th row of g.
func rowsHist(g *image.Gray, step int) [256]int {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y += step {
		for _, v := range g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w] {
			hist[v]++
		}
	}
	return hist
}
