package pipeline

import (
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/pipeline/vnsyllables"
)

// PostCorrect repairs OCR words that are not valid Vietnamese syllables
// when exactly one listed syllable is a single edit away, and rebuilds the
// page text from the words. It never touches words with digits or symbols
// (numbers, codes like 56/2023/QĐ-UBND), nor words with a capital letter
// (names, abbreviations): there a wrong repair costs more than a typo.
func PostCorrect(pt PageText) PageText {
	changed := false
	for i, w := range pt.Words {
		if fixed, ok := repairWord(w.Text); ok {
			pt.Words[i].Text = fixed
			changed = true
		}
	}
	if !changed {
		return pt
	}
	var b strings.Builder
	for i, w := range pt.Words {
		if i > 0 {
			if w.Line != pt.Words[i-1].Line {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
	}
	pt.Text = b.String()
	return pt
}

// repairWord repairs the letters of w between any leading and trailing
// punctuation.
func repairWord(w string) (string, bool) {
	core := strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) })
	if core == "" {
		return "", false
	}
	for _, r := range core {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) || unicode.IsUpper(r) {
			return "", false
		}
	}
	fixed, ok := vnsyllables.Repair(core)
	if !ok {
		return "", false
	}
	i := strings.Index(w, core)
	return w[:i] + fixed + w[i+len(core):], true
}
