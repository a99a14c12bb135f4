package pipeline

import "image"

// Dropout maps a coloured pixel to its brightest channel, which leaves a
// seal or a pen stroke as a light gray trace (a blue ballpoint stroke at
// about 185, a red seal at about 225) that Tesseract's recogniser, which
// reads the gray page, takes for strokes near the letters; where a pen
// crosses the seal the two inks multiply into a dark purple that is not
// dropped at all and reads as letters ("Z2 7S"). Ink multiplies the light
// under it: dividing a pixel, channel by channel, by the colour the page's
// ink has on paper gives back what lies beneath — white paper, or black
// text and the gray of its edges — and a pixel under two inks is divided
// by both.

// inkMinPixels is how many strongly coloured pixels of a hue a page needs
// for its ink colour to be estimated: fewer are JPEG fringes or specks.
const inkMinPixels = 500

// unmixInk redoes the dropout of the coloured pixels of g in the marks'
// boxes (in cells of cm, colour read from img) by dividing out the marks'
// inks: for each hue class, the median colour of its strongly coloured
// pixels there, most of which are ink on paper. Coloured print that is
// not a mark (a title the text rows missed, a card's background) keeps
// the plain dropout, whose light gray still reads. It returns whether any
// ink was estimated.
func unmixInk(g *image.Gray, img image.Image, cm *colourMask, marks []textRect) bool {
	if len(marks) == 0 {
		return false
	}
	var hist [4][3][256]int32
	var count [4]int
	eachColoured(g, img, cm, marks, func(x, y int, p [3]uint8) {
		if chroma(p[0], p[1], p[2]) < dropHi {
			return
		}
		cl := hueClass(p[0], p[1], p[2])
		count[cl]++
		for c, v := range p {
			hist[cl][c][v]++
		}
	})
	var ink [4][3]int // per class, the ink's channels on paper (0: unknown)
	found := false
	for cl := 1; cl <= 3; cl++ {
		if count[cl] < inkMinPixels {
			continue
		}
		found = true
		for c := range 3 {
			n := 0
			for v, k := range hist[cl][c] {
				if n += int(k); 2*n >= count[cl] {
					ink[cl][c] = max(v, 1)
					break
				}
			}
		}
	}
	if !found {
		return false
	}
	divide := func(p [3]uint8, cl uint8) [3]uint8 {
		for c := range p {
			p[c] = uint8(min(255, int(p[c])*255/ink[cl][c]))
		}
		return p
	}
	eachColoured(g, img, cm, marks, func(x, y int, p [3]uint8) {
		if !inked(p) {
			return
		}
		cl := hueClass(p[0], p[1], p[2])
		if ink[cl][0] == 0 {
			return
		}
		u := divide(p, cl)
		// Still coloured after one ink: a second ink lies under it.
		if chroma(u[0], u[1], u[2]) > dropLo {
			if c2 := hueClass(u[0], u[1], u[2]); c2 != cl && ink[c2][0] != 0 {
				u = divide(u, c2)
			}
		}
		// No blend with luma below dropHi, as the dropout needs for the
		// faint edges of strokes: dividing clears those too, and the dark
		// pixels of two inks are below dropHi.
		g.Pix[y*g.Stride+x] = max(u[0], u[1], u[2])
	})
	return true
}

// inked reports whether a pixel near coloured ink is coloured by it: as
// saturated as the dropout asks, or dark with a strong hue (two inks
// crossing, black text's edge under a seal), which black ink and paper are
// not.
func inked(p [3]uint8) bool {
	mx := int(max(p[0], p[1], p[2]))
	sat := chroma(p[0], p[1], p[2])
	return sat > dropLo || sat >= dropLo/2 && 3*sat >= mx
}

// eachColoured calls f with every pixel, and its colour, of the cells of
// the marks' boxes that are marked in cm or next to one: where two dark
// inks cross, the core of the stroke can be too dark to count as coloured.
func eachColoured(g *image.Gray, img image.Image, cm *colourMask, marks []textRect, f func(x, y int, p [3]uint8)) {
	inMark := make([]bool, len(cm.m))
	for _, r := range marks {
		r := r.Intersect(image.Rect(0, 0, cm.w, cm.h))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				inMark[y*cm.w+x] = true
			}
		}
	}
	near := make([]bool, len(cm.m))
	for i, v := range cm.m {
		if v == 0 || !inMark[i] {
			continue
		}
		mx, my := i%cm.w, i/cm.w
		for y := max(my-1, 0); y <= min(my+1, cm.h-1); y++ {
			for x := max(mx-1, 0); x <= min(mx+1, cm.w-1); x++ {
				near[y*cm.w+x] = true
			}
		}
	}
	b := img.Bounds()
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for i, ok := range near {
		if !ok || !inMark[i] {
			continue
		}
		mx, my := i%cm.w, i/cm.w
		for y := 2 * my; y < min(2*my+2, h); y++ {
			for x := 2 * mx; x < min(2*mx+2, w); x++ {
				r, gg, bb := rgbAt(img, b.Min.X+x, b.Min.Y+y)
				f(x, y, [3]uint8{r, gg, bb})
			}
		}
	}
}
