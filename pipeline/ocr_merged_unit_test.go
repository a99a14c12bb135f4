package pipeline

import (
	"image"
	"testing"
)

// TestInkSpan: a block's span stops at a column's gap, not at a word's.
func TestInkSpan(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 400, 60))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	// words at 20–60, 70–110 (a 10 px word gap), 200–260 (a column 90 px off)
	for _, x := range [][2]int{{20, 60}, {70, 110}, {200, 260}} {
		for y := 20; y < 40; y++ {
			for c := x[0]; c < x[1]; c++ {
				g.Pix[y*g.Stride+c] = 0
			}
		}
	}
	got := inkSpan(g, 128, image.Rect(75, 15, 90, 45), 40)
	if want := image.Rect(20, 15, 110, 45); got != want {
		t.Errorf("inkSpan %v, want %v", got, want)
	}
}

// TestSpliceBlock: a block's first new line takes the old words' place in
// their line, beside the line's other words; its next line follows it.
func TestSpliceBlock(t *testing.T) {
	ws := []Word{
		{Text: "UBND", Box: Box{X: 10, Y: 10, W: 40, H: 20}, Line: 0},
		{Text: "HAY", Box: Box{X: 60, Y: 10, W: 40, H: 45}, Line: 0},
		{Text: "CỘNG", Box: Box{X: 300, Y: 10, W: 40, H: 20}, Line: 0},
		{Text: "Độc", Box: Box{X: 300, Y: 50, W: 40, H: 20}, Line: 1},
		{Text: "Số:", Box: Box{X: 10, Y: 80, W: 40, H: 20}, Line: 2},
	}
	news := []Word{
		{Text: "UBND", Box: Box{X: 10, Y: 10, W: 40, H: 20}, Line: 0},
		{Text: "THÀNH", Box: Box{X: 60, Y: 10, W: 40, H: 20}, Line: 0},
		{Text: "SỞ", Box: Box{X: 30, Y: 35, W: 40, H: 20}, Line: 1},
	}
	got := spliceBlock(ws, image.Rect(5, 5, 120, 60), 0, lineWords(news), news)
	pt := PageText{Words: got}
	if want := "UBND THÀNH CỘNG\nSỞ\nĐộc\nSố:"; textFromWords(pt.Words) != want {
		t.Errorf("text %q, want %q", textFromWords(pt.Words), want)
	}
}
