package pipeline

import "testing"

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"ngày 05 tháng 6 năm 2023", "2023-06-05", true},
		{"Hà Nội, ngày 29 tháng 4 năm 2026", "2026-04-29", true},
		{"Ngay 5 thang 6 nam 2023", "2023-06-05", true},
		{"ngàv 05 thàng 06 năm 2023", "2023-06-05", true},
		{"Đắk Lắk, ngày 22 tháng 01 hăm 2016", "2016-01-22", true}, // "năm" read "hăm"
		{"ngày 22 tháng 01 và 2016", "", false},
		{"Ba Vì, ngày 05 tháng 11năm 2023", "2023-11-05", true}, // glued
		{"05/06/2023", "2023-06-05", true},
		{"5-6-2023", "2023-06-05", true},
		{"05.06.2023", "2023-06-05", true},
		{"Ngày sinh / Date of birth: 15/O8/1999", "1999-08-15", true},
		{"O5/06/2O23", "2023-06-05", true},
		{"13I0612021", "2021-06-13", true}, // slashes read as strokes
		{"25I01I2027", "2027-01-25", true},
		{"25I01I12027", "2027-01-25", true}, // one slash read as two strokes
		{"25Il01I2027", "2027-01-25", true},
		{"25101112027", "", false}, // digits only: a number
		{"0100233488", "", false},  // a ten-digit code is no date
		{"0310612021", "", false},
		{"31/02/2023", "", false},
		{"ngày tháng năm", "", false},
		{"Số: 56/2023/QĐ-UBND", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
