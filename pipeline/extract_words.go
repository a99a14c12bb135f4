package pipeline

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"github.com/sohoa/sohoa/pipeline/vnwords"
)

// repairWords undoes OCR slips that turn one valid syllable into another
// ("chỉ tiết" for "chi tiết", "tố chức", "khu dần cư", "Bạch Đăng"), which a
// syllable list cannot see. Two neighbouring lowercase syllables that are
// no pair of the dictionary (vnwords), and neither of which forms a word
// with its other neighbour, are repaired when exactly one change of the
// diacritics of one letter of one of them makes them a word. A pair of an
// administrative phrase is read right (adminPair).
// Words with digits or other symbols, abbreviations and words split by
// punctuation are left as read.
func repairWords(v string) string {
	toks := strings.Fields(v)
	if len(toks) < 2 {
		return v
	}
	type tok struct {
		lead, core, trail string
		low               string // lowercase core when it is a syllable, else ""
	}
	ts := make([]tok, len(toks))
	for i, w := range toks {
		core := letterCore(w)
		t := tok{core: core, lead: w} // a token of marks only is kept whole as its lead
		if core != "" {
			k := strings.Index(w, core)
			t.lead, t.trail = w[:k], w[k+len(core):]
			low := vntext.Lower(core)
			if allLetters(core) && utf8.RuneCountInString(core) >= 2 && vnsyllables.Valid(low) && !isAbbrev(core) {
				t.low = low
			}
		}
		ts[i] = t
	}
	// adjacent: no punctuation between tokens i and i+1.
	adjacent := func(i int) bool {
		return i >= 0 && i+1 < len(ts) && ts[i].low != "" && ts[i+1].low != "" && ts[i].trail == "" && ts[i+1].lead == ""
	}
	inWord := func(i int) bool { return adjacent(i) && vnwords.Word(ts[i].low, ts[i+1].low) }
	// A syllable in an administrative phrase's pair with its other
	// neighbour is read right: "người sử dụng đất" keeps "đất" in "dụng
	// đất như giao đất", which "đắt như" (dear as) would take. Its
	// neighbour in the pair may still be repaired ("cấp bản sảo" → "sao",
	// "của Thú tướng Chính phủ" → "Thủ").
	inAdmin := func(i int) bool { return adjacent(i) && adminPair(ts[i].low, ts[i+1].low) }
	type fix struct {
		at  int
		low string
	}
	changed := false
	for i := 0; i+1 < len(ts); i++ {
		// Lowercase words: a capital starts a proper name ("phố Phạm
		// Văn Đồng", "tỉnh Nam Định"), which the dictionary does not
		// hold. A pair seen in running text is left as read ("đất để").
		// Both syllables must be strangers to their other neighbours: one
		// that forms a word on its other side is read right ("quy định
		// chỉ tiết": "định" belongs to "quy định"), and a lone word between
		// two words ("kế hoạch và đầu tư") is left alone.
		// A capitalised first syllable before a lowercase one opens a
		// sentence as often as a name ("Tố chức" for "Tổ chức", "(Băng
		// chữ"); only it may be repaired, keeping its capital.
		// A capitalised word after a place's unit and a capitalised word
		// is the place name's ("tỉnh Hà Tĩnh trước" is no "tình trước");
		// an organisation's ("Sở Từ pháp") or a law's name ("Luật Xư lý")
		// is still repaired.
		name := i > 1 && placeUnitWords[ts[i-2].core] && ts[i-2].trail == "" && startsUpper(ts[i-1].core) && ts[i-1].trail == ""
		title := ts[i].core != ts[i].low && ts[i].core == upperFirst(ts[i].low) && !name
		if !adjacent(i) || ts[i].core != ts[i].low && !title || ts[i+1].core != ts[i+1].low ||
			vnwords.Seen(ts[i].low, ts[i+1].low) || adminPair(ts[i].low, ts[i+1].low) || inWord(i-1) || inWord(i+1) {
			continue
		}
		// An administrative collocation goes before the dictionary's
		// words ("bằng chữ" of an amount, not "bảng chữ").
		var fixes, admin []fix
		for _, c := range vnwords.Variants(ts[i].low) {
			if numerals[ts[i].low] || inAdmin(i-1) {
				break
			}
			if collocation(c, ts[i+1].low) {
				admin = append(admin, fix{i, c})
			}
			if vnwords.Word(c, ts[i+1].low) {
				fixes = append(fixes, fix{i, c})
			}
		}
		for _, c := range vnwords.Variants(ts[i+1].low) {
			if numerals[ts[i+1].low] || title || inAdmin(i+1) {
				break
			}
			if collocation(ts[i].low, c) {
				admin = append(admin, fix{i + 1, c})
			}
			if vnwords.Word(ts[i].low, c) {
				fixes = append(fixes, fix{i + 1, c})
			}
		}
		if len(admin) == 1 {
			fixes = admin
		}
		fixes = fewestMarks(fixes, func(f fix) int { return vnwords.MarkChanges(ts[f.at].low, f.low) })
		if len(fixes) != 1 {
			continue
		}
		f := fixes[0]
		ts[f.at].low = f.low
		ts[f.at].core = f.low
		if title && f.at == i {
			ts[f.at].core = upperFirst(f.low)
		}
		changed = true
	}
	if !changed {
		return v
	}
	for i, t := range ts {
		toks[i] = t.lead + t.core + t.trail
	}
	return strings.Join(toks, " ")
}

// fewestMarks keeps the repairs that change the fewest marks (changes):
// where "thấm quyền" could be "thẩm quyền" (the tone misread) or "tham
// quyền" (the circumflex and the tone), a speck or a broken stroke more
// often turns one mark into another than two.
func fewestMarks[T any](fixes []T, changes func(T) int) []T {
	if len(fixes) < 2 {
		return fixes
	}
	least := -1
	var out []T
	for _, f := range fixes {
		switch n := changes(f); {
		case least < 0 || n < least:
			least, out = n, append(out[:0], f)
		case n == least:
			out = append(out, f)
		}
	}
	return out
}

// placeUnitWords are the units written, lowercase, before a place's name.
var placeUnitWords = map[string]bool{
	"tỉnh": true, "huyện": true, "quận": true, "xã": true, "phường": true, "phố": true,
	"đường": true, "thôn": true, "ấp": true, "xóm": true,
}

// startsUpper reports whether s opens with a capital letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// upperFirst is s with its first letter in capitals.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// adminCollocations are pairs of administrative prose that the general
// dictionary's lists lack, where one mark more or less makes a listed
// word: "cấp giấy" (to issue a paper) is not "cặp giấy" (a paper clip).
var adminCollocations = []string{
	"cấp giấy", "cấp phép", "cấp lại", "cấp đổi", "cấp bản", "cấp mới", "cấp xã", "cấp huyện",
	"cấp tỉnh", "cấp trên", "cấp sổ", "cấp thẻ", "cấp căn", "cấp mã", "được cấp", "nơi cấp",
	"ngày cấp", "đã cấp", "đề nghị cấp", "bằng chữ",
}

// adminPair reports whether a and b (lowercase) stand side by side in an
// administrative phrase (adminPhrases, adminCollocations).
func adminPair(a, b string) bool { return adminPairs()[[2]string{a, b}] }

var adminPairs = sync.OnceValue(func() map[[2]string]bool {
	pairs := map[[2]string]bool{}
	add := func(ws []string) {
		for j := 0; j+1 < len(ws); j++ {
			pairs[[2]string{vntext.Lower(ws[j]), vntext.Lower(ws[j+1])}] = true
		}
	}
	for _, ps := range adminPhrases {
		for _, p := range ps {
			add(p.words)
		}
	}
	for _, c := range adminCollocations {
		add(strings.Fields(c))
	}
	return pairs
})

// collocation reports whether a and b (lowercase) are one of
// adminCollocations.
func collocation(a, b string) bool { return collocations()[[2]string{a, b}] }

var collocations = sync.OnceValue(func() map[[2]string]bool {
	pairs := map[[2]string]bool{}
	for _, c := range adminCollocations {
		if ws := strings.Fields(c); len(ws) == 2 {
			pairs[[2]string{ws[0], ws[1]}] = true
		}
	}
	return pairs
})

// numerals are the syllables of numbers written out ("sáu mươi ba triệu",
// "chín mươi"): any digit of an amount may stand beside any other, so the
// word pairs know nothing of them, and a numeral changed into a
// neighbour's pair ("mươi bà", "chín mười") would change the amount. They
// are never the syllable repaired; their neighbours may be ("một sổ" →
// "một số").
var numerals = map[string]bool{
	"không": true, "một": true, "mốt": true, "hai": true, "ba": true, "bốn": true, "tư": true,
	"năm": true, "lăm": true, "nhăm": true, "sáu": true, "bảy": true, "tám": true, "chín": true,
	"mười": true, "mươi": true, "trăm": true, "nghìn": true, "ngàn": true, "triệu": true,
	"tỷ": true, "tỉ": true, "linh": true, "lẻ": true,
}

// isAlnum reports whether r is a letter or a digit.
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// letterCore is w without the marks and symbols around its letters and
// digits.
func letterCore(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !isAlnum(r) })
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// repairFromPage restores the diacritics of a name inside a value printed
// in capitals (an issuer: "XÃ HÁI QUANG") from the way the rest of the page
// spells it in ordinary case ("xã Hải Quang", twice): marks on capitals are
// squeezed under the line above and OCR loses them more often. A run of
// two or three words is respelt only when the page writes it, folded
// alike, at least twice and always the same way, and never as the value
// does.
func (x *extractor) repairFromPage(v string) string {
	ws := strings.Fields(v)
	if len(ws) < 2 || upperRatio(v) < 1 {
		return v
	}
	seen := titleRuns(x.lines)
	changed := false
	for n := 3; n >= 2; n-- {
		for i := 0; i+n <= len(ws); i++ {
			if !allLetters(strings.Join(ws[i:i+n], "")) {
				continue
			}
			if s, ok := pageSpelling(seen, vntext.Lower(strings.Join(ws[i:i+n], " "))); ok {
				copy(ws[i:i+n], strings.Fields(vntext.NFC(strings.ToUpper(s))))
				changed = true
			}
		}
	}
	if !changed {
		return v
	}
	return strings.Join(ws, " ")
}
