package pipeline

import (
	"context"
	"fmt"
	"image"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// LineRecognizer reads an image holding a single text line (Tesseract's
// page segmentation mode 13). *Tesseract implements it.
type LineRecognizer interface {
	RecognizeLine(ctx context.Context, img *image.Gray) (PageText, error)
}

// Tesseract's page layout cuts a line of bold capitals at the capitals'
// top: the accents above them (Ộ, Ò, Ã, Ễ, Ề) are left out of every word
// box, or given to the line above, and never reach the recogniser ("CỌNG
// HOA XA HỌI", "NGUYEN QUYNH HUYEN") while its confidence in those words
// stays high (ADR 0617). Such a line is found by the accents floating just
// above it, and read again from an image of the line with them.
const (
	// markBand is how far above a line's top, in word heights, accents
	// are looked for.
	markBand = 0.5
	// markGap: an accent's foot lies at most this many word heights
	// above its word's top.
	markGap = 0.35
	// markMinPx is the fewest pixels of an accent.
	markMinPx = 4
	// dotFill: a piece about as wide as tall filling more of its box than
	// this is a dot, not an accent stroke (acute, grave, tilde, circumflex,
	// hook).
	dotFill = 0.75
	// markInkMin: the accents' pixels, as a share of the line's width ×
	// word height, that make the line worth reading again (less is specks).
	markInkMin = 0.004
	// Padding of the re-read image, in word heights.
	rereadPad = 0.3
)

// RereadCutLines reads again every line of pt whose accents Tesseract's
// layout left out (see markBand) and takes, for each word under such an
// accent, the re-read word where it has the same letters with more
// diacritics; nothing else of the first reading changes. It returns the text and how many lines were read
// again.
func RereadCutLines(ctx context.Context, g *image.Gray, pt PageText, lr LineRecognizer) (PageText, int, error) {
	if len(pt.Words) == 0 {
		return pt, 0, nil
	}
	ink := otsu(g)
	boxes := make([]image.Rectangle, len(pt.Words))
	for i, w := range pt.Words {
		boxes[i] = wordRect(w.Box).Add(g.Rect.Min)
	}
	var reread int
	changed := false
	for _, idx := range lineWords(pt.Words) {
		line, h := lineRect(boxes, idx)
		if h < 8 {
			continue
		}
		marks, markTop := cutMarks(g, ink, pt.Words, boxes, idx, line, h)
		if len(marks) == 0 {
			continue
		}
		img, off := lineImage(g, line, h, marks, markTop)
		got, err := lr.RecognizeLine(ctx, img)
		if err != nil {
			return pt, reread, fmt.Errorf("re-read line: %w", err)
		}
		reread++
		for _, i := range idx {
			if !slices.ContainsFunc(marks, func(m mark) bool { return m.word == i }) {
				continue // no accent of this word was left out
			}
			if t, ok := betterAccents(pt.Words[i].Text, boxes[i], got.Words, off); ok {
				pt.Words[i].Text = t
				changed = true
			}
		}
	}
	if changed {
		pt.Text = textFromWords(pt.Words)
	}
	return pt, reread, nil
}

func wordRect(b Box) image.Rectangle { return image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H) }

// xOverlap is how many columns a and b share (negative when apart).
func xOverlap(a, b image.Rectangle) int { return min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X) }

// lineWords groups word indices by line, in reading order.
func lineWords(ws []Word) [][]int {
	var out [][]int
	for i, w := range ws {
		if i == 0 || w.Line != ws[i-1].Line {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], i)
	}
	return out
}

// lineRect is the union of a line's word boxes and the median word height.
func lineRect(boxes []image.Rectangle, idx []int) (image.Rectangle, int) {
	r := boxes[idx[0]]
	hs := make([]int, 0, len(idx))
	for _, i := range idx {
		r = r.Union(boxes[i])
		hs = append(hs, boxes[i].Dy())
	}
	slices.Sort(hs)
	return r, hs[len(hs)/2]
}

// blob is one 8-connected piece of ink: its pixels and bounding box.
type blob struct {
	px  []image.Point
	box image.Rectangle
}

// mark is an accent found above a line and the index of its word.
type mark struct {
	blob
	word int
}

// cutMarks returns the accents that Tesseract's layout left out above
// line, each with the index of the word under it, and the top of the rows
// they were looked for in. They are the ink pieces in the band above the
// line, just over one of its words (see markGap), that lie in no word box
// and add up to more than a speck. Over words in capitals, whose accents
// stand tall, also the pieces Tesseract gave to the line above: below that
// line's ink (see inkBottomAbove), not a dot (that line's dot below a
// letter) and, where cut from a glyph above, wider than a stem (that line's
// descenders).
func cutMarks(g *image.Gray, ink uint8, ws []Word, boxes []image.Rectangle, idx []int, line image.Rectangle, h int) ([]mark, int) {
	band := image.Rect(line.Min.X, line.Min.Y-int(markBand*float64(h)), line.Max.X, line.Min.Y).Intersect(g.Rect)
	cut := false // the band's top cuts through the line above's glyphs
	if slices.ContainsFunc(idx, func(i int) bool { return capitals(ws[i].Text) }) {
		if y := inkBottomAbove(g, ink, boxes, idx, line, h); y > band.Min.Y {
			band.Min.Y, cut = y, true
		}
	}
	if band.Dy() < 2 {
		return nil, 0
	}
	var out []mark
	free, held := 0, 0 // pixels in no box, pieces in another line's
	perWord := map[int]int{}
	for _, b := range inkBlobs(g, ink, band) {
		i, ok := wordUnder(b.box, boxes, idx)
		if !ok || len(b.px) < markMinPx || b.box.Max.Y < boxes[i].Min.Y-int(markGap*float64(h)) {
			continue
		}
		if b.box.Min.Y == band.Min.Y && (!cut || b.box.Dx() < h/4) {
			continue // part of a glyph above
		}
		switch {
		case !inAnyBox(b.box, boxes):
			free += len(b.px)
		case capitals(ws[i].Text) && !dotLike(b):
			held++
		default:
			continue
		}
		out = append(out, mark{b, i})
		perWord[i]++
	}
	// More pieces over a word than it has letters (a letter has one
	// accent, or a stacked pair that often touches) are the letters of a
	// line above that Tesseract did not read, not accents.
	for i, n := range perWord {
		if n > letterCount(ws[i].Text) {
			return nil, 0
		}
	}
	if held == 0 && float64(free) < markInkMin*float64(line.Dx()*h) {
		return nil, 0
	}
	return out, band.Min.Y
}

// inkBottomAbove is the row under the ink of the text line just above
// line (its baseline, descenders aside), or -1 when no word lies there: the
// last row, in the columns of the words above, with at least a quarter of
// the ink of their fullest row.
func inkBottomAbove(g *image.Gray, ink uint8, boxes []image.Rectangle, idx []int, line image.Rectangle, h int) int {
	var above []image.Rectangle
	top := line.Min.Y
	for i, b := range boxes {
		if slices.Contains(idx, i) || b.Max.X <= line.Min.X || b.Min.X >= line.Max.X ||
			b.Min.Y >= line.Min.Y || b.Max.Y < line.Min.Y-3*h/2 {
			continue
		}
		above = append(above, b.Intersect(image.Rect(line.Min.X, b.Min.Y, line.Max.X, line.Min.Y)))
		top = min(top, b.Min.Y)
	}
	if len(above) == 0 {
		return -1
	}
	prof := make([]int, line.Min.Y-top)
	for _, b := range above {
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for _, v := range g.Pix[g.PixOffset(b.Min.X, y):][:b.Dx()] {
				if v < ink {
					prof[y-top]++
				}
			}
		}
	}
	full := slices.Max(prof)
	last := 0
	for i, n := range prof {
		if 4*n >= full {
			last = i
		}
	}
	return top + last + 1
}

// capitals reports whether w is a word in capitals (two letters or more).
func capitals(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// inkBlobs labels the 8-connected pieces of ink (pixels darker than ink)
// inside r.
func inkBlobs(g *image.Gray, ink uint8, r image.Rectangle) []blob {
	w := r.Dx()
	seen := make([]bool, w*r.Dy())
	var out []blob
	var stack []image.Point
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := (y-r.Min.Y)*w + x - r.Min.X
			if seen[i] || g.GrayAt(x, y).Y >= ink {
				continue
			}
			seen[i] = true
			b := blob{box: image.Rect(x, y, x+1, y+1)}
			stack = append(stack[:0], image.Pt(x, y))
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				b.px = append(b.px, p)
				b.box = b.box.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1))
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						q := image.Pt(p.X+dx, p.Y+dy)
						if !q.In(r) {
							continue
						}
						j := (q.Y-r.Min.Y)*w + q.X - r.Min.X
						if !seen[j] && g.GrayAt(q.X, q.Y).Y < ink {
							seen[j] = true
							stack = append(stack, q)
						}
					}
				}
			}
			out = append(out, b)
		}
	}
	return out
}

// wordUnder returns the word of idx whose columns hold r's centre.
func wordUnder(r image.Rectangle, boxes []image.Rectangle, idx []int) (int, bool) {
	cx := (r.Min.X + r.Max.X) / 2
	for _, i := range idx {
		if cx >= boxes[i].Min.X && cx < boxes[i].Max.X {
			return i, true
		}
	}
	return 0, false
}

// inAnyBox reports whether r overlaps a word box.
func inAnyBox(r image.Rectangle, boxes []image.Rectangle) bool {
	for _, b := range boxes {
		if b.Overlaps(r) {
			return true
		}
	}
	return false
}

// dotLike reports whether b is a solid, roughly square dot.
func dotLike(b blob) bool {
	w, h := b.box.Dx(), b.box.Dy()
	return 2*w <= 3*h && 2*h <= 3*w && float64(len(b.px)) > dotFill*float64(w*h)
}

// lineImage draws the line's own rows and its floating accents on white,
// padded, leaving out the neighbouring lines' ink that a plain crop would
// hold; off is where line.Min lands minus the padding (the offset of the
// re-read word boxes in g).
func lineImage(g *image.Gray, line image.Rectangle, h int, marks []mark, markTop int) (*image.Gray, image.Point) {
	top := line.Min.Y
	for _, m := range marks {
		top = min(top, m.box.Min.Y)
	}
	pad := max(4, int(rereadPad*float64(h)))
	src := image.Rect(line.Min.X, top, line.Max.X, line.Max.Y)
	out := image.NewGray(image.Rect(0, 0, src.Dx()+2*pad, src.Dy()+2*pad))
	for i := range out.Pix {
		out.Pix[i] = 0xff
	}
	off := src.Min.Sub(image.Pt(pad, pad))
	for y := line.Min.Y; y < line.Max.Y; y++ {
		copy(out.Pix[out.PixOffset(pad, y-off.Y):][:src.Dx()], g.Pix[g.PixOffset(src.Min.X, y):][:src.Dx()])
	}
	// The accents with their anti-aliased rim, which is lighter than the
	// ink threshold.
	for _, m := range marks {
		for _, p := range m.px {
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					if q := p.Add(image.Pt(dx, dy)); q.Y < line.Min.Y && q.Y >= markTop && q.In(g.Rect) && q.Sub(off).In(out.Rect) {
						out.SetGray(q.X-off.X, q.Y-off.Y, g.GrayAt(q.X, q.Y))
					}
				}
			}
		}
	}
	return out, off
}

// betterAccents returns the word of got (boxes relative to off) that lies
// over box when it only adds accents above letters of old that had none
// there (see addsAccents), keeping old's punctuation.
func betterAccents(old string, box image.Rectangle, got []Word, off image.Point) (string, bool) {
	best, bestOv := -1, 0
	for j, w := range got {
		b := wordRect(w.Box).Add(off)
		if ov := xOverlap(b, box); ov > bestOv {
			best, bestOv = j, ov
		}
	}
	if best < 0 || bestOv < box.Dx()/2 {
		return "", false
	}
	oldCore, pre, post := wordCore(old)
	newCore, _, _ := wordCore(got[best].Text)
	if !addsAccents(oldCore, newCore) {
		return "", false
	}
	return pre + newCore + post, true
}

// wordCore splits w into its letters and the punctuation before and after.
func wordCore(w string) (core, pre, post string) {
	core = strings.TrimFunc(w, unicode.IsPunct)
	i := strings.Index(w, core)
	return core, w[:i], w[i+len(core):]
}

// addsAccents reports whether word b is word a with accents added, letter
// by letter, only to letters with no tone mark above, keeping a's marks:
// what a cut line loses is the accents above a capital ("HỌI" → "HỘI",
// "NGUYEN" → "NGUYỄN") or the tone stacked on its hat ("KIÊU" → "KIỀU").
// A letter whose tone above was read ("SẢN") is not given more by a speck
// ("SẲN").
func addsAccents(a, b string) bool {
	la, lb := letterMarks(a), letterMarks(b)
	if len(la) == 0 || len(la) != len(lb) {
		return false
	}
	gained := false
	for i := range la {
		if la[i].base != lb[i].base || !strings.Contains(lb[i].marks, la[i].marks) {
			return false
		}
		if lb[i].marks == la[i].marks {
			continue
		}
		if la[i].toned || len(lb[i].marks) <= len(la[i].marks) {
			return false
		}
		gained = true
	}
	return gained
}

// letterMark is a letter without its diacritics (đ as d), the diacritics
// (combining marks in canonical order) and whether one of them is a tone
// mark above the letter (grave, acute, tilde, hook; not the hat of â, ê,
// ô, ă, the horn or the dot below).
type letterMark struct {
	base  rune
	marks string
	toned bool
}

func letterMarks(s string) []letterMark {
	var out []letterMark
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			if len(out) == 0 {
				return nil
			}
			l := &out[len(out)-1]
			l.marks += string(r)
			l.toned = l.toned || strings.ContainsRune("\u0300\u0301\u0303\u0309", r)
			continue
		}
		switch r {
		case 'đ':
			out = append(out, letterMark{base: 'd', marks: "đ"})
		case 'Đ':
			out = append(out, letterMark{base: 'D', marks: "đ"})
		default:
			out = append(out, letterMark{base: r})
		}
	}
	return out
}
