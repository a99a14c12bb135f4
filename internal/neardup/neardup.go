// Package neardup recognises a new scan of an already digitised paper: a
// perceptual hash of the cleaned page plus the similarity of the recognised
// text (word shingles) and agreement of the key fields. Two documents made
// on one template (two decisions of one office, two ID cards) share layout
// and boilerplate but differ in numbers, names and dates: a conflict in
// those fields rules a pair out whatever the rest says.
package neardup

import (
	"image"
	"slices"
	"math/bits"
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
	PHashDist  int
	Agreements []string
	Conflicts  []string
}

// identifying fields: a difference in any means another paper.
var keyFields = []string{"doc_number", "id_number", "enterprise_code", "issue_date", "date_of_birth", "full_name", "company_name"}

// Compare decides whether b is a re-scan of the paper a.
func Compare(a, b Doc) Verdict {
	v := Verdict{Jaccard: Jaccard(Shingles(a.Text), Shingles(b.Text)), PHashDist: 64}
	if a.PHash != 0 && b.PHash != 0 {
		v.PHashDist = Distance(a.PHash, b.PHash)
	}
	if a.DocType != "" && b.DocType != "" && a.DocType != b.DocType && v.Jaccard < 0.8 {
		return v
	}
	for _, k := range keyFields {
		x, y := norm(a.Fields[k]), norm(b.Fields[k])
		if x == "" || y == "" {
			continue
		}
		if x == y || (len(x) >= 8 && editDistance(x, y) <= 1) {
			// one OCR slip in a long number or name is still the same paper
			v.Agreements = append(v.Agreements, k)
		} else {
			v.Conflicts = append(v.Conflicts, k)
		}
	}
	switch {
	case len(v.Conflicts) > 0:
		v.Duplicate = false
	case len(v.Agreements) >= 2:
		v.Duplicate = v.Jaccard >= 0.2 || v.PHashDist <= 12
	case len(v.Agreements) == 1:
		v.Duplicate = v.Jaccard >= 0.4 || (v.Jaccard >= 0.25 && v.PHashDist <= 10)
	default:
		v.Duplicate = v.Jaccard >= 0.7
	}
	return v
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
