package pipeline

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
)

// splitGlued puts back the spaces Tesseract lost between syllables
// ("CHÍMINH", "BÍCHMY", "SớTưpháp"). The word's letters must not be a syllable, nor one edit from one (that is a
// misread letter, repairWord's), must carry a Vietnamese letter or mark
// (English words on cards split into syllables too: "name", "Date"), and
// must split into syllables of two letters or more in exactly one way
// with the fewest pieces. Marks before and after the letters stay where
// they are. A dash glued before a capital at a line's start is left as
// read: on the photocopies of seeds 1–2 it was a list item's as often as
// a speck ("-Sở Tư pháp", "-Phòng Tài nguyên").
func splitGlued(w string) (string, bool) {
	lead := w[:len(w)-len(strings.TrimLeftFunc(w, func(r rune) bool { return !isLetter(r) }))]
	rest := w[len(lead):]
	core := strings.TrimRightFunc(rest, isTrailPunct)
	trail := rest[len(core):]
	if core == "" || !allLetters(core) {
		return "", false
	}
	if isSyllable(core) {
		return "", false
	}
	parts, ok := gluedParts(core)
	if !ok {
		return "", false
	}
	return lead + strings.Join(parts, " ") + trail, true
}

// gluedMaxParts: a word that splits into more syllables than this is no
// syllables glued but a foreign word misread: a card's "residence" read
// "resiđenace" split into "rễ si đe na ce" (seed 29). Every glued word of
// seeds 3–20 and 25–32 split in two.
const gluedMaxParts = 3

// gluedParts splits core, letters that are no syllable, into the fewest
// syllables (two letters or more each) when there is exactly one such
// split. A piece after the first must open with a consonant: a vowel
// there makes most glued readings ambiguous ("chím inh", "ngu ời").
func gluedParts(core string) ([]string, bool) {
	lower := vntext.Lower(core)
	if _, ok := vnsyllables.Repair(lower); ok || vnsyllables.Valid(lower) {
		return nil, false
	}
	if !hasVietLetter(core) || strings.IndexFunc(core, unicode.IsDigit) >= 0 {
		return nil, false
	}
	rs := []rune(core)
	// best[i]: fewest pieces for rs[i:], ways[i]: how many splits reach it.
	n := len(rs)
	best := make([]int, n+1)
	ways := make([]int, n+1)
	next := make([]int, n+1)
	for i := range best {
		best[i] = -1
	}
	best[n], ways[n] = 0, 1
	for i := n - 2; i >= 0; i-- {
		for j := i + 2; j <= n && j-i <= 7; j++ {
			if best[j] < 0 || !syllablePiece(rs[i:j]) || j < n && isVowel(rs[j]) {
				continue
			}
			switch c := best[j] + 1; {
			case best[i] < 0 || c < best[i]:
				best[i], ways[i], next[i] = c, ways[j], j
			case c == best[i]:
				ways[i] += ways[j]
			}
		}
	}
	if best[0] < 2 || best[0] > gluedMaxParts || ways[0] != 1 {
		return nil, false
	}
	var parts []string
	for i := 0; i < n; i = next[i] {
		parts = append(parts, string(rs[i:next[i]]))
	}
	return parts, true
}

// syllablePiece reports whether rs is one syllable written as a word is:
// all capitals, all lowercase or a capital first.
func syllablePiece(rs []rune) bool {
	for _, r := range rs[1:] {
		if unicode.IsUpper(r) && !unicode.IsUpper(rs[len(rs)-1]) {
			return false
		}
	}
	if unicode.IsUpper(rs[len(rs)-1]) && !unicode.IsUpper(rs[0]) {
		return false
	}
	s := string(rs)
	return !isAbbrev(s) && vnsyllables.Valid(vntext.Lower(s))
}

// hasVietLetter reports whether s has a letter outside ASCII (đ, ơ, ư or a
// tone mark): English words have none.
func hasVietLetter(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// fixStops mends the full stops a speck doubles: "87,6%.." → "87,6%."
// (an ellipsis, three or more, stays), the stop or comma a speck adds
// after a comma, colon or semicolon or after the closing "./." ("chú:,",
// "thư;.", "hiện./.:"; "No.:" and "CO.," keep theirs), and a list number
// glued to its heading by one ("2..Đối", "2.Đối" → "2. Đối").
func fixStops(w string) (string, bool) {
	if strings.HasSuffix(w, "..") && !strings.HasSuffix(w, "...") && len(w) > 2 {
		return w[:len(w)-1], true
	}
	if n := len(w); n > 2 && strings.ContainsRune(",;:", rune(w[n-2])) && strings.ContainsRune(".,", rune(w[n-1])) ||
		n > 4 && strings.HasSuffix(w[:n-1], "./.") && strings.ContainsRune(".,;:", rune(w[n-1])) {
		return w[:n-1], true
	}
	digits := len(w) - len(strings.TrimLeftFunc(w, isASCIIDigit))
	if digits == 0 || digits > 2 || !strings.HasPrefix(w[digits:], ".") {
		return "", false
	}
	rest := strings.TrimPrefix(w[digits+1:], ".")
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsUpper(r) {
		return "", false
	}
	if !isSyllable(strings.TrimRightFunc(rest, isTrailPunct)) {
		return "", false
	}
	return w[:digits] + ". " + rest, true
}

// splitCode reports whether a and b are a document's number and symbol
// read apart after a hyphen ("1987/UBND-" "QLĐT", "18/2025/TT-" "BCT."):
// a holds "/" and a digit and ends in "-", b is an issuer's capitals.
// Symbols are written without spaces.
func splitCode(a, b string) bool {
	if !strings.HasSuffix(a, "-") || !strings.Contains(a, "/") || strings.IndexFunc(a, isASCIIDigit) < 0 {
		return false
	}
	core := strings.TrimRightFunc(b, isTrailPunct)
	if utf8.RuneCountInString(core) < 2 {
		return false
	}
	for _, r := range core {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// dottedColon mends the colon a speck makes of a full stop inside a
// number grouped by stops ("965.000:000", "024.5609:6816"): after a group
// closed by a stop only a stop follows. A colon that is a number's first
// mark stays (a time, a scale such as "1:500.000").
func dottedColon(w string) (string, bool) {
	i := strings.IndexByte(w, ':')
	if i < 0 || !strings.Contains(w[:i], ".") {
		return "", false
	}
	num := strings.TrimLeft(w, "(")
	num = strings.TrimRightFunc(num, isTrailPunct)
	if strings.Count(num, ":") != 1 || !dottedNumber(strings.Replace(num, ":", ".", 1)) {
		return "", false
	}
	return strings.Replace(w, num, strings.Replace(num, ":", ".", 1), 1), true
}

// dottedNumber reports whether s is digits in groups joined by single
// stops, at least two.
func dottedNumber(s string) bool {
	gs := strings.Split(s, ".")
	if len(gs) < 2 {
		return false
	}
	for _, g := range gs {
		if g == "" || strings.TrimLeftFunc(g, isASCIIDigit) != "" {
			return false
		}
	}
	return true
}

// listSemicolons puts back the semicolon a speck turned into a colon at
// the end of a list item ("- Chủ tịch, các PCT UBND:"): an item (a line
// opening with a dash) that ends in ":" next to an item ending in ";".
// A real colon there would open sub-items, which are not dash items
// ending in ";". words are in reading order; a word holds one token.
func listSemicolons(words []Word) bool {
	type line struct{ first, last int }
	var lines []line
	for i, w := range words {
		if i == 0 || w.Line != words[i-1].Line {
			lines = append(lines, line{i, i})
		}
		lines[len(lines)-1].last = i
	}
	item := func(l line, end string) bool {
		// Three words at least: "- Lưu: VT" cut after its colon is no item.
		return strings.HasPrefix(words[l.first].Text, "-") && l.last >= l.first+2 &&
			strings.HasSuffix(words[l.last].Text, end) && !strings.HasSuffix(words[l.last].Text, "::")
	}
	changed := false
	for k, l := range lines {
		if !item(l, ":") {
			continue
		}
		if k > 0 && item(lines[k-1], ";") || k+1 < len(lines) && item(lines[k+1], ";") {
			t := words[l.last].Text
			words[l.last].Text = t[:len(t)-1] + ";"
			changed = true
		}
	}
	return changed
}

// legalBasisMaxLines bounds a legal basis ("Căn cứ …") paragraph: the
// longest run two or three lines.
const legalBasisMaxLines = 6

// legalBasisCommas gives a legal basis paragraph ("Căn cứ Luật …") that
// ends in a comma the semicolon it ends with: each basis closes with ";"
// (the last may close with "."), Nghị định 30/2020 prints them in
// italics, and Tesseract reads an italic semicolon as a comma on real
// scans ("ngày 18 tháng 02 năm 2025,"). A paragraph ends where the next
// one opens: another basis, "Theo đề nghị", "Xét". words are in reading
// order; a word holds one token. It reports whether it changed a word.
func legalBasisCommas(words []Word) bool {
	lines := lineWords(words)
	// opens reports whether line k opens (after a list dash) with one of
	// heads, folded.
	opens := func(k int, heads ...string) bool {
		idx := lines[k]
		if words[idx[0]].Text == "-" {
			idx = idx[1:]
		}
		var fs []string
		for _, i := range idx[:min(3, len(idx))] {
			fs = append(fs, vntext.Fold(words[i].Text))
		}
		lead := strings.Join(fs, " ") + " "
		for _, h := range heads {
			if strings.HasPrefix(lead, h+" ") {
				return true
			}
		}
		return false
	}
	changed := false
	for k := range lines {
		if !opens(k, "can cu") {
			continue
		}
		for m := k; m < len(lines) && m < k+legalBasisMaxLines; m++ {
			if m+1 == len(lines) || !opens(m+1, "can cu", "theo de nghi", "xet") {
				continue
			}
			last := &words[lines[m][len(lines[m])-1]]
			if t, ok := strings.CutSuffix(last.Text, ","); ok && t != "" {
				last.Text = t + ";"
				changed = true
			}
			break
		}
	}
	return changed
}

func isVowel(r rune) bool {
	switch bareLetter(unicode.ToLower(r)) {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// dropStrayStops drops the marks a speck makes after a word where the
// text around shows no mark stands (ADR 0623):
//   - a full stop before a lowercase word on the same line ("đoàn. kiểm",
//     "307. hồ sơ"): a sentence goes on with a capital, and an
//     abbreviation that takes a stop mid-sentence ("v.v.", "TP.") has
//     another stop or no vowel;
//   - a full stop or colon between two words of capitals ("CHỨNG NHẬN:
//     ĐĂNG KÝ"): headings and names take none, while "TM.", "KT.", "GCN:"
//     are abbreviations and "II." a roman number, which stay;
//   - a full stop ending a line after two words of capitals ("NGƯỜI YÊU
//     CẦU.", "MINH ANH."): signature blocks, titles and names end with
//     none, and the abbreviations that end a document ("VT, UBND.") stay;
//   - a full stop ending a line whose sentence goes on, lowercase, on the
//     next line of its block ("không thực hiện thì." | "sẽ bị xử lý"; a
//     list's "a)" begins lowercase and is no sentence's continuation);
//   - a full stop, colon or semicolon inside a word of the word list
//     ("xác: thực", "Cổng thông." | "tin"): a word is never cut by a mark
//     (ADR 0629), unless the syllable before the mark also makes a word
//     with the one before it ("Địa chỉ: thị trấn").
//
// words are in reading order; a word may hold several tokens.
func dropStrayStops(words []Word) bool {
	changed := false
	for i := range words {
		toks := strings.Fields(words[i].Text)
		last := toks[len(toks)-1]
		mark := last[len(last)-1]
		if mark != '.' && mark != ':' && mark != ';' {
			continue
		}
		core := last[:len(last)-1]
		if core == "" || strings.ContainsAny(core, ".:") {
			continue
		}
		var prev, next string
		if len(toks) > 1 {
			prev = toks[len(toks)-2]
		} else if i > 0 && words[i-1].Line == words[i].Line {
			prev = lastField(words[i-1].Text)
		}
		// following is the next word of the sentence on the block's next line.
		var following string
		if i+1 < len(words) {
			switch w := words[i+1]; {
			case w.Line == words[i].Line:
				next = strings.Fields(w.Text)[0]
			case w.Block == words[i].Block:
				following = strings.Fields(w.Text)[0]
			}
		}
		first, _ := utf8.DecodeRuneInString(next)
		drop := false
		switch {
		case inListedWord(core, next+following):
			// Unless the word before makes one with it too: "Địa chỉ:
			// thị trấn" is a label's colon, not one inside "chỉ thị".
			drop = !inListedWord(prev, core)
		case mark == ';':
		case mark == '.' && next == "" && startsSentenceTail(following):
			drop = allLetters(core) && !isAbbrev(core)
		case mark == '.' && unicode.IsLower(first):
			drop = (allLetters(core) && !isAbbrev(core)) || strings.Trim(core, "0123456789") == ""
		case next != "":
			drop = capsWord(core) && capsWord(strings.TrimRightFunc(next, isTrailPunct))
		case mark == '.':
			drop = capsWord(core) && capsWord(prev)
		}
		if drop {
			toks[len(toks)-1] = core
			words[i].Text = strings.Join(toks, " ")
			changed = true
		}
	}
	return changed
}

// inListedWord reports whether a and b, b lowercase, are two syllables of
// one word of the word list.
func inListedWord(a, b string) bool {
	b = strings.TrimRightFunc(b, isTrailPunct)
	r, _ := utf8.DecodeRuneInString(b)
	if !unicode.IsLower(r) || !allLetters(a) || !allLetters(b) {
		return false
	}
	return vnwords.Word(vntext.Lower(a), b)
}

// startsSentenceTail reports whether w, the first word of a line, carries
// on a sentence: it is lowercase and no list item's letter ("a)", "đ)").
func startsSentenceTail(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r) && !strings.HasSuffix(w, ")")
}

// unitSlips are the readings of "tỉnh" and "huyện" with a slipped mark:
// before a place's name ("tính An Giang", "huyền Lâm Thao") they are the
// unit, since none of them, lowercase, comes before a capitalised word in
// administrative text (ADR 0629). "phường", "xã" and "quận" are left out:
// "phương Nam", "xa Hà Nội" and "quán Thánh" are real.
var unitSlips = map[string]string{
	"tình": "tỉnh", "tính": "tỉnh", "tinh": "tỉnh", "tĩnh": "tỉnh", "tịnh": "tỉnh",
	"huyền": "huyện", "huyến": "huyện", "huyên": "huyện", "huyễn": "huyện",
}

// placeUnits mends unitSlips before a capitalised word, on its line or
// opening the block's next line.
func placeUnits(words []Word) bool {
	changed := false
	for i := 0; i+1 < len(words); i++ {
		unit, ok := unitSlips[words[i].Text]
		next := words[i+1]
		if !ok || next.Line != words[i].Line && next.Block != words[i].Block {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(next.Text); unicode.IsUpper(r) {
			words[i].Text = unit
			changed = true
		}
	}
	return changed
}

// labelledSurnames restores the family name of a name in capitals after a
// label ("Họ, chữ đệm, tên: NGUYÊN DUY DUY", "Bà: NGUYÊN BÍCH MY"), where
// a photocopy most often loses a mark of the name's first word and leaves
// a syllable that is no family name (repairSurname). Two words that form a
// dictionary word open no name ("Nơi nhận: CHỦ TỊCH").
func labelledSurnames(words []Word) bool {
	changed := false
	for i := 0; i+2 < len(words); i++ {
		if !strings.HasSuffix(words[i].Text, ":") {
			continue
		}
		var run []string
		for j := i + 1; j < len(words) && j-i <= 5 && words[j].Line == words[i].Line && capsWord(words[j].Text); j++ {
			run = append(run, words[j].Text)
		}
		if len(run) < 2 || vnwords.Word(vntext.Lower(run[0]), vntext.Lower(run[1])) {
			continue
		}
		if first := strings.Fields(repairSurname(strings.Join(run, " ")))[0]; first != run[0] {
			words[i+1].Text = first
			changed = true
		}
	}
	return changed
}

func lastField(s string) string {
	fs := strings.Fields(s)
	return fs[len(fs)-1]
}

// capsWord reports whether s is a syllable in capitals, no abbreviation
// and no roman number.
func capsWord(s string) bool {
	return isSyllable(s) && s == strings.ToUpper(s) && strings.Trim(s, "IVXLCDM") != ""
}

// junkMarks reads a word of marks that no text prints, the rules and
// specks of a heading or a signature block read as marks ("—_.", "_—",
// "-'", "“.") or a bar read as "l" (no Vietnamese word is a lone l). It returns
// what the word should be: "" to drop it, "–" for an en dash read as
// "—-" (the tiêu ngữ's "Độc lập – Tự do"), and whether it changed. An
// ellipsis, a run of one mark ("..", "--", a form's "____"), and marks
// with others ("./.", the end of a document) stay.
func junkMarks(w string, afterNumber bool) (string, bool) {
	switch {
	case w == "—-":
		return "–", true
	case w == "l":
		return "", !afterNumber // "5 l" is five litres
	}
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 3 || strings.Trim(w, speckMarks+"—–“”") != "" {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(w)
	if strings.Trim(w, string(r)) == "" {
		return "", false
	}
	return "", true
}

// digitLook maps the letters an italic or specked digit is read as.
var digitLook = map[rune]rune{'I': '1', 'l': '1', 'L': '1', '|': '1', '!': '1', 'O': '0', 'o': '0', 'S': '5', 'Z': '2', 'B': '8'}

// dateDigits reads as digits the day and month of a date written out,
// "ngày L3 tháng II năm 2020" → "ngày 13 tháng 11 năm 2020": between
// "ngày" and "tháng", or "tháng" and "năm", administrative text writes a
// number, so a word of one or two digits and digit-like letters there is
// one when it makes a day (1–31) or a month (1–12).
func dateDigits(words []Word) bool {
	changed := false
	for i := 1; i+1 < len(words); i++ {
		prev := vntext.Lower(lastField(words[i-1].Text))
		next := vntext.Lower(strings.Fields(words[i+1].Text)[0])
		limit := 0
		switch {
		case prev == "ngày" && next == "tháng":
			limit = 31
		case prev == "tháng" && next == "năm":
			limit = 12
		default:
			continue
		}
		w := words[i].Text
		rs := []rune(w)
		if len(rs) < 1 || len(rs) > 2 {
			continue
		}
		v, letter := 0, false
		for _, r := range rs {
			if d, ok := digitLook[r]; ok {
				r, letter = d, true
			}
			if r < '0' || r > '9' {
				v = -1
				break
			}
			v = v*10 + int(r-'0')
		}
		if !letter || v < 1 || v > limit {
			continue
		}
		words[i].Text = fmt.Sprint(v)
		if len(rs) == 2 && v < 10 {
			words[i].Text = "0" + words[i].Text
		}
		changed = true
	}
	return changed
}

// placeDateComma mends the comma of a document's place and date, "Hà
// Nội, ngày 29 tháng 7 năm 2025", read as ";" or "." beside a speck: a
// capitalised syllable (the place) with either mark, before "ngày", a
// number and "tháng". A label's colon ("Đăng ký lần đầu: ngày") stays.
// The commas between an address's parts, "xã Thiên Lộc, huyện Can Lộc",
// read ";" are mended too (addressComma).
func placeDateComma(words []Word) bool {
	changed := false
	for i := 0; i+3 < len(words); i++ {
		t := words[i].Text
		if strings.Contains(t, " ") || len(t) < 2 || (t[len(t)-1] != ';' && t[len(t)-1] != '.') {
			continue
		}
		place := t[:len(t)-1]
		first, _ := utf8.DecodeRuneInString(place)
		if !unicode.IsUpper(first) || place == strings.ToUpper(place) || !isSyllable(place) {
			continue
		}
		if addressComma(words[i+1:], t[len(t)-1]) {
			words[i].Text = place + ","
			changed = true
			continue
		}
		day := words[i+2].Text
		if vntext.Lower(words[i+1].Text) != "ngày" || strings.Trim(day, "0123456789") != "" || words[i+3].Text != "tháng" {
			continue
		}
		words[i].Text = place + ","
		changed = true
	}
	return changed
}

// addressUnits are the administrative units an address names, smallest
// first; its parts are always separated by commas.
var addressUnits = [][]string{
	{"thôn"}, {"ấp"}, {"tổ"}, {"khu", "phố"}, {"xã"}, {"phường"}, {"thị", "trấn"},
	{"huyện"}, {"quận"}, {"thị", "xã"}, {"thành", "phố"}, {"tỉnh"},
}

// addressComma reports whether a place name ending in mark is followed by
// next, the next part of an address: a lowercase unit and a capitalised
// name ("; huyện Can Lộc", "; thành phố Vinh"). Only ";" is taken: a
// stop there may end a sentence.
func addressComma(next []Word, mark byte) bool {
	if mark != ';' {
		return false
	}
	for _, u := range addressUnits {
		if len(next) < len(u)+1 {
			continue
		}
		ok := true
		for k, part := range u {
			if next[k].Text != part {
				ok = false
				break
			}
		}
		name, _ := utf8.DecodeRuneInString(next[len(u)].Text)
		if ok && unicode.IsUpper(name) {
			return true
		}
	}
	return false
}
