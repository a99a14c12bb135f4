package vntext

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hồ sơ", "ho so"},
		{"Thủ tục hành chính", "thu tuc hanh chinh"},
		{"ĐỘC LẬP", "doc lap"},
		{"Quyết định số 56/2023/QĐ-UBND", "quyet dinh so 56/2023/qd-ubnd"},
		{"ắ ặ ổ ữ ỹ", "a a o u y"},
		{"ho so", "ho so"},
		// decomposed input (NFD) folds the same as precomposed
		{"ho\u0302\u0300 so\u031b", "ho so"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFC(t *testing.T) {
	if got := NFC("ho\u0302\u0300"); got != "hồ" {
		t.Errorf("NFC = %q", got)
	}
	if got := Lower("HỒ SƠ"); got != "hồ sơ" {
		t.Errorf("Lower = %q", got)
	}
}
