// Package neardup recognises a new scan of an already digitised paper: a
// perceptual hash of the cleaned page plus the similarity of the recognised
// text (word shingles) and agreement of the key fields. Two documents made
// on one template (two decisions of one office, two ID cards) share layout
// and boilerplate but differ in numbers, names and dates: a conflict in
// those fields rules a pair out whatever the rest says.
package neardup

import (
	"image"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vntext"
)

// PHash is a 64-bit average hash of the page's inked area, robust to
// noise, scale and offsets: 8×8 cells, each bit says whether a cell holds
// more ink than the median cell.
func PHash(g *image.Gray) uint64 {
	b := inkBounds(g)
	if b.Empty() {
		return 0
	}
	var cells [64]float64
	w, h := b.Dx(), b.Dy()
	for cy := 0; cy < 8; cy++ {
		y0, y1 := b.Min.Y+cy*h/8, b.Min.Y+(cy+1)*h/8
		for cx := 0; cx < 8; cx++ {
			x0, x1 := b.Min.X+cx*w/8, b.Min.X+(cx+1)*w/8
			ink, n := 0, 0
			step := max(1, (y1-y0)/32) // sample: a cell of an A4 page holds ~100k pixels
			for y := y0; y < y1; y += step {
				row := g.Pix[(y-g.Rect.Min.Y)*g.Stride:]
				for x := x0; x < x1; x += step {
					ink += 255 - int(row[x-g.Rect.Min.X]) // darkness, not a threshold: blur and scale keep it
					n++
				}
			}
			if n > 0 {
				cells[cy*8+cx] = float64(ink) / float64(n)
			}
		}
	}
	sorted := cells
	slices.Sort(sorted[:])
	median := (sorted[31] + sorted[32]) / 2
	var hash uint64
	for _, c := range cells {
		hash <<= 1
		if c > median {
			hash |= 1
		}
	}
	return hash
}

// inkBounds is the rectangle of rows and columns that hold a real share of
// ink, so that margins, scan offsets and stray specks do not move the hash.
func inkBounds(g *image.Gray) image.Rectangle {
	r := g.Rect
	step := max(1, r.Dx()/800)
	rows := make([]int, r.Dy())
	cols := make([]int, r.Dx())
	for y := r.Min.Y; y < r.Max.Y; y += step {
		row := g.Pix[(y-r.Min.Y)*g.Stride:]
		for x := r.Min.X; x < r.Max.X; x += step {
			if row[x-r.Min.X] < 160 {
				rows[y-r.Min.Y]++
				cols[x-r.Min.X]++
			}
		}
	}
	span := func(counts []int) (int, int) {
		// a tenth of the inkiest line: text lines pass, specks do not
		thr := max(1, slices.Max(counts)/10)
		lo, hi := -1, -1
		for i, c := range counts {
			if c > thr {
				if lo < 0 {
					lo = i
				}
				hi = i
			}
		}
		return lo, hi
	}
	y0, y1 := span(rows)
	x0, x1 := span(cols)
	if y0 < 0 || x0 < 0 || y1 <= y0 || x1 <= x0 {
		return image.Rectangle{}
	}
	return image.Rect(r.Min.X+x0, r.Min.Y+y0, r.Min.X+x1+1, r.Min.Y+y1+1)
}

// HashString formats a hash for records.
func HashString(h uint64) string { return strconv.FormatUint(h, 16) }

// ParseHash reads a hash written by HashString.
func ParseHash(s string) (uint64, bool) {
	h, err := strconv.ParseUint(s, 16, 64)
	return h, err == nil
}

// Distance is the Hamming distance of two hashes (0…64).
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Shingles returns the set of word 3-grams of the folded text.
func Shingles(text string) map[string]struct{} {
	words := strings.FieldsFunc(vntext.Fold(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	set := make(map[string]struct{}, len(words))
	for i := 0; i+3 <= len(words); i++ {
		set[words[i]+" "+words[i+1]+" "+words[i+2]] = struct{}{}
	}
	return set
}

// CharGrams returns the set of character 4-grams of the folded text with
// everything but letters and digits removed: an OCR slip spoils four
// grams, not three whole word shingles, and lost or extra spaces do not
// matter.
func CharGrams(text string) map[string]struct{} {
	var b []byte
	for _, r := range vntext.Fold(text) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b = append(b, byte(unicode.ToLower(r)))
		}
	}
	set := make(map[string]struct{}, len(b))
	for i := 0; i+4 <= len(b); i++ {
		set[string(b[i:i+4])] = struct{}{}
	}
	return set
}

// Numbers returns the digit runs of six or more digits in the text (ID
// numbers, codes, dates written 05/06/2023 count as one run each part
// apart): what differs first between two papers on one template.
func Numbers(text string) map[string]struct{} {
	set := map[string]struct{}{}
	run := []byte{}
	flush := func() {
		if len(run) >= 6 {
			set[string(run)] = struct{}{}
		}
		run = run[:0]
	}
	for i := 0; i < len(text); i++ {
		if c := text[i]; c >= '0' && c <= '9' {
			run = append(run, c)
		} else if c != ' ' && c != '.' || len(run) == 0 {
			flush()
		}
	}
	flush()
	return set
}

// Jaccard is |a∩b| / |a∪b|.
func Jaccard(a, b map[string]struct{}) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for s := range a {
		if _, ok := b[s]; ok {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// Doc is what the comparison needs of a document.
type Doc struct {
	ID      string
	DocType string
	Text    string
	Fields  map[string]string
	PHash   uint64 // of the first page; 0 when unknown
}

// Verdict explains a comparison.
type Verdict struct {
	Duplicate  bool
	Jaccard    float64 // of word 3-shingles
	CharSim    float64 // Jaccard of character 4-grams of the folded text
	NumSim     float64 // Jaccard of the long digit runs
	PHashDist  int
	Agreements []string
	Conflicts  []string
	Slips      []string // key fields one digit apart
}

// identifying fields: a difference in any means another paper.
var keyFields = []string{"doc_number", "id_number", "enterprise_code", "issue_date", "date_of_birth", "full_name", "company_name"}

// numberFields are read as codes: OCR's letter-for-digit confusions are
// undone before comparing.
var numberFields = map[string]bool{"doc_number": true, "id_number": true, "enterprise_code": true}

// Compare decides whether b is a re-scan of the paper a.
//
// Key fields decide first: any conflict (a number, date or name that
// differs beyond one OCR slip) means another paper, however alike the
// pages look, because papers made on one template share most of their
// text and layout (the page hash of two ID cards differs by a few bits).
// Agreements then lower the text similarity needed. Character 4-grams
// carry the text comparison: OCR slips cost a word shingle three times
// but a 4-gram set only a few grams.
func Compare(a, b Doc) Verdict {
	v := Verdict{Jaccard: Jaccard(Shingles(a.Text), Shingles(b.Text)), PHashDist: 64,
		CharSim: Jaccard(CharGrams(a.Text), CharGrams(b.Text))}
	na, nb := Numbers(a.Text), Numbers(b.Text)
	v.NumSim = Jaccard(na, nb)
	if a.PHash != 0 && b.PHash != 0 {
		v.PHashDist = Distance(a.PHash, b.PHash)
	}
	// a re-scan may be classified otherwise when its title is misread;
	// only near-identical text overrides the types
	if a.DocType != "" && b.DocType != "" && a.DocType != b.DocType && v.CharSim < 0.85 {
		return v
	}
	for _, k := range keyFields {
		switch fieldAgreement(k, a.Fields[k], b.Fields[k]) {
		case agree:
			v.Agreements = append(v.Agreements, k)
		case conflict:
			v.Conflicts = append(v.Conflicts, k)
		case slip:
			v.Slips = append(v.Slips, k)
		}
	}
	switch {
	case len(v.Conflicts) > 0:
		v.Duplicate = false
	case len(v.Slips) > 0:
		// a digit apart: the same paper only if all else says so
		v.Duplicate = len(v.Agreements) >= 2 && v.CharSim >= 0.85 && numbersMatch(na, nb)
	case len(v.Agreements) >= 2:
		v.Duplicate = v.CharSim >= 0.6 || v.Jaccard >= 0.35
	case !numbersMatch(na, nb):
		// ID numbers and codes printed on both pages, none alike
		v.Duplicate = false
	case len(v.Agreements) == 1:
		v.Duplicate = v.CharSim >= 0.75 || v.Jaccard >= 0.45
	default:
		v.Duplicate = v.CharSim >= 0.8 || v.Jaccard >= 0.7
	}
	return v
}

type agreement int

const (
	unknown  agreement = iota // absent on a page, unreadable, or only partly read
	agree                     // the same, up to OCR slips
	conflict                  // different
	slip                      // one digit apart: an OCR slip, or the next number of a series
)

// fieldAgreement compares one key field of two readings. Dates compare
// only when both were parsed (ISO); a value that is a prefix of the other
// was cut short by OCR and says nothing. In numbers, codes and dates the
// digits must agree exactly (after undoing letter-for-digit confusions):
// "56/2023" and "58/2023" are two decisions of a series, so one digit
// apart is only a slip, never an agreement.
func fieldAgreement(k, x, y string) agreement {
	date := k == "issue_date" || k == "date_of_birth"
	if date && (!isISO(x) || !isISO(y)) {
		return unknown
	}
	x, y = norm(x), norm(y)
	if numberFields[k] {
		x, y = undoConfusions(x), undoConfusions(y)
	}
	if x == "" || y == "" {
		return unknown
	}
	if x == y {
		return agree
	}
	short, long := x, y
	if len(short) > len(long) {
		short, long = long, short
	}
	if strings.HasPrefix(long, short) && len(short) >= 4 {
		return unknown
	}
	if numberFields[k] || date {
		dx, dy := digitsOf(x), digitsOf(y)
		switch {
		case dx == dy && editDistance(x, y) <= 1:
			return agree // a slip in the letters of a symbol: "QĐ-UBNĐ"
		case len(dx) >= 4 && len(dx) == len(dy) && editDistance(dx, dy) == 1:
			return slip
		}
		return conflict
	}
	// one OCR slip in a long name, two in a very long one
	switch d := editDistance(x, y); {
	case len(short) >= 8 && d <= 1, len(short) >= 16 && d <= 2:
		return agree
	}
	return conflict
}

func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func isISO(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-'
}

// undoConfusions maps the letters OCR reads for digits back to digits,
// so that "56/2O23/QĐ" and "56/2023/QĐ" compare equal.
func undoConfusions(s string) string {
	return strings.NewReplacer("o", "0", "l", "1", "i", "1").Replace(s)
}

// numbersMatch reports whether two pages' long numbers are consistent:
// false only when both print numbers of nine or more digits and none of
// one page's is within one slip of the other's.
func numbersMatch(a, b map[string]struct{}) bool {
	long := func(m map[string]struct{}) []string {
		var out []string
		for s := range m {
			if len(s) >= 9 {
				out = append(out, s)
			}
		}
		return out
	}
	la, lb := long(a), long(b)
	if len(la) == 0 || len(lb) == 0 {
		return true
	}
	for _, x := range la {
		for _, y := range lb {
			if editDistance(x, y) <= 1 {
				return true
			}
		}
	}
	return false
}

func norm(s string) string {
	return strings.Join(strings.FieldsFunc(vntext.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), "")
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
