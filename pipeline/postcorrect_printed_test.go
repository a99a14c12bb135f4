package pipeline

import (
	"strings"
	"testing"
)

// lineOf makes one line of words, 40 px apart.
func lineOf(s string) []Word {
	var ws []Word
	for i, f := range strings.Fields(s) {
		ws = append(ws, Word{Text: f, Confidence: 0.8, Box: Box{X: 40 * i, Y: 10, W: 30, H: 20}})
	}
	return ws
}

func TestSnapCardLabels(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// labels as photocopies and phone photos read them
		{"số/No.: 089164650483", "Số / No.: 089164650483"},
		{"số/ No: 095075521328", "Số / No.: 095075521328"},
		{"sốø/No: 075169026887", "Số / No.: 075169026887"},
		{"số / No.: 080493612954", "Số / No.: 080493612954"},
		{"Họ và tên /Fullname:", "Họ và tên / Full name:"},
		{"Ngày sinh / Date of bírth; 13/04/1964", "Ngày sinh / Date of birth: 13/04/1964"},
		{"Giới tính /Sex Nữ Quốc tịch / Nattonality Việt Nam", "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam"},
		{"Họ tên. BÙI QUỲNH DUNG", "Họ tên: BÙI QUỲNH DUNG"},
		{"Sinh ngày 10-12-1951", "Sinh ngày: 10-12-1951"},
		{"SOCTIALIST REPUBLIC OF VIET NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
		{"tập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"},
		{"GIẦY CHỪNG MINH NHÂN DÂN", "GIẤY CHỨNG MINH NHÂN DÂN"},
		// a value beside a label is never taken into it
		{"9 giá trị đến ý Date of expi Võ Văn Kiệt, phường Lộc Thọ", "9 Có giá trị đến / Date of expiry: Võ Văn Kiệt, phường Lộc Thọ"},
		{"Nơi thường trú / Place of residence: Số 275 đường", "Nơi thường trú / Place of residence: Số 275 đường"},
		// too far from any label: left alone
		{"Cô đó trị đến !ate øí epdy lá HỆ hị Thanh,", "Cô đó trị đến !ate øí epdy lá HỆ hị Thanh,"},
		{"so/wo: 089164650483", "so/wo: 089164650483"},
		{"Phường Lê Lợi, Đức Thọ, Đồng Nai", "Phường Lê Lợi, Đức Thọ, Đồng Nai"},
		{"LÝ THANH THƯ", "LÝ THANH THƯ"},
		{"Họ tên chồng: NGUYỄN VĂN AN", "Họ tên chồng: NGUYỄN VĂN AN"},
	} {
		pt := PageText{Words: lineOf(tc.in)}
		got, _ := SnapCardLabels(pt)
		if strings.Join(strings.Fields(got.Text), " ") != tc.want && !(got.Text == "" && tc.in == tc.want) {
			t.Errorf("SnapCardLabels(%q) = %q, want %q", tc.in, got.Text, tc.want)
		}
	}
}

// TestSnapCardLabelsByModel: a CCCD's label takes no CMND label's spelling
// ("Nơi thường trú / Place of" with its last word lost is within reach of
// "Nơi ĐKHK thường trú:"), a CMND's no CCCD's.
func TestSnapCardLabelsByModel(t *testing.T) {
	for _, tc := range []struct{ title, in, want string }{
		{"CĂN CƯỚC CÔNG DÂN", "Nơi thường trú / PÌace of Số 63", "Nơi thường trú / PÌace of Số 63"},
		{"GIẤY CHỨNG MINH NHÂN DÂN", "Nơi thường trú / PÌace of Số 63", "Nơi ĐKHK thường trú: / PÌace of Số 63"},
	} {
		ws := cardWords("400 10 "+tc.title, "400 40 "+tc.in)
		got, _ := SnapCardLabels(PageText{Words: ws, Text: textFromWords(ws)})
		if line := strings.Split(got.Text, "\n")[1]; line != tc.want {
			t.Errorf("%s: %q, want %q", tc.title, line, tc.want)
		}
	}
}

// TestSnapCardLabelsHalves: a heading the layout cut into two lines side
// by side is one line again, and respelled; two lines that each read
// their own phrase, or side by side with no phrase between them, stay
// apart.
func TestSnapCardLabelsHalves(t *testing.T) {
	for _, tc := range []struct {
		name  string
		lines []string // "x y words" each
		want  string
	}{
		{"heading in two", []string{"640 147 - Tự đo - Hạnh phúc", "510 146 Độc I"},
			"Độc lập - Tự do - Hạnh phúc"},
		{"two phrases", []string{"400 40 Họ tên: AN", "900 44 Sinh ngày: 01-01-1990"},
			"Họ tên: AN\nSinh ngày: 01-01-1990"},
		{"no phrase", []string{"400 40 Phường Lê Lợi,", "900 44 Đồng Nai"},
			"Phường Lê Lợi,\nĐồng Nai"},
		{"one under the other", []string{"400 40 Độc lập - Tự do -", "400 80 Hạnh phúc"},
			"Độc lập - Tự do -\nHạnh phúc"},
		{"side by side", []string{"400 40 Độc lập - Tự do -", "700 42 Hạnh phúc"},
			"Độc lập - Tự do - Hạnh phúc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := cardWords(tc.lines...)
			got, _ := SnapCardLabels(PageText{Words: ws, Text: textFromWords(ws)})
			if got.Text != tc.want {
				t.Errorf("%q, want %q", got.Text, tc.want)
			}
		})
	}
}
