package corpus

import (
	"math/rand/v2"
	"strings"
)

const (
	quocHieu = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	tieuNgu  = "Độc lập - Tự do - Hạnh phúc"
)

func tieuNguOf(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return strings.ReplaceAll(tieuNgu, "-", "–") // en dash, as many offices type it
	}
	return tieuNgu
}

// headerSpec is the two-column page header of Nghị định 30/2020.
type headerSpec struct {
	issuer   []string // left column lines; empty for a centred quốc hiệu only
	boldFrom int      // issuer[boldFrom:] are bold
	number   string   // printed after "Số: "; "" prints no number line
	summary  string   // công văn trích yếu under the number
	date     string   // place-and-date line, right column; "" for none
	hdr      float64  // header font size
	body     float64  // body font size
}

// headerResult says what the header printed.
type headerResult struct {
	issuer  string // issuer lines as printed, joined by a space
	summary string // trích yếu lines as printed, joined by a space
}

// header sets the header from the cursor and leaves the cursor below it.
func (p *page) header(r *rand.Rand, h headerSpec) headerResult {
	var res headerResult
	top := p.y
	tn := tieuNguOf(r)
	if len(h.issuer) == 0 {
		x0, x1 := p.left, p.right
		p.line(quocHieu, bold, h.hdr, alignCenter, x0, x1)
		x, w := p.line(tn, bold, h.hdr+1, alignCenter, x0, x1)
		p.rule(x, x+w, p.y+0.6*mm, 0.3*mm)
		p.skip(3 * mm)
		if h.date != "" {
			p.line(h.date, italic, h.body, alignRight, x0, x1-5*mm)
		}
		p.skip(6 * mm)
		return res
	}
	rw := max(p.width(quocHieu, bold, h.hdr), p.width(tn, bold, h.hdr+1)) + 4*mm
	rx1 := p.right + 5*mm
	rx0 := rx1 - rw
	lx0, lx1 := p.left-12*mm, rx0-1*mm

	// Left column: issuer, short rule, number, trích yếu of a công văn.
	// Issuer lines are never wrapped: a wide face gets a smaller size.
	isz := h.hdr
	for _, l := range h.issuer {
		for isz > 9 && p.width(l, bold, isz) > lx1-lx0 {
			isz -= 0.5
		}
	}
	var printed []string
	for i, l := range h.issuer {
		st := regular
		if i >= h.boldFrom {
			st = bold
		}
		n := len(p.gt)
		p.para(l, st, isz, alignCenter, lx0, lx1, 0)
		printed = append(printed, p.gt[n:]...)
	}
	res.issuer = strings.Join(printed, " ")
	uw := p.width(printed[len(printed)-1], bold, h.hdr) * (0.3 + 0.2*r.Float64())
	cx := (lx0 + lx1) / 2
	p.rule(cx-uw/2, cx+uw/2, p.y+0.8*mm, 0.3*mm)
	dateY := max(p.y, top+2*pt(h.hdr)*p.lineK) + 3*mm
	p.y = dateY
	if h.number != "" {
		p.line("Số: "+h.number, regular, h.body, alignCenter, lx0, lx1)
	}
	if h.summary != "" {
		n := len(p.gt)
		p.para(h.summary, regular, h.hdr, alignCenter, lx0+4*mm, lx1-4*mm, 0)
		res.summary = strings.Join(p.gt[n:], " ")
	}
	leftEnd := p.y

	// Right column: quốc hiệu, tiêu ngữ with a full-width rule, date.
	p.y = top
	p.line(quocHieu, bold, h.hdr, alignCenter, rx0, rx1)
	x, w := p.line(tn, bold, h.hdr+1, alignCenter, rx0, rx1)
	p.rule(x, x+w, p.y+0.6*mm, 0.3*mm)
	if h.date != "" {
		p.y = max(p.y+1*mm, dateY)
		p.line(h.date, italic, h.body, alignCenter, rx0, rx1)
	}
	p.y = max(p.y, leftEnd) + 8*mm
	return res
}
