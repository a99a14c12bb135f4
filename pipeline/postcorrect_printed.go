package pipeline

import (
	"image"
	"slices"
	"strings"
	"unicode"
)

// An identity card's headings and field labels are printed text fixed by
// the card's design: the same words on every card of a model. Their print
// is the card's smallest (5–6.5 pt, bilingual), so it is what a photocopy
// or a phone photo damages first ("Số / No.:" read "số/No:", "Identity"
// read "ldentity", "birth:" read "bírth;"). A line stretch that reads
// close to one of them is that label, and takes its printed spelling
// (ADR 0624). The values beside the labels are never touched: a stretch
// holding a digit is not a label, and nothing outside the stretch changes.

// cardPrinted are the headings and labels of the identity cards in use:
// CMND (1999), CCCD (2016, 2021) and the Căn cước card (2024).
var cardPrinted = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"SOCIALIST REPUBLIC OF VIET NAM",
	"Independence - Freedom - Happiness",
	"CĂN CƯỚC CÔNG DÂN",
	"Citizen Identity Card",
	"GIẤY CHỨNG MINH NHÂN DÂN",
	"Số / No.:",
	"Họ và tên / Full name:",
	"Ngày sinh / Date of birth:",
	"Giới tính / Sex:",
	"Quốc tịch / Nationality:",
	"Quê quán / Place of origin:",
	"Nơi thường trú / Place of residence:",
	"Có giá trị đến / Date of expiry:",
	"Đặc điểm nhận dạng / Personal identification:",
	"Ngày, tháng, năm / Date, month, year:",
	"Họ tên:",
	"Sinh ngày:",
	"Nguyên quán:",
	"Nơi ĐKHK thường trú:",
	"Dân tộc:",
	"Tôn giáo:",
	"Đặc điểm nhận dạng:",
	"Số định danh cá nhân / Personal identification number:",
	"Họ, chữ đệm và tên khai sinh / Full name:",
	"Ngày, tháng, năm sinh / Date of birth:",
	"Nơi cư trú / Place of residence:",
	"Nơi đăng ký khai sinh / Place of birth:",
}

// printedPhrase is one printed text: its words, and its letters without
// spaces, which OCR often loses or adds around "/", the first in lower
// case: a label's first capital in small print is read small ("số" for
// "Số") as often as not. (All letters folded, a name in capitals came
// within reach of a label: "NGUYÊN TUẤN" of "Nguyên quán:".)
type printedPhrase struct {
	words []string
	bare  []rune
	model string // the one card model that prints it ("cccd", "cmnd"), or ""
}

// cmndLabels are the labels only a CMND prints; the bilingual labels
// (with " / ") are the CCCD's and the Căn cước card's.
var cmndLabels = []string{"Họ tên:", "Sinh ngày:", "Nguyên quán:", "Nơi ĐKHK thường trú:", "Dân tộc:", "Tôn giáo:", "Đặc điểm nhận dạng:"}

func newPrintedPhrase(s string) printedPhrase {
	bare := []rune(strings.ReplaceAll(s, " ", ""))
	bare[0] = unicode.ToLower(bare[0])
	p := printedPhrase{words: strings.Fields(s), bare: bare}
	switch {
	case slices.Contains(cmndLabels, s):
		p.model = "cmnd"
	case strings.Contains(s, " / ") && s != "Số / No.:":
		p.model = "cccd"
	}
	return p
}

var cardPhrases = func() []printedPhrase {
	ps := make([]printedPhrase, len(cardPrinted))
	for i, s := range cardPrinted {
		ps[i] = newPrintedPhrase(s)
	}
	// Longest first: a longer label claims its words before a shorter one
	// that shares some ("Nơi thường trú" in "Nơi ĐKHK thường trú:").
	slices.SortStableFunc(ps, func(a, b printedPhrase) int { return len(b.bare) - len(a.bare) })
	return ps
}()

// printedSlips is how many character edits a printed phrase of n
// characters (spaces aside) may show and still be read as that phrase:
// under a third, so that "Họ tên." is "Họ tên:" but no two phrases of the
// list, nor a phrase and a value, come that close.
func printedSlips(n int) int { return n * 3 / 10 }

// SnapCardLabels gives the stretches of pt's lines that read close to a
// card's printed heading or label (cardPrinted) their printed spelling. It
// returns the text and how many stretches changed.
func SnapCardLabels(pt PageText) (PageText, int) {
	var words []Word
	ws, joined := joinPrintedHalves(pt.Words)
	changed := joined
	lines := lineWords(ws)
	model := cardModel(ws, lines)
	for _, idx := range lines {
		line, n := snapLine(pick(ws, idx), model)
		changed += n
		words = append(words, line...)
	}
	if changed == 0 {
		return pt, 0
	}
	pt.Words = words
	pt.Text = textFromWords(words)
	return pt, changed
}

// joinPrintedHalves makes one line of two lines read side by side (their
// rows overlapping by half the lower one's height, their columns apart)
// that read a printed phrase together, closer than either reads it alone:
// the layout can cut a heading in two ("Độc I" in the title's block beside
// "- Tự đo - Hạnh phúc", a phone photo of a CMND). It returns the words and
// how many lines it joined.
func joinPrintedHalves(ws []Word) ([]Word, int) {
	lines := lineWords(ws)
	joined := 0
	out := make([]Word, 0, len(ws))
	for k := 0; k < len(lines); k++ {
		a := pick(ws, lines[k])
		if k+1 < len(lines) {
			b := pick(ws, lines[k+1])
			if m, ok := printedHalves(a, b); ok {
				out = append(out, m...)
				joined++
				k++
				continue
			}
		}
		out = append(out, a...)
	}
	return out, joined
}

// printedHalves returns lines a and b as one line, in order of their left
// edges, when they are the two halves of a printed phrase
// (joinPrintedHalves).
func printedHalves(a, b []Word) ([]Word, bool) {
	ra, rb := wordsRect(a), wordsRect(b)
	if xOverlap(ra, rb) > 0 || 2*(min(ra.Max.Y, rb.Max.Y)-max(ra.Min.Y, rb.Min.Y)) < min(ra.Dy(), rb.Dy()) {
		return nil, false
	}
	m := byLeft(a, b)
	if !closerTogether(m, a, b) {
		return nil, false
	}
	for i := range m {
		m[i].Line, m[i].Block = a[0].Line, a[0].Block
	}
	return m, true
}

// pick returns the words of ws at idx.
func pick(ws []Word, idx []int) []Word {
	out := make([]Word, len(idx))
	for k, i := range idx {
		out[k] = ws[i]
	}
	return out
}

// wordsRect is the union of the boxes of ws.
func wordsRect(ws []Word) image.Rectangle {
	var r image.Rectangle
	for _, w := range ws {
		r = r.Union(wordRect(w.Box))
	}
	return r
}

// snapLine snaps the printed phrases of one line, longest phrase first,
// each on the stretch of words closest to it that no longer phrase took.
// On a card of a known model (cardModel: "cccd", "cmnd"), the other
// model's labels are left out: a CCCD's "Nơi thường trú / Place of" with
// its last word lost came within reach of the CMND's "Nơi ĐKHK thường
// trú:" (a photocopy of seed 4).
func snapLine(line []Word, model string) ([]Word, int) {
	taken := make([]bool, len(line))
	// Each word's letters, and whether it holds a digit (no label does),
	// once for all the phrases.
	runes := make([][]rune, len(line))
	digit := make([]bool, len(line))
	for k, w := range line {
		runes[k] = []rune(w.Text)
		// A lone "7" is the labels' "/" in small print ("Giới tính 7 Sex:").
		digit[k] = w.Text != "7" && strings.IndexFunc(w.Text, unicode.IsDigit) >= 0
	}
	type snap struct {
		from, to int
		p        printedPhrase
	}
	var snaps []snap
	for _, p := range cardPhrases {
		if model != "" && p.model != "" && p.model != model {
			continue
		}
		best, bi, bj, blen := printedSlips(len(p.bare))+1, -1, -1, 0
		for i := range line {
			var bare []rune
			for j := i; j < len(line) && j < i+len(p.words)+2; j++ {
				if taken[j] || digit[j] {
					break
				}
				bare = append(bare, runes[j]...)
				if j == i && len(bare) > 0 {
					bare[0] = unicode.ToLower(bare[0])
				}
				// Ties go to the shorter stretch: a value word beside a
				// label that lost letters is not the label's.
				if d := editDistance(bare, p.bare, best); d < best || d == best && bi >= 0 && len(bare) < blen {
					best, bi, bj, blen = d, i, j+1, len(bare)
				}
			}
		}
		if bi < 0 || !labelEnds(line, bj, p) {
			continue
		}
		for k := bi; k < bj; k++ {
			taken[k] = true
		}
		if !spelled(line[bi:bj], p.words) {
			snaps = append(snaps, snap{bi, bj, p})
		}
	}
	if len(snaps) == 0 {
		return line, 0
	}
	slices.SortFunc(snaps, func(a, b snap) int { return a.from - b.from })
	out := make([]Word, 0, len(line))
	at := 0
	for _, s := range snaps {
		out = append(out, line[at:s.from]...)
		out = append(out, spreadWords(line[s.from:s.to], s.p.words)...)
		at = s.to
	}
	return append(out, line[at:]...), len(snaps)
}

// spelled reports whether ws read, word for word, the words of a phrase.
func spelled(ws []Word, words []string) bool {
	return slices.EqualFunc(ws, words, func(w Word, s string) bool { return w.Text == s })
}

// labelEnds reports whether a stretch of line that ends before word j can
// be the whole of p: a label read without its colon must not be followed
// by a lowercase word, which would continue it ("Họ tên chồng:" is not
// "Họ tên:" followed by a value).
func labelEnds(line []Word, j int, p printedPhrase) bool {
	if p.bare[len(p.bare)-1] != ':' || j == len(line) || strings.ContainsAny(line[j-1].Text, ":;.,") {
		return true
	}
	r := []rune(line[j].Text)
	return !unicode.IsLower(r[0])
}

// spreadWords lays the words of a phrase over the boxes of the words read
// for it: word for word when they are as many, else the stretch's box
// shared out by the words' lengths, with the stretch's mean confidence.
func spreadWords(read []Word, words []string) []Word {
	if len(read) == len(words) {
		// Word for word: each keeps the box and confidence it was read with.
		out := slices.Clone(read)
		for k := range out {
			out[k].Text, out[k].Alts = words[k], nil
		}
		return out
	}
	r := wordsRect(read)
	conf := meanConfidence(read)
	total := len(words) - 1 // one space between words
	for _, w := range words {
		total += len([]rune(w))
	}
	out := make([]Word, len(words))
	x, used := r.Min.X, 0
	for k, w := range words {
		used += len([]rune(w))
		end := r.Min.X + r.Dx()*used/total
		if k == len(words)-1 {
			end = r.Max.X
		}
		out[k] = Word{Text: w, Confidence: conf, Box: Box{X: x, Y: r.Min.Y, W: max(end-x, 1), H: r.Dy()}, Line: read[0].Line, Block: read[0].Block}
		used++ // the space after it
		x = r.Min.X + r.Dx()*used/total
	}
	return out
}
