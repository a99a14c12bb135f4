package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/vntext"
)

// formPage starts an A4 citizen paper: margins, face and sizes.
func formPage(r *rand.Rand) (*page, float64) {
	serif, _ := families()
	fam := &serif[r.IntN(len(serif))]
	p := newPage(fam, 210*mm, 297*mm)
	p.lineK = 1.3 + 0.2*r.Float64()
	p.left, p.right = (25+5*r.Float64())*mm, p.w-(15+5*r.Float64())*mm
	p.y = (18 + 6*r.Float64()) * mm
	return p, 13 + float64(r.IntN(2))
}

// wardIssuer is the commune-level People's Committee that registers
// civil status.
func wardIssuer(r *rand.Rand) (lines []string, place, short string, l locality, ward string) {
	l = pick(r, localities)
	ward = pick(r, l.Wards)
	return []string{uyban(r), upperVN(ward)}, stripKind(ward), "Ủy ban nhân dân " + ward + ", " + l.Kind + " " + l.Name + ", " + provinceLabel(l.Province), l, ward
}

func sexOf(p person) string {
	if p.Male {
		return "Nam"
	}
	return "Nữ"
}

// dateWords reads a date: "ngày mười hai, tháng ba, năm hai nghìn không
// trăm mười chín".
func dateWords(t time.Time) string {
	return fmt.Sprintf("ngày %s, tháng %s, năm %s", lowerFirst(amountWords(int64(t.Day()))),
		lowerFirst(amountWords(int64(t.Month()))), lowerFirst(amountWords(int64(t.Year()))))
}

// signBlock sets the signer's block on the right: date line (optional),
// authority lines, an italic instruction, space, the name.
func signBlock(p *page, date string, lines []string, note, name string, size float64) {
	x0, x1 := p.left+(p.right-p.left)*0.45, p.right
	p.skip(4 * mm)
	if date != "" {
		p.line(date, italic, size, alignCenter, x0, x1)
	}
	for _, l := range lines {
		p.line(l, bold, size, alignCenter, x0, x1)
	}
	if note != "" {
		p.line(note, italic, size-1, alignCenter, x0, x1)
	}
	p.skip(20 * mm)
	p.line(name, bold, size, alignCenter, x0, x1)
}

func init() {
	builders[TypeBirthCertificate] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		lines, place, short, l, _ := wardIssuer(r)
		child := newPerson(r, 2000, 2024)
		reg := child.Birth.AddDate(0, 0, 5+r.IntN(50))
		mother := newPerson(r, child.Birth.Year()-40, child.Birth.Year()-19)
		mother.Male = false
		mother.Name = pick(r, surnames) + " " + pick(r, femaleMiddle) + " " + pick(r, femaleGiven)
		father := newPerson(r, child.Birth.Year()-45, child.Birth.Year()-20)
		father.Name = pick(r, surnames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
		// The child takes the father's surname.
		child.Name = strings.SplitN(father.Name, " ", 2)[0] + " " + strings.SplitN(child.Name, " ", 2)[1]
		number := fmt.Sprintf("%d", 1+r.IntN(400))
		hr := p.header(r, headerSpec{issuer: lines, number: number, date: "", hdr: 12.5, body: sz})
		p.line("Quyển số: "+fmt.Sprintf("%02d/%d", 1+r.IntN(3), reg.Year()), regular, sz-1, alignLeft, p.left, p.right)
		p.skip(4 * mm)
		p.line("GIẤY KHAI SINH", bold, 16, alignCenter, p.left, p.right)
		p.skip(5 * mm)
		name := upperVN(child.Name)
		x0, x1 := p.left, p.right
		p.kv("Họ, chữ đệm, tên:", name, sz, sz, regular, bold, x0, x1)
		p.kv("Ngày, tháng, năm sinh:", slashDate(child.Birth)+"; ghi bằng chữ: "+dateWords(child.Birth), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Giới tính:", sexOf(child)}, {"Dân tộc:", child.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
		p.kv("Nơi sinh:", pick(r, []string{"Bệnh viện Phụ sản ", "Trung tâm Y tế ", "Trạm Y tế "})+l.Kind+" "+l.Name+", "+provinceLabel(l.Province), sz, sz, regular, regular, x0, x1)
		p.kv("Quê quán:", child.Origin, sz, sz, regular, regular, x0, x1)
		p.kv("Số định danh cá nhân:", child.ID, sz, sz, regular, regular, x0, x1)
		p.skip(2 * mm)
		p.kv("Họ, chữ đệm, tên người mẹ:", upperVN(mother.Name), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Năm sinh:", strconv.Itoa(mother.Birth.Year())}, {"Dân tộc:", mother.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
		p.kv("Nơi cư trú:", mother.Residence, sz, sz, regular, regular, x0, x1)
		p.kv("Họ, chữ đệm, tên người cha:", upperVN(father.Name), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Năm sinh:", strconv.Itoa(father.Birth.Year())}, {"Dân tộc:", father.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
		p.kv("Nơi cư trú:", father.Residence, sz, sz, regular, regular, x0, x1)
		p.skip(2 * mm)
		p.kv("Họ, chữ đệm, tên người đi khai sinh:", father.Name, sz, sz, regular, regular, x0, x1)
		p.kv("Giấy tờ tùy thân:", "Căn cước công dân số "+father.ID, sz, sz, regular, regular, x0, x1)
		p.kv("Nơi đăng ký khai sinh:", short, sz, sz, regular, regular, x0, x1)
		p.kv("Ngày, tháng, năm đăng ký:", slashDate(reg), sz, sz, regular, regular, x0, x1)
		signer := newPerson(r, 1965, 1990).Name
		signBlock(p, place+", "+longDate(reg), []string{"NGƯỜI KÝ GIẤY KHAI SINH"}, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", signer, sz)
		return p, map[string]string{
			FieldIssuer: hr.issuer, FieldDocNumber: number, FieldIssueDate: isoDate(reg), FieldSigner: signer,
			FieldFullName: name, FieldDateOfBirth: isoDate(child.Birth), FieldSex: sexOf(child), FieldNationality: "Việt Nam",
			FieldPlaceOfOrigin: child.Origin, FieldIDNumber: child.ID, FieldTitle: "GIẤY KHAI SINH",
		}
	}

	builders[TypeMarriageStatus] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		lines, place, _, _, ward := wardIssuer(r)
		per := newPerson(r, 1970, 2004)
		date := randDate(r, max(2016, per.Birth.Year()+18), 2025)
		number := fmt.Sprintf("%d/UBND-XNTTHN", 1+r.IntN(900))
		hr := p.header(r, headerSpec{issuer: lines, number: number, date: place + ", " + longDate(date), hdr: 12.5, body: sz})
		p.line("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN", bold, 15, alignCenter, p.left, p.right)
		p.skip(5 * mm)
		x0, x1 := p.left, p.right
		name := upperVN(per.Name)
		p.para(fmt.Sprintf("Xét đề nghị của ông/bà %s về việc xác nhận tình trạng hôn nhân cho %s,", per.Name, pick(r, []string{"bản thân", "ông/bà"})), regular, sz, alignJustify, x0, x1, 12.7*mm)
		p.line(upperVN(lines[0]+" "+lines[1])+" XÁC NHẬN:", bold, sz, alignCenter, x0, x1)
		p.kv("Họ, chữ đệm, tên:", name, sz, sz, regular, bold, x0, x1)
		p.kv("Ngày, tháng, năm sinh:", slashDate(per.Birth), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Giới tính:", sexOf(per)}, {"Dân tộc:", per.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
		p.kv("Giấy tờ tùy thân:", "Căn cước công dân số "+per.ID, sz, sz, regular, regular, x0, x1)
		p.kv("Nơi cư trú:", per.Residence, sz, sz, regular, regular, x0, x1)
		from := randDate(r, per.Birth.Year()+16, date.Year()-1)
		p.para(fmt.Sprintf("Trong thời gian cư trú tại %s từ ngày %s đến ngày %s.", ward, slashDate(from), slashDate(date)), regular, sz, alignJustify, x0, x1, 0)
		p.kv("Tình trạng hôn nhân:", pick(r, []string{"Hiện tại chưa đăng ký kết hôn với ai.", "Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án của Tòa án nhân dân.", "Chưa đăng ký kết hôn với ai."}), sz, sz, regular, regular, x0, x1)
		p.kv("Giấy này được cấp để:", pick(r, []string{"Làm thủ tục đăng ký kết hôn.", "Bổ sung hồ sơ vay vốn ngân hàng.", "Làm thủ tục mua bán nhà đất."}), sz, sz, regular, regular, x0, x1)
		p.para("Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp.", italic, sz, alignLeft, x0, x1, 0)
		signer := newPerson(r, 1965, 1990).Name
		signBlock(p, "", []string{"NGƯỜI KÝ GIẤY XÁC NHẬN"}, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", signer, sz)
		return p, map[string]string{
			FieldIssuer: hr.issuer, FieldDocNumber: number, FieldIssueDate: isoDate(date), FieldSigner: signer,
			FieldFullName: name, FieldDateOfBirth: isoDate(per.Birth), FieldSex: sexOf(per), FieldNationality: "Việt Nam",
			FieldIDNumber: per.ID, FieldPlaceOfResidence: per.Residence, FieldTitle: "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
		}
	}

	builders[TypeMarriageCertificate] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		lines, place, short, _, _ := wardIssuer(r)
		h := newPerson(r, 1970, 2002)
		h.Male = true
		h.Name = pick(r, surnames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
		w := newPerson(r, 1972, 2004)
		w.Male = false
		w.Name = pick(r, surnames) + " " + pick(r, femaleMiddle) + " " + pick(r, femaleGiven)
		date := randDate(r, max(2016, max(h.Birth.Year(), w.Birth.Year())+20), 2025)
		number := strconv.Itoa(1 + r.IntN(300))
		hr := p.header(r, headerSpec{issuer: lines, number: number, date: "", hdr: 12.5, body: sz})
		p.line("Quyển số: "+fmt.Sprintf("%02d/%d", 1+r.IntN(3), date.Year()), regular, sz-1, alignLeft, p.left, p.right)
		p.skip(4 * mm)
		p.line("GIẤY CHỨNG NHẬN KẾT HÔN", bold, 16, alignCenter, p.left, p.right)
		p.skip(5 * mm)
		x0, x1 := p.left, p.right
		for _, sp := range []struct {
			label string
			per   person
		}{{"Họ, chữ đệm, tên chồng:", h}, {"Họ, chữ đệm, tên vợ:", w}} {
			p.kv(sp.label, upperVN(sp.per.Name), sz, sz, regular, bold, x0, x1)
			p.kv("Ngày, tháng, năm sinh:", slashDate(sp.per.Birth), sz, sz, regular, regular, x0, x1)
			p.kvRow([][2]string{{"Dân tộc:", sp.per.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
			p.kv("Nơi cư trú:", sp.per.Residence, sz, sz, regular, regular, x0, x1)
			p.kv("Giấy tờ tùy thân:", "Căn cước công dân số "+sp.per.ID, sz, sz, regular, regular, x0, x1)
			p.skip(3 * mm)
		}
		p.kv("Nơi đăng ký:", short, sz, sz, regular, regular, x0, x1)
		p.kv("Ngày, tháng, năm đăng ký:", slashDate(date), sz, sz, regular, regular, x0, x1)
		p.skip(3 * mm)
		sy := p.y
		p.line("Chồng", bold, sz, alignCenter, x0, x0+40*mm)
		p.line("Vợ", bold, sz, alignCenter, x0, x0+40*mm)
		p.y = sy - 4*mm
		signer := newPerson(r, 1965, 1990).Name
		signBlock(p, place+", "+longDate(date), []string{"NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN"}, "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)", signer, sz)
		return p, map[string]string{
			FieldIssuer: hr.issuer, FieldDocNumber: number, FieldIssueDate: isoDate(date), FieldSigner: signer,
			FieldHusbandName: upperVN(h.Name), FieldWifeName: upperVN(w.Name), FieldTitle: "GIẤY CHỨNG NHẬN KẾT HÔN",
		}
	}

	builders[TypeBusinessRegistration] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		pv := pick(r, localities).Province
		rep := newPerson(r, 1960, 1998)
		date := randDate(r, 2016, 2025)
		first := date.AddDate(-r.IntN(6), -r.IntN(12), 0)
		code := enterpriseCode(r)
		hr := p.header(r, headerSpec{issuer: []string{"SỞ KẾ HOẠCH VÀ ĐẦU TƯ", upperVN(provinceLabel(pv)), "PHÒNG ĐĂNG KÝ KINH DOANH"}, boldFrom: 2,
			date: pv + ", " + longDate(date), hdr: 12, body: sz})
		kind := pick(r, []struct{ Long, Short, Title, En string }{
			{"CÔNG TY TNHH", "CO., LTD", "CÔNG TY TRÁCH NHIỆM HỮU HẠN MỘT THÀNH VIÊN", "COMPANY LIMITED"},
			{"CÔNG TY TNHH", "CO., LTD", "CÔNG TY TRÁCH NHIỆM HỮU HẠN HAI THÀNH VIÊN TRỞ LÊN", "COMPANY LIMITED"},
			{"CÔNG TY CỔ PHẦN", "JSC", "CÔNG TY CỔ PHẦN", "JOINT STOCK COMPANY"},
		})
		sector := pick(r, []struct{ Vi, En string }{
			{"THƯƠNG MẠI VÀ DỊCH VỤ", "TRADING AND SERVICES"}, {"XÂY DỰNG", "CONSTRUCTION"}, {"CÔNG NGHỆ", "TECHNOLOGY"},
			{"ĐẦU TƯ PHÁT TRIỂN", "INVESTMENT DEVELOPMENT"}, {"VẬN TẢI", "TRANSPORT"}, {"THỰC PHẨM", "FOOD"}, {"TƯ VẤN", "CONSULTING"},
		})
		brand := pick(r, []string{"HOÀNG PHÁT", "MINH ANH", "AN KHANG", "THÀNH ĐẠT", "PHÚ THỊNH", "VIỆT TIẾN", "SAO MAI", "ĐẠI NAM", "HƯNG THỊNH", "TÂN HOÀNG MINH", "BẢO NGỌC", "NAM VIỆT"})
		company := kind.Long + " " + sector.Vi + " " + brand
		ascii := strings.ToUpper(vntext.Fold(brand))
		p.line("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP", bold, 15, alignCenter, p.left, p.right)
		p.line(kind.Title, bold, 13, alignCenter, p.left, p.right)
		p.skip(3 * mm)
		p.line("Mã số doanh nghiệp: "+code, bold, sz, alignCenter, p.left, p.right)
		p.line("Đăng ký lần đầu: "+longDate(first), regular, sz, alignCenter, p.left, p.right)
		if !first.Equal(date) {
			p.line(fmt.Sprintf("Đăng ký thay đổi lần thứ: %d, %s", 1+r.IntN(5), longDate(date)), regular, sz, alignCenter, p.left, p.right)
		}
		p.skip(4 * mm)
		x0, x1 := p.left, p.right
		p.line("1. Tên công ty", bold, sz, alignLeft, x0, x1)
		p.kv("Tên công ty viết bằng tiếng Việt:", company, sz, sz, regular, bold, x0, x1)
		p.kv("Tên công ty viết bằng tiếng nước ngoài:", ascii+" "+sector.En+" "+kind.En, sz, sz, regular, regular, x0, x1)
		p.kv("Tên công ty viết tắt:", ascii+" "+kind.Short, sz, sz, regular, regular, x0, x1)
		p.line("2. Địa chỉ trụ sở chính", bold, sz, alignLeft, x0, x1)
		p.para(streetAddress(r), regular, sz, alignLeft, x0, x1, 0)
		p.kvRow([][2]string{{"Điện thoại:", fmt.Sprintf("0%d%08d", 2+r.IntN(8), r.IntN(100000000))}, {"Email:", strings.ToLower(strings.ReplaceAll(ascii, " ", "")) + "@gmail.com"}}, sz, regular, x0, x1, 12*mm)
		capital := int64(1+r.IntN(200)) * 100000000
		p.line("3. Vốn điều lệ: "+groupDigits(capital)+" đồng", bold, sz, alignLeft, x0, x1)
		p.line("Bằng chữ: "+amountWords(capital)+" đồng", regular, sz, alignLeft, x0, x1)
		p.line("4. Người đại diện theo pháp luật của công ty", bold, sz, alignLeft, x0, x1)
		name := upperVN(rep.Name)
		p.kvRow([][2]string{{"Họ và tên:", name}, {"Giới tính:", sexOf(rep)}}, sz, regular, x0, x1, 12*mm)
		p.kv("Chức danh:", pick(r, []string{"Giám đốc", "Tổng giám đốc", "Chủ tịch Hội đồng quản trị"}), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Sinh ngày:", slashDate(rep.Birth)}, {"Dân tộc:", rep.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 10*mm)
		p.kv("Loại giấy tờ pháp lý của cá nhân:", "Căn cước công dân", sz, sz, regular, regular, x0, x1)
		p.kv("Số giấy tờ pháp lý của cá nhân:", rep.ID, sz, sz, regular, regular, x0, x1)
		p.kv("Địa chỉ thường trú:", rep.Residence, sz, sz, regular, regular, x0, x1)
		signer := newPerson(r, 1965, 1990).Name
		signBlock(p, "", []string{"TRƯỞNG PHÒNG"}, "", signer, sz)
		return p, map[string]string{
			FieldIssuer: hr.issuer, FieldIssueDate: isoDate(date), FieldSigner: signer, FieldEnterpriseCode: code,
			FieldCompanyName: company, FieldFullName: name, FieldDateOfBirth: isoDate(rep.Birth), FieldSex: sexOf(rep),
			FieldIDNumber: rep.ID, FieldPlaceOfResidence: rep.Residence, FieldTitle: "GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP",
		}
	}

	builders[TypeLandUseCertificate] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		owner := newPerson(r, 1945, 1995)
		l := pick(r, localities)
		date := randDate(r, 2016, 2025)
		p.header(r, headerSpec{hdr: 13, body: sz})
		p.skip(4 * mm)
		p.ink.R = 150 // dark red title as printed on the certificate
		p.line("GIẤY CHỨNG NHẬN", bold, 20, alignCenter, p.left, p.right)
		p.para("QUYỀN SỬ DỤNG ĐẤT QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", bold, 14, alignCenter, p.left+15*mm, p.right-15*mm, 0)
		p.ink.R = 20
		p.skip(5 * mm)
		x0, x1 := p.left, p.right
		p.para("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", bold, sz, alignLeft, x0, x1, 0)
		title := "Ông:"
		if !owner.Male {
			title = "Bà:"
		}
		name := upperVN(owner.Name)
		p.kvRow([][2]string{{title, name}, {"Năm sinh:", strconv.Itoa(owner.Birth.Year())}}, sz, regular, x0, x1, 12*mm)
		p.kv("CCCD số:", owner.ID, sz, sz, regular, regular, x0, x1)
		p.kv("Địa chỉ thường trú:", owner.Residence, sz, sz, regular, regular, x0, x1)
		p.skip(3 * mm)
		p.para("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", bold, sz, alignLeft, x0, x1, 0)
		p.line("1. Thửa đất:", bold, sz, alignLeft, x0, x1)
		p.kvRow([][2]string{{"a) Thửa đất số:", strconv.Itoa(1+r.IntN(900)) + ";"}, {"Tờ bản đồ số:", strconv.Itoa(1+r.IntN(60)) + ";"}}, sz, regular, x0, x1, 15*mm)
		p.kv("b) Địa chỉ:", pick(r, l.Wards)+", "+l.Kind+" "+l.Name+", "+provinceLabel(l.Province), sz, sz, regular, regular, x0, x1)
		area := fmt.Sprintf("%d,%d", 40+r.IntN(400), r.IntN(10))
		p.kv("c) Diện tích:", area+" m²", sz, sz, regular, regular, x0, x1)
		p.kv("d) Hình thức sử dụng:", pick(r, []string{"Sử dụng riêng", "Sử dụng chung"}), sz, sz, regular, regular, x0, x1)
		p.kv("đ) Mục đích sử dụng:", pick(r, []string{"Đất ở tại đô thị", "Đất ở tại nông thôn", "Đất trồng cây lâu năm"}), sz, sz, regular, regular, x0, x1)
		p.kv("e) Thời hạn sử dụng:", pick(r, []string{"Lâu dài", "Đến ngày 15/10/2063"}), sz, sz, regular, regular, x0, x1)
		p.kv("g) Nguồn gốc sử dụng:", pick(r, []string{"Nhà nước giao đất có thu tiền sử dụng đất", "Công nhận quyền sử dụng đất như giao đất có thu tiền sử dụng đất", "Nhận chuyển nhượng đất được công nhận quyền sử dụng đất"}), sz, sz, regular, regular, x0, x1)
		p.kv("2. Nhà ở:", pick(r, []string{"Chưa chứng nhận quyền sở hữu", "Nhà ở riêng lẻ, diện tích xây dựng " + area + " m², kết cấu bê tông cốt thép, số tầng: 3"}), sz, sz, regular, regular, x0, x1)
		p.kv("3. Ghi chú:", "Không", sz, sz, regular, regular, x0, x1)
		serial := fmt.Sprintf("CS %05d", 1+r.IntN(99999))
		sy := p.y
		p.skip(4 * mm)
		p.line("Số vào sổ cấp GCN: "+serial, regular, sz-1, alignLeft, x0, x1)
		p.y = sy
		signer := newPerson(r, 1965, 1985).Name
		signBlock(p, l.Name+", "+longDate(date), []string{"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"}, "", signer, sz)
		return p, map[string]string{
			FieldDocNumber: serial, FieldIssueDate: isoDate(date), FieldSigner: signer, FieldFullName: name,
			FieldIDNumber: owner.ID, FieldPlaceOfResidence: owner.Residence, FieldTitle: "GIẤY CHỨNG NHẬN",
		}
	}

	builders[TypeApplication] = func(r *rand.Rand) (*page, map[string]string) {
		p, sz := formPage(r)
		per := newPerson(r, 1950, 2004)
		_, place, short, _, _ := wardIssuer(r)
		date := randDate(r, max(2016, per.Birth.Year()+18), 2025)
		p.header(r, headerSpec{hdr: 13, body: sz})
		p.skip(4 * mm)
		title := pick(r, []string{"ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH", "TỜ KHAI CẤP GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN",
			"ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG", "ĐƠN ĐỀ NGHỊ XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ", "TỜ KHAI ĐĂNG KÝ KHAI SINH"})
		p.para(title, bold, 14, alignCenter, p.left+10*mm, p.right-10*mm, 0)
		p.skip(4 * mm)
		p.line("Kính gửi: "+short, regular, sz, alignCenter, p.left, p.right)
		p.skip(3 * mm)
		x0, x1 := p.left, p.right
		name := upperVN(per.Name)
		p.kv("Họ, chữ đệm, tên người yêu cầu:", name, sz, sz, regular, bold, x0, x1)
		p.kv("Ngày, tháng, năm sinh:", slashDate(per.Birth), sz, sz, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Giới tính:", sexOf(per)}, {"Dân tộc:", per.Ethnicity}, {"Quốc tịch:", "Việt Nam"}}, sz, regular, x0, x1, 12*mm)
		p.kv("Số định danh cá nhân:", per.ID, sz, sz, regular, regular, x0, x1)
		p.kv("Nơi cư trú:", per.Residence, sz, sz, regular, regular, x0, x1)
		p.kv("Số điện thoại:", fmt.Sprintf("09%08d", r.IntN(100000000)), sz, sz, regular, regular, x0, x1)
		p.skip(2 * mm)
		p.para("Đề nghị cơ quan có thẩm quyền xem xét, giải quyết "+strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(title, "ĐƠN ĐỀ NGHỊ "), "TỜ KHAI "))+" cho tôi theo quy định.", regular, sz, alignJustify, x0, x1, 12.7*mm)
		p.para("Lý do: "+pick(r, []string{"bổ sung hồ sơ xin việc", "làm thủ tục đăng ký kết hôn", "xây dựng nhà ở cho gia đình", "hoàn thiện hồ sơ nhập học cho con", "bổ sung hồ sơ vay vốn"})+".", regular, sz, alignJustify, x0, x1, 12.7*mm)
		p.para("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.", regular, sz, alignJustify, x0, x1, 12.7*mm)
		signBlock(p, "Làm tại "+place+", "+longDate(date), []string{"NGƯỜI YÊU CẦU"}, "(Ký, ghi rõ họ, chữ đệm, tên)", per.Name, sz)
		return p, map[string]string{
			FieldFullName: name, FieldDateOfBirth: isoDate(per.Birth), FieldSex: sexOf(per), FieldNationality: "Việt Nam",
			FieldIDNumber: per.ID, FieldPlaceOfResidence: per.Residence, FieldIssueDate: isoDate(date), FieldSigner: per.Name,
			FieldTitle: title,
		}
	}
}
