package corpus

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// ID-1 card size.
const (
	cardW = 85.6 * mm
	cardH = 53.98 * mm
)

// fitSize shrinks size until s fits width w.
func (p *page) fitSize(s string, st style, size, w float64) float64 {
	for size > 4 && p.width(s, st, size) > w {
		size -= 0.25
	}
	return size
}

// kv sets "label value" starting at x0, the value in vst, wrapping the
// value onto following lines that start at x0. It returns the lines the
// value occupied (for the ground truth of multi-line fields).
func (p *page) kv(label, value string, lsz, vsz float64, lst, vst style, x0, x1 float64) {
	lw := p.width(label+" ", lst, lsz)
	words := strings.Fields(value)
	space := p.width(" ", vst, vsz)
	x := x0 + lw
	n, w := 0, 0.0
	for n < len(words) {
		add := p.width(words[n], vst, vsz)
		if n > 0 {
			add += space
		}
		if w+add > x1-x && n > 0 {
			break
		}
		w += add
		n++
	}
	size := max(lsz, vsz)
	base := p.y + pt(size)*0.92
	p.textAt(label, lst, lsz, x0, base)
	first := strings.Join(words[:n], " ")
	p.textAt(first, vst, vsz, x, base)
	p.addGT(strings.TrimSpace(label+" "+first), x0, base, size)
	p.y += pt(size) * p.lineK
	if n < len(words) {
		p.para(strings.Join(words[n:], " "), vst, vsz, alignLeft, x0, x1, 0)
	}
}

// kvRow sets several short "label value" pairs on one line, gap apart.
func (p *page) kvRow(pairs [][2]string, lsz float64, vst style, x0, x1, gap float64) {
	for lsz > 4 {
		w := gap * float64(len(pairs)-1)
		for _, kv := range pairs {
			w += p.width(kv[0]+" "+kv[1], regular, lsz)
		}
		if w <= x1-x0 {
			break
		}
		lsz -= 0.25
	}
	base := p.y + pt(lsz)*0.92
	x := x0
	var gt []string
	for _, kv := range pairs {
		p.textAt(kv[0], regular, lsz, x, base)
		x += p.width(kv[0]+" ", regular, lsz)
		p.textAt(kv[1], vst, lsz, x, base)
		x += p.width(kv[1], vst, lsz) + gap
		gt = append(gt, kv[0]+" "+kv[1])
	}
	p.addGT(strings.Join(gt, " "), x0, base, lsz)
	p.y += pt(lsz) * p.lineK
}

func (p *page) paint(f func(dst *image.RGBA, s float64)) {
	p.items = append(p.items, item{paint: f})
}

// fillRoundRect paints a rounded rectangle with a vertical two-colour
// gradient and faint guilloche waves, as on security-printed cards.
func fillCard(dst *image.RGBA, x0, y0, x1, y1, rad float64, top, bottom, wave color.RGBA, phase float64) {
	b := dst.Bounds()
	for y := max(int(y0), b.Min.Y); y < min(int(y1)+1, b.Max.Y); y++ {
		t := (float64(y) - y0) / (y1 - y0)
		for x := max(int(x0), b.Min.X); x < min(int(x1)+1, b.Max.X); x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			// Rounded corners.
			cx := math.Max(x0+rad-fx, math.Max(0, fx-(x1-rad)))
			cy := math.Max(y0+rad-fy, math.Max(0, fy-(y1-rad)))
			if cx > 0 && cy > 0 && math.Hypot(cx, cy) > rad {
				continue
			}
			c := [3]float64{
				float64(top.R)*(1-t) + float64(bottom.R)*t,
				float64(top.G)*(1-t) + float64(bottom.G)*t,
				float64(top.B)*(1-t) + float64(bottom.B)*t,
			}
			// Guilloche: thin interfering sine bands.
			u := (fx - x0) / (x1 - x0)
			wv := math.Sin(u*40+math.Sin(t*9+phase)*3) * math.Sin(t*35+math.Sin(u*7)*2+phase)
			if wv > 0.85 {
				c = [3]float64{float64(wave.R), float64(wave.G), float64(wave.B)}
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2] = uint8(c[0]), uint8(c[1]), uint8(c[2])
		}
	}
}

func fillRect(dst *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA) {
	b := dst.Bounds()
	for y := max(int(y0), b.Min.Y); y < min(int(y1), b.Max.Y); y++ {
		for x := max(int(x0), b.Min.X); x < min(int(x1), b.Max.X); x++ {
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2] = c.R, c.G, c.B
		}
	}
}

func fillEllipse(dst *image.RGBA, cx, cy, rx, ry float64, c color.RGBA) {
	b := dst.Bounds()
	for y := max(int(cy-ry), b.Min.Y); y < min(int(cy+ry)+1, b.Max.Y); y++ {
		for x := max(int(cx-rx), b.Min.X); x < min(int(cx+rx)+1, b.Max.X); x++ {
			dx, dy := (float64(x)+0.5-cx)/rx, (float64(y)+0.5-cy)/ry
			if dx*dx+dy*dy <= 1 {
				o := dst.PixOffset(x, y)
				dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2] = c.R, c.G, c.B
			}
		}
	}
}

// photo paints a portrait placeholder: background, head and shoulders.
func photo(p *page, x, y, w, h float64, seed uint64) {
	bg := color.RGBA{uint8(200 + seed%40), uint8(215 + seed%30), 235, 255}
	p.paint(func(dst *image.RGBA, s float64) {
		fillRect(dst, x*s, y*s, (x+w)*s, (y+h)*s, bg)
		shoulders := dst.SubImage(image.Rect(int(x*s), int(y*s), int((x+w)*s), int((y+h)*s))).(*image.RGBA)
		fillEllipse(shoulders, (x+w/2)*s, (y+h*1.05)*s, w*0.48*s, h*0.33*s, color.RGBA{40, 45, 60, 255})
		fillEllipse(dst, (x+w/2)*s, (y+h*0.42)*s, w*0.24*s, h*0.25*s, color.RGBA{190, 150, 125, 255})
		fillEllipse(dst, (x+w/2)*s, (y+h*0.26)*s, w*0.26*s, h*0.13*s, color.RGBA{30, 25, 25, 255})
	})
}

// qr paints a QR-code-like module grid (not a decodable code).
func qr(p *page, r *rand.Rand, x, y, size float64) {
	const n = 29
	bits := make([]bool, n*n)
	for i := range bits {
		bits[i] = r.IntN(2) == 0
	}
	finder := func(fx, fy int) {
		for j := 0; j < 7; j++ {
			for i := 0; i < 7; i++ {
				on := i == 0 || j == 0 || i == 6 || j == 6 || (i >= 2 && i <= 4 && j >= 2 && j <= 4)
				bits[(fy+j)*n+fx+i] = on
			}
		}
	}
	finder(0, 0)
	finder(n-7, 0)
	finder(0, n-7)
	p.paint(func(dst *image.RGBA, s float64) {
		m := size / n
		fillRect(dst, (x-m)*s, (y-m)*s, (x+size+m)*s, (y+size+m)*s, color.RGBA{255, 255, 255, 255})
		for j := 0; j < n; j++ {
			for i := 0; i < n; i++ {
				if bits[j*n+i] {
					fillRect(dst, (x+float64(i)*m)*s, (y+float64(j)*m)*s, (x+float64(i+1)*m)*s, (y+float64(j+1)*m)*s, color.RGBA{15, 15, 20, 255})
				}
			}
		}
	})
}

// emblem paints a red disc with a yellow star, standing for the national
// emblem.
func emblem(p *page, cx, cy, rad float64) {
	p.paint(func(dst *image.RGBA, s float64) {
		fillEllipse(dst, cx*s, cy*s, rad*s, rad*s, color.RGBA{200, 40, 35, 255})
		m := &mask{w: dst.Bounds().Dx(), h: dst.Bounds().Dy()}
		m.a = make([]uint8, m.w*m.h)
		var star [][2]float64
		for i := range 10 {
			rr := rad * 0.6 * s
			if i%2 == 1 {
				rr *= 0.4
			}
			th := -math.Pi/2 + float64(i)*math.Pi/5
			star = append(star, [2]float64{cx*s + rr*math.Cos(th), cy*s + rr*math.Sin(th)})
		}
		m.polygon(star)
		for i, v := range m.a {
			if v > 0 {
				o := 4 * i
				dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2] = 250, 215, 40
			}
		}
	})
}

func cardPage(r *rand.Rand) (*page, float64) {
	_, sans := families()
	fam := &sans[r.IntN(len(sans))]
	margin := (6 + 6*r.Float64()) * mm
	p := newPage(fam, cardW+2*margin, cardH+2*margin)
	p.lineK = 1.12
	return p, margin
}

// expiry follows the Luật Căn cước công dân rule: a card is renewed at 25,
// 40 and 60; one issued within two years before such an age is valid to the
// next one, and one issued after 58 never expires.
func expiry(birth, issued time.Time) (time.Time, bool) {
	age := issued.Year() - birth.Year()
	for _, a := range []int{25, 40, 60} {
		if age < a-2 {
			return birth.AddDate(a, 0, 0), true
		}
	}
	return time.Time{}, false
}

func init() {
	builders[TypeCCCD] = func(r *rand.Rand) (*page, map[string]string) {
		p, m := cardPage(r)
		per := newPerson(r, 1960, 2005)
		issued := randDate(r, max(2016, per.Birth.Year()+14), 2024)
		seed := r.Uint64()
		p.paint(func(dst *image.RGBA, s float64) {
			fillCard(dst, m*s, m*s, (m+cardW)*s, (m+cardH)*s, 3*mm*s,
				color.RGBA{222, 236, 240, 255}, color.RGBA{242, 234, 220, 255}, color.RGBA{205, 222, 228, 255}, float64(seed%100)/10)
		})
		emblem(p, m+8*mm, m+8*mm, 6*mm)
		qr(p, r, m+cardW-16*mm, m+3*mm, 13*mm)
		hx0, hx1 := m+15*mm, m+cardW-17*mm
		p.y = m + 2.5*mm
		for _, l := range []struct {
			s  string
			st style
			sz float64
		}{{quocHieu, bold, 6.5}, {tieuNgu, bold, 6.5}, {"SOCIALIST REPUBLIC OF VIET NAM", regular, 5.5}, {"Independence - Freedom - Happiness", regular, 5.5}} {
			p.line(l.s, l.st, p.fitSize(l.s, l.st, l.sz, hx1-hx0), alignCenter, hx0, hx1)
		}
		p.ink = color.RGBA{200, 30, 35, 255}
		p.line("CĂN CƯỚC CÔNG DÂN", bold, p.fitSize("CĂN CƯỚC CÔNG DÂN", bold, 10, hx1-hx0), alignCenter, hx0, hx1)
		p.ink = color.RGBA{20, 20, 30, 255}
		p.line("Citizen Identity Card", italic, 6, alignCenter, hx0, hx1)
		photo(p, m+3*mm, m+21*mm, 20*mm, 24*mm, seed)

		x0, x1 := m+25.5*mm, m+cardW-2.5*mm
		p.y = m + 21.5*mm
		name := upperVN(per.Name)
		sex := "Nam"
		if !per.Male {
			sex = "Nữ"
		}
		p.kv("Số / No.:", per.ID, 6.5, 9.5, regular, bold, x0, x1)
		p.line("Họ và tên / Full name:", regular, 6.5, alignLeft, x0, x1)
		p.line(name, bold, p.fitSize(name, bold, 8.5, x1-x0), alignLeft, x0, x1)
		p.kv("Ngày sinh / Date of birth:", slashDate(per.Birth), 6.5, 7, regular, regular, x0, x1)
		p.kvRow([][2]string{{"Giới tính / Sex:", sex}, {"Quốc tịch / Nationality:", "Việt Nam"}}, 6.5, regular, x0, x1, 3*mm)
		p.line("Quê quán / Place of origin:", regular, 6.5, alignLeft, x0, x1)
		p.para(per.Origin, regular, 6.5, alignLeft, x0, x1, 0)
		p.kv("Nơi thường trú / Place of residence:", per.Residence, 6, 6.5, regular, regular, x0, x1)

		f := map[string]string{
			FieldIDNumber: per.ID, FieldFullName: name, FieldDateOfBirth: isoDate(per.Birth), FieldSex: sex,
			FieldNationality: "Việt Nam", FieldPlaceOfOrigin: per.Origin, FieldPlaceOfResidence: per.Residence,
			FieldTitle: "CĂN CƯỚC CÔNG DÂN",
		}
		// Expiry under the photo.
		p.y = m + 46*mm
		px0, px1 := m+2*mm, m+24.5*mm
		lab := "Có giá trị đến / Date of expiry:"
		p.line(lab, regular, p.fitSize(lab, regular, 5.5, px1-px0), alignLeft, px0, px1)
		if exp, ok := expiry(per.Birth, issued); ok {
			p.line(slashDate(exp), bold, 6.5, alignLeft, px0, px1)
			f[FieldExpiryDate] = isoDate(exp)
		} else {
			p.line("Không thời hạn", bold, 6.5, alignLeft, px0, px1)
		}
		return p, f
	}

	builders[TypeCMND] = func(r *rand.Rand) (*page, map[string]string) {
		p, m := cardPage(r)
		per := newPerson(r, 1950, 1998)
		id := fmt.Sprintf("%02d%07d", pick(r, []int{1, 1, 2, 3, 12, 13, 16, 17, 18, 19, 23, 24, 27, 31, 36}), r.IntN(10000000))
		seed := r.Uint64()
		p.paint(func(dst *image.RGBA, s float64) {
			fillCard(dst, m*s, m*s, (m+cardW)*s, (m+cardH)*s, 2.5*mm*s,
				color.RGBA{214, 230, 244, 255}, color.RGBA{226, 236, 246, 255}, color.RGBA{190, 210, 232, 255}, float64(seed%100)/10)
		})
		emblem(p, m+11*mm, m+11*mm, 8*mm)
		photo(p, m+4*mm, m+22*mm, 18*mm, 24*mm, seed)
		x0, x1 := m+25*mm, m+cardW-3*mm
		p.y = m + 3*mm
		p.ink = color.RGBA{25, 35, 90, 255}
		p.line(quocHieu, bold, p.fitSize(quocHieu, bold, 6.5, x1-x0), alignCenter, x0, x1)
		p.line(tieuNgu, bold, 6.5, alignCenter, x0, x1)
		p.ink = color.RGBA{200, 30, 35, 255}
		p.line("GIẤY CHỨNG MINH NHÂN DÂN", bold, p.fitSize("GIẤY CHỨNG MINH NHÂN DÂN", bold, 9, x1-x0), alignCenter, x0, x1)
		p.line("SỐ "+id, bold, 10, alignCenter, x0, x1)
		p.ink = color.RGBA{20, 25, 50, 255}
		name := upperVN(per.Name)
		p.kv("Họ tên:", name, 7, 8, regular, bold, x0, x1)
		p.kv("Sinh ngày:", per.Birth.Format("02-01-2006"), 7, 7.5, regular, regular, x0, x1)
		p.kv("Nguyên quán:", per.Origin, 7, 7.5, regular, regular, x0, x1)
		p.kv("Nơi ĐKHK thường trú:", per.Residence, 7, 7.5, regular, regular, x0, x1)
		return p, map[string]string{
			FieldIDNumber: id, FieldFullName: name, FieldDateOfBirth: isoDate(per.Birth),
			FieldPlaceOfOrigin: per.Origin, FieldPlaceOfResidence: per.Residence, FieldTitle: "GIẤY CHỨNG MINH NHÂN DÂN",
		}
	}
}
