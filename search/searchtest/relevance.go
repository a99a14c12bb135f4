package searchtest

import "github.com/sohoa/sohoa/search"

// Office of the fixed corpus: a filter on it leaves out the background.
const Office = "ubnd-cau-giay"

// Case is one relevance query and what its results must be.
type Case struct {
	Name  string
	Query search.Query
	Top   []string    // the first hit is one of these
	Also  []string    // each is within the first 10 hits
	Above [][2]string // [a, b]: a ranks above b (both must be hit)
	Exact []string    // the whole result set, in any order
	Order []string    // the whole result set, in this order
	None  bool        // no hit at all
}

func q(text string) search.Query { return search.Query{Text: text, Limit: 10} }

func inCorpus(text string) search.Query {
	return search.Query{Text: text, Office: Office, Limit: 50}
}

// Relevance returns the relevance set: diacritic-free words, exact
// diacritics, phrases, document numbers, ID numbers, names and filtered
// queries, each with its expected results in Corpus (among Background
// generated documents).
func Relevance() []Case {
	return []Case{
		// Document numbers: whole, folded, number/year, partial symbol.
		{Name: "doc number", Query: q("56/2023/QĐ-UBND"), Top: []string{"t01"}, Also: []string{"t02"}},
		{Name: "doc number folded lowercase", Query: q("56/2023/qd-ubnd"), Top: []string{"t01"}, Also: []string{"t02"}},
		{Name: "doc number and year", Query: q("56/2023"), Top: []string{"t01"}},
		{Name: "doc number without body code", Query: q("56/2023/QĐ"), Top: []string{"t01"}},
		{Name: "neighbouring doc number", Query: q("57/2023/QĐ-UBND"), Top: []string{"t03"}},
		{Name: "letter number", Query: q("1123/UBND-VP"), Top: []string{"t02"}},
		{Name: "decree number cited everywhere", Query: q("45/2020/NĐ-CP"), Top: []string{"t14"}},
		{Name: "decree number folded", Query: q("45/2020/nd-cp"), Top: []string{"t14"}},
		{Name: "words and doc number", Query: q("Cầu Giấy 56/2023/QĐ-UBND"), Top: []string{"t01"}},
		{Name: "type word and number/year", Query: q("quyet dinh 57/2023"), Top: []string{"t03"}},
		{Name: "serial number", Query: q("CS 045678"), Top: []string{"t16"}},
		// ID numbers and enterprise codes.
		{Name: "id number", Query: q("001190012345"), Top: []string{"t04"}},
		{Name: "id number expired card", Query: q("079085001122"), Top: []string{"t05"}},
		{Name: "enterprise code", Query: q("0109876543"), Top: []string{"t07"}},
		{Name: "id number in text", Query: q("001092004321"), Top: []string{"t12"}},
		{Name: "id number of applicant", Query: q("001203007777"), Top: []string{"t15"}},
		// Names, with and without diacritics.
		{Name: "name folded", Query: q("chau thi ngoc diep"), Top: []string{"t04", "t06"}, Also: []string{"t04", "t06"}},
		{Name: "name exact", Query: q("Châu Thị Ngọc Diệp"), Top: []string{"t04", "t06"}, Also: []string{"t04", "t06"}},
		{Name: "name with đ folded", Query: q("thai van do"), Top: []string{"t05"}},
		{Name: "name uppercase", Query: q("THÁI VĂN ĐỘ"), Top: []string{"t05"}},
		{Name: "child name", Query: q("au minh khoi"), Top: []string{"t06"}},
		{Name: "company name", Query: q("sao khue"), Top: []string{"t07"}},
		{Name: "company full name", Query: q("cong ty tnhh thuong mai sao khue"), Top: []string{"t07"}},
		{Name: "legal representative", Query: q("ung van thoai"), Top: []string{"t07"}},
		{Name: "name in marriage status", Query: q("kieu thi nguyet"), Top: []string{"t12"}},
		{Name: "name in land decision", Query: q("kieu van tuong"), Top: []string{"t03"}},
		{Name: "land user", Query: q("lac van quynh"), Top: []string{"t10", "t16"}, Also: []string{"t10", "t16"}},
		{Name: "applicant", Query: q("ung thi thoa"), Top: []string{"t15"}},
		{Name: "street", Query: q("trần quốc hoàn"), Top: []string{"t07"}},
		// Words with two-mark letters (ộ, ắ, ậ) and đ, typed without them.
		{Name: "two-mark ộ folded", Query: q("ket qua ra soat ho ngheo"), Top: []string{"t08"}},
		{Name: "two-mark ộ exact", Query: q("rà soát hộ nghèo"), Top: []string{"t08"}},
		{Name: "two-mark ắ ộ folded", Query: q("bao hiem y te bat buoc"), Top: []string{"t08"}},
		{Name: "numbers and words", Query: q("12 hộ nghèo"), Top: []string{"t08"}},
		{Name: "voters folded", Query: q("ho ten cu tri"), Top: []string{"t09"}},
		{Name: "voters exact", Query: q("họ tên cử tri"), Top: []string{"t09"}},
		{Name: "building permit and owner", Query: q("giay phep xay dung lac van quynh"), Top: []string{"t10"}},
		{Name: "parcel", Query: q("thua dat so 214"), Top: []string{"t10", "t16"}},
		{Name: "lane", Query: q("mo rong ngo 85 pho chua boc"), Top: []string{"t03"}},
		{Name: "digital plan", Query: q("chuyen doi so VNeID"), Top: []string{"t13"}},
		{Name: "electronic identity", Query: q("dinh danh dien tu"), Top: []string{"t13"}},
		{Name: "marriage with name", Query: q("Kiều Thị Nguyệt kết hôn"), Top: []string{"t12"}},
		{Name: "civil status extract", Query: q("trich luc ho tich"), Top: []string{"t15"}},
		{Name: "birth extract copy", Query: q("ban sao trich luc khai sinh"), Top: []string{"t15"}},
		{Name: "land change registration", Query: q("dang ky bien dong dat dai"), Top: []string{"t17"}},
		{Name: "citizen reception", Query: q("chu tich tiep cong dan dinh ky"), Also: []string{"t18"}},
		{Name: "citizen reception phrase", Query: q("lich tiep cong dan dinh ky"), Top: []string{"t18"}},
		{Name: "fees", Query: q("muc thu phi le phi"), Top: []string{"t19"}},
		{Name: "fee exemption", Query: q("mien le phi ho so nop truc tuyen"), Top: []string{"t19"}},
		{Name: "uppercase mixed", Query: q("DỊCH VỤ CÔNG trực tuyến"), Top: []string{"t19"}},
		{Name: "award folded", Query: q("tang giay khen bo phan tiep nhan"), Top: []string{"t20"}},
		{Name: "award exact", Query: q("giấy khen bộ phận một cửa"), Top: []string{"t20"}},
		// Phrases.
		{Name: "phrase", Query: q(`"danh sách họ tên cử tri"`), Top: []string{"t09"}},
		{Name: "phrase folded", Query: q(`"ngo 85"`), Top: []string{"t03"}},
		// Exact diacritics rank first; folded matches follow.
		{Name: "exact hộ first", Query: search.Query{Text: "hộ", Issuer: "Ủy ban nhân dân phường Dịch Vọng", Office: Office},
			Top: []string{"t08"}, Above: [][2]string{{"t08", "t09"}, {"t08", "t06"}}},
		{Name: "exact họ first", Query: search.Query{Text: "họ", Issuer: "Ủy ban nhân dân phường Dịch Vọng", Office: Office},
			Top: []string{"t09", "t06"}, Above: [][2]string{{"t09", "t08"}, {"t06", "t08"}}},
		{Name: "folded ho finds both", Query: search.Query{Text: "ho", Issuer: "Ủy ban nhân dân phường Dịch Vọng", Office: Office},
			Also: []string{"t08", "t09", "t06"}},
		{Name: "exact đạt first", Query: search.Query{Text: "đạt", DocTypes: []string{"report"}, Office: Office},
			Top: []string{"t11"}, Above: [][2]string{{"t11", "t08"}}},
		{Name: "exact đất first", Query: search.Query{Text: "đất", DocTypes: []string{"report"}, Office: Office},
			Top: []string{"t08"}, Above: [][2]string{{"t08", "t11"}}},
		// Filters.
		{Name: "type filter", Query: search.Query{DocTypes: []string{"cccd"}, Office: Office}, Exact: []string{"t04", "t05"}},
		{Name: "valid on", Query: search.Query{DocTypes: []string{"cccd"}, Office: Office, ValidOn: "2024-06-01"}, Exact: []string{"t04"}},
		{Name: "valid on: no expiry counts as valid", Query: search.Query{Text: "56/2023/QĐ-UBND", Office: Office, ValidOn: "2030-01-01"}, Exact: []string{"t01", "t02"}},
		{Name: "expired", Query: search.Query{DocTypes: []string{"marriage_status"}, Office: Office, ValidOn: "2024-12-01"}, None: true},
		{Name: "id number filter", Query: search.Query{IDNumber: "001190012345"}, Exact: []string{"t04"}},
		{Name: "dossier filter", Query: search.Query{Dossier: "HS-002"}, Exact: []string{"t04", "t06"}},
		{Name: "dossier and text", Query: search.Query{Dossier: "HS-001", Text: "quyet dinh"}, Top: []string{"t01", "t02"}, Exact: []string{"t01", "t02"}},
		{Name: "issuer filter", Query: search.Query{Issuer: "Ủy ban nhân dân quận Đống Đa", Office: Office}, Exact: []string{"t03", "t10", "t18"}},
		{Name: "issuer filter folded", Query: search.Query{Issuer: "uy ban nhan dan quan dong da", Office: Office}, Exact: []string{"t03", "t10", "t18"}},
		{Name: "issued from", Query: search.Query{IssuedFrom: "2024-01-01", Office: Office}, Exact: []string{"t08", "t09", "t12", "t13", "t15", "t20"}},
		{Name: "issued in 2023", Query: search.Query{IssuedFrom: "2023-01-01", IssuedTo: "2023-12-31", Office: Office}, Exact: []string{"t01", "t02", "t03", "t11"}},
		{Name: "type and text", Query: search.Query{Text: "quyet dinh", DocTypes: []string{"decision"}, Office: Office}, Exact: []string{"t01", "t03", "t10", "t20"}},
		{Name: "two types", Query: search.Query{DocTypes: []string{"decree", "resolution"}, Office: Office}, Exact: []string{"t14", "t19"}},
		{Name: "text in issuer's documents", Query: search.Query{Text: "ho so", Issuer: "Ủy ban nhân dân quận Cầu Giấy", Office: Office}, Also: []string{"t01", "t11", "t13"}},
		{Name: "sort by date desc", Query: search.Query{DocTypes: []string{"decision"}, Office: Office, Sort: search.SortDateDesc}, Order: []string{"t20", "t03", "t01", "t10"}},
		{Name: "sort by date asc", Query: search.Query{DocTypes: []string{"decision"}, Office: Office, Sort: search.SortDateAsc}, Order: []string{"t10", "t01", "t03", "t20"}},
		{Name: "text sorted by date", Query: search.Query{Text: "quyet dinh", DocTypes: []string{"decision"}, Office: Office, Sort: search.SortDateDesc}, Order: []string{"t20", "t03", "t01", "t10"}},
		{Name: "no match", Query: q("xyzzy quuxly"), None: true},
	}
}
