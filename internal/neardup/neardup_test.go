package neardup

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/image/draw"
)

const decisionA = `ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Số: 56/2023/QĐ-UBND
Cầu Giấy, ngày 05 tháng 6 năm 2023
QUYẾT ĐỊNH
Về việc công nhận kết quả bầu cử trưởng tổ dân phố số 12 phường Dịch Vọng
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét đề nghị của Trưởng phòng Nội vụ quận, ông Nguyễn Văn Hùng được công nhận là trưởng tổ dân phố số 12.
Điều 1. Công nhận ông Nguyễn Văn Hùng, sinh ngày 12/3/1975.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.`

const decisionB = `ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Số: 61/2023/QĐ-UBND
Cầu Giấy, ngày 14 tháng 7 năm 2023
QUYẾT ĐỊNH
Về việc công nhận kết quả bầu cử trưởng tổ dân phố số 4 phường Nghĩa Tân
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét đề nghị của Trưởng phòng Nội vụ quận, bà Trần Thị Mai được công nhận là trưởng tổ dân phố số 4.
Điều 1. Công nhận bà Trần Thị Mai, sinh ngày 02/11/1980.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.`

// ocrNoise mimics a worse scan: dropped marks and swapped letters.
func ocrNoise(s string, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	for _, c := range s {
		switch x := r.IntN(100); {
		case x < 3 && c == 'ộ':
			b.WriteRune('ô')
		case x < 2 && c == 'n':
			b.WriteRune('u')
		case x < 1:
			// drop the character
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func TestCompare(t *testing.T) {
	a := Doc{ID: "a", DocType: "decision", Text: decisionA, Fields: map[string]string{"doc_number": "56/2023/QĐ-UBND", "issue_date": "2023-06-05"}}
	rescan := Doc{ID: "r", DocType: "decision", Text: ocrNoise(decisionA, 7), Fields: map[string]string{"doc_number": "56/2023/QD-UBND", "issue_date": "2023-06-05"}}
	misread := Doc{ID: "m", DocType: "decision", Text: ocrNoise(decisionA, 9), Fields: map[string]string{"doc_number": "56/2023/QĐ-UBNĐ"}}
	other := Doc{ID: "b", DocType: "decision", Text: decisionB, Fields: map[string]string{"doc_number": "61/2023/QĐ-UBND", "issue_date": "2023-07-14"}}
	noFields := Doc{ID: "n", DocType: "decision", Text: decisionB}
	card1 := Doc{DocType: "cccd", Text: "CĂN CƯỚC CÔNG DÂN Số 001099001234 Họ và tên NGUYỄN VĂN AN", Fields: map[string]string{"id_number": "001099001234", "full_name": "NGUYỄN VĂN AN"}}
	card2 := Doc{DocType: "cccd", Text: "CĂN CƯỚC CÔNG DÂN Số 001099005678 Họ và tên NGUYỄN VĂN AN", Fields: map[string]string{"id_number": "001099005678", "full_name": "NGUYỄN VĂN AN"}}
	tests := []struct {
		name string
		a, b Doc
		want bool
	}{
		{"re-scan with OCR noise", a, rescan, true},
		{"re-scan with a slip in the number", a, misread, true},
		{"same template, other decision", a, other, false},
		{"same template, fields not read", a, noFields, false},
		{"two ID cards of namesakes", card1, card2, false},
		{"identical card", card1, card1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Compare(tt.a, tt.b)
			if v.Duplicate != tt.want {
				t.Errorf("Compare = %+v, want duplicate=%v", v, tt.want)
			}
		})
	}
}

func page(seed uint64, lines int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 620, 877))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	r := rand.New(rand.NewPCG(seed, 2))
	y := 60
	for l := 0; l < lines; l++ {
		w := 200 + r.IntN(380)
		for x := 40; x < 40+w; x++ {
			for dy := 0; dy < 8; dy++ {
				if r.IntN(3) > 0 {
					g.SetGray(x, y+dy, color.Gray{20})
				}
			}
		}
		y += 14 + r.IntN(30)
	}
	return g
}

func TestPHash(t *testing.T) {
	a := page(1, 30)
	// the same page scanned at another resolution, shifted and noisy
	small := image.NewGray(image.Rect(0, 0, 413, 585))
	draw.BiLinear.Scale(small, small.Bounds(), a, a.Bounds(), draw.Src, nil)
	shifted := image.NewGray(image.Rect(0, 0, 460, 640))
	for i := range shifted.Pix {
		shifted.Pix[i] = 250
	}
	draw.Draw(shifted, small.Bounds().Add(image.Pt(30, 40)), small, image.Point{}, draw.Src)
	r := rand.New(rand.NewPCG(3, 3))
	for i := range shifted.Pix {
		if r.IntN(200) == 0 {
			shifted.Pix[i] = 0
		}
	}
	b := page(2, 30)
	same, diff := Distance(PHash(a), PHash(shifted)), Distance(PHash(a), PHash(b))
	if same > 10 {
		t.Errorf("re-scan distance %d, want ≤ 10", same)
	}
	if diff <= same {
		t.Errorf("other page distance %d not above re-scan distance %d", diff, same)
	}
	if PHash(image.NewGray(image.Rect(0, 0, 50, 50))) != 0 {
		t.Error("blank page hash not 0")
	}
}

const cardTemplate = `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: %s
Họ và tên / Full name:
%s
Ngày sinh / Date of birth: %s
Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin: Xã Hòa Bình, Đức Thọ, Hà Tĩnh
Nơi thường trú / Place of residence: Số 12, ngõ 5 phố Lê Lợi, phường Hưng Bình, thành phố Vinh, tỉnh Nghệ An
Có giá trị đến / Date of expiry: %s`

func card(id, name, dob, exp string, fields bool) Doc {
	d := Doc{DocType: "cccd", Text: fmt.Sprintf(cardTemplate, id, name, dob, exp), PHash: 0xf0f0f0f0f0f0f0f0}
	if fields {
		iso := func(s string) string { return s[6:] + "-" + s[3:5] + "-" + s[:2] }
		d.Fields = map[string]string{"id_number": id, "full_name": name, "date_of_birth": iso(dob)}
	}
	return d
}

// TestCompareHardNegatives: papers made on one template that differ only
// in their identifying values must never match, while re-scans with OCR
// slips in those values still do.
func TestCompareHardNegatives(t *testing.T) {
	decision := func(num, date, person string) Doc {
		text := strings.NewReplacer("56/2023", num, "05 tháng 6", date, "Nguyễn Văn Hùng", person).Replace(decisionA)
		return Doc{DocType: "decision", Text: text, PHash: 0xff00ff00ff00ff00,
			Fields: map[string]string{"doc_number": num + "/QĐ-UBND", "issue_date": "2023-06-" + date[:2]}}
	}
	application := func(summary, date string) Doc {
		return Doc{DocType: "application", Text: "TỜ KHAI " + summary + "\nHọ, chữ đệm, tên người yêu cầu: Lê Thị Thu Hà\nSố định danh cá nhân: 001196001122\nNgày, tháng, năm sinh: 12/11/1996\nNơi cư trú: Số 8 phố Kim Mã, phường Kim Mã, quận Ba Đình, thành phố Hà Nội\nĐề nghị cơ quan cấp " + summary + "\nHà Nội, ngày " + date,
			Fields: map[string]string{"full_name": "Lê Thị Thu Hà", "id_number": "001196001122", "date_of_birth": "1996-11-12", "issue_date": "2024-03-" + date[:2]}}
	}
	tests := []struct {
		name string
		a, b Doc
		want bool
	}{
		{"two decisions of one office, same day, next number", decision("56/2023", "05 tháng 6", "Nguyễn Văn Hùng"), decision("57/2023", "05 tháng 6", "Trần Văn Hải"), false},
		{"two decisions of one office, next day", decision("56/2023", "05 tháng 6", "Nguyễn Văn Hùng"), decision("57/2023", "06 tháng 6", "Nguyễn Văn Hùng"), false},
		{"namesakes born the same day", card("001099012345", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), card("040099004321", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), false},
		{"namesakes, second card's number not extracted", card("001099012345", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), card("040099004321", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", false), false},
		{"one person's two applications", application("giấy xác nhận tình trạng hôn nhân", "20 tháng 3 năm 2024"), application("bản sao trích lục khai sinh", "22 tháng 3 năm 2024"), false},
		{"card re-scan, a digit misread in the number", card("001099012345", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), card("001099012346", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), true},
		{"card re-scan, nothing extracted", card("001099012345", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", true), card("001099012345", "NGUYỄN VĂN AN", "15/08/1999", "15/08/2039", false), true},
		{"decision re-scan read as another type", decision("56/2023", "05 tháng 6", "Nguyễn Văn Hùng"), func() Doc {
			d := decision("56/2023", "05 tháng 6", "Nguyễn Văn Hùng")
			d.DocType = "other"
			return d
		}(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if v := Compare(tt.a, tt.b); v.Duplicate != tt.want {
				t.Errorf("Compare = %+v, want duplicate=%v", v, tt.want)
			}
		})
	}
}

func TestFieldAgreement(t *testing.T) {
	tests := []struct {
		field, x, y string
		want        agreement
	}{
		{"doc_number", "56/2023/QĐ-UBND", "56/2O23/QD-UBND", agree},
		{"doc_number", "56/2023/QĐ-UBND", "58/2023/QĐ-UBND", slip},
		{"doc_number", "56/2023/QĐ-UBND", "61/2023/QĐ-UBND", conflict},
		{"doc_number", "2074/TB-UBND", "2074/T", unknown},
		{"id_number", "001099012345", "001099012345", agree},
		{"id_number", "001099012345", "040099004321", conflict},
		{"date_of_birth", "2016-11-02", "02/1 1/2016", unknown},
		{"issue_date", "2023-06-05", "2023-06-08", slip},
		{"full_name", "NGUYỄN VĂN AN", "NGUYEN VAN AN", agree},
		{"full_name", "NGUYỄN THẢO HIỀN", "NGUYỄN THẢO HIẾN", agree},
		{"full_name", "NGUYỄN VĂN AN", "NGUYỄN VĂN BA", conflict},
	}
	for _, tt := range tests {
		if got := fieldAgreement(tt.field, tt.x, tt.y); got != tt.want {
			t.Errorf("%s %q vs %q = %d, want %d", tt.field, tt.x, tt.y, got, tt.want)
		}
	}
}
