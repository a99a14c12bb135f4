package pipeline

import (
	"image"
	"slices"
)

// Coloured ink is dropped because seals and pen marks lie over the text,
// but titles printed in red (land-use certificates, ID cards) are text and
// must stay. They are told apart by shape on a half-resolution mask of the
// coloured pixels: printed text is a row of several letter-sized pieces of
// similar height; seals, signatures, underlines, ticks and loops are single
// long strokes or large round shapes.

// colourMask holds, per half-resolution cell, the hue class of the
// coloured ink in it (0: none). Classes keep a blue pen loop drawn around a
// red title from merging with it.
type colourMask struct {
	w, h int
	m    []uint8
}

func newColourMask(w, h int) *colourMask {
	mw, mh := (w+1)/2, (h+1)/2
	return &colourMask{w: mw, h: mh, m: make([]uint8, mw*mh)}
}

// hueClass is which channel dominates a coloured pixel: 1 red, 2 green,
// 3 blue.
func hueClass(r, g, b uint8) uint8 {
	switch {
	case r >= g && r >= b:
		return 1
	case g >= b:
		return 2
	}
	return 3
}

// comp is one 8-connected piece of the mask, in mask cells.
type comp struct {
	x0, y0, x1, y1 int // bounding box, inclusive-exclusive
	n              int // cells
	class          uint8
}

func (c comp) w() int { return c.x1 - c.x0 }
func (c comp) h() int { return c.y1 - c.y0 }

// components labels the mask's 8-connected pieces with union-find over
// row runs.
func (cm *colourMask) components() []comp {
	type run struct {
		y, x0, x1, id int
		class         uint8
	}
	var runs []run
	parent := []int{}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	prevStart := 0
	for y := 0; y < cm.h; y++ {
		row := cm.m[y*cm.w:][:cm.w]
		curStart := len(runs)
		for x := 0; x < cm.w; {
			cl := row[x]
			if cl == 0 {
				x++
				continue
			}
			x0 := x
			for x < cm.w && row[x] == cl {
				x++
			}
			id := len(parent)
			parent = append(parent, id)
			runs = append(runs, run{y, x0, x, id, cl})
			// 8-connected: runs of the previous row overlapping [x0-1, x].
			for _, p := range runs[prevStart:curStart] {
				if p.class == cl && p.x1 >= x0 && p.x0 <= x {
					a, b := find(p.id), find(id)
					if a != b {
						parent[a] = b
					}
				}
			}
		}
		prevStart = curStart
	}
	idx := map[int]int{}
	var out []comp
	for _, r := range runs {
		root := find(r.id)
		i, ok := idx[root]
		if !ok {
			i = len(out)
			idx[root] = i
			out = append(out, comp{x0: r.x0, y0: r.y, x1: r.x1, y1: r.y + 1, class: r.class})
		}
		c := &out[i]
		c.x0, c.x1 = min(c.x0, r.x0), max(c.x1, r.x1)
		c.y1 = max(c.y1, r.y+1)
		c.n += r.x1 - r.x0
	}
	return out
}

// textRect is a box of coloured printed text, in mask cells.
type textRect struct {
	image.Rectangle
	class uint8
}

// textRects returns the boxes of coloured printed text.
func (cm *colourMask) textRects() []textRect {
	comps := cm.components()
	// Large pieces (seal rings, signatures, photos) and long thin strokes
	// (loops, arcs of a broken ring). Letters near them (the text ring of a
	// seal) are not printed text.
	big := max(24, min(cm.w, cm.h)/20)
	type largeRect struct {
		image.Rectangle
		class uint8
	}
	var large []largeRect
	var letters []comp
	for _, c := range comps {
		switch {
		case c.w() >= big && c.h() >= big,
			max(c.w(), c.h()) >= big && c.n*5 < c.w()*c.h():
			m := max(c.w(), c.h()) / 8
			large = append(large, largeRect{image.Rect(c.x0-m, c.y0-m, c.x1+m, c.y1+m), c.class})
		case c.h() >= 4 && c.n >= 6:
			letters = append(letters, c)
		}
	}
	if len(letters) < 3 || len(letters) > 20000 {
		return nil
	}
	// Group letters into lines: neighbours on the same row, closer than
	// their height.
	slices.SortFunc(letters, func(a, b comp) int { return a.x0 - b.x0 })
	parent := make([]int, len(letters))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i, a := range letters {
		for j := i + 1; j < len(letters); j++ {
			b := letters[j]
			hMax := max(a.h(), b.h())
			if b.x0-a.x1 > 3*a.h() {
				break // sorted by x0: the rest start further right
			}
			if b.x0-a.x1 > hMax {
				continue
			}
			ov := min(a.y1, b.y1) - max(a.y0, b.y0)
			if a.class == b.class && ov*2 >= min(a.h(), b.h()) && max(a.h(), b.h()) <= 3*min(a.h(), b.h()) {
				if ra, rb := find(i), find(j); ra != rb {
					parent[ra] = rb
				}
			}
		}
	}
	groups := map[int][]comp{}
	for i, c := range letters {
		r := find(i)
		groups[r] = append(groups[r], c)
	}
	var out []textRect
	for _, g := range groups {
		if len(g) < 3 {
			continue
		}
		hs := make([]int, len(g))
		aspects := make([]float64, len(g))
		r := image.Rect(g[0].x0, g[0].y0, g[0].x1, g[0].y1)
		for i, c := range g {
			hs[i] = c.h()
			aspects[i] = float64(c.w()) / float64(c.h())
			r = r.Union(image.Rect(c.x0, c.y0, c.x1, c.y1))
		}
		slices.Sort(hs)
		slices.Sort(aspects)
		hMed := hs[len(hs)/2]
		// Letters are about as wide as tall; pieces of a pen stroke broken
		// by the black text it crosses are long and flat.
		if r.Dy() > 3*hMed || r.Dx() < 2*r.Dy() || aspects[len(aspects)/2] > 2.5 {
			continue
		}
		overlapsLarge := false
		for _, l := range large {
			if l.class == g[0].class && l.Overlaps(r) {
				overlapsLarge = true
				break
			}
		}
		if overlapsLarge {
			continue
		}
		// Diacritics sit above and below the letters' band.
		m := hMed / 2
		out = append(out, textRect{image.Rect(r.Min.X-m, r.Min.Y-m, r.Max.X+m, r.Max.Y+m), g[0].class})
	}
	return out
}

// restoreText puts back the plain luma of the coloured pixels of the text's
// hue inside the coloured text boxes, undoing the dropout there (a blue pen
// stroke across a red title stays dropped). It returns how many boxes were
// restored.
func restoreText(g *image.Gray, img image.Image, cm *colourMask) int {
	rects := cm.textRects()
	b := img.Bounds()
	for _, tr := range rects {
		r := image.Rect(tr.Min.X*2, tr.Min.Y*2, tr.Max.X*2, tr.Max.Y*2).Intersect(g.Rect)
		for y := r.Min.Y; y < r.Max.Y; y++ {
			d := g.Pix[y*g.Stride:]
			for x := r.Min.X; x < r.Max.X; x++ {
				l, cl := lumaAt(img, b.Min.X+x, b.Min.Y+y)
				if cl == tr.class {
					d[x] = l
				}
			}
		}
	}
	return len(rects)
}

// lumaAt returns the plain luma of a pixel and its hue class (0 when it is
// not coloured enough to have been dropped).
func lumaAt(img image.Image, x, y int) (uint8, uint8) {
	var r, gg, bb uint8
	switch src := img.(type) {
	case *image.RGBA:
		p := src.Pix[src.PixOffset(x, y):]
		r, gg, bb = p[0], p[1], p[2]
	default:
		// Premultiplied: composite over white paper.
		cr, cg, cb, ca := img.At(x, y).RGBA()
		r, gg, bb = uint8((cr+0xffff-ca)>>8), uint8((cg+0xffff-ca)>>8), uint8((cb+0xffff-ca)>>8)
	}
	l := uint8((19595*uint32(r) + 38470*uint32(gg) + 7471*uint32(bb) + 1<<15) >> 16)
	if int(max(r, gg, bb))-int(min(r, gg, bb)) <= dropLo {
		return l, 0
	}
	return l, hueClass(r, gg, bb)
}
