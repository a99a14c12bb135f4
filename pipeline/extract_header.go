package pipeline

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// splitColumnGaps uses word boxes to undo merged columns: where OCR put
// the header's left and right columns on one line, a wide horizontal gap
// separates them, and the line is split there (left part first).
func splitColumnGaps(text string, words []Word) (string, columns) {
	cols := columns{left: map[string]int{}}
	for _, w := range words {
		cols.pageW = max(cols.pageW, w.Box.X+w.Box.W)
	}
	type group struct {
		line  int
		words []Word
	}
	var groups []*group
	idx := map[int]*group{}
	for _, w := range words {
		g, ok := idx[w.Line]
		if !ok {
			g = &group{line: w.Line}
			idx[w.Line] = g
			groups = append(groups, g)
		}
		g.words = append(g.words, w)
	}
	repl := map[string]string{}
	for _, g := range groups {
		ws := g.words
		if len(ws) < 2 {
			continue
		}
		sort.SliceStable(ws, func(i, j int) bool { return ws[i].Box.X < ws[j].Box.X })
		h := medianHeight(ws, nil)
		if h <= 0 {
			continue
		}
		var segs []string
		var cur []string
		x0 := ws[0].Box.X
		for i, w := range ws {
			if i > 0 {
				gap := w.Box.X - (ws[i-1].Box.X + ws[i-1].Box.W)
				if gap > 3*h {
					seg := strings.Join(cur, " ")
					segs = append(segs, seg)
					cols.note(seg, x0)
					cur, x0 = nil, w.Box.X
				}
			}
			cur = append(cur, w.Text)
		}
		segs = append(segs, strings.Join(cur, " "))
		cols.note(segs[len(segs)-1], x0)
		if len(segs) > 1 {
			joined := vntext.CollapseSpace(strings.Join(segs, " "))
			repl[joined] = strings.Join(segs, "\n")
		}
	}
	if len(repl) == 0 {
		return text, cols
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if r, ok := repl[vntext.CollapseSpace(l)]; ok {
			lines[i] = r
		}
	}
	return strings.Join(lines, "\n"), cols
}

// columns records where line segments start on the page, from word boxes.
type columns struct {
	left  map[string]int // collapsed segment text → x of its first word
	pageW int
}

// note records where a segment starts. A text printed twice (the
// issuer in the header and again centred above "Căn cứ") keeps its
// leftmost position: only header lines are asked about.
func (c columns) note(seg string, x int) {
	k := vntext.CollapseSpace(seg)
	if old, ok := c.left[k]; !ok || x < old {
		c.left[k] = x
	}
}

// rightColumn reports whether the boxes put line l in the right half of
// the page (where the quốc hiệu and the date are, never the issuer).
func (c columns) rightColumn(l string) bool {
	x, ok := c.left[vntext.CollapseSpace(l)]
	return ok && c.pageW > 0 && x > c.pageW*2/5
}

// splitMottoLines splits header lines on which OCR merged the issuer (left
// column) with the quốc hiệu or tiêu ngữ (right column):
// "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" → two lines.
func splitMottoLines(lines []string) []string {
	out := make([]string, 0, len(lines)+4)
	for i, l := range lines {
		if i >= 20 {
			out = append(out, l)
			continue
		}
		st, en, ok := findMotto(l)
		if !ok {
			out = append(out, l)
			continue
		}
		if left := strings.TrimSpace(l[:st]); left != "" {
			out = append(out, left)
		}
		out = append(out, strings.TrimSpace(l[st:en]))
		if right := strings.TrimSpace(l[en:]); right != "" && hasLetter(right) {
			out = append(out, right)
		}
	}
	return out
}

var (
	reSoLabel      = regexp.MustCompile(`^s[o6]?\s*[:.;]\s*|^s[o6]\s+[0-9o]`)
	reSpaceSep     = regexp.MustCompile(`\s*([/\-])\s*`)
	reDocNumber    = regexp.MustCompile(`^\d+(?:-[A-ZĐ]+)?(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*$|^\d+(?:/\d{4})?$`)
	reEnglishMotto = regexp.MustCompile(`socialist republic|independence|freedom|happiness`)
)

// header reads the issuer, the number and symbol, and the issue date from
// the top of an administrative document.
func (x *extractor) header() {
	end := len(x.lines)
	if x.cls.titleIdx >= 0 {
		end = x.cls.titleIdx
	}
	if end > 25 {
		end = 25
	}
	var issuer []string
	issuerDone := false
	numberAt := -1
	for i := 0; i < end; i++ {
		l := x.lines[i]
		f := strings.TrimSpace(foldLine(l).fold)
		if l == "" {
			continue
		}
		if numberAt < 0 && reSoLabel.MatchString(trimLeadJunk(f)) {
			numberAt = i
			issuerDone = true
			x.docNumber(l)
		}
		if _, ok := x.fields["issue_date"]; !ok && placeDateLine(f) {
			if iso, ok := ParseDate(l); ok {
				x.set("issue_date", iso, dateRaw(l), 0.95)
			}
			issuerDone = true
		}
		if issuerDone || numberAt >= 0 {
			continue
		}
		if isNationalMotto(l) || reEnglishMotto.MatchString(f) || letterCount(l) < 2 || reVV.MatchString(f) || x.cols.rightColumn(l) {
			continue
		}
		if len(findLabels(l, false)) > 0 {
			issuerDone = true
			continue
		}
		// issuer lines are printed in capitals
		if upperRatio(l) < 0.8 {
			if len(issuer) > 0 {
				issuerDone = true
			}
			continue
		}
		issuer = append(issuer, trimJunk(l))
	}
	if numberAt < 0 && x.cls.titleIdx >= 0 {
		// certificates print their number under the title
		for i := x.cls.titleIdx + 1; i < len(x.lines) && i <= x.cls.titleIdx+3; i++ {
			if reSoLabel.MatchString(strings.TrimSpace(foldLine(x.lines[i]).fold)) {
				x.docNumber(x.lines[i])
				break
			}
		}
	}
	// the head may be glued to what follows: "UBNDTỈNHNAMĐỊNH"
	if len(issuer) > 0 && len(issuer) <= 4 && reIssuerHead.MatchString(normTitle(repairCaps(issuer[0]))) {
		joined := strings.Join(issuer, " ")
		x.set("issuer", x.repairFromPage(repairProvinceNames(repairBodies(repairCaps(joined)))), joined, 0.9)
	}
	if _, ok := x.fields["issue_date"]; !ok {
		// forms date themselves at the bottom, above the signature
		for i := len(x.lines) - 1; i >= 0; i-- {
			f := strings.TrimSpace(foldLine(x.lines[i]).fold)
			if rePlaceDate.MatchString(f) || rePlaceDateIn.MatchString(x.lines[i]) {
				if iso, ok := ParseDate(x.lines[i]); ok {
					x.set("issue_date", iso, dateRaw(x.lines[i]), 0.85)
					break
				}
			}
		}
	}
}

// reIssuerHead opens the name of an issuing body; a header line that
// starts otherwise is OCR debris (an upside-down or noisy scan), not an
// issuer, and is better absent than invented.
var reIssuerHead = regexp.MustCompile(`^(?:uy ban|ubnd|bo|so|phong|chinh phu|quoc hoi|hoi dong|hdnd|cuc|chi cuc|tong cuc|van phong|ban|truong|cong an|toa an|vien|thanh tra|kho bac|tinh|thanh pho|quan|huyen|xa|phuong|thi xa|thi tran|dang|doan|mat tran|trung tam|benh vien|co quan|tap doan|tong cong ty|cong ty|ngan hang)\b`)

// dateRaw is the date part of a place-and-date line, for word matching.
func dateRaw(l string) string {
	f := foldLine(l)
	hits := findDates(f.fold)
	if len(hits) == 0 {
		return l
	}
	return l[f.origAt(hits[0].start):f.origAt(hits[0].end)]
}

// symbolFix restores the Đ that OCR drops from common symbol parts.
var symbolFix = map[string]string{"QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "BGDDT": "BGDĐT", "SGDDT": "SGDĐT", "BKHDT": "BKHĐT", "SKHDT": "SKHĐT", "BLDTBXH": "BLĐTBXH", "QD-TTg": "QĐ-TTg"}

func (x *extractor) docNumber(l string) {
	f := foldLine(l)
	trimmed := trimLeadJunk(f.fold)
	m := reSoLabel.FindStringIndex(trimmed)
	if m == nil {
		return
	}
	lead := len(f.fold) - len(trimmed)
	if c := f.fold[lead+m[1]-1]; m[1] > 0 && c >= '0' && c <= '9' || c == 'o' {
		m[1]-- // the pattern ends on the number's first character
	}
	rest := l[f.origAt(lead+m[1]):]
	rest = reSpaceSep.ReplaceAllString(strings.TrimSpace(rest), "$1")
	tok := strings.Fields(rest + " ")
	if len(tok) == 0 {
		return
	}
	raw := tok[0]
	// the symbol ends at the first character that cannot be part of it
	// ("767/GM-UBND..-_" → "767/GM-UBND")
	if i := strings.IndexFunc(raw, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' || r == '-')
	}); i > 0 {
		raw = raw[:i]
	}
	raw = strings.TrimRight(raw, "-/")
	val := repairDocNumber(raw)
	x.set("doc_number", val, raw, 0.95)
	if !reDocNumber.MatchString(val) {
		x.review("doc_number", "number and symbol not in the form N/YYYY/TYPE-ISSUER")
	}
}

// repairDocNumber fixes OCR slips in a number and symbol: letters read in
// the leading number (O→0) and symbol parts that lost their Đ.
func repairDocNumber(s string) string {
	num, sym, ok := strings.Cut(s, "/")
	if !ok {
		// a lost slash between the number and a symbol: "767GM-UBND"
		if m := reGluedSymbol.FindStringSubmatch(s); m != nil {
			if r := m[1] + "/" + m[2]; reDocNumber.MatchString(repairDocNumber(r)) {
				return repairDocNumber(r)
			}
		}
		return s
	}
	if r := strings.NewReplacer("O", "0", "o", "0", "l", "1", "I", "1").Replace(num); isDigits(r) {
		num = r
	}
	// a slash read with a stroke after it: "191/7NQ-CP" (a symbol's type
	// is letters, so a lone 1 or 7 before them is no part of it)
	if len(sym) > 2 && (sym[0] == '1' || sym[0] == '7') && sym[1] >= 'A' && sym[1] <= 'Z' {
		if r := repairDocNumber(num + "/" + sym[1:]); reDocNumber.MatchString(r) {
			return r
		}
	}
	parts := strings.Split(sym, "/")
	for i, p := range parts {
		if r := strings.NewReplacer("O", "0", "o", "0", "l", "1", "I", "1").Replace(p); len(p) == 4 && isDigits(r) {
			parts[i] = r
			continue
		}
		segs := strings.Split(p, "-")
		for j, s := range segs {
			if f, ok := symbolFix[s]; ok {
				segs[j] = f
			}
		}
		parts[i] = strings.Join(segs, "-")
	}
	return num + "/" + strings.Join(parts, "/")
}

var reGluedSymbol = regexp.MustCompile(`^(\d+)([A-ZĐ]{2,}-[A-ZĐ].*)$`)

// trimLeadJunk drops the specks OCR puts before a line's first word
// (". Số: 144/NQ-CP").
func trimLeadJunk(f string) string {
	return strings.TrimLeftFunc(f, func(r rune) bool { return !isAlnum(r) })
}

// letterCount is the number of letters in s.
func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// reProperCont opens a summary line that continues the phrase above with a
// capitalised name: "… biện pháp thi hành" / "Luật Cư trú".
var reProperCont = regexp.MustCompile(`^(?:luat|bo luat|nghi dinh|nghi quyet|thong tu|phap lenh)\b`)

// reEndsInstrument ends a line whose next line names the instrument.
var reEndsInstrument = regexp.MustCompile(`\b(?:luat|bo luat|nghi dinh|nghi quyet|thong tu|phap lenh)$`)

var reVeViecDot = regexp.MustCompile(`^Về việc\.`)

var reVVPrinted = regexp.MustCompile(`^[Vv]\s*[/lI|1]\s*[Vv]\b`)

var (
	reSummaryStart = regexp.MustCompile(`^(?:v\s*[/l|1i]\s*v\b|ve\s+viec\b)`)
	reBodyStart    = regexp.MustCompile(`^(?:can cu|kinh gui|theo de nghi|xet de nghi|thuc hien|dieu \d|noi nhan|chuong|phan)\b`)
)

// summary reads the trích yếu: the "V/v …" / "Về việc …" line (with its
// continuation lines), or the lines under the title of a normative text.
func (x *extractor) summary() {
	limit := min(len(x.lines), 40)
	start := -1
	for i := 0; i < limit; i++ {
		f := strings.TrimSpace(foldLine(trimJunk(x.lines[i])).fold)
		if reSummaryStart.MatchString(f) {
			start = i
			break
		}
	}
	switch x.cls.typ {
	case TypeDecision, TypeCircular, TypeDecree, TypeResolution, TypePlan, TypeNotice, TypeReport, TypeOther:
		if start < 0 && x.cls.titleIdx >= 0 && x.cls.titleIdx+1 < len(x.lines) {
			start = x.cls.titleIdx + 1
			if x.lines[start] == "" {
				return
			}
		}
	}
	if start < 0 {
		return
	}
	parts := []string{trimJunk(x.lines[start])}
	for j := start + 1; j < len(x.lines) && j <= start+4; j++ {
		l := x.lines[j]
		f := strings.TrimSpace(foldLine(l).fold)
		if l == "" || reBodyStart.MatchString(f) || placeDateLine(f) || reSoLabel.MatchString(f) || isNationalMotto(l) {
			break
		}
		if _, _, ok := matchTitle(l); ok {
			break
		}
		// a summary's continuation goes on mid-phrase, in lower case; a
		// capital starts the body (or the issuer's name before "Căn cứ")
		if r := []rune(l)[0]; unicode.IsUpper(r) && (upperRatio(l) > 0.6 || !reProperCont.MatchString(f) && !reEndsInstrument.MatchString(foldLine(parts[len(parts)-1]).fold)) &&
			!x.nameContinues(parts[len(parts)-1], j) {
			break
		}
		parts = append(parts, l)
	}
	if len(parts) > 1 {
		parts[0] = keepJoinMark(x.lines[start], parts[0])
	}
	s := strings.Join(parts, " ")
	val := strings.TrimRight(s, " ;")
	// a speck read as a full stop after "Về việc"
	if m := reVeViecDot.FindStringIndex(val); m != nil {
		val = val[:m[1]-1] + val[m[1]:]
	}
	// the summary marker is printed "V/v" (Nghị định 30/2020/NĐ-CP)
	if m := reVVPrinted.FindStringIndex(val); m != nil {
		val = "V/v" + val[m[1]:]
	}
	x.set("summary", val, s, 0.9)
}

// rePlaceDateIn finds a place and date line that OCR merged after other
// words: "Số vào sổ cấp GCN: CS 18658 Lê Chân, ngày 26 tháng 02 năm 2022".
// The place is one to four capitalised words.
var rePlaceDateIn = regexp.MustCompile(`(?:^|\s)\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3},\s*[Nn]\S{2,3}\s+\d`)

// keepJoinMark puts back the comma or dash that ends a wrapped summary
// line and that trimming took for a speck: "… kinh tế -" / "xã hội …",
// "… tiếp công dân," / "giải quyết …".
func keepJoinMark(line, trimmed string) string {
	k := strings.LastIndex(line, trimmed)
	if k < 0 {
		return trimmed
	}
	switch tail := strings.TrimSpace(line[k+len(trimmed):]); tail {
	case ",", ";":
		return trimmed + tail
	case "-", "–":
		return trimmed + " " + tail
	}
	return trimmed
}

// nameContinues reports whether line j goes on with a proper name that
// the previous summary line broke: "… kiện toàn Ban" / "Chỉ đạo chuyển
// đổi số năm 2022". The previous line must end in a capitalised word in
// lower-case text, line j must be short and mostly lower case, and what
// follows it must not go on (a heading, the body, a blank).
func (x *extractor) nameContinues(prev string, j int) bool {
	ws := strings.Fields(prev)
	if len(ws) < 3 || upperRatio(prev) > 0.5 {
		return false
	}
	if !hasLetter(ws[len(ws)-1]) {
		return false
	}
	l := x.lines[j]
	if len(strings.Fields(l)) > 10 || upperRatio(l) > 0.4 {
		return false
	}
	if j+1 >= len(x.lines) {
		return true
	}
	n := x.lines[j+1]
	f := strings.TrimSpace(foldLine(n).fold)
	return n == "" || reBodyStart.MatchString(f) || reItemStart.MatchString(f) || upperRatio(n) > 0.8
}

// surnames are the common Vietnamese family names; a signer's name at the
// foot of a document starts with one.
var surnames = map[string]bool{}

func init() {
	for _, s := range strings.Fields("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Đinh Lâm Mai Trịnh Trương Tô Hà Lương Cao Tạ Chu Lưu Châu Quách Thái Kiều Triệu Tăng Phùng Khổng Ông La Lại Vương Tống Âu Giang Mạc Nông Hứa Kim Lò Lục Từ Đàm Khúc Văn Ninh Thân Nghiêm Quản Diệp Doãn Tôn") {
		surnames[vntext.Lower(s)] = true
	}
}

// signer reads the signer's name: the last line at the foot of the page
// that ends with a personal name.
func (x *extractor) signer() {
	stop := max(0, len(x.lines)-18)
	if x.cls.titleIdx >= stop {
		stop = x.cls.titleIdx + 1
	}
	for i := len(x.lines) - 1; i >= stop; i-- {
		name := trailingName(x.lines[i])
		if name == "" {
			continue
		}
		x.set("signer", repairSurname(titleCaseName(name)), name, 0.85)
		return
	}
}

// titleCaseName writes a word OCR read in capitals in a signer's name
// printed in title case ("LÊ Minh Khoa" → "Lê Minh Khoa").
func titleCaseName(n string) string {
	ws := strings.Fields(n)
	title := 0
	for _, w := range ws {
		if upperRatio(w) < 0.5 {
			title++
		}
	}
	if title*2 < len(ws) {
		return n
	}
	for i, w := range ws {
		if l := vntext.Lower(w); upperRatio(w) == 1 && utf8.RuneCountInString(l) > 1 {
			ws[i] = upperFirst(l)
		}
	}
	return strings.Join(ws, " ")
}

// trailingName returns the personal name that ends l, if any: 2–5
// capitalised words starting with a family name.
func trailingName(l string) string {
	ws := strings.Fields(l)
	for i, w := range ws {
		// a speck read as a quote: "Phan Quang 'Tài"
		ws[i] = strings.Trim(w, "'\"`‘’“”")
	}
	n := 0
	for i := len(ws) - 1; i >= 0 && n < 6; i-- {
		if !nameWord(ws[i]) {
			break
		}
		n++
	}
	// the longest suffix that starts with a surname
	for k := n; k >= 2; k-- {
		cand := ws[len(ws)-k:]
		if k > 5 {
			continue
		}
		// a family name, or a slip of the one family name that folds
		// alike ("Ngõ", "Đỉnh", "Bui"; repairSurname restores it)
		first := vntext.Lower(cand[0])
		if _, slip := surnameFolds[vntext.Fold(first)]; surnames[first] || slip {
			// "(Đã ký)" or a title ending in a surname-like word is not a name
			return strings.Join(cand, " ")
		}
	}
	return ""
}

func nameWord(w string) bool {
	first := true
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
		if first && !unicode.IsUpper(r) {
			return false
		}
		first = false
	}
	return !first && !titleWords[vntext.Lower(w)]
}

// titleWords appear in signature blocks in capitals but are not names.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("chủ tịch phó giám đốc trưởng bộ thủ tướng chánh phòng tm kt tl q ủy ban dân hội đồng sở quận huyện xã phường tỉnh phố người ký khai làm đơn cán pháp tịch cục") {
		titleWords[w] = true
	}
}
