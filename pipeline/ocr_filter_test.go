package pipeline

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// strokes draws letter-like vertical strokes, 3 px wide, across b.
func strokes(g *image.Gray, b Box) {
	for y := b.Y; y < b.Y+b.H; y++ {
		for x := b.X; x < b.X+b.W; x++ {
			if (x-b.X)%8 < 3 {
				g.Pix[g.PixOffset(x, y)] = 20
			}
		}
	}
}

// blot paints a solid dark rectangle (hair in an ID photo, a QR finder).
func blot(g *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[g.PixOffset(x, y)] = 10
		}
	}
}

// modules fills r with a QR code's pattern: 5 px squares, dark or light
// at random (half of them dark), over whatever r held.
func modules(g *image.Gray, r image.Rectangle) {
	rng := rand.New(rand.NewPCG(1, 2))
	const m = 5
	for y := r.Min.Y; y < r.Max.Y; y += m {
		for x := r.Min.X; x < r.Max.X; x += m {
			v := uint8(240)
			if rng.IntN(2) == 0 {
				v = 10
			}
			for yy := y; yy < min(y+m, r.Max.Y); yy++ {
				for xx := x; xx < min(x+m, r.Max.X); xx++ {
					g.Pix[g.PixOffset(xx, yy)] = v
				}
			}
		}
	}
}

func TestDropPictureWords(t *testing.T) {
	const lineH = 20
	// Three lines of text words, 20 px high, and one tall word (a box
	// four lines high) at the left whose content the cases vary.
	text := []Word{
		{Text: "Họ", Line: 0, Box: Box{X: 150, Y: 20, W: 40, H: lineH}},
		{Text: "và", Line: 0, Box: Box{X: 200, Y: 20, W: 40, H: lineH}},
		{Text: "tên", Line: 0, Box: Box{X: 250, Y: 20, W: 50, H: lineH}},
		{Text: "NGUYỄN", Line: 1, Box: Box{X: 150, Y: 60, W: 120, H: lineH}},
		{Text: "HUYỀN", Line: 1, Box: Box{X: 280, Y: 60, W: 100, H: lineH}},
		{Text: "Nam", Line: 2, Box: Box{X: 150, Y: 100, W: 60, H: lineH}},
	}
	tall := Box{X: 10, Y: 20, W: 100, H: 4 * lineH}
	tests := []struct {
		name   string
		word   string
		conf   float64
		height int
		solid  bool // a dark area wider than a line is tall inside the word
		qr     bool // the word lies in a QR code's modules
		want   string
	}{
		{"photo read as a word goes", "c€ọ", 0.24, tall.H, true, false, "Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"tall unsure text of thin strokes stays", "HÒA", 0.27, tall.H, false, false, "HÒA Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a confident word over a dark area stays", "QUYẾT", 0.9, tall.H, true, false, "QUYẾT Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"an unsure word of text height stays", "thời", 0.1, lineH, true, false, "thời Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a QR code read as a word goes", "nh", 0.04, lineH, false, true, "Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a QR code read as a fairly sure word goes", "H:", 0.75, 2 * lineH, false, true, "Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a sure word over a QR code stays", "Số", 0.9, lineH, false, true, "Số Họ và tên\nNGUYỄN HUYỀN\nNam"},
		// a word a quarter of the text's height on a card: an accent or a speck (DropFragments)
		{"an unsure fragment goes", "Là", 0.1, lineH / 4, false, false, "Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a sure fragment stays", "Là", 0.9, lineH / 4, false, false, "Là Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"a sure word with a box lower still stays", "_SỐ", 0.9, lineH / 6, false, false, "_SỐ Họ và tên\nNGUYỄN HUYỀN\nNam"},
		{"an unsure dash that low stays", "-", 0.1, lineH / 4, false, false, "- Họ và tên\nNGUYỄN HUYỀN\nNam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 400, 140))
			for i := range g.Pix {
				g.Pix[i] = 240
			}
			for _, w := range text {
				strokes(g, w.Box)
			}
			b := tall
			b.H = tt.height
			strokes(g, b)
			if tt.qr {
				modules(g, image.Rect(b.X-10, b.Y-10, b.X+b.W+10, b.Y+b.H+10))
			}
			if tt.solid {
				blot(g, image.Rect(b.X+20, b.Y, b.X+20+lineH+5, b.Y+min(b.H, lineH+5)))
			}
			words := []Word{{Text: tt.word, Line: 0, Confidence: tt.conf, Box: b}}
			for _, w := range text {
				w.Confidence = 0.95
				words = append(words, w)
			}
			pt := PageText{Words: words, Text: textFromWords(words)}
			got := DropFragments(DropPictureWords(g, pt)) // as a card's page is read
			if got.Text != tt.want {
				t.Errorf("text %q, want %q", got.Text, tt.want)
			}
			var sum float64
			for _, w := range got.Words {
				sum += w.Confidence
			}
			if got.Text != pt.Text && math.Abs(got.Confidence-sum/float64(len(got.Words))) > 1e-9 {
				t.Errorf("confidence %v, want the kept words' mean", got.Confidence)
			}
		})
	}
}
