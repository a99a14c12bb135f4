package pipeline

import (
	"fmt"
	"image"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vnid"
	"github.com/sohoa/sohoa/internal/vntext"
)

// Two labels of an identity card are printed where nothing else is, in
// print too small to survive a photocopy or a phone photo: the ID number's
// label, just left of the number, and the CCCD's expiry label, under the
// photo just above the expiry date ("Cổ há tr đỀn / Đa te of erguy:", "4 8'ả
// tế đề:"). Read that far off, no spelling brings them within
// SnapCardLabels' reach; their place does. The words read there, and only
// where words were read, take the label's printed spelling (ADR 0628).

var (
	// cardIDNumber is a CMND's (9 digits) or CCCD's (12) number, as
	// extraction reads it, with a mark a speck may add after it.
	cardIDNumber = regexp.MustCompile(`^(\d{9}|\d{12})[.,:;]?$`)
	// cardDate is a date as cards print it, its slashes perhaps read as
	// "1", "I" or "l" ("1711012033") or lost ("19/042023"), with a speck's
	// mark after it.
	cardDate = regexp.MustCompile(`^(\d{2})[/1Il|]?(\d{2})[/1Il|]?(\d{4})[.,:;]?$`)
	// The lines a CCCD prints in English under the quốc hiệu and under
	// its title, by where they stand.
	cardEnglishHead  = []printedPhrase{newPrintedPhrase("SOCIALIST REPUBLIC OF VIET NAM"), newPrintedPhrase("Independence - Freedom - Happiness")}
	cardEnglishTitle = []printedPhrase{newPrintedPhrase("Citizen Identity Card")}
)

// placedSlips: a line read where a printed line stands may differ from it
// in up to half its characters and still be it.
func placedSlips(n int) int { return n / 2 }

const (
	labelIDCCCD = "Số / No.:"
	labelIDCMND = "SỐ"
	labelExpiry = "Có giá trị đến / Date of expiry:"
	// labelNumberConf: a number read less surely than this under a
	// card's photo is the expiry label's ruined print ("2206" for "/
	// Date"), not another date.
	labelNumberConf = 0.5
	// labelMaxH: a word taller than this many of the date's heights is
	// none of the label's, but the photo's edge (a phone photo of seed 4:
	// "`" 152 px tall over a label 20 px high).
	labelMaxH    = 3
	labelGapWord = 1.5 // words of one label are at most this many number heights apart
	// labelMaxWords: the ID label, "Số / No.:", read in at most this
	// many words ("sø / No .:"); more is a sentence that names a number.
	labelMaxWords = 5
)

// cardAnchor is a label and the words read where it is printed.
type cardAnchor struct {
	idx   []int // word indices, in reading order
	label string
}

// cardModel tells a CCCD from a CMND by a line that is their title: "cccd",
// "cmnd" or "" (running text that names a card is no card). The title
// may have junk beside it (headingJunk).
func cardModel(ws []Word, lines [][]int) string {
	for _, idx := range lines {
		for _, t := range cardTitles {
			if _, ok := headingJunk(ws, idx, t.letters); ok {
				return t.model
			}
		}
	}
	return ""
}

var cardTitles = []struct{ letters, model string }{
	{"cancuoccongdan", "cccd"}, {"citizenidentitycard", "cccd"}, {"giaychungminhnhandan", "cmnd"},
}

// cardHeadings are the letters of the lines a card prints above its
// fields, alone on their line: the quốc hiệu, the tiêu ngữ, a CCCD's
// title and a CMND's.
var cardHeadings = []string{"conghoaxahoichunghiavietnam", "doclaptudohanhphuc", "cancuoccongdan", "giaychungminhnhandan"}

// titleJunk is how many letters of junk a card's heading line may hold
// beside its print.
const titleJunk = 4

// headingJunk reports whether the words idx of one line read letters (a
// heading's, folded) exactly, but for words of at most titleJunk letters
// in all before or after them, which it returns: a QR code's modules or
// the emblem's edge read on the line ("CĂN CƯỚC CÔNG DÂN Đn", "Độc lập -
// Tự do - Hạnh phúc CÌ" on a photocopy of seed 31).
func headingJunk(ws []Word, idx []int, letters string) ([]int, bool) {
	for _, fromEnd := range []bool{false, true} {
		var acc string
		for k := range idx {
			i := idx[k]
			if fromEnd {
				i = idx[len(idx)-1-k]
			}
			if fromEnd {
				acc = lineLetters(ws, []int{i}) + acc
			} else {
				acc += lineLetters(ws, []int{i})
			}
			if len(acc) > len(letters) {
				break
			}
			if (fromEnd && !strings.HasSuffix(letters, acc)) || (!fromEnd && !strings.HasPrefix(letters, acc)) {
				break
			}
			if acc != letters {
				continue
			}
			rest := idx[k+1:]
			if fromEnd {
				rest = idx[:len(idx)-1-k]
			}
			if len(lineLetters(ws, rest)) > titleJunk {
				break
			}
			return rest, true
		}
	}
	return nil, false
}

// lineLetters is the folded letters of a line's words, nothing between.
func lineLetters(ws []Word, idx []int) string {
	var b strings.Builder
	for _, i := range idx {
		for _, r := range vntext.Fold(ws[i].Text) {
			if unicode.IsLetter(r) {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// AnchorCardLabels reads a card's layout (ADR 0628): the words read where
// the ID label, the CCCD's expiry label and its English lines are printed
// take their spelling; the number and the photo column's date lose the
// marks after them; the holder's family name is repaired; the address's
// stops become commas; marks alone that open or end a line go. On a CCCD
// (ADR 0646) the words read in its photo and the junk beside its heading
// go, "Không thời hạn" read into other lines is gathered, and an expiry
// label read as nothing is put in. It returns the text and how many
// changes it made.
func AnchorCardLabels(pt PageText) (PageText, int) {
	lines := lineWords(pt.Words)
	model := cardModel(pt.Words, lines)
	if model == "" {
		return pt, 0
	}
	pt.Words = slices.Clone(pt.Words)
	ws := pt.Words
	var anchors []cardAnchor
	var photo []int
	moved := 0 // the expiry value's words gathered, its label put in
	idLine, label := idLabel(ws, lines, model)
	if label != nil {
		anchors = append(anchors, *label)
	}
	mainLeft := textColumn(ws, lines)
	switch model {
	case "cccd":
		var placed []cardAnchor
		ws, placed, photo, moved = cccdLayout(ws, lines, mainLeft, idLine)
		pt.Words = ws
		lines = lineWords(ws)
		anchors = append(anchors, placed...)
	case "cmnd":
		photo = cmndPhoto(ws, lines, idLine)
	}
	changed := moved + bareValues(ws, mainLeft) + familyName(ws, lines) + addressCommas(ws, lines)
	if model == "cccd" {
		changed += expiryFromBirth(ws, lines, mainLeft)
	}
	drop := edgeMarks(ws, lines)
	for _, i := range photo {
		drop[i] = true
	}
	for _, idx := range lines {
		for _, h := range cardHeadings {
			junk, _ := headingJunk(ws, idx, h)
			for _, i := range junk {
				drop[i] = true
			}
		}
	}
	changed += len(drop)
	put := map[int][]Word{}
	for _, a := range anchors {
		words := strings.Fields(a.label)
		read := make([]Word, len(a.idx))
		for k, i := range a.idx {
			read[k] = ws[i]
		}
		if spelled(read, words) {
			continue
		}
		for _, i := range a.idx {
			drop[i] = true
		}
		put[a.idx[0]] = spreadWords(read, words)
		changed++
	}
	if changed == 0 {
		return pt, 0
	}
	out := make([]Word, 0, len(ws))
	for i, w := range ws {
		out = append(out, put[i]...)
		if !drop[i] {
			out = append(out, w)
		}
	}
	pt.Words = out
	pt.Text = textFromWords(out)
	pt.Confidence = meanConfidence(out)
	return pt, changed
}

// idLabel finds the card's ID number and returns its line (or -1) and the
// words read just left of it as its label: none a number (a digit or two
// are letters misread: "s6/No.:"), each near the next, at most
// labelMaxWords of them; nil when none are.
func idLabel(ws []Word, lines [][]int, model string) (int, *cardAnchor) {
	for ln, idx := range lines {
		for k, i := range idx {
			n := ws[i]
			if !cardIDNumber.MatchString(n.Text) {
				continue
			}
			from := k
			for from > 0 {
				w, next := ws[idx[from-1]], ws[idx[from]]
				if next.Box.X-(w.Box.X+w.Box.W) > int(labelGapWord*float64(n.Box.H)) || digits(w.Text) > 2 {
					break
				}
				from--
			}
			if from == k || k-from > labelMaxWords {
				return ln, nil
			}
			label := labelIDCCCD
			if model == "cmnd" {
				label = labelIDCMND
			}
			return ln, &cardAnchor{idx[from:k], label}
		}
	}
	return -1, nil
}

// bareValues strips the marks a speck adds after the card's number and the
// photo column's date (left of mainLeft), which are printed bare, and
// restores the date's slashes ("1711012033", "19/042023"). It returns
// how many words changed.
func bareValues(ws []Word, mainLeft int) int {
	changed := 0
	for i, w := range ws {
		t := strings.TrimRight(w.Text, ".,:;")
		if d, ok := photoDate(t); ok && validDate(d) && w.Box.X+w.Box.W/2 < mainLeft {
			t = d
		} else if !cardIDNumber.MatchString(t) {
			continue
		}
		if t != w.Text {
			ws[i].Text = t
			changed++
		}
	}
	return changed
}

// dateLook maps the characters a card's date in small bold print is read
// with to the digit or slash they stand for: "23i11I2026", "2AI12I2037".
var dateLook = map[rune]rune{'I': '1', 'i': '1', 'l': '1', 'L': '1', '|': '1', '!': '1', 'O': '0', 'o': '0', 'S': '5', 'Z': '2', 'B': '8', 'A': '4'}

// cardDateTwice is cardDate with a slash read as two characters
// ("18/11I12036"), tried when cardDate finds none.
var cardDateTwice = regexp.MustCompile(`^(\d{2})[/1]{0,2}(\d{2})[/1]{0,2}(\d{4})$`)

// photoDate reads t, a word of a card's photo column, marks after it
// aside, as the date printed there, dd/mm/yyyy: its slashes read "1",
// "I", "i" or "l", lost or doubled, its digits perhaps read as look-alike
// letters (dateLook). Its day and month may be no date's (validDate): a
// digit misread.
func photoDate(t string) (string, bool) {
	mapped := []rune(strings.TrimRight(t, ".,:;"))
	for k, r := range mapped {
		switch {
		case r >= '0' && r <= '9' || r == '/':
		case dateLook[r] != 0:
			mapped[k] = dateLook[r]
		default:
			return "", false
		}
	}
	m := cardDate.FindStringSubmatch(string(mapped))
	if m == nil {
		m = cardDateTwice.FindStringSubmatch(string(mapped))
	}
	if m == nil {
		return "", false
	}
	return m[1] + "/" + m[2] + "/" + m[3], true
}

// validDate reports whether d, dd/mm/yyyy, has a day and a month.
func validDate(d string) bool {
	day, _ := strconv.Atoi(d[:2])
	month, _ := strconv.Atoi(d[3:5])
	return day >= 1 && day <= 31 && month >= 1 && month <= 12
}

// isPhotoDate reports whether w reads as a date printed in a card's photo
// column (photoDate).
func isPhotoDate(w string) bool {
	_, ok := photoDate(w)
	return ok
}

// cardAges are the ages at which a CCCD expires: it is valid until its
// holder's birthday in the year they turn 25, 40 or 60 (Luật Căn cước công
// dân 2014, Điều 21), or 14 under Luật Căn cước 2023.
var cardAges = []int{14, 25, 40, 60}

// expiryFromBirth mends a CCCD's expiry date read one digit off the one
// date its holder's birth date allows (cardAges): "15/30/2028" for a
// holder born on 15/10/1988. It returns 1 when it changed the date.
func expiryFromBirth(ws []Word, lines [][]int, mainLeft int) int {
	_, value, ok := expiryValue(ws, mainLeft)
	if !ok || len(value) != 1 {
		return 0
	}
	var at int
	for i := range value {
		at = i
	}
	exp, _ := photoDate(ws[at].Text)
	birth := ""
	for _, idx := range lines {
		if !strings.Contains(vntext.Fold(lineLetters(ws, idx)), "birth") {
			continue
		}
		for _, i := range idx {
			if m := cardDate.FindStringSubmatch(strings.TrimRight(ws[i].Text, ".,:;")); m != nil {
				birth = m[1] + "/" + m[2] + "/" + m[3]
			}
		}
	}
	if birth == "" {
		return 0
	}
	year, _ := strconv.Atoi(birth[6:])
	fix := ""
	for _, age := range cardAges {
		want := fmt.Sprintf("%s%04d", birth[:6], year+age)
		if want == exp {
			return 0
		}
		if len(exp) == len(want) && editDistance([]rune(want), []rune(exp), 1) == 1 { // one digit off
			if fix != "" {
				return 0 // two dates within reach: leave it
			}
			fix = want
		}
	}
	if fix == "" {
		return 0
	}
	ws[at].Text = fix
	return 1
}

// familyName repairs the first word of the holder's name as extraction
// does (repairSurname): "NGUYÊN" is no family name, "NGUYỄN" the
// commonest. It returns 1 when it changed the word.
func familyName(ws []Word, lines [][]int) int {
	name := cardName(ws, lines)
	if len(name) == 0 {
		return 0
	}
	texts := make([]string, len(name))
	for k, i := range name {
		texts[k] = ws[i].Text
	}
	first := strings.Fields(repairSurname(strings.Join(texts, " ")))[0]
	// The first word may hold the whole name, split from one glued
	// reading ("LÊ TUYẾT LIÊU"): only its first token is the family name.
	toks := strings.Fields(texts[0])
	if len(toks) == 0 || first == toks[0] {
		return 0
	}
	toks[0] = first
	ws[name[0]].Text = strings.Join(toks, " ")
	return 1
}

// textColumn returns the left edge of a CCCD's text column, beside the
// photo: the median left of the lines its field labels open (a label's
// first two words are seldom both misread), or -1.
func textColumn(ws []Word, lines [][]int) int {
	return labelsColumn(ws, lines, "ho va", "ngay sinh", "gioi tinh", "que quan", "noi thuong")
}

// cmndColumn is textColumn for a CMND's labels.
func cmndColumn(ws []Word, lines [][]int) int {
	return labelsColumn(ws, lines, "ho ten:", "sinh ngay:", "nguyen quan:", "noi dkhk")
}

// labelsColumn returns the median left of the lines whose first two words,
// folded, are one of starts, or -1.
func labelsColumn(ws []Word, lines [][]int, starts ...string) int {
	var xs []int
	for _, idx := range lines {
		if len(idx) < 2 {
			continue
		}
		if slices.Contains(starts, vntext.Fold(ws[idx[0]].Text+" "+ws[idx[1]].Text)) {
			xs = append(xs, ws[idx[0]].Box.X)
		}
	}
	if len(xs) == 0 {
		return -1
	}
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// placedLines returns the lines of a CCCD read where its English lines
// stand, each with the English line it reads closest to (within
// placedSlips): the quốc hiệu's and the tiêu ngữ's between the tiêu ngữ
// and the card's title, "Citizen Identity Card" between the title and the
// ID number's line (idLine, or -1). It returns too the words of the lines
// there that read none and hold a few letters at most (titleJunk): the QR
// code's modules beside the heading ("v r7", a photocopy of seed 31).
func placedLines(ws []Word, lines [][]int, idLine int) (placed []cardAnchor, junk []int) {
	middle := func(idx []int) int {
		r := wordRect(ws[idx[0]].Box)
		for _, i := range idx[1:] {
			r = r.Union(wordRect(ws[i].Box))
		}
		return (r.Min.Y + r.Max.Y) / 2
	}
	motto, title := -1, -1
	for n, idx := range lines {
		if _, ok := headingJunk(ws, idx, "doclaptudohanhphuc"); ok {
			motto = n
		}
		if _, ok := headingJunk(ws, idx, "cancuoccongdan"); ok {
			title = n
		}
	}
	if motto < 0 || title < 0 {
		return nil, nil
	}
	type band struct {
		top, bottom int
		ps          []printedPhrase
	}
	bands := []band{{middle(lines[motto]), middle(lines[title]), cardEnglishHead}}
	if idLine >= 0 {
		bands = append(bands, band{middle(lines[title]), middle(lines[idLine]), cardEnglishTitle})
	}
	// The lines of text (no number) in each band, in order: when a band
	// holds as many as it prints, its k-th line is its k-th printed line,
	// however blurred (a phone photo's "S4 (AI Sĩ PU@I { OẾ vú T1 NAM"):
	// it needs only read a third of that line's letters.
	inBand := make([][]int, len(bands))
	bares := make([][]rune, len(lines))
	for n, idx := range lines {
		y := middle(idx)
		var bare []rune
		for _, i := range idx {
			bare = append(bare, []rune(ws[i].Text)...)
		}
		if len(bare) == 0 || digits(string(bare)) > 2 {
			continue // a number's line; a digit or two are letters misread ("C¡ti2en")
		}
		bare[0] = unicode.ToLower(bare[0])
		bares[n] = bare
		for k, b := range bands {
			if y > b.top && y < b.bottom {
				inBand[k] = append(inBand[k], n)
			}
		}
	}
	for k, b := range bands {
		for rank, n := range inBand[k] {
			bare := bares[n]
			best, label := -1, ""
			for j, p := range b.ps {
				slips := placedSlips(len(p.bare))
				if len(inBand[k]) == len(b.ps) && j == rank && 3*len(bare) >= len(p.bare) {
					slips = len(p.bare)
				}
				if d := editDistance(bare, p.bare, slips); d <= slips && (best < 0 || d < best) {
					best, label = d, strings.Join(p.words, " ")
				}
			}
			switch {
			case best >= 0:
				placed = append(placed, cardAnchor{lines[n], label})
			case len(lineLetters(ws, lines[n])) <= titleJunk:
				junk = append(junk, lines[n]...)
			}
		}
	}
	return placed, junk
}

// fieldDashes marks in drop the dashes read alone inside a line of a
// card's fields (idx): the fields print none but in "Bà Rịa - Vũng Tàu",
// and a speck between two fields reads as one ("Sex: Nữ - Quốc tịch",
// "Nam — Quốc tịch" on photocopies of seeds 4 and 31).
func fieldDashes(ws []Word, idx []int, drop map[int]bool) {
	for k := 1; k+1 < len(idx); k++ {
		if isDash(ws[idx[k]].Text) && vntext.Fold(ws[idx[k-1]].Text) != "ria" {
			drop[idx[k]] = true
		}
	}
}

// edgeMarks returns the words of marks alone (no letter, no digit) that
// open or end a card's line, or make one: no card line does, and specks,
// the photo's and the emblem's edges and the tiêu ngữ's rule read so ("-
// Độc lập - Tự do - Hạnh phúc -", "„", "___"). The one place name printed
// with a dash, "Bà Rịa - Vũng Tàu", may wrap after it; that dash stays.
// Below the card's title, dashes inside a line go too (fieldDashes).
func edgeMarks(ws []Word, lines [][]int) map[int]bool {
	drop := map[int]bool{}
	fields := false // past the card's title: the fields' lines
	for _, idx := range lines {
		if l := lineLetters(ws, idx); fields && l != "doclaptudohanhphuc" && l != "independencefreedomhappiness" {
			fieldDashes(ws, idx, drop)
		}
		for _, t := range cardTitles {
			if _, ok := headingJunk(ws, idx, t.letters); ok {
				fields = true
			}
		}
		for j, k := range []int{0, len(idx) - 1} {
			if hasLetterOrDigit(ws[idx[k]].Text) {
				continue
			}
			if j == 1 && k > 0 && ws[idx[k]].Text == "-" && vntext.Fold(ws[idx[k-1]].Text) == "ria" {
				continue
			}
			drop[idx[k]] = true
		}
	}
	return drop
}

// addressUnitSlips are the readings of a ward's, a commune's and an urban
// district's unit with a slipped mark. In a card's address, before a
// place's name, they can be nothing else; in running text they can
// ("phương Nam", "xa Hà Nội", "quân Pháp", "phó Giám đốc"), so placeUnits
// leaves them.
var addressUnitSlips = map[string]string{
	"quân": "quận", "quán": "quận", "quản": "quận", "quạn": "quận", "quần": "quận", "quẩn": "quận",
	"phương": "phường", "phướng": "phường", "phưởng": "phường", "phượng": "phường",
	"xa": "xã", "xá": "xã", "xả": "xã", "xạ": "xã",
	"phô": "phố", "phó": "phố", "phồ": "phố", "phổ": "phố", "phỗ": "phố", "phộ": "phố",
	"đương": "đường", "dường": "đường", "đướng": "đường", "đưởng": "đường", "đượng": "đường",
}

// addressNumberSlips are the readings of an alley's unit, and of the "Số"
// that opens a house number, with a slipped mark, which a card's address
// prints before its number ("ngõ 128", "Số 90"): a surname, "Ngô", is
// capitalised and no number follows it there.
var addressNumberSlips = map[string]string{
	"So": "Số", "SỐ": "Số", "Sô": "Số", "Sổ": "Số", "Sồ": "Số", "Sỗ": "Số", "Sộ": "Số", "Sớ": "Số", "Sö": "Số", "Số.": "Số",
	"ngô": "ngõ", "ngồ": "ngõ", "ngố": "ngõ", "ngổ": "ngõ", "ngộ": "ngõ", "ngọ": "ngõ", "ngo": "ngõ",
	"ngach": "ngách", "ngạch": "ngách", "ngãch": "ngách", "ngảch": "ngách",
}

// addressCommas gives the stops a card's address lines read between two of
// its parts back their commas ("Xã Hưng Đạo. Đức Thọ"): a card's
// addresses list their parts with commas and end no sentence. It also
// mends a unit read with a slipped mark before a capitalised name
// (addressUnitSlips: "quân Hải Châu", "phô Trần Duy Hưng") or before a
// number (addressNumberSlips: "ngô 128"), the name or number on its line
// or opening the next ("phó" | "Bạch Đằng"). The address lines are those from the
// place of origin's label on ("Quê quán", "Nguyên quán"). It returns how
// many words changed.
func addressCommas(ws []Word, lines [][]int) int {
	changed := 0
	from := slices.IndexFunc(lines, func(idx []int) bool {
		f := vntext.Fold(ws[idx[0]].Text + " " + ws[idx[min(1, len(idx)-1)]].Text)
		return f == "que quan" || f == "nguyen quan:"
	})
	if from < 0 {
		return 0
	}
	for n, idx := range lines[from:] {
		for k := range idx {
			// The word after: on the line, or opening the next.
			var after int
			switch {
			case k+1 < len(idx):
				after = idx[k+1]
			case from+n+1 < len(lines):
				after = lines[from+n+1][0]
			default:
				continue
			}
			w := ws[idx[k]].Text
			core, ok := strings.CutSuffix(w, ".")
			next, _ := utf8.DecodeRuneInString(ws[after].Text)
			if ok && k+1 < len(idx) && utf8.RuneCountInString(core) >= 2 && allLetters(core) && !isAbbrev(core) && unicode.IsUpper(next) {
				ws[idx[k]].Text = core + ","
				changed++
			}
			if unit, ok := addressUnitSlips[w]; ok && unicode.IsUpper(next) {
				ws[idx[k]].Text = unit
				changed++
			}
			if unit, ok := addressNumberSlips[w]; ok && unicode.IsDigit(next) {
				ws[idx[k]].Text = unit
				changed++
			}
		}
		changed += provinceNames(ws, idx)
	}
	return changed
}

// provinces are the 63 provinces' names (vnid's list, the ID number's), by
// their fold, each as its words; "Bà Rịa - Vũng Tàu" is left out.
var provinces = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, code := range vnid.ProvinceCodes() {
		if name, _ := vnid.Province(code); !strings.Contains(name, "-") {
			m[vntext.Fold(name)] = strings.Fields(name)
		}
	}
	return m
})

// provinceNames gives the runs of two or three capitalised words of a
// card's address line idx whose letters are a province's name the
// province's marks ("Điện Biến Phủ" → "Điện Biên Phủ", "Đắk Lăk"): an
// address names places, and a person's name there is a street's, rarely
// a province's letters. Marks before the run's first word and after its
// last stay. It returns how many words changed.
func provinceNames(ws []Word, idx []int) int {
	changed := 0
	for n := 3; n >= 2; n-- {
		for k := 0; k+n <= len(idx); k++ {
			cores := make([]string, n)
			ok := true
			for j := range n {
				t := ws[idx[k+j]].Text
				c := strings.TrimRightFunc(t, isTrailPunct)
				r, _ := utf8.DecodeRuneInString(c)
				// a mark after a word but the last parts the run
				if ok = (j+1 == n || c == t) && c != "" && allLetters(c) && unicode.IsUpper(r); !ok {
					break
				}
				cores[j] = c
			}
			if !ok {
				continue
			}
			name, found := provinces()[vntext.Fold(strings.Join(cores, " "))]
			if !found || slices.Equal(name, cores) {
				continue
			}
			for j := range n {
				w := &ws[idx[k+j]]
				w.Text = name[j] + w.Text[len(cores[j]):]
				changed++
			}
		}
	}
	return changed
}

// cardName returns the words of the holder's name: the line after the
// CCCD's "Full name:" label, or the words after the CMND's "Họ tên:".
func cardName(ws []Word, lines [][]int) []int {
	for n, idx := range lines {
		last := vntext.Fold(ws[idx[len(idx)-1]].Text)
		switch {
		case last == "name:" && n+1 < len(lines):
			return lines[n+1]
		case len(idx) > 2 && vntext.Fold(ws[idx[0]].Text) == "ho" && vntext.Fold(ws[idx[1]].Text) == "ten:":
			return idx[2:]
		}
	}
	return nil
}

// expiryLabelWords returns the words read in a CCCD's photo column (left of
// mainLeft) on the line just above its expiry value (expiryValue), in
// reading order, and the top of the label's line; nil when the value or
// those words are not there.
func expiryLabelWords(ws []Word, mainLeft int) ([]int, int) {
	d, value, ok := expiryValue(ws, mainLeft)
	if !ok {
		return nil, 0
	}
	// Tesseract's box for the date sometimes takes in the label above it:
	// the date's top is measured from its foot, by the card's word height.
	dh := min(d.Dy(), medianHeight(ws, nil))
	top := d.Max.Y - dh
	var idx []int
	for i, w := range ws {
		r := wordRect(w.Box)
		if value[i] || w.Box.X+w.Box.W/2 >= mainLeft || (r.Min.Y+r.Max.Y)/2 >= top || r.Max.Y < top-2*dh {
			continue
		}
		if r.Dy() > labelMaxH*dh {
			continue // the photo's edge read down to the label's line
		}
		if digits(w.Text) >= 3 && w.Confidence >= labelNumberConf {
			return nil, 0 // another date or number: not the label's place
		}
		idx = append(idx, i)
	}
	return idx, top - 2*dh
}

// cccdLayout reads a CCCD's layout for AnchorCardLabels: it gathers
// "Không thời hạn" and puts in an expiry label read as nothing, then
// returns the words (changed or not), the labels to spell at their
// places (the expiry label, the English lines), the words to drop (the
// photo's, junk lines beside the heading) and how many moves it made.
// lines are ws's; mainLeft is the text column, idLine the ID number's
// line (the moves are below it).
func cccdLayout(ws []Word, lines [][]int, mainLeft, idLine int) ([]Word, []cardAnchor, []int, int) {
	moved := 0
	for _, step := range []func([]Word, int) ([]Word, bool){gatherValue, missingExpiryLabel} {
		if out, ok := step(ws, mainLeft); ok {
			ws = out
			lines = lineWords(ws)
			moved++
		}
	}
	var anchors []cardAnchor
	var drop []int
	idx, labelTop := expiryLabelWords(ws, mainLeft)
	if mainLeft > 0 && len(idx) > 0 {
		anchors = append(anchors, cardAnchor{idx, labelExpiry})
	}
	if mainLeft > 0 && labelTop > 0 {
		drop = photoWords(ws, lines, "cancuoccongdan", mainLeft, labelTop)
	}
	placed, junk := placedLines(ws, lines, idLine)
	return ws, append(anchors, placed...), append(drop, junk...), moved
}

// cmndPhoto returns the words read in a CMND's photo: it prints nothing
// under it, and it stands below its number's line (idLine; "SỐ
// 177083798", centred, starts left of the text column).
func cmndPhoto(ws []Word, lines [][]int, idLine int) []int {
	left := cmndColumn(ws, lines)
	if left <= 0 || idLine < 0 {
		return nil
	}
	var photo []int
	bottom := lineBottom(ws, lines[idLine])
	for _, i := range photoWords(ws, lines, "giaychungminhnhandan", left, math.MaxInt) {
		if ws[i].Box.Y > bottom {
			photo = append(photo, i)
		}
	}
	return photo
}

// lineBottom is the lowest edge of the words idx.
func lineBottom(ws []Word, idx []int) int {
	b := 0
	for _, i := range idx {
		b = max(b, ws[i].Box.Y+ws[i].Box.H)
	}
	return b
}

// photoWords returns the words read in a card's photo: in its photo
// column (left of mainLeft by half a word height), below the card's title
// (title, its letters) and wholly above a CCCD's expiry label's line
// (labelTop). A photo holds no print, but its shading and a photocopy's
// dither read as words ("Min kế", "Ho", "số" beside the holder's name and
// the birth date, seeds 29 and 31; "S So", "TS da" on a CMND).
func photoWords(ws []Word, lines [][]int, title string, mainLeft, labelTop int) []int {
	top := -1
	for _, idx := range lines {
		if _, ok := headingJunk(ws, idx, title); ok {
			for _, i := range idx {
				top = max(top, ws[i].Box.Y+ws[i].Box.H)
			}
		}
	}
	if top < 0 {
		return nil
	}
	med := medianHeight(ws, nil)
	var out []int
	for i, w := range ws {
		x, y := w.Box.X+w.Box.W/2, w.Box.Y+w.Box.H/2
		if x < mainLeft-med/2 && top < y && w.Box.Y+w.Box.H < labelTop {
			out = append(out, i)
		}
	}
	return out
}

// gatherValue moves the words of a CCCD's "Không thời hạn" that
// Tesseract read into other lines (expiryValue) after "Không", onto its
// line, and reports whether it moved any.
func gatherValue(ws []Word, mainLeft int) ([]Word, bool) {
	_, value, ok := expiryValue(ws, mainLeft)
	if !ok || len(value) < 3 {
		return ws, false
	}
	idx := slices.Sorted(maps.Keys(value))
	slices.SortFunc(idx, func(a, b int) int { return ws[a].Box.X - ws[b].Box.X })
	first := idx[0]
	if idx[1] == first+1 && idx[2] == first+2 && ws[idx[2]].Line == ws[first].Line {
		return ws, false
	}
	out := make([]Word, 0, len(ws))
	for i, w := range ws {
		if value[i] && i != first {
			continue
		}
		out = append(out, w)
		if i == first {
			for _, j := range idx[1:] {
				v := ws[j]
				v.Line, v.Block = w.Line, w.Block
				out = append(out, v)
			}
		}
	}
	return out, true
}

// missingExpiryLabel puts a CCCD's expiry label, on a line of its own,
// before the expiry value read under the photo (expiryValue) where no word
// was read in the label's place above it and the page holds no reading of
// it elsewhere: the card prints it there, and a phone photo blurs its
// small print to ink Tesseract takes for no word (seed 25). The label's
// words take the value's confidence and its box's width, a word height
// above it. It reports whether it put the label in.
func missingExpiryLabel(ws []Word, mainLeft int) ([]Word, bool) {
	d, value, ok := expiryValue(ws, mainLeft)
	if !ok || mainLeft <= 0 {
		return ws, false
	}
	dh := min(d.Dy(), medianHeight(ws, nil))
	top := d.Max.Y - dh
	for i, w := range ws {
		f := vntext.Fold(w.Text)
		if strings.Contains(f, "expir") || f == "tri" || f == "gia" {
			return ws, false // read elsewhere
		}
		mid := w.Box.Y + w.Box.H/2
		if !value[i] && w.Box.X+w.Box.W/2 < mainLeft && top-2*dh <= mid && mid < top {
			return ws, false // read in its place: AnchorCardLabels' to spell
		}
	}
	first := slices.Min(slices.Collect(maps.Keys(value)))
	at := Word{Box: Box{X: d.Min.X, Y: top - dh - dh/2, W: d.Dx(), H: dh}, Confidence: ws[first].Confidence, Line: ws[first].Line, Block: ws[first].Block}
	label := spreadWords([]Word{at}, strings.Fields(labelExpiry))
	out := slices.Concat(ws[:first], label, ws[first:])
	for i := first + len(label); i < len(out); i++ {
		out[i].Line++
	}
	return out, true
}

// expiryValue returns the box and the words of a CCCD's expiry date read
// in its photo column (left of mainLeft), the last there, or of "Không
// thời hạn" on a card that never expires: three words side by side on a
// row, which Tesseract may read into different lines (a photocopy of seed
// 29: "Không" alone, "thời hạn" with the address beside it).
func expiryValue(ws []Word, mainLeft int) (image.Rectangle, map[int]bool, bool) {
	var d image.Rectangle
	var value map[int]bool
	left := func(w Word) bool { return w.Box.X+w.Box.W/2 < mainLeft }
	for i, w := range ws {
		if !left(w) {
			continue
		}
		switch {
		case isPhotoDate(w.Text):
			d, value = wordRect(w.Box), map[int]bool{i: true}
		case vntext.Fold(w.Text) == "khong":
			r, at := wordRect(w.Box), map[int]bool{i: true}
			for _, next := range []string{"thoi", "han"} {
				j := slices.IndexFunc(ws, func(v Word) bool {
					mid := v.Box.Y + v.Box.H/2
					return left(v) && vntext.Fold(v.Text) == next && v.Box.X >= r.Max.X && r.Min.Y <= mid && mid < r.Max.Y
				})
				if j < 0 {
					break
				}
				r, at[j] = r.Union(wordRect(ws[j].Box)), true
			}
			if len(at) == 3 {
				d, value = r, at
			}
		}
	}
	return d, value, value != nil
}
