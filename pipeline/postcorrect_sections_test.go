package pipeline

import (
	"strings"
	"testing"
)

func TestRomanHeadings(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// strokes of a photocopy, and a number that lost a stroke
		{"I. MỤC ĐÍCH\nnội dung\nH. NỘI DUNG\nIII. TỔ CHỨC", "I. MỤC ĐÍCH\nnội dung\nII. NỘI DUNG\nIII. TỔ CHỨC"},
		{"L. Người sử dụng đất\nII. Thửa đất", "I. Người sử dụng đất\nII. Thửa đất"},
		{".I. Người sử dụng đất\n1I. Thửa đất", "I. Người sử dụng đất\nII. Thửa đất"},
		{"I. KẾT QUẢ\nII. TỒN TẠI\nII. PHƯƠNG HƯỚNG", "I. KẾT QUẢ\nII. TỒN TẠI\nIII. PHƯƠNG HƯỚNG"},
		// read right, or no roman number read right to count from
		{"I. KẾT QUẢ\n1. Kết quả\n2. Tồn tại\nII. PHƯƠNG HƯỚNG", "I. KẾT QUẢ\n1. Kết quả\n2. Tồn tại\nII. PHƯƠNG HƯỚNG"},
		{"Phần I\nI. A\nII. B\nI. C\nII. D", "Phần I\nI. A\nII. B\nI. C\nII. D"},
		{"H. Thửa đất\nL. Nhà ở", "H. Thửa đất\nL. Nhà ở"},
		{"I. A\n1. Khen thưởng", "I. A\n1. Khen thưởng"},
		{"I. MỤC ĐÍCH\nII. YÊU CẦU\nII. NỘI DUNG\nIV. TỔ CHỨC", "I. MỤC ĐÍCH\nII. YÊU CẦU\nIII. NỘI DUNG\nIV. TỔ CHỨC"},
		{"I. MỤC ĐÍCH\nII. YÊU CẦU\nII. NỘI DUNG\nIII. TỔ CHỨC", "I. MỤC ĐÍCH\nII. YÊU CẦU\nII. NỘI DUNG\nIII. TỔ CHỨC"},
		{"I. A\nH. lowercase after", "I. A\nH. lowercase after"},
	} {
		var ws []Word
		for li, l := range strings.Split(tc.in, "\n") {
			for _, w := range strings.Fields(l) {
				ws = append(ws, Word{Text: w, Line: li})
			}
		}
		romanHeadings(ws)
		if got := textFromWords(ws); got != tc.want {
			t.Errorf("romanHeadings(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestListLetter(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"ø)", "g)", true},
		{"'ø)", "g)", true},
		{"g)", "", false},
		{"ø", "", false},
		{"Søren)", "", false},
	} {
		if got, ok := listLetter(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("listLetter(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestArticleNumbers(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"- Như Điêu 3;", "- Như Điều 3;"},
		{"theo quy định tại điểu 12 Luật", "theo quy định tại điều 12 Luật"},
		{"ĐIỀU 5.", "ĐIỀU 5."},
		{"Điều 2. Đối tượng", "Điều 2. Đối tượng"},
		{"ông Lê Văn Điêu, 45 tuổi", "ông Lê Văn Điêu, 45 tuổi"},
		{"Điêu khắc", "Điêu khắc"},
	} {
		var ws []Word
		for _, w := range strings.Fields(tc.in) {
			ws = append(ws, Word{Text: w})
		}
		articleNumbers(ws)
		if got := textFromWords(ws); got != tc.want {
			t.Errorf("articleNumbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStrayCapital(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"hànH", "hành", true},
		{"địnH,", "định,", true},
		{"tHời", "thời", true},
		{"TrÍ,", "Trí,", true},
		{"ThS.", "", false},
		{"TTg", "", false},
		{"tHỜI", "", false},
		{"hành", "", false},
		{"HÀNH", "", false},
		{"Hành", "", false},
		{"kWh", "", false},
		{"pH", "", false},
		{"mL", "", false},
	} {
		if got, ok := strayCapital(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("strayCapital(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
