package pipeline

import "testing"

func TestPostCorrect(t *testing.T) {
	words := func(ss ...string) []Word {
		var ws []Word
		for i, s := range ss {
			ws = append(ws, Word{Text: s, Line: i / 4})
		}
		return ws
	}
	in := PageText{Words: words("Số:", "56/2023/QĐ-UBND", "nghĩaa,", "Nguyễnn", "tiêt", "ngày", "15/3/2023", "ABCD")}
	out := PostCorrect(in)
	want := []string{"Số:", "56/2023/QĐ-UBND", "nghĩa,", "Nguyễnn", "tiêt", "ngày", "15/3/2023", "ABCD"}
	for i, w := range out.Words {
		if w.Text != want[i] {
			t.Errorf("word %d = %q, want %q", i, w.Text, want[i])
		}
	}
	if out.Text != "Số: 56/2023/QĐ-UBND nghĩa, Nguyễnn\ntiêt ngày 15/3/2023 ABCD" {
		t.Errorf("text = %q", out.Text)
	}
}
