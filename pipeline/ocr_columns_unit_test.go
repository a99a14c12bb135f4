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

func TestRunMiddles(t *testing.T) {
	// Least-inked columns right to left: a title's narrow word gap
	// (1675–1674) and the wide white between the columns (1547–752).
	var xs []int
	xs = append(xs, 1675, 1674)
	for x := 1547; x >= 752; x-- {
		xs = append(xs, x)
	}
	got := runMiddles(xs)
	if len(got) != 2 || got[0] != (1547+752)/2 || got[1] != 1674 {
		t.Errorf("runMiddles = %v, want [%d 1674]", got, (1547+752)/2)
	}
}

// TestMergedColumnsJunk parts a page's line where one group reads as junk
// beside a wide gap, at the same height as the other (two lines of the
// recipients' list merged at the signer's title), but not a speck's or a
// label's narrow gap, nor a card's line.
func TestMergedColumnsJunk(t *testing.T) {
	ws := []Word{
		{Text: "Ệ>22", Box: Box{X: 384, Y: 2256, W: 167, H: 59}, Confidence: 0},
		{Text: "0x4", Box: Box{X: 587, Y: 2245, W: 262, H: 30}, Confidence: 0},
		{Text: "PHÓ", Box: Box{X: 1478, Y: 2252, W: 145, H: 56}, Confidence: 0.92},
		{Text: "CHỦ", Box: Box{X: 1647, Y: 2245, W: 148, H: 63}, Confidence: 0.96},
		{Text: "TỊCH", Box: Box{X: 1818, Y: 2263, W: 170, H: 56}, Confidence: 0.97},
	}
	idx := []int{0, 1, 2, 3, 4}
	if got := mergedColumns(ws, idx, 50, true, -1); len(got) != 1 || got[0] != [2]int{849, 1478} {
		t.Errorf("page: mergedColumns = %v, want [[849 1478]]", got)
	}
	if got := mergedColumns(ws, idx, 50, false, -1); len(got) != 0 {
		t.Errorf("card: mergedColumns = %v, want none", got)
	}
	// A CCCD's expiry label ends a word gap short of the address beside it
	// (clean, seed 30): a gap of 0.8 word heights parts them where the
	// address starts at the card's text column.
	label := []Word{
		{Text: "oĩ", Box: Box{X: 278, Y: 619, W: 16, H: 15}, Confidence: 0.2},
		{Text: "exgiy:", Box: Box{X: 300, Y: 619, W: 56, H: 19}, Confidence: 0.4},
		{Text: "Na", Box: Box{X: 374, Y: 600, W: 79, H: 50}, Confidence: 0.1},
		{Text: "Trung,", Box: Box{X: 462, Y: 600, W: 74, H: 25}, Confidence: 1},
	}
	for _, tc := range []struct {
		align int
		want  int
	}{{375, 1}, {-1, 0}, {600, 0}} {
		if got := mergedColumns(label, []int{0, 1, 2, 3}, 22, false, tc.align); len(got) != tc.want {
			t.Errorf("card, text column at %d: mergedColumns = %v, want %d gap", tc.align, got, tc.want)
		}
	}
	// One junk word beside a word read right (seed 15's clean decree-0000:
	// "- Sở Nội" read "là" across two lines), the group's mean above
	// columnUnsure.
	one := []Word{
		{Text: ":", Box: Box{X: 409, Y: 2279, W: 12, H: 3}, Confidence: 0.40},
		{Text: "là", Box: Box{X: 440, Y: 2259, W: 152, H: 96}, Confidence: 0.23},
		{Text: "vụ;", Box: Box{X: 608, Y: 2269, W: 66, H: 33}, Confidence: 0.89},
		{Text: "`", Box: Box{X: 991, Y: 2318, W: 51, H: 37}, Confidence: 0.74},
		{Text: "KT.", Box: Box{X: 1504, Y: 2273, W: 103, H: 43}, Confidence: 0.96},
		{Text: "THỦ", Box: Box{X: 1632, Y: 2273, W: 148, H: 43}, Confidence: 0.93},
		{Text: "TƯỚNG", Box: Box{X: 1802, Y: 2261, W: 243, H: 55}, Confidence: 0.92},
	}
	if got := mergedColumns(one, []int{0, 1, 2, 3, 4, 5, 6}, 50, true, -1); !slices.Contains(got, [2]int{1042, 1504}) {
		t.Errorf("one junk word: mergedColumns = %v, want the gap [1042 1504] among them", got)
	}
	speck := []Word{ // a speck's gap to the word beside it
		{Text: ":V", Box: Box{X: 470, Y: 3006, W: 58, H: 30}, Confidence: 0.3},
		{Text: "TC", Box: Box{X: 603, Y: 3005, W: 55, H: 31}, Confidence: 0.95},
	}
	if got := mergedColumns(speck, []int{0, 1}, 31, true, -1); len(got) != 0 {
		t.Errorf("narrow gap: mergedColumns = %v, want none", got)
	}
}

// TestMergeReadingSameWords keeps the old words when a new line reads
// only what they read (the crop's layout cut "PHÓ" from "CHỦ TỊCH"), and
// drops the junk among them that it read as nothing.
func TestMergeReadingSameWords(t *testing.T) {
	old := []Word{
		{Text: "Lưu:", Box: Box{X: 420, Y: 2686, W: 95, H: 34}, Confidence: 0.93, Line: 0},
		{Text: "?rT", Box: Box{X: 1795, Y: 2633, W: 80, H: 23}, Confidence: 0, Line: 0},
		{Text: "PHÓ", Box: Box{X: 1548, Y: 2657, W: 126, H: 51}, Confidence: 0.96, Line: 1},
		{Text: "CHỦ", Box: Box{X: 1695, Y: 2657, W: 126, H: 44}, Confidence: 0.90, Line: 1},
		{Text: "TỊCH", Box: Box{X: 1838, Y: 2657, W: 146, H: 55}, Confidence: 0.96, Line: 1},
	}
	news := []Word{
		{Text: "CHỦ", Box: Box{X: 1695, Y: 2642, W: 126, H: 59}, Confidence: 0.97, Line: 0},
		{Text: "TỊCH", Box: Box{X: 1838, Y: 2633, W: 146, H: 79}, Confidence: 0.97, Line: 0},
	}
	got := mergeReading(old, news, [2]int{2600, 2600}, 1100)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	// Below the columns' top, the right column's lines come first (ADR 0627).
	if strings.Join(texts, " ") != "PHÓ CHỦ TỊCH Lưu:" {
		t.Errorf("merged words %q, want the old ones without the junk", texts)
	}
}

// TestFindGutterWidestGap takes the signature block's white, not the gap
// a list's dash leaves ("chính - | Kế hoạch;"), which no word below
// crosses either.
func TestFindGutterWidestGap(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 2400, 3200))
	fill(g, g.Rect, 255)
	ws := []Word{
		{Text: "-", Box: Box{X: 388, Y: 2733, W: 11, H: 4}, Confidence: 0.93, Line: 0},
		{Text: "Phòng", Box: Box{X: 419, Y: 2711, W: 140, H: 47}, Confidence: 0.97, Line: 0},
		{Text: "Tài", Box: Box{X: 577, Y: 2712, W: 70, H: 37}, Confidence: 0.97, Line: 0},
		{Text: "chính", Box: Box{X: 666, Y: 2711, W: 124, H: 38}, Confidence: 0.93, Line: 0},
		{Text: "-", Box: Box{X: 810, Y: 2733, W: 10, H: 5}, Confidence: 0.93, Line: 0},
		{Text: "Kế", Box: Box{X: 840, Y: 2709, W: 58, H: 40}, Confidence: 0.70, Line: 0},
		{Text: "hoạch;", Box: Box{X: 918, Y: 2712, W: 146, H: 44}, Confidence: 0.97, Line: 0},
		{Text: "PHÓ", Box: Box{X: 1504, Y: 2674, W: 134, H: 42}, Confidence: 0.87, Line: 0},
		{Text: "THỦ", Box: Box{X: 1660, Y: 2675, W: 136, H: 42}, Confidence: 0.45, Line: 0},
		{Text: "TƯỚNG", Box: Box{X: 1817, Y: 2671, W: 226, H: 45}, Confidence: 0.96, Line: 0},
		{Text: "-", Box: Box{X: 388, Y: 2789, W: 12, H: 4}, Confidence: 0.93, Line: 1},
		{Text: "Lưu:", Box: Box{X: 420, Y: 2769, W: 96, H: 35}, Confidence: 0.96, Line: 1},
		{Text: "CP.", Box: Box{X: 536, Y: 2769, W: 68, H: 35}, Confidence: 0.92, Line: 1},
	}
	li, gx := findGutter(g, 128, ws, lineWords(ws), medianHeight(ws, nil), false)
	if li != 0 || gx <= 1064 || gx >= 1504 {
		t.Errorf("findGutter = line %d, column %d; want line 0 and a column between 1064 and 1504", li, gx)
	}
}

// TestMergeReadingLoneLetters leaves out a new line of lone letters that
// covers no old word: a signature's strokes ("Ă ề"), however sure.
func TestMergeReadingLoneLetters(t *testing.T) {
	old := []Word{{Text: "PHÒNG", Box: Box{X: 2190, Y: 1754, W: 221, H: 56}, Confidence: 0.96}}
	news := []Word{
		{Text: "Ă", Box: Box{X: 2111, Y: 1900, W: 18, H: 9}, Confidence: 0.9},
		{Text: "ề", Box: Box{X: 2302, Y: 1900, W: 11, H: 11}, Confidence: 0.9},
	}
	if got := mergeReading(old, news, [2]int{1700, 1700}, 1500); got != nil {
		t.Errorf("took a line of lone letters: %v", got)
	}
	news[1].Text = "Anh"
	if got := mergeReading(old, news, [2]int{1700, 1700}, 1500); len(got) != 3 {
		t.Errorf("left out a line with a word: %v", got)
	}
}

// TestMergeReadingKeepsOldLines keeps each old line whole when a re-read
// only drops junk: an old word joins a new line beside it, never another
// old line whose tall word reaches down to it.
func TestMergeReadingKeepsOldLines(t *testing.T) {
	old := []Word{
		{Text: "Duẩn,", Box: Box{X: 0, Y: 600, W: 100, H: 100}, Confidence: 0.9, Line: 0},
		{Text: "phường", Box: Box{X: 120, Y: 600, W: 100, H: 40}, Confidence: 0.9, Line: 0},
		{Text: "?", Box: Box{X: 150, Y: 610, W: 20, H: 20}, Confidence: 0.1, Line: 0},
		{Text: "phố", Box: Box{X: 0, Y: 660, W: 80, H: 40}, Confidence: 0.9, Line: 1},
		{Text: "Hồ", Box: Box{X: 100, Y: 660, W: 60, H: 40}, Confidence: 0.9, Line: 1},
	}
	news := []Word{{Text: "phường", Box: Box{X: 120, Y: 600, W: 100, H: 40}, Confidence: 0.95}}
	got := mergeReading(old, news, [2]int{500, 500}, 5000)
	if text := textFromWords(got); text != "Duẩn, phường\nphố Hồ" {
		t.Errorf("got %q", text)
	}
}

// TestMergeReadingTakenWordsReadAgain reads a line anew when another new
// line took its old word: the expiry label's line took the date's tall,
// unsure box, and the date's own line, read the same, must bring it back.
func TestMergeReadingTakenWordsReadAgain(t *testing.T) {
	old := []Word{
		{Text: "Có", Box: Box{X: 132, Y: 654, W: 25, H: 29}, Confidence: 0.66, Line: 0},
		{Text: "28/04/2028", Box: Box{X: 136, Y: 659, W: 256, H: 46}, Confidence: 0.46, Line: 1},
	}
	news := []Word{
		{Text: "Có", Box: Box{X: 132, Y: 650, W: 25, H: 22}, Confidence: 0.9, Line: 0},
		{Text: "28/04/2028", Box: Box{X: 136, Y: 680, W: 120, H: 22}, Confidence: 0.9, Line: 1},
	}
	got := mergeReading(old, news, [2]int{600, 600}, 5000)
	if text := textFromWords(got); text != "Có\n28/04/2028" {
		t.Errorf("got %q", text)
	}
}

// TestColumnsTopAboveLostLine starts a column's second reading above a
// line Tesseract left out, under the words above it, when the merged
// line's words reach up over it ("Các" read across "- Sở Nội vụ;" and "-
// Các Bộ,", seed 15's decree-0000): they are not words above the merged
// line.
func TestColumnsTopAboveLostLine(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 800, 400))
	fill(g, g.Rect, 255)
	fill(g, image.Rect(10, 100, 100, 140), 0) // "Nơi nhận:"
	fill(g, image.Rect(10, 160, 300, 190), 0) // the lost line, no word
	fill(g, image.Rect(10, 210, 340, 240), 0) // the merged line's print
	ws := []Word{
		{Text: "Nơi", Box: Box{X: 10, Y: 100, W: 90, H: 40}},
		{Text: "Các", Box: Box{X: 10, Y: 160, W: 60, H: 80}},
		{Text: "quan", Box: Box{X: 100, Y: 210, W: 80, H: 30}},
		{Text: "ngang", Box: Box{X: 200, Y: 210, W: 80, H: 30}},
		{Text: "Bộ;", Box: Box{X: 300, Y: 205, W: 40, H: 35}},
	}
	if y := columnsTop(g, 128, ws, []int{1, 2, 3, 4}, 0, 800, 30, true); y < 140 || y > 160 {
		t.Errorf("columnsTop = %d, want between the words above (140) and the lost line (160)", y)
	}
}

// TestDropUnread drops an unsure old word below the second reading's top
// that the reading read nothing over (seed 17's clean report-0009, "Tri,"
// at 0.07 between "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH"), and keeps sure
// words, words above the reading, and unsure words it read over.
func TestDropUnread(t *testing.T) {
	news := []Word{
		{Text: "CHỦ", Box: Box{X: 1660, Y: 2694, W: 120, H: 78}, Confidence: 0.96},
		{Text: "PHÓ", Box: Box{X: 1539, Y: 2773, W: 117, H: 40}, Confidence: 0.92},
	}
	ws := []Word{
		{Text: "Tri,", Box: Box{X: 1768, Y: 2751, W: 75, H: 21}, Confidence: 0.07},
		{Text: "TỊCH", Box: Box{X: 1793, Y: 2709, W: 135, H: 40}, Confidence: 0.96},
		{Text: "PHÒ", Box: Box{X: 1539, Y: 2773, W: 117, H: 40}, Confidence: 0.30},
		{Text: "x", Box: Box{X: 1600, Y: 2500, W: 20, H: 20}, Confidence: 0.05},
	}
	var got []string
	for _, w := range dropUnread(ws, news, [2]int{2600, 2600}, 1100) {
		got = append(got, w.Text)
	}
	if want := "TỊCH PHÒ x"; strings.Join(got, " ") != want {
		t.Errorf("kept %q, want %q", strings.Join(got, " "), want)
	}
}

// TestMergeReadingKeepsWordsAbove keeps an old word mostly above the
// second reading's top though a new word's box, stretched up by the
// accent the crop cut off it, overlaps it (seed 9's photocopied
// resolution-0002: "báo;" over the dot of "nhận:").
func TestMergeReadingKeepsWordsAbove(t *testing.T) {
	old := []Word{
		{Text: "Nơi", Box: Box{X: 385, Y: 2325, W: 90, H: 72}, Confidence: 0.96, Line: 0},
		{Text: "nhận:", Box: Box{X: 491, Y: 2325, W: 147, H: 71}, Confidence: 0.96, Line: 0},
		{Text: "Công", Box: Box{X: 414, Y: 2391, W: 106, H: 45}, Confidence: 0.97, Line: 1},
		{Text: "báo,", Box: Box{X: 534, Y: 2389, W: 89, H: 67}, Confidence: 0.42, Line: 1},
	}
	news := []Word{
		{Text: "Công", Box: Box{X: 414, Y: 2389, W: 106, H: 47}, Confidence: 0.96, Line: 0},
		{Text: "báo;", Box: Box{X: 534, Y: 2367, W: 89, H: 64}, Confidence: 0.96, Line: 0},
	}
	var texts []string
	for _, w := range mergeReading(old, news, [2]int{2365, 2365}, 1201) {
		texts = append(texts, w.Text)
	}
	if got, want := strings.Join(texts, " "), "Nơi nhận: Công báo;"; got != want {
		t.Errorf("merged %q, want %q", got, want)
	}
}

// TestSureLines keeps the lines of a second reading read with a mean
// confidence of columnUnsure or more, and leaves out a seal's remnant read
// as a line of junk (seed 16's sealed decision-0009).
func TestSureLines(t *testing.T) {
	news := []Word{
		{Text: "KT.", Confidence: 0.96, Line: 0}, {Text: "CHỦ", Confidence: 0.96, Line: 0}, {Text: "TỊCH", Confidence: 0.41, Line: 0},
		{Text: "^1*x^Ã", Confidence: 0.11, Line: 1}, {Text: "vs", Confidence: 0.54, Line: 1}, {Text: "XL.5XSNNG/", Confidence: 0.01, Line: 1},
		{Text: "PHÓ", Confidence: 0.91, Line: 2},
	}
	var got []string
	for _, w := range sureLines(news) {
		got = append(got, w.Text)
	}
	if want := "KT. CHỦ TỊCH PHÓ"; strings.Join(got, " ") != want {
		t.Errorf("kept %q, want %q", strings.Join(got, " "), want)
	}
}
