package pipeline

import (
	"image"
	"math"

	"github.com/sohoa/sohoa/internal/bands"
)

// Skew search range and precision, in degrees.
const (
	maxSkew       = 8.0
	skewCoarse    = 0.5
	skewFine      = 0.05
	skewFinest    = 0.01
	skewWorkWidth = 1000 // width of the downscaled copy the skew is measured on
)

// EstimateSkew measures the angle, in degrees, by which the text lines of g
// are rotated counter-clockwise (positive: lines rise to the right). It
// maximises the variance of the projection profile of the lower edges of dark
// strokes on a downscaled binarised copy, coarse to fine. It returns 0 when
// the page has too little text to tell.
func EstimateSkew(g *image.Gray) float64 { return estimateSkew(g, 0, maxSkew) }

// EstimateSkewNear is EstimateSkew searching only within ±span degrees of
// hint (e.g. AnalyzeLayout's coarse skew), which skips the coarse pass.
func EstimateSkewNear(g *image.Gray, hint, span float64) float64 {
	return estimateSkew(g, hint, span)
}

func estimateSkew(g *image.Gray, center, span float64) float64 {
	f := max(1, g.Rect.Dx()/skewWorkWidth)
	s := Downscale(g, f)
	t := otsu(s)
	w, h := s.Rect.Dx(), s.Rect.Dy()
	// Bottom edges of dark strokes: dark pixel above a light one. They line
	// up on the baselines, which gives sharp profile peaks.
	var xs, ys []float64
	cx, cy := float64(w)/2, float64(h)/2
	for y := 0; y < h-1; y++ {
		row := s.Pix[y*s.Stride:]
		next := s.Pix[(y+1)*s.Stride:]
		for x := 0; x < w; x++ {
			if row[x] < t && next[x] >= t {
				xs = append(xs, float64(x)-cx)
				ys = append(ys, float64(y)-cy)
			}
		}
	}
	if len(xs) < 200 {
		return 0
	}
	bins := make([]float64, 2*(w+h)+8)
	off := float64(len(bins) / 2)
	score := func(deg float64) float64 {
		tn := math.Tan(deg * math.Pi / 180)
		clear(bins)
		for i, x := range xs {
			// Row the point falls on once the page is turned by -deg.
			r := ys[i] + x*tn + off
			j := int(r)
			fr := r - float64(j)
			// Split each point between two bins so the score is smooth in
			// the angle: fine steps then resolve below one pixel.
			bins[j] += 1 - fr
			bins[j+1] += fr
		}
		var sum float64
		for _, b := range bins {
			sum += b * b
		}
		return sum
	}
	best := center
	if span > skewCoarse {
		best = search(score, center-span, center+span, skewCoarse)
		span = skewCoarse
	}
	best = search(score, best-span, best+span, skewFine)
	best = search(score, best-skewFine, best+skewFine, skewFinest)
	return math.Round(best*100) / 100
}

func search(score func(float64) float64, lo, hi, step float64) float64 {
	best, bestS := 0.0, -1.0
	n := int(math.Round((hi - lo) / step))
	for i := 0; i <= n; i++ {
		a := lo + float64(i)*step
		if s := score(a); s > bestS {
			best, bestS = a, s
		}
	}
	return best
}

// Downscale shrinks g by an integer factor f, averaging f×f blocks.
func Downscale(g *image.Gray, f int) *image.Gray {
	if f <= 1 {
		return g
	}
	w, h := g.Rect.Dx()/f, g.Rect.Dy()/f
	out := image.NewGray(image.Rect(0, 0, w, h))
	n := uint32(f * f)
	// (a+n/2)/n as a multiplication by ⌈2³²/n⌉: exact while a+n/2 < 2³²/n,
	// i.e. for every f < 64 (a ≤ 255·n), and a division per pixel was
	// most of Downscale's time.
	m := (uint64(1)<<32 + uint64(n) - 1) / uint64(n)
	bands.Rows(h, func(y0, y1 int) {
		acc := make([]uint32, w)
		for y := y0; y < y1; y++ {
			clear(acc)
			for k := 0; k < f; k++ {
				row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y*f+k):][:w*f]
				if f == 2 { // the common case, without the inner loop
					for x := range acc {
						acc[x] += uint32(row[2*x]) + uint32(row[2*x+1])
					}
					continue
				}
				for x := range acc {
					var s uint32
					for _, v := range row[x*f : x*f+f] {
						s += uint32(v)
					}
					acc[x] += s
				}
			}
			d := out.Pix[y*out.Stride:][:w]
			if f >= 64 { // beyond the multiplication's exact range
				for x, a := range acc {
					d[x] = uint8((a + n/2) / n)
				}
				continue
			}
			for x, a := range acc {
				d[x] = uint8((uint64(a+n/2) * m) >> 32)
			}
		}
	})
	return out
}

// otsu returns the Otsu threshold of g: pixels below it are ink.
func otsu(g *image.Gray) uint8 {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w] {
			hist[v]++
		}
	}
	return otsuHist(&hist)
}

func otsuHist(hist *[256]int) uint8 {
	var total, sum float64
	for i, c := range hist {
		total += float64(c)
		sum += float64(i) * float64(c)
	}
	var wB, sumB, best float64
	t := 128
	for i, c := range hist {
		wB += float64(c)
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * float64(c)
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, t = v, i+1
		}
	}
	return uint8(min(t, 255))
}

// RotateGray rotates g counter-clockwise by deg degrees about its centre,
// keeping its size, with bilinear interpolation. Uncovered corners are filled
// with the page's background level.
func RotateGray(g *image.Gray, deg float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	bg := backgroundLevel(g)
	th := deg * math.Pi / 180
	cos, sin := math.Cos(th), math.Sin(th)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y):]
	stride := g.Stride
	const one = 1 << 16
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			dy := float64(y) - cy
			// Source of (x, y): turn back by -deg. With y pointing down, a
			// visual counter-clockwise turn maps (dx, dy) to
			// (dx·cos + dy·sin, −dx·sin + dy·cos); this is its inverse.
			sx := cx - cx*cos - dy*sin
			sy := cy - cx*sin + dy*cos
			fx := int64(math.Floor(sx * one))
			fy := int64(math.Floor(sy * one))
			dfx := int64(math.Round(cos * one))
			dfy := int64(math.Round(sin * one))
			row := out.Pix[y*out.Stride : y*out.Stride+w]
			for x := range row {
				ix, iy := int(fx>>16), int(fy>>16)
				if ix >= 0 && iy >= 0 && ix < w-1 && iy < h-1 {
					ax, ay := fx&(one-1), fy&(one-1)
					p := src[iy*stride+ix:]
					q := src[(iy+1)*stride+ix:]
					top := int64(p[0])*(one-ax) + int64(p[1])*ax
					bot := int64(q[0])*(one-ax) + int64(q[1])*ax
					row[x] = uint8((top*(one-ay) + bot*ay + 1<<31) >> 32)
				} else {
					row[x] = bg
				}
				fx += dfx
				fy += dfy
			}
		}
	})
	return out
}

// backgroundLevel is the gray level of the paper: the 90th percentile of a
// sample of pixels.
func backgroundLevel(g *image.Gray) uint8 {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	n := 0
	for y := 0; y < h; y += 4 {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w]
		for x := 0; x < w; x += 4 {
			hist[row[x]]++
			n++
		}
	}
	return percentile(&hist, n, 0.9)
}

func percentile(hist *[256]int, n int, p float64) uint8 {
	k := int(float64(n) * p)
	acc := 0
	for i, c := range hist {
		acc += c
		if acc > k {
			return uint8(i)
		}
	}
	return 255
}
