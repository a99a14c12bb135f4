package pipeline

import (
	"strings"
	"testing"
)

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

func TestPostCorrectSpecksAndPairs(t *testing.T) {
	tests := []struct {
		name  string
		lines [][]string
		want  string
	}{
		{"speck words dropped", [][]string{{"Căn", "cứ", "'", "Luật", "."}, {"`", "Số:", "56/2023/QĐ-UBND"}},
			"Căn cứ Luật\nSố: 56/2023/QĐ-UBND"},
		{"speck inside a word", [][]string{{"và", "Đào.tạo", "phút,.ngày", "04/06/2016."}},
			"và Đào tạo phút, ngày 04/06/2016."},
		{"list dash kept", [][]string{{"-", "Sở", "Tư", "pháp;"}, {"-Lưu:", "VT,", "BTC."}},
			"- Sở Tư pháp;\n-Lưu: VT, BTC."},
		{"wrong diacritic, pair across lines", [][]string{{"quy", "định", "chỉ"}, {"tiết", "ngày", "15/3/2023"}},
			"quy định chi\ntiết ngày 15/3/2023"},
		{"names and capitals left", [][]string{{"ông", "Phạm", "Văn", "Đồng,", "tỉnh", "Nam", "Định"}},
			"ông Phạm Văn Đồng, tỉnh Nam Định"},
	}
	for _, tt := range tests {
		var in PageText
		var text []string
		for l, ws := range tt.lines {
			text = append(text, strings.Join(ws, " "))
			for i, w := range ws {
				in.Words = append(in.Words, Word{Text: w, Line: l, Box: Box{X: 100 * i, Y: 50 * l, W: 80, H: 40}})
			}
		}
		in.Text = strings.Join(text, "\n")
		out := PostCorrect(in)
		if out.Text != tt.want {
			t.Errorf("%s: text = %q, want %q", tt.name, out.Text, tt.want)
		}
		for _, w := range out.Words {
			if w.Box.W != 80 {
				t.Errorf("%s: word %q lost its box", tt.name, w.Text)
			}
		}
	}
}
