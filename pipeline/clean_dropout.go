package pipeline

import (
	"image"
	"maps"
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

// transposed returns the mask with x and y swapped.
func (cm *colourMask) transposed() *colourMask {
	t := &colourMask{w: cm.h, h: cm.w, m: make([]uint8, len(cm.m))}
	for y := 0; y < cm.h; y++ {
		row := cm.m[y*cm.w:][:cm.w]
		for x, v := range row {
			if v != 0 {
				t.m[x*t.w+y] = v
			}
		}
	}
	return t
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

// chroma is how far a pixel's brightest channel stands above its darkest:
// 0 for gray, ink and paper.
func chroma(r, g, b uint8) int { return int(max(r, g, b)) - int(min(r, g, b)) }

// comp is one 8-connected piece of the mask, in mask cells.
type comp struct {
	x0, y0, x1, y1 int // bounding box, inclusive-exclusive
	n              int // cells
	class          uint8
}

func (c comp) w() int { return c.x1 - c.x0 }
func (c comp) h() int { return c.y1 - c.y0 }

// sparse reports whether c fills under a fifth of its box: a ring, a loop,
// a signature, not letters or a dense blot.
func (c comp) sparse() bool { return c.n*5 < c.w()*c.h() }

// components labels the mask's 8-connected pieces with union-find over
// row runs.
func (cm *colourMask) components() ([]comp, []int32) {
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
	labels := make([]int32, len(cm.m))
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
		for x := r.x0; x < r.x1; x++ {
			labels[r.y*cm.w+x] = int32(i + 1)
		}
	}
	return out, labels
}

// countOther is the number of cells of class cl in r that belong to no
// component counted as text (text reports that by label).
func (cm *colourMask) countOther(r image.Rectangle, cl uint8, labels []int32, text func(label int32) bool) int {
	r = r.Intersect(image.Rect(0, 0, cm.w, cm.h))
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := y*cm.w + x
			if cm.m[i] == cl && !text(labels[i]) {
				n++
			}
		}
	}
	return n
}

// letterLike reports whether c looks like a letter or a run of merged
// letters: some column is (nearly) as tall as c — a stem — and, if c is
// long and flat, its full-height columns are the minority, where a piece
// of a pen line is about as thick as it is tall all along.
func (cm *colourMask) letterLike(c comp) bool {
	tall := 0
	for x := c.x0; x < c.x1; x++ {
		n := 0
		for y := c.y0; y < c.y1; y++ {
			if cm.m[y*cm.w+x] == c.class {
				n++
			}
		}
		if n*10 >= c.h()*7 {
			tall++
		}
	}
	if tall == 0 {
		return false
	}
	return c.w() <= 5*c.h()/2 || tall*10 < c.w()*6
}

// mergedLetters: a large dense piece at most this many letter heights of
// the row it touches tall is letters merged across rows by their accents,
// not a seal or a picture, and is kept with the row (ADR 0617).
const mergedLetters = 4

// textRect is a box of coloured printed text, in mask cells.
type textRect struct {
	image.Rectangle
	class uint8
}

// textRects returns the boxes of coloured printed text.
func (cm *colourMask) textRects() []textRect {
	text, _ := cm.boxes()
	return text
}

// boxes returns the boxes of coloured printed text and those of marks:
// the large sparse pieces (a seal's ring, a signature, a loop), with a
// margin that takes in a seal's text ring and star, and long thin strokes
// (a pen's underline).
func (cm *colourMask) boxes() (text, marks []textRect) {
	comps, labels := cm.components()
	// Large pieces (seal rings, signatures, photos) and long thin strokes
	// (loops, arcs of a ring): letters near them (a seal's text ring) are
	// not printed text. Pieces touching the image's edge are the
	// background around a photographed sheet, not marks on it.
	big := max(24, min(cm.w, cm.h)/20)
	type largeRect struct {
		image.Rectangle
		class uint8
		h     int // the piece's height if it is dense (letters can be), else 0
	}
	var large []largeRect
	var letters []comp
	isLetter := make([]bool, len(comps)+1) // by label
	denseH := make([]int, len(comps)+1)    // height of large dense pieces, by label
	for i, c := range comps {
		sparse := c.sparse()
		switch {
		case c.x0 == 0 || c.y0 == 0 || c.x1 == cm.w || c.y1 == cm.h:
		case c.w() >= big && c.h() >= big,
			max(c.w(), c.h()) >= big && sparse:
			m := max(c.w(), c.h()) / 8
			l := largeRect{Rectangle: image.Rect(c.x0-m, c.y0-m, c.x1+m, c.y1+m), class: c.class}
			if !sparse {
				l.h = c.h()
				denseH[i+1] = c.h()
			}
			large = append(large, l)
			if sparse {
				marks = append(marks, textRect{l.Rectangle, c.class})
			}
			continue
		case max(c.w(), c.h()) >= big && c.n <= strokeCells*max(c.w(), c.h()):
			marks = append(marks, textRect{image.Rect(c.x0-1, c.y0-1, c.x1+1, c.y1+1), c.class})
		}
		if c.h() >= 4 && c.n >= 6 {
			letters = append(letters, c)
			isLetter[i+1] = true
		}
	}
	if len(letters) < 3 || len(letters) > 20000 {
		return nil, marks
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
	var rows []textRow
	// In one order: nextLines takes the first row a piece stands under.
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		g := groups[k]
		if len(g) < 3 {
			continue
		}
		hs := make([]int, len(g))
		stems := 0
		r := image.Rect(g[0].x0, g[0].y0, g[0].x1, g[0].y1)
		for i, c := range g {
			hs[i] = c.h()
			if cm.letterLike(c) {
				stems++
			}
			r = r.Union(image.Rect(c.x0, c.y0, c.x1, c.y1))
		}
		slices.Sort(hs)
		hMed := hs[len(hs)/2]
		// Letters have vertical strokes as tall as themselves; pieces of a
		// pen stroke broken by the black text it crosses are thin lines.
		// A row may be two lines set close, joined by their accents, up
		// to mergedLetters letter heights: a small phone photo's CMND
		// title over its number, 25 cells for letters of 8 (seed 7).
		if r.Dy() > mergedLetters*hMed || r.Dx() < 2*r.Dy() || stems*2 < len(g) {
			continue
		}
		// Ink of the same hue close around the row that is not letters (a
		// seal's ring around its text, a scribble) means the row is part
		// of a mark.
		own := 0
		for _, c := range g {
			own += c.n
		}
		// A large dense piece at most mergedLetters letters tall is
		// letters merged across rows (closely set card titles), not a
		// mark.
		merges := func(h int) bool { return h > 0 && h <= mergedLetters*hMed }
		text := func(l int32) bool { return isLetter[l] || merges(denseH[l]) }
		m := hMed
		if cm.countOther(r.Inset(-m), g[0].class, labels, text) > own/4 {
			continue
		}
		nearLarge := false
		var merged []textRect
		for _, l := range large {
			if l.class != g[0].class || !l.Overlaps(r) {
				continue
			}
			if merges(l.h) {
				merged = append(merged, textRect{l.Rectangle, l.class})
				continue
			}
			nearLarge = true
			break
		}
		if nearLarge {
			continue
		}
		out = append(out, merged...)
		// Diacritics sit above and below the letters' band.
		m = hMed / 2
		out = append(out, textRect{image.Rect(r.Min.X-m, r.Min.Y-m, r.Max.X+m, r.Max.Y+m), g[0].class})
		rows = append(rows, textRow{r, hMed, g[0].class})
	}
	return append(out, nextLines(comps, rows, big)...), marks
}

// textRow is a row of coloured printed letters: its box, its letters'
// median height and its hue class.
type textRow struct {
	image.Rectangle
	hMed  int
	class uint8
}

// nextLines returns the boxes of the dense pieces that stand just under
// or over a row of coloured letters, under it or over it by at most a
// letter height, overlapping its columns, as tall as its letters or up to
// twice: the title's next line, whose letters a blurred photo ran into one
// or two pieces (a CMND's red "SỐ 368016350" under its red title), too few
// to be a row of their own. Seals' rings and discs (sparse, or large both
// ways) are not lines.
func nextLines(comps []comp, rows []textRow, big int) []textRect {
	var out []textRect
	for _, c := range comps {
		if c.sparse() || c.w() >= big && c.h() >= big || c.w() < c.h() {
			continue
		}
		cr := image.Rect(c.x0, c.y0, c.x1, c.y1)
		for _, r := range rows {
			if r.class != c.class || cr.Overlaps(r.Rectangle) || xOverlap(cr, r.Rectangle) <= 0 ||
				c.h()*10 < r.hMed*7 || c.h() > 2*r.hMed {
				continue
			}
			if gap := max(cr.Min.Y-r.Max.Y, r.Min.Y-cr.Max.Y); gap > r.hMed {
				continue
			}
			m := r.hMed / 2
			out = append(out, textRect{cr.Inset(-m), c.class})
			break
		}
	}
	return out
}

// strokeCells is the most cells a long piece has per cell of its length
// to be a pen stroke (up to 8 pixels thick) rather than letters run
// together.
const strokeCells = 4

// restoreText puts back the plain luma of the coloured pixels of the text's
// hue inside the coloured text boxes, undoing the dropout there (a blue pen
// stroke across a red title stays dropped), after unmixing the ink of the
// marks (unmixInk). It returns how many boxes were restored.
func restoreText(g *image.Gray, img image.Image, cm *colourMask) int {
	// Rows of a page lying on its side are columns: look for them in the
	// transposed mask too (orientation is only known later).
	rects, marks := cm.boxes()
	unmixInk(g, img, cm, marks)
	for _, tr := range cm.transposed().textRects() {
		tr.Rectangle = image.Rect(tr.Min.Y, tr.Min.X, tr.Max.Y, tr.Max.X)
		rects = append(rects, tr)
	}
	b := img.Bounds()
	n := 0
	for _, tr := range rects {
		r := image.Rect(tr.Min.X*2, tr.Min.Y*2, tr.Max.X*2, tr.Max.Y*2).Intersect(g.Rect)
		if tr.class == 3 && !darkInk(img, r, tr.class) {
			continue // bright blue: ballpoint pen, not printed navy text
		}
		n++
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
	return n
}

// darkInk reports whether the coloured pixels of class cl in r are dark
// (brightest channel below 130 on average), as printed navy text is and
// ballpoint ink is not.
func darkInk(img image.Image, r image.Rectangle, cl uint8) bool {
	b := img.Bounds()
	var sum, n int
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if mx, c := maxChannelAt(img, b.Min.X+x, b.Min.Y+y); c == cl {
				sum += int(mx)
				n++
			}
		}
	}
	return n > 0 && sum < 130*n
}

func maxChannelAt(img image.Image, x, y int) (uint8, uint8) {
	r, g, b := rgbAt(img, x, y)
	if chroma(r, g, b) <= dropLo {
		return max(r, g, b), 0
	}
	return max(r, g, b), hueClass(r, g, b)
}

func rgbAt(img image.Image, x, y int) (r, g, b uint8) {
	switch src := img.(type) {
	case *image.RGBA:
		p := src.Pix[src.PixOffset(x, y):]
		return p[0], p[1], p[2]
	case *colourRows:
		return src.rgb(x, y)
	}
	// Premultiplied: composite over white paper.
	cr, cg, cb, ca := img.At(x, y).RGBA()
	return uint8((cr + 0xffff - ca) >> 8), uint8((cg + 0xffff - ca) >> 8), uint8((cb + 0xffff - ca) >> 8)
}

// lumaAt returns the plain luma of a pixel and its hue class (0 when it is
// not coloured enough to have been dropped).
func lumaAt(img image.Image, x, y int) (uint8, uint8) {
	r, gg, bb := rgbAt(img, x, y)
	l := uint8((19595*uint32(r) + 38470*uint32(gg) + 7471*uint32(bb) + 1<<15) >> 16)
	if chroma(r, gg, bb) <= dropLo {
		return l, 0
	}
	return l, hueClass(r, gg, bb)
}
