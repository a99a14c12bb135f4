package pipeline

import "image"

// A seal's remnant, a shadow or a picture over a paragraph's right part
// makes Tesseract's layout cut the paragraph in two blocks side by side:
// the lines' left parts are read first, then their right parts as lines of
// their own ("Điều 2. Quyết định này có hiệ" … "c kể từ ngày ký. Chánh
// Văn", seed 11's sealed decision-0000). A right part continues the line
// beside it when the paragraph's line just above runs across both.
const (
	// joinGap: a cut line's parts are at most this many median word
	// heights apart (a signature block's columns are ten and more apart).
	joinGap = 4.0
	// joinAbove: the full line is at most this many of the part's line
	// heights above it.
	joinAbove = 2.5
)

// JoinCutLines moves each line that continues, in another block, the line
// on its left (same row, joinGap, a line just above spanning both: see
// joinAbove) after that line's words, as one line. It returns the page and
// the number of lines joined.
func JoinCutLines(pt PageText) (PageText, int) {
	med := medianHeight(pt.Words, nil)
	if len(pt.Words) < 3 || med < 8 {
		return pt, 0
	}
	lines := lineWords(pt.Words)
	rects := make([]image.Rectangle, len(lines))
	for n, idx := range lines {
		r := wordRect(pt.Words[idx[0]].Box)
		for _, i := range idx[1:] {
			r = r.Union(wordRect(pt.Words[i].Box))
		}
		rects[n] = r
	}
	// joined[n] is the line that line n is appended to, or -1.
	joined := make([]int, len(lines))
	for n := range joined {
		joined[n] = -1
	}
	block := func(n int) int { return pt.Words[lines[n][0]].Block }
	target := make([]bool, len(lines)) // lines that others were joined to
	count := 0
	for r := range rects {
		if target[r] {
			continue
		}
		best, bestGap := -1, 0
		for l, lr := range rects {
			if l == r || block(l) == block(r) || joined[l] >= 0 {
				continue
			}
			rr := rects[r]
			// The right part may start a little inside the left's box
			// (a letter cut in two: "tổ ch" | "ức,").
			gap := rr.Min.X - lr.Max.X
			overlap := min(lr.Max.Y, rr.Max.Y) - max(lr.Min.Y, rr.Min.Y)
			if 2*gap < -med || float64(gap) > joinGap*float64(med) || 2*overlap < min(lr.Dy(), rr.Dy()) ||
				rr.Max.X <= lr.Max.X || !spannedAbove(rects, lr, rr, l, r) {
				continue
			}
			if best < 0 || gap < bestGap {
				best, bestGap = l, gap
			}
		}
		if best < 0 {
			continue
		}
		joined[r], target[best] = best, true
		// The joined line spans both parts: the next cut line below
		// finds it above.
		rects[best] = rects[best].Union(rects[r])
		count++
	}
	if count == 0 {
		return pt, 0
	}
	// Each line's words, then those of the lines joined to it.
	tails := make([][]int, len(lines))
	for r, l := range joined {
		if l >= 0 {
			tails[l] = append(tails[l], r)
		}
	}
	out := make([]Word, 0, len(pt.Words))
	for n, idx := range lines {
		if joined[n] >= 0 {
			continue
		}
		for _, i := range idx {
			out = append(out, pt.Words[i])
		}
		for _, r := range tails[n] {
			for _, i := range lines[r] {
				w := pt.Words[i]
				w.Line, w.Block = pt.Words[idx[0]].Line, pt.Words[idx[0]].Block
				out = append(out, w)
			}
		}
	}
	pt.Words = out
	pt.Text = textFromWords(out)
	return pt, count
}

// spannedAbove reports whether a line other than l and r, just above them
// (within joinAbove of their height), runs from l's left to r's right,
// give or take half a line height: the paragraph's full line.
func spannedAbove(rects []image.Rectangle, lr, rr image.Rectangle, l, r int) bool {
	h := max(lr.Dy(), rr.Dy())
	top := min(lr.Min.Y, rr.Min.Y)
	for n, a := range rects {
		// Above: its middle over the parts' top (a tall accent or a
		// descender may reach lower), and near.
		if n == l || n == r || (a.Min.Y+a.Max.Y)/2 >= top || float64(top-a.Max.Y) > joinAbove*float64(h) {
			continue
		}
		if a.Min.X <= lr.Min.X+h/2 && a.Max.X >= rr.Max.X-h/2 {
			return true
		}
	}
	return false
}
