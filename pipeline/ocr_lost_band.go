package pipeline

import (
	"image"
	"slices"
	"unicode"
)

// Tesseract's boxes are not always its words' ink. On a photocopied ID card
// the heading's boxes reach over the small English motto set close under
// "SOCIALIST REPUBLIC OF VIET NAM" ("Independence - Freedom - Happiness"),
// and the title's reach up over it, so the motto's ink lay in boxes and
// ReadLostLines never saw it; the quốc hiệu's boxes reached down over
// "Độc lập" and "phúc" likewise. A box covers only the rows of its own ink
// (wordBand): the run of inked rows nearest its line's middle, and the
// marks just over or under it.
const (
	// bandInk: a row of a box is inked when it holds at least this share
	// of the box's most inked row.
	bandInk = 0.1
	// bandMarks: a run of inked rows at most this share of the word's run
	// high, next to it, holds its marks (the tones over capitals, dots
	// under them).
	bandMarks = 0.4
	// bandMarkCols: marks ink at most this share of the box's columns.
	bandMarkCols = 0.6
	// lostJoinGap, lostJoinPieces: as few as lostJoinPieces letters at
	// most lostJoinGap word heights beside a line, in its rows, are read
	// and join it ("Độc lập" before "- Tự do -").
	lostJoinGap    = 2
	lostJoinPieces = 2
)

// wordBand returns the rows [top, bottom) of b, a word's box in g, that
// hold its own ink: the run of rows inked darker than t (inkedRuns) nearest
// row mid, the middle of the word's line (middleAndHeight), with a short
// run (bandMarks) just above and one just below it, at most a sixth of its
// height away. A box with no ink is returned whole.
func wordBand(g *image.Gray, t uint8, b image.Rectangle, mid int) (int, int) {
	runs := inkedRuns(g, t, b)
	if len(runs) == 0 {
		return b.Min.Y, b.Max.Y
	}
	dist := func(r [2]int) int { return max(r[0]-mid, mid-r[1]+1, 0) }
	k := 0
	for i, r := range runs {
		if dist(r) < dist(runs[k]) {
			k = i
		}
	}
	c := runs[k]
	h := c[1] - c[0]
	gap := max(2, h/6)
	// Marks are short and sit over a few letters; a line of small print
	// under a heading is as short but spans the word.
	marks := func(r [2]int) bool {
		if float64(r[1]-r[0]) > bandMarks*float64(h) {
			return false
		}
		cols := 0
		for x := b.Min.X; x < b.Max.X; x++ {
			for y := r[0]; y < r[1]; y++ {
				if g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] < t {
					cols++
					break
				}
			}
		}
		return float64(cols) <= bandMarkCols*float64(b.Dx())
	}
	if k > 0 && c[0]-runs[k-1][1] <= gap && marks(runs[k-1]) {
		c[0] = runs[k-1][0]
	}
	if k+1 < len(runs) && runs[k+1][0]-c[1] <= gap && marks(runs[k+1]) {
		c[1] = runs[k+1][1]
	}
	return c[0], c[1]
}

// inkedRuns returns the runs of rows [a, b) of r in g that are inked: that
// hold, darker than t, at least bandInk of the pixels of r's most inked
// row. None when r holds no ink.
func inkedRuns(g *image.Gray, t uint8, r image.Rectangle) [][2]int {
	prof := make([]int, r.Dy())
	peak := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n := 0
		for _, v := range g.Pix[g.PixOffset(g.Rect.Min.X+r.Min.X, g.Rect.Min.Y+y):][:r.Dx()] {
			if v < t {
				n++
			}
		}
		prof[y-r.Min.Y] = n
		peak = max(peak, n)
	}
	if peak == 0 {
		return nil
	}
	least := max(1, int(bandInk*float64(peak)))
	var runs [][2]int
	for y := 0; y < len(prof); {
		if prof[y] < least {
			y++
			continue
		}
		a := y
		for y < len(prof) && prof[y] >= least {
			y++
		}
		runs = append(runs, [2]int{r.Min.Y + a, r.Min.Y + y})
	}
	return runs
}

// lineRows is a line of words read (their indexes) and the rows of its
// own ink: the medians of its words' bands' tops and bottoms.
type lineRows struct {
	idx         []int
	top, bottom int
}

// joinsLine returns the line of ws that the letters in r belong to: the
// first of rows whose rows hold their middle, none of whose words they
// overlap, and whose nearest word is at most lostJoinGap word heights from
// them.
func joinsLine(ws []Word, rows []lineRows, r image.Rectangle, med int) (int, bool) {
	mid := (r.Min.Y + r.Max.Y) / 2
	for _, lr := range rows {
		if mid < lr.top || mid >= lr.bottom {
			continue
		}
		idx := lr.idx
		near, over := false, false
		for _, i := range idx {
			gap := -xOverlap(wordRect(ws[i].Box), r)
			over = over || gap <= 0
			near = near || gap <= lostJoinGap*med
		}
		if near && !over {
			return ws[idx[0]].Line, true
		}
	}
	return 0, false
}

// joinLine puts new words into line n of ws, in order of their left edges.
func joinLine(ws []Word, n int, nw []Word) []Word {
	at, block := -1, 0
	for i, w := range ws {
		if w.Line == n {
			at, block = i, w.Block
			break
		}
	}
	end := at
	for end < len(ws) && ws[end].Line == n {
		end++
	}
	add := slices.Clone(nw)
	for i := range add {
		add[i].Line, add[i].Block = n, block
	}
	return slices.Concat(ws[:at], byLeft(ws[at:end], add), ws[end:])
}

// byLeft returns the words of parts in one new slice, in order of their
// left edges (words at one edge in the order given).
func byLeft(parts ...[]Word) []Word {
	out := slices.Concat(parts...)
	slices.SortStableFunc(out, func(a, b Word) int { return a.Box.X - b.Box.X })
	return out
}

// closerTogether reports whether the words of line read one of a card's
// printed phrases (printedMatch) closer than each of parts alone reads it.
func closerTogether(line []Word, parts ...[]Word) bool {
	p, d := printedMatch(line)
	if p < 0 {
		return false
	}
	for _, part := range parts {
		if editDistance(lineBare(part), cardPhrases[p].bare, d) <= d {
			return false
		}
	}
	return true
}

// lostRead is a lost line read on its own: its words read with confidence
// (ws; none when the line as a whole was unsure), all its words with a
// letter, digit or dash, and the line they join (or -1).
type lostRead struct {
	ws, all []Word
	join    int
}

// takeLost returns the lost lines worth taking, each with the words to
// take: its sure words, or all its words when they read a card's printed
// heading (cardPhrases): the small print of a photocopied card's
// "Independence - Freedom - Happiness", read unsure, which SnapCardLabels
// respells. Words that join a line read already must, with the other lost
// words joining it, bring that line closer to a heading ("Độc lập" and
// "phúc" beside "- Tự do - Hạnh"): a speck read beside a heading read
// whole only takes it further.
func takeLost(ws []Word, found []lostRead) []lostRead {
	byLine := map[int][]int{}
	for k, f := range found {
		byLine[f.join] = append(byLine[f.join], k)
	}
	printed := make([]bool, len(found))
	for n, ks := range byLine {
		if n < 0 {
			for _, k := range ks {
				_, d := printedMatch(found[k].all)
				printed[k] = d >= 0
			}
			continue
		}
		var before []Word
		for _, w := range ws {
			if w.Line == n {
				before = append(before, w)
			}
		}
		parts := [][]Word{before}
		for _, k := range ks {
			parts = append(parts, found[k].all)
		}
		if !closerTogether(byLeft(parts...), before) {
			continue
		}
		for _, k := range ks {
			printed[k] = true
		}
	}
	var out []lostRead
	for k, f := range found {
		if printed[k] {
			f.ws = f.all
		}
		if len(f.ws) > 0 {
			out = append(out, f)
		}
	}
	return out
}

// printedMatch returns the printed phrase (an index of cardPhrases) that a
// line's words read closest to and their distance, or -1, -1 when none is
// within its printedSlips.
func printedMatch(line []Word) (int, int) {
	bare := lineBare(line)
	if len(bare) == 0 {
		return -1, -1
	}
	bp, bd := -1, -1
	for i, p := range cardPhrases {
		n := printedSlips(len(p.bare))
		if d := editDistance(bare, p.bare, n); d <= n && (bd < 0 || d < bd) {
			bp, bd = i, d
		}
	}
	return bp, bd
}

// lineBare is a line's letters without spaces, the first in lower case, as
// printedPhrase.bare.
func lineBare(line []Word) []rune {
	var bare []rune
	for _, w := range line {
		bare = append(bare, []rune(w.Text)...)
	}
	if len(bare) > 0 {
		bare[0] = unicode.ToLower(bare[0])
	}
	return bare
}

// clipped reports whether free ink in r (dark and not covered) runs on,
// left or right, into covered ink: letters a word's box cut off, not a word
// of their own ("N" of "Nam" on a photocopy, its box starting at the "a").
func clipped(g *image.Gray, t uint8, covered []bool, r image.Rectangle) bool {
	w := g.Rect.Dx()
	ink := func(x, y int) bool { return g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] < t }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := max(r.Min.X-1, 1); x < min(r.Max.X+1, w-1); x++ {
			if covered[y*w+x] || !ink(x, y) {
				continue
			}
			for _, n := range []int{x - 1, x + 1} {
				if covered[y*w+n] && ink(n, y) {
					return true
				}
			}
		}
	}
	return false
}
