package pipeline

import "image"

// RemoveBorder whitens the dark bands a scanner leaves along the page's
// edges (a lid that does not close flat, the scanner bed around a smaller
// sheet). A band is a run of rows or columns, starting at the image's edge,
// whose mean is far below the paper's level; it is extended over its soft
// inner edge and filled with the paper's level, so that Tesseract sees
// neither a black bar nor a gray gradient it could read as text. Rows and
// columns are measured on every 4th pixel. It reports false, leaving g
// alone, when no edge has a band.
func RemoveBorder(g *image.Gray) (*image.Gray, bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 32 || h < 32 {
		return g, false
	}
	paper := float64(backgroundLevel(g))
	if paper < 60 {
		return g, false // a dark image: nothing to call a border
	}
	px := func(x, y int) uint8 { return g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] }
	// stats measures one line of n pixels (at(k) its kth), sampled on
	// every 4th: its mean, and whether it holds print, away from its ends
	// (the other edges' bands cross them): a sample darker than half the
	// mean. A scanner's bar and its gradient are even; a shadow over the
	// page (a phone photo's) has the page's print in it, which the band
	// must not whiten.
	stats := func(at func(k int) uint8, n int) (mean float64, ink bool) {
		s, c := 0, 0
		for k := 0; k < n; k += 4 {
			s += int(at(k))
			c++
		}
		mean = float64(s) / float64(c)
		for k := n / 10; k < n-n/10; k += 4 {
			if float64(at(k)) < 0.5*mean {
				return mean, true
			}
		}
		return mean, false
	}
	col := func(x int) (float64, bool) { return stats(func(y int) uint8 { return px(x, y) }, h) }
	row := func(y int) (float64, bool) { return stats(func(x int) uint8 { return px(x, y) }, w) }
	// band returns how many lines from the edge to whiten (line(i) is the
	// ith from it): the dark run (mean < 60% of paper) plus its gradient
	// (< 92%), the latter capped at twice the dark run so that a column
	// of dense text is not taken, and neither reaching a line that holds
	// print.
	band := func(line func(i int) (float64, bool), n int) int {
		under := func(i int, f float64) bool {
			m, ink := line(i)
			return m < f*paper && !ink
		}
		limit := n / 8
		i := 0
		for i < limit && under(i, 0.6) {
			i++
		}
		if i == 0 {
			return 0
		}
		j, stop := i, min(limit, 2*i+8)
		for j < stop && under(j, 0.92) {
			j++
		}
		return j
	}
	left := band(col, w)
	right := band(func(i int) (float64, bool) { return col(w - 1 - i) }, w)
	top := band(row, h)
	bottom := band(func(i int) (float64, bool) { return row(h - 1 - i) }, h)
	if left+right+top+bottom == 0 {
		return g, false
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		copy(out.Pix[y*out.Stride:][:w], g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):])
	}
	fill := uint8(paper)
	for y := 0; y < h; y++ {
		row := out.Pix[y*out.Stride:][:w]
		if y < top || y >= h-bottom {
			for x := range row {
				row[x] = fill
			}
			continue
		}
		for x := 0; x < left; x++ {
			row[x] = fill
		}
		for x := w - right; x < w; x++ {
			row[x] = fill
		}
	}
	return out, true
}
