package pipeline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
	"golang.org/x/text/unicode/norm"
)

// altToken is one token (a whitespace-separated part of a word's text)
// with the alternatives its letters had in the image.
type altToken struct {
	word              int // index of its Word
	lead, core, trail string
	low               string     // lowercase core when it is a syllable, else ""
	alts              [][]string // per rune of core: other readings of it (diacritics only)
}

// chooseAlts repairs, among the readings the LSTM weighed close for a
// word's letters (Word.Alts), the one a neighbour makes a word of
// (ADR 0620): "Phạt tiên" → "Phạt tiền" (ề was the second choice),
// "Công thông tin" stays unless ổ was one. A syllable is changed only
// when, as read, it forms no pair of the word lists with its neighbours
// (vnwords.Seen), and exactly one of its readings forms a word
// (vnwords.Word) with one of them; when none does, a rare lowercase
// syllable becomes a common reading ("sô định danh" → "số"), and a word
// after an amount becomes "đồng" when the image allowed it. Unlike
// repairWords, it may change
// capitalised words and syllables whose neighbour belongs to another
// word: the image, not only the dictionary, says the reading was close.
// It returns the words, a copy when it changed one, and whether it did.
func chooseAlts(words []Word) ([]Word, bool) {
	if !slices.ContainsFunc(words, func(w Word) bool { return len(w.Alts) > 0 }) {
		return words, false
	}
	ts := altTokens(words)
	changed := false
	for i := range ts {
		t := &ts[i]
		if t.alts == nil || t.low == "" {
			continue
		}
		prev, next := "", ""
		if i > 0 && ts[i-1].low != "" && ts[i-1].trail == "" && t.lead == "" {
			prev = ts[i-1].low
		}
		if i+1 < len(ts) && ts[i+1].low != "" && t.trail == "" && ts[i+1].lead == "" {
			next = ts[i+1].low
		}
		if i > 0 && t.lead == "" && isAmount(ts[i-1]) && t.low != "đồng" {
			// An amount of money is in đồng: "679.500.000 đông".
			if c := slices.IndexFunc(readings(t.core, t.alts), func(c string) bool { return c == "đồng" }); c >= 0 {
				t.core, t.low = "đồng", "đồng"
				changed = true
				continue
			}
		}
		if prev == "" && next == "" {
			continue
		}
		pairs := func(s string, f func(a, b string) bool) bool {
			return prev != "" && f(prev, s) || next != "" && f(s, next)
		}
		if pairs(t.low, vnwords.Seen) {
			continue
		}
		var pick string
		n := 0
		for _, c := range readings(t.core, t.alts) {
			low := vntext.Lower(c)
			if low != t.low && vnsyllables.Valid(low) && pairs(low, vnwords.Word) {
				pick = c
				n++
			}
		}
		if rc := max(vnwords.Pairs(t.low), 1); n == 0 && t.core == t.low && rc <= rarePairs {
			// No reading makes a word: a rare lowercase syllable ("sô
			// định danh") is taken for a common one the image allowed.
			for _, c := range readings(t.core, t.alts) {
				if vnsyllables.Valid(c) && vnwords.Pairs(c) >= commonRatio*rc {
					pick = c
					n++
				}
			}
		}
		if n != 1 {
			continue
		}
		t.core, t.low = pick, vntext.Lower(pick)
		changed = true
	}
	if !changed {
		return words, false
	}
	words = slices.Clone(words)
	for i := 0; i < len(ts); {
		j := i + 1
		for j < len(ts) && ts[j].word == ts[i].word {
			j++
		}
		parts := make([]string, 0, j-i)
		for _, t := range ts[i:j] {
			parts = append(parts, t.lead+t.core+t.trail)
		}
		words[ts[i].word].Text = strings.Join(parts, " ")
		i = j
	}
	return words, true
}

// A syllable read that starts at most rarePairs pairs of the word lists
// is taken for a rare word misread when the image allowed, instead, one
// that starts commonRatio times as many ("sô" 4, "số" 223).
const (
	rarePairs   = 20
	commonRatio = 8
)

// isAmount reports whether t is a sum written with thousands separators
// ("679.500.000", "1,250,000"), with no mark after it.
func isAmount(t altToken) bool {
	if t.lead != "" || t.trail != "" || len(t.core) < 5 {
		return false
	}
	groups := strings.FieldsFunc(t.core, func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) < 2 || len(groups[0]) > 3 {
		return false
	}
	for i, g := range groups {
		if i > 0 && len(g) != 3 || strings.Trim(g, "0123456789") != "" {
			return false
		}
	}
	return strings.Count(t.core, ".")+strings.Count(t.core, ",") == len(groups)-1
}

// readings returns core with the alternatives of one of its letters, or
// of two.
func readings(core string, alts [][]string) []string {
	rs := []rune(core)
	var out []string
	for i, ai := range alts {
		for _, a := range ai {
			r1 := append([]rune(nil), rs...)
			r1[i] = []rune(a)[0]
			out = append(out, string(r1))
			for j := i + 1; j < len(alts); j++ {
				for _, b := range alts[j] {
					r2 := append([]rune(nil), r1...)
					r2[j] = []rune(b)[0]
					out = append(out, string(r2))
				}
			}
		}
	}
	return out
}

// altTokens splits the words, as read, into tokens, each with its lead
// and trail marks and the alternatives of its core's letters.
func altTokens(words []Word) []altToken {
	var ts []altToken
	for wi, w := range words {
		rs := []rune(w.Text)
		pos := 0 // runes of w.Text before the token
		for _, f := range strings.Fields(w.Text) {
			at := runeIndex(rs[pos:], []rune(f)) + pos
			pos = at + utf8.RuneCountInString(f)
			core := letterCore(f)
			t := altToken{word: wi, lead: f}
			if core != "" {
				k := strings.Index(f, core)
				t.lead, t.core, t.trail = f[:k], core, f[k+len(core):]
				low := vntext.Lower(core)
				if allLetters(core) && utf8.RuneCountInString(core) >= 2 && vnsyllables.Valid(low) && !isAbbrev(core) {
					t.low = low
				}
				if t.low != "" && len(w.Alts) > 0 {
					t.alts = coreAlts(w.Alts, at+utf8.RuneCountInString(t.lead), []rune(core))
				}
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// capMargin is how close (in confidence) an alternative must be to the
// character read for chooseAlts to take it in a word with a capital: a
// name or a heading in capitals, where a dictionary pair is weaker
// evidence ("TRIỆU THANH YẾN" is no "thanh yên", the fruit; a header's
// columns read as one line, "VIỆT NAM TỈNH", no "nam tính"). Lowercase
// words take any alternative recorded (altMargin).
const capMargin = 0.35

// coreAlts returns, for each rune of core (found at rune off of the word
// as read), the alternatives that change only its diacritics, keeping its
// case; nil when there are none.
func coreAlts(alts []Alt, off int, core []rune) [][]string {
	margin := float32(altMargin)
	if slices.ContainsFunc(core, unicode.IsUpper) {
		margin = capMargin
	}
	var out [][]string
	for _, a := range alts {
		i := a.At - off
		if i < 0 || i >= len(core) || a.Best-a.Conf > margin {
			continue
		}
		r, _ := utf8.DecodeRuneInString(a.Text)
		if r == core[i] || bareLetter(r) != bareLetter(core[i]) {
			continue
		}
		if out == nil {
			out = make([][]string, len(core))
		}
		out[i] = append(out[i], a.Text)
	}
	return out
}

// bareLetter is r without tone mark or vowel modifier, keeping its case
// (đ stays đ): "ề" → "e", "Ấ" → "A".
func bareLetter(r rune) rune {
	d := []rune(norm.NFD.String(string(r)))
	return d[0]
}

// runeIndex is the index of sub in s, in runes, or -1.
func runeIndex(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if string(s[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}
