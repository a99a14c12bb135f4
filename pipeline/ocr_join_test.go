package pipeline

import (
	"strings"
	"testing"
)

// TestJoinCutLines joins the right parts of a paragraph's lines, cut off
// into a block of their own, to their left parts, and leaves side-by-side
// text without a full line above it (a header's two columns) and columns
// far apart (a signature block) as they are.
func TestJoinCutLines(t *testing.T) {
	// line builds a line's words: text at x (40 px a word), row y.
	line := func(n, block, x, y int, text string) []Word {
		var ws []Word
		for i, s := range strings.Fields(text) {
			ws = append(ws, Word{Text: s, Box: Box{X: x + 45*i, Y: y, W: 40, H: 30}, Line: n, Block: block, Confidence: 0.9})
		}
		return ws
	}
	cat := func(ls ...[]Word) []Word {
		var ws []Word
		for _, l := range ls {
			ws = append(ws, l...)
		}
		return ws
	}
	for _, tc := range []struct {
		name string
		ws   []Word
		want string
	}{
		{"paragraph cut by a seal", cat(
			line(0, 0, 100, 100, "một hai ba bốn năm sáu bảy tám chín mười"),
			line(1, 1, 100, 150, "a b c d"),
			line(2, 1, 100, 200, "e f g h"),
			line(3, 2, 370, 150, "i k l"),
			line(4, 2, 370, 200, "m n o"),
		), "một hai ba bốn năm sáu bảy tám chín mười\na b c d i k l\ne f g h m n o"},
		{"header columns", cat(
			line(0, 0, 100, 100, "ỦY BAN"),
			line(1, 1, 250, 100, "CỘNG HÒA"),
			line(2, 2, 100, 150, "Số: 56"),
			line(3, 3, 250, 150, "Hà Nội"),
		), "ỦY BAN\nCỘNG HÒA\nSố: 56\nHà Nội"},
		{"signature block", cat(
			line(0, 0, 100, 100, "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai"),
			line(1, 1, 100, 150, "Nơi nhận:"),
			line(2, 2, 500, 150, "TM. ỦY BAN"),
		), "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai\nNơi nhận:\nTM. ỦY BAN"},
	} {
		got, _ := JoinCutLines(PageText{Words: tc.ws, Text: textFromWords(tc.ws)})
		if got.Text != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got.Text, tc.want)
		}
	}
}
