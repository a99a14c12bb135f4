package neardup

import (
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
