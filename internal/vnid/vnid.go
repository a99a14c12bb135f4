// Package vnid validates Vietnamese identity numbers: the 12-digit personal
// identification number (số định danh cá nhân, printed on CCCD cards), the
// old 9-digit CMND number, and the enterprise / tax code (mã số doanh
// nghiệp, mã số thuế).
package vnid

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind names what a digit string is.
type Kind string

const (
	KindPersonalID Kind = "personal_id" // 12 digits, PPP G YY RRRRRR
	KindCMND       Kind = "cmnd"        // 9 digits, old identity card
	KindTaxCode    Kind = "tax_code"    // 10 digits (+ optional -NNN branch)
)

// provinces maps the 3-digit province code of the personal ID number to
// the province or centrally-run city (the 63-unit list of Circular
// 07/2016/TT-BCA and 59/2021/TT-BCA).
var provinces = map[string]string{
	"001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
	"008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
	"014": "Sơn La", "015": "Yên Bái", "017": "Hòa Bình", "019": "Thái Nguyên",
	"020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
	"026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
	"033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
	"037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh",
	"044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
	"049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
	"056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
	"064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
	"070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
	"077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
	"083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
	"089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
	"094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

// Province returns the province of a 3-digit code.
func Province(code string) (string, bool) {
	p, ok := provinces[code]
	return p, ok
}

// ProvinceCodes returns the 63 province codes in ascending order.
func ProvinceCodes() []string {
	codes := make([]string, 0, len(provinces))
	for c := range provinces {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// PersonalID is a decoded 12-digit personal identification number.
type PersonalID struct {
	Number       string
	ProvinceCode string
	Province     string
	Male         bool
	Century      int // first year of the birth century: 1900, 2000, …
	BirthYear    int // the birth year the number encodes
}

// Errors returned by the validators; wrapped with detail.
var (
	ErrFormat   = errors.New("bad format")
	ErrProvince = errors.New("unknown province code")
	ErrChecksum = errors.New("check digit mismatch")
	ErrMismatch = errors.New("inconsistent with the document")
)

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParsePersonalID decodes and checks a 12-digit personal ID number:
// PPP (province) G (gender and century) YY (birth year) RRRRRR.
// G is 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for the
// 2100s, 6/7 for the 2200s, 8/9 for the 2300s.
func ParsePersonalID(s string) (PersonalID, error) {
	if len(s) != 12 || !allDigits(s) {
		return PersonalID{}, fmt.Errorf("personal ID %q: %w: want 12 digits", s, ErrFormat)
	}
	p := PersonalID{Number: s, ProvinceCode: s[:3]}
	name, ok := provinces[p.ProvinceCode]
	if !ok {
		return p, fmt.Errorf("personal ID %q: %w %s", s, ErrProvince, p.ProvinceCode)
	}
	p.Province = name
	g := int(s[3] - '0')
	p.Male = g%2 == 0
	p.Century = 1900 + 100*(g/2)
	p.BirthYear = p.Century + int(s[4]-'0')*10 + int(s[5]-'0')
	return p, nil
}

// CheckPersonalID validates s and, when known, its consistency with the
// holder's birth year (0 when unknown) and sex ("Nam", "Nữ" or "").
func CheckPersonalID(s string, birthYear int, sex string) error {
	p, err := ParsePersonalID(s)
	if err != nil {
		return err
	}
	if birthYear != 0 && birthYear != p.BirthYear {
		return fmt.Errorf("personal ID %q encodes birth year %d, document says %d: %w", s, p.BirthYear, birthYear, ErrMismatch)
	}
	switch foldSex(sex) {
	case "nam":
		if !p.Male {
			return fmt.Errorf("personal ID %q encodes female, document says Nam: %w", s, ErrMismatch)
		}
	case "nu":
		if p.Male {
			return fmt.Errorf("personal ID %q encodes male, document says Nữ: %w", s, ErrMismatch)
		}
	}
	return nil
}

func foldSex(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "nam", "male", "m":
		return "nam"
	case "nữ", "nu", "nü", "female", "f":
		return "nu"
	}
	return ""
}

// IsCMND reports whether s has the form of an old 9-digit identity card
// number (chứng minh nhân dân). The old number carries no check digit.
func IsCMND(s string) bool { return len(s) == 9 && allDigits(s) }

// taxWeights are the weights of the first nine digits of a tax code.
var taxWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// TaxCheckDigit returns the check digit of the first nine digits of a tax
// code: 10 − (Σ wᵢdᵢ mod 11). ok is false when the sum leaves remainder 0,
// which gives 10: no valid code has those nine digits.
func TaxCheckDigit(first9 string) (digit byte, ok bool) {
	if len(first9) != 9 || !allDigits(first9) {
		return 0, false
	}
	sum := 0
	for i, w := range taxWeights {
		sum += w * int(first9[i]-'0')
	}
	c := 10 - sum%11
	if c == 10 {
		return 0, false
	}
	return byte('0' + c), true
}

// NormalizeTaxCode strips spaces and dots and returns the code as
// "NNNNNNNNNN" or "NNNNNNNNNN-NNN".
func NormalizeTaxCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '.' || r == '\u00a0' {
			continue
		}
		if r == '–' || r == '—' {
			r = '-'
		}
		b.WriteRune(r)
	}
	t := b.String()
	if len(t) == 13 && allDigits(t) {
		t = t[:10] + "-" + t[10:]
	}
	return t
}

// CheckTaxCode validates an enterprise / tax code: 10 digits whose last is
// the check digit, optionally followed by "-NNN" (a branch, 001–999).
func CheckTaxCode(s string) error {
	t := NormalizeTaxCode(s)
	main, branch, hasBranch := strings.Cut(t, "-")
	if len(main) != 10 || !allDigits(main) {
		return fmt.Errorf("tax code %q: %w: want 10 digits", s, ErrFormat)
	}
	if hasBranch && (len(branch) != 3 || !allDigits(branch) || branch == "000") {
		return fmt.Errorf("tax code %q: %w: branch suffix must be 001–999", s, ErrFormat)
	}
	if main[2:9] == "0000000" {
		return fmt.Errorf("tax code %q: %w: zero sequence number", s, ErrFormat)
	}
	c, ok := TaxCheckDigit(main[:9])
	if !ok || c != main[9] {
		return fmt.Errorf("tax code %q: %w", s, ErrChecksum)
	}
	return nil
}

// confusions maps characters OCR commonly reads in place of digits.
var confusions = map[rune]rune{
	'O': '0', 'o': '0', 'D': '0', 'Q': '0', 'U': '0',
	'l': '1', 'I': '1', 'i': '1', '|': '1', '!': '1', 'L': '1', 'J': '1',
	'Z': '2', 'z': '2',
	'S': '5', 's': '5', '$': '5',
	'B': '8',
	'G': '6', 'b': '6',
	'g': '9', 'q': '9',
	'T': '7',
	'A': '4',
}

// RepairDigits replaces the letters OCR commonly confuses with digits
// (O→0, l/I→1, S→5, B→8, …) and drops spaces inside the number. Callers
// must accept the result only when it then validates.
func RepairDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' {
			continue
		}
		if d, ok := confusions[r]; ok {
			r = d
		}
		b.WriteRune(r)
	}
	return b.String()
}
