package pipeline

import (
	"image"
	"math"
)

// Sauvola parameters: window side in pixels at 300 dpi, and k. R is the
// dynamic range of the standard deviation for 8-bit images.
const (
	sauvolaWindow = 64
	sauvolaK      = 0.34
	sauvolaR      = 128
)

// Binarize thresholds g with Sauvola's local method: t = m·(1 + k·(s/R − 1))
// for the local mean m and standard deviation s. The statistics are taken
// on a 4× downscaled copy with integral images and the threshold is
// interpolated bilinearly, so the cost is one pass over the page. Clean
// does not use it by default: on the corpus, Tesseract's own Otsu on the
// flattened gray page did as well or better (docs/benchmarks/accuracy.md).
func Binarize(g *image.Gray) *image.Gray {
	const f = 4
	s := Downscale(g, f)
	sw, sh := s.Rect.Dx(), s.Rect.Dy()
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if sw < 2 || sh < 2 {
		copy(out.Pix, g.Pix)
		return out
	}
	// Integral images of values and squares, (sw+1)×(sh+1).
	sum := make([]float64, (sw+1)*(sh+1))
	sq := make([]float64, (sw+1)*(sh+1))
	for y := range sh {
		var a, b float64
		for x := range sw {
			v := float64(s.Pix[y*s.Stride+x])
			a += v
			b += v * v
			i := (y+1)*(sw+1) + x + 1
			sum[i] = sum[i-sw-1] + a
			sq[i] = sq[i-sw-1] + b
		}
	}
	r := sauvolaWindow / f / 2
	thr := make([]float64, sw*sh)
	for y := range sh {
		y0, y1 := max(0, y-r), min(sh, y+r+1)
		for x := range sw {
			x0, x1 := max(0, x-r), min(sw, x+r+1)
			n := float64((y1 - y0) * (x1 - x0))
			at := func(a []float64) float64 {
				return a[y1*(sw+1)+x1] - a[y0*(sw+1)+x1] - a[y1*(sw+1)+x0] + a[y0*(sw+1)+x0]
			}
			m := at(sum) / n
			sd := math.Sqrt(math.Max(0, at(sq)/n-m*m))
			thr[y*sw+x] = m * (1 + sauvolaK*(sd/sauvolaR-1))
		}
	}
	for y := range h {
		fy := math.Max(0, math.Min((float64(y)+0.5)/f-0.5, float64(sh-1)))
		iy := min(int(fy), sh-2)
		ay := fy - float64(iy)
		src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
		dst := out.Pix[y*out.Stride:][:w:w]
		for x := range w {
			fx := math.Max(0, math.Min((float64(x)+0.5)/f-0.5, float64(sw-1)))
			ix := min(int(fx), sw-2)
			ax := fx - float64(ix)
			t := (thr[iy*sw+ix]*(1-ax)+thr[iy*sw+ix+1]*ax)*(1-ay) +
				(thr[(iy+1)*sw+ix]*(1-ax)+thr[(iy+1)*sw+ix+1]*ax)*ay
			if float64(src[x]) > t {
				dst[x] = 255
			}
		}
	}
	return out
}
