package pipeline

import (
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// En dash limits, as fractions of the line's text (ADR 0626). An en dash is
// half an em wide, a hyphen about a quarter to a third: between two words a
// dash at least enDashPerHeight of the line's median word height and
// enDashPerChar of its median letter width is an en dash. Both are needed:
// the height ratio alone passes a hyphen among words boxed without their
// accents, the letter ratio alone one between narrow letters.
//
// The tiêu ngữ ("Độc lập – Tự do – Hạnh phúc") is the one place where
// offices print en dashes as often as hyphens; there a dash of
// mottoDashPerHeight and mottoDashPerChar is one. On seeds 1–4 (192 A4
// pages, four degradations) the tiêu ngữ's hyphens reached 0.36 and 0.54,
// its en dashes (DejaVu Serif Bold's the narrowest, blurred on phone
// photos) went down to 0.37 and 0.52, and the general limits missed half
// of them; hyphens elsewhere ("Tư pháp - Hộ tịch") reached 0.38 and 0.59.
const (
	enDashPerHeight    = 0.45
	enDashPerChar      = 0.7
	mottoDashPerHeight = 0.365
	mottoDashPerChar   = 0.5
)

// EnDashes gives a dash read "-" between two words the en dash its ink
// shows, measured on the cleaned page g. Tesseract's vie model does not
// output "–" (it reads "Độc lập – Tự do – Hạnh phúc" with hyphens), and
// offices print either in the same places, so only the width of the ink
// can tell them apart. A dash that opens its line is a list item's hyphen
// and stays. It returns the page and the number of dashes changed.
func EnDashes(pt PageText, g *image.Gray) (PageText, int) {
	ws := pt.Words
	return retextWords(pt, g, func(i int) (string, bool) {
		if ws[i].Text != "-" || i == 0 || i+1 == len(ws) || ws[i-1].Line != ws[i].Line || ws[i+1].Line != ws[i].Line ||
			!endsAlnum(ws[i-1].Text) || !startsAlnum(ws[i+1].Text) {
			return "", false
		}
		return "–", enDashWide(g, ws[i].Box, lineAround(ws, i), inMotto(ws[i-1].Text, ws[i+1].Text))
	})
}

// inMotto reports whether a dash between the words a and b stands in the
// tiêu ngữ: "lập – Tự" or "do – Hạnh".
func inMotto(a, b string) bool {
	a, b = vntext.Fold(a), vntext.Fold(b)
	return a == "lap" && b == "tu" || a == "do" && b == "hanh"
}

// A list item's dash is a bar: on scans and photocopies 10–16 px wide
// and 4–6 high at 300 dpi, about a quarter of the page's median word
// height, on phone photos down to 5 × 1 px (0.135 of it), read at 0.92.
// On photocopies a speck at a paragraph's indent reads as a dash too ("-
// Căn cứ", "- Điều 2.", "- 4. Ông"): 3–8 px wide (from 0.07 of the
// median height), less than twice its height, mostly read under 0.6
// (seeds 4–5).
const (
	speckDashWidth = 0.1 // of the median word height: narrower is a speck
	speckDashConf  = 0.6 // read under this and less than twice as wide as high is a speck
)

// SpeckDashes drops the lone dash that opens a line where its ink is a
// speck's, not a list dash's (speckDashWidth, speckDashConf), measured on
// the cleaned page g. It returns the page and the number of dashes
// dropped.
func SpeckDashes(pt PageText, g *image.Gray) (PageText, int) {
	if g == nil || len(pt.Words) < 2 {
		return pt, 0
	}
	med := float64(medianHeight(pt.Words, nil))
	speck := func(i int) bool {
		w := pt.Words[i]
		opens := i == 0 || pt.Words[i-1].Line != w.Line
		alone := i+1 == len(pt.Words) || pt.Words[i+1].Line != w.Line
		if !opens || alone || !isDash(w.Text) {
			return false
		}
		width, rows := dashInk(g, w.Box, halfDark(g, wordRect(w.Box)))
		return float64(width) < speckDashWidth*med || w.Confidence < speckDashConf && width < 2*rows
	}
	var kept []Word
	for i, w := range pt.Words {
		if !speck(i) {
			kept = append(kept, w)
		}
	}
	return withWords(pt, kept), len(pt.Words) - len(kept)
}

// A mark glued before a word's first letter ("-Nơi", "“Điều", "\"CỘNG")
// is, on photocopies, mostly a speck read as a mark: the corpus prints
// none, a list's dash stands apart, and an opening quote is two strokes.
// Of 38 on eight photocopied seeds, the specks' leading ink was one run
// 3–9 px wide at median word heights of 43–56, where the dashes Tesseract
// glued to a list item ("-Lưu:VT,UBND.") were 11 px, 0.23 of the height.
const glueDashWidth = 0.2 // of the median word height: narrower is a speck

// SpeckMarks drops the dash or double quote read glued before a word's
// first letter or digit where its ink, the first run of columns of the
// word's box on the cleaned page g, is a speck's: a dash narrower than
// glueDashWidth or less than twice as wide as high; a quote without a
// second stroke as small a few pixels on, or reaching below the word's
// middle. The word's box then starts after the mark. It returns the page
// and the number of marks dropped.
func SpeckMarks(pt PageText, g *image.Gray) (PageText, int) {
	if len(pt.Words) < 2 {
		return pt, 0
	}
	med := float64(medianHeight(pt.Words, nil))
	return rewriteWords(pt, g, func(i int) (Word, bool) {
		w := pt.Words[i]
		mark, size := utf8.DecodeRuneInString(w.Text)
		next, _ := utf8.DecodeRuneInString(w.Text[size:])
		if !strings.ContainsRune("-\"“", mark) || !isAlnum(next) {
			return w, false
		}
		r := wordRect(w.Box)
		run, ok := leadingInk(g, r, med)
		if !ok {
			return w, false
		}
		var speck bool
		if mark == '-' {
			speck = float64(run.Dx()) < glueDashWidth*med || run.Dx() < 2*run.Dy()
		} else {
			// A quote mark's second stroke stands a few pixels after
			// its first, as small, and both above the word's middle.
			mid := w.Box.Y + w.Box.H/2
			r.Min.X = run.Max.X
			second, ok := leadingInk(g, r, med)
			stroke := ok && float64(second.Min.X-run.Max.X) <= med/6 &&
				float64(second.Dx()) <= med/4 && float64(second.Dy()) <= med/2
			speck = !stroke || run.Max.Y > mid || second.Max.Y > mid
		}
		right := w.Box.X + w.Box.W
		w.Text, w.Box.X, w.Box.W = w.Text[size:], run.Max.X, right-run.Max.X
		return w, speck
	})
}

// A colon is two dots, one over the other, and a full stop one dot on
// the line's baseline. On photocopies Tesseract ends words with a colon
// where one speck stands at the letters' middle height ("NAM:", "2020:",
// "minh:"), and with a full stop on a speck above or below the baseline
// ("Chồng.", "Thành."). On seeds 3–14's photocopies (median word height
// 35 px or more) every one of the 1,122 colons printed at a word's end had
// its two dots in the ink after the word, and 20 of the 22 read on a speck
// had one dot-sized piece or more there but no second one above or below
// it; of 808 full stops printed, 98 % had a dot's foot within 0.05 word
// heights of the baseline. The dots are pieces of the word's ink within
// trailReach median word heights of its right edge, at least dotMinSide
// across and dotMinSpan to dotMaxSide long; a colon's two are side by side
// and colonGapMin to colonGapMax apart, centre to centre; a full stop's
// foot is within stopOffset of the baseline.
const (
	trailReach  = 0.6
	dotMinSide  = 0.04
	dotMinSpan  = 0.06
	dotMaxSide  = 0.3
	colonGapMin = 0.2
	colonGapMax = 0.7
	stopOffset  = 0.06
	// trailMinMed: below this median word height (px) a dot is too few
	// pixels to tell from a speck.
	trailMinMed = 30
	// letterTall: a piece of ink this many median word heights tall or
	// more is a letter's, whose foot stands on the baseline.
	letterTall = 0.4
	// baselineGap: words further apart than this many median word heights
	// are in different columns.
	baselineGap = 2
)

// SpeckTrails drops the colon or full stop that ends a word where the ink
// after the word, on the cleaned page g, holds a dot-sized piece but no
// colon, or no dot on the line's baseline (see trailReach). It returns the
// page and the number of marks dropped.
func SpeckTrails(pt PageText, g *image.Gray) (PageText, int) {
	if g == nil || len(pt.Words) < 2 {
		return pt, 0
	}
	med := float64(medianHeight(pt.Words, nil))
	if med < trailMinMed {
		return pt, 0
	}
	// Only full stops need a baseline, whose measure reads every word of
	// their lines' ink.
	stops := make([]bool, len(pt.Words))
	for i, w := range pt.Words {
		_, mark := trailMark(w.Text)
		stops[i] = mark == '.'
	}
	base := lineBaselines(g, pt.Words, med, stops)
	return retextWords(pt, g, func(i int) (string, bool) {
		return speckTrail(g, pt.Words[i], med, base[i])
	})
}

// speckTrail returns w's text without its last mark when that mark, a
// colon or a full stop after a letter or digit, is a speck's (SpeckTrails),
// given the baseline of w's line (-1 when unknown).
func speckTrail(g *image.Gray, w Word, med float64, baseline int) (string, bool) {
	core, mark := trailMark(w.Text)
	if mark == 0 || mark == '.' && baseline < 0 {
		return "", false
	}
	dots := trailDots(g, w, med)
	if len(dots) == 0 {
		return "", false
	}
	if mark == ':' {
		return core, !colonPair(dots, med)
	}
	for _, d := range dots {
		if math.Abs(float64(d.Max.Y-baseline)) <= stopOffset*med {
			return "", false
		}
	}
	return core, true
}

// trailMark returns the mark that SpeckTrails judges at the end of text,
// ':' or '.' after a letter or digit, and text without it; mark 0 when
// there is none.
func trailMark(text string) (core string, mark rune) {
	for _, m := range []rune{':', '.'} {
		if core, ok := strings.CutSuffix(text, string(m)); ok {
			if endsAlnum(core) {
				return core, m
			}
			return "", 0
		}
	}
	return "", 0
}

// trailDots returns the dot-sized pieces of ink after w (trailReach).
func trailDots(g *image.Gray, w Word, med float64) []image.Rectangle {
	r := wordRect(w.Box).Intersect(g.Rect)
	if r.Empty() {
		return nil
	}
	var dots []image.Rectangle
	for _, b := range inkBlobs(g, halfDark(g, r), r) {
		d := b.box
		long, short := float64(max(d.Dx(), d.Dy())), float64(min(d.Dx(), d.Dy()))
		if float64(d.Min.X) >= float64(r.Max.X)-trailReach*med && short >= dotMinSide*med &&
			long >= dotMinSpan*med && long <= dotMaxSide*med {
			dots = append(dots, d)
		}
	}
	return dots
}

// colonPair reports whether two of dots stand one over the other as a
// colon's.
func colonPair(dots []image.Rectangle, med float64) bool {
	for i, a := range dots {
		for _, b := range dots[i+1:] {
			if a.Min.X >= b.Max.X || b.Min.X >= a.Max.X {
				continue
			}
			gap := math.Abs(float64(a.Min.Y+a.Max.Y-b.Min.Y-b.Max.Y)) / 2
			if gap >= colonGapMin*med && gap <= colonGapMax*med {
				return true
			}
		}
	}
	return false
}

// lineBaselines returns, for each word of ws, its baseline: the median,
// over the words of its line that stand within baselineGap median word
// heights of each other (a line of Tesseract's may hold two columns at
// different heights, "Nơi nhận:" and "KT. CHỦ TỊCH"), of the highest foot
// of a word's letter-tall pieces of ink (a descender's or a dot below's
// foot is lower); -1 when no such word has one, or when none of those
// words is wanted (want[i]).
func lineBaselines(g *image.Gray, ws []Word, med float64, want []bool) []int {
	out := make([]int, len(ws))
	foot := func(w Word) int {
		r := wordRect(w.Box).Intersect(g.Rect)
		f := -1
		if r.Empty() {
			return f
		}
		for _, b := range inkBlobs(g, halfDark(g, r), r) {
			if float64(b.box.Dy()) >= letterTall*med && (f < 0 || b.box.Max.Y < f) {
				f = b.box.Max.Y
			}
		}
		return f
	}
	for _, idx := range lineWords(ws) {
		for start := 0; start < len(idx); {
			end := start + 1
			for end < len(idx) && float64(ws[idx[end]].Box.X-(ws[idx[end-1]].Box.X+ws[idx[end-1]].Box.W)) <= baselineGap*med {
				end++
			}
			seg := idx[start:end]
			start = end
			if !slices.ContainsFunc(seg, func(i int) bool { return want[i] }) {
				for _, i := range seg {
					out[i] = -1
				}
				continue
			}
			var feet []float64
			for _, i := range seg {
				if f := foot(ws[i]); f >= 0 {
					feet = append(feet, float64(f))
				}
			}
			b := -1
			if len(feet) > 0 {
				b = int(median(feet))
			}
			for _, i := range seg {
				out[i] = b
			}
		}
	}
	return out
}

// leadingInk returns the box of the ink in the first run of columns of r
// that hold ink (darker than halfDark), up to the first white column. It
// reports false when there is none, or when the run is wider than half of
// med, the median word height: the mark touches its letter and cannot be
// measured apart.
func leadingInk(g *image.Gray, r image.Rectangle, med float64) (image.Rectangle, bool) {
	r = r.Intersect(g.Rect)
	if r.Empty() {
		return r, false
	}
	t := halfDark(g, r)
	inCol := func(x int) (lo, hi int, ok bool) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if g.Pix[g.PixOffset(x, y)] < t {
				if !ok {
					lo = y
				}
				hi, ok = y+1, true
			}
		}
		return lo, hi, ok
	}
	var run image.Rectangle
	found := false
	for x := r.Min.X; x < r.Max.X; x++ {
		lo, hi, ok := inCol(x)
		if !ok {
			if found {
				break
			}
			continue
		}
		c := image.Rect(x, lo, x+1, hi)
		if found {
			run = run.Union(c)
		} else {
			run, found = c, true
		}
	}
	return run, found && float64(run.Dx()) <= med/2
}

// isDash reports whether s is one dash: a hyphen, an en or an em dash.
func isDash(s string) bool { return s == "-" || s == "–" || s == "—" }

// retextWords gives each word i of pt the text that read(i) returns when
// it returns true, and rebuilds pt's text; g nil leaves pt as it is. It
// returns the page and the number of words changed.
func retextWords(pt PageText, g *image.Gray, read func(i int) (string, bool)) (PageText, int) {
	return rewriteWords(pt, g, func(i int) (Word, bool) {
		w := pt.Words[i]
		t, ok := read(i)
		w.Text = t
		return w, ok
	})
}

// rewriteWords replaces each word i of pt by the word that rewrite(i)
// returns when it returns true, and rebuilds pt's text; g nil leaves pt
// as it is. It returns the page and the number of words replaced.
func rewriteWords(pt PageText, g *image.Gray, rewrite func(i int) (Word, bool)) (PageText, int) {
	if g == nil {
		return pt, 0
	}
	var words []Word
	n := 0
	for i := range pt.Words {
		w, ok := rewrite(i)
		if !ok {
			continue
		}
		if words == nil {
			words = slices.Clone(pt.Words)
		}
		words[i] = w
		n++
	}
	if n == 0 {
		return pt, 0
	}
	pt.Words = words
	pt.Text = textFromWords(words)
	return pt, n
}

// lineAround returns the words of ws[i]'s line.
func lineAround(ws []Word, i int) []Word {
	lo, hi := i, i+1
	for lo > 0 && ws[lo-1].Line == ws[i].Line {
		lo--
	}
	for hi < len(ws) && ws[hi].Line == ws[i].Line {
		hi++
	}
	return ws[lo:hi]
}

// enDashWide reports whether the dash inside b on g is as wide as an en
// dash against the words of its line, by the tiêu ngữ's limits when motto.
func enDashWide(g *image.Gray, b Box, line []Word, motto bool) bool {
	w, h := dashInk(g, b, 128)
	if w == 0 || h*2 > w {
		return false // no flat stroke: a speck or a box around something else
	}
	var heights, perChar []float64
	for _, o := range line {
		n := 0
		for _, r := range o.Text {
			if !unicode.IsLetter(r) {
				n = 0
				break
			}
			n++
		}
		if n < 2 {
			continue // words of letters only: digits and marks are narrower
		}
		heights = append(heights, float64(o.Box.H))
		perChar = append(perChar, float64(o.Box.W)/float64(n))
	}
	if len(heights) < 2 {
		return false
	}
	perH, perC := enDashPerHeight, enDashPerChar
	if motto {
		perH, perC = mottoDashPerHeight, mottoDashPerChar
	}
	return float64(w) >= perH*median(heights) && float64(w) >= perC*median(perChar)
}

// dashInk measures the flat stroke inside b: the rows whose ink spans at
// least half of the widest row's (the stroke, not a speck above or below
// it), and the longest run of columns with ink in those rows, bridging
// gaps of up to two pixels (a photocopy's broken stroke). Pixels darker
// than ink are ink. It returns the run's width and the number of stroke
// rows.
func dashInk(g *image.Gray, b Box, ink uint8) (width, rows int) {
	r := wordRect(b).Intersect(g.Rect)
	if r.Empty() {
		return 0, 0
	}
	counts := make([]int, r.Dy())
	most := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			if v < ink {
				counts[y-r.Min.Y]++
			}
		}
		most = max(most, counts[y-r.Min.Y])
	}
	if most == 0 {
		return 0, 0
	}
	cols := make([]bool, r.Dx())
	for i, c := range counts {
		if 2*c < most {
			continue
		}
		rows++
		y := r.Min.Y + i
		for x, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			cols[x] = cols[x] || v < ink
		}
	}
	start, gap := -1, 0
	for x, ink := range cols {
		switch {
		case ink && start < 0:
			start, gap = x, 0
		case ink:
			gap = 0
		case start >= 0:
			gap++
			if gap > 2 {
				width = max(width, x-gap+1-start)
				start = -1
			}
		}
		if ink && start >= 0 {
			width = max(width, x+1-start)
		}
	}
	return width, rows
}

// halfDark is the level halfway between white and the darkest pixel of r,
// and at least 128: a phone photo's list dash is a pale blur (darkest
// ~120), whose core under 128 is a speck's 2–3 pixels (ADR 0639), while a
// photocopy's black speck measures as before.
func halfDark(g *image.Gray, r image.Rectangle) uint8 {
	r = r.Intersect(g.Rect)
	lo := uint8(255)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			lo = min(lo, v)
		}
	}
	return max(128, uint8((int(lo)+255)/2))
}

func endsAlnum(s string) bool {
	r := []rune(s)
	return len(r) > 0 && isAlnum(r[len(r)-1])
}

func startsAlnum(s string) bool {
	for _, r := range s {
		return isAlnum(r)
	}
	return false
}

// median is the middle value of xs (the upper one of an even count); xs is
// sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// raisedUnits are the units read with a raised digit, and what they
// print: a photocopy's small raised "2" also reads as a mark ("m?",
// "m”", or a marked letter, "mã", "mẽ"), which is taken for the square metres of areas, the unit that
// administrative papers print by far the most.
var raisedUnits = map[string]string{"m2": "m²", "m3": "m³", "m?": "m²", "m”": "m²", `m"`: "m²"}

// Superscripts gives "m2" and "m3" after a number ("364,3 m2") the "²" or
// "³" their ink shows: the vie model reads a raised small digit as a
// digit on the line. The digit is raised when its lowest ink stands above
// the m's foot by at least a third of the m's height; offices type either
// form, so only the ink can tell. It returns the page and the number of
// words changed.
func Superscripts(pt PageText, g *image.Gray) (PageText, int) {
	ws := pt.Words
	return retextWords(pt, g, func(i int) (string, bool) {
		w := ws[i]
		core := strings.TrimRight(w.Text, ",.;)")
		sup, ok := raisedUnits[core]
		if rs := []rune(core); !ok && len(rs) == 2 && rs[0] == 'm' && rs[1] >= utf8.RuneSelf {
			sup, ok = "m²", true // "mẽ", "mã": the raised 2 read as a marked letter
		}
		if !ok || i == 0 || ws[i-1].Line != w.Line || !endsDigit(ws[i-1].Text) {
			return "", false
		}
		return sup + w.Text[len(core):], raisedSecond(g, w.Box)
	})
}

// raisedSecond reports whether, of the glyphs inside b on g (runs of
// columns with ink), the second stands clear above the first's foot.
func raisedSecond(g *image.Gray, b Box) bool {
	r := wordRect(b).Intersect(g.Rect)
	if r.Empty() {
		return false
	}
	// Lowest and highest ink row of each column, −1 for none.
	low, high := make([]int, r.Dx()), make([]int, r.Dx())
	for x := range low {
		low[x], high[x] = -1, -1
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			if v < 128 {
				if high[x] < 0 {
					high[x] = y
				}
				low[x] = y
			}
		}
	}
	// A glyph's top is its columns' median top: a speck above the m
	// ("ṁ²") would make it taller than the raised digit can clear.
	type glyph struct{ top, foot int }
	var gs []glyph
	for x := 0; x < len(low); x++ {
		if low[x] < 0 {
			continue
		}
		var tops []float64
		gl := glyph{foot: low[x]}
		for ; x < len(low) && low[x] >= 0; x++ {
			tops = append(tops, float64(high[x]))
			gl.foot = max(gl.foot, low[x])
		}
		gl.top = int(median(tops))
		gs = append(gs, gl)
	}
	if len(gs) < 2 {
		return false
	}
	m, d := gs[0], gs[1]
	return 3*(m.foot-d.foot) >= m.foot-m.top+1
}

func startsDigit(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r)
	}
	return false
}

func endsDigit(s string) bool {
	r := []rune(strings.TrimRight(s, ",."))
	return len(r) > 0 && unicode.IsDigit(r[len(r)-1])
}
