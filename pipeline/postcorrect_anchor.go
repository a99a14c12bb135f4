package pipeline

import (
	"image"
	"regexp"
	"slices"
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
	labelGapWord    = 1.5 // words of one label are at most this many number heights apart
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
// "cmnd" or "" (running text that names a card is no card).
func cardModel(ws []Word, lines [][]int) string {
	for _, idx := range lines {
		switch lineLetters(ws, idx) {
		case "cancuoccongdan", "citizenidentitycard":
			return "cccd"
		case "giaychungminhnhandan":
			return "cmnd"
		}
	}
	return ""
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
// stops become commas; marks alone that open or end a line go. It returns
// the text and how many changes it made.
func AnchorCardLabels(pt PageText) (PageText, int) {
	lines := lineWords(pt.Words)
	model := cardModel(pt.Words, lines)
	if model == "" {
		return pt, 0
	}
	pt.Words = slices.Clone(pt.Words)
	ws := pt.Words
	var anchors []cardAnchor
	idLine, label := idLabel(ws, lines, model)
	if label != nil {
		anchors = append(anchors, *label)
	}
	mainLeft := textColumn(ws, lines)
	if model == "cccd" {
		if idx := expiryLabelWords(ws, mainLeft); mainLeft > 0 && len(idx) > 0 {
			anchors = append(anchors, cardAnchor{idx, labelExpiry})
		}
		anchors = append(anchors, placedLines(ws, lines, idLine)...)
	}
	changed := bareValues(ws, mainLeft) + familyName(ws, lines) + addressCommas(ws, lines)
	drop := edgeMarks(ws, lines)
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
		if m := cardDate.FindStringSubmatch(t); m != nil && w.Box.X+w.Box.W/2 < mainLeft {
			t = m[1] + "/" + m[2] + "/" + m[3]
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
	if first == texts[0] {
		return 0
	}
	ws[name[0]].Text = first
	return 1
}

// textColumn returns the left edge of a CCCD's text column, beside the
// photo: the median left of the lines its field labels open (a label's
// first two words are seldom both misread), or -1.
func textColumn(ws []Word, lines [][]int) int {
	var xs []int
	for _, idx := range lines {
		if len(idx) < 2 {
			continue
		}
		switch vntext.Fold(ws[idx[0]].Text + " " + ws[idx[1]].Text) {
		case "ho va", "ngay sinh", "gioi tinh", "que quan", "noi thuong":
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
// ID number's line (idLine, or -1).
func placedLines(ws []Word, lines [][]int, idLine int) []cardAnchor {
	middle := func(idx []int) int {
		r := wordRect(ws[idx[0]].Box)
		for _, i := range idx[1:] {
			r = r.Union(wordRect(ws[i].Box))
		}
		return (r.Min.Y + r.Max.Y) / 2
	}
	motto, title := -1, -1
	for n, idx := range lines {
		switch lineLetters(ws, idx) {
		case "doclaptudohanhphuc":
			motto = n
		case "cancuoccongdan":
			title = n
		}
	}
	if motto < 0 || title < 0 {
		return nil
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
	var out []cardAnchor
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
			if best >= 0 {
				out = append(out, cardAnchor{lines[n], label})
			}
		}
	}
	return out
}

// edgeMarks returns the words of marks alone (no letter, no digit) that
// open or end a card's line, or make one: no card line does, and specks,
// the photo's and the emblem's edges and the tiêu ngữ's rule read so ("-
// Độc lập - Tự do - Hạnh phúc -", "„", "___"). The one place name printed
// with a dash, "Bà Rịa - Vũng Tàu", may wrap after it; that dash stays.
func edgeMarks(ws []Word, lines [][]int) map[int]bool {
	drop := map[int]bool{}
	for _, idx := range lines {
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
	"quân": "quận", "quán": "quận", "quạn": "quận", "quần": "quận", "quẩn": "quận",
	"phương": "phường", "phướng": "phường", "phưởng": "phường", "phượng": "phường",
	"xa": "xã", "xá": "xã", "xả": "xã", "xạ": "xã",
	"phô": "phố", "phó": "phố", "phồ": "phố", "phổ": "phố", "phỗ": "phố", "phộ": "phố",
	"đương": "đường", "dường": "đường", "đướng": "đường", "đưởng": "đường", "đượng": "đường",
}

// addressNumberSlips are the readings of an alley's unit with a slipped
// mark, which a card's address prints before its number ("ngõ 128"): a
// surname, "Ngô", is capitalised and no number follows it there.
var addressNumberSlips = map[string]string{
	"ngô": "ngõ", "ngồ": "ngõ", "ngố": "ngõ", "ngổ": "ngõ", "ngộ": "ngõ", "ngọ": "ngõ", "ngo": "ngõ",
	"ngach": "ngách", "ngạch": "ngách", "ngãch": "ngách", "ngảch": "ngách",
}

// addressCommas gives the stops a card's address lines read between two of
// its parts back their commas ("Xã Hưng Đạo. Đức Thọ"): a card's
// addresses list their parts with commas and end no sentence. It also
// mends a unit read with a slipped mark before a capitalised name
// (addressUnitSlips: "quân Hải Châu", "phô Trần Duy Hưng") or before a
// number (addressNumberSlips: "ngô 128"). The address lines are those from the
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
	for _, idx := range lines[from:] {
		for k := 0; k+1 < len(idx); k++ {
			w := ws[idx[k]].Text
			core, ok := strings.CutSuffix(w, ".")
			next, _ := utf8.DecodeRuneInString(ws[idx[k+1]].Text)
			if ok && utf8.RuneCountInString(core) >= 2 && allLetters(core) && !isAbbrev(core) && unicode.IsUpper(next) {
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
// mainLeft) on the line just above its expiry date ("Không thời hạn" on a
// card that never expires), in reading order, or nil when the date or
// those words are not there.
func expiryLabelWords(ws []Word, mainLeft int) []int {
	var d image.Rectangle
	found := false
	var at [2]int // the date's words, first and last
	for i, w := range ws {
		if w.Box.X+w.Box.W/2 >= mainLeft {
			continue
		}
		r, last := wordRect(w.Box), i
		switch {
		case cardDate.MatchString(w.Text):
		case i+2 < len(ws) && vntext.Fold(w.Text+" "+ws[i+1].Text+" "+ws[i+2].Text) == "khong thoi han":
			last = i + 2
			r = r.Union(wordRect(ws[last].Box))
		default:
			continue
		}
		d, found, at = r, true, [2]int{i, last}
	}
	if !found {
		return nil
	}
	// Tesseract's box for the date sometimes takes in the label above it:
	// the date's top is measured from its foot, by the card's word height.
	dh := min(d.Dy(), medianHeight(ws, nil))
	top := d.Max.Y - dh
	var idx []int
	for i, w := range ws {
		r := wordRect(w.Box)
		if at[0] <= i && i <= at[1] || w.Box.X+w.Box.W/2 >= mainLeft || (r.Min.Y+r.Max.Y)/2 >= top || r.Max.Y < top-2*dh {
			continue
		}
		if digits(w.Text) >= 3 && w.Confidence >= labelNumberConf {
			return nil // another date or number: not the label's place
		}
		idx = append(idx, i)
	}
	return idx
}
