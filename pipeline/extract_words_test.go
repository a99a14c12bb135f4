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
