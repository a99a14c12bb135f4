package pipeline

import "testing"

func TestRepairWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// slips into another valid syllable, seen from the neighbours
		{"Quy định chỉ tiết một số điều", "Quy định chi tiết một số điều"},
		{"công tác tố chức các hoạt động", "công tác tổ chức các hoạt động"},
		{"Về việc đấy mạnh cải cách", "Về việc đẩy mạnh cải cách"},
		{"quy hoạch chỉ tiết tỷ lệ 1/500 khu dần cư", "quy hoạch chi tiết tỷ lệ 1/500 khu dân cư"},
		{"kỳ thi tuyến sinh vào lớp 10", "kỳ thi tuyển sinh vào lớp 10"},
		// left as read
		{"giao chỉ tiêu kế hoạch", "giao chỉ tiêu kế hoạch"},                     // a word: right
		{"Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư"},                       // lone word between words
		{"thu hồi đất để thực hiện dự án", "thu hồi đất để thực hiện dự án"},     // seen in running text
		{"phố Phạm Văn Đồng, tỉnh Nam Định", "phố Phạm Văn Đồng, tỉnh Nam Định"}, // proper names
		{"KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BÌNH DƯƠNG", "KẾ HOẠCH VÀ ĐẦU TƯ TỈNH BÌNH DƯƠNG"},
		{"chỉ, tiết", "chỉ, tiết"}, // punctuation parts them
		{"chỉ tiết2", "chỉ tiết2"}, // digits are never touched
		{"chỉ", "chỉ"},
	} {
		if got := repairWords(c.in); got != c.want {
			t.Errorf("repairWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPlaceDateAfterCode(t *testing.T) {
	text := `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
GIẤY CHỨNG NHẬN
QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT
Ông: KIỀU MẠNH LÂM Năm sinh: 1985
Thời gian: 14 giờ 30 phút, ngày 14 tháng 01 năm 2021
Số vào sổ cấp GCN: CS 18658 Lê Chân, ngày 26 tháng 02 năm 2022
TM. ỦY BAN NHÂN DÂN
Hồ Duy Lộc`
	e := Extract(text, nil)
	if got := e.Fields["issue_date"].Value; got != "2022-02-26" {
		t.Errorf("issue_date = %q, want 2022-02-26", got)
	}
}
