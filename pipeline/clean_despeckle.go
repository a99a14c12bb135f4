package pipeline

import (
	"image"

	"github.com/sohoa/sohoa/internal/bands"
)

// Speckle limits at 300 dpi: a speck is a dark component of at most
// speckMaxArea pixels, no wider or taller than speckMaxSide, with no other
// ink (beyond another speck) within speckReach pixels. Diacritics, dots
// and commas are as small but always sit next to letters.
const (
	speckMaxArea = 90
	speckMaxSide = 14
	speckReach   = 24
)

// IsHardThresholded reports whether g looks like a photocopy or a fax: ink
// and paper with almost no gray between them, where anti-aliased print or
// a scan of it would have soft edges. Such pages carry toner specks and
// broken strokes, which Despeckle and a light blur address.
func IsHardThresholded(g *image.Gray) bool {
	hist := rowsHist(g, 2)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	t := int(otsuHist(&hist))
	// Median levels of ink and of paper; "between" is the middle half of
	// the range from one to the other.
	var ink, paper int
	for v, c := range hist {
		if v < t {
			ink += c
		} else {
			paper += c
		}
	}
	// Too little ink to judge (a blank page).
	if ink < w*h/2/400 || paper == 0 {
		return false
	}
	inkMed := int(percentile(&hist, ink+paper, float64(ink)/2/float64(ink+paper)))
	paperMed := int(percentile(&hist, ink+paper, (float64(ink)+float64(paper)/2)/float64(ink+paper)))
	lo, hi := inkMed+(paperMed-inkMed)/4, paperMed-(paperMed-inkMed)/4
	mid := 0
	for v := lo + 1; v < hi; v++ {
		mid += hist[v]
	}
	return mid*100 < ink*4
}

// Despeckle removes isolated small dark components (toner dust, dirt),
// filling them with white. Components are labelled on the Otsu-binarised
// page with union-find over row runs; a component's isolation is read from
// an integral image of ink counts in 4×4 cells. It returns the number of
// specks removed; g is modified in place.
func Despeckle(g *image.Gray) int {
	return despeckle(g, otsu(Downscale(g, 2)))
}

// despeckle is Despeckle with the ink threshold t given.
func despeckle(g *image.Gray, t uint8) int {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	pix := func(y int) []uint8 { return g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w] }

	// Ink counts per 4×4 cell and their integral image.
	cw, ch := (w+3)/4, (h+3)/4
	integ := make([]int32, (cw+1)*(ch+1))
	cells := make([]int32, cw*ch)
	runs, roots := labelInkRuns(g, t, nil)
	for _, ru := range runs {
		for x := ru.x0; x < ru.x1; x++ {
			cells[(int(ru.y)/4)*cw+int(x)/4]++
		}
	}
	for y := range ch {
		var acc int32
		for x := range cw {
			acc += cells[y*cw+x]
			integ[(y+1)*(cw+1)+x+1] = integ[y*(cw+1)+x+1] + acc
		}
	}
	inkIn := func(x0, y0, x1, y1 int) int32 { // cell coordinates, exclusive max
		x0, y0 = max(x0, 0), max(y0, 0)
		x1, y1 = min(x1, cw), min(y1, ch)
		return integ[y1*(cw+1)+x1] - integ[y0*(cw+1)+x1] - integ[y1*(cw+1)+x0] + integ[y0*(cw+1)+x0]
	}

	// Each component's box, kept at its root run; area −1 marks a speck.
	type box struct{ x0, y0, x1, y1, area int32 }
	boxes := make([]box, len(runs))
	for i, ru := range runs {
		b := &boxes[roots[i]]
		if b.area == 0 {
			*b = box{x0: ru.x0, y0: ru.y, x1: ru.x1, y1: ru.y + 1}
		}
		b.x0, b.x1 = min(b.x0, ru.x0), max(b.x1, ru.x1)
		b.y1 = max(b.y1, ru.y+1)
		b.area += ru.x1 - ru.x0
	}
	specks := 0
	reach := speckReach / 4
	for i := range boxes {
		b := &boxes[i]
		if roots[i] != int32(i) || b.area > speckMaxArea || b.x1-b.x0 > speckMaxSide || b.y1-b.y0 > speckMaxSide {
			continue
		}
		if dashLike(b.x1-b.x0, b.y1-b.y0) {
			continue
		}
		around := inkIn(int(b.x0)/4-reach, int(b.y0)/4-reach, int(b.x1+3)/4+reach, int(b.y1+3)/4+reach)
		if around-b.area <= speckMaxArea {
			b.area = -1
			specks++
		}
	}
	for i, ru := range runs {
		if boxes[roots[i]].area == -1 {
			row := pix(int(ru.y))
			for x := ru.x0; x < ru.x1; x++ {
				row[x] = 255
			}
		}
	}
	return specks
}

// dashLike reports whether a component w × h pixels is a dash or a hyphen
// (a list item's "- ", "Tài chính - Kế hoạch"), which is flat, rather than
// toner dust, which is round: a dash before a letter with little ink on its
// side ("- Thường") has as little ink around it as a speck in a margin.
func dashLike(w, h int32) bool {
	return w >= speckDashMinW && w >= 2*h
}

// speckDashMinW is the narrowest dash at 300 dpi (a hyphen of 8 pt print).
const speckDashMinW = 8

// SoftenBlur is a 3×3 binomial blur (1-2-1), which rounds the jagged
// edges and bridges one-pixel breaks of a hard-thresholded page.
func SoftenBlur(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	tmp := make([]uint16, w*h)
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			s := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w]
			d := tmp[y*w:][:w:w]
			for x := range w {
				l, r := s[max(x-1, 0)], s[min(x+1, w-1)]
				d[x] = uint16(l) + 2*uint16(s[x]) + uint16(r)
			}
		}
	})
	out := image.NewGray(image.Rect(0, 0, w, h))
	bands.Rows(h, func(y0, y1 int) {
		for y := y0; y < y1; y++ {
			u := tmp[max(y-1, 0)*w:][:w:w]
			c := tmp[y*w:][:w:w]
			dn := tmp[min(y+1, h-1)*w:][:w:w]
			d := out.Pix[y*out.Stride:][:w:w]
			for x := range w {
				d[x] = uint8((uint32(u[x]) + 2*uint32(c[x]) + uint32(dn[x]) + 8) >> 4)
			}
		}
	})
	return out
}

// Majority3 repairs a hard-thresholded page: it binarises g at its Otsu
// threshold and makes each pixel ink when at least five of its 3×3
// neighbourhood are ink (a median filter of the binary page). A copier's
// noisy threshold leaves ragged stroke edges, pinholes in strokes and
// one-pixel notches; the vote fills the holes and notches and trims the
// burrs without moving edges. The result is black ink on white paper.
func Majority3(g *image.Gray) *image.Gray {
	if g.Rect.Empty() {
		return image.NewGray(image.Rect(0, 0, 0, 0))
	}
	return majority3(g, otsu(Downscale(g, 2)))
}

// majority3 is Majority3 with the ink threshold t given.
func majority3(g *image.Gray, t uint8) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	majorityRows(g, t, func(y int, row []uint8) { copy(out.Pix[y*out.Stride:], row) })
	return out
}

// majorityBlur is SoftenBlur(majority3(g, t)) in one pass over g, without
// the intermediate page: each voted row is blurred across as it comes and
// down once the row below it is voted.
func majorityBlur(g *image.Gray, t uint8) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	if w < 1 || h < 1 {
		return out
	}
	// Rows y-1, y, y+1 of horizontal 1-2-1 sums, indexed by y mod 3.
	across := [3][]uint16{make([]uint16, w), make([]uint16, w), make([]uint16, w)}
	down := func(y int) {
		u, c, dn := across[max(y-1, 0)%3], across[y%3], across[min(y+1, h-1)%3]
		d := out.Pix[y*out.Stride:][:w:w]
		for x := range d {
			d[x] = uint8((uint32(u[x]) + 2*uint32(c[x]) + uint32(dn[x]) + 8) >> 4)
		}
	}
	majorityRows(g, t, func(y int, row []uint8) {
		d := across[y%3]
		for x := range d {
			d[x] = uint16(row[max(x-1, 0)]) + 2*uint16(row[x]) + uint16(row[min(x+1, w-1)])
		}
		if y > 0 {
			down(y - 1)
		}
	})
	down(h - 1)
	return out
}

// majorityRows binarises g at t and hands each row of the 3×3 majority
// vote (0 ink, 255 paper) to emit, top to bottom; row is reused.
func majorityRows(g *image.Gray, t uint8, emit func(y int, row []uint8)) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 1 || h < 1 {
		return
	}
	ink := func(y int, dst []uint8) {
		y = max(0, min(y, h-1))
		for x, v := range g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):][:w:w] {
			dst[x+1] = b2u(v < t)
		}
		dst[0], dst[w+1] = dst[1], dst[w]
	}
	// Three rows of ink flags (edge columns repeated), rotated as y moves.
	r0, r1, r2 := make([]uint8, w+2), make([]uint8, w+2), make([]uint8, w+2)
	ink(-1, r0)
	ink(0, r1)
	col := make([]uint8, w+2)
	row := make([]uint8, w)
	for y := range h {
		ink(y+1, r2)
		for x := range col {
			col[x] = r0[x] + r1[x] + r2[x]
		}
		for x := range row {
			row[x] = 255 - 255*b2u(col[x]+col[x+1]+col[x+2] >= 5)
		}
		emit(y, row)
		r0, r1, r2 = r1, r2, r0
	}
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// smallPrint reports whether g's text is too small for a 3×3 majority
// vote, whose window is then as wide as a stroke and rounds letters off:
// a card-sized page, or lines measured under minLinePx (ADR 0614: on
// photocopied cards the vote took the CER from 4.8% to 11.3%).
func smallPrint(g *image.Gray) bool {
	if smallPage(g) {
		return true
	}
	h := TextLineHeight(g)
	return h > 0 && h < minLinePx
}
