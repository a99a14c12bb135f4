package pipeline

import (
	"context"
	"fmt"
	"image"
	"slices"
)

// Tesseract's layout sometimes fits one text line over two lines of a
// block set close together: an A4 page's issuing body in two lines of
// small capitals beside the quốc hiệu ("UBND TH HAY DỤNG MINH" for "UBND
// THÀNH PHỐ HỒ CHÍ MINH" over "SỞ XÂY DỰNG", on a photocopy). The words
// read across both are taller than their line's others and unsure (the
// mark ReadLostLines leaves uncovered, lostMaxH and lostMergedConf). The
// block around them, as far as its ink runs left and right without a
// column's gap, is read again with Tesseract's own layout (ADR 0644).
// A block wider than half the page (mergedMaxW) is a body line's: its
// tall word is one a speck joined to the line below ("2021." at 0.1, read
// right), and read again, the line gained specks' marks ("năm:", "thông.").

// mergedMaxW: a block wider than this share of the page is a body line's;
// an issuing body's or a signature block's column is under a third.
const mergedMaxW = 0.5

// ReadMergedLines reads again, each on its own, the blocks of g around
// words of pt read across two lines, and takes a block's new reading in
// place of the old words in it when it holds as many lines as they do or
// more and Tesseract is surer of it, letter for letter, and sure on the
// whole (lostMinConf). The new reading's first line takes the old line's
// place; its other lines are inserted in reading order. It returns the
// text and how many blocks it replaced.
func ReadMergedLines(ctx context.Context, g *image.Gray, pt PageText, eng Engine) (PageText, int, error) {
	if len(pt.Words) < 3 {
		return pt, 0, nil
	}
	med := medianHeight(pt.Words, nil)
	if med < 8 {
		return pt, 0, nil
	}
	t := otsu(g)
	bounds := image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy())
	var blocks []image.Rectangle
	for _, idx := range lineWords(pt.Words) {
		r := mergedWords(pt.Words, idx)
		if r.Empty() {
			continue
		}
		r = inkSpan(g, t, r, int(columnGap*float64(med)))
		if float64(r.Dx()) > mergedMaxW*float64(bounds.Dx()) {
			continue // a body line's
		}
		// A word height of white each side: a list item's dash at the
		// crop's edge was read as nothing ("- Lưu: VT," → "Lưu: VT,").
		r = image.Rect(r.Min.X-med, r.Min.Y-med/4, r.Max.X+med, r.Max.Y+med/4).Intersect(bounds)
		if !slices.ContainsFunc(blocks, r.Overlaps) {
			blocks = append(blocks, r)
		}
	}
	done := 0
	for _, r := range blocks {
		sub := g.SubImage(r.Add(g.Rect.Min)).(*image.Gray)
		got, err := eng.Recognize(ctx, sub)
		if err != nil {
			return pt, done, fmt.Errorf("read merged lines: %w", err)
		}
		var news []Word
		for k, w := range got.Words {
			// Marks alone read unsure are specks'; a list item's dash
			// that opens a line ("- Lưu: VT,") and the tiêu ngữ's dashes
			// are not.
			mark := w.Confidence >= lostMinConf || w.Text == "-" && (k == 0 || got.Words[k-1].Line != w.Line)
			if hasLetterOrDigit(w.Text) || mark {
				w.Box.X += r.Min.X
				w.Box.Y += r.Min.Y
				news = append(news, w)
			}
		}
		old := wordsWithin(pt.Words, r)
		if len(news) == 0 || len(old) == 0 {
			continue
		}
		nl := lineWords(news)
		if nc := charConfidence(news); nc < lostMinConf || nc <= charConfidence(old) || len(nl) < len(lineWords(old)) {
			continue
		}
		// The first old word's line is the new first line's place.
		pt.Words = spliceBlock(pt.Words, r, old[0].Line, nl, news)
		done++
	}
	if done > 0 {
		pt.Text = textFromWords(pt.Words)
		pt.Confidence = meanConfidence(pt.Words)
	}
	return pt, done, nil
}

// mergedWords returns the union of the boxes of the words idx of one line
// (three words at least) with letters or digits that were read across two
// lines (acrossLines); empty when there are none.
func mergedWords(ws []Word, idx []int) image.Rectangle {
	var r image.Rectangle
	if len(idx) < 3 {
		return r
	}
	lmed := medianHeight(ws, idx)
	for _, i := range idx {
		w := ws[i]
		if acrossLines(w, lmed) && hasLetterOrDigit(w.Text) {
			r = r.Union(wordRect(w.Box))
		}
	}
	return r
}

// inkSpan widens r left and right over the columns that hold ink (darker
// than t) in r's rows, until a run of gap white columns: the block of text
// r stands in, up to a column's gap or the page's edge.
func inkSpan(g *image.Gray, t uint8, r image.Rectangle, gap int) image.Rectangle {
	inked := func(x int) bool {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)] < t {
				return true
			}
		}
		return false
	}
	w := g.Rect.Dx()
	for x, white := r.Min.X-1, 0; x >= 0 && white < gap; x-- {
		if white++; inked(x) {
			r.Min.X, white = x, 0
		}
	}
	for x, white := r.Max.X, 0; x < w && white < gap; x++ {
		if white++; inked(x) {
			r.Max.X, white = x+1, 0
		}
	}
	return r
}

// spliceBlock replaces the words of ws whose middles lie in r by the new
// lines: the first among line at's words, in their order left to right,
// the others inserted in reading order (insertLine).
func spliceBlock(ws []Word, r image.Rectangle, at int, lines [][]int, news []Word) []Word {
	first := make([]Word, len(lines[0]))
	for k, i := range lines[0] {
		first[k] = news[i]
		first[k].Line = at
	}
	var out []Word
	placed := false
	for _, w := range ws {
		if inside(w.Box, r) {
			continue
		}
		if w.Line == at && !placed && first[0].Box.X < w.Box.X {
			out, placed = append(out, first...), true
		}
		out = append(out, w)
	}
	if !placed {
		// after line at's last word, or before the first line below it
		k := len(out)
		for i, w := range out {
			if w.Line > at {
				k = i
				break
			}
		}
		out = slices.Insert(out, k, first...)
	}
	for _, idx := range lines[1:] {
		line := make([]Word, len(idx))
		for k, i := range idx {
			line[k] = news[i]
		}
		out = insertLine(out, line)
	}
	return out
}
