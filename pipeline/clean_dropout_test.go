package pipeline

import (
	"image"
	"testing"
)

// TestTextRectsRowsMergedByAccents: two red title rows set as closely as
// on an ID card ("GIẤY CHỨNG MINH NHÂN DÂN" over "SỐ …"), where an accent
// of the lower row touches a word of the row above, make one piece two
// rows tall. That piece is text, not a seal or a picture: both rows stay
// (ADR 0617). A picture of the same hue beside a row (the emblem) still
// marks it as not text.
func TestTextRectsRowsMergedByAccents(t *testing.T) {
	const (
		red      = 1
		letterW  = 6
		letterH  = 12
		row1, r2 = 20, 36 // tops of the rows, in mask cells
	)
	cm := newColourMask(1200, 300) // 600 × 150 cells
	fill := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cm.m[y*cm.w+x] = red
			}
		}
	}
	// letter draws an H: two stems and a bar.
	letter := func(x, y int) {
		fill(image.Rect(x, y, x+2, y+letterH))
		fill(image.Rect(x+letterW-2, y, x+letterW, y+letterH))
		fill(image.Rect(x, y+letterH/2-1, x+letterW, y+letterH/2+1))
	}
	for i := range 40 {
		letter(100+i*(letterW+3), row1)
	}
	for i := range 14 {
		letter(200+i*(letterW+3), r2)
	}
	// The accent: a stroke from a letter of the lower row up into the
	// row above, joined to four of its letters along their foot.
	fill(image.Rect(208, row1+letterH-2, 236, row1+letterH))
	fill(image.Rect(218, row1+letterH, 220, r2))
	// covered reports whether every inked cell of r lies in a text box.
	covered := func(rects []textRect, r image.Rectangle) bool {
		for y := r.Min.Y; y < r.Max.Y; y++ {
		cell:
			for x := r.Min.X; x < r.Max.X; x++ {
				if cm.m[y*cm.w+x] == 0 {
					continue
				}
				for _, tr := range rects {
					if image.Pt(x, y).In(tr.Rectangle) {
						continue cell
					}
				}
				return false
			}
		}
		return true
	}
	rects := cm.textRects()
	for _, row := range []image.Rectangle{
		image.Rect(100, row1, 100+40*(letterW+3)-3, row1+letterH),
		image.Rect(200, r2, 200+14*(letterW+3)-3, r2+letterH),
	} {
		if !covered(rects, row) {
			t.Errorf("row %v not kept as text; text boxes %v", row, rects)
		}
	}
	// An emblem: a solid disc of the title's hue just left of the lower
	// row.
	for y := r2 - 30; y < r2+42; y++ {
		for x := 120; x < 192; x++ {
			if (x-156)*(x-156)+(y-r2-6)*(y-r2-6) < 36*36 {
				cm.m[y*cm.w+x] = red
			}
		}
	}
	if covered(cm.textRects(), image.Rect(200, r2, 200+14*(letterW+3)-3, r2+letterH)) {
		t.Error("row beside a large disc kept as text")
	}
}

// TestTextRectsNextLineRunTogether: a blurred photo runs the letters of a
// red title's next line into one dense piece (a CMND's "SỐ 368016350"
// under its title): too few pieces for a row of their own, it is kept as
// the title's next line. A thin pen stroke under the title, and a dense
// piece far below it, are not.
func TestTextRectsNextLineRunTogether(t *testing.T) {
	const red, letterW, letterH, row = 1, 6, 12, 20
	cm := newColourMask(1200, 300)
	fill := func(r image.Rectangle) {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cm.m[y*cm.w+x] = red
			}
		}
	}
	for i := range 30 {
		x := 100 + i*(letterW+3)
		fill(image.Rect(x, row, x+2, row+letterH))
		fill(image.Rect(x+letterW-2, row, x+letterW, row+letterH))
		fill(image.Rect(x, row+letterH/2-1, x+letterW, row+letterH/2+1))
	}
	next := image.Rect(150, row+letterH+4, 260, row+2*letterH+6) // 14 cells tall, 4 under the title
	fill(next)
	stroke := image.Rect(280, row+letterH+8, 360, row+letterH+10) // a pen's underline, 2 cells thick
	far := image.Rect(150, row+5*letterH, 260, row+6*letterH)     // a dense piece four letters below
	fill(stroke)
	fill(far)
	in := func(r image.Rectangle) bool {
		for _, tr := range cm.textRects() {
			if r.In(tr.Rectangle) {
				return true
			}
		}
		return false
	}
	if !in(next) {
		t.Errorf("the title's next line %v was not kept; text boxes %v", next, cm.textRects())
	}
	if in(far) {
		t.Errorf("a piece far under the title %v was kept as text", far)
	}
	if in(stroke) {
		t.Errorf("a pen stroke under the title %v was kept as text", stroke)
	}
}
