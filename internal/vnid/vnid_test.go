package vnid

import (
	"errors"
	"testing"
)

func TestProvinceCodes(t *testing.T) {
	codes := ProvinceCodes()
	if len(codes) != 63 {
		t.Fatalf("got %d province codes, want 63", len(codes))
	}
	if codes[0] != "001" || codes[len(codes)-1] != "096" {
		t.Errorf("range %s…%s, want 001…096", codes[0], codes[len(codes)-1])
	}
	for _, c := range []string{"003", "097", "000", "050"} {
		if _, ok := Province(c); ok {
			t.Errorf("Province(%s) ok, want unknown", c)
		}
	}
	if p, _ := Province("079"); p != "Hồ Chí Minh" {
		t.Errorf("Province(079) = %q", p)
	}
}

func TestParsePersonalID(t *testing.T) {
	tests := []struct {
		in       string
		male     bool
		year     int
		province string
		err      error
	}{
		{"001099012345", true, 1999, "Hà Nội", nil},
		{"079185000123", false, 1985, "Hồ Chí Minh", nil},
		{"036303001234", false, 2003, "Nam Định", nil},
		{"096202999999", true, 2002, "Cà Mau", nil},
		{"003099012345", false, 0, "", ErrProvince},
		{"00109901234", false, 0, "", ErrFormat},
		{"0010990123A5", false, 0, "", ErrFormat},
	}
	for _, tt := range tests {
		p, err := ParsePersonalID(tt.in)
		if !errors.Is(err, tt.err) {
			t.Errorf("ParsePersonalID(%s) err = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		if p.Male != tt.male || p.BirthYear != tt.year || p.Province != tt.province {
			t.Errorf("ParsePersonalID(%s) = %+v", tt.in, p)
		}
	}
}

func TestCheckPersonalID(t *testing.T) {
	tests := []struct {
		id   string
		year int
		sex  string
		ok   bool
	}{
		{"001099012345", 1999, "Nam", true},
		{"001099012345", 0, "", true},
		{"001099012345", 1998, "Nam", false},
		{"001099012345", 1999, "Nữ", false},
		{"001199012345", 1999, "Nữ", true},
		{"001299012345", 1999, "Nam", false}, // 2 = born in the 2000s
		{"001299012345", 2099, "Nam", true},
	}
	for _, tt := range tests {
		err := CheckPersonalID(tt.id, tt.year, tt.sex)
		if (err == nil) != tt.ok {
			t.Errorf("CheckPersonalID(%s, %d, %s) = %v, want ok=%v", tt.id, tt.year, tt.sex, err, tt.ok)
		}
	}
}

func TestCheckTaxCode(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"0100233488", true},
		{"0314409058", true},
		{"0314409058-002", true},
		{"0314409058002", true},
		{"0100 233 488", true},
		{"0100233480", false}, // wrong check digit
		{"0314409058-000", false},
		{"0314409058-02", false},
		{"010023348", false},
		{"0100000000", false},
	}
	for _, tt := range tests {
		if err := CheckTaxCode(tt.in); (err == nil) != tt.ok {
			t.Errorf("CheckTaxCode(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
	}
	// Every nine-digit prefix has at most one valid check digit.
	for _, p := range []string{"010023348", "031440905", "123456789"} {
		n := 0
		for d := byte('0'); d <= '9'; d++ {
			if CheckTaxCode(p+string(d)) == nil {
				n++
			}
		}
		if n > 1 {
			t.Errorf("prefix %s has %d valid check digits", p, n)
		}
	}
}

func TestRepairDigits(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0O1O99Ol2345", "001099012345"},
		{"O1OO2334B8", "0100233488"},
		{"S6 789", "56789"},
		{"0314409058-002", "0314409058-002"},
	}
	for _, tt := range tests {
		if got := RepairDigits(tt.in); got != tt.want {
			t.Errorf("RepairDigits(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if !IsCMND("012345678") || IsCMND("01234567") || IsCMND("0123456789") {
		t.Error("IsCMND")
	}
}
