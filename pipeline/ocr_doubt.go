package pipeline

import (
	"context"
	"fmt"
	"image"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
)

// Tesseract reads some words of a clean line with a confidence far below
// the rest ("VT," as "VI," at 0.16 in "Lưu: VT, SYT.", ADR 0622), and the
// same words again, cut out with their neighbours, right and sure. Wrong
// words read with confidence stay: this only revisits the unsure ones.
const (
	// doubtConf: a word read with less confidence than this is read again.
	doubtConf = 0.5
	// doubtGain: the re-read word replaces it only when read with at
	// least this much more confidence.
	doubtGain = 0.2
)

// RereadDoubtfulWords reads again, as one raw line, each word read with
// low confidence together with its neighbours on the line, and takes the
// re-read word over it when it covers the same ink, was read with clearly
// more confidence and passes takeReread's checks. It returns the text and
// how many images were read again.
func RereadDoubtfulWords(ctx context.Context, g *image.Gray, pt PageText, lr LineRecognizer) (PageText, int, error) {
	if len(pt.Words) == 0 {
		return pt, 0, nil
	}
	boxes := make([]image.Rectangle, len(pt.Words))
	for i, w := range pt.Words {
		boxes[i] = wordRect(w.Box).Add(g.Rect.Min)
	}
	var reread int
	changed := false
	for _, idx := range lineWords(pt.Words) {
		var doubt []int
		for _, i := range idx {
			if pt.Words[i].Confidence < doubtConf && hasLetterOrDigit(pt.Words[i].Text) {
				doubt = append(doubt, i)
			}
		}
		if len(doubt) == 0 {
			continue
		}
		line, h := lineRect(boxes, idx)
		if h < 8 {
			continue
		}
		// Read each doubtful word again with its neighbours on the line
		// (the context the recogniser needs), not the whole line: a few
		// words cost a few milliseconds.
		for _, span := range doubtSpans(idx, doubt) {
			r := image.Rect(boxes[span[0]].Min.X, line.Min.Y, boxes[span[len(span)-1]].Max.X, line.Max.Y)
			r.Min.Y = roomAbove(boxes, idx, r, h)
			img, off := lineImage(g, r, h, nil, r.Min.Y)
			got, err := lr.RecognizeLine(ctx, img)
			if err != nil {
				return pt, reread, fmt.Errorf("re-read doubtful words: %w", err)
			}
			reread++
			for _, i := range span {
				if pt.Words[i].Confidence < doubtConf && takeReread(pt.Words, i, boxes, span, got.Words, off) {
					changed = true
				}
			}
		}
	}
	if changed {
		pt.Text = textFromWords(pt.Words)
	}
	return pt, reread, nil
}

// strokeMarks are what a re-read makes of a neighbouring letter's stroke
// cut by the crop ("KHAI" → "KHA]").
const strokeMarks = "[]{}()|\\<>"

// sameInk returns the word of got (boxes relative to off) that covers box
// and no more: each overlaps at least half of the other's width.
func sameInk(box image.Rectangle, got []Word, off image.Point) (int, bool) {
	for j, w := range got {
		b := wordRect(w.Box).Add(off)
		if ov := xOverlap(b, box); 2*ov >= box.Dx() && 2*ov >= b.Dx() {
			return j, true
		}
	}
	return 0, false
}

// overlapsOther reports whether b covers half the width of a word of the
// line other than word i: the re-read joined two words.
func overlapsOther(b image.Rectangle, boxes []image.Rectangle, idx []int, i int) bool {
	for _, k := range idx {
		if k == i {
			continue
		}
		o := boxes[k]
		if 2*xOverlap(b, o) >= o.Dx() {
			return true
		}
	}
	return false
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

// doubtSpans groups the doubtful words of a line (indices into the line's
// idx order) with one neighbour on each side, merging spans that touch.
func doubtSpans(idx, doubt []int) [][]int {
	var spans [][]int
	pos := map[int]int{}
	for k, i := range idx {
		pos[i] = k
	}
	for _, i := range doubt {
		k := pos[i]
		lo, hi := max(0, k-1), min(len(idx)-1, k+1)
		if n := len(spans); n > 0 && pos[spans[n-1][len(spans[n-1])-1]] >= lo-1 {
			last := spans[n-1]
			for j := pos[last[len(last)-1]] + 1; j <= hi; j++ {
				last = append(last, idx[j])
			}
			spans[n-1] = last
			continue
		}
		spans = append(spans, append([]int(nil), idx[lo:hi+1]...))
	}
	return spans
}

// takeReread replaces word i by the re-read word over the same ink when
// that was read with clearly more confidence and changes letters.
func takeReread(ws []Word, i int, boxes []image.Rectangle, span []int, got []Word, off image.Point) bool {
	w := &ws[i]
	j, ok := sameInk(boxes[i], got, off)
	if !ok || overlapsOther(wordRect(got[j].Box).Add(off), boxes, span, i) {
		return false
	}
	if digits(w.Text) >= 2 {
		return false // a number, date or code: never rewritten on confidence alone
	}
	oldCore, newCore := letterCore(w.Text), letterCore(got[j].Text)
	if oldCore == newCore {
		return false // the letters agree: punctuation is not what the confidence was about
	}
	if foreignLetters(newCore) > foreignLetters(oldCore) {
		return false // "ø" for "ố": no Vietnamese or English letter
	}
	if syllable(oldCore) && !syllable(newCore) && vntext.Fold(oldCore) == vntext.Fold(newCore) {
		return false // accents that make a syllable are not traded for ones that make none ("TỊCH", "TICH")
	}
	if strings.ContainsAny(got[j].Text, strokeMarks) && !strings.ContainsAny(w.Text, strokeMarks) {
		return false // a bracket or bar where none was read is a stroke of the next letter
	}
	if syllable(oldCore) && syllable(newCore) && pairedWithNeighbour(ws, i) {
		return false // "ghi" in "ghi rõ" was read right: the dictionary agrees with it
	}
	if got[j].Confidence < w.Confidence+doubtGain {
		return false
	}
	w.Text, w.Confidence, w.Alts = got[j].Text, got[j].Confidence, got[j].Alts
	return true
}

// roomAbove is how far up the re-read image of r may reach: the accents
// above capitals lie outside Tesseract's word boxes (ADR 0617), so up to
// markBand word heights, but not into the words of the line above.
func roomAbove(boxes []image.Rectangle, idx []int, r image.Rectangle, h int) int {
	top := r.Min.Y - int(markBand*float64(h))
	for k, b := range boxes {
		if slices.Contains(idx, k) || b.Max.X <= r.Min.X || b.Min.X >= r.Max.X || b.Min.Y >= r.Min.Y {
			continue
		}
		top = max(top, min(b.Max.Y, r.Min.Y))
	}
	return top
}

// syllable reports whether w is all letters and a Vietnamese syllable.
func syllable(w string) bool {
	return w != "" && allLetters(w) && vnsyllables.Strict(vntext.Lower(w))
}

// foreignLetters counts the letters of s that are neither a Latin letter
// a–z with Vietnamese diacritics nor đ.
func foreignLetters(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) || r == 'đ' || r == 'Đ' {
			continue
		}
		base := []rune(norm.NFD.String(string(r)))
		b := unicode.ToLower(base[0])
		ok := b >= 'a' && b <= 'z'
		for _, m := range base[1:] {
			ok = ok && strings.ContainsRune("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b", m)
		}
		if !ok {
			n++
		}
	}
	return n
}

// pairedWithNeighbour reports whether word i, a syllable, stands in a
// dictionary or running-text pair with the word before or after it on its
// line.
func pairedWithNeighbour(ws []Word, i int) bool {
	cur := vntext.Lower(letterCore(ws[i].Text))
	for _, k := range []int{i - 1, i + 1} {
		if k < 0 || k >= len(ws) || ws[k].Line != ws[i].Line {
			continue
		}
		n := vntext.Lower(letterCore(ws[k].Text))
		if k < i && vnwords.Seen(n, cur) || k > i && vnwords.Seen(cur, n) {
			return true
		}
	}
	return false
}
