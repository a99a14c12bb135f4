package pipeline

import "testing"

func TestRepairs(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"title regains diacritics", canonicalTitle, "GIAY CHƯNG NHẠN", "GIẤY CHỨNG NHẬN"},
		{"glued title", canonicalTitle, "THÔNGTƯ", "THÔNG TƯ"},
		{"title prefix, rest kept", canonicalTitle, "ĐƠN ĐỀ NGHI CẤP GIẤY PHÉP", "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP"},
		{"lower-case line is no title", canonicalTitle, "Quyet dinh nay", "Quyet dinh nay"},
		{"glued capitals split", repairCaps, "UBND THÀNH PHỐ HỒ CHÍMINH", "UBND THÀNH PHỐ HỒ CHÍ MINH"},
		{"glued header word", repairCaps, "UBNDTỈNHNAMĐỊNH", "UBND TỈNH NAM ĐỊNH"},
		{"abbreviations kept", repairCaps, "HĐND UBND TTg", "HĐND UBND TTg"},
		{"valid words kept", repairCaps, "SỞ Y TẾ", "SỞ Y TẾ"},
		{"surname in capitals", repairSurname, "NGUYÊN THẢO HIỀN", "NGUYỄN THẢO HIỀN"},
		{"surname in title case", repairSurname, "Nguyên Văn An", "Nguyễn Văn An"},
		{"name without diacritics stays", repairSurname, "NGUYEN VAN AN", "NGUYEN VAN AN"},
		{"real surname kept", repairSurname, "LÊ CÔNG PHÚC", "LÊ CÔNG PHÚC"},
		{"one word is no name", repairSurname, "NGUYÊN", "NGUYÊN"},
		{"province spelling", repairProvince, "xã Tản Lĩnh, huyện Ba Vì, thành phố Hà Nỗi", "xã Tản Lĩnh, huyện Ba Vì, thành phố Hà Nội"},
		{"province kept", repairProvince, "phường 4, thành phố Đà Lạt, tỉnh Lâm Đồng", "phường 4, thành phố Đà Lạt, tỉnh Lâm Đồng"},
		{"no province", repairProvince, "Số 6, ngõ 52 phố Ngô Quyền", "Số 6, ngõ 52 phố Ngô Quyền"},
		{"card debris before an address", junkHead, "S52 tr đá, Kiệt, xã Tân Hòa", "Kiệt, xã Tân Hòa"},
		{"house number kept", junkHead, "Số 12A, ngõ 5", "Số 12A, ngõ 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClassifyByCues(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		// the title was lost to OCR; the bilingual labels remain
		{"card labels", "Cuen ldentty C6\nHọ và tên / Full name:\nNGUYỄN VĂN AN\nNgày sinh / Date of birth: 01/02/1990\nQuốc tịch / Nationality: Việt Nam\nCó giá trị đến / Date of expiry: 01/02/2030", TypeCCCD},
		// a garbled title and an ID card named in running text
		{"certificate naming a card", "GIẤY Si UE NHẬN KẾT HÔN\nHọ, chữ đệm, tên chồng: VÕ VĂN THÀNH\nGiấy tờ tùy thân: Căn cước công dân số 001075015842\nHọ, chữ đệm, tên vợ: PHẠM KHÁNH PHƯƠNG", TypeMarriageCertificate},
		{"old card", "SỐ 317044352\nHọ tên: MAI TRỌNG CƯỜNG\nNguyên quán: Xã Hưng Đạo\nNơi ĐKHK thường trú: Số 61", TypeCMND},
		{"nothing to go on", "Điều 1. Giao nhiệm vụ cho các phòng ban.\nĐiều 2. Hiệu lực thi hành.", TypeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := Classify(tt.text); got != tt.want {
				t.Errorf("Classify = %s, want %s", got, tt.want)
			}
		})
	}
}

// TestExtractOCRLayouts runs Extract over text as Tesseract gave it for
// degraded card and header pages (kept verbatim, debris included).
func TestExtractOCRLayouts(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]string
	}{
		{"card: address end beside the expiry label, date below",
			"CĂN CƯỚC CÔNG DÂN\nCitizen Identity Card\nsố/ No: 064202017917\n@, Họ và tên Full name:\nLẺ CÔNG PHÚC\nNgày sinh / Date of birth: 25/01/2002\nNơi thường trú / Place of residence: Số 107, ngõ 268 phố\nPhạm Văn Đồng, phường Lộc Thọ, thành phố Nha\nCó giá trị đến / Date of expiry: Trang tỉnh Khánh Hòa\n,\n25I01I2027\n",
			map[string]string{"id_number": "064202017917", "date_of_birth": "2002-01-25", "expiry_date": "2027-01-25",
				"place_of_residence": "Số 107, ngõ 268 phố Phạm Văn Đồng, phường Lộc Thọ, thành phố Nha Trang, tỉnh Khánh Hòa"}},
		{"header: specks, lost slash, split motto column",
			"ỦY BAN NHÂN DÂN __ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nˆ\n_TỈNH QUẢNG NINH Độc lập - Tự do - Hạnh phúc\nSố:767GM-UBND.. - _ Quảng Ninh, ngày 06 tháng 4 năm 2017\nGIẤY MỜI\nDự hội nghị triển khai quản lý\n",
			map[string]string{"issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "doc_number": "767/GM-UBND", "issue_date": "2017-04-06", "title": "GIẤY MỜI"}},
		{"number line behind a speck",
			"CHÍNH PHỦ : CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n: - Độc lập - Tự do - Hạnh phúc\n. Số: 144/NQ-CP . Hà Nội, ngày 09 tháng 4 năm 2016 `\nNGHỊ QUYẾT\n",
			map[string]string{"issuer": "CHÍNH PHỦ", "doc_number": "144/NQ-CP", "issue_date": "2016-04-09"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Extract(tt.text, nil)
			for k, want := range tt.want {
				if got := e.Fields[k].Value; got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestRepairUnits(t *testing.T) {
	for in, want := range map[string]string{
		"SỞ KẾ HOẠCH VÀ ĐẦU TƯ THÀNH PHỔ HÀ NỘI": "SỞ KẾ HOẠCH VÀ ĐẦU TƯ THÀNH PHỐ HÀ NỘI",
		"ỦY BẠN NHÂN DÂN PHƯỜNG 4":               "ỦY BAN NHÂN DÂN PHƯỜNG 4",
		"phường Đông Thọ, thành phổ Thanh Hóa":   "phường Đông Thọ, thành phố Thanh Hóa",
		"UỶ BAN NHÂN DÂN":                        "UỶ BAN NHÂN DÂN",
		"BỘ TÀI CHÍNH":                           "BỘ TÀI CHÍNH",
	} {
		if got := repairUnits(in); got != want {
			t.Errorf("repairUnits(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH ĐẮĂK LẮK PHÒNG ĐĂNG KÝ": "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH ĐẮK LẮK PHÒNG ĐĂNG KÝ",
		"UBND TỈNH NAM ĐỊNH SỞ Y TẾ":                        "UBND TỈNH NAM ĐỊNH SỞ Y TẾ",
		"UBND THÀNH PHỐ HÀ NỘl":                             "UBND THÀNH PHỐ HÀ NỘI", // l read for I
		"ỦY BAN NHÂN DÂN TỈNH HÀ NAM":                       "ỦY BAN NHÂN DÂN TỈNH HÀ NAM",
	} {
		if got := repairProvinceNames(in); got != want {
			t.Errorf("repairProvinceNames(%q) = %q, want %q", in, got, want)
		}
	}
	if got := repairBodies("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BÌNH DƯƠNG PHONG ĐANG KY KINH DOANH"); got != "SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BÌNH DƯƠNG PHÒNG ĐĂNG KÝ KINH DOANH" {
		t.Errorf("repairBodies = %q", got)
	}
	if got := repairBodies("PHONG DANG KY KINH DOANH"); got != "PHONG DANG KY KINH DOANH" {
		t.Errorf("repairBodies rewrote a name read without diacritics: %q", got)
	}
	if got := upperTitleWords("ĐƠN ĐỀ NGHỊ CẤp GIẤY PHÉP"); got != "ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP" {
		t.Errorf("upperTitleWords = %q", got)
	}
}
