package pipeline

import (
	"regexp"
	"strings"
	"unicode"
)

// Document type codes.
const (
	TypeCCCD                = "cccd"
	TypeCMND                = "cmnd"
	TypeBirthCertificate    = "birth_certificate"
	TypeMarriageStatus      = "marriage_status"
	TypeMarriageCertificate = "marriage_certificate"
	TypeBusinessReg         = "business_registration"
	TypeLandUse             = "land_use_certificate"
	TypeDecision            = "decision"
	TypeOfficialLetter      = "official_letter"
	TypeCircular            = "circular"
	TypeDecree              = "decree"
	TypeResolution          = "resolution"
	TypePlan                = "plan"
	TypeNotice              = "notice"
	TypeReport              = "report"
	TypeApplication         = "application"
	TypeOther               = "other"
)

// DocTypes lists every type code.
var DocTypes = []string{TypeCCCD, TypeCMND, TypeBirthCertificate, TypeMarriageStatus,
	TypeMarriageCertificate, TypeBusinessReg, TypeLandUse, TypeDecision, TypeOfficialLetter,
	TypeCircular, TypeDecree, TypeResolution, TypePlan, TypeNotice, TypeReport,
	TypeApplication, TypeOther}

// titlePattern is the printed title that names a document's type, folded.
type titlePattern struct {
	title string
	typ   string
	// exact: the title must make up the whole line (short generic titles
	// that also open ordinary sentences: "Quyết định", "Báo cáo")
	exact bool
}

// titles are tried longest first, so "giấy chứng nhận kết hôn" wins over a
// shorter prefix; applications are matched by their opening word ("đơn",
// "tờ khai") before certificate names they mention ("tờ khai cấp giấy xác
// nhận tình trạng hôn nhân" is an application).
var titles = []titlePattern{
	{"to khai", TypeApplication, false},
	{"don de nghi", TypeApplication, false},
	{"don xin", TypeApplication, false},
	{"don dang ky", TypeApplication, false},
	{"don yeu cau", TypeApplication, false},
	{"giay de nghi", TypeApplication, false},
	{"phieu yeu cau", TypeApplication, false},
	{"don", TypeApplication, false},
	{"can cuoc cong dan", TypeCCCD, false},
	{"the can cuoc", TypeCCCD, false},
	{"can cuoc", TypeCCCD, true},
	{"citizen identity card", TypeCCCD, false},
	{"giay chung minh nhan dan", TypeCMND, false},
	{"chung minh nhan dan", TypeCMND, false},
	{"giay khai sinh", TypeBirthCertificate, false},
	{"trich luc khai sinh", TypeBirthCertificate, false},
	{"giay xac nhan tinh trang hon nhan", TypeMarriageStatus, false},
	{"giay chung nhan ket hon", TypeMarriageCertificate, false},
	{"trich luc ket hon", TypeMarriageCertificate, false},
	{"giay chung nhan dang ky doanh nghiep", TypeBusinessReg, false},
	{"giay chung nhan dang ky ho kinh doanh", TypeBusinessReg, false},
	{"giay chung nhan quyen su dung dat", TypeLandUse, false},
	{"quyet dinh", TypeDecision, true},
	{"thong tu", TypeCircular, true},
	{"nghi dinh", TypeDecree, true},
	{"nghi quyet", TypeResolution, true},
	{"ke hoach", TypePlan, true},
	{"thong bao", TypeNotice, true},
	{"bao cao", TypeReport, true},
	{"giay moi", TypeOther, true},
	{"ke hoach", TypePlan, false},
	{"thong bao", TypeNotice, false},
	{"bao cao", TypeReport, false},
	{"cong van", TypeOfficialLetter, true},
	{"giay moi", TypeOther, false},
}

// symbolTypes maps the type part of a document symbol ("56/2023/QĐ-UBND")
// to the type it denotes.
var symbolTypes = map[string]string{
	"qd": TypeDecision, "nd": TypeDecree, "tt": TypeCircular, "nq": TypeResolution,
	"kh": TypePlan, "tb": TypeNotice, "bc": TypeReport,
}

var reSymbolType = regexp.MustCompile(`\d+\s*(?:/\s*\d{4}\s*)?/\s*([a-z]{2})\s*-`)

// Classify returns the document type code of a page's text and a
// confidence in [0,1].
func Classify(text string) (docType string, confidence float64) {
	c := classifyLines(splitLines(text))
	return c.typ, c.conf
}

type classification struct {
	typ      string
	conf     float64
	titleIdx int // line index of the title, -1 if none
	titleEnd int // index of the first line after the title
}

func splitLines(text string) []string {
	raw := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	out := make([]string, len(raw))
	for i, l := range raw {
		out[i] = strings.Join(strings.Fields(l), " ")
	}
	return out
}

// matchTitle reports whether line is the printed title of a type, and how
// good the match is.
func matchTitle(line string) (typ string, quality float64, ok bool) {
	n := normTitle(line)
	if n == "" || len(n) > 120 {
		return "", 0, false
	}
	up := upperRatio(line)
	for _, t := range titles {
		end, dist, hit := fuzzyAt(n, 0, t.title)
		if !hit {
			continue
		}
		rest := strings.TrimSpace(n[end:])
		if t.exact && rest != "" {
			continue
		}
		if t.title == "don" && (rest == "" || strings.HasPrefix(rest, "vi")) {
			continue // "ĐƠN" alone is too weak; "đơn vị" is not a title
		}
		// A title is printed in capitals; a sentence that happens to start
		// with the same words is not.
		if up < 0.7 {
			continue
		}
		q := 0.97
		if dist > 0 {
			q = 0.9
		}
		return t.typ, q, true
	}
	return "", 0, false
}

func classifyLines(lines []string) classification {
	c := classification{typ: TypeOther, conf: 0.3, titleIdx: -1}
	limit := len(lines)
	if limit > 40 {
		limit = 40
	}
	for i := 0; i < limit; i++ {
		l := lines[i]
		// a merged header line holds the quốc hiệu, never a title
		if isNationalMotto(l) {
			continue
		}
		if typ, q, ok := matchTitle(l); ok {
			c = classification{typ: typ, conf: q, titleIdx: i, titleEnd: i + 1}
			break
		}
		// a speck read as a letter before the title: "¬ I CĂN CƯỚC CÔNG DÂN"
		if t := dropSpeck(l); t != l {
			if typ, q, ok := matchTitle(t); ok {
				c = classification{typ: typ, conf: q * 0.95, titleIdx: i, titleEnd: i + 1}
				break
			}
		}
		// a certificate title broken over two lines: "GIẤY CHỨNG NHẬN" /
		// "QUYỀN SỬ DỤNG ĐẤT …"
		if i+1 < len(lines) && strings.HasPrefix(normTitle(l), "giay") {
			if typ, q, ok := matchTitle(l + " " + lines[i+1]); ok {
				c = classification{typ: typ, conf: q * 0.95, titleIdx: i, titleEnd: i + 2}
				break
			}
		}
	}
	// The document symbol confirms or supplies the type.
	symType := ""
	for i := 0; i < limit; i++ {
		f := foldLine(lines[i]).fold
		if !strings.HasPrefix(strings.TrimSpace(f), "s") {
			continue
		}
		if m := reSymbolType.FindStringSubmatch(f); m != nil {
			symType = symbolTypes[m[1]]
			break
		}
	}
	switch {
	case c.titleIdx >= 0 && symType == c.typ:
		c.conf = min(0.99, c.conf+0.05)
	case c.titleIdx >= 0 && symType != "":
		c.conf *= 0.85
	case c.titleIdx < 0 && symType != "":
		c.typ, c.conf = symType, 0.7
	case c.titleIdx < 0 && hasVV(lines[:limit]):
		c.typ, c.conf = TypeOfficialLetter, 0.8
	case c.titleIdx < 0:
		// no title survived OCR: weigh the labels and phrases the
		// page's type prints
		if typ, conf, ok := classifyByCues(lines[:limit]); ok {
			c.typ, c.conf = typ, conf
		}
	}
	return c
}

// dropSpeck removes a leading token holding at most one letter (OCR
// debris at the left edge: "I", "L&,", "¬"), or returns l unchanged.
func dropSpeck(l string) string {
	first, rest, ok := strings.Cut(l, " ")
	if !ok || rest == "" {
		return l
	}
	letters := 0
	for _, r := range first {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters > 1 {
		return l
	}
	return rest
}

// cue is a phrase (folded) that a type prints, with its weight. A title
// cue counts in full only on a line printed in capitals (the title); in
// running text ("Căn cước công dân số …" on a certificate) it is a mention.
type cue struct {
	phrase string
	typ    string
	weight float64
	title  bool
}

// cues are titles, labels and fixed phrases of each type's form: a card's
// bilingual labels, a certificate's field labels. They decide the type
// only when no title was read.
var cues = []cue{
	{"citizen identity card", TypeCCCD, 3, false}, {"identity card", TypeCCCD, 2, false},
	{"can cuoc cong dan", TypeCCCD, 3, true}, {"can cuoc", TypeCCCD, 2, true},
	{"full name", TypeCCCD, 1, false}, {"date of expiry", TypeCCCD, 1.5, false}, {"place of origin", TypeCCCD, 1, false},
	{"place of residence", TypeCCCD, 1, false}, {"nationality", TypeCCCD, 1, false}, {"date of birth", TypeCCCD, 0.5, false},
	{"chung minh nhan dan", TypeCMND, 3, true}, {"nguyen quan", TypeCMND, 1.5, false}, {"dkhk", TypeCMND, 2, false},
	{"khai sinh", TypeBirthCertificate, 2, true}, {"noi dang ky khai sinh", TypeBirthCertificate, 2, false},
	{"ten nguoi me", TypeBirthCertificate, 1, false}, {"ten nguoi cha", TypeBirthCertificate, 1, false},
	{"tinh trang hon nhan", TypeMarriageStatus, 2, false},
	{"ket hon", TypeMarriageCertificate, 2, true}, {"chung nhan ket hon", TypeMarriageCertificate, 3, true},
	{"ten chong", TypeMarriageCertificate, 1.5, false}, {"ten vo", TypeMarriageCertificate, 1.5, false},
	{"ma so doanh nghiep", TypeBusinessReg, 2, false}, {"dang ky doanh nghiep", TypeBusinessReg, 2, true},
	{"von dieu le", TypeBusinessReg, 1.5, false}, {"nguoi dai dien theo phap luat", TypeBusinessReg, 1, false},
	{"quyen su dung dat", TypeLandUse, 2, true}, {"thua dat", TypeLandUse, 1.5, false}, {"to ban do", TypeLandUse, 1.5, false},
	{"kinh gui", TypeApplication, 0.5, false}, {"toi xin cam doan", TypeApplication, 2, false}, {"nguoi lam don", TypeApplication, 2, false},
	{"nguoi khai", TypeApplication, 1.5, false},
}

// classifyByCues weighs the cue phrases found (folded, one slip allowed
// in long phrases) and returns the type with most evidence when it is
// clear: at least 3 points and twice the runner-up.
func classifyByCues(lines []string) (string, float64, bool) {
	score := map[string]float64{}
	for _, l := range lines {
		f := normTitle(l)
		if f == "" {
			continue
		}
		starts := wordStarts(f)
		for _, c := range cues {
			for _, p := range starts {
				if _, _, ok := fuzzyAt(f, p, c.phrase); ok {
					w := c.weight
					if c.title && upperRatio(l) < 0.7 {
						w /= 4
					}
					score[c.typ] += w
					break
				}
			}
		}
	}
	best, second, typ := 0.0, 0.0, ""
	for t, v := range score {
		switch {
		case v > best:
			best, second, typ = v, best, t
		case v > second:
			second = v
		}
	}
	if best < 3 || best < 2*second {
		return "", 0, false
	}
	return typ, min(0.8, 0.4+best/20), true
}

var reVV = regexp.MustCompile(`^\s*v\s*[/l|1i]\s*v\b`)

// hasVV reports whether a line opens with "V/v", the summary marker of an
// official letter (công văn), which carries no title.
func hasVV(lines []string) bool {
	for _, l := range lines {
		if reVV.MatchString(foldLine(l).fold) {
			return true
		}
	}
	return false
}

var mottoParts = []string{"cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc"}

// isNationalMotto reports whether l contains the quốc hiệu or tiêu ngữ.
func isNationalMotto(l string) bool {
	_, _, ok := findMotto(l)
	return ok
}

// findMotto locates the quốc hiệu or tiêu ngữ in l and returns its byte
// span in l.
func findMotto(l string) (start, end int, ok bool) {
	f := foldLine(l)
	// compare on letters only, so dashes and spacing do not matter
	var letters []byte
	var pos []int
	for i := 0; i < len(f.fold); i++ {
		c := f.fold[i]
		if c >= 'a' && c <= 'z' {
			letters = append(letters, c)
			pos = append(pos, i)
		}
	}
	s := string(letters)
	for _, m := range mottoParts {
		m = strings.ReplaceAll(m, " ", "")
		k := 3
		for p := 0; p+len(m)-k <= len(s); p++ {
			if s[p] != m[0] {
				continue
			}
			if e := min(p+8, len(s)); levenshtein(s[p:e], m[:8], 2) > 2 {
				continue // cheap filter before the full comparison
			}
			best, bestN := k+1, 0
			for n := len(m) - k; n <= len(m)+k && p+n <= len(s); n++ {
				if d := levenshtein(s[p:p+n], m, k); d <= best {
					best, bestN = d, n
				}
			}
			if best <= k {
				st := f.origAt(pos[p])
				en := f.origAt(pos[p+bestN-1] + 1)
				return st, en, true
			}
		}
	}
	return 0, 0, false
}
