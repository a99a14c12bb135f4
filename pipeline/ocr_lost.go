package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"image"
	"slices"
	"strings"

	"github.com/sohoa/sohoa/internal/vntext"
)

// Tesseract's layout sometimes leaves a whole text line out of the page:
// on photocopied ID cards the line under or beside the photo, whose
// speckled copy the layout takes for part of a picture ("Giấy, thành phố Hà
// Nội" and the expiry date, both on the card's last row), and on A4 pages
// a signature block's line beside the signer's title ("- Thường trực
// HĐND;" and "KT. CHỦ TỊCH" on a clean page, ADR 0630). Such a line is
// found as a row of letter-sized ink pieces that no word box holds, and
// read on its own.
const (
	// lostMinH, lostMaxH: a letter's height, in median word heights.
	lostMinH = 0.3
	lostMaxH = 1.4
	// lostGap: pieces of one line are at most this many median word
	// heights apart.
	lostGap = 1.2
	// lostMinPieces: the fewest letter-sized pieces of a line worth reading.
	lostMinPieces = 4
	// lostRunW, lostRunFill: a piece of a letter's height up to lostRunW
	// word heights wide and less than lostRunFill inked is a run of
	// letters that blur or bold print joined ("22/08/2039" on a phone
	// photo of a card); a solid bar is more inked.
	lostRunW    = 12
	lostRunFill = 0.85
	// lostMinConf: a re-read line is taken when Tesseract is this sure of
	// it on average, and only its words of at least lostWordConf.
	lostMinConf  = 0.7
	lostWordConf = 0.5
	// lostMergedConf: a word taller than its line's others (lostMaxH) and
	// less sure than this was read across two lines.
	lostMergedConf = 0.6
)

// ReadLostLines reads the text lines of g that no word of pt covers (see
// lostMinH) one by one, each image widened until its edges cut no ink
// (uncutEdges), and inserts the words read with confidence, and the dash
// that opens a list item, into pt in reading order (by their top). It
// returns the text and how many lines it added.
func ReadLostLines(ctx context.Context, g *image.Gray, pt PageText, lr LineRecognizer) (PageText, int, error) {
	if len(pt.Words) < 3 {
		return pt, 0, nil
	}
	med := medianHeight(pt.Words, nil)
	if med < 8 {
		return pt, 0, nil
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Ink outside the word boxes, each box cut to the rows of its own ink
	// (wordBand) and widened by a quarter of a word height each side and
	// an eighth above and below (accents and dots that stick out of their
	// word).
	t := otsu(g)
	bounds := image.Rect(0, 0, w, h)
	covered := make([]bool, w*h)
	pad, vpad := med/4, max(1, med/8)
	var rows []lineRows
	for _, idx := range lineWords(pt.Words) {
		mid, lmed := middleAndHeight(pt.Words, idx)
		var tops, bottoms []int
		for _, i := range idx {
			wd := pt.Words[i]
			box := wordRect(wd.Box).Intersect(bounds)
			if box.Empty() {
				continue
			}
			top, bottom := wordBand(g, t, box, mid)
			tops, bottoms = append(tops, top), append(bottoms, bottom)
			if len(idx) >= 3 && acrossLines(wd, lmed) && float64(bottom-top) > lostMaxH*float64(lmed) {
				// A word read across two lines whose ink is not one
				// line's: what it covers may be a line of its own.
				continue
			}
			r := image.Rect(box.Min.X-pad, top-vpad, box.Max.X+pad, bottom+vpad).Intersect(bounds)
			for y := r.Min.Y; y < r.Max.Y; y++ {
				row := covered[y*w:][r.Min.X:r.Max.X]
				for i := range row {
					row[i] = true
				}
			}
		}
		if len(tops) > 0 {
			slices.Sort(tops)
			slices.Sort(bottoms)
			rows = append(rows, lineRows{idx, tops[len(tops)/2], bottoms[len(bottoms)/2]})
		}
	}
	pieces := freePieces(g, t, covered)
	var letters []image.Rectangle
	for _, p := range pieces {
		if float64(p.Dy()) < lostMinH*float64(med) || float64(p.Dy()) > lostMaxH*float64(med) {
			continue
		}
		if p.Dx() <= 2*med || p.Dx() <= lostRunW*med && inkFill(g, t, p) < lostRunFill {
			letters = append(letters, p)
		}
	}
	// A line of its own needs lostMinPieces letters; fewer in the rows of
	// a line read, just beside it, are its words the layout left out.
	type lost struct {
		r    image.Rectangle
		join int // the line they belong to, or -1
	}
	var lines []lost
	for _, gr := range lostLineGroups(letters, med) {
		n, ok := joinsLine(pt.Words, rows, gr.r, med)
		switch {
		case ok && gr.letters >= lostJoinPieces && !clipped(g, t, covered, gr.r):
			lines = append(lines, lost{gr.r, n})
		case gr.letters >= lostMinPieces && gr.r.Dx() >= 2*med:
			lines = append(lines, lost{gr.r, -1})
		}
	}
	if len(lines) == 0 {
		return pt, 0, nil
	}
	var found []lostRead
	for _, l := range lines {
		r := l.r.Inset(-med / 2).Intersect(bounds)
		r = uncutEdges(g, t, covered, r, med)
		img := image.NewGray(image.Rect(0, 0, r.Dx(), r.Dy()))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			src := g.Pix[g.PixOffset(g.Rect.Min.X+r.Min.X, g.Rect.Min.Y+y):][:r.Dx()]
			dst := img.Pix[(y-r.Min.Y)*img.Stride:][:r.Dx()]
			for x, v := range src {
				if covered[y*w+r.Min.X+x] {
					v = 255 // another line's words
				}
				dst[x] = v
			}
		}
		got, err := lr.RecognizeLine(ctx, img)
		if err != nil {
			return pt, 0, fmt.Errorf("read lost line: %w", err)
		}
		var ws, all []Word
		var sum float64
		for k, wd := range got.Words {
			sum += wd.Confidence
			wd.Box.X += r.Min.X
			wd.Box.Y += r.Min.Y
			if !hasLetterOrDigit(wd.Text) && wd.Text != "-" || readAlready(pt.Words, wd) {
				continue
			}
			all = append(all, wd)
			// A list item's dash opens the line; other marks alone are specks.
			dash := k == 0 && wd.Text == "-" && len(got.Words) > 1 && got.Words[1].Confidence >= lostWordConf
			if wd.Confidence >= lostWordConf && (wd.Text != "-" || dash) {
				ws = append(ws, wd)
			}
		}
		if len(got.Words) > 0 && sum/float64(len(got.Words)) < lostMinConf {
			ws = nil
		}
		// A dash whose words were read already is no line.
		if !anyWord(ws) {
			ws = nil
		}
		if !anyWord(all) {
			all = nil
		}
		found = append(found, lostRead{ws, all, l.join})
	}
	found = takeLost(pt.Words, found)
	// Words that belong to a line read already join it before new lines
	// are inserted, which renumbers the lines.
	for _, f := range found {
		if f.join >= 0 {
			pt.Words = joinLine(pt.Words, f.join, f.ws)
		}
	}
	for _, f := range found {
		if f.join < 0 {
			pt.Words = insertLine(pt.Words, f.ws)
		}
	}
	added := len(found)
	if added > 0 {
		pt.Text = textFromWords(pt.Words)
		pt.Confidence = meanConfidence(pt.Words)
	}
	return pt, added, nil
}

// acrossLines reports whether w, in a line of median word height lmed,
// was read across two lines: taller than lostMaxH times lmed and less sure
// than lostMergedConf.
func acrossLines(w Word, lmed int) bool {
	return float64(w.Box.H) > lostMaxH*float64(lmed) && w.Confidence < lostMergedConf
}

// readAlready reports whether ws holds nw already: the same letters and
// digits, diacritics aside, in an overlapping box, widened by half its
// height each side (a word read across two lines, whose box did not hide
// it).
func readAlready(ws []Word, nw Word) bool {
	core, _, _ := wordCore(nw.Text)
	core = vntext.Fold(core)
	for _, w := range ws {
		// Half a word height each side: Tesseract boxes a word now and
		// then by one of its marks ("“Công" by its 12 px quote).
		r := wordRect(w.Box)
		r.Min.X -= r.Dy() / 2
		r.Max.X += r.Dy() / 2
		if c, _, _ := wordCore(w.Text); vntext.Fold(c) == core && r.Overlaps(wordRect(nw.Box)) {
			return true
		}
	}
	return false
}

func hasLetterOrDigit(s string) bool { return strings.IndexFunc(s, isAlnum) >= 0 }

// anyWord reports whether ws holds a word with a letter or digit.
func anyWord(ws []Word) bool {
	return slices.ContainsFunc(ws, func(w Word) bool { return hasLetterOrDigit(w.Text) })
}

// insertLine puts the words of a new line before the first line of ws
// whose top lies below the new line's middle, and renumbers the lines.
func insertLine(ws, line []Word) []Word {
	mid := line[0].Box.Y + line[0].Box.H/2
	at := len(ws)
	for i, wd := range ws {
		if (i == 0 || wd.Line != ws[i-1].Line) && wd.Box.Y > mid {
			at = i
			break
		}
	}
	block := 0
	if at > 0 {
		block = ws[at-1].Block
	}
	out := make([]Word, 0, len(ws)+len(line))
	out = append(out, ws[:at]...)
	for _, wd := range line {
		wd.Block = block
		wd.Line = -1
		out = append(out, wd)
	}
	out = append(out, ws[at:]...)
	// Renumber: a new line starts where the old number changes.
	n, prev := -1, 0
	for i := range out {
		if i == 0 || out[i].Line != prev {
			n++
		}
		prev = out[i].Line
		out[i].Line = n
	}
	return out
}

// freePieces returns the boxes of the 8-connected pieces of ink (pixels
// darker than t) of g outside covered, labelled over row runs.
func freePieces(g *image.Gray, t uint8, covered []bool) []image.Rectangle {
	runs, roots := labelInkRuns(g, t, covered)
	boxes := map[int32]image.Rectangle{}
	for i, ru := range runs {
		r := roots[i]
		b := image.Rect(int(ru.x0), int(ru.y), int(ru.x1), int(ru.y)+1)
		if old, ok := boxes[r]; ok {
			b = b.Union(old)
		}
		boxes[r] = b
	}
	out := make([]image.Rectangle, 0, len(boxes))
	for _, b := range boxes {
		out = append(out, b)
	}
	// A total order: the map gave them in a random one, and pieces that
	// start in one column were grouped, and a page read, differently from
	// one run to the next.
	slices.SortFunc(out, func(a, b image.Rectangle) int {
		return cmp.Or(a.Min.X-b.Min.X, a.Min.Y-b.Min.Y, a.Max.X-b.Max.X, a.Max.Y-b.Max.Y)
	})
	return out
}

// lostGroup is a run of letter-sized ink pieces: its box and how many
// letters it holds.
type lostGroup struct {
	r       image.Rectangle
	letters int
}

// lostLineGroups joins letter-sized pieces into text lines: pieces whose
// middles lie within half a word height of each other and at most lostGap
// word heights apart, in reading order.
func lostLineGroups(ps []image.Rectangle, med int) []lostGroup {
	parent := make([]int, len(ps))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	gap := int(lostGap * float64(med))
	for i, a := range ps {
		ma := (a.Min.Y + a.Max.Y) / 2
		for j := i + 1; j < len(ps); j++ {
			b := ps[j]
			if b.Min.X > a.Max.X+gap {
				break // sorted by left edge
			}
			mb := (b.Min.Y + b.Max.Y) / 2
			if 2*abs(ma-mb) <= med {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int]image.Rectangle{}
	count := map[int]int{}
	for i, p := range ps {
		r := find(i)
		if c, ok := groups[r]; ok {
			p = p.Union(c)
		}
		groups[r] = p
		count[r] += max(1, ps[i].Dx()/med) // a run of joined letters counts as several
	}
	out := make([]lostGroup, 0, len(groups))
	for r, b := range groups {
		out = append(out, lostGroup{b, count[r]})
	}
	slices.SortFunc(out, func(a, b lostGroup) int {
		return cmp.Or(a.r.Min.Y-b.r.Min.Y, a.r.Min.X-b.r.Min.X, a.r.Max.Y-b.r.Max.Y, a.r.Max.X-b.r.Max.X)
	})
	return out
}

// uncutEdges widens r, by up to med columns on each side, until its left
// and right edges cut no free ink (darker than t and not covered): a list
// item's dash just left of the letters would otherwise be cut in half.
func uncutEdges(g *image.Gray, t uint8, covered []bool, r image.Rectangle, med int) image.Rectangle {
	w := g.Rect.Dx()
	inked := func(x int) bool {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if !covered[y*w+x] && g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] < t {
				return true
			}
		}
		return false
	}
	for n := 0; n < med && r.Min.X > 0 && inked(r.Min.X); n++ {
		r.Min.X--
	}
	for n := 0; n < med && r.Max.X < w && inked(r.Max.X-1); n++ {
		r.Max.X++
	}
	return r
}
