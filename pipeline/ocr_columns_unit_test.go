package pipeline

import (
	"context"
	"image"
	"slices"
	"strings"
	"testing"
)

// TestReadColumnsKeepsWords: when the columns read again give no line
// to take, the page keeps its words (it once came back with its text and
// no words, which every later step then rebuilt from).
func TestReadColumnsKeepsWords(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 1200, 800))
	fill(g, g.Rect, 255)
	ws := []Word{
		{Text: "CĂN", Box: Box{X: 800, Y: 40, W: 120, H: 40}, Confidence: 0.95, Line: 0},
		{Text: "CƯỚC", Box: Box{X: 940, Y: 40, W: 200, H: 40}, Confidence: 0.95, Line: 0},
		{Text: "Cô", Box: Box{X: 60, Y: 300, W: 40, H: 24}, Confidence: 0.3, Line: 1},
		{Text: "đó", Box: Box{X: 110, Y: 300, W: 40, H: 24}, Confidence: 0.3, Line: 1},
		{Text: "Nguyễn", Box: Box{X: 500, Y: 290, W: 160, H: 40}, Confidence: 0.9, Line: 1},
		{Text: "Chí", Box: Box{X: 680, Y: 290, W: 80, H: 40}, Confidence: 0.9, Line: 1},
	}
	pt := PageText{Words: ws, Text: textFromWords(ws)}
	got, changed, err := ReadColumns(context.Background(), g, pt, &scriptedEngine{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if changed || got.Text != pt.Text || !slices.EqualFunc(got.Words, ws, func(a, b Word) bool { return a.Text == b.Text && a.Box == b.Box }) {
		t.Errorf("changed %v, words %v, text %q; want the page as it was", changed, got.Words, got.Text)
	}
}

func words(spec string, y, conf float64) []Word {
	var ws []Word
	x := 0
	for _, t := range strings.Fields(spec) {
		ws = append(ws, Word{Text: t, Box: Box{X: x, Y: int(y), W: 20 * len([]rune(t)), H: 30}, Confidence: conf})
		x += 20*len([]rune(t)) + 10
	}
	return ws
}

func TestSurerLine(t *testing.T) {
	for _, tc := range []struct {
		name      string
		line, old []Word
		want      bool
	}{
		{"surer char for char", words("Sở Nội vụ;", 0, 0.95), words("Sợ MộI vụ,", 0, 0.6), true},
		{"less sure", words("Sở Nội vụ;", 0, 0.6), words("Sở Nội vụ;", 0, 0.95), false},
		// the old reading lost words the new one reads, surely
		{"reads more", append(words("Bà", 0, 0.97), append(words("Trưng,", 0, 0.29), words("xã Hải Quang, huyện Hải Hậu, tỉnh Nam", 0, 0.96)...)...),
			words("xã Hải Quang, Hải Hậu, tỉnh Nam", 0, 0.97), true},
		// more letters read unsure are no better reading
		{"more but unsure", words("Ba Trung xa Hai Quang huyen", 0, 0.6), words("xã Hải Quang", 0, 0.9), false},
	} {
		if got := surerLine(tc.line, tc.old); got != tc.want {
			t.Errorf("%s: surerLine = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCoversNeedsLetters(t *testing.T) {
	old := Word{Text: "chuyên", Box: Box{X: 810, Y: 2553, W: 165, H: 54}, Confidence: 0.97}
	speck := Word{Text: "_", Box: Box{X: 937, Y: 2601, W: 5, H: 6}, Confidence: 0.59}
	word := Word{Text: "chuyên", Box: Box{X: 812, Y: 2550, W: 160, H: 56}, Confidence: 0.9}
	if covers(speck, old) {
		t.Error("a speck read inside a word's box covers it")
	}
	if !covers(word, old) {
		t.Error("the same word read again does not cover it")
	}
}

// TestFindGutterTriesEveryGap: the first gap of a line that passes as two
// columns may be a label's to its value, crossed by the line above; the
// next gap, the page's own gutter, is taken.
func TestFindGutterTriesEveryGap(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2400, 3200))
	fill(g, g.Rect, 255)
	ws := []Word{
		{Text: ":V", Box: Box{X: 470, Y: 3006, W: 58, H: 30}, Confidence: 0.3, Line: 0},
		{Text: "TC", Box: Box{X: 603, Y: 3005, W: 55, H: 31}, Confidence: 0.95, Line: 0},
		{Text: "Lưu:", Box: Box{X: 395, Y: 3050, W: 68, H: 30}, Confidence: 0.15, Line: 1},
		{Text: "VI", Box: Box{X: 534, Y: 3050, W: 27, H: 29}, Confidence: 0.55, Line: 1},
		{Text: "B1", Box: Box{X: 576, Y: 3049, W: 68, H: 31}, Confidence: 0.01, Line: 1},
		{Text: "Triệu", Box: Box{X: 1556, Y: 3071, W: 123, H: 46}, Confidence: 0.97, Line: 1},
		{Text: "Thảo", Box: Box{X: 1696, Y: 3069, W: 118, H: 39}, Confidence: 0.92, Line: 1},
		{Text: "Yến", Box: Box{X: 1830, Y: 3071, W: 89, H: 37}, Confidence: 0.97, Line: 1},
	}
	li, gx := findGutter(g, 128, ws, lineWords(ws), medianHeight(ws, nil), false)
	if li != 1 || gx <= 644 || gx >= 1556 {
		t.Errorf("findGutter = line %d, column %d; want line 1 and a column between 644 and 1556", li, gx)
	}
}
