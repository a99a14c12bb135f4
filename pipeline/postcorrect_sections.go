package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// romans are the section numbers of a document's parts ("I. MỤC ĐÍCH, YÊU
// CẦU", "II. Thửa đất, nhà ở …"), as far as any administrative document
// counts them.
var romans = []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}

// romanHeadings mends the section numbers that open lines before a word
// with a capital. They count up from I, so where the page numbers its
// sections with at least one roman number read right, a number read as
// other strokes ("H.", "1I.", "IL.", "Ï.", ".I.") takes the place in the
// count that follows the section before it, and so does a number read
// with a stroke lost that repeats the one before ("II." after "II."),
// unless the next one follows on from it. A lone "1." is left alone: it
// numbers the items of a section as often. It reports whether it changed
// a word.
func romanHeadings(words []Word) bool {
	type heading struct {
		at, n int // word index; its number, 0 when read as other strokes
	}
	var hs []heading
	valid := false
	for _, idx := range lineWords(words) {
		if len(idx) < 2 {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(words[idx[1]].Text); !unicode.IsUpper(r) {
			continue
		}
		n, ok := romanNumber(words[idx[0]].Text)
		if !ok {
			continue
		}
		hs = append(hs, heading{idx[0], n})
		valid = valid || n > 0
	}
	if !valid {
		return false
	}
	changed := false
	prev := 0
	for k, h := range hs {
		next := 0 // the next section number read right
		for _, o := range hs[k+1:] {
			if o.n > 0 {
				next = o.n
				break
			}
		}
		want := h.n
		if (h.n == 0 || h.n == prev) && prev+1 < len(romans) && (next == 0 || next > prev+1) {
			want = prev + 1
		}
		if want > 0 && words[h.at].Text != romans[want]+"." {
			words[h.at].Text = romans[want] + "."
			changed = true
		}
		prev = want
	}
	return changed
}

// romanNumber reads w as a section number: n for a roman number I–X with
// its full stop, 0 with ok for strokes that a photocopy makes of one (I,
// l, L, H, 1, Ï with a stop, one at least no digit), after any speck's marks.
func romanNumber(w string) (n int, ok bool) {
	w = strings.TrimLeftFunc(w, func(r rune) bool { return !isAlnum(r) })
	body, stop := strings.CutSuffix(w, ".")
	if !stop || body == "" || len(body) > 8 {
		return 0, false
	}
	for i, r := range romans {
		if i > 0 && body == r {
			return i, true
		}
	}
	if strings.Trim(body, "IlLH1Ïï") != "" || strings.Trim(body, "1") == "" {
		return 0, false
	}
	return 0, true
}

// listLetter reads the word that opens a line as a list item's letter:
// "ø)" is the "g)" of the list a), b), … đ), e), g) (ø is no Vietnamese
// letter, and a photocopy closes g's loops), after any speck's marks.
func listLetter(w string) (string, bool) {
	if strings.TrimLeftFunc(w, func(r rune) bool { return !isAlnum(r) }) != "ø)" {
		return "", false
	}
	return "g)", true
}

// articleNumbers gives "Điều" its marks where a slipped mark made it
// another syllable of its letters before a number ("Như Điêu 3;",
// "theo điểu 12"): a law's articles are the only such words numbered in
// administrative text. It reports whether it changed a word.
func articleNumbers(words []Word) bool {
	changed := false
	for i := 0; i+1 < len(words); i++ {
		w := words[i].Text
		if words[i+1].Line != words[i].Line || !startsDigit(words[i+1].Text) || vntext.Fold(w) != "dieu" {
			continue
		}
		want := "điều"
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			want = "Điều"
		}
		if w != want && w != strings.ToUpper(want) {
			words[i].Text = want
			changed = true
		}
	}
	return changed
}

// strayCapital lowers the one capital letter that a syllable of three
// letters or more reads after a lowercase letter ("hànH", "tHời", "TrÍ"):
// no Vietnamese word is written so, and the vie model reads a final h or
// n, an h after t, or a letter with a mark taller on a photocopy. The
// first letter keeps its case; marks around the letters stay. Units and
// abbreviations ("pH", "mL", "kWh", "ThS", "TTg") are no syllable or have
// no lowercase letter before their capital.
func strayCapital(w string) (string, bool) {
	core := letterCore(w)
	rs := []rune(core)
	if len(rs) < 3 {
		return "", false
	}
	upper, lowerBefore := -1, false
	for k, r := range rs {
		switch {
		case k == 0:
			lowerBefore = unicode.IsLower(r)
		case unicode.IsUpper(r):
			if upper >= 0 || !lowerBefore {
				return "", false
			}
			upper = k
		case unicode.IsLower(r):
			lowerBefore = true
		default:
			return "", false
		}
	}
	if upper < 0 {
		return "", false
	}
	low := string(rs[0]) + vntext.Lower(string(rs[1:]))
	if !isSyllable(low) {
		return "", false
	}
	at := strings.Index(w, core)
	return w[:at] + low + w[at+len(core):], true
}
