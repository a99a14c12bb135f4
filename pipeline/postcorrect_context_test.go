package pipeline

import (
	"strings"
	"testing"
)

// TestWordRules covers the rules that read one word alone.
func TestWordRules(t *testing.T) {
	tests := []struct {
		rule     func(string) (string, bool)
		in, want string // want "" = unchanged
	}{
		{splitGlued, "CHÍMINH", "CHÍ MINH"},
		{splitGlued, "BÍCHMY", "BÍCH MY"},
		{splitGlued, "SớTưpháp", "Sớ Tư pháp"},
		{splitGlued, "-SớTưpháp", "-Sớ Tư pháp"},
		{splitGlued, "thànhphố,", "thành phố,"},
		{splitGlued, "(CHÍMINH)", "(CHÍ MINH)"},
		{splitGlued, "resiđenace", ""}, // five "syllables": a foreign word misread
		{splitGlued, "-Sở", ""},
		{splitGlued, "-'Kế", ""},
		// Syllables, misread letters, English, codes and abbreviations stay.
		{splitGlued, "MINH", ""},
		{splitGlued, "nguời", ""},
		{splitGlued, "name", ""},
		{splitGlued, "Date", ""},
		{splitGlued, "UBND", ""},
		{splitGlued, "HĐND", ""},
		{splitGlued, "TP.HCM", ""},
		{splitGlued, "56/2023/QĐ-UBND", ""},
		{splitGlued, "-", ""},

		{fixStops, "87,6%..", "87,6%."},
		{fixStops, "ngày..", "ngày."},
		{fixStops, "2..Đối", "2. Đối"},
		{fixStops, "chú:,", "chú:"},
		{fixStops, "thư;.", "thư;"},
		{fixStops, "Trãi,.", "Trãi,"},
		{fixStops, "hiện./.:", "hiện./."},
		{fixStops, "No.:", ""},
		{fixStops, "CO.,", ""},
		{fixStops, "hiện./.", ""},
		{fixStops, "2.Đối", "2. Đối"},
		{fixStops, "12.Căn", "12. Căn"},
		// Ellipses, decimals, dates, codes and abbreviations stay.
		{fixStops, "...", ""},
		{fixStops, "sau...", ""},
		{fixStops, "1.500.000", ""},
		{fixStops, "12.05.2024", ""},
		{fixStops, "1.a", ""},
		{fixStops, "TP.HCM", ""},
		{fixStops, "2.UBND", ""},

		{markedConsonants, "UBÑD", "UBND"},
		{markedConsonants, "ñgõ", "ngõ"},
		{markedConsonants, "Ḿinh", "Minh"},
		{markedConsonants, "Đường", ""},
		{markedConsonants, "ngõ", ""},
		{markedConsonants, "Ỷ", ""},

		{dottedColon, "965.000:000", "965.000.000"},
		{dottedColon, "(024.5609:6816)", "(024.5609.6816)"},
		{dottedColon, "1.500:000,", "1.500.000,"},
		// Times, scales and labels keep their colons.
		{dottedColon, "10:30", ""},
		{dottedColon, "1:500.000", ""},
		{dottedColon, "10.30:", ""},
		{dottedColon, "Số:", ""},
		{dottedColon, "1.2:3:4", ""},
		{dottedColon, "TP.HCM:", ""},
	}
	for _, tt := range tests {
		got, ok := tt.rule(tt.in)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitCode(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"1987/UBND-", "QLĐT", true},
		{"18/2025/TT-", "BCT.", true},
		{"18/2025/TT-", "BCT;", true},
		{"Tài chính -", "Kế", false},
		{"-", "UBND", false},
		{"56/2023/QĐ-", "ngày", false},
		{"UBND-", "QLĐT", false},
		{"12/2024/", "TT-BTC", false},
	} {
		if got := splitCode(tc.a, tc.b); got != tc.want {
			t.Errorf("splitCode(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestTextRules covers the rules that read a word with the words around it.
func TestTextRules(t *testing.T) {
	tests := []struct {
		rule     func([]Word) bool
		in, want string
	}{
		{listSemicolons, // a colon between items ending in ";"
			"Nơi nhận:\n- Chủ tịch, các PCT UBND:\n- Kho bạc Nhà nước;\n- Các Bộ, cơ quan ngang Bộ:\n- Lưu: VT, BTC.",
			"Nơi nhận:\n- Chủ tịch, các PCT UBND;\n- Kho bạc Nhà nước;\n- Các Bộ, cơ quan ngang Bộ;\n- Lưu: VT, BTC.",
		},
		{legalBasisCommas, // italic semicolons read as commas, a basis over two lines
			"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025,\nCăn cứ Nghị quyết số 02-NQ/TW của Bộ Chính\ntrị về xây dựng Thủ đô trong kỷ nguyên mới,\nTheo đề nghị của Bộ trưởng,\nQUYẾT NGHỊ:",
			"Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\nCăn cứ Nghị quyết số 02-NQ/TW của Bộ Chính\ntrị về xây dựng Thủ đô trong kỷ nguyên mới;\nTheo đề nghị của Bộ trưởng,\nQUYẾT NGHỊ:",
		},
		{legalBasisCommas, // a comma inside a basis, and a sentence that opens "Căn cứ"
			"Căn cứ Luật Đất đai, Luật Xây dựng,\nLuật Nhà ở năm 2023;\nCăn cứ kết quả kiểm tra, đoàn đã lập biên bản,\nđề nghị xử lý.",
			"Căn cứ Luật Đất đai, Luật Xây dựng,\nLuật Nhà ở năm 2023;\nCăn cứ kết quả kiểm tra, đoàn đã lập biên bản,\nđề nghị xử lý.",
		},
		{listSemicolons, // a real colon opening sub-items
			"- Các đơn vị sau:\n+ Sở Tài chính;\n+ Sở Tư pháp;",
			"- Các đơn vị sau:\n+ Sở Tài chính;\n+ Sở Tư pháp;",
		},
		{listSemicolons, // "Lưu:" whose line was cut after the colon
			"- Như trên;\n- Lưu:\nVT, BTC.",
			"- Như trên;\n- Lưu:\nVT, BTC.",
		},
		{listSemicolons, // no item ending in ";" beside it
			"- Thành phần gồm:\n- Ông A.",
			"- Thành phần gồm:\n- Ông A.",
		},

		{dropStrayStops, "đoàn. kiểm tra", "đoàn kiểm tra"},
		{dropStrayStops, "giải quyết đúng hạn 307. hồ sơ", "giải quyết đúng hạn 307 hồ sơ"},
		{dropStrayStops, "GIẤY CHỨNG NHẬN: ĐĂNG KÝ DOANH NGHIỆP", "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP"},
		{dropStrayStops, "NGƯỜI YÊU CẦU.", "NGƯỜI YÊU CẦU"},
		{dropStrayStops, "tiếng nước ngoài: MINH ANH.", "tiếng nước ngoài: MINH ANH"},
		// Real stops and colons stay.
		{dropStrayStops, "theo quy định. Hồ sơ gồm: đơn đề nghị", "theo quy định. Hồ sơ gồm: đơn đề nghị"},
		{dropStrayStops, "bao gồm v.v. và các", "bao gồm v.v. và các"},
		{dropStrayStops, "TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"},
		{dropStrayStops, "II. NỘI DUNG", "II. NỘI DUNG"},
		{dropStrayStops, "Số vào sổ cấp GCN: CS 70525", "Số vào sổ cấp GCN: CS 70525"},
		{dropStrayStops, "- Lưu: VT, UBND.", "- Lưu: VT, UBND."},
		{dropStrayStops, "QUYẾT ĐỊNH:", "QUYẾT ĐỊNH:"},
		{dropStrayStops, "XÁC NHẬN:\nÔng Nguyễn", "XÁC NHẬN:\nÔng Nguyễn"},
		{dropStrayStops, "phố Hà Nội.\n\nđã", "phố Hà Nội.\nđã"}, // another block
		{dropStrayStops, "không thực hiện thì.\nsẽ bị xử lý", "không thực hiện thì\nsẽ bị xử lý"},
		{dropStrayStops, "mục đích sử dụng đất:\na) Đất ở", "mục đích sử dụng đất:\na) Đất ở"},
		{dropStrayStops, "đúng hạn.\na) Hồ sơ", "đúng hạn.\na) Hồ sơ"},
		{dropStrayStops, "định danh và xác: thực điện tử", "định danh và xác thực điện tử"},
		{dropStrayStops, "trên Cổng thông.\ntin điện tử", "trên Cổng thông\ntin điện tử"},
		{dropStrayStops, "bản: sao giấy tờ", "bản sao giấy tờ"},
		{dropStrayStops, "định danh, xác: thực, điện tử", "định danh, xác thực, điện tử"},
		{dropStrayStops, "b) Địa chỉ: thị trấn Hùng Sơn", "b) Địa chỉ: thị trấn Hùng Sơn"},
		{dropStrayStops, "Hồ sơ gồm: đơn đề nghị", "Hồ sơ gồm: đơn đề nghị"},
		{dropStrayStops, "ngày, tháng, năm", "ngày, tháng, năm"},
		{dropStrayStops, "huyện Lâm Thao, tỉnh Phú Thọ.", "huyện Lâm Thao, tỉnh Phú Thọ."},

		{dateDigits, "Luật Cư trú ngày L3 tháng II năm 2020;", "Luật Cư trú ngày 13 tháng 11 năm 2020;"},
		{dateDigits, "ngày O5 tháng O1 năm 2021", "ngày 05 tháng 01 năm 2021"},
		{dateDigits, "ngày l tháng 7 năm 2025", "ngày 1 tháng 7 năm 2025"},
		// Not a day or month, or not in a date: as read.
		{dateDigits, "ngày 13 tháng 11 năm 2020", "ngày 13 tháng 11 năm 2020"},
		{dateDigits, "ngày Lễ tháng Giêng năm", "ngày Lễ tháng Giêng năm"},
		{dateDigits, "ngày SO tháng 1 năm", "ngày SO tháng 1 năm"},
		{dateDigits, "tháng BB năm 2020", "tháng BB năm 2020"},
		{dateDigits, "Phụ lục II năm 2020", "Phụ lục II năm 2020"},
		{placeDateComma, "Hà Nội; ngày 29 tháng 7 năm 2025", "Hà Nội, ngày 29 tháng 7 năm 2025"},
		{placeDateComma, "UBND Đà Nẵng. ngày 05 tháng 3 năm 2024", "UBND Đà Nẵng, ngày 05 tháng 3 năm 2024"},
		// A label's colon, a sentence's end and a date without a number stay.
		{placeDateComma, "Đăng ký lần đầu: ngày 07 tháng 5 năm 2014", "Đăng ký lần đầu: ngày 07 tháng 5 năm 2014"},
		{placeDateComma, "Đăng ký lần đầu; ngày 07 tháng 5", "Đăng ký lần đầu; ngày 07 tháng 5"},
		{placeDateComma, "tỉnh Hà Nam; ngày ký", "tỉnh Hà Nam; ngày ký"},
		{placeDateComma, "xã Thiên Lộc; huyện Can Lộc, tỉnh Hà Tĩnh", "xã Thiên Lộc, huyện Can Lộc, tỉnh Hà Tĩnh"},
		{placeDateComma, "thị trấn Diễn Châu; thành phố Vinh", "thị trấn Diễn Châu, thành phố Vinh"},
		{placeDateComma, "thị trấn Diễn Châu. Huyện Diễn Châu có", "thị trấn Diễn Châu. Huyện Diễn Châu có"},
		{placeDateComma, "xã Thiên Lộc; huyện và tỉnh", "xã Thiên Lộc; huyện và tỉnh"},
		{placeDateComma, "Sở Tài chính; huyện X", "Sở Tài chính; huyện X"},
		{placeUnits, "Long Xuyên, tính An Giang", "Long Xuyên, tỉnh An Giang"},
		{placeUnits, "xã Sơn Vi, huyền Lâm Thao,\ntình Phú Thọ", "xã Sơn Vi, huyện Lâm Thao,\ntỉnh Phú Thọ"},
		{placeUnits, "huyền\nLâm Thao", "huyện\nLâm Thao"},
		{placeUnits, "cách tính thuế", "cách tính thuế"},
		{placeUnits, "theo tính toán. Huyện", "theo tính toán. Huyện"},
		{placeUnits, "tính.\n\nHà Nội", "tính.\nHà Nội"},
		{placeUnits, "Nguyễn Thị Huyền Trang", "Nguyễn Thị Huyền Trang"},
		{labelledSurnames, "Họ, chữ đệm, tên: NGUYÊN DUY DUY", "Họ, chữ đệm, tên: NGUYỄN DUY DUY"},
		{labelledSurnames, "Bà: NGUYÊN BÍCH MY Năm sinh: 1956", "Bà: NGUYỄN BÍCH MY Năm sinh: 1956"},
		{labelledSurnames, "tên chồng: LỄ NGỌC PHÚC", "tên chồng: LÊ NGỌC PHÚC"},
		{labelledSurnames, "Họ tên: PHAN MẠNH NGUYÊN", "Họ tên: PHAN MẠNH NGUYÊN"}, // a family name
		{labelledSurnames, "Nơi nhận: CHỦ TỊCH", "Nơi nhận: CHỦ TỊCH"},             // a word
		{labelledSurnames, "Ông: NGUYÊN\nVĂN AN", "Ông: NGUYÊN\nVĂN AN"},           // one word on the line
		{labelledSurnames, "tên: Nguyên Văn An", "tên: Nguyên Văn An"},             // capitals only
	}
	for _, tt := range tests {
		ws := textWords(tt.in)
		tt.rule(ws)
		if got := textFromWords(ws); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJunkMarks(t *testing.T) {
	tests := []struct {
		in          string
		afterNumber bool
		want        string
		changed     bool
	}{
		{"—_.", false, "", true},
		{"_—", false, "", true},
		{"-'", false, "", true},
		{"—-", false, "–", true},
		{"“.", false, "", true},
		{"””", false, "", false},
		{"l", false, "", true},
		{"l", true, "", false},
		{"./.", false, "", false},
		{"...", false, "", false},
		{"..", false, "", false},
		{"--", false, "", false},
		{"-", false, "", false},
		{"–", false, "", false},
		{"x", false, "", false},
		{"a)", false, "", false},
		{"(l)", false, "", false},
	}
	for _, tt := range tests {
		got, ok := junkMarks(tt.in, tt.afterNumber)
		if ok != tt.changed || ok && got != tt.want {
			t.Errorf("junkMarks(%q, %v) = %q, %v, want %q, %v", tt.in, tt.afterNumber, got, ok, tt.want, tt.changed)
		}
	}
}

// textWords makes the words of text, one Line per text line.
func textWords(text string) []Word {
	var ws []Word
	block := 0
	for i, l := range strings.Split(text, "\n") {
		if l == "" {
			block++ // an empty line parts blocks
		}
		for _, f := range strings.Fields(l) {
			ws = append(ws, Word{Text: f, Line: i, Block: block})
		}
	}
	return ws
}

// TestPostCorrectJoinsCode joins a document's symbol read apart after its
// hyphen into one word whose box holds both.
func TestPostCorrectJoinsCode(t *testing.T) {
	ws := []Word{
		{Text: "Số:", Box: Box{X: 0, Y: 10, W: 40, H: 30}, Confidence: 0.95},
		{Text: "1987/UBND-", Box: Box{X: 50, Y: 10, W: 150, H: 30}, Confidence: 0.9},
		{Text: "QLĐT", Box: Box{X: 210, Y: 8, W: 70, H: 34}, Confidence: 0.8},
	}
	got := PostCorrect(PageText{Words: ws, Text: textFromWords(ws)})
	if got.Text != "Số: 1987/UBND-QLĐT" || len(got.Words) != 2 {
		t.Fatalf("got %q in %d words", got.Text, len(got.Words))
	}
	if w := got.Words[1]; w.Box != (Box{X: 50, Y: 8, W: 230, H: 34}) || w.Confidence != 0.8 {
		t.Errorf("joined word %+v", w)
	}
}
