package pipeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// folded is a line of text with its diacritic-folded lowercase form and a
// map from each byte of the folded form back to the original, so that a
// label found in the folded text can be cut out of the printed text.
type folded struct {
	orig string
	fold string
	back []int // back[i] = byte offset in orig of fold[i]; len(fold)+1 entries
}

func foldLine(s string) folded {
	f := folded{orig: s}
	var b strings.Builder
	for i, r := range s {
		var fr string
		switch {
		case r < utf8.RuneSelf:
			fr = string(unicode.ToLower(r))
		case !unicode.IsLetter(r) && !unicode.IsMark(r):
			fr = " " // typographic quotes and dashes OCR glues to words: "“Giới tính"
		default:
			fr = vntext.Fold(string(r))
			if fr != "" && fr[0] >= utf8.RuneSelf {
				// a letter outside the Vietnamese alphabet is OCR's
				// misreading of one letter ("CCŒCD số"): one byte, so
				// that it costs a label match one edit, not two
				fr = "x"
			}
		}
		for j := 0; j < len(fr); j++ {
			f.back = append(f.back, i)
		}
		b.WriteString(fr)
	}
	f.back = append(f.back, len(s))
	f.fold = b.String()
	return f
}

// origAt returns the byte offset in orig of folded offset i.
func (f folded) origAt(i int) int {
	if i >= len(f.back) {
		return len(f.orig)
	}
	return f.back[i]
}

func isLetterByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// wordStarts returns the byte offsets of the starts of words in s.
func wordStarts(s string) []int {
	var out []int
	for i := 0; i < len(s); i++ {
		if isLetterByte(s[i]) && (i == 0 || !isLetterByte(s[i-1]) && !(s[i-1] >= '0' && s[i-1] <= '9')) {
			out = append(out, i)
		}
	}
	return out
}

// levenshtein returns the edit distance between a and b (bytes), giving up
// early with max+1 when it exceeds max.
func levenshtein(a, b string, max int) int {
	return editDistance([]byte(a), []byte(b), max)
}

// editDistance is the edit distance between a and b, or max+1 once it is
// certain to exceed max.
func editDistance[T comparable](a, b []T, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// maxEdits is how many OCR slips a folded label of n bytes may carry.
func maxEdits(n int) int {
	switch {
	case n >= 14:
		return 2
	case n >= 6:
		return 1
	}
	return 0
}

// fuzzyAt reports whether folded label lab occurs in s at offset p, allowing
// maxEdits slips, and returns the end offset and the distance. The match
// must end at a word boundary.
func fuzzyAt(s string, p int, lab string) (end, dist int, ok bool) {
	k := maxEdits(len(lab))
	if strings.HasPrefix(s[p:], lab) {
		e := p + len(lab)
		if e == len(s) || !isLetterByte(s[e]) || !isLetterByte(lab[len(lab)-1]) {
			return e, 0, true
		}
	}
	if k == 0 {
		return 0, 0, false
	}
	best, bestEnd := k+1, 0
	for n := len(lab) - k; n <= len(lab)+k; n++ {
		e := p + n
		if n <= 0 || e > len(s) {
			continue
		}
		if e < len(s) && isLetterByte(s[e]) && isLetterByte(s[e-1]) {
			continue
		}
		if isLetterByte(lab[len(lab)-1]) && !isLetterByte(s[e-1]) {
			continue // a slip may not swallow the label's last word
		}
		if d := levenshtein(s[p:e], lab, k); d < best {
			best, bestEnd = d, e
		}
	}
	if best > k {
		return 0, 0, false
	}
	// The first letter must agree: OCR rarely loses it, and it keeps short
	// labels from matching unrelated words.
	if s[p] != lab[0] {
		return 0, 0, false
	}
	return bestEnd, best, true
}

// normTitle folds s and keeps only letters, digits and single spaces.
func normTitle(s string) string {
	f := vntext.Fold(s)
	var b strings.Builder
	space := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// upperRatio is the share of letters in s that are uppercase.
func upperRatio(s string) float64 {
	var up, all int
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(up) / float64(all)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
