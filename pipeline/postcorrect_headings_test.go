package pipeline

import (
	"strings"
	"testing"
)

func TestSnapHeadings(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		// marks a photocopy lost on capitals
		{"TM: CHINH PHU", "TM. CHÍNH PHỦ"},
		{"KT. THU TƯƠNG", "KT. THỦ TƯỚNG"},
		{"PHO THU TƯƠNG", "PHÓ THỦ TƯỚNG"},
		{"TM.UY BẠN NHAN DAN", "TM.ỦY BAN NHÂN DÂN"},
		{"ỦY BAN NHÂN DÂN TÍNH THANH HÓA", "ỦY BAN NHÂN DÂN TỈNH THANH HÓA"},
		{"QUYÉT ĐỊNH:", "QUYẾT ĐỊNH:"},
		{"THÀNH PHÓ HÀ NỘI", "THÀNH PHỐ HÀ NỘI"},
		{"CONG HOA XA HOI CHU NGHIA VIET NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{"Nơi nhận: PHÓ CHU TICH", "Nơi nhận: PHÓ CHỦ TỊCH"},
		// fixed phrases of running text, case for case
		{"giải quyết trên Cống thông tin điện tử của", "giải quyết trên Cổng thông tin điện tử của"},
		{"- Thường trực HDND;", "- Thường trực HĐND;"},
		{"Uy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"},
		{"thủ tục hành chinh.", "thủ tục hành chính."},
		{"Cống thông, tin điện tử", "Cống thông, tin điện tử"},
		{"CỐNG thông tin điện tử", "CỐNG thông tin điện tử"},
		// authorities in a signature block
		{"Nơi nhận: TM: CHÍNH PHỦ", "Nơi nhận: TM. CHÍNH PHỦ"},
		{".KT. THỦ TƯỚNG", "KT. THỦ TƯỚNG"},
		{"KT: Thủ trưởng", "KT: Thủ trưởng"},
		// the old tone placement is the same spelling
		{"CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{"Uỷ ban nhân dân", "Uỷ ban nhân dân"},
		// names, lowercase, partial phrases and other letters: as read
		{"SOCIALIST REPUBLIC OF VIET NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
		{"TRẦN CÔNG ẨN", "TRẦN CÔNG ẨN"},
		{"chủ tich", "chủ tich"},
		{"PHO THU T", "PHO THU T"},
		{"Chu Tịch", "Chu Tịch"},
		{"CHU VĂN AN", "CHU VĂN AN"},
		// a place's name after its unit's word, whatever its letters fold to
		{"UBND PHƯỜNG AN BIÊN", "UBND PHƯỜNG AN BIÊN"},
		{"PHUONG AN", "PHƯƠNG ÁN"},
		// a province after its unit
		{"UBND TÍNH AN GIANG", "UBND TỈNH AN GIANG"},
		{"tại tỉnh Đắk Lăk,", "tại tỉnh Đắk Lắk,"},
		{"TỈNH ĐẮK LĂK", "TỈNH ĐẮK LẮK"},
		{"ông Bình Đinh", "ông Bình Đinh"},
		{"GHỨNG NHẬN", "GHỨNG NHẬN"},
		// a title in capitals wrapped over two lines; ordinary case does not run on
		{"TÀI SẢN KHÁC GẮN\nLIÊN VỚI ĐẤT", "TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT"},
		{"quyền sử\ndụng đát", "quyền sử dụng đát"},
		{"quyền sử dụng đát", "quyền sử dụng đất"},
	} {
		pt := PageText{Words: textWords(tc.in)}
		got, _ := SnapHeadings(pt)
		if got.Text == "" {
			got.Text = tc.in
		}
		if strings.Join(strings.Fields(got.Text), " ") != tc.want {
			t.Errorf("SnapHeadings(%q) = %q, want %q", tc.in, got.Text, tc.want)
		}
	}
}
