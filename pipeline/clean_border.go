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
	// colMean / rowMean: mean of a column / row, sampled.
	colMean := func(x int) float64 {
		s, n := 0, 0
		for y := 0; y < h; y += 4 {
			s += int(px(x, y))
			n++
		}
		return float64(s) / float64(n)
	}
	rowMean := func(y int) float64 {
		s, n := 0, 0
		for x := 0; x < w; x += 4 {
			s += int(px(x, y))
			n++
		}
		return float64(s) / float64(n)
	}
	// colInk / rowInk: whether a column / row holds print, sampled away
	// from its ends (the other edges' bands cross them): a sample darker
	// than half its line's mean. A scanner's bar and its gradient are
	// even; a shadow over the page (a phone photo's) has the page's print
	// in it, which the band must not whiten.
	colInk := func(x int) bool {
		m := colMean(x)
		for y := h / 10; y < h-h/10; y += 4 {
			if float64(px(x, y)) < 0.5*m {
				return true
			}
		}
		return false
	}
	rowInk := func(y int) bool {
		m := rowMean(y)
		for x := w / 10; x < w-w/10; x += 4 {
			if float64(px(x, y)) < 0.5*m {
				return true
			}
		}
		return false
	}
	// band returns how many lines from the edge to whiten: the dark run
	// (mean < 60% of paper) plus its gradient (< 92%), the latter capped
	// at twice the dark run so that a column of dense text is not taken,
	// and neither reaching a line that holds print (ink).
	band := func(mean func(i int) float64, ink func(i int) bool, n int) int {
		limit := n / 8
		i := 0
		for i < limit && mean(i) < 0.6*paper && !ink(i) {
			i++
		}
		if i == 0 {
			return 0
		}
		j, stop := i, min(limit, 2*i+8)
		for j < stop && mean(j) < 0.92*paper && !ink(j) {
			j++
		}
		return j
	}
	left := band(colMean, colInk, w)
	right := band(func(i int) float64 { return colMean(w - 1 - i) }, func(i int) bool { return colInk(w - 1 - i) }, w)
	top := band(rowMean, rowInk, h)
	bottom := band(func(i int) float64 { return rowMean(h - 1 - i) }, func(i int) bool { return rowInk(h - 1 - i) }, h)
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
