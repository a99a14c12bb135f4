package pipeline

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/sohoa/sohoa/internal/vnid"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
)

// now is the clock used for "not in the future" checks; tests may pin it.
var now = time.Now

// labelSpec names a field and the printed labels that introduce it.
type labelSpec struct {
	field  string
	labels []string // as printed; folded at init
	folded []string
}

// personLabels are the labelled fields of cards, certificates and forms.
// Order matters only for ties on one line.
var personLabels = []*labelSpec{
	{field: "full_name", labels: []string{"Họ và tên", "Họ, chữ đệm, tên", "Họ, chữ đệm và tên", "Họ tên", "Full name", "Tôi tên là", "Ông/Bà", "Ông", "Bà"}},
	{field: "doc_number", labels: []string{"Số vào sổ cấp GCN", "Số vào sổ cấp giấy chứng nhận"}},
	{field: "id_number", labels: []string{"Số định danh cá nhân", "Số căn cước công dân", "Số CCCD", "Số CMND", "Căn cước công dân số", "CCCD số", "CMND số", "Số chứng minh nhân dân", "Số căn cước", "Số giấy tờ tùy thân", "Số giấy tờ pháp lý của cá nhân", "Số / No", "Số/No", "No"}},
	{field: "date_of_birth", labels: []string{"Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Ngày sinh", "Date of birth", "Sinh ngày"}},
	{field: "sex", labels: []string{"Giới tính", "Sex"}},
	{field: "nationality", labels: []string{"Quốc tịch", "Nationality"}},
	{field: "ethnicity", labels: []string{"Dân tộc", "Ethnicity"}},
	{field: "place_of_origin", labels: []string{"Quê quán", "Nguyên quán", "Place of origin"}},
	{field: "place_of_birth", labels: []string{"Nơi sinh", "Place of birth"}},
	{field: "place_of_residence", labels: []string{"Nơi thường trú", "Nơi cư trú", "Địa chỉ thường trú", "Nơi ĐKHK thường trú", "Place of residence"}},
	{field: "expiry_date", labels: []string{"Có giá trị đến", "Có giá trị sử dụng đến", "Giá trị đến", "Date of expiry"}},
	{field: "enterprise_code", labels: []string{"Mã số doanh nghiệp", "Mã số thuế", "Mã số hộ kinh doanh"}},
	{field: "company_name", labels: []string{"Tên công ty viết bằng tiếng Việt", "Tên doanh nghiệp viết bằng tiếng Việt", "Tên doanh nghiệp", "Tên công ty"}},
	{field: "husband_name", labels: []string{"Họ, chữ đệm, tên chồng", "Họ và tên chồng", "Họ tên chồng", "Tên chồng"}},
	{field: "wife_name", labels: []string{"Họ, chữ đệm, tên vợ", "Họ và tên vợ", "Họ tên vợ", "Tên vợ"}},
	{field: "marital_status", labels: []string{"Tình trạng hôn nhân"}},
	// labels that end the value of another field on the same line
	{field: "", labels: []string{"Năm sinh", "Dân tộc", "Date of issue", "Ngày cấp", "Nơi cấp", "Tên công ty viết bằng tiếng nước ngoài", "Tên công ty viết tắt", "Số điện thoại", "Điện thoại", "Email", "Chức danh", "Địa chỉ trụ sở chính", "Vốn điều lệ", "Nghề nghiệp"}},
}

func init() {
	for _, s := range personLabels {
		for _, l := range s.labels {
			s.folded = append(s.folded, foldLine(l).fold)
		}
	}
}

// labelHit is one label found on a line.
type labelHit struct {
	spec       *labelSpec
	start, end int // byte offsets in the original line
	quality    float64
}

// findLabels returns the labels on a line, left to right, without overlaps.
//
// weak allows labels without a colon where forms print them so ("CCCD số
// 0010…"); in the running text of an administrative document the same words
// name people who are not the document's subject.
func findLabels(line string, weak bool) []labelHit {
	f := foldLine(line)
	var hits []labelHit
	starts := wordStarts(f.fold)
	for _, p := range starts {
		var best labelHit
		bestLen := 0
		for _, s := range personLabels {
			for i, lab := range s.folded {
				end, dist, ok := fuzzyAt(f.fold, p, lab)
				if !ok || len(lab)-4*dist <= bestLen {
					continue
				}
				q := 1.0
				if dist > 0 {
					q = 0.85
				} else if !strings.EqualFold(line[f.origAt(p):f.origAt(end)], s.labels[i]) &&
					vntext.Lower(line[f.origAt(p):f.origAt(end)]) != vntext.Lower(s.labels[i]) {
					q = 0.95 // matched without its diacritics
				}
				best = labelHit{spec: s, start: f.origAt(p), end: f.origAt(end), quality: q}
				bestLen = len(lab) - 4*dist
			}
		}
		if best.spec == nil {
			continue
		}
		if n := len(hits); n > 0 && best.start < hits[n-1].end {
			continue
		}
		rest := strings.TrimLeft(line[best.end:], " ")
		// "Ông:" / "Bà:" name the holder only with their colon; without it
		// the word is a family name ("…tên người yêu cầu: ÔNG VĂN KHẢI")
		if lab := foldLine(line[best.start:best.end]).fold; lab == "ong" || lab == "ba" || lab == "ong/ba" {
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			hits = append(hits, best)
			continue
		}
		// "Ngày sinh / Date of birth": the English label extends the first
		if n := len(hits); n > 0 && hits[n-1].spec.field == best.spec.field &&
			strings.Trim(line[hits[n-1].end:best.start], " /") == "" {
			hits[n-1].end = best.end
			continue
		}

		// "Họ, chữ đệm, tên người yêu cầu:": a name label with a qualifier
		if q, ok := qualifiedName(best, line); ok {
			best.end = q
			hits = append(hits, best)
			continue
		}
		// A label is followed by ":" or "/" (bilingual) or ends the line;
		// otherwise it is an ordinary word in a sentence ("Sex", "No").
		if rest == "" && !weak {
			continue // "… số định danh cá nhân" wrapping in running text
		}
		if rest != "" && !strings.ContainsAny(rest[:1], ":/;(.") && !(weak && isWeakFollow(best, rest)) {
			continue
		}
		hits = append(hits, best)
	}
	return hits
}

// qualifiedName reports whether a name label is followed by a short
// qualifier and a colon, and returns the offset after the colon.
func qualifiedName(h labelHit, line string) (int, bool) {
	switch h.spec.field {
	case "full_name", "husband_name", "wife_name":
	default:
		return 0, false
	}
	rest := line[h.end:]
	i := strings.IndexByte(rest, ':')
	if i <= 0 || strings.IndexFunc(rest[:i], unicode.IsDigit) >= 0 || len(strings.Fields(rest[:i])) > 4 {
		return 0, false
	}
	return h.end + i + 1, true
}

// isWeakFollow allows labels that printed forms write without a colon when
// the value follows directly: "CCCD số 0010…", "sinh ngày 05/06/1999".
func isWeakFollow(h labelHit, rest string) bool {
	switch h.spec.field {
	case "id_number", "date_of_birth":
		return rest != "" && (unicode.IsDigit(rune(rest[0])) || strings.ContainsRune("OolI", rune(rest[0])))
	case "husband_name", "wife_name", "company_name":
		// "Họ, chữ đệm, tên vợ DƯƠNG HỒNG MY": the colon lost, the
		// name in capitals
		return len(strings.Fields(rest)) >= 2 && upperRatio(rest) > 0.9 && !strings.ContainsFunc(rest, unicode.IsDigit)
	}
	return false
}

var (
	reEnglishLabel = regexp.MustCompile(`^\s*[/(]\s*[A-Za-z][A-Za-z .,']*\)?\s*`)
	reLeadPunct    = regexp.MustCompile(`^[\s:：;.…_\-–]+`)
	reTrailPunct   = regexp.MustCompile(`[\s;,.…_\-–]+$`)
)

// labelValue is the text after a label: up to the next label on the line,
// or on the next line when the label ends its line.
type labelValue struct {
	text    string
	line    int
	quality float64
}

// valueAfter returns the value of hit on lines[i]; hits are that line's labels.
func valueAfter(lines []string, i int, hits []labelHit, k int) labelValue {
	l := lines[i]
	end := len(l)
	if k+1 < len(hits) {
		end = hits[k+1].start
	}
	v := l[hits[k].end:end]
	v = reEnglishLabel.ReplaceAllString(v, "")
	v = reLeadPunct.ReplaceAllString(v, "")
	v = reTrailPunct.ReplaceAllString(v, "")
	v = strings.TrimSpace(v)
	if v != "" || k+1 < len(hits) {
		if v != "" && k+1 == len(hits) && wraps[hits[k].spec.field] {
			v = continueValue(lines, i, v)
		}
		return labelValue{text: v, line: i, quality: hits[k].quality}
	}
	// value on the next non-empty line, unless that line is itself labelled
	for j := i + 1; j < len(lines) && j <= i+3; j++ {
		n := strings.TrimSpace(lines[j])
		if n == "" || letterCount(n) < 2 && !strings.ContainsFunc(n, unicode.IsDigit) {
			continue // blank, or a speck from the card's photo ("R", "„")
		}
		if f := hits[k].spec.field; f == "date_of_birth" || f == "expiry_date" {
			// in an interleaved layout the date may sit a line further down
			if !isBareDate(n) {
				continue
			}
		} else if j > i+2 {
			break
		}
		nh := findLabels(n, true)
		if len(nh) > 0 && nh[0].start < 3 {
			break
		}
		n = reTrailPunct.ReplaceAllString(reLeadPunct.ReplaceAllString(n, ""), "")
		return labelValue{text: n, line: j, quality: hits[k].quality * 0.9}
	}
	return labelValue{}
}

// wraps are the fields whose values run on to the next lines.
var wraps = map[string]bool{"place_of_residence": true, "place_of_origin": true, "place_of_birth": true, "company_name": true}

var reItemStart = regexp.MustCompile(`^(?:[ivx]+\.|\d+\.|[a-zđ]\)|-)`)

// continueValue appends to v the lines that continue it: unlabelled lines
// that do not open a numbered item or another part of the page. A value in
// capitals (a company name) continues only with capitals, a value in lower
// case only with lower case, so the signer's title block is not swallowed.
func continueValue(lines []string, i int, v string) string {
	upper := upperRatio(v) > 0.8
	comma := strings.HasSuffix(strings.TrimSpace(lines[i]), ",")
	limit := i + 2
	for j := i + 1; j < len(lines) && j <= limit; j++ {
		n := lines[j]
		f := strings.TrimSpace(foldLine(n).fold)
		if n == "" || reItemStart.MatchString(f) || placeDateLine(f) || isNationalMotto(n) {
			break
		}
		// a unit word ("… tỉnh") needs its name: the next line is it, even
		// when its words look like a label ("Nam Định" ~ "Năm sinh")
		unit := !upper && reEndsWithUnit.MatchString(vntext.Lower(v)) && !strings.ContainsAny(n, ":/")
		// Two-column cards interleave: a label whose value is printed
		// below it, or that value (a bare date), may come between an
		// address and its continuation.
		if nh := findLabels(n, true); !unit && len(nh) > 0 && nh[0].start < 3 {
			if strings.TrimSpace(strings.Trim(n[nh[len(nh)-1].end:], " /:")) == "" || isBareDate(n) {
				limit++
				continue
			}
			break
		}
		if isBareDate(n) {
			limit++
			continue
		}
		if !upper {
			n = junkHead(n)
		}
		if (upperRatio(n) > 0.8) != upper {
			break
		}
		if !upper && !comma && !reEndsWithUnit.MatchString(vntext.Lower(v)) {
			// an address broken without a comma goes on only mid-name
			// ("tỉnh Nam" / "Định") or in lower case, never after a
			// complete province name
			first := []rune(n)[0]
			head, _, _ := strings.Cut(n, ",")
			if endsWithProvince(v) || unicode.IsUpper(first) && len(strings.Fields(head)) > 2 {
				break
			}
		}
		sep := " "
		if comma {
			sep = ", "
		}
		v += sep + reTrailPunct.ReplaceAllString(n, "")
		comma = strings.HasSuffix(strings.TrimSpace(n), ",")
		if !comma && upper {
			break
		}
	}
	return v
}

// isBareDate reports whether a line holds a date and nothing else.
func isBareDate(l string) bool {
	f := foldLine(l)
	h := findDates(f.fold)
	return len(h) == 1 && strings.TrimSpace(f.fold[:h[0].start]+f.fold[h[0].end:]) == ""
}

// endsWithProvince reports whether an address ends with the name of a
// province or centrally-run city, i.e. is complete.
func endsWithProvince(v string) bool {
	ws := strings.Fields(v)
	for k := 1; k <= 4 && k < len(ws); k++ {
		if _, ok := provinceByFold(strings.Join(ws[len(ws)-k:], " ")); ok {
			return true
		}
	}
	return false
}

// reEndsWithUnit ends an address part that needs its name on the next
// line: "… ngõ 268 phố" / "Phạm Văn Đồng".
var reEndsWithUnit = regexp.MustCompile(`(?:^|\s)(?:số|ngõ|ngách|hẻm|phố|đường|thôn|ấp|bản|tổ|xóm|xã|phường|quận|huyện|thị xã|thị trấn|tỉnh|thành phố)$`)

// junkHead strips debris OCR reads from a card's photo or QR area at the
// start of a continuation line ("S52 tr đá, Kiệt, xã …" → "Kiệt, xã …"):
// the part before the first comma goes when it holds at least two tokens
// that are neither words nor numbers.
func junkHead(n string) string {
	head, rest, ok := strings.Cut(n, ",")
	if !ok || strings.TrimSpace(rest) == "" {
		return n
	}
	junk := 0
	for _, t := range strings.Fields(head) {
		hasD := strings.IndexFunc(t, unicode.IsDigit) >= 0
		hasL := strings.IndexFunc(t, unicode.IsLetter) >= 0
		low := vntext.Lower(t)
		switch {
		case hasD && hasL:
			junk++
		case hasL && !hasD && low == t && (!vnsyllables.Valid(low) || isAbbrev(low)):
			junk++ // not a syllable, or no vowel ("tr")
		}
	}
	if junk < 2 {
		return n
	}
	return strings.TrimSpace(rest)
}

// subjectExcluded are words that, between a name label and its colon, say
// the name is not the document's subject ("Họ, chữ đệm, tên người mẹ").
var subjectExcluded = []string{"me", "cha", "bo", "vo", "chong", "nguoi di", "nguoi lam chung", "nguoi ky", "nguoi thuc hien", "can bo"}

// Extract classifies a page and extracts its fields. text is NFC OCR
// output with lines separated by \n; words, when not nil, give word
// confidences and boxes (born-digital text has none).
func Extract(text string, words []Word) Extraction {
	text = vntext.NFC(text)
	var cols columns
	if len(words) > 0 {
		text, cols = splitColumnGaps(text, words)
	}
	lines := splitLines(text)
	lines = splitMottoLines(lines)
	cls := classifyLines(lines)
	x := &extractor{lines: lines, cls: cls, words: words, cols: cols, fields: map[string]Field{}}
	x.run()
	return Extraction{DocType: cls.typ, TypeConfidence: cls.conf, Fields: x.fields}
}

type extractor struct {
	lines  []string
	cls    classification
	words  []Word
	cols   columns
	fields map[string]Field
	// evidence of each field: the text it was read from and the label quality
	quality map[string]float64
}

func (x *extractor) set(name, value, raw string, quality float64) {
	value = vntext.CollapseSpace(vntext.NFC(value))
	if value == "" {
		return
	}
	if _, dup := x.fields[name]; dup {
		return
	}
	if raw == "" {
		raw = value
	}
	x.fields[name] = Field{Value: value, Raw: raw, Confidence: quality * x.wordConfidence(raw)}
}

func (x *extractor) review(name, reason string) {
	f, ok := x.fields[name]
	if !ok {
		return
	}
	f.NeedsReview = true
	if f.Reason != "" {
		reason = f.Reason + "; " + reason
	}
	f.Reason = reason
	f.Confidence *= 0.5
	x.fields[name] = f
}

func (x *extractor) run() {
	card := x.cls.typ == TypeCCCD || x.cls.typ == TypeCMND
	if i := x.cls.titleIdx; i >= 0 {
		t := trimJunk(x.lines[i])
		if _, _, ok := matchTitle(t); !ok {
			t = trimJunk(dropSpeck(t))
		}
		raw := t
		// OCR slips in a title: its printed spelling when its words fold
		// to a known title, else syllable-level repair of capitals
		t = repairCaps(canonicalTitle(upperTitleWords(dropTrailingDebris(t))))
		x.set("title", t, raw, x.cls.conf)
	}
	x.labelled(card)
	if card {
		x.cardNumber()
	}
	if !card {
		x.header()
		x.summary()
		x.signer()
	} else {
		x.cardDates()
	}
	for _, name := range wordRepairFields {
		if f, ok := x.fields[name]; ok {
			f.Value = repairWords(f.Value)
			x.fields[name] = f
		}
	}
	x.validate()
	for name, f := range x.fields {
		if !f.NeedsReview && f.Confidence < 0.5 {
			f.NeedsReview = true
			f.Reason = "low confidence"
			x.fields[name] = f
		}
	}
}

// dropTrailingDebris drops, from a title printed in capitals, trailing
// words that are neither capitals nor a Vietnamese syllable: specks of a
// photo or emblem read as letters ("CĂN CƯỚC CÔNG DÂN mƑ").
func dropTrailingDebris(t string) string {
	ws := strings.Fields(t)
	n := len(ws)
	for n > 1 && upperRatio(ws[n-1]) < 1 && !vnsyllables.Valid(vntext.Lower(ws[n-1])) && upperRatio(strings.Join(ws[:n-1], " ")) == 1 {
		n--
	}
	if n == len(ws) {
		return t
	}
	return strings.Join(ws[:n], " ")
}

// wordRepairFields hold running Vietnamese text, where a slip inside a valid
// syllable can be seen from its neighbours (repairWords). Names are left
// out: a given name is a word of its own.
var wordRepairFields = []string{"summary", "issuer", "place_of_residence", "place_of_origin", "place_of_birth", "company_name"}

// admin reports whether the document is an administrative text (not a
// card, certificate or form).
func (x *extractor) admin() bool {
	switch x.cls.typ {
	case TypeDecision, TypeOfficialLetter, TypeCircular, TypeDecree, TypeResolution,
		TypePlan, TypeNotice, TypeReport, TypeOther:
		return true
	}
	return false
}

// labelled extracts the fields introduced by labels.
func (x *extractor) labelled(card bool) {
	// after a parent's or declarant's name, the personal fields that
	// follow are theirs, until the subject's name label comes back
	other := false
	for i, l := range x.lines {
		hits := findLabels(l, !x.admin())
		for k, h := range hits {
			name := h.spec.field
			if name == "" {
				continue
			}
			if name == "full_name" {
				other = !x.subjectLabel(l, h)
			}
			if other && personalFields[name] {
				continue
			}
			if _, done := x.fields[name]; done {
				continue
			}
			if name == "full_name" && other {
				continue
			}
			v := valueAfter(x.lines, i, hits, k)
			if v.text == "" {
				continue
			}
			switch name {
			case "id_number", "enterprise_code":
				x.digitField(name, v)
			case "date_of_birth", "expiry_date":
				if iso, ok := ParseDate(v.text); ok {
					x.set(name, iso, v.text, v.quality)
				} else if iso, ok := ParseDate(reSpacedDigits.ReplaceAllString(v.text, "$1$2")); ok {
					// a digit split by a space: "02/1 1/2016"
					x.set(name, iso, v.text, v.quality*0.9)
				} else if d, after, ok := x.dateBelow(v.line); ok {
					// two-column cards: the date is printed under its label
					// and OCR put the other column's words beside the label
					// (and, when the address wraps once more, beside or
					// under the date)
					iso, _ := ParseDate(d)
					x.set(name, iso, d, v.quality*0.9)
					if after == "" || !x.strayContinuation(v.text+" "+after) {
						x.strayContinuation(v.text)
					}
				} else if x.strayContinuation(v.text) {
					// the words beside the label were the address's end;
					// the date itself was not read
				} else {
					x.set(name, v.text, v.text, v.quality)
					x.review(name, "not a date")
				}
			case "sex":
				x.sexField(v)
			case "full_name", "husband_name", "wife_name":
				x.set(name, repairSurname(cutNameTail(v.text)), v.text, v.quality)
			case "doc_number":
				// a code: it ends where words begin ("CS 70525 Hoàng Mai,
				// ngày …" when OCR merged the date line)
				ws := strings.Fields(v.text)
				n := 0
				for n < len(ws) && !strings.ContainsFunc(ws[n], unicode.IsLower) {
					n++
				}
				x.set(name, strings.Join(ws[:max(n, 1)], " "), v.text, v.quality)
			case "place_of_origin", "place_of_residence", "place_of_birth":
				// a comma read as a semicolon before a unit: "Thanh Hóa; tỉnh"
				addr := reUnitSemicolon.ReplaceAllString(v.text, ", $1")
				x.set(name, repairProvince(repairUnits(addr)), v.text, v.quality)
			default:
				x.set(name, v.text, v.text, v.quality)
			}
		}
	}
}

// dateBelow finds the date printed under line i, within two lines: a line
// holding only a date, or one that starts with it and goes on with the
// other column's words ("29/01/2024 Mai, thành phố Hà Nội"). after is what
// may end a wrapped address there: those words, or the next line.
func (x *extractor) dateBelow(i int) (date, after string, ok bool) {
	for j := i + 1; j < len(x.lines) && j <= i+2; j++ {
		l := x.lines[j]
		if isBareDate(l) {
			if _, ok := ParseDate(l); ok {
				return l, x.strayLine(j + 1), true
			}
			continue
		}
		f := foldLine(l)
		h := findDates(f.fold)
		if len(h) != 1 || strings.TrimSpace(f.fold[:h[0].start]) != "" {
			continue
		}
		end := f.origAt(h[0].end)
		if rest := trimJunk(l[end:]); rest != "" && len(findLabels(rest, true)) == 0 {
			return l[:end], rest, true
		}
	}
	return "", "", false
}

// strayLine returns line j when it may be the end of a wrapped address
// that OCR put under a card's date: no label, no date.
func (x *extractor) strayLine(j int) string {
	if j >= len(x.lines) || len(findLabels(x.lines[j], true)) > 0 || len(findDates(foldLine(x.lines[j]).fold)) > 0 {
		return ""
	}
	return trimJunk(x.lines[j])
}

// strayContinuation takes words that OCR put beside a date label, which
// belong to the other column: the end of a wrapped address. They are
// appended to an address only when they complete it with a province name.
func (x *extractor) strayContinuation(stray string) bool {
	stray = strings.TrimSpace(reTrailPunct.ReplaceAllString(stray, ""))
	limit := 4
	if strings.Contains(stray, ",") && reUnitWord.MatchString(stray) {
		limit = 16 // "phố Võ Văn Kiệt, phường Hoàng Liệt, quận Hoàng Mai, …"
	}
	if stray == "" || len(strings.Fields(stray)) > limit || isBareDate(stray) {
		return false
	}
	for _, name := range []string{"place_of_residence", "place_of_origin", "place_of_birth"} {
		f, ok := x.fields[name]
		if !ok || endsWithProvince(f.Value) {
			continue
		}
		// the stray words lost their commas: "Trang tỉnh Khánh Hòa"
		sep := " "
		if m := reUnitWord.FindStringIndex(stray); m != nil && m[0] == 0 {
			sep = ", " // a unit starts the next part: the line's comma was trimmed
		}
		joined := repairProvince(f.Value + sep + reAdminUnit.ReplaceAllString(stray, "$1, $2 "))
		if endsWithProvince(joined) {
			f.Value = joined
			f.Raw += " " + stray
			x.fields[name] = f
			return true
		}
	}
	return false
}

// reAdminUnit finds an administrative unit word not preceded by a comma.
var reUnitSemicolon = regexp.MustCompile(`\s*;\s*((?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s)`)

var reUnitWord = regexp.MustCompile(`(?:^|[\s,])(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s`)

var reAdminUnit = regexp.MustCompile(`(\pL) (tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường) `)

// personalFields describe a person: after another person's name label
// they are that person's.
var personalFields = map[string]bool{"full_name": true, "id_number": true, "date_of_birth": true,
	"sex": true, "nationality": true, "ethnicity": true, "place_of_origin": true,
	"place_of_birth": true, "place_of_residence": true}

// subjectLabel reports whether a name label introduces the document's
// subject rather than a parent, spouse or official.
func (x *extractor) subjectLabel(line string, h labelHit) bool {
	q := " " + normTitle(line[h.start:h.end]) + " "
	for _, w := range subjectExcluded {
		if strings.Contains(q, " "+w+" ") {
			return false
		}
	}
	return true
}

// trimJunk drops the specks and dashes OCR puts at the ends of a line
// ("-_ Về việc …", ": BỘ CÔNG AN", "'NGHỊ QUYẾT").
func trimJunk(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		// modifier letters ("ˆ") are specks too
		return (!unicode.IsLetter(r) || unicode.Is(unicode.Lm, r)) && !unicode.IsDigit(r) && r != ')'
	})
}

var reSpacedDigits = regexp.MustCompile(`(\d) (\d)`)

var reNameTail = regexp.MustCompile(`[,;(].*$`)

// cutNameTail drops what follows a name on its line: "Nguyễn Văn A, sinh
// ngày …".
func cutNameTail(s string) string {
	return trimJunk(strings.TrimSpace(reNameTail.ReplaceAllString(s, "")))
}

var reDigitRun = regexp.MustCompile(`[0-9OoDQlIi|!SsBbGZzT][0-9OoDQlIi|!SsBbGZzT \-.]{7,20}[0-9OoDQlIi|!SsBbGZzT]`)

// digitField reads an ID or enterprise code, repairing OCR confusions only
// when the repaired number validates.
func (x *extractor) digitField(name string, v labelValue) {
	cand := reDigitRun.FindString(v.text)
	if cand == "" {
		cand = strings.Fields(v.text + " x")[0]
	}
	cand = strings.TrimSpace(cand)
	plain := strings.NewReplacer(" ", "", ".", "").Replace(cand)
	if digits := strings.Count(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '0'
		}
		return -1
	}, vnid.RepairDigits(plain)), "0"); digits*2 < len(plain) {
		return // words, not a number read badly: the label matched a title ("CĂN CƯỚC CÔNG DÂN …")
	}
	valid := func(s string) bool {
		if name == "enterprise_code" {
			return vnid.CheckTaxCode(s) == nil
		}
		if len(s) == 9 {
			return vnid.IsCMND(s)
		}
		_, err := vnid.ParsePersonalID(s)
		return err == nil
	}
	val := plain
	if name == "enterprise_code" {
		val = vnid.NormalizeTaxCode(plain)
	}
	if !valid(val) {
		if r := vnid.RepairDigits(plain); valid(r) || valid(vnid.NormalizeTaxCode(r)) {
			val = r
			if name == "enterprise_code" {
				val = vnid.NormalizeTaxCode(r)
			}
		}
	}
	x.set(name, val, cand, v.quality)
	if !valid(val) {
		if name == "enterprise_code" {
			x.review(name, "not a valid enterprise code (10 digits with check digit)")
		} else {
			x.review(name, "not a valid personal ID (12 digits, known province) or CMND (9 digits)")
		}
	}
}

func (x *extractor) sexField(v labelValue) {
	w := strings.Fields(v.text)
	if len(w) == 0 {
		return
	}
	switch f := foldLine(w[0]).fold; {
	case f == "nam" || f == "male":
		x.set("sex", "Nam", w[0], v.quality)
	case f == "nu" || f == "female" || strings.HasPrefix(f, "nu") && len(f) <= 3:
		x.set("sex", "Nữ", w[0], v.quality)
	default:
		x.set("sex", w[0], w[0], v.quality)
		x.review("sex", "neither Nam nor Nữ")
	}
}

var reCardNo = regexp.MustCompile(`^(?:s[o6]|no)\b[^0-9a-z]*([0-9oOlISB][0-9oOlISB ]{7,14})`)

// cardNumber reads a card's number printed after a bare "SỐ" / "No".
func (x *extractor) cardNumber() {
	if _, ok := x.fields["id_number"]; ok {
		return
	}
	for i, l := range x.lines {
		f := foldLine(l)
		lead := len(f.fold) - len(trimLeadJunk(f.fold))
		m := reCardNo.FindStringSubmatchIndex(f.fold[lead:])
		if m == nil {
			continue
		}
		v := l[f.origAt(lead+m[2]):f.origAt(lead+m[3])]
		x.digitField("id_number", labelValue{text: v, line: i, quality: 0.9})
		return
	}
	// the "Số / No" label misread: the card's number is the one run of
	// digits near the top that validates as an ID of the card's kind
	want := 12
	if x.cls.typ == TypeCMND {
		want = 9
	}
	for i, l := range x.lines[:min(len(x.lines), 12)] {
		for _, run := range reDigits.FindAllString(l, -1) {
			if len(run) != want {
				continue
			}
			if _, err := vnid.ParsePersonalID(run); err == nil || want == 9 && vnid.IsCMND(run) {
				x.digitField("id_number", labelValue{text: run, line: i, quality: 0.8})
				return
			}
		}
	}
}

var reDigits = regexp.MustCompile(`\d+`)

// cardDates reads the issue date of a card ("Ngày cấp", or the place and
// date line on its back).
func (x *extractor) cardDates() {
	for _, l := range x.lines {
		f := foldLine(l).fold
		if strings.Contains(f, "ngay cap") || strings.Contains(f, "date of issue") || placeDateLine(f) {
			if iso, ok := ParseDate(l); ok {
				x.set("issue_date", iso, l, 0.9)
				return
			}
		}
	}
}

var rePlaceDate = regexp.MustCompile(`^[^\d:]{2,40},\s*n[a-z]{2,3}\b`)

// placeDateLine reports whether a folded line is (or contains) the place
// and date line: "Hà Nội, ngày 05 tháng 6 năm 2023".
func placeDateLine(f string) bool {
	if strings.HasPrefix(strings.TrimSpace(f), "ngay") {
		return false // "Ngày, tháng, năm sinh: …" is a label, not a place
	}
	return rePlaceDate.MatchString(f) || strings.Contains(f, ", ngay ")
}
