package pipeline

import (
	"image"
	"math"
	"sort"
)

// Layout is what the page analysis found on a downscaled binarised copy:
// the rotation that makes the page upright and the skew of its lines.
type Layout struct {
	Orientation int     // degrees clockwise to turn the page upright: 0, 90, 180, 270
	OrientConf  float64 // how clear the orientation is: 0 unknown, ≥ 0.15 reliable
	Skew        float64 // coarse skew (±0.1°) in the frame the lines are horizontal in
}

// layoutWorkWidth is the width of the working copy: ~150 dpi for A4 at
// 300 dpi, enough to tell x-height from ascenders and diacritics.
const layoutWorkWidth = 1300

// AnalyzeLayout finds orientation and skew together, from the ink pixels of
// one downscaled copy, at a small fraction of the cost of Tesseract's OSD.
//
// Sideways text is told by which axis, at its best skew, gives the more
// contrasted projection profile (text lines alternate with empty gaps).
// Upside-down text is told by the ink just outside each line's x-height
// band: Vietnamese puts diacritics and ascenders above it and little below
// (descenders, the dot of dấu nặng), so more ink below means 180°.
func AnalyzeLayout(g *image.Gray) Layout {
	f := max(1, g.Rect.Dx()/layoutWorkWidth, g.Rect.Dy()/layoutWorkWidth)
	s := Downscale(g, f)
	t := otsu(s)
	w, h := s.Rect.Dx(), s.Rect.Dy()
	var xs, ys []float64
	cx, cy := float64(w)/2, float64(h)/2
	step := 1
	if dark := countBelow(s, t); dark > 400000 {
		step = 2 // plenty of ink: a quarter of it tells the same
	}
	for y := 0; y < h; y += step {
		row := s.Pix[y*s.Stride:][:w]
		for x := 0; x < w; x += step {
			if row[x] < t {
				xs = append(xs, float64(x)-cx)
				ys = append(ys, float64(y)-cy)
			}
		}
	}
	if len(xs) < 300 || len(xs) > w*h/3/(step*step) {
		// Blank page, or mostly dark (a photo): nothing to measure.
		return Layout{}
	}
	hor := newProfiler(xs, ys, w+h)
	ver := newProfiler(ys, xs, w+h)
	ah, sh := hor.best()
	av, sv := ver.best()
	p, a, deg := hor, ah, 0
	if sv > sh*1.15 {
		p, a, deg = ver, av, 90
	}
	up := p.upness(a)
	switch {
	case deg == 0 && up < 0:
		deg = 180
	case deg == 90 && up < 0:
		// In the transposed frame "above" is toward −x: glyph tops to the
		// left need a clockwise quarter turn (90), to the right 270.
		deg = 270
	}
	return Layout{Orientation: deg, OrientConf: math.Abs(up), Skew: a}
}

func countBelow(g *image.Gray, t uint8) int {
	n := 0
	w := g.Rect.Dx()
	for y := 0; y < g.Rect.Dy(); y++ {
		for _, v := range g.Pix[y*g.Stride:][:w] {
			if v < t {
				n++
			}
		}
	}
	return n
}

// profiler projects points (u, v) onto the v axis after shearing by an
// angle, with linear binning.
type profiler struct {
	us, vs []float64
	bins   []float64
	off    float64
}

func newProfiler(us, vs []float64, n int) *profiler {
	return &profiler{us: us, vs: vs, bins: make([]float64, 2*n+8), off: float64(n + 4)}
}

func (p *profiler) project(deg float64) []float64 {
	tn := math.Tan(deg * math.Pi / 180)
	clear(p.bins)
	for i, u := range p.us {
		r := p.vs[i] + u*tn + p.off
		j := int(r)
		fr := r - float64(j)
		p.bins[j] += 1 - fr
		p.bins[j+1] += fr
	}
	return p.bins
}

// contrast is the squared coefficient of variation of the profile over the
// extent of the ink: high when ink comes in lines separated by gaps.
func contrast(bins []float64) float64 {
	lo, hi := 0, len(bins)-1
	for lo < hi && bins[lo] == 0 {
		lo++
	}
	for hi > lo && bins[hi] == 0 {
		hi--
	}
	n := float64(hi - lo + 1)
	var s, ss float64
	for _, b := range bins[lo : hi+1] {
		s += b
		ss += b * b
	}
	m := s / n
	if m == 0 {
		return 0
	}
	return (ss/n - m*m) / (m * m)
}

// best searches the skew (coarse, then fine) that maximises contrast.
func (p *profiler) best() (deg, score float64) {
	f := func(a float64) float64 { return contrast(p.project(a)) }
	deg = search(f, -maxSkew, maxSkew, skewCoarse)
	deg = search(f, deg-skewCoarse, deg+skewCoarse, 0.1)
	return deg, f(deg)
}

// upness is (ink above the x-height bands − ink below) / (both), over all
// text lines of the profile at angle deg: > 0 for upright Vietnamese.
func (p *profiler) upness(deg float64) float64 {
	bins := p.project(deg)
	peak := robustPeak(bins)
	if peak == 0 {
		return 0
	}
	var above, below float64
	gap := peak * 0.04
	for i := 0; i < len(bins); {
		if bins[i] <= gap {
			i++
			continue
		}
		j := i
		lineMax := 0.0
		for j < len(bins) && bins[j] > gap {
			lineMax = max(lineMax, bins[j])
			j++
		}
		if lineMax >= peak*0.25 && j-i >= 3 {
			core := lineMax * 0.45
			a, b := i, j-1
			for bins[a] < core {
				a++
			}
			for bins[b] < core {
				b--
			}
			for k := i; k < a; k++ {
				above += bins[k]
			}
			for k := b + 1; k < j; k++ {
				below += bins[k]
			}
		}
		i = j
	}
	if above+below == 0 {
		return 0
	}
	return (above - below) / (above + below)
}

// robustPeak is the 95th percentile of the non-empty bins.
func robustPeak(bins []float64) float64 {
	var nz []float64
	for _, b := range bins {
		if b > 0 {
			nz = append(nz, b)
		}
	}
	if len(nz) == 0 {
		return 0
	}
	sort.Float64s(nz)
	return nz[len(nz)*95/100]
}
