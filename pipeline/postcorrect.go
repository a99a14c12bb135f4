package pipeline

import (
	"slices"
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
)

// PostCorrect repairs the page's words and rebuilds its text from them:
//   - a syllable is changed to another reading of its letters that the
//     LSTM weighed close (Word.Alts, recorded on photocopies and phone
//     photos) when that reading, and no other, makes a word with a
//     neighbour (chooseAlts, ADR 0620): "Phạt tiên" → "Phạt tiền";
//   - marks that can only be toner specks or dirt are dropped
//     (dropSpeckMarks): a lone "." or "'" word, the "." in "Đào.tạo";
//   - the text around a word mends what specks and lost spaces did
//     (ADR 0623): a date's day and month read as letters ("ngày L3 tháng
//     II" → "13", "11"), words of marks no text prints ("—_.", a lone
//     "l"), a doubled stop, a syllable's last letter read in capitals
//     ("hànH"), syllables glued together ("CHÍMINH"), a list item's ";"
//     read ":" and its letter "g)" read "ø)", a section's roman number
//     read as other strokes or repeated ("H.", "II." after "II.";
//     romanHeadings), an article's "Điều" before its number read
//     with a slipped mark ("Như Điêu 3"), a stop before a lowercase word
//     or among capitals, the place-and-date line's comma read ";", a unit
//     before a place's name read with a slipped mark ("tính An Giang");
//   - a word that is not a valid Vietnamese syllable is repaired when
//     exactly one listed syllable is a single edit away;
//   - a lowercase syllable read with a wrong diacritic that is still a
//     syllable ("quy định chỉ tiết") is repaired against the dictionary's
//     word pairs (repairWords, ADR 0203).
//
// It never touches words with digits or symbols (numbers, codes like
// 56/2023/QĐ-UBND), nor repairs letters of words with a capital letter
// (names, abbreviations): there a wrong repair costs more than a typo.
// A word keeps its box; one split at a speck holds both halves.
func PostCorrect(pt PageText) PageText {
	read, changed := chooseAlts(pt.Words)
	if !changed {
		read = slices.Clone(read) // dateDigits changes words in place
	}
	if dateDigits(read) {
		changed = true
	}
	words := read[:0:0]
	for i, w := range read {
		lineStart := i == 0 || read[i-1].Line != w.Line
		if junkWord(w) {
			changed = true
			continue
		}
		if t, ok := dropSpeckMarks(w.Text, lineStart); ok {
			changed = true
			if t == "" {
				continue
			}
			w.Text = t
		}
		afterNumber := !lineStart && strings.IndexFunc(read[i-1].Text, unicode.IsDigit) >= 0
		if t, ok := junkMarks(w.Text, afterNumber); ok {
			changed = true
			if t == "" {
				continue
			}
			w.Text = t
		}
		if t, ok := listLetter(w.Text); ok && lineStart {
			w.Text = t
			changed = true
		}
		for _, rule := range wordRules {
			if t, ok := rule(w.Text); ok {
				w.Text = t
				changed = true
			}
		}
		if n := len(words); n > 0 && words[n-1].Line == w.Line && splitCode(words[n-1].Text, w.Text) {
			prev := &words[n-1]
			r := wordRect(prev.Box).Union(wordRect(w.Box))
			prev.Text += w.Text
			prev.Box = Box{X: r.Min.X, Y: r.Min.Y, W: r.Dx(), H: r.Dy()}
			prev.Confidence = min(prev.Confidence, w.Confidence)
			changed = true
			continue
		}
		words = append(words, w)
	}
	for _, rule := range textRules {
		if rule(words) {
			changed = true
		}
	}
	if !changed {
		return pt
	}
	pt.Words = words
	pt.Text = textFromWords(pt.Words)
	return pt
}

// wordRules are the rules that read one word alone, in the order they run.
var wordRules = []func(string) (string, bool){strayCapital, markedConsonants, dottedColon, fixStops, splitGlued, repairWord}

// textRules are the rules that read a word with the words around it, in
// the order they run; each changes words in place and reports whether it
// changed one.
var textRules = []func([]Word) bool{listSemicolons, legalBasisCommas, romanHeadings, articleNumbers, dropStrayStops, placeDateComma, placeUnits, labelledSurnames, repairPairs}

// meanConfidence is the mean confidence of ws (0 for none): a page's
// confidence once its words changed.
func meanConfidence(ws []Word) float64 {
	var sum float64
	for _, w := range ws {
		sum += w.Confidence
	}
	return sum / float64(max(len(ws), 1))
}

// textFromWords joins words with spaces and their lines with newlines.
func textFromWords(ws []Word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			if w.Line != ws[i-1].Line {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w.Text)
	}
	return b.String()
}

// repairPairs runs repairWords over the page's words in reading order:
// a line that ends inside a word ("sử" | "dụng đất") is continued by the
// next, so lines are not cut apart.
func repairPairs(words []Word) bool {
	toks := make([]string, len(words))
	for i, w := range words {
		toks[i] = w.Text
	}
	in := strings.Join(toks, " ")
	out := repairWords(in)
	if out == in {
		return false
	}
	fs := strings.Fields(out)
	if len(fs) != len(strings.Fields(in)) {
		return false // repairWords keeps every token; never misplace one
	}
	for i, w := range words {
		n := len(strings.Fields(w.Text))
		words[i].Text = strings.Join(fs[:n], " ")
		fs = fs[n:]
	}
	return true
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

// Warm builds the syllable and word-pair lists that post-correction and
// extraction otherwise build at their first use (~60 ms): a process that
// serves pages calls it at start, so that its first page does not wait.
func Warm() {
	vnsyllables.Load()
	vnwords.Load()
}
