// Package vnwords knows which two Vietnamese syllables stand side by side
// inside a word of a general dictionary ("chi tiết", "tổ chức", "dân cư"),
// and which others are seen side by side in running text ("đất để"). A
// syllable list cannot tell "chỉ tiết" (an OCR slip: both are syllables)
// from "chi tiết"; the pairs can.
//
// words.txt holds the adjacent syllables of the multi-syllable words of the
// Viet74K word list; text.txt the other pairs seen at least twice in the
// running text of a dictionary's definitions and examples (see gen.sh and
// ADR 0203). Both lowercase NFC, "a b" a line.
package vnwords

//go:generate ./gen.sh

import (
	_ "embed"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

var (
	//go:embed words.txt
	wordList string
	//go:embed text.txt
	textList string
)

var (
	once sync.Once
	// words and text are the lines of words.txt and text.txt, which are
	// sorted (byte order): a binary search needs no map, and the strings
	// point into the embedded files (2 MB of slices, where maps took 5.5 MB
	// of live heap in every process that post-corrects).
	words, text []string
	// byBase lists the syllables of the pairs under their letters without
	// diacritics (đ kept): the candidates of a diacritic slip.
	byBase map[string][]string
)

func load() {
	words, text = pairLines(wordList), pairLines(textList)
	byBase = map[string][]string{}
	seen := map[string]bool{}
	for _, p := range words {
		a, b, _ := strings.Cut(p, " ")
		for _, s := range []string{a, b} {
			if !seen[s] {
				seen[s] = true
				k := base(s)
				byBase[k] = append(byBase[k], s)
			}
		}
	}
}

// pairLines is the "a b" lines of list, in their order.
func pairLines(list string) []string {
	out := make([]string, 0, strings.Count(list, "\n")+1)
	for p := range strings.Lines(list) {
		p = strings.TrimSuffix(p, "\n")
		if strings.Contains(p, " ") {
			out = append(out, p)
		}
	}
	return out
}

// Load builds the lists now instead of at their first use (~60 ms): a
// process that serves pages calls it at start, beside its other set-up,
// so that its first page does not wait for it.
func Load() { once.Do(load) }

// base strips tone marks and vowel modifiers and the bar of đ: "đằng" →
// "dang". A photocopy's speck crosses a d's stem as often as it lands
// above a vowel ("đóng đấu" for "đóng dấu").
func base(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r >= 0x300 && r <= 0x36f:
			continue
		case r == 'đ':
			r = 'd'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Word reports whether syllables a and b (lowercase NFC) stand side by side
// inside a listed word. Either may be spelt with a final i or y ("kỳ thi",
// "kì thi"): both spellings are current.
func Word(a, b string) bool {
	once.Do(load)
	return has(words, a, b)
}

// Seen reports whether a and b stand side by side inside a listed word or
// in the running text the pairs were counted in.
func Seen(a, b string) bool {
	once.Do(load)
	return has(words, a, b) || has(text, a, b)
}

func has(list []string, a, b string) bool {
	in := func(a, b string) bool {
		_, ok := slices.BinarySearch(list, a+" "+b)
		return ok
	}
	if in(a, b) {
		return true
	}
	as, bs := spellings(a), spellings(b)
	for _, x := range as {
		for _, y := range bs {
			if (x != a || y != b) && in(x, y) {
				return true
			}
		}
	}
	return false
}

// spellings returns s and its other current spellings: a final i/y the
// other way (altIY) and the tone on the other vowel of a final oa, oe or
// uy (altTone). The lists spell "cộng hoà" and "thuỷ lợi" but also
// "hòa bình": both placements are current.
func spellings(s string) []string {
	out := []string{s}
	for _, t := range []string{altIY(s), altTone(s)} {
		if t != s && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// Tone marks on the vowels of the pairs oa, oe, uy: the same tone at the
// same index of each row.
var (
	toneO = []rune("òóỏõọ")
	toneA = []rune("àáảãạ")
	toneE = []rune("èéẻẽẹ")
	toneU = []rune("ùúủũụ")
	toneY = []rune("ỳýỷỹỵ")
)

// altTone moves the tone of a syllable ending in oa, oe or uy to the other
// vowel: "hoà" ↔ "hòa", "khoẻ" ↔ "khỏe", "thuỷ" ↔ "thủy". "quý" (u is
// part of qu) and syllables with a final consonant ("hoàng") have one
// spelling and are returned as they are.
func altTone(s string) string {
	rs := []rune(s)
	n := len(rs)
	if n < 2 || n >= 3 && rs[n-3] == 'q' {
		return s
	}
	pairs := []struct{ first, second []rune }{{toneO, toneA}, {toneO, toneE}, {toneU, toneY}}
	bare := []struct{ first, second rune }{{'o', 'a'}, {'o', 'e'}, {'u', 'y'}}
	for k, p := range pairs {
		if i := slices.Index(p.second, rs[n-1]); i >= 0 && rs[n-2] == bare[k].first {
			rs[n-2], rs[n-1] = p.first[i], bare[k].second // hoà → hòa
			return string(rs)
		}
		if i := slices.Index(p.first, rs[n-2]); i >= 0 && rs[n-1] == bare[k].second {
			rs[n-2], rs[n-1] = bare[k].first, p.second[i] // hòa → hoà
			return string(rs)
		}
	}
	return s
}

// The final i and y with each tone, in the same order.
var (
	finalI = []rune("iìíỉĩị")
	finalY = []rune("yỳýỷỹỵ")
)

// altIY spells a syllable ending in i or y after a consonant (or "qu") the
// other way: "kỳ" ↔ "kì", "lý" ↔ "lí", "quý" ↔ "quí". Other syllables are
// returned as they are.
func altIY(s string) string {
	rs := []rune(s)
	n := len(rs)
	if n < 2 {
		return s
	}
	prev := rs[n-2]
	if !(strings.ContainsRune("bcdđghklmnprstvx", prev) || (n == 3 && rs[0] == 'q' && prev == 'u')) {
		return s
	}
	for k := range finalI {
		switch rs[n-1] {
		case finalI[k]:
			rs[n-1] = finalY[k]
			return string(rs)
		case finalY[k]:
			rs[n-1] = finalI[k]
			return string(rs)
		}
	}
	return s
}

// Variants returns the syllables of listed words that differ from s (lowercase NFC)
// in the diacritics of exactly one letter: "chỉ" → chi, chì, chí, chị, …
// ("dần" → "dân", "đang" → "đăng"), the bar of đ counting as one ("đấu" →
// "dấu"). s itself is not included.
func Variants(s string) []string {
	once.Do(load)
	var out []string
	rs := []rune(s)
	for _, c := range byBase[base(s)] {
		cs := []rune(c)
		if len(cs) != len(rs) {
			continue
		}
		diff := 0
		for i := range cs {
			if cs[i] != rs[i] {
				diff++
			}
		}
		if diff == 1 {
			out = append(out, c)
		}
	}
	return out
}

// MarkChanges returns how many marks two syllables of one base (see
// Variants) differ by, a letter's tone mark and its vowel mark (circumflex,
// breve or horn) counting one each when added, dropped or changed, and the
// bar of đ one: "thấm" and "thẩm" differ by one (the tone), "thấm" and
// "tham" by two (the circumflex and the tone). It returns -1 when a and b
// differ in their letters.
func MarkChanges(a, b string) int {
	type letter struct {
		base       rune
		tone, mark rune
	}
	letters := func(s string) []letter {
		var out []letter
		for _, r := range norm.NFD.String(s) {
			switch {
			case len(out) > 0 && (r == 0x302 || r == 0x306 || r == 0x31b):
				out[len(out)-1].mark = r
			case len(out) > 0 && r >= 0x300 && r <= 0x36f:
				out[len(out)-1].tone = r
			case r == 'đ':
				out = append(out, letter{base: 'd', mark: '-'})
			case r == 'Đ':
				out = append(out, letter{base: 'D', mark: '-'})
			default:
				out = append(out, letter{base: r})
			}
		}
		return out
	}
	la, lb := letters(a), letters(b)
	if len(la) != len(lb) {
		return -1
	}
	n := 0
	for i, x := range la {
		y := lb[i]
		if x.base != y.base {
			return -1
		}
		if x.tone != y.tone {
			n++
		}
		if x.mark != y.mark {
			n++
		}
	}
	return n
}

// Pairs returns how many pairs of both lists start with syllable s
// (lowercase NFC): a rough measure of how common s is, which the lists
// hold no counts of ("số" 223, "sô" 4).
func Pairs(s string) int {
	once.Do(load)
	return leading(words, s) + leading(text, s)
}

// leading counts the lines of the sorted list that start with "s ".
func leading(list []string, s string) int {
	lo, _ := slices.BinarySearch(list, s+" ")
	hi, _ := slices.BinarySearch(list, s+"!") // '!' sorts right after ' '
	return hi - lo
}
