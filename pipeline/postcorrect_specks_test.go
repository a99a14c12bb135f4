package pipeline

import "testing"

func TestDropSpeckMarks(t *testing.T) {
	tests := []struct {
		in        string
		lineStart bool
		want      string
	}{
		// Specks read as marks.
		{".", false, ""},
		{"'", false, ""},
		{"`", true, ""},
		{"Đào.tạo", false, "Đào tạo"},
		{"đoàn-kiểm", false, "đoàn kiểm"},
		{"thưởng'ông", false, "thưởng ông"},
		{"ỦY.BAN", false, "ỦY BAN"},
		{"Tây,-phường", false, "Tây, phường"},
		{"phút,.ngày", false, "phút, ngày"},
		{"định..Công", false, "định. Công"},
		{"(bà).Phan", false, "(bà) Phan"},
		{"'Hồ", false, "Hồ"},
		{".SỞ", true, "SỞ"},
		{"-thực", false, "thực"},
		{"-hiện,", false, "hiện,"},
		{"trình'", false, "trình"},
		{"ngày.18", false, "ngày 18"},
		{"năm-2012;", false, "năm 2012;"},
		{"sõ-30/2020/NĐ-CP", false, "sõ 30/2020/NĐ-CP"},
		{"sinh:1990", false, "sinh: 1990"},
		{"ngõ,128", false, "ngõ 128"},
		{"2025`", false, "2025"},
		{"ˆ", false, ""},
		{"„", false, ""},
		// A real mark that lost its space keeps it.
		{"tộc:Kinh", false, "tộc: Kinh"},
		// No mark cuts a word of the word list.
		{"thông:tin", false, "thông tin"},
		{"TẠI,:HẠN", false, "TẠI, HẠN"},
		// Real marks, numbers, codes and abbreviations stay.
		{"-", false, "-"},
		{"-", true, "-"},
		{"–", false, "–"},
		{"/", false, "/"},
		{"(", false, "("},
		{"-Sở", true, "-Sở"},
		{"56/2023/QĐ-UBND", false, "56/2023/QĐ-UBND"},
		{"35/2024/TT-BTC", false, "35/2024/TT-BTC"},
		{"TT-BTC", false, "TT-BTC"},
		{"TP.HCM", false, "TP.HCM"},
		{"Tp.Hà", false, "Tp.Hà"},
		{"01/07/2024,", false, "01/07/2024,"},
		{"20-05-1993", false, "20-05-1993"},
		{"94,9%.", false, "94,9%."},
		{"364,3", false, "364,3"},
		{"ông/bà", false, "ông/bà"},
		{"hành./.", false, "hành./."},
		{"(bà)", false, "(bà)"},
		{"nghĩa,", false, "nghĩa,"},
		{"Số:", false, "Số:"},
		{"V/v", false, "V/v"},
		{"“Về", false, "“Về"},
		{"Về”", false, "Về”"},
		{"TTˆBTP", false, "TTˆBTP"},
		{"QĐ-UBND", false, "QĐ-UBND"},
		{"COVID-19", false, "COVID-19"},
		{"F0", false, "F0"},
		{"a.b", false, "a.b"},
		{"gov.vn", false, "gov.vn"},
		{"Rịa-Vũng-Tàu", false, "Rịa-Vũng-Tàu"},
	}
	for _, tt := range tests {
		got, changed := dropSpeckMarks(tt.in, tt.lineStart)
		if got != tt.want || changed != (tt.want != tt.in) {
			t.Errorf("dropSpeckMarks(%q, %v) = %q, %v; want %q", tt.in, tt.lineStart, got, changed, tt.want)
		}
	}
}

func TestJunkWord(t *testing.T) {
	tests := []struct {
		text string
		conf float64
		want bool
	}{
		{"⁄", 0.2, true},
		{"z„", 0.3, true},
		{"^—¬x", 0.15, true},
		{"¡", 0.0, true},
		{"àt®", 0.03, true},
		{"⁄", 0.9, false},       // read sure: left to the text rules
		{"2018'ˆ", 0.48, false}, // a year with a speck
		{"4⁄44", 0.1, false},    // digits: never dropped here
		{"Hồ®", 0.3, false},     // a syllable with a speck
		{"quyết:", 0.1, false},  // no junk character
		{"KT.", 0.0, false},     // unsure but real
	}
	for _, tt := range tests {
		if got := junkWord(Word{Text: tt.text, Confidence: tt.conf}); got != tt.want {
			t.Errorf("junkWord(%q, %.2f) = %v, want %v", tt.text, tt.conf, got, tt.want)
		}
	}
}
