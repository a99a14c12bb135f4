package pipeline

import "image"

// noisyLevel is the NoiseLevel from which a page is median-filtered. Scans
// and prints measure 0–3 (the corpus's clean, faded, JPEG, seal and phone
// pages 0–2, photocopies' paper ~4, which Clean treats apart); sensor
// noise measures its own σ, 10–25 on the corpus's noisy pages.
const noisyLevel = 5

// NoiseLevel estimates the standard deviation of pixel noise on g's paper
// from the median absolute difference between horizontally adjacent paper
// pixels (both above the Otsu threshold): text edges, which are few, do
// not move a median. A scan or a print measures 0–3.
func NoiseLevel(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Otsu's threshold on every third row: a sample is enough to tell ink
	// from paper.
	var levels [256]int
	for y := 0; y < h; y += 3 {
		for _, v := range g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w] {
			levels[v]++
		}
	}
	t := otsuHist(&levels)
	var hist [256]int
	n := 0
	for y := 0; y < h; y += 3 {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
		for x := 0; x+1 < w; x += 2 {
			a, b := row[x], row[x+1]
			if a < t || b < t {
				continue
			}
			d := int(a) - int(b)
			if d < 0 {
				d = -d
			}
			hist[d]++
			n++
		}
	}
	if n == 0 {
		return 0
	}
	mad, c := 0, 0
	for ; mad < 255; mad++ {
		c += hist[mad]
		if 2*c >= n {
			break
		}
	}
	// The difference of two N(0, σ²) samples has a median absolute value
	// of 0.6745·√2·σ.
	return float64(mad) / 0.954
}

// Median3 is a 3×3 median filter. It removes sensor noise and salt and
// pepper while leaving stroke edges where they are, which a blur does not.
// Each output is the median of three column-sorted triples: the largest of
// the column minima, the median of the medians and the smallest of the
// maxima (exact for nine values); the column sorts are shared between
// neighbouring windows.
func Median3(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w < 1 || h < 1 {
		return out
	}
	row := func(y int) []uint8 {
		y = max(0, min(y, h-1))
		return g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
	}
	// lo, mid, hi hold each column's sorted triple, with the edge columns
	// repeated at index 0 and w+1. The arithmetic is on int, for which
	// min and max compile without branches: on noise, branches are
	// mispredicted half the time (3× slower).
	lo, mid, hi := make([]int, w+2), make([]int, w+2), make([]int, w+2)
	for y := range h {
		r0, r1, r2 := row(y-1), row(y), row(y+1)
		for x := range w {
			a, b, c := int(r0[x]), int(r1[x]), int(r2[x])
			a, b = min(a, b), max(a, b)
			b, c = min(b, c), max(b, c)
			a, b = min(a, b), max(a, b)
			lo[x+1], mid[x+1], hi[x+1] = a, b, c
		}
		lo[0], mid[0], hi[0] = lo[1], mid[1], hi[1]
		lo[w+1], mid[w+1], hi[w+1] = lo[w], mid[w], hi[w]
		d := out.Pix[y*out.Stride:][:w:w]
		for x := range d {
			l := max(lo[x], lo[x+1], lo[x+2])
			m := med3(mid[x], mid[x+1], mid[x+2])
			u := min(hi[x], hi[x+1], hi[x+2])
			d[x] = uint8(med3(l, m, u))
		}
	}
	return out
}

func med3(a, b, c int) int {
	return max(min(a, b), min(max(a, b), c))
}
