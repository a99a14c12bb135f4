package pipeline

import (
	"strings"
	"testing"
)

func TestCapitalsFromPage(t *testing.T) {
	const body = "\nTrong thời gian cư trú tại phường Thảo Điền từ ngày 02/10/2015\nThảo Điền, ngày 16 tháng 12 năm 2022"
	for _, tc := range []struct{ in, want string }{
		{"PHƯỜNG THÁO ĐIỂN" + body, "PHƯỜNG THẢO ĐIỀN" + body},
		{"ỦY BAN NHÂN DÂN PHƯỜNG THAO ĐIÊN, XÁC NHẬN:" + body, "ỦY BAN NHÂN DÂN PHƯỜNG THẢO ĐIỀN, XÁC NHẬN:" + body},
		// read right, parted by a mark, or written once or two ways
		{"PHƯỜNG THẢO ĐIỀN" + body, "PHƯỜNG THẢO ĐIỀN" + body},
		{"THÁO, ĐIỂN" + body, "THÁO, ĐIỂN" + body},
		{"PHƯỜNG THÁO ĐIỂN\nphường Thảo Điền", "PHƯỜNG THÁO ĐIỂN\nphường Thảo Điền"},
		{"THÁO ĐIỂN" + body + "\nông Tháo Điền", "THÁO ĐIỂN" + body + "\nông Tháo Điền"},
	} {
		var ws []Word
		for li, l := range strings.Split(tc.in, "\n") {
			for _, w := range strings.Fields(l) {
				ws = append(ws, Word{Text: w, Line: li})
			}
		}
		got, _ := CapitalsFromPage(PageText{Words: ws, Text: textFromWords(ws)})
		if got.Text != tc.want {
			t.Errorf("CapitalsFromPage(%q) =\n%q, want\n%q", tc.in, got.Text, tc.want)
		}
	}
}
