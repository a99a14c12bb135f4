package pipeline

import (
	"context"
	"fmt"
	"image"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// An ID card prints text in two columns below its heading: a small label
// and a date under the photo ("Có giá trị đến / Date of expiry:"), the
// address beside it. Tesseract's layout takes the two for one text line
// when their rows are near, and fits one baseline and one x-height to both:
// on a photocopy or a phone photo the smaller print under the photo then
// reads as junk, and the words beside it with it ("Cô đó trị đến !ate øí
// epdy lá HỆ hị Thanh," for the label and "Nguyễn Chí Thanh,"). Such a line
// shows a wide gap between two groups of words that sit at different
// heights or sizes; the card below the line's top is then read again as
// two columns, each with Tesseract's own layout (ADR 0627). An A4 page's
// signature block is two such columns too: the list of recipients in
// small print, the signer's title in bold capitals beside it, their rows
// apart; Tesseract merges them into lines read as junk or left out
// ("TT ếP PHÓ THỦ TƯỚNG" for "- Lưu: VT, CP." and the title, ADR 0632).
const (
	// columnGap: the gap between the two groups, in median word heights
	// (word gaps in a line are under half of one).
	columnGap = 0.9
	// columnAlignGap: on a CCCD, a gap this wide is enough where the
	// words right of it start at the card's text column (textColumn): a
	// long expiry label under the photo ends a word gap short of the
	// address beside it (0.8 of a word height, clean, seed 30).
	columnAlignGap = 0.5
	// columnShift, columnSize: the groups' middles differ by this many
	// median word heights, or one group's median height is this many
	// times the other's.
	columnShift = 0.3
	columnSize  = 1.35
	// columnJunkGap: on a page, a group read as junk beside a gap this
	// many median word heights wide is a column merged with the other
	// (a signature block's white is ten and more; a label's gap to its
	// value, or a speck's, two or three).
	columnJunkGap = 4.0
	// columnUnsure, columnPageUnsure: only a line read with a word less
	// sure than this, on a card and on a page, is read again; a merged
	// line read right is left alone. A page's merged lines read surer and
	// still wrong ("Sợ MộI vụ, PHÓ CHỦ TỊCH", MộI at 0.54).
	columnUnsure     = 0.5
	columnPageUnsure = 0.8
	// columnMinH: words lower than this many median word heights (rules,
	// a photo's edge) are left out of the groups.
	columnMinH = 0.4
)

// ReadColumns finds the first line of pt that Tesseract read across two
// columns (see columnGap) of a card (card) or a page and reads the image
// below that line's top again, each column on its own. Each new line
// replaces the old words it covers when Tesseract is surer of it
// (mergeReading); the right column's lines come first, then the left's.
// It returns the text and whether it replaced anything.
func ReadColumns(ctx context.Context, g *image.Gray, pt PageText, eng Engine, card bool) (PageText, bool, error) {
	if len(pt.Words) < 3 {
		return pt, false, nil
	}
	med := medianHeight(pt.Words, nil)
	if med < 8 {
		return pt, false, nil
	}
	lines := lineWords(pt.Words)
	t := otsu(g)
	li, gx := findGutter(g, t, pt.Words, lines, med, card)
	if li < 0 {
		return pt, false, nil
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Where each column's reading starts: [0] right, [1] left.
	y0 := [2]int{columnsTop(g, t, pt.Words, lines[li], gx, w, med, !card), columnsTop(g, t, pt.Words, lines[li], 0, gx, med, !card)}
	var news []Word
	for _, r := range []image.Rectangle{image.Rect(gx, y0[0], w, h), image.Rect(0, y0[1], gx, h)} {
		sub := g.SubImage(r.Add(g.Rect.Min)).(*image.Gray)
		got, err := eng.Recognize(ctx, sub)
		if err != nil {
			return pt, false, fmt.Errorf("read columns: %w", err)
		}
		got = DropPictureWords(sub, got)
		base := 0
		if len(news) > 0 {
			base = news[len(news)-1].Line + 1
		}
		for _, wd := range got.Words {
			if cut := r.Min.X > 0 && wd.Box.X <= 2 || r.Max.X < w && wd.Box.X+wd.Box.W >= r.Dx()-2; cut && wd.Confidence < columnUnsure {
				continue // a piece of the other column's print, cut by the crop
			}
			wd.Box.X += r.Min.X
			wd.Box.Y += r.Min.Y
			wd.Line += base
			news = append(news, wd)
		}
	}
	take := news
	if !card {
		take = sureLines(news)
	}
	merged := mergeReading(pt.Words, take, y0, gx)
	if merged == nil {
		return pt, false, nil
	}
	if !card {
		merged = dropUnread(merged, news, y0, gx)
	}
	pt.Words = merged
	pt.Text = textFromWords(pt.Words)
	pt.Confidence = meanConfidence(pt.Words)
	return pt, true, nil
}

// sureLines returns the lines of news read with a mean confidence of at
// least columnUnsure: on a page, a column read again shows a seal's
// remnant as a line of junk ("^1*x^Ã vs XL.5XSNNG/ - tườơnn", 0.25), which
// must not replace the one junk word read there before.
func sureLines(news []Word) []Word {
	var out []Word
	for _, idx := range lineWords(news) {
		// A line's words stand together in news.
		if line := news[idx[0] : idx[len(idx)-1]+1]; meanConfidence(line) >= columnUnsure {
			out = append(out, line...)
		}
	}
	return out
}

// dropUnread drops from ws the words read unsure (columnUnsure) below y0
// in their column where the second reading, news, read nothing over a
// third of them (boxesOverlap): ink that a page's columns, read on their
// own, show as no text ("Tri," at 0.07 between a signer's two titles). A
// card's tiny print may be missed by a crop's reading, and is left.
func dropUnread(ws, news []Word, y0 [2]int, gx int) []Word {
	return slices.DeleteFunc(ws, func(w Word) bool {
		return w.Confidence < columnUnsure && w.Box.Y+w.Box.H/2 >= y0[column(w, gx)] &&
			!slices.ContainsFunc(news, func(nw Word) bool { return boxesOverlap(nw.Box, w.Box) })
	})
}

// mergeReading takes the lines of news, a second reading of the page below
// row y0 (by column, see column), that Tesseract is surer of than of the
// old words ws they cover (character for character), and lines that
// cover none when they read with lostMinConf (seal remnants and photo
// edges a column's layout lets through read unsure) and hold a word of
// two letters or digits (wordOfTwo). The covered old words go. A line
// that reads only what its old words read leaves them (keepReadAgain).
// It returns the page's words, the old ones kept first, or nil when it
// took no new line and dropped no old word.
func mergeReading(ws, news []Word, y0 [2]int, gx int) []Word {
	gone := make([]bool, len(ws))
	vouched := make([]bool, len(ws)) // old words a re-read of the same words kept
	var taken []Word
	for len(news) > 0 {
		n := 1
		for n < len(news) && news[n].Line == news[0].Line {
			n++
		}
		line := news[:n]
		news = news[n:]
		var cover []Word
		var idx []int
		for i, old := range ws {
			if old.Box.Y+old.Box.H/2 < y0[column(old, gx)] {
				continue // mostly above the second reading: kept, as below
			}
			for _, nw := range line {
				if covers(nw, old) {
					cover, idx = append(cover, old), append(idx, i)
					break
				}
			}
		}
		// A line whose old words another new line took is read anew.
		if len(cover) > 0 && readsAgain(line, cover) && !slices.ContainsFunc(idx, func(i int) bool { return gone[i] }) {
			keepReadAgain(line, cover, idx, gone, vouched)
			continue
		}
		if len(cover) == 0 && (meanConfidence(line) < lostMinConf || !slices.ContainsFunc(line, wordOfTwo)) ||
			len(cover) > 0 && !surerLine(line, cover) {
			continue // a new line of lone letters is a signature's strokes ("Ă ề")
		}
		for _, i := range idx {
			if !vouched[i] {
				gone[i] = true
			}
		}
		taken = append(taken, line...)
	}
	if len(taken) == 0 && !slices.Contains(gone, true) {
		return nil
	}
	// Reading order: the page above the second reading as it was, then
	// the lines below y0, old and new, the right column's before the
	// left's (the address before the expiry label and its date), each
	// column top down.
	type group struct {
		ws                      []Word
		col, top, bottom, isNew int
	}
	var out []Word
	var groups []*group
	byKey := map[[3]int]*group{} // old or new, line, column
	add := func(wd Word, isNew int) {
		col := column(wd, gx)
		k := [3]int{isNew, wd.Line, col}
		gr := byKey[k]
		if gr == nil && isNew == 0 {
			// An old word left beside a new line (one the crop cut off)
			// joins that line.
			for _, g := range groups {
				if m := wd.Box.Y + wd.Box.H/2; g.isNew == 1 && g.col == col && g.top <= m && m <= g.bottom {
					gr = g
					break
				}
			}
		}
		if gr == nil {
			gr = &group{col: col, top: wd.Box.Y, bottom: wd.Box.Y + wd.Box.H, isNew: isNew}
			byKey[k] = gr
			groups = append(groups, gr)
		}
		gr.top, gr.bottom = min(gr.top, wd.Box.Y), max(gr.bottom, wd.Box.Y+wd.Box.H)
		gr.ws = append(gr.ws, wd)
	}
	for _, wd := range taken {
		add(wd, 1)
	}
	for i, wd := range ws {
		switch {
		case gone[i]:
		case wd.Box.Y+wd.Box.H/2 < y0[column(wd, gx)]:
			out = append(out, wd)
		case readAlready(taken, wd):
			// the same word again, in a box a merged line stretched
		default:
			add(wd, 0)
		}
	}
	slices.SortStableFunc(groups, func(a, b *group) int {
		if a.col != b.col {
			return a.col - b.col
		}
		return a.top - b.top
	})
	line, block := 0, 0
	for _, wd := range out {
		line, block = max(line, wd.Line+1), max(block, wd.Block+1)
	}
	for _, gr := range groups {
		slices.SortStableFunc(gr.ws, func(a, b Word) int { return a.Box.X - b.Box.X })
		for _, wd := range gr.ws {
			wd.Line, wd.Block = line, block+gr.col
			out = append(out, wd)
		}
		line++
	}
	return out
}

// column is 0 for a word right of the gutter gx, 1 left of it.
func column(wd Word, gx int) int {
	if wd.Box.X < gx {
		return 1
	}
	return 0
}

// covers reports whether the new word nw reads what the old word old read:
// nw has a letter or a digit (a speck read "_" inside an old word's box
// reads nothing of it), their boxes overlap (boxesOverlap) and, for an old
// word with digits read sure, their middles are within half the lower
// one's height: a date's tall box under a label is not the label's.
func covers(nw, old Word) bool {
	if !hasLetterOrDigit(nw.Text) || !boxesOverlap(nw.Box, old.Box) {
		return false
	}
	if old.Confidence < columnUnsure || strings.IndexFunc(old.Text, unicode.IsDigit) < 0 {
		return true
	}
	d := (nw.Box.Y + nw.Box.H/2) - (old.Box.Y + old.Box.H/2)
	return 2*abs(d) <= min(nw.Box.H, old.Box.H)
}

// boxesOverlap reports whether a and b share at least a third of the
// smaller one's area.
func boxesOverlap(a, b Box) bool {
	ra, rb := wordRect(a), wordRect(b)
	in := ra.Intersect(rb)
	small := min(ra.Dx()*ra.Dy(), rb.Dx()*rb.Dy())
	return small > 0 && 3*in.Dx()*in.Dy() >= small
}

// findGutter returns the first line of lines read across two columns
// (mergedColumns) with a word read unsure (columnUnsure) and the column gx
// of its gutter: one of the least inked columns of the gap from the
// line's top down (gutterColumns) that no word crosses (gutter). On a
// page every gap of every such line is tried, the widest first, and of
// each the middle of its widest run of those columns (runMiddles): a
// label's gap to its value passes as one, as does a speck's. On a card,
// its first gap and the rightmost of those columns, as measured for ADR
// 0627: trying more read the small print under the photo apart from its
// date and lost it (seed 1). It returns -1 when no line has such a gutter.
func findGutter(g *image.Gray, t uint8, ws []Word, lines [][]int, med int, card bool) (li, gx int) {
	unsure := columnPageUnsure
	if card {
		unsure = columnUnsure
	}
	align := -1
	if card {
		align = textColumn(ws, lines)
	}
	for k, idx := range lines {
		if !slices.ContainsFunc(idx, func(i int) bool {
			return ws[i].Confidence < unsure && hasLetterOrDigit(ws[i].Text)
		}) {
			continue
		}
		gaps := mergedColumns(ws, idx, med, !card, align)
		if card && len(gaps) > 0 {
			gaps = gaps[:1]
		}
		// On a page the white between a signature block's columns is wider
		// than a dash's gap in the list beside it ("chính | - Kế hoạch;").
		slices.SortStableFunc(gaps, func(a, b [2]int) int { return (b[1] - b[0]) - (a[1] - a[0]) })
		for _, gap := range gaps {
			if !gutter(ws, lines, k, (gap[0]+gap[1])/2, med) {
				continue
			}
			y1 := textBottom(ws, lines[k:])
			if card {
				y1 = g.Rect.Dy() // as measured for ADR 0627
			}
			xs := gutterColumns(g, t, gap, columnsTop(g, t, ws, idx, 0, g.Rect.Dx(), med, !card), y1)
			if card && len(xs) > 0 {
				if gutter(ws, lines, k, xs[0], med) {
					return k, xs[0]
				}
				return -1, 0
			}
			for _, x := range runMiddles(xs) {
				if gutter(ws, lines, k, x, med) {
					return k, x
				}
			}
		}
	}
	return -1, 0
}

// mergedColumns returns the gaps of the words idx of one line, left to
// right, that part them into two groups, left and right of a gap wider
// than columnGap, that sit at different heights or sizes (columnShift,
// columnSize), or on a page (page) where one group holds junk (a word
// under columnUnsure) beside a gap of columnJunkGap: two lines
// of the recipients' list merged into one at the height of the signer's
// title ("Ệ>22 0x4 PHÓ CHỦ TỊCH" for "- Kho bạc Nhà nước;", "- Công an;"
// and the title; "là vụ;" for "- Sở Nội vụ;" and the line below, beside
// "KT. THỦ TƯỚNG"). Where the words right of a gap start at align (a
// CCCD's text column; -1 for none), columnAlignGap is wide enough. A gap
// is its first and last column.
func mergedColumns(ws []Word, idx []int, med int, page bool, align int) [][2]int {
	var byX []int
	for _, i := range idx {
		// A rule or a photo's edge read as a word is no column's text.
		if float64(ws[i].Box.H) >= columnMinH*float64(med) {
			byX = append(byX, i)
		}
	}
	if len(byX) < 2 {
		return nil
	}
	sort.Slice(byX, func(a, b int) bool { return ws[byX[a]].Box.X < ws[byX[b]].Box.X })
	var gaps [][2]int
	for k := 1; k < len(byX); k++ {
		l, r := ws[byX[k-1]].Box, ws[byX[k]].Box
		gap := r.X - (l.X + l.W)
		least := columnGap
		if align >= 0 && abs(r.X-align) <= med/2 {
			least = columnAlignGap
		}
		if float64(gap) < least*float64(med) {
			continue
		}
		lm, lh := middleAndHeight(ws, byX[:k])
		rm, rh := middleAndHeight(ws, byX[k:])
		shift := abs(lm-rm) >= int(columnShift*float64(med))
		size := float64(max(lh, rh)) >= columnSize*float64(min(lh, rh))
		junk := page && float64(gap) >= columnJunkGap*float64(med) && min(minConf(ws, byX[:k]), minConf(ws, byX[k:])) < columnUnsure
		if shift || size || junk {
			gaps = append(gaps, [2]int{l.X + l.W, r.X})
		}
	}
	return gaps
}

// gutterColumns are the columns of gap, from row y0 down to row y1 (the
// text's bottom: a photocopy's specks below it would pick columns at
// random), with the least ink (darker than t), the rightmost first: where
// a word box's edge cuts a label that runs on into the gap ("Date | of
// expiry:"), the page's own white column does not. Between a signature
// block's columns the white runs between words below reach it too; the
// caller takes the first that no word crosses (gutter).
func gutterColumns(g *image.Gray, t uint8, gap [2]int, y0, y1 int) []int {
	best := -1
	var xs []int
	for x := min(gap[1], g.Rect.Dx()) - 1; x >= max(gap[0], 0); x-- {
		n := 0
		for y := y0; y < min(y1, g.Rect.Dy()); y++ {
			if g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] < t {
				n++
			}
		}
		switch {
		case best < 0 || n < best:
			best, xs = n, append(xs[:0], x)
		case n == best:
			xs = append(xs, x)
		}
	}
	return xs
}

// runMiddles returns the middles of the runs of adjacent columns in xs
// (right to left, as gutterColumns gives them), the widest run first. On
// a page the white between a signature block's columns is the widest;
// the gaps between a centred title's words, which line up by chance
// ("PHÓ | CHỦ TỊCH" under "KT. | CHỦ TỊCH"), are narrow.
func runMiddles(xs []int) []int {
	type run struct{ mid, n int }
	var runs []run
	for i := 0; i < len(xs); {
		j := i + 1
		for j < len(xs) && xs[j] == xs[j-1]-1 {
			j++
		}
		runs = append(runs, run{(xs[i] + xs[j-1]) / 2, j - i})
		i = j
	}
	slices.SortStableFunc(runs, func(a, b run) int { return b.n - a.n })
	mids := make([]int, len(runs))
	for i, r := range runs {
		mids[i] = r.mid
	}
	return mids
}

// textBottom is the lowest row of the words of lines.
func textBottom(ws []Word, lines [][]int) int {
	y := 0
	for _, idx := range lines {
		for _, i := range idx {
			y = max(y, ws[i].Box.Y+ws[i].Box.H)
		}
	}
	return y
}

// gutter reports whether column x is a gutter from line k down: no word
// of the line above k or of any line below crosses it. A label and its
// value in a larger print ("Số / No.: 0123…") leave a gap too, but the
// lines around them run across it.
func gutter(ws []Word, lines [][]int, k, x, med int) bool {
	for n := max(k-1, 0); n < len(lines); n++ {
		for _, i := range lines[n] {
			if b := ws[i].Box; b.X < x && x < b.X+b.W && float64(b.H) >= columnMinH*float64(med) {
				return false
			}
		}
	}
	return true
}

// minConf is the least confidence of the words idx.
func minConf(ws []Word, idx []int) float64 {
	m := 1.0
	for _, i := range idx {
		m = min(m, ws[i].Confidence)
	}
	return m
}

// middleAndHeight returns the median vertical middle and the median height
// of the words idx.
func middleAndHeight(ws []Word, idx []int) (mid, h int) {
	ms := make([]int, len(idx))
	for k, i := range idx {
		ms[k] = ws[i].Box.Y + ws[i].Box.H/2
	}
	slices.Sort(ms)
	return ms[len(ms)/2], medianHeight(ws, idx)
}

// columnsTop is the row where the second reading of the columns x0–x1
// starts: the emptiest row there (ink darker than t) between the merged
// line's top in those columns (its words' median top) and the middle of
// the words above it there. The other column's lines interleave with
// these, so each column has its own. On a page (page) the merged line's
// own words are not among those above; on a card they are, as ADR 0627
// measured it.
func columnsTop(g *image.Gray, t uint8, ws []Word, merged []int, x0, x1, med int, page bool) int {
	var tops []int
	for _, i := range merged {
		if b := ws[i].Box; b.X >= x0 && b.X < x1 && float64(b.H) >= columnMinH*float64(med) {
			tops = append(tops, b.Y)
		}
	}
	if len(tops) == 0 {
		return 0
	}
	slices.Sort(tops)
	hi := tops[len(tops)/2]
	lo := max(hi-2*med, 0)
	for k, wd := range ws {
		// The merged line's own words are not above it, however tall: a
		// word read across a lost line and the merged one ("Các" over
		// "- Sở Nội vụ;" and "- Các Bộ,") reaches above its neighbours.
		b := wd.Box
		if m := b.Y + b.H/2; b.X >= x0 && b.X < x1 && m < hi && float64(b.H) >= columnMinH*float64(med) && !(page && slices.Contains(merged, k)) {
			lo = max(lo, m)
		}
	}
	// The topmost of the emptiest rows: a line Tesseract left out between
	// the words above and the merged line ("- Sở Nội vụ;" under "Nơi
	// nhận:") is read with the columns.
	best, by := -1, hi
	for y := lo; y <= hi; y++ {
		row := g.Pix[g.PixOffset(g.Rect.Min.X+x0, g.Rect.Min.Y+y):][:x1-x0]
		n := 0
		for _, v := range row {
			if v < t {
				n++
			}
		}
		if best < 0 || n < best {
			best, by = n, y
		}
	}
	return by
}

// keepReadAgain keeps the old words cover (at idx in the page's words)
// of a new line that reads what they read (readsAgain): the crop's layout
// may have cut the line apart from its neighbours ("PHÓ" | "CHỦ TỊCH").
// The words it reads are vouched for, and later lines leave them; junk
// it covers but does not read is gone: words read unsure, lone letters (a
// stroke's "Ă ề"). A word it lost ("Phường" of an address) stays.
func keepReadAgain(line, cover []Word, idx []int, gone, vouched []bool) {
	for k, i := range idx {
		switch {
		case slices.ContainsFunc(line, func(nw Word) bool { return nw.Text == cover[k].Text }):
			vouched[i] = true
		case cover[k].Confidence < columnUnsure || !wordOfTwo(cover[k]):
			gone[i] = true
		}
	}
}

// wordOfTwo reports whether w holds two letters or digits at least.
func wordOfTwo(w Word) bool { return alnumRunes(w.Text) >= 2 }

// readsAgain reports whether every word of line reads, letter for letter,
// as one of the old words cover.
func readsAgain(line, cover []Word) bool {
	for _, nw := range line {
		if !slices.ContainsFunc(cover, func(o Word) bool { return o.Text == nw.Text }) {
			return false
		}
	}
	return true
}

// surerLine reports whether Tesseract is surer of the new line than of the old
// words it covers: character for character, or, for a line that reads
// more, in sum (its letters and digits weighted by confidence) while sure
// of it on the whole (lostMinConf): an old reading that lost words of the
// line ("xã Hải Quang, Hải Hậu" for "Bà Trưng, xã Hải Quang, huyện Hải
// Hậu") is sure of what it kept.
func surerLine(line, cover []Word) bool {
	nc, oc := charConfidence(line), charConfidence(cover)
	if nc >= oc {
		return true
	}
	return nc >= lostMinConf && nc*float64(alnumCount(line)) > oc*float64(alnumCount(cover))
}

// alnumCount is the number of letters and digits of ws.
func alnumCount(ws []Word) int {
	n := 0
	for _, w := range ws {
		n += alnumRunes(w.Text)
	}
	return n
}

// alnumRunes is the number of letters and digits in s.
func alnumRunes(s string) int {
	n := 0
	for _, r := range s {
		if isAlnum(r) {
			n++
		}
	}
	return n
}

// charConfidence is the mean confidence of ws weighted by their letters
// and digits.
func charConfidence(ws []Word) float64 {
	var sum, n float64
	for _, w := range ws {
		c := 0
		for _, r := range w.Text {
			if isAlnum(r) {
				c++
			}
		}
		sum += float64(c) * w.Confidence
		n += float64(c)
	}
	if n == 0 {
		return 0
	}
	return sum / n
}
