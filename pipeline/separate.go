package pipeline

import (
	"image"
	"strings"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

// A batch scan is split into documents by separator pages: a blank sheet, a
// sheet with a separator QR code, or a dossier cover sheet whose QR code
// carries the dossier code; the pages after a cover sheet belong to its
// dossier until the next cover sheet.
//
// QR contents understood (any other QR code on a page is content, not a
// separator):
//
//	SOHOA:SEP              a separator sheet
//	SOHOA:HS:<dossier>     a cover sheet of dossier <dossier>
const (
	SeparatorQR    = "SOHOA:SEP"
	CoverQRPrefix  = "SOHOA:HS:"
	blankInkShare  = 0.0015 // ink pixels per pixel below which a page is blank
	blankDarkDelta = 80     // gray levels below the paper that count as ink
)

// SeparatorKind says what a page is to a batch split.
type SeparatorKind int

const (
	NotSeparator SeparatorKind = iota
	BlankPage
	SeparatorSheet
	CoverSheet
)

func (k SeparatorKind) String() string {
	return [...]string{"content", "blank", "separator", "cover"}[k]
}

// Separator is a page's role in a batch.
type Separator struct {
	Kind    SeparatorKind
	Dossier string // cover sheets: the dossier code
	QR      string // the QR code's text, if one was read
}

// ClassifySeparator looks for a separator QR code, then for a blank page.
func ClassifySeparator(img image.Image) Separator {
	if txt, ok := ReadQR(img); ok {
		switch {
		case strings.HasPrefix(txt, CoverQRPrefix):
			return Separator{Kind: CoverSheet, Dossier: strings.TrimSpace(strings.TrimPrefix(txt, CoverQRPrefix)), QR: txt}
		case txt == SeparatorQR:
			return Separator{Kind: SeparatorSheet, QR: txt}
		}
		return Separator{QR: txt}
	}
	if IsBlank(img) {
		return Separator{Kind: BlankPage}
	}
	return Separator{}
}

// ReadQR decodes the first QR code found on a page (pure Go, gozxing). Large
// pages are halved first: a separator code is printed big, and the decoder's
// time grows with the pixels.
func ReadQR(img image.Image) (string, bool) {
	g, _ := ToGray(img, false)
	for g.Rect.Dx() > 1800 {
		g = Downscale(g, 2)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(g)
	if err != nil {
		return "", false
	}
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
}

// IsBlank reports a page with (almost) no ink: a 4% margin is ignored so that
// scanner edges and punch holes do not count.
func IsBlank(img image.Image) bool {
	g, _ := ToGray(img, false)
	for g.Rect.Dx() > 1000 {
		g = Downscale(g, 2)
	}
	bg := int(backgroundLevel(g))
	w, h := g.Rect.Dx(), g.Rect.Dy()
	mx, my := w/25, h/25
	ink, n := 0, 0
	for y := g.Rect.Min.Y + my; y < g.Rect.Max.Y-my; y++ {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, y):]
		for x := mx; x < w-mx; x++ {
			n++
			if int(row[x]) < bg-blankDarkDelta {
				ink++
			}
		}
	}
	return n > 0 && float64(ink) < blankInkShare*float64(n)
}

// Segment is one document of a batch: its pages (1-based, in order) and the
// dossier a cover sheet routed it to.
type Segment struct {
	Pages   []int
	Dossier string
}

// SplitBatch turns the separator roles of a batch's pages (seps[i] is page
// i+1) into documents. Separator pages belong to no document; empty
// documents (two separators in a row) are dropped.
func SplitBatch(seps []Separator) []Segment {
	var out []Segment
	var cur Segment
	dossier := ""
	flush := func() {
		if len(cur.Pages) > 0 {
			out = append(out, cur)
		}
		cur = Segment{Dossier: dossier}
	}
	for i, s := range seps {
		switch s.Kind {
		case CoverSheet:
			dossier = s.Dossier
			flush()
		case BlankPage, SeparatorSheet:
			flush()
		default:
			cur.Pages = append(cur.Pages, i+1)
		}
	}
	flush()
	return out
}
