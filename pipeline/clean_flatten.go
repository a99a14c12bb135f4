package pipeline

import (
	"image"

	"github.com/sohoa/sohoa/internal/bands"
)

// Flatten normalises the page background: it estimates the paper's
// brightness on a downscaled copy (cell means, then the brightest cell in a
// neighbourhood larger than a glyph, then a blur), divides every pixel by it
// so uneven light and tinted paper become white, and stretches the levels so
// faded ink turns dark again. It reports false, leaving g alone, when the
// page is already white and its ink already dark.
func Flatten(g *image.Gray) (*image.Gray, bool) {
	out, _, ok := flattenLevels(g)
	return out, ok
}

// flatLevels is what Flatten did to a page: its paper's brightness per
// flatCell×flatCell cell, and the levels stretch applied after dividing
// by it.
type flatLevels struct {
	bg  *image.Gray
	lut [256]uint8
}

// flatCell is the side of Flatten's background cells, in pixels.
const flatCell = 8

// flattenLevels is Flatten, also returning its background and levels.
func flattenLevels(g *image.Gray) (*image.Gray, flatLevels, bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	const cell = flatCell
	small := Downscale(g, cell)
	sw, sh := small.Rect.Dx(), small.Rect.Dy()
	if sw < 4 || sh < 4 {
		return g, flatLevels{}, false
	}
	// The radius in cells must exceed half a glyph's size so that every window
	// reaches paper: 7 cells ≈ 56 px ≈ 5 mm at 300 dpi.
	r := max(2, w/(cell*45))
	bg := maxFilter(small, r)
	bg = boxBlur(bg, r)
	bg = boxBlur(bg, r)

	var bgHist, inkHist [256]int
	for _, v := range bg.Pix {
		bgHist[v]++
	}
	for _, v := range small.Pix {
		inkHist[v]++
	}
	bgLow := percentile(&bgHist, len(bg.Pix), 0.02)
	inkDark := percentile(&inkHist, len(small.Pix), 0.001)
	if bgLow >= 225 && inkDark <= 80 && bgHigh(&bgHist, len(bg.Pix))-bgLow < 20 {
		return g, flatLevels{}, false
	}

	// Divide by the background, interpolated bilinearly between cell
	// centres in 8-bit fixed point; the column weights are the same on every
	// row, so they are computed once.
	out := image.NewGray(image.Rect(0, 0, w, h))
	var hist [256]int
	colX0, colX1, colA := flatCols(w, sw, cell)
	hists := bands.Map(h, func(ya, yb int) *[256]int {
		var hist [256]int
		mix := make([]int32, sw)
		rowMul := make([]uint64, w)
		for y := ya; y < yb; y++ {
			flatRow(bg, y, cell, mix, rowMul, colX0, colX1, colA)
			src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w]
			dst := out.Pix[y*out.Stride:][:w]
			for x, p := range src {
				v := min(uint64(p)*rowMul[x]>>divShift, 255) // p*255/bg
				dst[x] = uint8(v)
				hist[v]++
			}
		}
		return &hist
	})
	for _, bh := range hists {
		for i, c := range bh {
			hist[i] += c
		}
	}
	// Auto-levels: the darkest ink goes to black, near-paper to white.
	black := int(percentile(&hist, w*h, 0.002))
	black = min(black, 150)
	const white = 235
	fl := flatLevels{bg: bg}
	for i := range fl.lut {
		fl.lut[i] = uint8(i)
	}
	if black >= white-40 {
		return out, fl, true
	}
	lut := &fl.lut
	for i := range lut {
		switch {
		case i <= black:
			lut[i] = 0
		case i >= white:
			lut[i] = 255
		default:
			lut[i] = uint8((i - black) * 255 / (white - black))
		}
	}
	bands.Rows(h, func(y0, y1 int) {
		rows := out.Pix[y0*out.Stride : y1*out.Stride]
		for i, v := range rows {
			rows[i] = lut[v]
		}
	})
	return out, fl, true
}

// flatCols returns, for each of w columns over background cells of cell
// pixels (sw of them), the two cells it is interpolated between and the
// second's weight in 1/256ths.
func flatCols(w, sw int, cell float64) (x0s, x1s []int, as []int32) {
	x0s, x1s, as = make([]int, w), make([]int, w), make([]int32, w)
	for x := range w {
		x0, x1, a := flatCellPos(x, sw, cell)
		x0s[x], x1s[x], as[x] = x0, x1, int32(a)
	}
	return x0s, x1s, as
}

// flatCellPos is the cells pixel i lies between along an axis of n cells
// of cell pixels, and the second's weight in 1/256ths.
func flatCellPos(i, n int, cell float64) (i0, i1, a int) {
	f := (float64(i)+0.5)/cell - 0.5
	if f <= 0 {
		return 0, 0, 0
	}
	i0 = int(f)
	if i0 >= n-1 {
		return n - 1, n - 1, 0
	}
	return i0, i0 + 1, int((f - float64(i0)) * 256)
}

// flatRow fills rowMul with the multipliers that divide row y's pixels by
// the background bg (cells of cell pixels) interpolated bilinearly; mix is
// scratch of bg's width.
func flatRow(bg *image.Gray, y int, cell float64, mix []int32, rowMul []uint64, x0s, x1s []int, as []int32) {
	sw := bg.Rect.Dx()
	y0, y1, ay := flatCellPos(y, bg.Rect.Dy(), cell)
	r0 := bg.Pix[y0*bg.Stride:][:sw]
	r1 := bg.Pix[y1*bg.Stride:][:sw]
	for i := range mix {
		mix[i] = int32(r0[i])*int32(256-ay) + int32(r1[i])*int32(ay)
	}
	for x := range rowMul {
		v := (mix[x0s[x]]*(256-as[x]) + mix[x1s[x]]*as[x]) >> 16
		rowMul[x] = divMul255[max(v, 16)]
	}
}

// divMul255[d] turns Flatten's division p*255/d into a multiplication
// and a shift: (p*divMul255[d]) >> divShift is floor(p*255/d) exactly for
// every p and d up to 255 (TestDivMul255; with 255·⌈2^24/d⌉ the error
// stays under p·255/2^24 < 1/256 ≤ 1/d). An integer division per pixel
// was half of Flatten's time.
var divMul255 = func() (m [256]uint64) {
	for d := 1; d < 256; d++ {
		m[d] = 255 * ((1<<divShift + uint64(d) - 1) / uint64(d))
	}
	return m
}()

const divShift = 24

func bgHigh(hist *[256]int, n int) uint8 { return percentile(hist, n, 0.98) }

// maxFilter is a separable square max filter of radius r.
func maxFilter(g *image.Gray, r int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := image.NewGray(g.Rect)
	out := image.NewGray(g.Rect)
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := g.Pix[y*g.Stride:][:w]
			d := tmp.Pix[y*tmp.Stride:][:w]
			for x := range d {
				m := uint8(0)
				for _, v := range s[max(0, x-r):min(w, x+r+1)] {
					m = max(m, v)
				}
				d[x] = m
			}
		}
	})
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			d := out.Pix[y*out.Stride:][:w]
			for x := range d {
				m := uint8(0)
				for k := max(0, y-r); k < min(h, y+r+1); k++ {
					m = max(m, tmp.Pix[k*tmp.Stride+x])
				}
				d[x] = m
			}
		}
	})
	return out
}

// boxBlur is a separable box blur of radius r with edge clamping.
func boxBlur(g *image.Gray, r int) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := image.NewGray(g.Rect)
	out := image.NewGray(g.Rect)
	n := 2*r + 1
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := g.Pix[y*g.Stride:][:w]
			d := tmp.Pix[y*tmp.Stride:][:w]
			for x := range d {
				sum := 0
				for k := x - r; k <= x+r; k++ {
					sum += int(s[min(max(k, 0), w-1)])
				}
				d[x] = uint8((sum + n/2) / n)
			}
		}
	})
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			d := out.Pix[y*out.Stride:][:w]
			for x := range d {
				sum := 0
				for k := y - r; k <= y+r; k++ {
					sum += int(tmp.Pix[min(max(k, 0), h-1)*tmp.Stride+x])
				}
				d[x] = uint8((sum + n/2) / n)
			}
		}
	})
	return out
}
