package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
)

// repairWords undoes OCR slips that turn one valid syllable into another
// ("chỉ tiết" for "chi tiết", "tố chức", "khu dần cư", "Bạch Đăng"), which a
// syllable list cannot see. Two neighbouring lowercase syllables that are
// no pair of the dictionary (vnwords), and neither of which forms a word
// with its other neighbour, are repaired when exactly one change of the
// diacritics of one letter of one of them makes them a word.
// Words with digits or other symbols, abbreviations and words split by
// punctuation are left as read.
func repairWords(v string) string {
	toks := strings.Fields(v)
	if len(toks) < 2 {
		return v
	}
	type tok struct {
		lead, core, trail string
		low               string // lowercase core when it is a syllable, else ""
	}
	ts := make([]tok, len(toks))
	for i, w := range toks {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		t := tok{core: core}
		if core != "" {
			k := strings.Index(w, core)
			t.lead, t.trail = w[:k], w[k+len(core):]
			low := vntext.Lower(core)
			if allLetters(core) && utf8.RuneCountInString(core) >= 2 && vnsyllables.Valid(low) && !isAbbrev(core) {
				t.low = low
			}
		}
		ts[i] = t
	}
	// adjacent: no punctuation between tokens i and i+1.
	adjacent := func(i int) bool {
		return i >= 0 && i+1 < len(ts) && ts[i].low != "" && ts[i+1].low != "" && ts[i].trail == "" && ts[i+1].lead == ""
	}
	inWord := func(i int) bool { return adjacent(i) && vnwords.Word(ts[i].low, ts[i+1].low) }
	type fix struct {
		at  int
		low string
	}
	changed := false
	for i := 0; i+1 < len(ts); i++ {
		// Only lowercase words: a capital starts a proper name ("phố
		// Phạm Văn Đồng", "tỉnh Nam Định"), which the dictionary does not
		// hold. A pair seen in running text is left as read ("đất để").
		// Both syllables must be strangers to their other neighbours: one
		// that forms a word on its other side is read right ("quy định
		// chỉ tiết": "định" belongs to "quy định"), and a lone word between
		// two words ("kế hoạch và đầu tư") is left alone.
		if !adjacent(i) || ts[i].core != ts[i].low || ts[i+1].core != ts[i+1].low ||
			vnwords.Seen(ts[i].low, ts[i+1].low) || inWord(i-1) || inWord(i+1) {
			continue
		}
		var fixes []fix
		for _, c := range vnwords.Variants(ts[i].low) {
			if vnwords.Word(c, ts[i+1].low) {
				fixes = append(fixes, fix{i, c})
			}
		}
		for _, c := range vnwords.Variants(ts[i+1].low) {
			if vnwords.Word(ts[i].low, c) {
				fixes = append(fixes, fix{i + 1, c})
			}
		}
		if len(fixes) != 1 {
			continue
		}
		f := fixes[0]
		ts[f.at].low = f.low
		ts[f.at].core = f.low
		changed = true
	}
	if !changed {
		return v
	}
	for i, t := range ts {
		toks[i] = t.lead + t.core + t.trail
	}
	return strings.Join(toks, " ")
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
