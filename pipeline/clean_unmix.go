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

// unmixInk redoes the dropout of the coloured pixels of g (cells marked in
// cm, colour read from img) by dividing out the page's inks: for each hue
// class, the median colour of its strongly coloured pixels, most of which
// are ink on paper. It returns whether any ink was estimated.
func unmixInk(g *image.Gray, img image.Image, cm *colourMask) bool {
	var hist [4][3][256]int32
	var count [4]int
	eachColoured(g, img, cm, func(x, y int, p [3]uint8) {
		if int(max(p[0], p[1], p[2]))-int(min(p[0], p[1], p[2])) < dropHi {
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
	eachColoured(g, img, cm, func(x, y int, p [3]uint8) {
		sat := int(max(p[0], p[1], p[2])) - int(min(p[0], p[1], p[2]))
		if sat <= dropLo {
			return
		}
		cl := hueClass(p[0], p[1], p[2])
		if ink[cl][0] == 0 {
			return
		}
		u := divide(p, cl)
		// Still coloured after one ink: a second ink lies under it.
		if int(max(u[0], u[1], u[2]))-int(min(u[0], u[1], u[2])) > dropLo {
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

// eachColoured calls f with every pixel of the cells marked in cm and its
// colour.
func eachColoured(g *image.Gray, img image.Image, cm *colourMask, f func(x, y int, p [3]uint8)) {
	b := img.Bounds()
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for my := range cm.h {
		row := cm.m[my*cm.w:][:cm.w]
		for mx, v := range row {
			if v == 0 {
				continue
			}
			for y := 2 * my; y < min(2*my+2, h); y++ {
				for x := 2 * mx; x < min(2*mx+2, w); x++ {
					r, gg, bb := rgbAt(img, b.Min.X+x, b.Min.Y+y)
					f(x, y, [3]uint8{r, gg, bb})
				}
			}
		}
	}
}
