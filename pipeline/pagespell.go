package pipeline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// A page prints a place's or a person's name in capitals in its header or
// a form's field ("PHƯỜNG THẢO ĐIỀN", "XÃ TẢN LĨNH") and in ordinary case
// in its text ("phường Thảo Điền", "Thảo Điền, ngày …"). The marks of
// capitals are squeezed under the line above and are lost first; the
// ordinary case keeps them. So a run of words in capitals takes the
// page's spelling of the same letters when the page writes them, folded
// alike, at least twice and always the same way, and never as the run
// reads.

// titleRuns counts, by fold, the spellings (lowercase) of the runs of two
// or three capitalised words in lines; lines mostly in capitals (the
// header, titles) are left out.
func titleRuns(lines []string) map[string]map[string]int {
	seen := map[string]map[string]int{}
	for _, l := range lines {
		if upperRatio(l) > 0.6 {
			continue
		}
		toks := strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })
		for n := 2; n <= 3; n++ {
			for i := 0; i+n <= len(toks); i++ {
				run := toks[i : i+n]
				ok := true
				for _, t := range run {
					if r, _ := utf8.DecodeRuneInString(t); !unicode.IsUpper(r) || upperRatio(t) == 1 {
						ok = false
						break
					}
				}
				if !ok {
					continue
				}
				low := vntext.Lower(strings.Join(run, " "))
				k := vntext.Fold(low)
				if seen[k] == nil {
					seen[k] = map[string]int{}
				}
				seen[k][low]++
			}
		}
	}
	return seen
}

// pageSpelling returns the page's spelling (lowercase, from titleRuns) of
// the run low (lowercase) when the page writes its letters at least twice,
// always the same way, and never as low.
func pageSpelling(seen map[string]map[string]int, low string) (string, bool) {
	sp := seen[vntext.Fold(low)]
	if len(sp) != 1 || sp[low] > 0 {
		return "", false
	}
	for s, c := range sp {
		if c >= 2 {
			return s, true
		}
	}
	return "", false
}

// CapitalsFromPage gives the runs of two or three words in capitals on a
// line the page's spelling of their letters (pageSpelling). Marks may
// stand before a run's first word and after its last ("ĐIỀN,"), not
// between its words. It returns the page and how many words changed.
func CapitalsFromPage(pt PageText) (PageText, int) {
	seen := titleRuns(strings.Split(pt.Text, "\n"))
	if len(seen) == 0 {
		return pt, 0
	}
	var words []Word
	changed := 0
	for _, idx := range lineWords(pt.Words) {
		ws := make([]capsPart, len(idx))
		for k, i := range idx {
			ws[k] = splitCaps(pt.Words[i].Text)
		}
		for n := 3; n >= 2; n-- {
			for k := 0; k+n <= len(idx); k++ {
				run := ws[k : k+n]
				if !capsRun(run) {
					continue
				}
				cores := make([]string, n)
				for j, c := range run {
					cores[j] = c.core
				}
				s, ok := pageSpelling(seen, vntext.Lower(strings.Join(cores, " ")))
				if !ok {
					continue
				}
				if words == nil {
					words = slices.Clone(pt.Words)
				}
				for j, w := range strings.Fields(vntext.NFC(strings.ToUpper(s))) {
					c := &ws[k+j]
					words[idx[k+j]].Text = c.lead + w + c.trail
					words[idx[k+j]].Alts = nil
					c.core = "" // spelt: no other run takes it
					changed++
				}
			}
		}
	}
	if changed == 0 {
		return pt, 0
	}
	pt.Words = words
	pt.Text = textFromWords(words)
	return pt, changed
}

// capsPart is a word's letters in capitals and the marks around them.
type capsPart struct{ lead, core, trail string }

// splitCaps splits w into marks, letters and marks; core is "" unless the
// letters are all in capitals.
func splitCaps(w string) capsPart {
	core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	if core == "" || !allLetters(core) || !isCapitals(core) {
		return capsPart{}
	}
	at := strings.Index(w, core)
	return capsPart{w[:at], core, w[at+len(core):]}
}

// capsRun reports whether run is words in capitals with marks only before
// the first and after the last.
func capsRun(run []capsPart) bool {
	for j, c := range run {
		if c.core == "" || j > 0 && c.lead != "" || j+1 < len(run) && c.trail != "" {
			return false
		}
	}
	return true
}
