package pipeline

import (
	"cmp"
	"context"
	"image"
	"slices"
	"strings"
	"testing"
)

// lineScript is a LineRecognizer that reads every line image as text, and
// records the images it was given.
type lineScript struct {
	text string
	conf float64
	seen []*image.Gray
}

func (l *lineScript) RecognizeLine(_ context.Context, img *image.Gray) (PageText, error) {
	l.seen = append(l.seen, img)
	var pt PageText
	x := 0
	for _, w := range strings.Fields(l.text) {
		pt.Words = append(pt.Words, Word{Text: w, Confidence: l.conf, Box: Box{X: x, Y: 2, W: 30, H: 20}})
		x += 40
	}
	pt.Text = l.text
	return pt, nil
}

// lostPage draws rows of letter-sized blocks (16 × 20 px, 8 px apart) at
// the given tops and returns the page and the word boxes of each row.
func lostPage(tops []int) (*image.Gray, [][]Box) {
	g := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	var rows [][]Box
	for _, top := range tops {
		var row []Box
		for wd := range 3 {
			x0 := 40 + wd*130
			for l := range 5 {
				for y := top; y < top+20; y++ {
					for x := x0 + l*24; x < x0+l*24+16; x++ {
						g.Pix[y*g.Stride+x] = 0
					}
				}
			}
			row = append(row, Box{X: x0, Y: top, W: 5*24 - 8, H: 20})
		}
		rows = append(rows, row)
	}
	return g, rows
}

func TestReadLostLines(t *testing.T) {
	g, rows := lostPage([]int{40, 100, 160, 220})
	read := func(skip int) PageText {
		var pt PageText
		line := 0
		for i, row := range rows {
			if i == skip {
				continue
			}
			for _, b := range row {
				pt.Words = append(pt.Words, Word{Text: "chữ", Confidence: 0.9, Box: b, Line: line})
			}
			line++
		}
		pt.Text = textFromWords(pt.Words)
		return pt
	}
	tests := []struct {
		name  string
		skip  int // the row Tesseract left out, -1 none
		conf  float64
		reads int    // line images read
		want  string // the text after
	}{
		{"nothing left out", -1, 0.9, 0, "chữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ"},
		{"third row left out", 2, 0.9, 1, "chữ chữ chữ\nchữ chữ chữ\nmột hai ba\nchữ chữ chữ"},
		{"first row left out", 0, 0.9, 1, "một hai ba\nchữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ"},
		{"read unsure", 3, 0.4, 1, "chữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := &lineScript{text: "một hai ba", conf: tt.conf}
			pt, n, err := ReadLostLines(context.Background(), g, read(tt.skip), lr)
			if err != nil {
				t.Fatal(err)
			}
			if len(lr.seen) != tt.reads {
				t.Errorf("read %d line images, want %d", len(lr.seen), tt.reads)
			}
			if pt.Text != tt.want {
				t.Errorf("text %q, want %q", pt.Text, tt.want)
			}
			if tt.reads > 0 && tt.conf >= lostMinConf && n != 1 {
				t.Errorf("added %d lines, want 1", n)
			}
			// Lines stay numbered in reading order.
			for i := 1; i < len(pt.Words); i++ {
				if d := pt.Words[i].Line - pt.Words[i-1].Line; d != 0 && d != 1 {
					t.Fatalf("line numbers %d then %d", pt.Words[i-1].Line, pt.Words[i].Line)
				}
			}
			// The line image holds the lost row only: the rows read
			// already are whitened.
			for _, img := range lr.seen {
				if img.Rect.Dy() > 3*20 {
					t.Errorf("line image %v tall: more than one row", img.Rect)
				}
			}
		})
	}
	// A word already read in the lost row's place (across two lines) is
	// not added twice.
	pt := read(2)
	merged := Word{Text: "MỘT", Confidence: 0.3, Box: Box{X: 40, Y: 100, W: 500, H: 140}, Line: 1}
	pt.Words = append(pt.Words[:6:6], append([]Word{merged}, pt.Words[6:]...)...)
	got, _, err := ReadLostLines(context.Background(), g, pt, &lineScript{text: "một", conf: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range got.Words {
		if strings.EqualFold(w.Text, "một") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d words \"một\", want 1: %q", n, got.Text)
	}
}

// TestReadLostLinesDash: a list item's dash left of a lost line, too
// small to be a letter, is inside the line image, not cut by its edge,
// and its reading opens the line; a lone mark elsewhere is a speck's.
func TestReadLostLinesDash(t *testing.T) {
	g, rows := lostPage([]int{40, 100, 160, 220})
	// the dash: 12 × 4 px, 6 px left of the third row's first letter,
	// across the line image's edge half a letter out
	for y := 170; y < 174; y++ {
		for x := 22; x < 34; x++ {
			g.Pix[y*g.Stride+x] = 0
		}
	}
	var pt PageText
	line := 0
	for i, row := range rows {
		if i == 2 {
			continue
		}
		for _, b := range row {
			pt.Words = append(pt.Words, Word{Text: "chữ", Confidence: 0.9, Box: b, Line: line})
		}
		line++
	}
	pt.Text = textFromWords(pt.Words)
	for _, tc := range []struct{ read, want string }{
		{"- Lưu: VT", "chữ chữ chữ\nchữ chữ chữ\n- Lưu: VT\nchữ chữ chữ"},
		{"Lưu: - VT", "chữ chữ chữ\nchữ chữ chữ\nLưu: VT\nchữ chữ chữ"},
	} {
		lr := &lineScript{text: tc.read, conf: 0.9}
		got, _, err := ReadLostLines(context.Background(), g, pt, lr)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != tc.want {
			t.Errorf("read %q: text %q, want %q", tc.read, got.Text, tc.want)
		}
		img := lr.seen[0]
		for y := range img.Rect.Dy() {
			if img.Pix[y*img.Stride] < 128 {
				t.Fatalf("line image %v cuts the dash at its left edge", img.Rect)
			}
		}
	}
}

// TestReadLostLinesJoinedLetters: a lost line whose letters blur or bold
// print joined into one wide piece ("22/08/2039" on a phone photo of a
// card) is read; a solid bar of a letter's height is not text.
func TestReadLostLinesJoinedLetters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		solid bool
		reads int
		want  string
	}{
		{"joined letters", false, 1, "chữ chữ chữ\nchữ chữ chữ\n22/08/2039\nchữ chữ chữ"},
		{"solid bar", true, 0, "chữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, rows := lostPage([]int{40, 100, 220})
			// Ten rings 16 × 20 px with 4 px strokes, 4 px apart, joined
			// by their 4 px feet: one piece 196 px wide, about 60% inked.
			for y := 160; y < 180; y++ {
				for x := 40; x < 236; x++ {
					in := (x-40)%20 < 16
					ring := y < 164 || y >= 176 || (x-40)%20 < 4 || (x-40)%20 >= 12
					if tc.solid || in && ring || y >= 176 {
						g.Pix[y*g.Stride+x] = 0
					}
				}
			}
			var pt PageText
			for i, row := range rows {
				for _, b := range row {
					pt.Words = append(pt.Words, Word{Text: "chữ", Confidence: 0.9, Box: b, Line: i})
				}
			}
			pt.Text = textFromWords(pt.Words)
			lr := &lineScript{text: "22/08/2039", conf: 0.9}
			got, _, err := ReadLostLines(context.Background(), g, pt, lr)
			if err != nil {
				t.Fatal(err)
			}
			if len(lr.seen) != tc.reads || got.Text != tc.want {
				t.Errorf("read %d line images, text %q; want %d, %q", len(lr.seen), got.Text, tc.reads, tc.want)
			}
		})
	}
}

// TestFreePiecesOrder checks that the pieces of ink come in one order
// whatever the map they are gathered in gives: rows of letters share their
// left edges, and a random order among them grouped a page's lost lines,
// and read the page, differently from one run to the next.
func TestFreePiecesOrder(t *testing.T) {
	g, _ := lostPage([]int{40, 100, 160, 220, 280})
	covered := make([]bool, g.Rect.Dx()*g.Rect.Dy())
	t0 := otsu(g)
	first := freePieces(g, t0, covered)
	if len(first) != 5*15 {
		t.Fatalf("%d pieces, want 75", len(first))
	}
	for range 10 {
		got := freePieces(g, t0, covered)
		if !slices.Equal(got, first) {
			t.Fatalf("pieces in another order:\n%v\n%v", got, first)
		}
	}
	if !slices.IsSortedFunc(first, func(a, b image.Rectangle) int { return cmp.Or(a.Min.X-b.Min.X, a.Min.Y-b.Min.Y) }) {
		t.Errorf("pieces not by left edge, then top: %v", first)
	}
}
