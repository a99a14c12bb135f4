package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
)

// speckMarks are the marks Tesseract reads a toner speck or a fleck of dirt
// as when it sits in a word gap or at a letter's side: a dot, a comma, a
// quote or a short dash.
const speckMarks = ".,:;'`_|~^ˆ‘’„-"

// speckQuotes are the speck marks that close no word in print.
const speckQuotes = "'`^ˆ‘’"

// dropSpeckMarks removes from w's text the marks that can only be specks:
// a mark standing alone as a word (no such word exists in print, except
// the dash of a list or between words, which is kept); one that joins two
// Vietnamese syllables with no space ("Đào.tạo", "đoàn-kiểm",
// "thưởng'ông"), where the gap is read as a space again; and one glued
// before a syllable ("'Hồ", ".SỞ", "-thực", unless the dash opens the line,
// where it is a list item's), or a quote after one ("này'", ADR 0629). Codes, numbers, dates and abbreviations
// ("56/2023/QĐ-UBND", "TT-BTC", "TP.HCM") have parts that are not
// syllables and are left as read. It returns the text and whether it
// changed; lineStart tells whether w opens its line.
func dropSpeckMarks(w string, lineStart bool) (string, bool) {
	if utf8.RuneCountInString(w) == 1 {
		if r, _ := utf8.DecodeRuneInString(w); r != '-' && strings.ContainsRune(speckMarks, r) {
			return "", true
		}
		return w, false
	}
	if s, ok := splitAtSpeck(w); ok {
		return s, true
	}
	if s, ok := splitBeforeNumber(w); ok {
		return s, true
	}
	// A quote glued after a syllable or a number ("trình'", "2025`"): the
	// print quotes with “ ”, and closes no word with a single quote.
	if r, n := utf8.DecodeLastRuneInString(w); strings.ContainsRune(speckQuotes, r) {
		if core := w[:len(w)-n]; isSyllable(strings.TrimRightFunc(core, isTrailPunct)) || strings.Trim(core, "0123456789") == "" {
			return core, true
		}
	}
	// A mark glued before a syllable.
	r, n := utf8.DecodeRuneInString(w)
	if !strings.ContainsRune(speckMarks, r) || r == '-' && lineStart {
		return w, false
	}
	if core := strings.TrimRightFunc(w[n:], isTrailPunct); isSyllable(core) {
		return w[n:], true
	}
	return w, false
}

// splitBeforeNumber parts a syllable from the number glued to it by one
// mark ("ngày.18", "năm-2012;", "số-031080779289", "ngõ,128"): print
// puts a space there, and a speck or a lost space took it (ADR 0629). A
// colon is a label's and stays before the space ("sinh:1990" → "sinh:
// 1990"); the others are specks and go. Codes ("QĐ-UBND", "TT-BTP") have
// no number after their mark, or no syllable before it.
func splitBeforeNumber(w string) (string, bool) {
	i := strings.IndexAny(w, "-.,:")
	if i <= 0 || i+1 >= len(w) || !isASCIIDigit(rune(w[i+1])) || !isSyllable(w[:i]) {
		return w, false
	}
	if w[i] == ':' {
		return w[:i+1] + " " + w[i+1:], true
	}
	return w[:i] + " " + w[i+1:], true
}

// splitAtSpeck splits "left<marks>right", where left and right are
// syllables and the marks one speck mark, or a real trailing mark of left
// (",.;:" or a closing parenthesis) followed by one: "phút,.ngày" →
// "phút, ngày", "(bà).Phan" → "(bà) Phan".
func splitAtSpeck(w string) (string, bool) {
	rs := []rune(w)
	// The run of non-letters between the first and the second letter run.
	i := 0
	for i < len(rs) && !isLetter(rs[i]) {
		i++
	}
	j := i
	for j < len(rs) && isLetter(rs[j]) {
		j++
	}
	k := j
	for k < len(rs) && !isLetter(rs[k]) {
		k++
	}
	if j == i || k == j || k == len(rs) || k-j > 2 {
		return "", false
	}
	end := k
	for end < len(rs) && isLetter(rs[end]) {
		end++
	}
	if strings.TrimRightFunc(string(rs[end:]), isTrailPunct) != "" {
		return "", false // more letters or marks follow
	}
	lead, left, right := string(rs[:i]), string(rs[i:j]), string(rs[k:end])
	if strings.Trim(lead, "(“\"") != "" || !isSyllable(left) || !isSyllable(right) {
		return "", false
	}
	speck := rs[k-1]
	if !strings.ContainsRune(speckMarks, speck) {
		return "", false
	}
	keep := string(rs[j : k-1])
	switch {
	case keep == "" && strings.ContainsRune(",;:", speck) && !inListedWord(left, right):
		// Rather a real mark with its space lost ("tộc:Kinh"); no mark
		// cuts a word of the word list ("thông:tin", a photocopy's
		// speck).
		keep = string(speck)
	case keep != "" && !strings.ContainsAny(keep, ",.;:)"):
		return "", false
	}
	return lead + left + keep + " " + string(rs[k:]), true
}

// isSyllable reports whether s (any case) is one Vietnamese syllable of at
// least two letters and no abbreviation.
func isSyllable(s string) bool {
	return utf8.RuneCountInString(s) >= 2 && allLetters(s) && !isAbbrev(s) && vnsyllables.Valid(vntext.Lower(s))
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }

func isTrailPunct(r rune) bool { return strings.ContainsRune(",.;:)!?”\"", r) }

// markedConsonants takes the mark off a consonant ("UBÑD", "ñgõ"): in
// Vietnamese only vowels carry marks (đ is a letter of its own), and a
// speck over an n reads as a tilde.
func markedConsonants(w string) (string, bool) {
	rs := []rune(w)
	changed := false
	for i, r := range rs {
		if r < utf8.RuneSelf || !unicode.IsLetter(r) {
			continue
		}
		if b := bareLetter(r); b != r && b < utf8.RuneSelf && unicode.IsLetter(b) && !isVowel(b) {
			rs[i], changed = b, true
		}
	}
	return string(rs), changed
}

// junkRunes are characters that no Vietnamese administrative text prints
// and that Tesseract gives to the strokes of a seal or a signature and to
// toner ("quyết: ⁄ 4⁄44 z„ x", "^—¬x", "¡").
const junkRunes = "⁄„¬¡¿®©£¥¤¦¨¯´¸«»‹›ˆ˜™†‡•¶"

// junkWord reports whether w, read unsure, holds such a character and
// nothing worth keeping: no run of two digits (a number glued to a speck,
// "2018'ˆ") and no syllable of two letters or more.
func junkWord(w Word) bool {
	if w.Confidence >= 0.5 || !strings.ContainsAny(w.Text, junkRunes) {
		return false
	}
	var run []rune
	digitsRun := 0
	keep := false
	flush := func() {
		if len(run) >= 2 && vnsyllables.Strict(vntext.Lower(string(run))) {
			keep = true
		}
		run = run[:0]
	}
	for _, r := range w.Text {
		switch {
		case unicode.IsDigit(r):
			digitsRun++
			if digitsRun >= 2 {
				keep = true
			}
			flush()
		case isLetter(r):
			digitsRun = 0
			run = append(run, r)
		default:
			digitsRun = 0
			flush()
		}
	}
	flush()
	return !keep
}
