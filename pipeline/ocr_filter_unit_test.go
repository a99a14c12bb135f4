package pipeline

import "testing"

func TestDropEchoes(t *testing.T) {
	ws := []Word{
		{Text: "SOCIALIST", Box: Box{X: 403, Y: 183, W: 131, H: 50}, Confidence: 0.36, Line: 0},
		{Text: "REPUBLIC", Box: Box{X: 543, Y: 189, W: 110, H: 44}, Confidence: 0.66, Line: 0},
		{Text: "_SOCIALIS¿", Box: Box{X: 405, Y: 203, W: 125, H: 26}, Confidence: 0.71, Line: 1},
		{Text: "OCIA", Box: Box{X: 403, Y: 300, W: 60, H: 26}, Confidence: 0.9, Line: 2}, // apart
		{Text: "PUB", Box: Box{X: 560, Y: 200, W: 50, H: 26}, Confidence: 0.9, Line: 3},  // three letters
		{Text: "REPUBLICA", Box: Box{X: 543, Y: 189, W: 110, H: 44}, Confidence: 0.9, Line: 0},
	}
	got := DropEchoes(PageText{Words: ws, Text: textFromWords(ws)})
	if got.Text != "SOCIALIST REPUBLIC\nOCIA\nPUB\nREPUBLICA" {
		t.Errorf("got %q", got.Text)
	}
}
