package pipeline

import "image"

// inkRun is a horizontal run of ink pixels, columns [x0, x1) of row y;
// parent links it to the other runs of its piece (union-find).
type inkRun struct {
	x0, x1, y, parent int32
}

// labelInkRuns labels the 8-connected pieces of ink of g (pixels darker
// than t, outside skip when it is set: one flag per pixel, row by row)
// with union-find over row runs. It returns the runs in row and column
// order and, for each, the index of its piece's root run.
func labelInkRuns(g *image.Gray, t uint8, skip []bool) (runs []inkRun, roots []int32) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	find := func(i int32) int32 {
		for runs[i].parent != i {
			runs[i].parent = runs[runs[i].parent].parent
			i = runs[i].parent
		}
		return i
	}
	prevStart, prevEnd := 0, 0
	for y := range h {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
		var sk []bool
		if skip != nil {
			sk = skip[y*w:][:w:w]
		}
		curStart := len(runs)
		// Runs of both rows are in x order: the first run of the row
		// above that can touch the current one only moves right.
		p := prevStart
		for x := 0; x < w; {
			if row[x] >= t || sk != nil && sk[x] {
				x++
				continue
			}
			x0 := x
			for x < w && row[x] < t && (sk == nil || !sk[x]) {
				x++
			}
			id := int32(len(runs))
			runs = append(runs, inkRun{int32(x0), int32(x), int32(y), id})
			// 8-connected: runs above that reach one column past either end.
			for p < prevEnd && runs[p].x1 < int32(x0) {
				p++
			}
			for q := p; q < prevEnd && runs[q].x0 <= int32(x); q++ {
				if a, b := find(int32(q)), find(id); a != b {
					runs[a].parent = b
				}
			}
		}
		prevStart, prevEnd = curStart, len(runs)
	}
	roots = make([]int32, len(runs))
	for i := range runs {
		roots[i] = find(int32(i))
	}
	return runs, roots
}
