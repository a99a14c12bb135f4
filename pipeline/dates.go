package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateHit is a date found in a line: its ISO form and where it was, as
// byte offsets in the folded line.
type dateHit struct {
	iso        string
	start, end int
}

var (
	// "ngày 05 tháng 6 năm 2023", folded; the words may carry an OCR slip.
	reDateWords = regexp.MustCompile(`(?:\bn[a-z]{2,3}\s*[:.]?\s*)?\b(\d{1,2})\s*[,.]?\s*(?:/\s*)?\bt[a-z]{3,4}\s*[:.]?\s*(\d{1,2})\s*[,.]?\s*(?:/\s*)?[nhmr][a-z]{1,3}\s*[:.]?\s*(\d{4})\b`)
	// "05/06/2023", "5-6-2023", "05.06.2023"
	reDateNum = regexp.MustCompile(`\b(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})\b`)
	// digit-like tokens that may hide OCR confusions: "O5/06/2O23"
	reDigitish = regexp.MustCompile(`[0-9oOlIiSsBb|][0-9oOlIiSsBb|/.\-]*[0-9oOlIiSsBb|]`)
)

// ParseDate finds the first date in s and returns it as YYYY-MM-DD. It
// reads "ngày 05 tháng 6 năm 2023" (with or without diacritics, with a
// place before it: "Hà Nội, ngày …") and numeric dates "05/06/2023",
// "5-6-2023", "05.06.2023". Only real calendar dates are returned.
func ParseDate(s string) (iso string, ok bool) {
	hits := findDates(foldLine(s).fold)
	if len(hits) == 0 {
		return "", false
	}
	return hits[0].iso, true
}

// findDates returns the dates in a folded line, in order.
func findDates(f string) []dateHit {
	f = repairDigitTokens(f)
	var hits []dateHit
	for _, re := range []*regexp.Regexp{reDateWords, reDateNum} {
		for _, m := range re.FindAllStringSubmatchIndex(f, -1) {
			d, _ := strconv.Atoi(f[m[2]:m[3]])
			mo, _ := strconv.Atoi(f[m[4]:m[5]])
			y, _ := strconv.Atoi(f[m[6]:m[7]])
			iso, ok := makeDate(y, mo, d)
			if !ok {
				continue
			}
			overlap := false
			for _, h := range hits {
				if m[0] < h.end && h.start < m[1] {
					overlap = true
				}
			}
			if !overlap {
				hits = append(hits, dateHit{iso, m[0], m[1]})
			}
		}
	}
	// order by position
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].start < hits[j-1].start; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	return hits
}

// repairDigitTokens replaces letters OCR confuses with digits inside
// tokens that are mostly digits, keeping byte offsets unchanged.
func repairDigitTokens(f string) string {
	b := []byte(f)
	for _, m := range reDigitish.FindAllStringIndex(f, -1) {
		tok := f[m[0]:m[1]]
		digits := 0
		for i := 0; i < len(tok); i++ {
			if tok[i] >= '0' && tok[i] <= '9' {
				digits++
			}
		}
		if digits*2 < len(tok) || digits == len(tok) {
			continue
		}
		// a confusable letter glued to a word is a word, not a digit
		if m[0] > 0 && isLetterByte(f[m[0]-1]) || m[1] < len(f) && isLetterByte(f[m[1]]) {
			continue
		}
		if slashedDate(b[m[0]:m[1]]) {
			continue
		}
		for i := m[0]; i < m[1]; i++ {
			switch b[i] {
			case 'o', 'O':
				b[i] = '0'
			case 'l', 'I', 'i', '|':
				b[i] = '1'
			case 'S', 's':
				b[i] = '5'
			case 'B', 'b':
				b[i] = '8'
			}
		}
	}
	return string(b)
}

// slashedDate repairs, in place, a ten-character date whose slashes OCR
// read as strokes: "13i0612021" → "13/06/2021". The token must hold a
// letter (a plain ten-digit number is a code, not a date).
//
// One slash may have been read as two strokes ("25i01i12027"): an
// eleven-character token whose third and fourth, or sixth and seventh,
// characters are both strokes, one of them not a digit. The pair becomes
// " /" so that offsets in the line do not move.
func slashedDate(t []byte) bool {
	var layout string // D a digit, s a stroke read for a slash
	switch {
	case len(t) == 10:
		layout = "DDsDDsDDDD"
	case len(t) == 11 && doubleStroke(t[2:4]):
		layout = "DDssDDsDDDD"
	case len(t) == 11 && doubleStroke(t[5:7]):
		layout = "DDsDDssDDDD"
	default:
		return false
	}
	sep := func(c byte) bool { return strings.IndexByte("il|1/.-", c) >= 0 }
	digit := func(c byte) bool { return c >= '0' && c <= '9' || strings.IndexByte("oil|", c) >= 0 }
	for i, c := range t {
		if layout[i] == 's' && !sep(c) || layout[i] == 'D' && !digit(c) {
			return false
		}
	}
	for i := range t {
		switch {
		case layout[i] == 's' && i+1 < len(t) && layout[i+1] == 's':
			t[i] = ' '
		case layout[i] == 's':
			t[i] = '/'
		case t[i] == 'o':
			t[i] = '0'
		case t[i] == 'i' || t[i] == 'l' || t[i] == '|':
			t[i] = '1'
		}
	}
	return true
}

// doubleStroke reports whether two bytes are a slash read as two strokes:
// both stroke-like, at least one not a digit.
func doubleStroke(p []byte) bool {
	stroke := func(c byte) bool { return strings.IndexByte("il|1/", c) >= 0 }
	return stroke(p[0]) && stroke(p[1]) && (p[0] != '1' || p[1] != '1')
}

func makeDate(y, m, d int) (string, bool) {
	if y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02 rolls over
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// dateYear returns the year of an ISO date.
func dateYear(iso string) int {
	y, _ := strconv.Atoi(strings.SplitN(iso, "-", 2)[0])
	return y
}
