// Package searchtest is the contract every search.Index backend must meet:
// one test suite (Run) and a relevance set of queries with their expected
// top results, over a fixed corpus of Vietnamese administrative documents
// plus generated background documents.
package searchtest

import (
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/gentext"
	"github.com/sohoa/sohoa/search"
)

// Background is how many generated documents surround the fixed corpus, so
// that ranking is tested against realistic competition.
const Background = 300

func doc(id, typ, number, issuer, issued, expiry, idNumber string, dossiers []string, text string) search.Doc {
	d := search.Doc{
		ID: id, DocType: typ, DocNumber: number, Issuer: issuer, IssueDate: issued,
		ExpiryDate: expiry, IDNumber: idNumber, Dossiers: dossiers, Office: "ubnd-cau-giay",
		Text: strings.TrimSpace(text), Version: 1,
		CreatedAt: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC),
		Fields:    map[string]string{},
	}
	if number != "" {
		d.Fields["doc_number"] = number
	}
	if issuer != "" {
		d.Fields["issuer"] = issuer
	}
	if idNumber != "" {
		d.Fields["id_number"] = idNumber
	}
	return d
}

const (
	cauGiay = "Ủy ban nhân dân quận Cầu Giấy"
	dongDa  = "Ủy ban nhân dân quận Đống Đa"
	police  = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
	dpi     = "Sở Kế hoạch và Đầu tư thành phố Hà Nội"
	wardDV  = "Ủy ban nhân dân phường Dịch Vọng"
)

// Corpus returns the fixed documents the contract and relevance tests are
// written against (IDs "t01"…).
func Corpus() []search.Doc {
	return []search.Doc{
		doc("t01", "decision", "56/2023/QĐ-UBND", cauGiay, "2023-06-05", "", "", []string{"HS-001"}, `
ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Số: 56/2023/QĐ-UBND
Cầu Giấy, ngày 05 tháng 6 năm 2023
QUYẾT ĐỊNH
Về việc công bố danh mục thủ tục hành chính được số hóa hồ sơ
Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính thực hiện số hóa hồ sơ, kết quả giải quyết.
Điều 2. Bộ phận một cửa có trách nhiệm lưu trữ điện tử.`),
		doc("t02", "official_letter", "1123/UBND-VP", cauGiay, "2023-07-01", "", "", []string{"HS-001"}, `
ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY
Số: 1123/UBND-VP
V/v triển khai Quyết định số 56/2023/QĐ-UBND
Kính gửi: Ủy ban nhân dân các phường.
Thực hiện Quyết định số 56/2023/QĐ-UBND, đề nghị các phường báo cáo tiến độ trước ngày 30/7/2023.`),
		doc("t03", "decision", "57/2023/QĐ-UBND", dongDa, "2023-08-20", "", "", nil, `
ỦY BAN NHÂN DÂN QUẬN ĐỐNG ĐA
Số: 57/2023/QĐ-UBND
QUYẾT ĐỊNH
Về việc thu hồi đất để mở rộng ngõ 85 phố Chùa Bộc
Điều 1. Thu hồi 120 m2 đất của hộ gia đình ông Kiều Văn Tường tại phường Quang Trung.`),
		doc("t04", "cccd", "", police, "2021-03-10", "2030-01-01", "001190012345", []string{"HS-002"}, `
CĂN CƯỚC CÔNG DÂN
Số: 001190012345
Họ và tên: CHÂU THỊ NGỌC DIỆP
Ngày sinh: 12/04/1990   Giới tính: Nữ
Quê quán: xã Uy Nỗ, huyện Đông Anh, Hà Nội
Có giá trị đến: 01/01/2030`),
		doc("t05", "cccd", "", police, "2016-05-05", "2020-05-05", "079085001122", nil, `
CĂN CƯỚC CÔNG DÂN
Số: 079085001122
Họ và tên: THÁI VĂN ĐỘ
Ngày sinh: 05/05/1985   Giới tính: Nam
Quê quán: phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh
Có giá trị đến: 05/05/2020`),
		doc("t06", "birth_certificate", "215/2022", wardDV, "2022-09-15", "", "001222009988", []string{"HS-002"}, `
GIẤY KHAI SINH
Số: 215/2022
Họ, chữ đệm, tên: ÂU MINH KHÔI
Ngày sinh: 01/09/2022, Giới tính: Nam, Dân tộc: Kinh
Họ, chữ đệm, tên người mẹ: CHÂU THỊ NGỌC DIỆP
Nơi đăng ký khai sinh: Ủy ban nhân dân phường Dịch Vọng`),
		doc("t07", "business_registration", "", dpi, "2019-02-11", "", "0109876543", nil, `
GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP
Mã số doanh nghiệp: 0109876543
Tên công ty: CÔNG TY TNHH THƯƠNG MẠI SAO KHUÊ
Địa chỉ trụ sở chính: số 18 ngõ 4 Trần Quốc Hoàn, Cầu Giấy, Hà Nội
Người đại diện theo pháp luật: ƯNG VĂN THOẠI`),
		doc("t08", "report", "88/BC-UBND", wardDV, "2024-01-10", "", "", nil, `
BÁO CÁO
Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2023
Toàn phường có 12 hộ nghèo và 25 hộ cận nghèo; các hộ được hỗ trợ bảo hiểm y tế bắt buộc; 3 hộ được giao đất tái định cư.`),
		doc("t09", "notice", "45/TB-UBND", wardDV, "2024-02-02", "", "", nil, `
THÔNG BÁO
Về việc niêm yết danh sách họ tên cử tri
Danh sách họ tên cử tri được niêm yết tại nhà văn hóa tổ dân phố số 5.`),
		doc("t10", "decision", "310/QĐ-UBND", dongDa, "2022-11-25", "", "", nil, `
QUYẾT ĐỊNH
Về việc cấp giấy phép xây dựng nhà ở riêng lẻ
Cấp phép cho hộ ông Lạc Văn Quỳnh xây dựng nhà ở 5 tầng trên thửa đất số 214, tờ bản đồ số 7.`),
		doc("t11", "report", "17/BC-UBND", cauGiay, "2023-12-20", "", "", nil, `
BÁO CÁO
Kết quả thực hiện kế hoạch năm 2023
Các chỉ tiêu kinh tế xã hội đều đạt và vượt kế hoạch; tỷ lệ hồ sơ giải quyết đúng hạn đạt 99%.`),
		doc("t12", "marriage_status", "102/UBND-XNTTHN", wardDV, "2024-03-01", "2024-09-01", "001092004321", []string{"HS-003"}, `
GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN
Xác nhận bà KIỀU THỊ NGUYỆT, sinh ngày 03/03/1992, CCCD số 001092004321.
Tình trạng hôn nhân: hiện tại chưa đăng ký kết hôn với ai.
Giấy này được cấp để làm thủ tục đăng ký kết hôn.`),
		doc("t13", "plan", "25/KH-UBND", cauGiay, "2024-04-04", "", "", nil, `
KẾ HOẠCH
Chuyển đổi số và phát triển chính quyền số năm 2024
Mục tiêu: 100% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến; ứng dụng định danh điện tử VNeID.`),
		doc("t14", "decree", "45/2020/NĐ-CP", "Chính phủ", "2020-04-08", "", "", nil, `
NGHỊ ĐỊNH
Về thực hiện thủ tục hành chính trên môi trường điện tử
Nghị định này quy định việc thực hiện thủ tục hành chính trên môi trường điện tử.`),
		doc("t15", "application", "", "", "2024-05-06", "", "001203007777", []string{"HS-004"}, `
ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH
Kính gửi: Ủy ban nhân dân phường Dịch Vọng
Tôi tên là Ưng Thị Thoa, số CCCD 001203007777, đề nghị cấp bản sao trích lục khai sinh.`),
		doc("t16", "land_use_certificate", "CS 045678", "Sở Tài nguyên và Môi trường thành phố Hà Nội", "2018-10-10", "", "001075003333", nil, `
GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT
Số phát hành: CS 045678
Người sử dụng đất: Ông Lạc Văn Quỳnh, CCCD số 001075003333
Thửa đất số 214, tờ bản đồ số 7, diện tích 86 m2, đất ở tại đô thị.`),
		doc("t17", "official_letter", "2045/STNMT-QLĐĐ", "Sở Tài nguyên và Môi trường thành phố Hà Nội", "2021-06-30", "", "", nil, `
V/v hướng dẫn đăng ký biến động đất đai
Sở Tài nguyên và Môi trường hướng dẫn trình tự đăng ký biến động quyền sử dụng đất khi chuyển nhượng.`),
		doc("t18", "notice", "9/TB-UBND", dongDa, "2021-01-15", "", "", nil, `
THÔNG BÁO
Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân quận
Chủ tịch tiếp công dân vào ngày 15 hằng tháng tại trụ sở.`),
		doc("t19", "resolution", "12/2022/NQ-HĐND", "Hội đồng nhân dân thành phố Hà Nội", "2022-12-09", "", "", nil, `
NGHỊ QUYẾT
Quy định mức thu phí, lệ phí trên địa bàn thành phố Hà Nội
Miễn lệ phí đối với hồ sơ nộp trực tuyến qua Cổng dịch vụ công.`),
		doc("t20", "decision", "7/2024/QĐ-UBND", cauGiay, "2024-01-30", "", "", nil, `
QUYẾT ĐỊNH
Về việc khen thưởng tập thể Bộ phận một cửa có thành tích xuất sắc
Tặng Giấy khen cho Bộ phận tiếp nhận và trả kết quả quận Cầu Giấy.`),
	}
}

// Generated returns the background documents (IDs "gen-…").
func Generated(n int) []search.Doc {
	g := gentext.New(20240501)
	docs := make([]search.Doc, n)
	for i := range docs {
		docs[i] = search.FromRecord(g.Record(i))
	}
	return docs
}
