package pipeline

import (
	"github.com/sohoa/sohoa/internal/geom"
	"image"
	"math"
	"slices"

	"github.com/sohoa/sohoa/internal/bands"
)

// perspWorkWidth is the width of the copy the paper's edges are found on.
const perspWorkWidth = 480

// FindPage looks for the edges of a sheet of paper photographed on a darker
// background (a phone photo on a desk) and returns its corners in g's
// pixels, clockwise from top-left. It reports false when some edge is not
// found (a scan, whose paper fills the frame) or the fit is implausible.
//
// Each edge is found on a downscaled copy by walking in from the image
// border, over the darker background, to the first sharp rise in
// brightness; a rise in ratio is the same in and out of a cast shadow,
// which darkens paper and desk alike. A line is fitted through each side's
// points, trimming outliers, and the corners are the lines' intersections.
func FindPage(g *image.Gray) ([4][2]float64, bool) {
	var q [4][2]float64
	f := max(1, g.Rect.Dx()/perspWorkWidth)
	s := Downscale(g, f)
	w, h := s.Rect.Dx(), s.Rect.Dy()
	if w < 40 || h < 40 {
		return q, false
	}
	at := func(x, y int) float64 { return float64(s.Pix[y*s.Stride+x]) }
	// edge walks n pixels from the border along one scan line (get(i) is
	// the i-th pixel inward) and returns the sub-pixel position of the
	// first dark-to-bright step, or -1.
	edge := func(get func(i int) float64, n int) float64 {
		o := (get(0) + get(1) + get(2)) / 3
		if o > 170 {
			return -1 // paper (or a white border) at the image's edge
		}
		limit := o*1.15 + 10
		for i := 3; i < n-3; i++ {
			v := get(i)
			if v <= limit {
				continue
			}
			in := max(get(i+1), get(i+2), get(i+3))
			if in < o*1.4 || in < o+45 {
				return -1 // a gradual change: shadow, not the paper's edge
			}
			// Where the step crosses half-way between desk and paper.
			mid := (o + in) / 2
			for j := i - 1; j < i+3; j++ {
				a, b := get(j), get(j+1)
				if a < mid && b >= mid {
					return float64(j) + (mid-a)/(b-a)
				}
			}
			return float64(i)
		}
		return -1
	}
	// Points per side as (along, across): along is the scan line's index,
	// across the edge's distance from the border.
	var sides [4][][2]float64
	for y := h / 10; y < h*9/10; y++ {
		if d := edge(func(i int) float64 { return at(i, y) }, w/3); d >= 0 {
			sides[3] = append(sides[3], [2]float64{float64(y), d}) // left
		}
		if d := edge(func(i int) float64 { return at(w-1-i, y) }, w/3); d >= 0 {
			sides[1] = append(sides[1], [2]float64{float64(y), d}) // right
		}
	}
	for x := w / 10; x < w*9/10; x++ {
		if d := edge(func(i int) float64 { return at(x, i) }, h/3); d >= 0 {
			sides[0] = append(sides[0], [2]float64{float64(x), d}) // top
		}
		if d := edge(func(i int) float64 { return at(x, h-1-i) }, h/3); d >= 0 {
			sides[2] = append(sides[2], [2]float64{float64(x), d}) // bottom
		}
	}
	// Lines a·t + b per side, in downscaled pixels of the side's frame.
	var lines [4][2]float64
	for i, pts := range sides {
		n := h * 8 / 10
		if i%2 == 0 {
			n = w * 8 / 10
		}
		if len(pts) < n/3 {
			return q, false
		}
		a, b, ok := fitTrimmed(pts)
		if !ok {
			return q, false
		}
		lines[i] = [2]float64{a, b}
	}
	// In image coordinates: top y = a·x + b; bottom y = h-1-(a·x+b);
	// left x = a·y + b; right x = w-1-(a·y+b).
	top, right, bottom, left := lines[0], lines[1], lines[2], lines[3]
	corner := func(hz [2]float64, hzFlip bool, vt [2]float64, vtFlip bool) [2]float64 {
		// y = p·x + r (horizontal side), x = u·y + v (vertical side).
		p, r := hz[0], hz[1]
		if hzFlip {
			p, r = -p, float64(h-1)-r
		}
		u, v := vt[0], vt[1]
		if vtFlip {
			u, v = -u, float64(w-1)-v
		}
		y := (p*v + r) / (1 - p*u)
		x := u*y + v
		return [2]float64{x, y}
	}
	q = [4][2]float64{
		corner(top, false, left, false),
		corner(top, false, right, true),
		corner(bottom, true, right, true),
		corner(bottom, true, left, false),
	}
	// Back to full resolution (pixel centres).
	for i := range q {
		q[i][0] = (q[i][0]+0.5)*float64(f) - 0.5
		q[i][1] = (q[i][1]+0.5)*float64(f) - 0.5
	}
	W, H := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	area := 0.0
	for i := range q {
		a, b := q[i], q[(i+1)%4]
		area += a[0]*b[1] - b[0]*a[1]
		if a[0] < -0.02*W || a[1] < -0.02*H || a[0] > 1.02*W || a[1] > 1.02*H {
			return q, false
		}
	}
	if area/2 < 0.3*W*H {
		return q, false
	}
	return q, true
}

// fitTrimmed fits across = a·along + b by least squares, twice dropping
// the points farther than 2 px (or 3× the median residual) from the line.
func fitTrimmed(pts [][2]float64) (a, b float64, ok bool) {
	use := pts
	for iter := 0; iter < 3; iter++ {
		if len(use) < 10 {
			return 0, 0, false
		}
		var st, sa, stt, sta float64
		for _, p := range use {
			st += p[0]
			sa += p[1]
			stt += p[0] * p[0]
			sta += p[0] * p[1]
		}
		n := float64(len(use))
		den := n*stt - st*st
		if den == 0 {
			return 0, 0, false
		}
		a = (n*sta - st*sa) / den
		b = (sa - a*st) / n
		res := make([]float64, len(pts))
		for i, p := range pts {
			res[i] = math.Abs(p[1] - (a*p[0] + b))
		}
		sorted := slices.Clone(res)
		slices.Sort(sorted)
		tol := max(2, 3*sorted[len(sorted)/2])
		var keep [][2]float64
		for i, p := range pts {
			if res[i] <= tol {
				keep = append(keep, p)
			}
		}
		use = keep
	}
	// Most points must agree with the line: a page edge, not clutter.
	return a, b, len(use)*10 >= len(pts)*6
}

// Dewarp maps the quadrilateral q of g (clockwise from top-left) onto an
// upright rectangle with the quadrilateral's mean side lengths, by a
// homography with bilinear sampling. The quadrilateral is first pulled in
// by inset (a fraction of its size) so the paper's edge is left out.
func Dewarp(g *image.Gray, q [4][2]float64, inset float64) *image.Gray {
	return dewarp(g, q, inset, 1, false, nil)
}

// DewarpCubic is Dewarp onto a rectangle k times as large, sampled with
// the Catmull-Rom cubic kernel: a phone photo whose print is small is
// rectified and enlarged in one resampling instead of two (a bilinear
// dewarp, then an upscale), which keeps its thin strokes and stacked
// marks darker (ADR 0619).
func DewarpCubic(g *image.Gray, q [4][2]float64, inset, k float64) *image.Gray {
	return dewarp(g, q, inset, k, true, nil)
}

// dewarp is Dewarp onto a rectangle k times as large, sampled with the
// cubic kernel or bilinearly; with fl, the result is also flattened by
// the levels Flatten found on the page dewarped at k = 1, in the same
// pass.
func dewarp(g *image.Gray, q [4][2]float64, inset, k float64, cubic bool, fl *flatLevels) *image.Gray {
	W, H, hm, ok := dewarpFrame(q, inset, k)
	if !ok {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, W, H))
	sw, sh := g.Rect.Dx(), g.Rect.Dy()
	src := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y):]
	var x0s, x1s []int
	var as []int32
	if fl != nil {
		x0s, x1s, as = flatCols(W, fl.bg.Rect.Dx(), flatCell*k)
	}
	bands.Rows(H, func(y0, y1 int) {
		us, vs := make([]float64, W), make([]float64, W)
		var mix []int32
		var rowMul []uint64
		if fl != nil {
			mix, rowMul = make([]int32, fl.bg.Rect.Dx()), make([]uint64, W)
		}
		for y := y0; y < y1; y++ {
			row := out.Pix[y*out.Stride:][:W]
			if fl != nil {
				flatRow(fl.bg, y, flatCell*k, mix, rowMul, x0s, x1s, as)
			}
			sourceRow(&hm, y, us, vs)
			for x := range row {
				u, v := us[x], vs[x]
				if u < 0 || v < 0 || u >= float64(sw-1) || v >= float64(sh-1) {
					row[x] = 255
					continue
				}
				ix, iy := int(u), int(v)
				var px uint8
				if cubic {
					px = cubicAt(src, g.Stride, sw, sh, ix, iy, u-float64(ix), v-float64(iy))
				} else {
					ax, ay := u-float64(ix), v-float64(iy)
					p := src[iy*g.Stride+ix:]
					pq := src[(iy+1)*g.Stride+ix:]
					top := float64(p[0])*(1-ax) + float64(p[1])*ax
					bot := float64(pq[0])*(1-ax) + float64(pq[1])*ax
					px = uint8(top*(1-ay) + bot*ay + 0.5)
				}
				if fl != nil {
					px = fl.lut[min(uint64(px)*rowMul[x]>>divShift, 255)]
				}
				row[x] = px
			}
		}
	})
	return out
}

// cubicAt samples src (sw×sh, rows stride apart) with the Catmull-Rom
// kernel at (ix+ax, iy+ay), clamping at the edges.
func cubicAt(src []uint8, stride, sw, sh, ix, iy int, ax, ay float64) uint8 {
	wx := &cubicLUT[int(ax*cubicSteps)]
	wy := &cubicLUT[int(ay*cubicSteps)]
	var acc int32
	for j := range 4 {
		r := src[min(max(iy-1+j, 0), sh-1)*stride:]
		var s int32
		if ix >= 1 && ix+2 < sw {
			p := r[ix-1 : ix+3 : ix+3]
			s = int32(p[0])*wx[0] + int32(p[1])*wx[1] + int32(p[2])*wx[2] + int32(p[3])*wx[3]
		} else {
			for i := range 4 {
				s += int32(r[min(max(ix-1+i, 0), sw-1)]) * wx[i]
			}
		}
		acc += s * wy[j]
	}
	return uint8(min(max((acc+1<<15)>>16, 0), 255))
}

// sourceRow fills us and vs with the position in the source of each pixel
// of output row y under the homography hm.
func sourceRow(hm *[9]float64, y int, us, vs []float64) {
	fy := float64(y)
	// Numerators and denominator are linear in x: step them.
	nx := hm[1]*fy + hm[2]
	ny := hm[4]*fy + hm[5]
	dn := hm[7]*fy + hm[8]
	for x := range us {
		fx := float64(x)
		d := hm[6]*fx + dn
		us[x] = (hm[0]*fx + nx) / d
		vs[x] = (hm[3]*fx + ny) / d
	}
}

// cubicSteps is how finely DewarpCubic quantises a sample's position
// between pixels: 1/64 px.
const cubicSteps = 64

// cubicLUT holds the Catmull-Rom weights (a = −0.5), in 1/256ths summing
// to 256, of the four pixels around a position i/cubicSteps past a pixel.
var cubicLUT = func() (t [cubicSteps][4]int32) {
	for i := range t {
		t[i] = cubicWeights(float64(i) / cubicSteps)
	}
	return t
}()

// dewarpFrame is the output size, k times the mean side lengths of q
// pulled in by inset, and the homography from its pixels to g's.
func dewarpFrame(q [4][2]float64, inset, k float64) (W, H int, hm [9]float64, ok bool) {
	var cx, cy float64
	for _, p := range q {
		cx += p[0] / 4
		cy += p[1] / 4
	}
	for i := range q {
		q[i][0] += (cx - q[i][0]) * inset * 2
		q[i][1] += (cy - q[i][1]) * inset * 2
	}
	dist := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	W = int(math.Round(k * (dist(q[0], q[1]) + dist(q[3], q[2])) / 2))
	H = int(math.Round(k * (dist(q[0], q[3]) + dist(q[1], q[2])) / 2))
	if W < 2 || H < 2 {
		return 0, 0, hm, false
	}
	hm, ok = geom.Homography([4][2]float64{{0, 0}, {float64(W - 1), 0}, {float64(W - 1), float64(H - 1)}, {0, float64(H - 1)}}, q)
	return W, H, hm, ok
}
