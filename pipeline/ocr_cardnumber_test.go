package pipeline

import (
	"context"
	"image"
	"testing"
)

// linesInTurn is a LineRecognizer that reads its texts in turn, one a call.
type linesInTurn []string

func (l *linesInTurn) RecognizeLine(_ context.Context, _ *image.Gray) (PageText, error) {
	t := (*l)[0]
	*l = (*l)[1:]
	return PageText{Text: t}, nil
}

func TestRereadCardNumber(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 600, 200))
	for _, tc := range []struct {
		name, page, word, line, want string
	}{
		{"both crops outvote the page", "020209159", "020209139.", "SỐ020209139", "020209139"},
		{"a crop agrees with the page", "020209139", "020209159", "SỐ 020209139", "020209139"},
		{"no majority: the page's reading stays", "020209139", "020209159", "SỐ", "020209139"},
		{"a thirteenth digit: the one crop of 12", "0846162533822", "046162533822", "No.: 0846162533822", "046162533822"},
		{"marks after the number stay", "001179289852.", "001179289852", "001179289852", "001179289852."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pt := PageText{Words: []Word{
				{Text: "Số:", Confidence: 0.9, Box: Box{X: 100, Y: 50, W: 60, H: 40}},
				{Text: tc.page, Confidence: 1, Box: Box{X: 180, Y: 50, W: 300, H: 40}},
				{Text: "Họ", Confidence: 0.9, Box: Box{X: 100, Y: 120, W: 60, H: 40}, Line: 1},
			}}
			pt.Text = textFromWords(pt.Words)
			lr := linesInTurn{tc.word, tc.line}
			got, changed, err := RereadCardNumber(context.Background(), g, pt, &lr)
			if err != nil {
				t.Fatal(err)
			}
			if got.Words[1].Text != tc.want || changed != (tc.want != tc.page) {
				t.Errorf("number %q (changed %v), want %q", got.Words[1].Text, changed, tc.want)
			}
		})
	}
}
