package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// issuerInfo is an issuing body and the words that go with it.
type issuerInfo struct {
	Lines      []string // header lines as printed
	BoldFrom   int      // lines[BoldFrom:] are bold (the issuing body itself)
	Abbr       string   // "UBND", "BTC", "STP"
	Place      string   // địa danh of the date line
	Short      string   // how a sentence names it: "Ủy ban nhân dân quận Cầu Giấy"
	Collective string   // "ỦY BAN NHÂN DÂN" for "TM. …", or ""
	Head       string   // "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG"
	Deputy     string   // "PHÓ CHỦ TỊCH"
	Level      string   // budget level: "cấp huyện"
	Kind       string   // "ubnd", "so", "bo", "cp", "hdnd"
}

func uyban(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return "UỶ BAN NHÂN DÂN" // older spelling, still common
	}
	return "ỦY BAN NHÂN DÂN"
}

func newIssuer(r *rand.Rand, kinds ...string) issuerInfo {
	kind := pick(r, kinds)
	switch kind {
	case "ubnd":
		ub := uyban(r)
		switch r.IntN(3) {
		case 0: // province
			pv := pick(r, localities).Province
			return issuerInfo{Lines: []string{ub, upperVN(provinceLabel(pv))}, Abbr: "UBND", Place: pv,
				Short: "Ủy ban nhân dân " + provinceLabel(pv), Collective: ub, Head: "CHỦ TỊCH", Deputy: "PHÓ CHỦ TỊCH", Level: "tỉnh", Kind: kind}
		case 1: // district
			l := pick(r, localities)
			return issuerInfo{Lines: []string{ub, upperVN(l.Kind + " " + l.Name)}, Abbr: "UBND", Place: l.Name,
				Short: "Ủy ban nhân dân " + l.Kind + " " + l.Name, Collective: ub, Head: "CHỦ TỊCH", Deputy: "PHÓ CHỦ TỊCH", Level: "cấp huyện", Kind: kind}
		default: // ward / commune
			l := pick(r, localities)
			w := pick(r, l.Wards)
			return issuerInfo{Lines: []string{ub, upperVN(w)}, Abbr: "UBND", Place: stripKind(w),
				Short: "Ủy ban nhân dân " + w, Collective: ub, Head: "CHỦ TỊCH", Deputy: "PHÓ CHỦ TỊCH", Level: "cấp xã", Kind: kind}
		}
	case "so":
		pv := pick(r, localities).Province
		d := pick(r, departments)
		return issuerInfo{Lines: []string{"UBND " + upperVN(provinceLabel(pv)), d.Name}, BoldFrom: 1, Abbr: d.Abbr, Place: pv,
			Short: d.Short + " " + provinceLabel(pv), Head: "GIÁM ĐỐC", Deputy: "PHÓ GIÁM ĐỐC", Level: "tỉnh", Kind: kind}
	case "bo":
		m := pick(r, ministries)
		return issuerInfo{Lines: []string{m.Name}, Abbr: m.Abbr, Place: "Hà Nội",
			Short: m.Short, Head: "BỘ TRƯỞNG", Deputy: "THỨ TRƯỞNG", Level: "trung ương", Kind: kind}
	case "cp":
		return issuerInfo{Lines: []string{"CHÍNH PHỦ"}, Abbr: "CP", Place: "Hà Nội", Short: "Chính phủ",
			Collective: "CHÍNH PHỦ", Head: "THỦ TƯỚNG", Deputy: "PHÓ THỦ TƯỚNG", Level: "trung ương", Kind: kind}
	case "hdnd":
		pv := pick(r, localities).Province
		return issuerInfo{Lines: []string{"HỘI ĐỒNG NHÂN DÂN", upperVN(provinceLabel(pv))}, Abbr: "HĐND", Place: pv,
			Short: "Hội đồng nhân dân " + provinceLabel(pv), Head: "CHỦ TỊCH", Deputy: "PHÓ CHỦ TỊCH", Level: "tỉnh", Kind: kind}
	}
	panic("corpus: issuer kind " + kind)
}

// signature returns the authority lines of the signature block.
func (is issuerInfo) signature(r *rand.Rand) []string {
	var out []string
	if is.Collective != "" {
		out = append(out, "TM. "+is.Collective)
	}
	if r.IntN(2) == 0 {
		return append(out, is.Head)
	}
	return append(out, "KT. "+is.Head, is.Deputy)
}

// adminDoc is an administrative page in the Nghị định 30/2020 layout.
type adminDoc struct {
	is         issuerInfo
	number     string
	date       time.Time
	title      string // "" for a công văn
	summary    string
	recipients []string
	signer     string
	body       func(p *page, bs *bodyState)
}

// bodyState carries the sample's random source and the values sentences
// draw from.
type bodyState struct {
	r     *rand.Rand
	doc   *adminDoc
	topic struct{ Subject, Lead, Partner string }
	size  float64
	x0    float64
	x1    float64
	limit float64 // the body must end above this y
	full  bool
}

// try adds a paragraph unless it would run into the signature block.
func (bs *bodyState) try(p *page, add func()) bool {
	if bs.full {
		return false
	}
	ni, ng, y := len(p.items), len(p.gt), p.y
	add()
	if p.y > bs.limit {
		p.items, p.gt, p.gtAt, p.y = p.items[:ni], p.gt[:ng], p.gtAt[:ng], y
		bs.full = true
		return false
	}
	return true
}

func (bs *bodyState) para(p *page, s string, st style) bool {
	return bs.try(p, func() {
		p.para(s, st, bs.size, alignJustify, bs.x0, bs.x1, 12.7*mm)
		p.skip(pt(6))
	})
}

func (bs *bodyState) heading(p *page, s string, a align) bool {
	return bs.try(p, func() {
		p.skip(pt(3))
		p.para(s, bold, bs.size, a, bs.x0, bs.x1, 0)
		p.skip(pt(6))
	})
}

// fill replaces the {slots} of a sentence template.
func (bs *bodyState) fill(t string) string {
	r := bs.r
	out := t
	for strings.Contains(out, "{") {
		i := strings.Index(out, "{")
		j := strings.Index(out[i:], "}")
		if j < 0 {
			break
		}
		key := out[i+1 : i+j]
		out = out[:i] + bs.slot(r, key) + out[i+j+1:]
	}
	return out
}

func (bs *bodyState) slot(r *rand.Rand, key string) string {
	d := bs.doc
	switch key {
	case "lead":
		return bs.topic.Lead
	case "partner":
		return bs.topic.Partner
	case "issuerShort":
		return d.is.Short
	case "date":
		return slashDate(d.date.AddDate(0, 0, 5+r.IntN(60)))
	case "date2":
		return slashDate(d.date.AddDate(0, 2+r.IntN(8), r.IntN(28)))
	case "amount", "amountWords":
		a := int64(5+r.IntN(2000)) * 500000
		if key == "amountWords" {
			return amountWords(a) + " đồng"
		}
		return groupDigits(a)
	case "level":
		return d.is.Level
	case "year":
		return strconv.Itoa(d.date.Year())
	case "person":
		return newPerson(r, 1955, 2000).Name
	case "dob":
		return slashDate(randDate(r, 1955, 2000))
	case "id":
		return newPerson(r, 1955, 2000).ID
	case "address":
		return streetAddress(r)
	case "place":
		return d.is.Short
	case "area":
		return fmt.Sprintf("%d,%d", 40+r.IntN(900), r.IntN(10))
	case "parcel":
		return strconv.Itoa(1 + r.IntN(900))
	case "sheet":
		return strconv.Itoa(1 + r.IntN(60))
	case "count":
		return groupDigits(int64(200 + r.IntN(9000)))
	case "count2":
		return groupDigits(int64(150 + r.IntN(200)))
	case "percent":
		return fmt.Sprintf("%d,%d", 85+r.IntN(15), r.IntN(10))
	case "num":
		return strconv.Itoa(1 + r.IntN(999))
	case "position":
		return pick(r, positions)
	}
	return key
}

// sentencesPara joins 1–3 filled sentences.
func (bs *bodyState) sentencesPara() string {
	n := 1 + bs.r.IntN(3)
	var s []string
	for range n {
		s = append(s, bs.fill(pick(bs.r, sentences)))
	}
	return strings.Join(s, " ")
}

func (bs *bodyState) basis(p *page) {
	bases := append([]string(nil), legalBases...)
	bs.r.Shuffle(len(bases), func(i, j int) { bases[i], bases[j] = bases[j], bases[i] })
	for _, b := range bases[:2+bs.r.IntN(3)] {
		bs.para(p, "Căn cứ "+b+";", italic)
	}
}

func (bs *bodyState) proposal(p *page) {
	d := bs.doc
	bs.para(p, fmt.Sprintf("Theo đề nghị của Trưởng %s tại Tờ trình số %d/TTr-%s ngày %s.",
		strings.ToLower(bs.topic.Lead[:1])+bs.topic.Lead[1:], 1+bs.r.IntN(400), d.is.Abbr, slashDate(d.date.AddDate(0, 0, -3-bs.r.IntN(20)))), italic)
}

// layoutAdmin lays out the page and returns it with its fields.
func layoutAdmin(r *rand.Rand, d *adminDoc) (*page, map[string]string) {
	serif, _ := families()
	fam := &serif[r.IntN(len(serif))]
	p := newPage(fam, 210*mm, 297*mm)
	p.lineK = 1.18 + 0.2*r.Float64()
	p.left, p.right = (30+5*r.Float64())*mm, p.w-(15+5*r.Float64())*mm
	top := (20 + 5*r.Float64()) * mm
	body := 13.0 + float64(r.IntN(2))
	hdr := 12.0 + float64(r.IntN(2))

	fields := map[string]string{}
	p.y = top
	hr := p.header(r, headerSpec{issuer: d.is.Lines, boldFrom: d.is.BoldFrom, number: d.number,
		date: d.is.Place + ", " + longDate(d.date), hdr: hdr, body: body,
		summary: map[bool]string{true: d.summary}[d.title == ""]})
	fields[FieldIssuer] = hr.issuer
	fields[FieldDocNumber] = d.number
	fields[FieldIssueDate] = isoDate(d.date)
	if d.title == "" {
		fields[FieldSummary] = hr.summary
	}

	bs := &bodyState{r: r, doc: d, size: body, x0: p.left, x1: p.right}
	if d.title != "" {
		p.line(d.title, bold, 14, alignCenter, p.left, p.right)
		fields[FieldTitle] = d.title
		n := len(p.gt)
		p.para(d.summary, bold, 14, alignCenter, p.left+15*mm, p.right-15*mm, 0)
		fields[FieldSummary] = strings.Join(p.gt[n:], " ")
		sw := p.width(p.gt[len(p.gt)-1], bold, 14) * (0.25 + 0.15*r.Float64())
		cx := (p.left + p.right) / 2
		p.rule(cx-sw/2, cx+sw/2, p.y+1.2*mm, 0.3*mm)
		p.skip(6 * mm)
	} else {
		recips := d.recipients[:1+r.IntN(min(2, len(d.recipients)))]
		if len(recips) == 1 {
			p.line("Kính gửi: "+recips[0]+".", regular, body+1, alignCenter, p.left, p.right)
		} else {
			p.line("Kính gửi:", regular, body+1, alignLeft, p.left+30*mm, p.right)
			for _, rc := range recips {
				p.line("- "+rc+";", regular, body+1, alignLeft, p.left+55*mm, p.right)
			}
		}
		p.skip(4 * mm)
	}

	// The body stops above the signature block and the bottom margin.
	sigH := max(7*pt(12)*p.lineK, 4*pt(body)*p.lineK+22*mm) + 4*mm
	bs.limit = p.h - 20*mm - sigH
	d.body(p, bs)

	// Signature block: "Nơi nhận:" on the left, authority and signer right.
	p.y = max(p.y, 0) + 4*mm
	sy := p.y
	p.line("Nơi nhận:", boldItalic, 12, alignLeft, p.left, p.right)
	recs := append([]string(nil), d.recipients...)
	for _, rc := range recs[:min(len(recs), 2+r.IntN(3))] {
		p.line("- "+rc+";", regular, 11, alignLeft, p.left, p.right)
	}
	p.line("- Lưu: VT, "+d.is.Abbr+".", regular, 11, alignLeft, p.left, p.right)
	p.y = sy
	sx0, sx1 := p.left+(p.right-p.left)*0.45, p.right
	for _, l := range d.is.signature(r) {
		p.line(l, bold, body, alignCenter, sx0, sx1)
	}
	p.skip(22 * mm)
	p.line(d.signer, bold, body, alignCenter, sx0, sx1)
	fields[FieldSigner] = d.signer
	return p, fields
}

func topicSubject(r *rand.Rand, t struct{ Subject, Lead, Partner string }, year int) string {
	s := t.Subject
	if strings.HasSuffix(s, " năm") {
		s += " " + strconv.Itoa(year)
	}
	return s
}

func docDate(r *rand.Rand) time.Time { return randDate(r, 2016, 2025) }

func recipientsFor(r *rand.Rand) []string {
	rs := append([]string(nil), recipientsBank...)
	r.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	return rs[:5]
}

// adminBuilder makes a builder for one administrative type.
func adminBuilder(kinds []string, setup func(r *rand.Rand, d *adminDoc, bs *bodyState)) func(r *rand.Rand) (*page, map[string]string) {
	return func(r *rand.Rand) (*page, map[string]string) {
		d := &adminDoc{is: newIssuer(r, kinds...), date: docDate(r), recipients: recipientsFor(r)}
		d.signer = newPerson(r, 1960, 1985).Name
		topic := pick(r, topics)
		tmp := &bodyState{r: r, doc: d}
		tmp.topic = topic
		setup(r, d, tmp)
		inner := d.body
		d.body = func(p *page, bs *bodyState) {
			bs.topic = topic
			inner(p, bs)
		}
		return layoutAdmin(r, d)
	}
}

func num(r *rand.Rand) int { return 1 + r.IntN(3500) }

func articles(p *page, bs *bodyState, n int, closing string) {
	for i := 1; i <= n; i++ {
		if !bs.para(p, fmt.Sprintf("Điều %d. %s", i, bs.sentencesPara()), regular) {
			return
		}
	}
	bs.para(p, fmt.Sprintf("Điều %d. %s", n+1, closing), regular)
}

func init() {
	builders[TypeDecision] = adminBuilder([]string{"ubnd", "ubnd", "so", "bo"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		if r.IntN(3) == 0 && d.is.Kind == "ubnd" {
			d.number = fmt.Sprintf("%d/%d/QĐ-%s", 1+r.IntN(90), d.date.Year(), d.is.Abbr)
		} else {
			d.number = fmt.Sprintf("%d/QĐ-%s", num(r), d.is.Abbr)
		}
		d.title = "QUYẾT ĐỊNH"
		d.summary = "Về việc " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			authority := d.is.Lines[len(d.is.Lines)-1] // "SỞ TƯ PHÁP", "BỘ TÀI CHÍNH"
			if d.is.Kind == "ubnd" {
				authority = strings.Join(d.is.Lines, " ")
			}
			bs.heading(p, d.is.Head+" "+authority, alignCenter)
			bs.basis(p)
			bs.proposal(p)
			bs.heading(p, "QUYẾT ĐỊNH:", alignCenter)
			articles(p, bs, 1+r.IntN(3), fmt.Sprintf("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng %s, Trưởng %s, %s và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
				d.is.Short, bs.topic.Lead, bs.topic.Partner))
		}
	})
	builders[TypeOfficialLetter] = adminBuilder([]string{"ubnd", "so", "bo"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		units := []string{"VP", "KT", "TCKH", "NC", "QLĐT", "TP", "VX"}
		d.number = fmt.Sprintf("%d/%s-%s", num(r), d.is.Abbr, pick(r, units))
		d.summary = "V/v " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			bs.para(p, fmt.Sprintf("Thực hiện chỉ đạo của %s về %s, %s đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:",
				pick(r, []string{"Ủy ban nhân dân Thành phố", "Thủ tướng Chính phủ", "Thường trực Ủy ban nhân dân", "Ban Thường vụ"}),
				topicSubject(r, bs.topic, d.date.Year()), d.is.Short), regular)
			for i := 1; i <= 2+r.IntN(3); i++ {
				if !bs.para(p, fmt.Sprintf("%d. %s", i, bs.sentencesPara()), regular) {
					break
				}
			}
			bs.para(p, fmt.Sprintf("Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện. Trong quá trình thực hiện nếu có vướng mắc, liên hệ %s (điện thoại: 024.%04d.%04d) để được hướng dẫn./.",
				bs.topic.Lead, r.IntN(10000), r.IntN(10000)), regular)
		}
	})
	builders[TypeNotice] = adminBuilder([]string{"ubnd", "so"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/TB-%s", num(r), d.is.Abbr)
		d.title = "THÔNG BÁO"
		d.summary = "Về việc " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			for range 2 + r.IntN(4) {
				if !bs.para(p, bs.sentencesPara(), regular) {
					break
				}
			}
			bs.para(p, d.is.Short+" thông báo để các cơ quan, đơn vị, tổ chức và cá nhân biết, thực hiện./.", regular)
		}
	})
	builders[TypePlan] = adminBuilder([]string{"ubnd", "so"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/KH-%s", num(r), d.is.Abbr)
		d.title = "KẾ HOẠCH"
		d.summary = "Thực hiện " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			for _, h := range []string{"I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"} {
				if !bs.heading(p, h, alignLeft) {
					return
				}
				for range 1 + r.IntN(2) {
					bs.para(p, bs.sentencesPara(), regular)
				}
			}
		}
	})
	builders[TypeReport] = adminBuilder([]string{"ubnd", "so", "bo"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/BC-%s", num(r), d.is.Abbr)
		d.title = "BÁO CÁO"
		d.summary = "Kết quả thực hiện công tác " + topicSubject(r, bs.topic, d.date.Year()) + " năm " + strconv.Itoa(d.date.Year())
		d.summary = strings.Replace(d.summary, " năm "+strconv.Itoa(d.date.Year())+" năm", " năm", 1)
		d.body = func(p *page, bs *bodyState) {
			for _, h := range []string{"I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"} {
				if !bs.heading(p, h, alignLeft) {
					return
				}
				for range 1 + r.IntN(2) {
					bs.para(p, bs.sentencesPara(), regular)
				}
			}
		}
	})
	builders[TypeCircular] = adminBuilder([]string{"bo"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/%d/TT-%s", 1+r.IntN(80), d.date.Year(), d.is.Abbr)
		d.title = "THÔNG TƯ"
		d.summary = pick(r, []string{"Hướng dẫn thực hiện ", "Quy định chi tiết việc ", "Sửa đổi, bổ sung quy định về "}) + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			bs.basis(p)
			bs.para(p, fmt.Sprintf("Bộ trưởng %s ban hành Thông tư %s.", d.is.Short, lowerFirst(d.summary)), italic)
			lawArticles(p, bs, []string{"Phạm vi điều chỉnh", "Đối tượng áp dụng", "Nguyên tắc thực hiện", "Trách nhiệm thi hành"})
		}
	})
	builders[TypeDecree] = adminBuilder([]string{"cp"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/%d/NĐ-CP", 1+r.IntN(180), d.date.Year())
		d.title = "NGHỊ ĐỊNH"
		law := pick(r, legalBases[:12])
		law = law[:strings.Index(law, " ngày")]
		d.summary = "Quy định chi tiết một số điều và biện pháp thi hành " + law
		d.body = func(p *page, bs *bodyState) {
			bs.basis(p)
			bs.para(p, fmt.Sprintf("Theo đề nghị của Bộ trưởng %s;", pick(r, ministries).Short), italic)
			bs.para(p, "Chính phủ ban hành Nghị định "+lowerFirst(d.summary)+".", italic)
			bs.heading(p, "Chương I", alignCenter)
			bs.heading(p, "QUY ĐỊNH CHUNG", alignCenter)
			lawArticles(p, bs, []string{"Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ", "Nguyên tắc áp dụng"})
		}
	})
	builders[TypeResolution] = adminBuilder([]string{"cp", "hdnd"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		if d.is.Kind == "hdnd" {
			d.number = fmt.Sprintf("%d/%d/NQ-HĐND", 1+r.IntN(60), d.date.Year())
		} else {
			d.number = fmt.Sprintf("%d/NQ-CP", 1+r.IntN(250))
		}
		d.title = "NGHỊ QUYẾT"
		d.summary = "Về việc " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			if d.is.Kind == "hdnd" {
				bs.heading(p, "HỘI ĐỒNG NHÂN DÂN "+d.is.Lines[1], alignCenter)
				bs.heading(p, fmt.Sprintf("KHÓA %s, KỲ HỌP THỨ %d", pick(r, []string{"XV", "XVI", "XVII"}), 2+r.IntN(20)), alignCenter)
			} else {
				bs.heading(p, "CHÍNH PHỦ", alignCenter)
			}
			bs.basis(p)
			bs.para(p, "Trên cơ sở kết quả biểu quyết của các thành viên.", italic)
			bs.heading(p, "QUYẾT NGHỊ:", alignCenter)
			articles(p, bs, 1+r.IntN(2), "Nghị quyết này có hiệu lực kể từ ngày ký ban hành./.")
		}
	})
	builders[TypeOther] = adminBuilder([]string{"ubnd", "so"}, func(r *rand.Rand, d *adminDoc, bs *bodyState) {
		d.number = fmt.Sprintf("%d/GM-%s", num(r), d.is.Abbr)
		d.title = "GIẤY MỜI"
		d.summary = "Dự hội nghị triển khai " + topicSubject(r, bs.topic, d.date.Year())
		d.body = func(p *page, bs *bodyState) {
			meet := d.date.AddDate(0, 0, 3+r.IntN(10))
			bs.para(p, fmt.Sprintf("%s trân trọng kính mời đại diện lãnh đạo %s và %s tới dự hội nghị.", d.is.Short, bs.topic.Lead, bs.topic.Partner), regular)
			bs.para(p, fmt.Sprintf("Thời gian: %d giờ %02d phút, %s.", 7+r.IntN(8), 30*r.IntN(2), longDate(meet)), regular)
			bs.para(p, "Địa điểm: Hội trường tầng "+strconv.Itoa(1+r.IntN(5))+", trụ sở "+d.is.Short+".", regular)
			bs.para(p, bs.sentencesPara(), regular)
			bs.para(p, "Rất mong các đại biểu tham dự đầy đủ, đúng thời gian./.", regular)
		}
	})
}

func lawArticles(p *page, bs *bodyState, heads []string) {
	for i, h := range heads {
		if !bs.heading(p, fmt.Sprintf("Điều %d. %s", i+1, h), alignLeft) {
			return
		}
		for range 1 + bs.r.IntN(2) {
			bs.para(p, bs.sentencesPara(), regular)
		}
	}
}

func lowerFirst(s string) string {
	for i, c := range s {
		return strings.ToLower(string(c)) + s[i+len(string(c)):]
	}
	return s
}
