// Package vntext normalises Vietnamese text: NFC, case and diacritic folding.
//
// Folding maps every Latin letter with Vietnamese marks to its base letter
// (ộ → o, ắ → a) and đ/Đ → d, so that text typed without diacritics matches
// text printed with them.
package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C, the form sohoa stores.
func NFC(s string) string { return norm.NFC.String(s) }

// Fold lowercases s and strips its diacritics, mapping đ to d.
func Fold(s string) string {
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Lower returns the NFC lowercase form of s, keeping its diacritics.
func Lower(s string) string { return NFC(strings.ToLower(NFC(s))) }

// CollapseSpace trims s and replaces each run of white space with one space.
func CollapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
