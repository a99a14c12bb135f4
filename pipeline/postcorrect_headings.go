package pipeline

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/internal/vntext"
)

// An administrative document prints its quốc hiệu, its issuer, its type,
// its headings and its signer's title in capitals, in the fixed wording
// of Nghị định 30/2020 and of the state's bodies. The marks on capitals
// are squeezed under the line above, and a photocopy loses them first
// ("TM: CHINH PHU", "PHO THU TƯỚNG", "ỦY BẠN NHAN DAN", "QUYÉT ĐỊNH"),
// while the letters survive. A run of words in capitals whose letters are
// those of such a phrase, word for word, takes the phrase's marks (ADR
// 0629); so do a few phrases of three words or more that administrative
// prose repeats ("Cống thông tin điện tử", "Thường trực HDND"), where the
// case of each word is the phrase's too, and a province's name after its
// unit ("TÍNH AN GIANG", "tỉnh Đắk Lăk"). Letters never change (đ is a d
// with a mark), nor words outside a whole phrase: a name in capitals keeps
// its marks, and phrases that end names ("CÔNG AN", "VIỆT NAM" of
// "SOCIALIST REPUBLIC OF VIET NAM") stand only inside longer ones.

// placeWords name the units of administration; each opens a place's name,
// which may be spelt with any letters.
var placeWords = []string{"TỈNH", "THÀNH PHỐ", "HUYỆN", "QUẬN", "THỊ XÃ", "XÃ", "PHƯỜNG", "THỊ TRẤN"}

// adminPhrase is one of the fixed phrases: its words, their folds and
// their case (caseShape).
type adminPhrase struct {
	words, folds []string
	shape        []byte
	capitals     bool // every word in capitals
}

// adminPhrases are the fixed phrases of two or more words in capitals and
// of three or more in ordinary case, by the fold of their first word,
// longest first ("PHÓ CHỦ TỊCH" before "CHỦ TỊCH").
var adminPhrases = func() map[string][]adminPhrase {
	bodies := []string{
		"ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "TÒA ÁN NHÂN DÂN", "VIỆN KIỂM SÁT NHÂN DÂN",
		"CÔNG AN", "SỞ TƯ PHÁP", "SỞ NỘI VỤ", "SỞ TÀI CHÍNH", "SỞ XÂY DỰNG", "SỞ Y TẾ",
		"SỞ CÔNG THƯƠNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ",
		"SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "SỞ GIAO THÔNG VẬN TẢI",
		"SỞ KHOA HỌC VÀ CÔNG NGHỆ", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "SỞ VĂN HÓA",
		"BẢO HIỂM XÃ HỘI", "KHO BẠC NHÀ NƯỚC", "CỤC THUẾ", "CHI CỤC THUẾ", "CỤC THỐNG KÊ",
		"VĂN PHÒNG ĐĂNG KÝ ĐẤT ĐAI", "PHÒNG TƯ PHÁP", "PHÒNG NỘI VỤ", "PHÒNG TÀI CHÍNH",
		"PHÒNG KINH TẾ", "PHÒNG Y TẾ", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "PHÒNG TÀI NGUYÊN VÀ MÔI TRƯỜNG",
		"PHÒNG QUẢN LÝ ĐÔ THỊ", "PHÒNG VĂN HÓA VÀ THÔNG TIN",
	}
	list := []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN",
		"CHÍNH PHỦ", "QUỐC HỘI", "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "VĂN PHÒNG CHÍNH PHỦ",
		"THỦ TƯỚNG CHÍNH PHỦ", "THANH TRA CHÍNH PHỦ", "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM",
		"BỘ TÀI CHÍNH", "BỘ NỘI VỤ", "BỘ TƯ PHÁP", "BỘ CÔNG AN", "BỘ Y TẾ", "BỘ XÂY DỰNG",
		"BỘ CÔNG THƯƠNG", "BỘ QUỐC PHÒNG", "BỘ NGOẠI GIAO", "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
		"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
		"BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "BỘ GIAO THÔNG VẬN TẢI", "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
		"BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "BỘ VĂN HÓA", "THỂ THAO VÀ DU LỊCH", "BỘ LAO ĐỘNG",
		"THƯƠNG BINH VÀ XÃ HỘI",
		// signers' titles
		"CHỦ TỊCH", "PHÓ CHỦ TỊCH", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
		"GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "TỔNG GIÁM ĐỐC", "CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG",
		"TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "CHI CỤC TRƯỞNG",
		"VỤ TRƯỞNG", "CHÁNH THANH TRA", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHỦ NHIỆM",
		"TRƯỞNG CÔNG AN", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG CƠ QUAN", "NGƯỜI KÝ", "NGƯỜI YÊU CẦU",
		"NGƯỜI ĐI ĐĂNG KÝ", "NGƯỜI LÀM ĐƠN", "NGƯỜI ĐỀ NGHỊ", "NGƯỜI SỬ DỤNG ĐẤT", "CHỦ SỞ HỮU",
		"CÔNG CHỨC TƯ PHÁP", "HỘ TỊCH",
		// document types (Nghị định 30/2020, Phụ lục III) and certificates
		"NGHỊ QUYẾT", "QUYẾT ĐỊNH", "NGHỊ ĐỊNH", "THÔNG TƯ", "THÔNG TƯ LIÊN TỊCH", "CHỈ THỊ",
		"QUY CHẾ", "QUY ĐỊNH", "THÔNG CÁO", "THÔNG BÁO", "HƯỚNG DẪN", "CHƯƠNG TRÌNH", "KẾ HOẠCH",
		"PHƯƠNG ÁN", "BÁO CÁO", "BIÊN BẢN", "TỜ TRÌNH", "HỢP ĐỒNG", "CÔNG ĐIỆN",
		"CÔNG VĂN", "BẢN GHI NHỚ", "BẢN THỎA THUẬN", "GIẤY ỦY QUYỀN", "GIẤY MỜI", "GIẤY GIỚI THIỆU",
		"GIẤY NGHỈ PHÉP", "PHIẾU GỬI", "PHIẾU CHUYỂN", "PHIẾU BÁO", "THƯ CÔNG", "TỜ KHAI",
		"GIẤY CHỨNG NHẬN", "GIẤY XÁC NHẬN", "GIẤY KHAI SINH", "KẾT HÔN", "TÌNH TRẠNG HÔN NHÂN",
		"QUYỀN SỬ DỤNG ĐẤT", "QUYỀN SỞ HỮU NHÀ Ở", "TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
		"ĐĂNG KÝ DOANH NGHIỆP", "ĐĂNG KÝ KINH DOANH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN", "CÔNG TY CỔ PHẦN",
		"ĐƠN ĐỀ NGHỊ", "TRÍCH LỤC", "BẢN SAO", "CHỨNG MINH NHÂN DÂN", "CĂN CƯỚC CÔNG DÂN",
		// headings of a document's parts
		"QUYẾT NGHỊ", "NƠI NHẬN", "VỀ VIỆC", "NỘI DUNG", "MỤC ĐÍCH", "YÊU CẦU", "TỔ CHỨC THỰC HIỆN",
		"KẾT QUẢ", "NHIỆM VỤ", "GIẢI PHÁP", "KIẾN NGHỊ", "ĐỀ XUẤT", "ĐIỀU KHOẢN THI HÀNH",
		"HIỆU LỰC THI HÀNH", "PHẠM VI ĐIỀU CHỈNH", "ĐỐI TƯỢNG ÁP DỤNG", "QUY ĐỊNH CHUNG",
		"TÌNH HÌNH", "ĐÁNH GIÁ", "THỬA ĐẤT", "NHÀ Ở", "TÀI SẢN", "GHI CHÚ", "SƠ ĐỒ",
		"NHỮNG THAY ĐỔI SAU KHI CẤP GIẤY CHỨNG NHẬN",
	}
	for _, b := range bodies {
		if b != "CÔNG AN" { // alone, also the end of a name ("TRẦN CÔNG ẨN")
			list = append(list, b)
		}
		for _, p := range placeWords {
			list = append(list, b+" "+p)
		}
	}
	out := map[string][]adminPhrase{}
	add := func(s string) {
		p := adminPhrase{words: strings.Fields(s)}
		for _, w := range p.words {
			p.folds = append(p.folds, vntext.Fold(w))
			p.shape = append(p.shape, caseShape(w))
		}
		p.capitals = !slices.ContainsFunc(p.shape, func(c byte) bool { return c != 'U' })
		out[p.folds[0]] = append(out[p.folds[0]], p)
	}
	for _, s := range list {
		if len(strings.Fields(s)) >= 2 {
			add(s)
		}
	}
	for _, s := range runningPhrases {
		add(s)
	}
	// A province after its unit: the gazetteer's spelling ("TÍNH AN
	// GIANG", "tỉnh Đắk Lăk"); alone, a province's name may be a
	// person's.
	for _, words := range provinces() {
		name := strings.Join(words, " ")
		for _, unit := range []string{"tỉnh", "thành phố"} {
			add(unit + " " + name)
			add(strings.ToUpper(unit + " " + name))
		}
	}
	for _, ps := range out {
		slices.SortStableFunc(ps, func(a, b adminPhrase) int { return len(b.words) - len(a.words) })
	}
	return out
}()

// runningPhrases are fixed phrases of administrative prose, each of three
// words or more: their letters leave no other reading.
var runningPhrases = []string{
	"Cổng thông tin điện tử", "Cổng Dịch vụ công quốc gia", "Dịch vụ công trực tuyến",
	"thủ tục hành chính", "Bộ phận Một cửa", "Bộ phận tiếp nhận và trả kết quả",
	"số định danh cá nhân", "Căn cước công dân", "chứng minh nhân dân", "Ủy ban nhân dân",
	"Hội đồng nhân dân", "quyền sử dụng đất", "tài sản gắn liền với đất", "vi phạm hành chính",
	"cơ sở dữ liệu", "theo quy định của pháp luật", "kể từ ngày ký", "có hiệu lực thi hành",
	"chịu trách nhiệm thi hành", "đăng ký doanh nghiệp", "đăng ký khai sinh", "đăng ký kết hôn",
	"tình trạng hôn nhân", "Thường trực HĐND", "cơ quan ngang Bộ", "Kho bạc Nhà nước",
	"Văn phòng Chính phủ", "tổ chức thực hiện", "báo cáo kết quả", "niêm yết công khai",
	"đoàn kiểm tra",
}

// caseShape is 'U' for a word without lowercase letters, 'C' for one
// capitalised, 'l' for one in lowercase.
func caseShape(w string) byte {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case isCapitals(w):
		return 'U'
	case unicode.IsUpper(r):
		return 'C'
	}
	return 'l'
}

// SnapHeadings gives the runs of words that spell, letter for letter and
// case for case, one of adminPhrases the phrase's marks: in capitals, or
// in ordinary case with no mark between the words, within a line or
// across the break of a title in capitals (capitalsRuns). It returns the
// text and how many words changed.
func SnapHeadings(pt PageText) (PageText, int) {
	changed := 0
	words := slices.Clone(pt.Words)
	for _, idx := range capitalsRuns(words) {
		cores := make([]string, len(idx))
		folds := make([]string, len(idx))
		shape := make([]byte, len(idx))
		for k, i := range idx {
			if c := lastLetters(words[i].Text); c != "" {
				cores[k], folds[k], shape[k] = c, vntext.Fold(c), caseShape(c)
			}
		}
		taken := make([]bool, len(idx))
		for k := range idx {
			if folds[k] == "" {
				continue
			}
			for _, p := range adminPhrases[folds[k]] {
				n := len(p.words)
				if k+n > len(idx) || !phraseAt(folds[k:k+n], taken[k:k+n], p.folds) || !slices.Equal(shape[k:k+n], p.shape) {
					continue
				}
				if cores[k] != p.words[0] && slices.Contains(placeWords, cores[k]) {
					continue // a place's name: "PHƯỜNG AN BIÊN" is no "PHƯƠNG ÁN"
				}
				if !p.capitals && slices.ContainsFunc(idx[k:k+n-1], func(i int) bool {
					return words[i].Text != lastLetters(words[i].Text)
				}) {
					continue // a mark between words of running text parts them
				}
				for j, w := range p.words {
					taken[k+j] = true
					if !sameMarks(cores[k+j], w) {
						t := words[idx[k+j]].Text
						at := strings.LastIndex(t, cores[k+j])
						words[idx[k+j]].Text = t[:at] + w + t[at+len(cores[k+j]):]
						words[idx[k+j]].Alts = nil
						changed++
					}
				}
				break
			}
		}
	}
	changed += signerAbbrevs(words)
	if changed == 0 {
		return pt, 0
	}
	pt.Words = words
	pt.Text = textFromWords(words)
	return pt, changed
}

// capitalsRuns groups the words' indices by line, in reading order, a
// line that ends in capitals joined with the next when that one opens in
// capitals: a title wraps ("… TÀI SẢN KHÁC GẮN" | "LIỀN VỚI ĐẤT").
func capitalsRuns(words []Word) [][]int {
	caps := func(i int) bool {
		return caseShape(lastLetters(words[i].Text)) == 'U' && lastLetters(words[i].Text) != ""
	}
	var runs [][]int
	for _, idx := range lineWords(words) {
		if n := len(runs); n > 0 && caps(runs[n-1][len(runs[n-1])-1]) && caps(idx[0]) {
			runs[n-1] = append(runs[n-1], idx...)
			continue
		}
		runs = append(runs, idx)
	}
	return runs
}

// authority is how a signature block writes who signs for whom (Nghị định
// 30/2020): "TM." (on behalf of), "KT." (for), "TL.", "TUQ.", always with a
// full stop before the body or title in capitals.
var authority = map[string]bool{"TM": true, "KT": true, "TL": true, "TUQ": true}

// signerAbbrevs gives an authority read with a speck's marks ("TM:", ".KT.",
// "KT,") its full stop when a word in capitals follows on its line. It
// returns how many words changed.
func signerAbbrevs(words []Word) int {
	changed := 0
	for i := 0; i+1 < len(words); i++ {
		t := words[i].Text
		core := strings.Trim(t, ".,:;'`")
		if !authority[core] || t == core+"." || words[i+1].Line != words[i].Line || caseShape(lastLetters(words[i+1].Text)) != 'U' {
			continue
		}
		words[i].Text = core + "."
		changed++
	}
	return changed
}

// phraseAt reports whether the folded words fs, none taken, are those of
// a phrase (pf).
func phraseAt(fs []string, taken []bool, pf []string) bool {
	for j, f := range pf {
		if taken[j] || fs[j] != f {
			return false
		}
	}
	return true
}

// lastLetters is the last run of letters in w, marks after it aside
// ("TM.UY" → "UY", "ĐỊNH:" → "ĐỊNH").
func lastLetters(w string) string {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	w = strings.TrimRightFunc(w, notLetter)
	i := strings.LastIndexFunc(w, notLetter)
	if i < 0 {
		return w
	}
	_, n := utf8.DecodeRuneInString(w[i:])
	return w[i+n:]
}

// isCapitals reports whether s has no lowercase letter.
func isCapitals(s string) bool { return strings.IndexFunc(s, unicode.IsLower) < 0 }

// sameMarks reports whether a and b carry the same letters and marks, the
// tone mark wherever it is placed ("HOÀ" and "HÒA" are one spelling).
func sameMarks(a, b string) bool {
	if a == b {
		return true
	}
	split := func(s string) (string, []rune) {
		var rest strings.Builder
		var tones []rune
		for _, r := range norm.NFD.String(s) {
			switch r {
			case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
				tones = append(tones, r)
			default:
				rest.WriteRune(r)
			}
		}
		return rest.String(), tones
	}
	ra, ta := split(a)
	rb, tb := split(b)
	return ra == rb && slices.Equal(ta, tb)
}
