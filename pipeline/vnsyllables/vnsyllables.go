// Package vnsyllables tells valid Vietnamese syllables from OCR garbage and
// repairs a garbled syllable when exactly one valid one is a single edit
// away.
//
// The list is the word list of Debian's vie.traineddata (see gen.sh). It is
// not complete, so validity also accepts any syllable built from a valid
// initial consonant and a rhyme seen in the list, with a tone its final
// allows (stop finals p, t, c, ch only take sắc or nặng).
package vnsyllables

//go:generate ./gen.sh

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed syllables.txt
var list string

var (
	once   sync.Once
	set    map[string]bool
	rhymes map[string]bool
	// letters is every rune used in the list: the alphabet of repairs.
	letters []rune
)

// initials, longest first so that "ngh" wins over "ng" and "n".
var initials = []string{"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", ""}

const (
	toneGrave = '\u0300' // huyền
	toneAcute = '\u0301' // sắc
	toneHook  = '\u0309' // hỏi
	toneTilde = '\u0303' // ngã
	toneDot   = '\u0323' // nặng
)

func load() {
	set = map[string]bool{}
	rhymes = map[string]bool{}
	seen := map[rune]bool{}
	for _, w := range strings.Split(list, "\n") {
		if w == "" {
			continue
		}
		set[w] = true
		for _, r := range w {
			if !seen[r] {
				seen[r] = true
				letters = append(letters, r)
			}
		}
		if _, rhyme, _, ok := split(w); ok {
			rhymes[rhyme] = true
		}
	}
}

// split parts a lowercase syllable into initial, toneless rhyme and tone.
func split(w string) (initial, rhyme string, tone rune, ok bool) {
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		switch r {
		case toneGrave, toneAcute, toneHook, toneTilde, toneDot:
			if tone != 0 {
				return "", "", 0, false // two tones
			}
			tone = r
		default:
			b.WriteRune(r)
		}
	}
	base := norm.NFC.String(b.String())
	for _, in := range initials {
		if strings.HasPrefix(base, in) {
			initial, rhyme = in, base[len(in):]
			break
		}
	}
	if rhyme == "" {
		return "", "", 0, false
	}
	return initial, rhyme, tone, true
}

// Load builds the list now instead of at its first use.
func Load() { once.Do(load) }

// InList reports whether w (lowercase, NFC) is in the syllable list.
func InList(w string) bool {
	once.Do(load)
	return set[w]
}

// Valid reports whether w, a lowercase NFC word, is a Vietnamese syllable.
func Valid(w string) bool {
	once.Do(load)
	if set[w] {
		return true
	}
	_, rhyme, tone, ok := split(w)
	if !ok || !rhymes[rhyme] {
		return false
	}
	return stopTone(rhyme, tone)
}

// stopTone: a syllable closed by p, t, c or ch takes the acute or the dot
// below, never another tone.
func stopTone(rhyme string, tone rune) bool {
	if strings.HasSuffix(rhyme, "p") || strings.HasSuffix(rhyme, "t") || strings.HasSuffix(rhyme, "c") || strings.HasSuffix(rhyme, "ch") {
		return tone == toneAcute || tone == toneDot
	}
	return true
}

// Strict is Valid without the list's exceptions to the tones of closed
// syllables: the list holds a few spellings without their tone ("tich"),
// which no Vietnamese text writes.
func Strict(w string) bool {
	if !Valid(w) {
		return false
	}
	_, rhyme, tone, ok := split(w)
	return !ok || stopTone(rhyme, tone)
}

// Repair returns the one listed syllable that is a single rune edit
// (substitution, insertion or deletion) away from w, a lowercase NFC word
// that is not Valid. It reports false when there is none or more than one.
func Repair(w string) (string, bool) {
	once.Do(load)
	if Valid(w) || utf8.RuneCountInString(w) > 8 {
		return "", false
	}
	rs := []rune(w)
	found := ""
	n := 0
	try := func(c []rune) {
		s := string(c)
		if set[s] && s != found {
			found = s
			n++
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		// Deletion.
		buf = append(append(buf[:0], rs[:i]...), rs[i+1:]...)
		try(buf)
		// Substitution.
		for _, l := range letters {
			if l == rs[i] {
				continue
			}
			buf = append(append(append(buf[:0], rs[:i]...), l), rs[i+1:]...)
			try(buf)
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, l := range letters {
			buf = append(append(append(buf[:0], rs[:i]...), l), rs[i:]...)
			try(buf)
		}
	}
	if n != 1 {
		return "", false
	}
	return found, true
}
