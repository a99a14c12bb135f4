package pipeline

import (
	"strings"
	"testing"
	"time"
)

const decisionText = `ỦY BAN NHÂN DÂN
QUẬN CẦU GIẤY
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 56/2023/QĐ-UBND
Cầu Giấy, ngày 05 tháng 6 năm 2023
QUYẾT ĐỊNH
Về việc phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc
CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Như Điều 2; CHỦ TỊCH
- Lưu: VT.
Nguyễn Văn Hùng`

// decisionMerged is the same page as OCR reads it when the header columns
// run together and the diacritics are partly lost.
const decisionMerged = `UY BAN NHAN DAN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
QUẬN CẦU GIẤY Độc lập - Tự do - Hạnh phúc
Số: 56/2O23/QD-UBND Cầu Giấy, ngay 05 thang 6 nam 2023
QUYET ĐỊNH
Về việc phê duyệt dự toán kinh phí
sửa chữa trụ sở làm việc
CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Điều 1. Phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc.
Nơi nhận: TM. ỦY BAN NHÂN DÂN
- Lưu: VT. CHỦ TỊCH
Nguyễn Văn Hùng`

const letterText = `SỞ TƯ PHÁP
TỈNH NGHỆ AN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/STP-HCTP
V/v đẩy mạnh cải cách thủ tục hành chính
theo cơ chế một cửa, một cửa liên thông
Nghệ An, ngày 12 tháng 01 năm 2024
Kính gửi: Ủy ban nhân dân các huyện, thành phố, thị xã.
Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh, Sở Tư pháp đề nghị các đơn vị triển khai.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Trần Thị Mai`

const cccdText = `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
SOCIALIST REPUBLIC OF VIET NAM
Independence - Freedom - Happiness
CĂN CƯỚC CÔNG DÂN
Citizen Identity Card
Số / No.: 001099012345
Họ và tên / Full name:
NGUYỄN VĂN AN
Ngày sinh / Date of birth: 15/08/1999
Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam
Quê quán / Place of origin: Xã Diễn Ngọc, Diễn Châu, Nghệ An
Nơi thường trú / Place of residence: Số 12 đường Lê Lợi, phường Hưng Bình, thành phố Vinh, tỉnh Nghệ An
Có giá trị đến / Date of expiry: 15/08/2039`

// cccdNoisy is the card after a poor scan: no diacritics, O for 0, slips
// in the labels.
const cccdNoisy = `CONG HOA XA HOI CHU NGHIA VIET NAM
Doc lap - Tu do - Hanh phuc
CAN CUOC CONG DAN
So / No.: OO1O99Ol2345
Ho va ten / Full name: NGUYEN VAN AN
Ngàv sinh / Date of birth: 15/O8/1999
Gioi tinh / Sex: Nam Quoc tich / Nationality: Viet Nam
Que quan / Place of origin: Xa Dien Ngoc, Dien Chau, Nghe An
Co gia tri den / Date of expiry: 15/08/2039`

const birthText = `ỦY BAN NHÂN DÂN
PHƯỜNG DỊCH VỌNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
GIẤY KHAI SINH
Số: 125/2023
Họ, chữ đệm, tên: TRẦN MINH KHOA
Ngày, tháng, năm sinh: 03/02/2023 Ghi bằng chữ: Ngày ba, tháng hai, năm hai nghìn không trăm hai mươi ba
Giới tính: Nam Dân tộc: Kinh Quốc tịch: Việt Nam
Nơi sinh: Bệnh viện Phụ sản Hà Nội
Số định danh cá nhân: 001223004567
Họ, chữ đệm, tên người mẹ: NGUYỄN THỊ LAN
Họ, chữ đệm, tên người cha: TRẦN VĂN HÙNG
Cầu Giấy, ngày 10 tháng 02 năm 2023
NGƯỜI KÝ GIẤY KHAI SINH
Lê Thị Hạnh`

const businessText = `SỞ KẾ HOẠCH VÀ ĐẦU TƯ
THÀNH PHỐ HÀ NỘI
PHÒNG ĐĂNG KÝ KINH DOANH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
CÔNG TY TRÁCH NHIỆM HỮU HẠN
Mã số doanh nghiệp: O1OO2334B8
Đăng ký lần đầu: ngày 14 tháng 3 năm 2019
1. Tên công ty viết bằng tiếng Việt: CÔNG TY TNHH THƯƠNG MẠI AN PHÚ
2. Địa chỉ trụ sở chính: Số 5 phố Trần Duy Hưng, phường Trung Hòa, quận Cầu Giấy, Hà Nội
3. Người đại diện theo pháp luật của công ty
Họ và tên: PHẠM QUỐC TUẤN Giới tính: Nam
Sinh ngày: 20/10/1985 Dân tộc: Kinh Quốc tịch: Việt Nam
Số định danh cá nhân: 001085006789
TRƯỞNG PHÒNG
Đỗ Văn Long`

const applicationText = `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN
Kính gửi: Ủy ban nhân dân phường Kim Mã
Họ, chữ đệm, tên người yêu cầu: Lê Thị Thu Hà
Ngày, tháng, năm sinh: 12/11/1996
Giới tính: Nữ Dân tộc: Kinh Quốc tịch: Việt Nam
Giấy tờ tùy thân: Căn cước công dân số 001196001122
Nơi cư trú: Số 8 phố Kim Mã, phường Kim Mã, quận Ba Đình, thành phố Hà Nội
Tôi cam đoan những nội dung khai trên đây là đúng sự thật.
Hà Nội, ngày 20 tháng 3 năm 2024
Người yêu cầu
Lê Thị Thu Hà`

func TestExtract(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		text   string
		typ    string
		want   map[string]string
		review []string // fields that must be flagged
		absent []string
	}{
		{"decision", decisionText, TypeDecision, map[string]string{
			"doc_number": "56/2023/QĐ-UBND", "issuer": "ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY",
			"issue_date": "2023-06-05", "summary": "Về việc phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc",
			"signer": "Nguyễn Văn Hùng", "title": "QUYẾT ĐỊNH"}, nil, []string{"full_name", "id_number"}},
		{"decision merged columns, OCR slips", decisionMerged, TypeDecision, map[string]string{
			"doc_number": "56/2023/QĐ-UBND", "issuer": "UY BAN NHAN DAN QUẬN CẦU GIẤY",
			"issue_date": "2023-06-05", "summary": "Về việc phê duyệt dự toán kinh phí sửa chữa trụ sở làm việc",
			"signer": "Nguyễn Văn Hùng"}, nil, nil},
		{"official letter", letterText, TypeOfficialLetter, map[string]string{
			"doc_number": "1234/STP-HCTP", "issuer": "SỞ TƯ PHÁP TỈNH NGHỆ AN", "issue_date": "2024-01-12",
			"summary": "V/v đẩy mạnh cải cách thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
			"signer":  "Trần Thị Mai"}, nil, []string{"title"}},
		{"cccd", cccdText, TypeCCCD, map[string]string{
			"id_number": "001099012345", "full_name": "NGUYỄN VĂN AN", "date_of_birth": "1999-08-15",
			"sex": "Nam", "nationality": "Việt Nam", "place_of_origin": "Xã Diễn Ngọc, Diễn Châu, Nghệ An",
			"place_of_residence": "Số 12 đường Lê Lợi, phường Hưng Bình, thành phố Vinh, tỉnh Nghệ An",
			"expiry_date":        "2039-08-15"}, nil, []string{"issuer", "doc_number", "signer"}},
		{"cccd noisy", cccdNoisy, TypeCCCD, map[string]string{
			"id_number": "001099012345", "full_name": "NGUYEN VAN AN", "date_of_birth": "1999-08-15",
			"sex": "Nam", "nationality": "Viet Nam", "expiry_date": "2039-08-15"}, nil, nil},
		{"birth certificate", birthText, TypeBirthCertificate, map[string]string{
			"issuer": "ỦY BAN NHÂN DÂN PHƯỜNG DỊCH VỌNG", "doc_number": "125/2023",
			"full_name": "TRẦN MINH KHOA", "date_of_birth": "2023-02-03", "sex": "Nam",
			"nationality": "Việt Nam", "id_number": "001223004567", "issue_date": "2023-02-10",
			"signer": "Lê Thị Hạnh"}, nil, nil},
		{"business registration", businessText, TypeBusinessReg, map[string]string{
			"issuer":          "SỞ KẾ HOẠCH VÀ ĐẦU TƯ THÀNH PHỐ HÀ NỘI PHÒNG ĐĂNG KÝ KINH DOANH",
			"enterprise_code": "0100233488", "company_name": "CÔNG TY TNHH THƯƠNG MẠI AN PHÚ",
			"full_name": "PHẠM QUỐC TUẤN", "date_of_birth": "1985-10-20", "id_number": "001085006789"}, nil, nil},
		{"application", applicationText, TypeApplication, map[string]string{
			"full_name": "Lê Thị Thu Hà", "date_of_birth": "1996-11-12", "sex": "Nữ",
			"id_number": "001196001122", "issue_date": "2024-03-20",
			"place_of_residence": "Số 8 phố Kim Mã, phường Kim Mã, quận Ba Đình, thành phố Hà Nội"}, nil, nil},
		{"signer after a speck, family name slipped", strings.Replace(decisionText, "Nguyễn Văn Hùng", "'Nguyẽn Văn Hùng", 1), TypeDecision,
			map[string]string{"signer": "Nguyễn Văn Hùng"}, nil, nil},
		{"card address wrapped beside and after the expiry date", strings.Replace(cccdText,
			"Số 12 đường Lê Lợi, phường Hưng Bình, thành phố Vinh, tỉnh Nghệ An\nCó giá trị đến / Date of expiry: 15/08/2039",
			"Số 12 đường Lê Lợi,\nCó giá trị đến / Date of expiry phường Hưng Bình, thành phố\n15/08/2039 _ Vinh, tỉnh Nghệ An", 1), TypeCCCD,
			map[string]string{"expiry_date": "2039-08-15",
				"place_of_residence": "Số 12 đường Lê Lợi, phường Hưng Bình, thành phố Vinh, tỉnh Nghệ An"}, nil, nil},
		{"family name Ông after a name label", strings.Replace(applicationText, "yêu cầu: Lê Thị Thu Hà", "yêu cầu: ÔNG THU HÀ", 1), TypeApplication,
			map[string]string{"full_name": "ÔNG THU HÀ"}, nil, nil},
		{"issuer head glued to its second line", strings.Replace(decisionText, "ỦY BAN NHÂN DÂN\nQUẬN CẦU GIẤY", "._ UBNDQUẬNCẦUGIẤY\nPHÒNG TÀI CHÍNH", 1), TypeDecision,
			map[string]string{"issuer": "UBND QUẬN CẦU GIẤY PHÒNG TÀI CHÍNH"}, nil, nil},
		{"comma read as a semicolon before a unit", strings.Replace(applicationText, "quận Ba Đình, thành phố", "quận Ba Đình; thành phố", 1), TypeApplication,
			map[string]string{"place_of_residence": "Số 8 phố Kim Mã, phường Kim Mã, quận Ba Đình, thành phố Hà Nội"}, nil, nil},
		{"title with emblem specks, label with a foreign letter", strings.Replace(strings.Replace(cccdText, "CĂN CƯỚC CÔNG DÂN\n", "CĂN CƯỚC CÔNG DÂN mƑ\n", 1), "Số / No.:", "Số / Nœ.:", 1), TypeCCCD,
			map[string]string{"title": "CĂN CƯỚC CÔNG DÂN", "id_number": "001099012345"}, nil, nil},
		{"id inconsistent with sex", strings.Replace(cccdText, "Sex: Nam", "Sex: Nữ", 1), TypeCCCD,
			map[string]string{"id_number": "001099012345", "sex": "Nữ"}, []string{"id_number"}, nil},
		{"unknown province kept for review", strings.Replace(cccdText, "001099012345", "003099012345", 1), TypeCCCD,
			map[string]string{"id_number": "003099012345"}, []string{"id_number"}, nil},
		{"bad check digit kept for review", strings.Replace(businessText, "O1OO2334B8", "0100233480", 1), TypeBusinessReg,
			map[string]string{"enterprise_code": "0100233480"}, []string{"enterprise_code"}, nil},
		{"future date flagged", strings.Replace(decisionText, "năm 2023\nQUYẾT", "năm 2031\nQUYẾT", 1), TypeDecision,
			map[string]string{"issue_date": "2031-06-05"}, []string{"issue_date"}, nil},
		{"expiry before birth flagged", strings.Replace(cccdText, "15/08/2039", "15/08/1990", 1), TypeCCCD,
			map[string]string{"expiry_date": "1990-08-15"}, []string{"expiry_date"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Extract(tt.text, nil)
			if e.DocType != tt.typ {
				t.Errorf("type = %s (%.2f), want %s", e.DocType, e.TypeConfidence, tt.typ)
			}
			for k, want := range tt.want {
				if got := e.Fields[k].Value; got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			for _, k := range tt.review {
				if f := e.Fields[k]; !f.NeedsReview || f.Reason == "" {
					t.Errorf("%s = %+v, want needs_review with a reason", k, f)
				}
			}
			for k, f := range e.Fields {
				if f.NeedsReview && !contains(tt.review, k) {
					t.Errorf("%s flagged: %+v", k, f)
				}
				if f.Confidence <= 0 || f.Confidence > 1 {
					t.Errorf("%s confidence %v", k, f.Confidence)
				}
			}
			for _, k := range tt.absent {
				if f, ok := e.Fields[k]; ok {
					t.Errorf("%s = %q, want absent", k, f.Value)
				}
			}
		})
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func TestExtractWordsConfidenceAndColumns(t *testing.T) {
	// Two header columns on one OCR line, told apart by the gap between
	// their boxes; the ID's words carry a low confidence.
	words := []Word{
		{Text: "SỞ", Confidence: 0.95, Box: Box{X: 100, Y: 50, W: 40, H: 30}, Line: 0},
		{Text: "TƯ", Confidence: 0.95, Box: Box{X: 150, Y: 50, W: 40, H: 30}, Line: 0},
		{Text: "PHÁP", Confidence: 0.95, Box: Box{X: 200, Y: 50, W: 80, H: 30}, Line: 0},
		{Text: "CỘNG", Confidence: 0.9, Box: Box{X: 900, Y: 50, W: 80, H: 30}, Line: 0},
		{Text: "HÒA", Confidence: 0.9, Box: Box{X: 990, Y: 50, W: 60, H: 30}, Line: 0},
		{Text: "VIỆT", Confidence: 0.9, Box: Box{X: 1060, Y: 50, W: 60, H: 30}, Line: 0},
		{Text: "NAM", Confidence: 0.9, Box: Box{X: 1130, Y: 50, W: 60, H: 30}, Line: 0},
		{Text: "Số:", Confidence: 0.9, Box: Box{X: 100, Y: 100, W: 40, H: 30}, Line: 1},
		{Text: "12/QĐ-STP", Confidence: 0.4, Box: Box{X: 150, Y: 100, W: 150, H: 30}, Line: 1},
	}
	text := "SỞ TƯ PHÁP CỘNG HÒA VIỆT NAM\nSố: 12/QĐ-STP\nQUYẾT ĐỊNH\nVề việc khen thưởng"
	e := Extract(text, words)
	if got := e.Fields["issuer"].Value; got != "SỞ TƯ PHÁP" {
		t.Errorf("issuer = %q, want SỞ TƯ PHÁP (split at the column gap)", got)
	}
	dn := e.Fields["doc_number"]
	if dn.Value != "12/QĐ-STP" || dn.Confidence > 0.5 || !dn.NeedsReview {
		t.Errorf("doc_number = %+v, want low confidence from its word and flagged", dn)
	}
	if is := e.Fields["issuer"]; is.Confidence < 0.8 {
		t.Errorf("issuer confidence %v, want high", is.Confidence)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct{ text, want string }{
		{"BỘ TƯ PHÁP\nSố: 04/2020/TT-BTP\nTHÔNG TƯ\nQuy định chi tiết", TypeCircular},
		{"CHÍNH PHỦ\nSố: 30/2020/NĐ-CP\nNGHỊ ĐỊNH\nVề công tác văn thư", TypeDecree},
		{"HỘI ĐỒNG NHÂN DÂN\nNGHỊ QUYẾT\nVề dự toán", TypeResolution},
		{"UBND\nKẾ HOẠCH\nTriển khai", TypePlan},
		{"UBND\nTHÔNG BÁO\nKết luận", TypeNotice},
		{"UBND\nBÁO CÁO\nKết quả", TypeReport},
		{"GIẤY CHỨNG NHẬN KẾT HÔN\nHọ, chữ đệm, tên chồng: A", TypeMarriageCertificate},
		{"GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\nHọ, chữ đệm, tên: A", TypeMarriageStatus},
		{"GIẤY CHỨNG NHẬN\nQUYỀN SỬ DỤNG ĐẤT\n", TypeLandUse}, // title over two lines
		{"GIẤY CHỨNG NHẬN\nHọ và tên: A", TypeOther},
		{"GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở", TypeLandUse},
		{"CHỨNG MINH NHÂN DÂN\nSố: 012345678", TypeCMND},
		{"DON DE NGHI CAP BAN SAO", TypeApplication},
		{"UBND\nSố: 12/TB-UBND\nNội dung", TypeNotice}, // from the symbol
		{"Quyết định này có hiệu lực kể từ ngày ký.", TypeOther},
		{"Ngày 5 tháng 6 năm 2023 tôi đi làm.", TypeOther},
	}
	for _, tt := range tests {
		if got, conf := Classify(tt.text); got != tt.want || conf <= 0 || conf > 1 {
			t.Errorf("Classify(%q) = %s %.2f, want %s", tt.text, got, conf, tt.want)
		}
	}
}
