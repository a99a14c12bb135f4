package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// person is a generated citizen.
type person struct {
	Name      string // "Nguyễn Văn An"
	Male      bool
	Birth     time.Time
	Province  string // province of birth registration (ID prefix)
	ID        string // 12-digit personal identification number
	Origin    string // quê quán
	Residence string // nơi thường trú
	Ethnicity string
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randDate(r *rand.Rand, fromYear, toYear int) time.Time {
	y := fromYear + r.IntN(toYear-fromYear+1)
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	days := 365
	if y%4 == 0 {
		days = 366
	}
	return start.AddDate(0, 0, r.IntN(days))
}

func newPerson(r *rand.Rand, fromYear, toYear int) person {
	p := person{Male: r.IntN(2) == 0, Birth: randDate(r, fromYear, toYear)}
	if p.Male {
		p.Name = pick(r, surnames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
	} else {
		p.Name = pick(r, surnames) + " " + pick(r, femaleMiddle) + " " + pick(r, femaleGiven)
	}
	pc := pick(r, provinceCodes)
	p.Province = pc.Name
	p.ID = IDNumber(pc.Code, p.Male, p.Birth.Year(), r.IntN(1000000))
	p.Origin = shortAddress(r, pc.Name)
	p.Residence = streetAddress(r)
	p.Ethnicity = pick(r, ethnicities)
	return p
}

// IDNumber builds a 12-digit personal identification number
// PPP G YY RRRRRR: province code, gender/century digit (0/1 male/female
// born 1900–1999, 2/3 born 2000–2099), last two digits of the birth year,
// and a 6-digit serial.
func IDNumber(province string, male bool, birthYear, serial int) string {
	g := 0
	if birthYear >= 2000 {
		g = 2
	}
	if !male {
		g++
	}
	return fmt.Sprintf("%s%d%02d%06d", province, g, birthYear%100, serial%1000000)
}

// ValidIDNumber reports whether id is a well-formed 12-digit personal
// identification number whose province code is one of the 63 official codes.
// When birthYear > 0 and sex is "Nam" or "Nữ" it also checks that the
// gender/century digit and year digits agree with them.
func ValidIDNumber(id string, sex string, birthYear int) bool {
	if len(id) != 12 {
		return false
	}
	for _, c := range id {
		if c < '0' || c > '9' {
			return false
		}
	}
	known := false
	for _, pc := range provinceCodes {
		if pc.Code == id[:3] {
			known = true
			break
		}
	}
	if !known {
		return false
	}
	g := int(id[3] - '0')
	if g > 3 {
		return false
	}
	if birthYear > 0 {
		century := 1900 + 100*(g/2)
		if birthYear != century+int(id[4]-'0')*10+int(id[5]-'0') {
			return false
		}
	}
	switch sex {
	case "Nam":
		return g%2 == 0
	case "Nữ":
		return g%2 == 1
	}
	return true
}

// ProvinceName returns the province of an ID number's first three digits.
func ProvinceName(code string) (string, bool) {
	for _, pc := range provinceCodes {
		if pc.Code == code {
			return pc.Name, true
		}
	}
	return "", false
}

// enterpriseWeights are the weights of the tax/enterprise code check digit,
// as implemented by python-stdnum's stdnum.vn.mst (calc_check_digit):
// check = 10 - (Σ wᵢ·dᵢ mod 11), with no valid digit when the remainder is 0.
var enterpriseWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// EnterpriseCheckDigit returns the check digit of the first nine digits of
// a 10-digit enterprise code (mã số doanh nghiệp = mã số thuế), and false
// when no digit is valid.
func EnterpriseCheckDigit(first9 string) (byte, bool) {
	if len(first9) < 9 {
		return 0, false
	}
	sum := 0
	for i, w := range enterpriseWeights {
		c := first9[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += w * int(c-'0')
	}
	d := 10 - sum%11
	if d == 10 {
		return 0, false
	}
	return byte('0' + d), true
}

// ValidEnterpriseCode reports whether code is a 10-digit enterprise code
// with a correct check digit.
func ValidEnterpriseCode(code string) bool {
	if len(code) != 10 {
		return false
	}
	d, ok := EnterpriseCheckDigit(code[:9])
	return ok && code[9] == d
}

// enterpriseCode draws a valid 10-digit code; the first two digits are a
// tax-office province code (01 Hà Nội, 02 Hải Phòng, 03 TP. Hồ Chí Minh,
// 04 Đà Nẵng…).
func enterpriseCode(r *rand.Rand) string {
	prefixes := []string{"01", "01", "02", "03", "03", "04", "23", "27", "29", "37"}
	for {
		s := pick(r, prefixes) + fmt.Sprintf("%07d", 1+r.IntN(9999999))
		if d, ok := EnterpriseCheckDigit(s); ok {
			return s + string(d)
		}
	}
}

// districtOf picks a locality of the province, or a generic district.
func localityOf(r *rand.Rand, province string) (district, ward string) {
	var ls []locality
	for _, l := range localities {
		if l.Province == province {
			ls = append(ls, l)
		}
	}
	if len(ls) == 0 {
		return pick(r, genericDistricts), pick(r, genericCommunes)
	}
	l := pick(r, ls)
	return l.Kind + " " + l.Name, pick(r, l.Wards)
}

func provinceLabel(p string) string {
	if centralCities[p] {
		return "thành phố " + p
	}
	return "tỉnh " + p
}

// shortAddress is the CCCD style "Xã Diễn Ngọc, Diễn Châu, Nghệ An".
func shortAddress(r *rand.Rand, province string) string {
	d, w := localityOf(r, province)
	return upperFirst(w) + ", " + stripKind(d) + ", " + province
}

func stripKind(s string) string {
	for _, k := range []string{"thị trấn ", "thành phố ", "thị xã ", "quận ", "huyện ", "phường ", "xã "} {
		if strings.HasPrefix(s, k) {
			rest := s[len(k):]
			if _, err := strconv.Atoi(rest); err == nil { // "quận 1", "phường 13" keep their kind
				return upperFirst(s)
			}
			return rest
		}
	}
	return s
}

// streetAddress is a full residence address in a province with localities.
func streetAddress(r *rand.Rand) string {
	l := pick(r, localities)
	w := pick(r, l.Wards)
	var b strings.Builder
	switch r.IntN(3) {
	case 0:
		fmt.Fprintf(&b, "Số %d, ngõ %d phố %s, ", 1+r.IntN(120), 2+r.IntN(300), pick(r, streets))
	case 1:
		fmt.Fprintf(&b, "Số %d đường %s, ", 1+r.IntN(400), pick(r, streets))
	default:
		fmt.Fprintf(&b, "Thôn %s, ", pick(r, []string{"Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Phú Mỹ", "An Lạc"}))
	}
	fmt.Fprintf(&b, "%s, %s %s, %s", w, l.Kind, l.Name, provinceLabel(l.Province))
	return b.String()
}

func upperFirst(s string) string {
	for i, c := range s {
		return strings.ToUpper(string(c)) + s[i+len(string(c)):]
	}
	return s
}

// upperVN uppercases Vietnamese text (strings.ToUpper is correct for it;
// the result is NFC because all precomposed letters have precomposed
// capitals).
func upperVN(s string) string { return strings.ToUpper(s) }

// longDate is the Nghị định 30/2020 form "ngày 05 tháng 02 năm 2023": days
// below 10 and months 1 and 2 take a leading zero.
func longDate(t time.Time) string {
	m := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		m = "0" + m
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), m, t.Year())
}

func slashDate(t time.Time) string { return t.Format("02/01/2006") }
func isoDate(t time.Time) string   { return t.Format("2006-01-02") }

var digitWords = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// readTriple reads 0..999; full forces "không trăm" for inner groups.
func readTriple(n int, full bool) string {
	h, t, u := n/100, n/10%10, n%10
	var w []string
	if h > 0 || full {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if h > 0 || full {
			w = append(w, "linh")
		}
		w = append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
		if u == 5 {
			w = append(w, "lăm")
		} else if u > 0 {
			w = append(w, digitWords[u])
		}
	default:
		w = append(w, digitWords[t], "mươi")
		switch u {
		case 0:
		case 1:
			w = append(w, "mốt")
		case 5:
			w = append(w, "lăm")
		default:
			w = append(w, digitWords[u])
		}
	}
	return strings.Join(w, " ")
}

// amountWords reads n in Vietnamese words, capitalised, e.g.
// 1250000000 → "Một tỷ hai trăm năm mươi triệu".
func amountWords(n int64) string {
	if n == 0 {
		return "Không"
	}
	units := []string{"", "nghìn", "triệu", "tỷ"}
	var groups []int
	for x := n; x > 0; x /= 1000 {
		groups = append(groups, int(x%1000))
	}
	var w []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		w = append(w, readTriple(g, i < len(groups)-1))
		if u := units[i%4]; u != "" {
			w = append(w, u)
		}
	}
	return upperFirst(strings.Join(w, " "))
}

// groupDigits formats 1250000 as "1.250.000".
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
