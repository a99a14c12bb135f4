package pipeline

import (
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vnid"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
)

// Repairs of OCR slips inside values. Each one restores a spelling only
// when a single candidate fits: a value is never rewritten into something
// that is not on the page up to the slip.

// printedTitles are the legal names of the document types as printed on
// the forms (Thông tư 01/2011/TT-BNV, the civil-status and ID-card forms).
// A title whose folded words equal one of these, or start with one, regains
// its diacritics: "GIAY CHƯNG NHẠN" → "GIẤY CHỨNG NHẬN".
var printedTitles = []string{
	"GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH",
	"GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
	"GIẤY CHỨNG NHẬN KẾT HÔN", "GIẤY CHỨNG MINH NHÂN DÂN", "CHỨNG MINH NHÂN DÂN",
	"CĂN CƯỚC CÔNG DÂN", "THẺ CĂN CƯỚC", "CĂN CƯỚC", "GIẤY KHAI SINH", "TRÍCH LỤC KHAI SINH",
	"TRÍCH LỤC KẾT HÔN", "GIẤY CHỨNG NHẬN", "QUYẾT ĐỊNH", "THÔNG TƯ", "NGHỊ ĐỊNH",
	"NGHỊ QUYẾT", "KẾ HOẠCH", "THÔNG BÁO", "BÁO CÁO", "GIẤY MỜI", "CÔNG VĂN",
	"TỜ KHAI", "ĐƠN ĐỀ NGHỊ", "ĐƠN XIN", "ĐƠN ĐĂNG KÝ", "ĐƠN YÊU CẦU", "GIẤY ĐỀ NGHỊ",
	"PHIẾU YÊU CẦU",
}

// canonicalTitle restores the printed spelling of the words of t that
// spell a known title, longest first; the rest of t is kept as read.
func canonicalTitle(t string) string {
	ws := strings.Fields(t)
	if len(ws) == 0 {
		return t
	}
	folds := make([]string, len(ws))
	for i, w := range ws {
		folds[i] = normTitle(w)
	}
	for _, p := range printedTitles {
		pw := strings.Fields(p)
		// glued: "THÔNGTƯ" is one word for two
		if len(ws) == 1 && folds[0] == strings.ReplaceAll(normTitle(p), " ", "") {
			return p
		}
		if len(pw) > len(ws) {
			continue
		}
		ok := true
		for i, w := range pw {
			if folds[i] != normTitle(w) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if upperRatio(strings.Join(ws[:len(pw)], " ")) < 0.7 {
			return t
		}
		return strings.Join(append(append([]string{}, pw...), ws[len(pw):]...), " ")
	}
	return t
}

// repairCaps repairs the words of a value printed in capitals (an issuer,
// a title), which the page-level post-correction leaves alone: a word that
// is not a Vietnamese syllable is replaced by the one listed syllable a
// single edit away, or split into two listed syllables when exactly one
// split exists ("CHÍMINH" → "CHÍ MINH").
func repairCaps(v string) string {
	ws := strings.Fields(v)
	changed := false
	for i, w := range ws {
		if r, ok := repairCapsWord(w); ok {
			ws[i] = r
			changed = true
		}
	}
	if !changed {
		return v
	}
	return strings.Join(ws, " ")
}

func repairCapsWord(w string) (string, bool) {
	core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
	if core == "" || core != w {
		return "", false // keep words with digits or punctuation (symbols, "UBND-VP")
	}
	for _, r := range core {
		if !unicode.IsUpper(r) {
			return "", false
		}
	}
	low := vntext.Lower(core)
	rs := []rune(low)
	if len(rs) < 2 || vnsyllables.Valid(low) || isAbbrev(core) {
		return "", false
	}
	if r, ok := vnsyllables.Repair(low); ok {
		return vntext.NFC(strings.ToUpper(r)), true
	}
	parts, ok := segment(rs)
	if !ok {
		return "", false
	}
	return vntext.NFC(strings.ToUpper(strings.Join(parts, " "))), true
}

// gluedAbbrevs may open a glued header word: "UBNDTỈNHNAMĐỊNH".
var gluedAbbrevs = map[string]bool{"ubnd": true, "hđnd": true}

// segment splits a glued lowercase word into listed syllables of two or
// more letters (or a leading abbreviation), when the split into the
// fewest parts is unique.
func segment(rs []rune) ([]string, bool) {
	n := len(rs)
	if n > 40 {
		return nil, false
	}
	const inf = 1 << 30
	best := make([]int, n+1) // fewest parts for rs[i:]
	ways := make([]int, n+1)
	next := make([]int, n+1)
	best[n], ways[n] = 0, 1
	for i := n - 1; i >= 0; i-- {
		best[i] = inf
		for j := i + 2; j <= n && j <= i+7; j++ {
			p := string(rs[i:j])
			if !vnsyllables.InList(p) && !(i == 0 && gluedAbbrevs[p]) || best[j] == inf {
				continue
			}
			switch c := best[j] + 1; {
			case c < best[i]:
				best[i], ways[i], next[i] = c, ways[j], j
			case c == best[i]:
				ways[i] += ways[j]
			}
		}
	}
	if best[0] == inf || best[0] < 2 || ways[0] != 1 {
		return nil, false
	}
	var parts []string
	for i := 0; i < n; i = next[i] {
		parts = append(parts, string(rs[i:next[i]]))
	}
	return parts, true
}

// isAbbrev reports whether an all-capitals word is an abbreviation
// (UBND, HĐND, TTg): no vowel, or a known one.
func isAbbrev(w string) bool {
	for _, r := range vntext.Fold(w) {
		switch r {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return false
		}
	}
	return true
}

// surnameFolds maps a folded family name to its spelling when only one
// common family name folds to it.
var surnameFolds = map[string]string{}

func init() {
	count := map[string]int{}
	for s := range surnames {
		f := vntext.Fold(s)
		count[f]++
		surnameFolds[f] = s
	}
	for f, n := range count {
		if n > 1 {
			delete(surnameFolds, f)
		}
	}
}

// repairSurname restores the diacritics of a name's family name when OCR
// changed them into a spelling that is no family name ("NGUYÊN THẢO HIỀN"
// → "NGUYỄN THẢO HIỀN"). Only the first word of a name of 2–5 words.
func repairSurname(name string) string {
	ws := strings.Fields(name)
	if len(ws) < 2 || len(ws) > 5 {
		return name
	}
	first := vntext.Lower(ws[0])
	if surnames[first] || vntext.Fold(name) == name || vntext.Fold(strings.ToLower(name)) == strings.ToLower(name) {
		return name // a name printed without diacritics stays so
	}
	s, ok := surnameFolds[vntext.Fold(first)]
	if !ok {
		return name
	}
	if upperRatio(ws[0]) > 0.5 {
		s = strings.ToUpper(s)
	} else {
		s = upperFirst(s)
	}
	ws[0] = vntext.NFC(s)
	return strings.Join(ws, " ")
}

// repairProvince restores the spelling of the province an address ends
// with, when its last words fold to exactly one province's name ("thành
// phố Hà Nỗi" → "thành phố Hà Nội").
func repairProvince(addr string) string {
	ws := strings.Fields(addr)
	for k := 3; k >= 1; k-- {
		if len(ws) <= k {
			continue
		}
		tail := strings.Join(ws[len(ws)-k:], " ")
		if p, ok := provinceByFold(tail); ok {
			if p == tail {
				return addr
			}
			return strings.Join(append(ws[:len(ws)-k:len(ws)-k], p), " ")
		}
	}
	return addr
}

// provinceFolds maps a province's folded name to its spelling.
var provinceFolds = map[string]string{}

func init() {
	for _, c := range vnid.ProvinceCodes() {
		p, _ := vnid.Province(c)
		provinceFolds[normTitle(p)] = p
	}
}

func provinceByFold(s string) (string, bool) {
	p, ok := provinceFolds[normTitle(s)]
	return p, ok
}

// unitTerms are the names of administrative units and local bodies
// (Luật Tổ chức chính quyền địa phương): multi-word, so that their folded
// form names nothing else. A run of words folding to one of them regains
// its spelling: "THÀNH PHỔ" → "THÀNH PHỐ", "ỦY BẠN NHÂN DÂN" → "ỦY BAN
// NHÂN DÂN".
var unitTerms = [][]string{
	strings.Fields("ủy ban nhân dân"), strings.Fields("hội đồng nhân dân"),
	strings.Fields("thành phố"), strings.Fields("thị xã"), strings.Fields("thị trấn"),
}

// bodyTerms are the statutory names of the ministries and of the business
// registration office (Nghị định 01/2021/NĐ-CP), restored the same way in
// an issuer only.
var bodyTerms = func() [][]string {
	var out [][]string
	for _, t := range []string{"phòng đăng ký kinh doanh", "kế hoạch và đầu tư", "thông tin và truyền thông",
		"tài nguyên và môi trường", "giáo dục và đào tạo", "lao động thương binh và xã hội",
		"văn hóa thể thao và du lịch", "nông nghiệp và phát triển nông thôn", "khoa học và công nghệ",
		"giao thông vận tải", "tài chính", "tư pháp", "nội vụ", "công thương", "xây dựng", "y tế"} {
		out = append(out, strings.Fields(t))
	}
	return out
}()

// repairUnits restores the spelling of administrative unit names in v.
func repairUnits(v string) string {
	return repairTerms(v, unitTerms)
}

// repairBodies restores unit and body names in an issuer.
func repairBodies(v string) string {
	return repairTerms(repairTerms(v, unitTerms), bodyTerms)
}

func repairTerms(v string, terms [][]string) string {
	ws := strings.Fields(v)
	changed := false
	for i := 0; i < len(ws); i++ {
		for _, term := range terms {
			if i+len(term) > len(ws) {
				continue
			}
			ok := true
			for j, t := range term {
				if normTitle(ws[i+j]) != vntext.Fold(t) || strings.ContainsFunc(ws[i+j], func(r rune) bool { return !unicode.IsLetter(r) }) {
					ok = false
					break
				}
			}
			// a run read without any diacritics was printed or read so
			// on purpose; only slips in present marks are repaired
			if ascii := strings.Join(ws[i:i+len(term)], ""); ok && vntext.Fold(ascii) == strings.ToLower(ascii) || ok && vntext.Fold(ascii) == ascii {
				ok = false
			}
			if !ok {
				continue
			}
			for j, t := range term {
				w := ws[i+j]
				if vntext.Lower(w) == t || vntext.Lower(w) == "uỷ" {
					continue
				}
				switch rs := []rune(w); {
				case upperRatio(w) > 0.5 && len(rs) > 1:
					t = strings.ToUpper(t)
				case unicode.IsUpper(rs[0]):
					t = upperFirst(t)
				}
				ws[i+j] = vntext.NFC(t)
				changed = true
			}
			i += len(term) - 1
			break
		}
	}
	if !changed {
		return v
	}
	return strings.Join(ws, " ")
}

// upperTitleWords puts the stray lower-case letter of a word back into
// capitals in a line printed in capitals: "CẤp" → "CẤP".
func upperTitleWords(t string) string {
	if upperRatio(t) < 0.8 {
		return t
	}
	ws := strings.Fields(t)
	for i, w := range ws {
		if upperRatio(w) >= 0.5 && upperRatio(w) < 1 && vnsyllables.Valid(vntext.Lower(w)) {
			ws[i] = vntext.NFC(strings.ToUpper(w))
		}
	}
	return strings.Join(ws, " ")
}

// repairProvinceNames restores a province's name after "tỉnh" / "thành
// phố" anywhere in a value (an issuer: "SỞ … TỈNH ĐẮĂK LẮK PHÒNG …") when
// the words that follow are one slip from exactly one province's folded
// name.
func repairProvinceNames(v string) string {
	ws := strings.Fields(v)
	for i := 0; i < len(ws); i++ {
		f := normTitle(ws[i])
		if f != "tinh" && !(f == "pho" && i > 0 && normTitle(ws[i-1]) == "thanh") {
			continue
		}
		for k := 3; k >= 1; k-- {
			if i+1+k > len(ws) {
				continue
			}
			cand := strings.Join(ws[i+1:i+1+k], " ")
			if strings.ContainsFunc(cand, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' }) {
				continue
			}
			p, ok := nearProvince(normTitle(cand))
			if !ok {
				continue
			}
			if cand != p {
				if upperRatio(cand) > 0.5 {
					p = vntext.NFC(strings.ToUpper(p))
				}
				if cand == p {
					break
				}
				ws = append(ws[:i+1], append(strings.Fields(p), ws[i+1+k:]...)...)
			}
			i += len(strings.Fields(p))
			break
		}
	}
	return strings.Join(ws, " ")
}

// nearProvince returns the one province whose folded name is f, or one
// edit from it when f is long enough for a slip to be told from another
// name.
func nearProvince(f string) (string, bool) {
	if p, ok := provinceFolds[f]; ok {
		return p, true
	}
	if len(f) < 6 {
		return "", false
	}
	found, n := "", 0
	for pf, p := range provinceFolds {
		if levenshtein(f, pf, 1) <= 1 {
			found = p
			n++
		}
	}
	return found, n == 1
}
