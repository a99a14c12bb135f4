package corpus

import (
	"image"
	"image/color"
	"image/draw"
	"sort"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Layout happens in reference units: pixels of the page at 300 dpi and
// scale 1. Rendering multiplies by DPI/300·Scale, so the text and its line
// breaks are the same at every resolution.
const refDPI = 300.0

const mm = refDPI / 25.4 // reference pixels per millimetre

func pt(size float64) float64 { return size * refDPI / 72 }

type align uint8

const (
	alignLeft align = iota
	alignCenter
	alignRight
	alignJustify
)

// item is one thing drawn on the page.
type item struct {
	text  string
	st    style
	size  float64 // points
	x, y  float64 // text: baseline start; rect: top-left
	w, h  float64 // rect size
	col   color.RGBA
	rect  bool
	paint func(dst *image.RGBA, f float64) // custom painter, f = px per ref unit
}

type faceKey struct {
	st   style
	size float64
}

// page collects items and ground-truth lines.
type page struct {
	fam         *family
	w, h        float64
	items       []item
	gt          []string // ground-truth lines in the order set
	gtAt        []gtPos  // where each was set
	meas        map[faceKey]font.Face
	y           float64 // top of the next line
	left, right float64 // text area
	lineK       float64 // line height as a multiple of the font size
	ink         color.RGBA
}

func newPage(fam *family, w, h float64) *page {
	return &page{fam: fam, w: w, h: h, meas: map[faceKey]font.Face{}, lineK: 1.25, ink: color.RGBA{20, 20, 24, 255}}
}

func (p *page) face(st style, size float64) font.Face {
	k := faceKey{st, size}
	f, ok := p.meas[k]
	if !ok {
		f = newFace(p.fam, st, size, refDPI)
		p.meas[k] = f
	}
	return f
}

func (p *page) width(s string, st style, size float64) float64 {
	return float64(font.MeasureString(p.face(st, size), s)) / 64
}

func (p *page) textAt(s string, st style, size, x, baseline float64) {
	p.items = append(p.items, item{text: s, st: st, size: size, x: x, y: baseline, col: p.ink})
}

func (p *page) rule(x0, x1, y, thick float64) {
	p.items = append(p.items, item{rect: true, x: x0, y: y, w: x1 - x0, h: thick, col: p.ink})
}

// line sets s on one line between x0 and x1 at the cursor, records it as
// ground truth and advances the cursor. It returns the text's left x and
// width.
func (p *page) line(s string, st style, size float64, a align, x0, x1 float64) (float64, float64) {
	w := p.width(s, st, size)
	x := x0
	switch a {
	case alignCenter:
		x = (x0+x1)/2 - w/2
	case alignRight:
		x = x1 - w
	}
	p.textAt(s, st, size, x, p.y+pt(size)*0.92)
	p.addGT(s, x, p.y+pt(size)*0.92, size)
	p.y += pt(size) * p.lineK
	return x, w
}

// para wraps s into lines between x0 and x1, first line indented, and sets
// them; justified paragraphs stretch the spaces of all but the last line.
func (p *page) para(s string, st style, size float64, a align, x0, x1, indent float64) {
	words := strings.Fields(s)
	space := p.width(" ", st, size)
	for len(words) > 0 {
		lx0 := x0
		if indent > 0 {
			lx0 += indent
			indent = 0
		}
		avail := x1 - lx0
		n, w := 0, 0.0
		for n < len(words) {
			ww := p.width(words[n], st, size)
			add := ww
			if n > 0 {
				add += space
			}
			if n > 0 && w+add > avail {
				break
			}
			w += add
			n++
		}
		lineWords := words[:n]
		words = words[n:]
		text := strings.Join(lineWords, " ")
		if a != alignJustify || len(words) == 0 || n < 2 {
			la := a
			if a == alignJustify {
				la = alignLeft
			}
			p.line(text, st, size, la, lx0, x1)
			continue
		}
		// Justified: spread the slack over the gaps.
		gap := space + (avail-w)/float64(n-1)
		x := lx0
		base := p.y + pt(size)*0.92
		for _, wd := range lineWords {
			p.textAt(wd, st, size, x, base)
			x += p.width(wd, st, size) + gap
		}
		p.addGT(text, lx0, base, size)
		p.y += pt(size) * p.lineK
	}
}

// skip advances the cursor by d reference pixels.
func (p *page) skip(d float64) { p.y += d }

// render draws the page at dpi·scale.
func (p *page) render(dpi int, scale float64) *image.RGBA {
	f := float64(dpi) / refDPI * scale
	W, H := int(p.w*f+0.5), int(p.h*f+0.5)
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	faces := map[faceKey]font.Face{}
	for _, it := range p.items {
		switch {
		case it.paint != nil:
			it.paint(img, f)
		case it.rect:
			r := image.Rect(int(it.x*f+0.5), int(it.y*f+0.5), int((it.x+it.w)*f+0.5), int((it.y+it.h)*f+0.5))
			if r.Dy() < 1 {
				r.Max.Y = r.Min.Y + 1
			}
			draw.Draw(img, r, image.NewUniform(it.col), image.Point{}, draw.Over)
		default:
			k := faceKey{it.st, it.size}
			face, ok := faces[k]
			if !ok {
				face = newFace(p.fam, it.st, it.size, refDPI*f)
				faces[k] = face
			}
			d := font.Drawer{Dst: img, Src: image.NewUniform(it.col), Face: face,
				Dot: fixed.Point26_6{X: fixed.Int26_6(it.x * f * 64), Y: fixed.Int26_6(it.y * f * 64)}}
			d.DrawString(it.text)
		}
	}
	return img
}

// gtPos is where a ground-truth line sits: its left x, baseline and size.
type gtPos struct{ x, y, size float64 }

func (p *page) addGT(s string, x, baseline, size float64) {
	p.gt = append(p.gt, s)
	p.gtAt = append(p.gtAt, gtPos{x, baseline, size})
}

// readingOrder returns the ground-truth lines in visual reading order: rows
// top to bottom, and within a row (lines whose baselines are within half a
// line of each other, such as the issuer and the quốc hiệu columns of the
// header) left to right. This is also how Tesseract's page segmentation
// reads the two-column header and signature block of these pages.
func (p *page) readingOrder() []string {
	idx := make([]int, len(p.gt))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p.gtAt[idx[a]].y < p.gtAt[idx[b]].y })
	var out []string
	for i := 0; i < len(idx); {
		rowY := p.gtAt[idx[i]].y
		tol := pt(p.gtAt[idx[i]].size) * 0.5
		j := i + 1
		for j < len(idx) && p.gtAt[idx[j]].y-rowY < tol {
			j++
		}
		row := idx[i:j]
		sort.SliceStable(row, func(a, b int) bool { return p.gtAt[row[a]].x < p.gtAt[row[b]].x })
		for _, k := range row {
			out = append(out, p.gt[k])
		}
		i = j
	}
	return out
}
