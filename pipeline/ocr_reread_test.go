package pipeline

import (
	"context"
	"image"
	"testing"
)

func TestBetterAccents(t *testing.T) {
	box := image.Rect(100, 50, 200, 80)
	tests := []struct {
		old, got string
		want     string // "" when the old word stays
	}{
		{"HOA", "HÒA", "HÒA"},
		{"NGUYEN", "NGUYỄN", "NGUYỄN"},
		{"HUYEN,", "HUYỀN", "HUYỀN,"}, // the old punctuation stays
		{"DUNG", "ĐUNG", "ĐUNG"},      // đ's bar is a mark too
		{"DÂN", "DẪN", "DẪN"},         // a tone on a hat: what a cut stacked accent loses
		{"KIÊU", "KIỀU", "KIỀU"},
		{"TRẦN", "TRẤN", ""},        // another accent, not a missing one
		{"SẢN", "SẲN", ""},          // Ả's tone was read: no more
		{"HỌI", "HỘI", "HỘI"},       // the dot below stays, the circumflex comes
		{"HỌI", "HỐI", ""},          // the dot below must stay
		{"CUONG", "CƯỜNG", "CƯỜNG"}, // horns and a grave
		{"HÒA", "HOA", ""},          // fewer
		{"MINH", "MÌNHS", ""},       // other letters
		{"VIET", "VIỆT.", "VIỆT"},   // the re-read's punctuation is not taken
		{"12/05", "12/05", ""},      // nothing to add
	}
	for _, tt := range tests {
		got := []Word{{Text: tt.got, Box: Box{X: 5, Y: 2, W: 100, H: 30}}}
		s, ok := betterAccents(tt.old, box, got, image.Pt(95, 48))
		if ok != (tt.want != "") || s != tt.want {
			t.Errorf("betterAccents(%q, %q) = %q, %v; want %q", tt.old, tt.got, s, ok, tt.want)
		}
	}
	// A re-read word elsewhere on the line is not matched.
	if _, ok := betterAccents("HOA", box, []Word{{Text: "HÒA", Box: Box{X: 300, W: 100, H: 30}}}, image.Point{}); ok {
		t.Error("matched a word that does not overlap")
	}
}

// fakeLines reads every line image as the given words, spread evenly over
// its width, and counts the calls.
type fakeLines struct {
	words []string
	calls int
}

func (f *fakeLines) RecognizeLine(_ context.Context, img *image.Gray) (PageText, error) {
	f.calls++
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var pt PageText
	for i, s := range f.words {
		pt.Words = append(pt.Words, Word{Text: s, Confidence: 0.9, Box: Box{X: i * w / len(f.words), W: w / len(f.words), H: h}})
	}
	return pt, nil
}

func TestRereadCutLines(t *testing.T) {
	// A line of three capitals words, 30 px high, at y 100–130, under a
	// line of small text at y 40–60.
	caps := []Box{{X: 100, Y: 100, W: 120, H: 30}, {X: 240, Y: 100, W: 120, H: 30}, {X: 380, Y: 100, W: 120, H: 30}}
	above := []Box{{X: 100, Y: 40, W: 200, H: 20}, {X: 320, Y: 40, W: 180, H: 20}}
	page := func(accents []image.Rectangle, heldByAbove bool) (*image.Gray, PageText) {
		g := image.NewGray(image.Rect(0, 0, 600, 200))
		for i := range g.Pix {
			g.Pix[i] = 245
		}
		var ws []Word
		for i, b := range above {
			strokes(g, b)
			if heldByAbove && i == 0 {
				b.H = accents[0].Max.Y - b.Y // Tesseract gave the accent to this word
			}
			ws = append(ws, Word{Text: "text", Line: 0, Confidence: 0.95, Box: b})
		}
		for i, b := range caps {
			strokes(g, b)
			ws = append(ws, Word{Text: []string{"CONG", "HOA", "XA"}[i], Line: 1, Confidence: 0.9, Box: b})
		}
		for _, a := range accents {
			blot(g, a)
		}
		return g, PageText{Words: ws, Text: textFromWords(ws)}
	}
	tests := []struct {
		name    string
		accents []image.Rectangle // ink above the second word
		held    bool
		reread  []string
		want    string
		wantRun int
	}{
		{"accents left out are read again", []image.Rectangle{image.Rect(280, 88, 300, 92)}, false,
			[]string{"CỘNG", "HÒA", "XÃ"}, "text text\nCONG HÒA XA", 1},
		{"an accent given to the line above, on capitals", []image.Rectangle{image.Rect(280, 88, 300, 92)}, true,
			[]string{"CỘNG", "HÒA", "XÃ"}, "text text\nCONG HÒA XA", 1},
		{"a dot under the line above is not an accent", []image.Rectangle{image.Rect(288, 86, 292, 90)}, true,
			[]string{"CỘNG", "HÒA", "XÃ"}, "text text\nCONG HOA XA", 0},
		{"no ink above: not read again", nil, false,
			[]string{"CỘNG", "HÒA", "XÃ"}, "text text\nCONG HOA XA", 0},
		{"letters of a line above that Tesseract did not read are not accents",
			[]image.Rectangle{image.Rect(250, 88, 256, 94), image.Rect(262, 88, 268, 94), image.Rect(274, 88, 280, 94), image.Rect(286, 88, 292, 94)}, false,
			[]string{"CỘNG", "HÒA", "XÃ"}, "text text\nCONG HOA XA", 0},
		{"a re-read with other letters changes nothing", []image.Rectangle{image.Rect(280, 88, 300, 92)}, false,
			[]string{"CỘNG", "HÒN", "XÃ"}, "text text\nCONG HOA XA", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, pt := page(tt.accents, tt.held)
			lr := &fakeLines{words: tt.reread}
			got, n, err := RereadCutLines(context.Background(), g, pt, lr)
			if err != nil {
				t.Fatal(err)
			}
			if got.Text != tt.want || n != tt.wantRun || lr.calls != tt.wantRun {
				t.Errorf("got %q, %d lines read again (%d calls); want %q, %d", got.Text, n, lr.calls, tt.want, tt.wantRun)
			}
		})
	}
}
