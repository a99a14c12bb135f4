package pipeline

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// cardWords lays out a card's lines: each line is "x y text", its words 40
// px apart, 20 px high.
func cardWords(lines ...string) []Word {
	var ws []Word
	for n, l := range lines {
		var x, y int
		f := strings.Fields(l)
		if _, err := fmt.Sscan(f[0], &x); err != nil {
			panic(err)
		}
		if _, err := fmt.Sscan(f[1], &y); err != nil {
			panic(err)
		}
		for i, t := range f[2:] {
			ws = append(ws, Word{Text: t, Confidence: 0.8, Box: Box{X: x + 40*i, Y: y, W: 30, H: 20}, Line: n})
		}
	}
	return ws
}

func TestAnchorCardLabels(t *testing.T) {
	head := []string{"400 10 CĂN CƯỚC CÔNG DÂN", "400 40 Citizen Identity Card"}
	for _, tc := range []struct {
		name  string
		lines []string
		want  string // the lines after the heading, joined by " | "
	}{
		{"expiry label read as junk, number label and marks",
			[]string{"400 80 sø No. 087162880231.", "400 110 Họ và tên / Full name:", "400 400 Ngô Quyền, xã Tản Lĩnh",
				"10 400 €ô 4 8'ả tế", "10 430 25/05/2022."},
			"Số / No.: 087162880231 | Họ và tên / Full name: | Ngô Quyền, xã Tản Lĩnh | Có giá trị đến / Date of expiry: | 25/05/2022"},
		{"address commas",
			[]string{"400 80 Số / No.: 087162880231", "400 100 Giới tính. Nam", "400 120 Quê quán / Place of origin:", "400 140 Xã Hưng Đạo. Đức Thọ, Hậu"},
			"Số / No.: 087162880231 | Giới tính. Nam | Quê quán / Place of origin: | Xã Hưng Đạo, Đức Thọ, Hậu"},
		{"address units",
			[]string{"400 80 Số / No.: 087162880231", "400 120 Quê quán / Place of origin:", "400 140 Phường Trần Phú, quân Hải Châu,", "400 160 Nơi thường trú: xa Tản Lĩnh, huyện Ba Vì"},
			"Số / No.: 087162880231 | Quê quán / Place of origin: | Phường Trần Phú, quận Hải Châu, | Nơi thường trú: xã Tản Lĩnh, huyện Ba Vì"},
		{"street and alley units",
			[]string{"400 80 Số / No.: 087162880231", "400 120 Quê quán / Place of origin:", "400 140 Số 70, ngô 128 phô Trần Duy Hưng,", "400 160 đương Điện Biên Phủ, Ngô Quyền 12"},
			"Số / No.: 087162880231 | Quê quán / Place of origin: | Số 70, ngõ 128 phố Trần Duy Hưng, | đường Điện Biên Phủ, Ngô Quyền 12"},
		{"a province's name in an address",
			[]string{"400 80 Số / No.: 087162880231", "400 120 Quê quán / Place of origin:", "400 140 Xã Ea Kao, Buôn Ma Thuột, Đắk Lăk", "400 160 Nơi thường trú: Số 292 đường Điện Biến", "400 180 Phủ, phường An Biên, quận Lê Chân"},
			"Số / No.: 087162880231 | Quê quán / Place of origin: | Xã Ea Kao, Buôn Ma Thuột, Đắk Lắk | Nơi thường trú: Số 292 đường Điện Biên | Phủ, phường An Biên, quận Lê Chân"},
		{"a province's dash at a line's end",
			[]string{"400 80 Số / No.: 087162880231", "400 120 Quê quán / Place of origin:", "400 140 Xã Tân Lập, Đức Thọ, Bà Rịa -", "400 160 Vũng Tàu -"},
			"Số / No.: 087162880231 | Quê quán / Place of origin: | Xã Tân Lập, Đức Thọ, Bà Rịa - | Vũng Tàu"},
		{"marks that open or end a line",
			[]string{"400 80 Số / No.: 087162880231", "400 100 - Độc lập - Tự do - Hạnh phúc -", "400 120 „ Giới tính / Sex: Nữ"},
			"Số / No.: 087162880231 | Độc lập - Tự do - Hạnh phúc | Giới tính / Sex: Nữ"},
		{"family name",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Họ và tên / Full name:", "400 140 NGUYÊN THẢO HIỀN"},
			"Số / No.: 087162880231 | Họ và tên / Full name: | NGUYỄN THẢO HIỀN"},
		{"a date's slash lost",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 €ø giá trị đến Da", "10 430 19/042023"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 19/04/2023"},
		{"a card that never expires",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 Cổ há tr", "10 430 Không thời hạn"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | Không thời hạn"},
		{"label read right: unchanged",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 Có giá trị đến / Date of expiry:", "10 430 25/05/2022"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 25/05/2022"},
		{"a number above the date is no label's place",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 12/05/2020", "10 430 25/05/2022"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | 12/05/2020 | 25/05/2022"},
		{"an unsure number in the label's place is its ruined print",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 Es quá 2206 vỀ", "10 430 22/08/2039"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 22/08/2039"},
		{"main column words above the date stay",
			[]string{"400 80 s6/No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "400 400 Phố Hàng Bạc", "10 430 25/05/2022"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Phố Hàng Bạc | Có giá trị đến / Date of expiry: | 25/05/2022"},
		{"a label blurred to nothing is the card's print",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "400 400 Ngọc Hà, quận Ba Đình", "10 430 22/08/2039", "400 430 thành phố Hà Nội"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Ngọc Hà, quận Ba Đình | Có giá trị đến / Date of expiry: | 22/08/2039 | thành phố Hà Nội"},
		{"a label read elsewhere is not put in again",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "400 400 Có giá tí đến / Date oĩ exgiy: Na Trung", "10 430 22/08/2039"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá tí đến / Date oĩ exgiy: Na Trung | 22/08/2039"},
		{"a title with junk beside it names the card",
			[]string{"400 70 CĂN CƯỚC CÔNG DÂN Đn", "400 80 sø No. 087162880231.", "400 110 Họ và tên / Full name:", "10 400 €ô 4 8'ả tế", "10 430 25/05/2022."},
			"CĂN CƯỚC CÔNG DÂN | Số / No.: 087162880231 | Họ và tên / Full name: | Có giá trị đến / Date of expiry: | 25/05/2022"},
		{"the photo's shading read as words goes",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Họ và tên / Full name:", "10 140 Min kế", "400 140 MAI TRỌNG DŨNG", "10 170 Ho", "400 170 Ngày sinh / Date of birth:",
				"10 400 Có giá trị đến / Date of expiry:", "10 430 25/05/2022"},
			"Số / No.: 087162880231 | Họ và tên / Full name: | MAI TRỌNG DŨNG | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 25/05/2022"},
		{"a card that never expires, its value read into two lines",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 sa...", "50 430 thời hạn", "400 430 Long, tỉnh Quảng Ninh", "10 431 Không"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | Long, tỉnh Quảng Ninh | Không thời hạn"},
		{"a house number's and a street's unit",
			[]string{"400 80 Số / No.: 087162880231", "400 120 Quê quán / Place of origin:", "400 140 So 90, ngõ 153 phó", "400 160 Nguyễn Huệ, SỐ 63"},
			"Số / No.: 087162880231 | Quê quán / Place of origin: | Số 90, ngõ 153 phố | Nguyễn Huệ, Số 63"},
		{"a speck's dash between two fields",
			[]string{"400 80 Số / No.: 087162880231", "400 100 Giới tính / Sex: Nữ - Quốc tịch / Nationality: Việt Nam", "400 120 Quê quán / Place of origin:", "400 140 Xã Tân Lập, Bà Rịa - Vũng Tàu"},
			"Số / No.: 087162880231 | Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam | Quê quán / Place of origin: | Xã Tân Lập, Bà Rịa - Vũng Tàu"},
		{"a date's slashes read as letters, a digit as a letter",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 Có giá trị đến / Date of expiry:", "10 430 2AI12i2037"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 24/12/2037"},
		{"a date's slash read twice",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth:", "10 400 Có giá trị đến / Date of expiry:", "10 430 18/11I12036"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: | Có giá trị đến / Date of expiry: | 18/11/2036"},
		{"an expiry date one digit off the holder's birthday at 40",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth: 15/10/1988", "10 400 Có giá trị đến / Date of expiry:", "10 430 15/30/2028"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: 15/10/1988 | Có giá trị đến / Date of expiry: | 15/10/2028"},
		{"an expiry date two digits off is left as read",
			[]string{"400 80 Số / No.: 087162880231", "400 110 Ngày sinh / Date of birth: 15/10/1988", "10 400 Có giá trị đến / Date of expiry:", "10 430 15/30/2029"},
			"Số / No.: 087162880231 | Ngày sinh / Date of birth: 15/10/1988 | Có giá trị đến / Date of expiry: | 15/30/2029"},
		{"a sentence that names the number is no label",
			[]string{"400 80 Giấy tờ tùy thân: Căn cước công dân số 001075015842"},
			"Giấy tờ tùy thân: Căn cước công dân số 001075015842"},
		{"far words are not the number's label; marks that open a line go",
			[]string{"400 80 @, Sa/ no: 087162880231", "400 110 *"},
			"Số / No.: 087162880231"},
	} {
		pt := PageText{Words: cardWords(append(head, tc.lines...)...)}
		pt.Text = textFromWords(pt.Words)
		// the "@," junk stands far left of the label; "2206" is read unsure
		for i := range pt.Words {
			switch pt.Words[i].Text {
			case "@,":
				pt.Words[i].Box.X = 10
			case "2206":
				pt.Words[i].Confidence = 0.3
			}
		}
		got, _ := AnchorCardLabels(pt)
		lines := strings.Split(got.Text, "\n")[2:]
		if g := strings.Join(lines, " | "); g != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, g, tc.want)
		}
	}
	// where a CCCD prints its English lines, and a date's slashes read "1"
	pt0 := PageText{Words: cardWords("400 0 Độc lập - Tự do - Hạnh phúc", "400 30 SOCIAI IST REPUBIL O£ VitFTÏ NAM",
		"400 60 Ilndepender+ce - Free đom: Happiness", "400 90 CĂN CƯỚC CÔNG DÂN", "400 120 C¡ti2en lđentity Card",
		"400 150 Số / No.: 087162880231", "400 180 Giới tính / Sex:", "400 400 Ngô Quyền,", "10 400 Nói C0 ta đếo Oate", "10 430 1711012033")}
	pt0.Text = textFromWords(pt0.Words)
	want := "Độc lập - Tự do - Hạnh phúc\nSOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness\n" +
		"CĂN CƯỚC CÔNG DÂN\nCitizen Identity Card\nSố / No.: 087162880231\nGiới tính / Sex:\nNgô Quyền,\n" +
		"Có giá trị đến / Date of expiry:\n17/10/2033"
	if got, _ := AnchorCardLabels(pt0); got.Text != want {
		t.Errorf("placed lines:\n got %q\nwant %q", got.Text, want)
	}
	// the two lines between the tiêu ngữ and the title are the two English
	// lines, in order, however blurred; one line there is only itself
	for _, tc := range []struct{ lines, want string }{
		{"400 30 S4 (AI Sĩ PU@I { OẾ vú T1 NAM|400 60 ri 6c Ódcr(cch. Presđơm",
			"SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness"},
		{"400 30 S4 (AI Sĩ PU@I { OẾ vú T1 NAM", "S4 (AI Sĩ PU@I { OẾ vú T1 NAM"},
		// a QR code's modules read as a line of their own there go
		{"400 30 SOGIALISY EPUBLiIC OF VIET AM|400 60 independeace - freodom - Happmoess|700 75 v r7",
			"SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness"},
	} {
		specs := append([]string{"400 0 Độc lập - Tự do - Hạnh phúc"}, strings.Split(tc.lines, "|")...)
		specs = append(specs, "400 90 CĂN CƯỚC CÔNG DÂN", "400 150 Số / No.: 087162880231")
		pt := PageText{Words: cardWords(specs...)}
		pt.Text = textFromWords(pt.Words)
		got, _ := AnchorCardLabels(pt)
		want := "Độc lập - Tự do - Hạnh phúc\n" + tc.want + "\nCĂN CƯỚC CÔNG DÂN\nSố / No.: 087162880231"
		if got.Text != want {
			t.Errorf("English lines by rank:\n got %q\nwant %q", got.Text, want)
		}
	}
	// a CMND's number label; a page that is no card is left alone
	pt := PageText{Words: cardWords("400 10 GIẤY CHỨNG MINH NHÂN DÂN", "400 40 số 317044352", "400 70 Họ tên: NGUYÊN VĂN AN")}
	pt.Text = textFromWords(pt.Words)
	if got, _ := AnchorCardLabels(pt); !strings.HasSuffix(got.Text, "SỐ 317044352\nHọ tên: NGUYỄN VĂN AN") {
		t.Errorf("CMND: %q", got.Text)
	}
	// a CMND's photo read as words goes
	pt = PageText{Words: cardWords("400 10 GIẤY CHỨNG MINH NHÂN DÂN", "300 40 SỐ 317044352", "400 70 Họ tên: KIỀU THU THỦY",
		"400 100 Sinh ngày: 04-11-1981", "10 130 S So", "400 130 Nguyên quán: Phường Tân Lợi", "10 160 TS da")}
	pt.Text = textFromWords(pt.Words)
	if got, _ := AnchorCardLabels(pt); !strings.HasSuffix(got.Text, "SỐ 317044352\nHọ tên: KIỀU THU THỦY\nSinh ngày: 04-11-1981\nNguyên quán: Phường Tân Lợi") {
		t.Errorf("CMND photo: %q", got.Text)
	}
	pt = PageText{Words: cardWords("400 40 số 317044352", "10 400 abc", "10 430 25/05/2022.",
		"400 500 Giấy tờ tùy thân: Căn cước công dân số 001075015842")}
	pt.Text = textFromWords(pt.Words)
	if got, n := AnchorCardLabels(pt); n != 0 || got.Text != pt.Text {
		t.Errorf("no card: %q, %d changes", got.Text, n)
	}
}

// TestPostCorrectPageAnchorsJunk: on a card, the unsure junk read where
// the ID label is printed ("s¿wo", 0.42) takes the label's spelling before
// PostCorrect would drop it as junk; elsewhere it is dropped.
func TestPostCorrectPageAnchorsJunk(t *testing.T) {
	for _, tc := range []struct {
		card bool
		want string
	}{
		{true, "Số / No.: 002302165581"},
		{false, "002302165581"},
	} {
		ws := cardWords("400 10 CĂN CƯỚC CÔNG DÂN", "400 40 Citizen Identity Card", "400 80 s¿wo 002302165581", "400 110 Họ và tên / Full name:")
		ws[slices.IndexFunc(ws, func(w Word) bool { return w.Text == "s¿wo" })].Confidence = 0.42
		pt := PostCorrectPage(PageText{Words: ws, Text: textFromWords(ws)}, Cleaned{Card: tc.card}, PageOptions{})
		if got := strings.Split(pt.Text, "\n")[2]; got != tc.want {
			t.Errorf("card %v: ID line %q, want %q", tc.card, got, tc.want)
		}
	}
}

// TestPostCorrectPageSnapsLabelsFirst: on a card, a printed label read
// with a junk character ("res¿đence:", unsure) takes its spelling before
// PostCorrect would drop that word as junk.
func TestPostCorrectPageSnapsLabelsFirst(t *testing.T) {
	ws := cardWords("400 10 CĂN CƯỚC CÔNG DÂN", "400 40 Nơi thường trủ / PÌace of res¿đence: Số 63")
	for i := range ws {
		if ws[i].Text == "res¿đence:" {
			ws[i].Confidence = 0.4
		}
	}
	pt := PostCorrectPage(PageText{Words: ws, Text: textFromWords(ws)}, Cleaned{Card: true}, PageOptions{})
	if got, want := strings.Split(pt.Text, "\n")[1], "Nơi thường trú / Place of residence: Số 63"; got != want {
		t.Errorf("label line %q, want %q", got, want)
	}
}

// TestFamilyNameKeepsGluedName: a name read glued and split into one word
// ("LÊ TUYẾT LIÊU") keeps its given names when the family name is looked
// at (seed 25's photocopied CCCD lost "TUYẾT LIÊU").
func TestFamilyNameKeepsGluedName(t *testing.T) {
	for _, name := range []string{"LÊ TUYẾT LIÊU", "NGUYÊN THẢO HIỀN"} {
		ws := cardWords("400 110 Họ và tên / Full name:", "400 140 X")
		ws[len(ws)-1].Text = name
		familyName(ws, lineWords(ws))
		got := ws[len(ws)-1].Text
		if want := strings.Replace(name, "NGUYÊN", "NGUYỄN", 1); got != want {
			t.Errorf("familyName(%q) = %q, want %q", name, got, want)
		}
	}
}
