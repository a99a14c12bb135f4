package pipeline

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// TestEnDashes draws the tiêu ngữ's words as blocks of ink and its dash as
// a bar of the given width, as a 14-pt line prints at 300 dpi (words ~55 px
// high, ~37 px a letter), and checks which dashes become "–".
func TestEnDashes(t *testing.T) {
	tests := []struct {
		name  string
		dashW int  // bar width in px; 0 draws a round speck instead
		gap   bool // a photocopy's two-pixel break in the bar
		first bool // the dash opens the line (a list item)
		body  bool // other words than the tiêu ngữ's ("Tư pháp - Hộ tịch")
		want  string
	}{
		{name: "hyphen", dashW: 16, want: "-"},
		{name: "wide hyphen", dashW: 19, want: "-"},
		{name: "en dash", dashW: 28, want: "–"},
		{name: "broken en dash", dashW: 28, gap: true, want: "–"},
		{name: "speck read as a dash", dashW: 0, want: "-"},
		{name: "list item", dashW: 28, first: true, want: "-"},
		// the tiêu ngữ's narrower limit: a bold DejaVu en dash
		{name: "narrow en dash", dashW: 21, want: "–"},
		{name: "narrow dash between other words", dashW: 21, body: true, want: "-"},
		{name: "en dash between other words", dashW: 28, body: true, want: "–"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 900, 200))
			fill(g, g.Rect, 255)
			var words []Word
			x := 20
			add := func(text string, w, h int) {
				b := Box{X: x, Y: 100 - h, W: w, H: h}
				fill(g, image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H), 0)
				words = append(words, Word{Text: text, Box: b})
				x += w + 20
			}
			w1, w2, w3 := "lập", "Tự", "do"
			if tc.body {
				w1, w2, w3 = "pháp", "Hộ", "tịch"
			}
			if !tc.first {
				add("Độc", 111, 56)
				add(w1, 89, 56)
			}
			dash := Box{X: x, Y: 72, W: max(tc.dashW, 10) + 2, H: 12}
			switch {
			case tc.dashW == 0:
				fill(g, image.Rect(x+1, 73, x+11, 83), 0)
			default:
				fill(g, image.Rect(x+1, 76, x+1+tc.dashW, 82), 0)
				if tc.gap {
					fill(g, image.Rect(x+10, 76, x+12, 82), 255)
				}
			}
			words = append(words, Word{Text: "-", Box: dash})
			x += dash.W + 20
			add(w2, 85, 52)
			add(w3, 70, 44)
			add("Hạnh", 161, 54)
			got, n := EnDashes(PageText{Words: words, Text: textFromWords(words)}, g)
			var dashText string
			for _, w := range got.Words {
				if w.Box == dash {
					dashText = w.Text
				}
			}
			if dashText != tc.want {
				t.Errorf("dash %d px read %q, want %q (text %q)", tc.dashW, dashText, tc.want, got.Text)
			}
			if want := tc.want == "–"; (n == 1) != want {
				t.Errorf("changed %d dashes", n)
			}
		})
	}
}

// fill paints r of g with gray level v.
func fill(g *image.Gray, r image.Rectangle, v uint8) {
	draw.Draw(g, r, &image.Uniform{C: color.Gray{Y: v}}, image.Point{}, draw.Src)
}

// TestSuperscripts renders "364,3 m²" and "364,3 m2" in Liberation Serif
// at 12 pt and 300 dpi (50 px) and checks that only the raised digit is
// given its superscript.
func TestSuperscripts(t *testing.T) {
	tests := []struct {
		printed, read, want string
		speck               bool // a speck above the m
	}{
		{"m²", "m2", "m²", false},
		{"m³,", "m3,", "m³,", false},
		{"m2", "m2", "m2", false},
		{"m2,", "m2,", "m2,", false},
		{"m²,", "m?,", "m²,", false}, // the raised 2 read as a mark
		{"m²", "m”", "m²", false},
		{"m?", "m?", "m?", false},
		{"m²,", "mã,", "m²,", false},
		{"mã", "mã", "mã", false}, // the word "mã" after a number
		{"m²,", "mẽ,", "m²,", false},
		{"mà", "mà", "mà", false},
		{"m²", "m2", "m²", true},
	}
	for _, tc := range tests {
		t.Run(tc.read, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 500, 120))
			fill(g, g.Rect, 255)
			drawText(t, g, "364,3", 20, 80, 50, color.Black)
			drawText(t, g, tc.printed, 200, 80, 50, color.Black)
			if tc.speck {
				fill(g, image.Rect(212, 34, 218, 40), 0)
			}
			words := []Word{
				{Text: "364,3", Box: Box{X: 15, Y: 30, W: 150, H: 70}},
				{Text: tc.read, Box: Box{X: 195, Y: 30, W: 120, H: 70}},
			}
			got, _ := Superscripts(PageText{Words: words, Text: textFromWords(words)}, g)
			if got.Words[1].Text != tc.want {
				t.Errorf("%q printed, read %q: got %q, want %q", tc.printed, tc.read, got.Words[1].Text, tc.want)
			}
		})
	}
}

// TestSpeckDashes drops the dash that opens a line where the ink is a
// speck, and keeps a list item's dash, read sure or unsure.
func TestSpeckDashes(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 600, 500))
	fill(g, g.Rect, 255)
	fill(g, image.Rect(20, 40, 34, 45), 0)   // a list dash, 14×5
	fill(g, image.Rect(20, 140, 23, 143), 0) // a speck, 3×3
	fill(g, image.Rect(20, 240, 28, 245), 0) // a short stroke, 8×5
	fill(g, image.Rect(20, 340, 32, 345), 0) // a list dash, 12×5
	// A phone photo's list dash: a pale blur 8×3, dark under 128 only in
	// its 2×2 core.
	fill(g, image.Rect(20, 440, 28, 443), 150)
	fill(g, image.Rect(23, 441, 25, 443), 115)
	line := func(n, y int, dash string, conf float64) []Word {
		return []Word{
			{Text: dash, Box: Box{X: 18, Y: y - 6, W: 20, H: 16}, Confidence: conf, Line: n},
			{Text: "Căn", Box: Box{X: 50, Y: y - 25, W: 80, H: 40}, Confidence: 0.93, Line: n},
			{Text: "cứ", Box: Box{X: 140, Y: y - 25, W: 50, H: 40}, Confidence: 0.93, Line: n},
		}
	}
	var ws []Word
	ws = append(ws, line(0, 40, "-", 0.93)...)
	ws = append(ws, line(1, 140, "-", 0.89)...) // too narrow, however sure
	ws = append(ws, line(2, 240, "—", 0.15)...) // unsure and short
	ws = append(ws, line(3, 340, "-", 0.4)...)  // unsure but a bar
	ws = append(ws, line(4, 441, "-", 0.93)...)
	got, n := SpeckDashes(PageText{Words: ws, Text: textFromWords(ws)}, g)
	want := "- Căn cứ\nCăn cứ\nCăn cứ\n- Căn cứ\n- Căn cứ"
	if got.Text != want || n != 2 {
		t.Errorf("got %d dropped:\n%s\nwant 2:\n%s", n, got.Text, want)
	}
}

// TestSpeckMarks drops the marks glued before a word that are specks, and
// keeps a list dash glued to its item and a quote mark of two strokes.
func TestSpeckMarks(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 600, 600))
	fill(g, g.Rect, 255)
	word := func(n int, text string, mark func(x, y int)) []Word {
		y := 40 + 100*n
		mark(20, y)
		fill(g, image.Rect(40, y-25, 120, y+10), 0) // the word's letters
		return []Word{
			{Text: text, Box: Box{X: 18, Y: y - 25, W: 102, H: 40}, Confidence: 0.9, Line: n},
			{Text: "cứ", Box: Box{X: 140, Y: y - 25, W: 50, H: 40}, Confidence: 0.93, Line: n},
		}
	}
	var ws []Word
	ws = append(ws, word(0, "-Nơi", func(x, y int) { fill(g, image.Rect(x, y-12, x+5, y-7), 0) })...)   // a speck 5×5
	ws = append(ws, word(1, "-Lưu:", func(x, y int) { fill(g, image.Rect(x, y-12, x+12, y-8), 0) })...) // a dash 12×4
	ws = append(ws, word(2, "“Điều", func(x, y int) { fill(g, image.Rect(x, y-22, x+4, y-16), 0) })...) // one blob
	ws = append(ws, word(3, "“Điều", func(x, y int) {                                                   // two strokes, high
		fill(g, image.Rect(x, y-24, x+3, y-17), 0)
		fill(g, image.Rect(x+6, y-24, x+9, y-17), 0)
	})...)
	ws = append(ws, word(4, "\"Tên", func(x, y int) { // two blobs low: specks
		fill(g, image.Rect(x, y, x+3, y+4), 0)
		fill(g, image.Rect(x+6, y, x+9, y+4), 0)
	})...)
	got, n := SpeckMarks(PageText{Words: ws, Text: textFromWords(ws)}, g)
	want := "Nơi cứ\n-Lưu: cứ\nĐiều cứ\n“Điều cứ\nTên cứ"
	if got.Text != want || n != 3 {
		t.Errorf("got %d dropped:\n%s\nwant 3:\n%s", n, got.Text, want)
	}
	if b := got.Words[0].Box; b.X != 25 || b.X+b.W != 120 {
		t.Errorf("box after the speck's drop: %+v, want x 25..120", b)
	}
}

// TestSpeckTrails renders lines of three words in Liberation Serif at
// 12 pt and 300 dpi (50 px) and checks which colons and full stops that end
// the last word are kept: a printed mark, or a speck where Tesseract reads
// one (at the letters' middle height, read ":"; above or below the
// baseline, read ".").
func TestSpeckTrails(t *testing.T) {
	tests := []struct {
		printed, read, want string
		speck               image.Rectangle // relative to the word's right edge and the baseline
	}{
		{printed: "nhận:", read: "nhận:", want: "nhận:"},
		{printed: "Số:", read: "Số:", want: "Số:"},
		{printed: "nhận", read: "nhận:", want: "nhận", speck: image.Rect(5, -16, 11, -10)},
		{printed: "2020", read: "2020:", want: "2020", speck: image.Rect(4, -20, 8, -16)},
		{printed: "Thành.", read: "Thành.", want: "Thành."},
		{printed: "Thành", read: "Thành.", want: "Thành", speck: image.Rect(4, 8, 10, 14)},
		{printed: "Thành", read: "Thành.", want: "Thành", speck: image.Rect(4, -14, 10, -8)},
		// a speck on the baseline is a full stop's ink
		{printed: "Thành", read: "Thành.", want: "Thành.", speck: image.Rect(4, -6, 10, 0)},
		// no dot-sized piece of ink after the word: left as read
		{printed: "Thành", read: "Thành.", want: "Thành."},
	}
	for _, tc := range tests {
		t.Run(tc.printed+"→"+tc.read, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 700, 120))
			fill(g, g.Rect, 255)
			var words []Word
			x := 20
			for _, s := range []string{"Ông", "Văn", tc.printed} {
				drawText(t, g, s, x, 80, 50, color.Black)
				r := inkIn(g, image.Rect(x-2, 0, x+60*len([]rune(s)), 120))
				if s == tc.printed && !tc.speck.Empty() {
					sp := tc.speck.Add(image.Pt(r.Max.X, 80))
					fill(g, sp, 0)
					r = r.Union(sp)
				}
				text := s
				if s == tc.printed {
					text = tc.read
				}
				words = append(words, Word{Text: text, Box: Box{X: r.Min.X, Y: r.Min.Y, W: r.Dx(), H: r.Dy()}, Confidence: 0.9})
				x = r.Max.X + 25
			}
			got, _ := SpeckTrails(PageText{Words: words, Text: textFromWords(words)}, g)
			if w := got.Words[2].Text; w != tc.want {
				t.Errorf("%q printed, read %q: got %q, want %q", tc.printed, tc.read, w, tc.want)
			}
		})
	}
}

// inkIn returns the box of the ink of g in r.
func inkIn(g *image.Gray, r image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.GrayAt(x, y).Y < 128 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}
