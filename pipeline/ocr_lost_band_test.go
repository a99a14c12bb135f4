package pipeline

import (
	"context"
	"image"
	"strings"
	"testing"
)

// fillRect inks r of g black.
func fillRect(g *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[y*g.Stride+x] = 0
		}
	}
}

func TestWordBand(t *testing.T) {
	box := image.Rect(10, 0, 110, 60)
	letters := func(g *image.Gray, top, bottom int) {
		for x := 12; x < 108; x += 16 {
			fillRect(g, image.Rect(x, top, x+10, bottom))
		}
	}
	tests := []struct {
		name      string
		draw      func(g *image.Gray)
		mid       int
		top, bott int
	}{
		{"letters", func(g *image.Gray) { letters(g, 20, 44) }, 30, 20, 44},
		{"no ink", func(*image.Gray) {}, 30, 0, 60},
		// A tone over one capital, two rows above it, is the word's.
		{"mark above", func(g *image.Gray) {
			letters(g, 20, 44)
			fillRect(g, image.Rect(30, 12, 38, 18))
		}, 30, 12, 44},
		// Small print set close under the word spans it: another line's.
		{"small print under", func(g *image.Gray) {
			letters(g, 10, 34)
			for x := 12; x < 108; x += 7 {
				fillRect(g, image.Rect(x, 37, x+5, 46))
			}
		}, 22, 10, 34},
		// The box reaches over the line above: the run nearest the
		// line's middle is the word's.
		{"line above in the box", func(g *image.Gray) {
			letters(g, 2, 22)
			letters(g, 32, 56)
		}, 44, 32, 56},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 120, 60))
			for i := range g.Pix {
				g.Pix[i] = 255
			}
			tt.draw(g)
			top, bottom := wordBand(g, 128, box, tt.mid)
			if top != tt.top || bottom != tt.bott {
				t.Errorf("band %d–%d, want %d–%d", top, bottom, tt.top, tt.bott)
			}
		})
	}
}

// lostRows is the text of lostPage's rows as read, each word "chữ" over
// its box, leaving out the rows in skip and with each box of a row made
// tall (boxes reaching over the row below).
func lostRows(rows [][]Box, skip map[int]bool, tall map[int]int) PageText {
	var pt PageText
	line := 0
	for i, row := range rows {
		if skip[i] {
			continue
		}
		for _, b := range row {
			b.H += tall[i]
			pt.Words = append(pt.Words, Word{Text: "chữ", Confidence: 0.9, Box: b, Line: line})
		}
		line++
	}
	pt.Text = textFromWords(pt.Words)
	return pt
}

// TestReadLostLinesStretchedBoxes: Tesseract's boxes of a line reach down
// over the next line, which it left out (a photocopied card's motto under
// its heading); that line is found and read all the same.
func TestReadLostLinesStretchedBoxes(t *testing.T) {
	g, rows := lostPage([]int{40, 100, 130, 220})
	pt := lostRows(rows, map[int]bool{2: true}, map[int]int{1: 50})
	lr := &lineScript{text: "một hai ba", conf: 0.9}
	got, n, err := ReadLostLines(context.Background(), g, pt, lr)
	if err != nil {
		t.Fatal(err)
	}
	want := "chữ chữ chữ\nchữ chữ chữ\nmột hai ba\nchữ chữ chữ"
	if n != 1 || got.Text != want {
		t.Errorf("added %d lines, text %q; want 1, %q", n, got.Text, want)
	}
}

// TestReadLostLinesJoin: words the layout left out of a line it read, in
// its rows just beside its words, join that line; so do as few as
// lostJoinPieces letters, too few for a line of their own.
func TestReadLostLinesJoin(t *testing.T) {
	for _, tc := range []struct {
		name    string
		letters int  // letters of the lost word
		touch   bool // the word before's box reaches within 2 px of them
		want    string
	}{
		{"word", 5, false, "chữ chữ chữ\nchữ chữ hai\nchữ chữ chữ"},
		{"two letters", 2, false, "chữ chữ chữ\nchữ chữ hai\nchữ chữ chữ"},
		{"one letter", 1, false, "chữ chữ chữ\nchữ chữ\nchữ chữ chữ"},
		// Letters a box left out of its word are not a word of their own.
		{"touching a word", 2, true, "chữ chữ chữ\nchữ chữ\nchữ chữ chữ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, rows := lostPage([]int{40, 100, 160})
			// Keep the lost word's first letters only.
			x0 := rows[1][2].X
			for y := 100; y < 120; y++ {
				for x := x0 + tc.letters*24; x < x0+rows[1][2].W; x++ {
					g.Pix[y*g.Stride+x] = 255
				}
			}
			rows[1] = rows[1][:2]
			if tc.touch {
				rows[1][1].W = x0 - 2 - rows[1][1].X
			}
			lr := &lineScript{text: "hai", conf: 0.9}
			got, _, err := ReadLostLines(context.Background(), g, lostRows(rows, nil, nil), lr)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tc.want {
				t.Errorf("text %q, want %q", got.Text, tc.want)
			}
			for i := 1; i < len(got.Words); i++ {
				if d := got.Words[i].Line - got.Words[i-1].Line; d != 0 && d != 1 {
					t.Fatalf("line numbers %d then %d", got.Words[i-1].Line, got.Words[i].Line)
				}
			}
		})
	}
}

// TestReadLostLinesPrinted: a lost line read unsure is taken when it reads
// a card's printed heading, dashes and all (SnapCardLabels respells it);
// another unsure line is not.
func TestReadLostLinesPrinted(t *testing.T) {
	g, rows := lostPage([]int{40, 100, 160, 220})
	for _, tc := range []struct{ read, want string }{
		{"Iđependence - Freedom - Happiness.", "chữ chữ chữ\nchữ chữ chữ\nIđependence - Freedom - Happiness.\nchữ chữ chữ"},
		{"Independence of the card", "chữ chữ chữ\nchữ chữ chữ\nchữ chữ chữ"},
	} {
		lr := &lineScript{text: tc.read, conf: 0.3}
		got, _, err := ReadLostLines(context.Background(), g, lostRows(rows, map[int]bool{2: true}, nil), lr)
		if err != nil {
			t.Fatal(err)
		}
		if got.Text != tc.want {
			t.Errorf("read %q: text %q, want %q", tc.read, got.Text, tc.want)
		}
	}
}

// TestReadLostLinesPrintedJoin: unsure words beside a line join it when
// the line then reads a card's printed heading it did not read before;
// beside a heading read whole, they are a speck's.
func TestReadLostLinesPrintedJoin(t *testing.T) {
	for _, tc := range []struct {
		name, line, read, want string
	}{
		{"completes the heading", "Độc lập - Tự do -", "Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"},
		{"beside the whole heading", "Độc lập - Tự do - Hạnh phúc", "ii", "Độc lập - Tự do - Hạnh phúc"},
		{"no heading", "một hai", "ba", "một hai"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, rows := lostPage([]int{40, 100, 160})
			// The line's words share out its first two boxes; its third
			// box is lost.
			span := rows[1][0]
			span.W = rows[1][1].X + rows[1][1].W - span.X
			ws := spreadWords([]Word{{Box: span, Confidence: 0.9}}, strings.Fields(tc.line))
			var pt PageText
			for i, row := range rows {
				if i == 1 {
					for _, w := range ws {
						w.Line = 1
						pt.Words = append(pt.Words, w)
					}
					continue
				}
				for _, b := range row {
					pt.Words = append(pt.Words, Word{Text: "chữ", Confidence: 0.9, Box: b, Line: i})
				}
			}
			pt.Text = textFromWords(pt.Words)
			got, _, err := ReadLostLines(context.Background(), g, pt, &lineScript{text: tc.read, conf: 0.3})
			if err != nil {
				t.Fatal(err)
			}
			if line := strings.Split(got.Text, "\n")[1]; line != tc.want {
				t.Errorf("line %q, want %q", line, tc.want)
			}
		})
	}
}

// TestReadLostLinesBoxedByMark: Tesseract boxed a word by one of its marks
// (a 12 px box for "“Công"), so its letters look lost; read again they are
// the word read already, and the dash read before them is no line alone.
func TestReadLostLinesBoxedByMark(t *testing.T) {
	g, rows := lostPage([]int{40, 100, 160})
	pt := lostRows(rows, map[int]bool{1: true}, nil)
	mark := Word{Text: "“một", Confidence: 0.9, Box: Box{X: rows[1][0].X + 10, Y: 100, W: 12, H: 20}, Line: 1}
	pt.Words = append(pt.Words[:3:3], append([]Word{mark}, pt.Words[3:]...)...)
	for i := 4; i < len(pt.Words); i++ {
		pt.Words[i].Line = 2
	}
	pt.Text = textFromWords(pt.Words)
	got, n, err := ReadLostLines(context.Background(), g, pt, &lineScript{text: "- một", conf: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || got.Text != pt.Text {
		t.Errorf("added %d lines, text %q; want none", n, got.Text)
	}
}
