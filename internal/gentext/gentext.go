// Package gentext generates realistic Vietnamese administrative documents —
// decisions, official letters, notices, ID cards, certificates — as text and
// fields, fast and deterministically, for search benchmarks and tests.
// Document i of a seed is always the same document, so a benchmark can
// derive queries for documents it indexed without keeping them.
package gentext

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
)

// Doc is one generated document: its text and its extracted fields.
type Doc struct {
	ID       string
	DocType  string
	Text     string
	Fields   map[string]string
	Dossiers []string
	Office   string
}

// Generator makes documents for one seed.
type Generator struct{ seed uint64 }

// New returns a generator; equal seeds generate equal documents.
func New(seed uint64) *Generator { return &Generator{seed: seed} }

// Record returns document i as a storage record (what search.FromRecord
// takes).
func (g *Generator) Record(i int) *record.Document {
	d := g.Doc(i)
	fields := make(map[string]pipeline.Field, len(d.Fields))
	for k, v := range d.Fields {
		fields[k] = pipeline.Field{Value: v, Confidence: 0.95}
	}
	return &record.Document{
		Schema:     record.SchemaVersion,
		ID:         d.ID,
		Version:    1,
		Status:     record.StatusProcessed,
		DocType:    d.DocType,
		Fields:     fields,
		Text:       d.Text,
		Dossiers:   d.Dossiers,
		OwnerID:    d.Fields["id_number"],
		Provenance: record.Provenance{Office: d.Office, PipelineVersion: pipeline.Version},
		CreatedAt:  time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second),
	}
}

// Doc returns document i.
func (g *Generator) Doc(i int) Doc {
	r := rand.New(rand.NewPCG(g.seed, uint64(i)))
	w := &writer{r: r}
	p := pick(r, provinces)
	d := Doc{
		ID:     fmt.Sprintf("gen-%08d", i),
		Fields: map[string]string{},
		Office: "ubnd-" + slug(pick(r, p.districts)),
	}
	if r.IntN(4) == 0 {
		d.Dossiers = []string{fmt.Sprintf("HS-%d-%06d", 2020+r.IntN(6), r.IntN(400000))}
	}
	kind := r.IntN(100)
	switch {
	case kind < 12:
		w.cccd(&d, p)
	case kind < 20:
		w.birth(&d, p)
	case kind < 26:
		w.marriageStatus(&d, p)
	case kind < 33:
		w.business(&d, p)
	case kind < 38:
		w.land(&d, p)
	case kind < 40:
		w.resolution(&d, p)
	case kind < 65:
		w.decision(&d, p)
	case kind < 80:
		w.letter(&d, p, "official_letter")
	case kind < 87:
		w.letter(&d, p, "notice")
	case kind < 92:
		w.letter(&d, p, "plan")
	case kind < 96:
		w.letter(&d, p, "report")
	default:
		w.application(&d, p)
	}
	d.Text = w.b.String()
	return d
}

type province struct {
	name, code string
	districts  []string
	wards      []string
}

var provinces = []province{
	{"thành phố Hà Nội", "001", []string{"quận Cầu Giấy", "quận Đống Đa", "quận Ba Đình", "quận Hoàn Kiếm", "quận Hai Bà Trưng", "quận Thanh Xuân", "quận Long Biên", "quận Tây Hồ", "quận Hoàng Mai", "huyện Đông Anh", "huyện Gia Lâm"}, []string{"phường Dịch Vọng", "phường Quan Hoa", "phường Nghĩa Đô", "phường Trung Hòa", "phường Yên Hòa", "phường Láng Thượng", "phường Kim Liên", "phường Phúc Xá", "phường Bạch Mai", "xã Uy Nỗ"}},
	{"thành phố Hồ Chí Minh", "079", []string{"Quận 1", "Quận 3", "quận Bình Thạnh", "quận Gò Vấp", "quận Tân Bình", "thành phố Thủ Đức", "huyện Củ Chi", "huyện Bình Chánh"}, []string{"phường Bến Nghé", "phường Đa Kao", "phường Võ Thị Sáu", "phường 25", "phường Linh Trung", "xã Tân Thông Hội"}},
	{"thành phố Đà Nẵng", "048", []string{"quận Hải Châu", "quận Thanh Khê", "quận Sơn Trà", "quận Ngũ Hành Sơn", "huyện Hòa Vang"}, []string{"phường Thạch Thang", "phường An Hải Bắc", "phường Mỹ An", "xã Hòa Phước"}},
	{"thành phố Hải Phòng", "031", []string{"quận Lê Chân", "quận Ngô Quyền", "quận Hồng Bàng", "huyện Thủy Nguyên"}, []string{"phường Cát Dài", "phường Lạch Tray", "phường Minh Khai"}},
	{"thành phố Cần Thơ", "092", []string{"quận Ninh Kiều", "quận Cái Răng", "quận Bình Thủy"}, []string{"phường An Hòa", "phường Xuân Khánh", "phường Hưng Phú"}},
	{"tỉnh Nghệ An", "040", []string{"thành phố Vinh", "huyện Diễn Châu", "huyện Quỳnh Lưu", "thị xã Cửa Lò"}, []string{"phường Hưng Dũng", "xã Diễn Ngọc", "phường Nghi Thủy"}},
	{"tỉnh Thanh Hóa", "038", []string{"thành phố Thanh Hóa", "thị xã Nghi Sơn", "huyện Hoằng Hóa"}, []string{"phường Điện Biên", "phường Hải Thượng", "xã Hoằng Đạo"}},
	{"tỉnh Quảng Ninh", "022", []string{"thành phố Hạ Long", "thành phố Cẩm Phả", "thành phố Móng Cái"}, []string{"phường Bãi Cháy", "phường Hồng Gai", "phường Cẩm Trung"}},
	{"tỉnh Bắc Ninh", "027", []string{"thành phố Bắc Ninh", "thành phố Từ Sơn", "huyện Tiên Du"}, []string{"phường Suối Hoa", "phường Đình Bảng", "xã Phật Tích"}},
	{"tỉnh Khánh Hòa", "056", []string{"thành phố Nha Trang", "thành phố Cam Ranh", "huyện Diên Khánh"}, []string{"phường Lộc Thọ", "phường Vĩnh Hải", "xã Diên Phú"}},
	{"tỉnh Đồng Nai", "075", []string{"thành phố Biên Hòa", "thành phố Long Khánh", "huyện Nhơn Trạch"}, []string{"phường Tân Phong", "phường Trảng Dài", "xã Phước Thiền"}},
	{"tỉnh Lâm Đồng", "068", []string{"thành phố Đà Lạt", "thành phố Bảo Lộc", "huyện Đức Trọng"}, []string{"Phường 1", "phường Lộc Phát", "xã Hiệp Thạnh"}},
	{"tỉnh An Giang", "089", []string{"thành phố Long Xuyên", "thành phố Châu Đốc", "huyện Chợ Mới"}, []string{"phường Mỹ Bình", "phường Châu Phú A", "xã Kiến An"}},
	{"tỉnh Thừa Thiên Huế", "046", []string{"thành phố Huế", "thị xã Hương Thủy", "huyện Phú Vang"}, []string{"phường Phú Hội", "phường Vĩnh Ninh", "xã Phú Thượng"}},
}

var (
	surnames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Lương", "Mai", "Tạ", "Quách"}
	middles  = []string{"Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Hữu", "Quang", "Thanh", "Xuân", "Thị Thu", "Văn Anh", "Hoàng", "Bảo", "Gia", "Khánh", "Công", "Đình", "Mạnh", "Phương"}
	givens   = []string{"An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc", "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vy", "Yến", "Đạt", "Ánh", "Lộc", "Nhung", "Oanh", "Phượng", "Quyết", "Tùng", "Việt", "Chiến", "Duyên", "Giang", "Huyền", "Khoa", "Lực", "Nghĩa", "Nhật", "Thủy", "Trọng", "Uyên", "Vinh", "Xuyến", "Ỷ", "Ước", "Độ"}
	streets  = []string{"Trần Duy Hưng", "Xuân Thủy", "Hoàng Quốc Việt", "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt", "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Nguyễn Văn Cừ", "Phạm Văn Đồng", "Võ Nguyên Giáp", "Hùng Vương", "Quang Trung", "Bạch Đằng", "Nguyễn Huệ", "Lạc Long Quân"}
	subjects = []string{
		"phê duyệt kế hoạch sử dụng đất năm %d",
		"cấp giấy phép xây dựng nhà ở riêng lẻ",
		"thành lập Hội đồng thẩm định giá đất",
		"khen thưởng tập thể, cá nhân có thành tích xuất sắc năm %d",
		"điều chỉnh cục bộ quy hoạch chi tiết xây dựng tỷ lệ 1/500",
		"hỗ trợ kinh phí sửa chữa trường mầm non",
		"giao đất, cho thuê đất để thực hiện dự án",
		"thu hồi đất để thực hiện dự án mở rộng đường giao thông",
		"ban hành quy chế làm việc của Ủy ban nhân dân",
		"triển khai thực hiện thủ tục hành chính trên môi trường điện tử",
		"số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
		"tăng cường công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ",
		"tổ chức các hoạt động chào mừng kỷ niệm ngày Quốc khánh",
		"đẩy mạnh chuyển đổi số trong cơ quan nhà nước năm %d",
		"phê duyệt danh sách hộ nghèo, hộ cận nghèo năm %d",
		"cưỡng chế thi hành quyết định xử phạt vi phạm hành chính",
		"công bố danh mục thủ tục hành chính mới ban hành",
		"bồi thường, hỗ trợ và tái định cư khi Nhà nước thu hồi đất",
		"kiện toàn Ban chỉ đạo công tác cải cách hành chính",
		"cấp kinh phí thực hiện chính sách bảo trợ xã hội",
		"phòng, chống dịch bệnh trên đàn gia súc, gia cầm",
		"chấn chỉnh công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
		"triển khai Đề án 06 về phát triển ứng dụng dữ liệu dân cư",
		"cho phép thành lập cơ sở giáo dục ngoài công lập",
	}
	bodies = []string{
		"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
		"Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020 của Chính phủ về thực hiện thủ tục hành chính trên môi trường điện tử;",
		"Căn cứ Thông tư số 01/2023/TT-VPCP ngày 05 tháng 4 năm 2023 của Văn phòng Chính phủ quy định một số nội dung và biện pháp thi hành trong số hóa hồ sơ, kết quả giải quyết thủ tục hành chính;",
		"Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024 và các văn bản hướng dẫn thi hành;",
		"Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014; Luật sửa đổi, bổ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020;",
		"Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;",
		"Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
	}
	articles = []string{
		"Giao Văn phòng Hội đồng nhân dân và Ủy ban nhân dân chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện Quyết định này.",
		"Các phòng, ban chuyên môn, Ủy ban nhân dân các xã, phường có trách nhiệm rà soát, cập nhật hồ sơ và báo cáo kết quả thực hiện trước ngày %s.",
		"Kinh phí thực hiện được bố trí từ nguồn ngân sách địa phương năm %d theo phân cấp hiện hành.",
		"Bộ phận tiếp nhận và trả kết quả có trách nhiệm số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, lưu trữ điện tử và cập nhật lên Cổng dịch vụ công.",
		"Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc, các đơn vị kịp thời báo cáo về Ủy ban nhân dân để xem xét, giải quyết.",
		"Phòng Tài nguyên và Môi trường hướng dẫn người sử dụng đất thực hiện nghĩa vụ tài chính và hoàn thiện hồ sơ theo quy định.",
		"Công an %s phối hợp bảo đảm an ninh, trật tự trong suốt quá trình thực hiện.",
		"Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các phòng, ban và các cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
		"Ông (bà) %s, cư trú tại %s, có trách nhiệm chấp hành nghiêm các nội dung nêu trên.",
		"Giao Phòng Văn hóa và Thông tin tuyên truyền, phổ biến rộng rãi đến Nhân dân trên địa bàn.",
		"Thời gian thực hiện từ ngày %s đến hết ngày %s.",
	}
	companyWords = []string{"Thương mại", "Dịch vụ", "Xây dựng", "Đầu tư", "Công nghệ", "Sản xuất", "Vận tải", "Du lịch", "Nông sản", "Thực phẩm", "Môi trường", "Giáo dục", "Dược phẩm", "Điện tử", "Bất động sản"}
	companyNames = []string{"Hưng Thịnh", "Phú Quý", "Ánh Dương", "Sao Việt", "Đại Phát", "Minh Long", "Thành Công", "Hòa Bình", "Việt Á", "Trường Sơn", "Hồng Hà", "Bình Minh", "Kim Ngân", "Phương Đông", "Tân Tiến", "Lộc Phát", "An Khang", "Đông Dương"}
	signers      = []string{"CHỦ TỊCH", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC", "TRƯỞNG PHÒNG", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"}
)

type writer struct {
	r *rand.Rand
	b strings.Builder
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func (w *writer) line(s string) { w.b.WriteString(s); w.b.WriteByte('\n') }

func (w *writer) name() string {
	return pick(w.r, surnames) + " " + pick(w.r, middles) + " " + pick(w.r, givens)
}

func (w *writer) date(from, to int) (time.Time, string) {
	y := from + w.r.IntN(to-from+1)
	t := time.Date(y, time.Month(1+w.r.IntN(12)), 1+w.r.IntN(28), 0, 0, 0, 0, time.UTC)
	return t, t.Format("2006-01-02")
}

func long(t time.Time) string {
	return fmt.Sprintf("ngày %02d tháng %d năm %d", t.Day(), int(t.Month()), t.Year())
}

func short(t time.Time) string { return t.Format("02/01/2006") }

func (w *writer) address(p province) string {
	return fmt.Sprintf("số %d đường %s, %s, %s, %s", 1+w.r.IntN(300), pick(w.r, streets), pick(w.r, p.wards), pick(w.r, p.districts), p.name)
}

// idNumber is a 12-digit personal ID: province code, century/sex digit,
// two year digits and six random digits.
func (w *writer) idNumber(p province, birth time.Time, female bool) string {
	g := 0
	if birth.Year() >= 2000 {
		g = 2
	}
	if female {
		g++
	}
	return fmt.Sprintf("%s%d%02d%06d", p.code, g, birth.Year()%100, w.r.IntN(1000000))
}

func (w *writer) header(issuer string) {
	w.line(strings.ToUpper(issuer))
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
}

func (w *writer) issuer(p province) string {
	switch w.r.IntN(8) {
	case 0:
		return "Ủy ban nhân dân " + p.name
	case 1:
		return "Sở Tài nguyên và Môi trường " + p.name
	case 2:
		return "Sở Kế hoạch và Đầu tư " + p.name
	case 3, 4:
		return "Ủy ban nhân dân " + pick(w.r, p.wards)
	default:
		return "Ủy ban nhân dân " + pick(w.r, p.districts)
	}
}

func abbrev(issuer string) string {
	switch {
	case strings.HasPrefix(issuer, "Sở Tài nguyên"):
		return "STNMT"
	case strings.HasPrefix(issuer, "Sở Kế hoạch"):
		return "SKHĐT"
	default:
		return "UBND"
	}
}

func (w *writer) decision(d *Doc, p province) {
	d.DocType = "decision"
	iss := w.issuer(p)
	t, iso := w.date(2015, 2025)
	num := fmt.Sprintf("%d/%d/QĐ-%s", 1+w.r.IntN(9999), t.Year(), abbrev(iss))
	subj := w.subject(t.Year())
	w.official(d, p, iss, num, "QUYẾT ĐỊNH", subj, t, iso)
}

func (w *writer) resolution(d *Doc, p province) {
	d.DocType = "resolution"
	iss := "Hội đồng nhân dân " + p.name
	t, iso := w.date(2015, 2025)
	num := fmt.Sprintf("%d/%d/NQ-HĐND", 1+w.r.IntN(300), t.Year())
	w.official(d, p, iss, num, "NGHỊ QUYẾT", w.subject(t.Year()), t, iso)
}

func (w *writer) letter(d *Doc, p province, typ string) {
	d.DocType = typ
	iss := w.issuer(p)
	t, iso := w.date(2015, 2025)
	code := map[string]string{"official_letter": "", "notice": "TB-", "plan": "KH-", "report": "BC-"}[typ]
	title := map[string]string{"official_letter": "", "notice": "THÔNG BÁO", "plan": "KẾ HOẠCH", "report": "BÁO CÁO"}[typ]
	var num string
	if code == "" {
		num = fmt.Sprintf("%d/%s-%s", 1+w.r.IntN(9999), abbrev(iss), pick(w.r, []string{"VP", "TNMT", "QLĐT", "TCKH", "VHTT"}))
	} else {
		num = fmt.Sprintf("%d/%s%s", 1+w.r.IntN(9999), code, abbrev(iss))
	}
	w.official(d, p, iss, num, title, w.subject(t.Year()), t, iso)
}

func (w *writer) subject(year int) string {
	s := pick(w.r, subjects)
	if strings.Contains(s, "%d") {
		s = fmt.Sprintf(s, year)
	}
	return s
}

func (w *writer) official(d *Doc, p province, issuer, num, title, subj string, t time.Time, iso string) {
	w.header(issuer)
	w.line("Số: " + num)
	city := strings.TrimPrefix(strings.TrimPrefix(p.name, "thành phố "), "tỉnh ")
	w.line(city + ", " + long(t))
	if title != "" {
		w.line(title)
	}
	summary := "Về việc " + subj
	w.line(summary)
	for range 1 + w.r.IntN(3) {
		w.line(pick(w.r, bodies))
	}
	n := 2 + w.r.IntN(4)
	for k := 1; k <= n; k++ {
		a := pick(w.r, articles)
		switch strings.Count(a, "%") {
		case 1:
			switch {
			case strings.Contains(a, "%d"):
				a = fmt.Sprintf(a, t.Year())
			case strings.HasPrefix(a, "Công an"):
				a = fmt.Sprintf(a, pick(w.r, p.districts))
			default:
				a = fmt.Sprintf(a, short(t.AddDate(0, 2, 0)))
			}
		case 2:
			if strings.HasPrefix(a, "Ông") {
				a = fmt.Sprintf(a, w.name(), w.address(p))
			} else {
				a = fmt.Sprintf(a, short(t.AddDate(0, 0, 10)), short(t.AddDate(0, 6, 0)))
			}
		}
		w.line(fmt.Sprintf("Điều %d. %s", k, a))
	}
	signer := w.name()
	w.line(pick(w.r, signers))
	w.line(signer)
	d.Fields["doc_number"] = num
	d.Fields["issuer"] = issuer
	d.Fields["issue_date"] = iso
	d.Fields["summary"] = summary
	d.Fields["signer"] = signer
}

func (w *writer) person(d *Doc, p province, minYear, maxYear int) (string, time.Time, bool) {
	name := w.name()
	female := strings.Contains(name, " Thị ") || w.r.IntN(2) == 0
	birth, biso := w.date(minYear, maxYear)
	id := w.idNumber(p, birth, female)
	d.Fields["full_name"] = name
	d.Fields["date_of_birth"] = biso
	d.Fields["id_number"] = id
	if female {
		d.Fields["sex"] = "Nữ"
	} else {
		d.Fields["sex"] = "Nam"
	}
	return name, birth, female
}

func (w *writer) cccd(d *Doc, p province) {
	d.DocType = "cccd"
	name, birth, _ := w.person(d, p, 1950, 2006)
	t, iso := w.date(2021, 2025)
	expiry := time.Date(birth.Year()+60, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
	if birth.Year() >= 1975 {
		expiry = time.Date(birth.Year()+40, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
	}
	if birth.Year() >= 1990 {
		expiry = time.Date(birth.Year()+25, birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
	}
	origin := pick(w.r, p.wards) + ", " + pick(w.r, p.districts) + ", " + p.name
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
	w.line("CĂN CƯỚC CÔNG DÂN")
	w.line("Số / No.: " + d.Fields["id_number"])
	w.line("Họ và tên / Full name: " + strings.ToUpper(name))
	w.line("Ngày sinh / Date of birth: " + short(birth))
	w.line("Giới tính / Sex: " + d.Fields["sex"] + "   Quốc tịch / Nationality: Việt Nam")
	w.line("Quê quán / Place of origin: " + origin)
	w.line("Nơi thường trú / Place of residence: " + w.address(p))
	w.line("Có giá trị đến / Date of expiry: " + short(expiry))
	w.line("Ngày, tháng, năm / Date, month, year: " + short(t))
	w.line("CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI")
	d.Fields["issuer"] = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
	d.Fields["issue_date"] = iso
	d.Fields["expiry_date"] = expiry.Format("2006-01-02")
	d.Fields["place_of_origin"] = origin
	d.Fields["nationality"] = "Việt Nam"
}

func (w *writer) birth(d *Doc, p province) {
	d.DocType = "birth_certificate"
	name, birth, _ := w.person(d, p, 1990, 2024)
	ward := pick(w.r, p.wards)
	iss := "Ủy ban nhân dân " + ward
	t := birth.AddDate(0, 0, 5+w.r.IntN(60))
	num := fmt.Sprintf("%d/%d", 1+w.r.IntN(999), t.Year())
	w.line(strings.ToUpper(iss))
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
	w.line("GIẤY KHAI SINH")
	w.line("Số: " + num + "   Quyển số: 01/" + fmt.Sprint(t.Year()))
	w.line("Họ, chữ đệm, tên: " + strings.ToUpper(name))
	w.line("Ngày, tháng, năm sinh: " + short(birth) + " (" + long(birth) + ")")
	w.line("Giới tính: " + d.Fields["sex"] + "   Dân tộc: Kinh   Quốc tịch: Việt Nam")
	w.line("Nơi sinh: Bệnh viện Phụ sản " + p.name)
	w.line("Số định danh cá nhân: " + d.Fields["id_number"])
	w.line("Họ, chữ đệm, tên người mẹ: " + strings.ToUpper(w.name()))
	w.line("Họ, chữ đệm, tên người cha: " + strings.ToUpper(w.name()))
	w.line("Nơi đăng ký khai sinh: " + iss)
	w.line(pick(w.r, p.wards) + ", " + long(t))
	d.Fields["doc_number"] = num
	d.Fields["issuer"] = iss
	d.Fields["issue_date"] = t.Format("2006-01-02")
}

func (w *writer) marriageStatus(d *Doc, p province) {
	d.DocType = "marriage_status"
	name, _, _ := w.person(d, p, 1970, 2004)
	ward := pick(w.r, p.wards)
	iss := "Ủy ban nhân dân " + ward
	t, iso := w.date(2019, 2025)
	num := fmt.Sprintf("%d/UBND-XNTTHN", 1+w.r.IntN(2000))
	w.header(iss)
	w.line("Số: " + num)
	w.line("GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN")
	w.line("Xét đề nghị của ông/bà: " + name)
	w.line("Ủy ban nhân dân " + ward + " xác nhận:")
	w.line("Họ, chữ đệm, tên: " + strings.ToUpper(name) + "   Ngày sinh: " + d.Fields["date_of_birth"])
	w.line("Giấy tờ tùy thân: Căn cước công dân số " + d.Fields["id_number"])
	w.line("Nơi cư trú: " + w.address(p))
	w.line("Tình trạng hôn nhân: " + pick(w.r, []string{"Hiện tại chưa đăng ký kết hôn với ai.", "Đã ly hôn, hiện tại chưa đăng ký kết hôn với ai.", "Có vợ/chồng đã chết, hiện tại chưa kết hôn."}))
	w.line("Giấy này được cấp để: " + pick(w.r, []string{"làm thủ tục đăng ký kết hôn", "bổ sung hồ sơ mua bán nhà đất", "làm thủ tục vay vốn ngân hàng"}))
	w.line("Giấy này có giá trị 6 tháng kể từ ngày cấp. " + long(t))
	d.Fields["doc_number"] = num
	d.Fields["issuer"] = iss
	d.Fields["issue_date"] = iso
	d.Fields["expiry_date"] = t.AddDate(0, 6, 0).Format("2006-01-02")
}

func (w *writer) business(d *Doc, p province) {
	d.DocType = "business_registration"
	company := "Công ty TNHH " + pick(w.r, companyWords) + " " + pick(w.r, companyNames)
	if w.r.IntN(3) == 0 {
		company = "Công ty Cổ phần " + pick(w.r, companyWords) + " và " + pick(w.r, companyWords) + " " + pick(w.r, companyNames)
	}
	code := fmt.Sprintf("0%09d", w.r.IntN(1000000000))
	iss := "Sở Kế hoạch và Đầu tư " + p.name
	t, iso := w.date(2010, 2025)
	rep := w.name()
	w.line(strings.ToUpper(iss))
	w.line("PHÒNG ĐĂNG KÝ KINH DOANH")
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
	w.line("GIẤY CHỨNG NHẬN ĐĂNG KÝ DOANH NGHIỆP")
	w.line("Mã số doanh nghiệp: " + code)
	w.line("Đăng ký lần đầu: " + long(t))
	w.line("1. Tên công ty viết bằng tiếng Việt: " + strings.ToUpper(company))
	w.line("2. Địa chỉ trụ sở chính: " + w.address(p))
	w.line(fmt.Sprintf("3. Vốn điều lệ: %d.000.000.000 đồng", 1+w.r.IntN(50)))
	w.line("4. Người đại diện theo pháp luật: " + strings.ToUpper(rep) + "   Chức danh: Giám đốc")
	w.line("Ngành, nghề kinh doanh: " + strings.ToLower(pick(w.r, companyWords)) + ", " + strings.ToLower(pick(w.r, companyWords)))
	d.Fields["enterprise_code"] = code
	d.Fields["company_name"] = company
	d.Fields["full_name"] = rep
	d.Fields["issuer"] = iss
	d.Fields["issue_date"] = iso
}

func (w *writer) land(d *Doc, p province) {
	d.DocType = "land_use_certificate"
	name, _, _ := w.person(d, p, 1950, 1995)
	iss := pick(w.r, []string{"Sở Tài nguyên và Môi trường ", "Ủy ban nhân dân "}) + p.name
	t, iso := w.date(2010, 2025)
	serial := fmt.Sprintf("%s %06d", pick(w.r, []string{"CS", "CT", "DA", "DB"}), w.r.IntN(1000000))
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
	w.line("GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT")
	w.line("Số phát hành: " + serial)
	w.line("1. Người sử dụng đất, chủ sở hữu nhà ở: Ông/Bà " + name + ", CCCD số " + d.Fields["id_number"])
	w.line("Địa chỉ thường trú: " + w.address(p))
	w.line(fmt.Sprintf("2. Thửa đất số: %d, tờ bản đồ số: %d, diện tích: %d m2", 1+w.r.IntN(900), 1+w.r.IntN(90), 40+w.r.IntN(500)))
	w.line("Địa chỉ thửa đất: " + pick(w.r, p.wards) + ", " + pick(w.r, p.districts))
	w.line("Mục đích sử dụng: " + pick(w.r, []string{"Đất ở tại đô thị", "Đất ở tại nông thôn", "Đất trồng cây lâu năm"}) + ". Thời hạn sử dụng: Lâu dài")
	w.line(strings.ToUpper(iss) + ", " + long(t))
	d.Fields["doc_number"] = serial
	d.Fields["issuer"] = iss
	d.Fields["issue_date"] = iso
}

func (w *writer) application(d *Doc, p province) {
	d.DocType = "application"
	name, birth, _ := w.person(d, p, 1950, 2004)
	t, iso := w.date(2019, 2025)
	iss := "Ủy ban nhân dân " + pick(w.r, p.wards)
	w.line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
	w.line("Độc lập - Tự do - Hạnh phúc")
	w.line("ĐƠN ĐỀ NGHỊ")
	w.line("Kính gửi: " + iss)
	w.line("Tôi tên là: " + name + ", sinh ngày " + short(birth) + ", số CCCD: " + d.Fields["id_number"])
	w.line("Nơi cư trú: " + w.address(p))
	w.line("Đề nghị " + iss + " xem xét, giải quyết việc " + w.subject(t.Year()) + ".")
	w.line("Tôi xin cam đoan những nội dung khai trên là đúng sự thật và chịu trách nhiệm trước pháp luật.")
	w.line(long(t))
	w.line("Người làm đơn")
	w.line(name)
	d.Fields["summary"] = "Đơn đề nghị của " + name
	d.Fields["issue_date"] = iso
}

func slug(s string) string {
	f := strings.Fields(strings.ToLower(s))
	return strings.Join(f, "-")
}
