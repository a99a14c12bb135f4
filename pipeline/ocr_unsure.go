package pipeline

import (
	"context"
	"fmt"
	"image"
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vntext"
)

// On an ID card a line mixes print sizes: the label "Số / No.:" stands
// before the card number set half as tall again in bold, and Tesseract
// sizes the line by its tallest print, so the label's capitals read as
// small letters ("số/No:", confidence 0.35). The 4.5-pt expiry label and
// words blurred by a copier read unsure for the same reason. Such a word,
// read again from a crop of its own box, reads at its own size.
const (
	// unsureConf: words read with less confidence are read again alone.
	unsureConf = 0.5
	// unsureGain: the crop's reading is taken when its mean confidence is
	// this much above the first reading's and at least unsureMinConf.
	unsureGain    = 0.3
	unsureMinConf = 0.6
	// unsureMaxH: words taller than this many median word heights are
	// pictures or lines read together, not a word to read again.
	unsureMaxH = 1.6
	// unsureDrop: the crop's reading may leave out one letter in this
	// many of the first reading's, or one.
	unsureDrop = 4
)

// RereadUnsureWords reads again, each from a crop of its own box with the
// other words whitened, the words of pt read with little confidence (see
// unsureConf), and takes the new reading where it is surer and the same
// letters give or take a third (diacritics and case aside). It returns
// the text and how many words it replaced.
func RereadUnsureWords(ctx context.Context, g *image.Gray, pt PageText, eng Engine) (PageText, int, error) {
	if len(pt.Words) < 3 {
		return pt, 0, nil
	}
	med := medianHeight(pt.Words, nil)
	if med < 8 {
		return pt, 0, nil
	}
	page := image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy())
	var out []Word
	changed := 0
	for i, w := range pt.Words {
		if w.Confidence >= unsureConf || !hasLetterOrDigit(w.Text) || float64(w.Box.H) > unsureMaxH*float64(med) {
			out = append(out, w)
			continue
		}
		r := wordRect(w.Box).Inset(-med / 3).Intersect(page)
		img, off := wordImage(g, r, pt.Words, i, med/2)
		got, err := eng.Recognize(ctx, img)
		if err != nil {
			return pt, changed, fmt.Errorf("read unsure word: %w", err)
		}
		got.Words = wordsWithin(got.Words, wordRect(w.Box).Inset(-med/4).Sub(off))
		if !surer(w, got) {
			out = append(out, w)
			continue
		}
		for _, nw := range got.Words {
			nw.Box.X += off.X
			nw.Box.Y += off.Y
			nw.Line, nw.Block = w.Line, w.Block
			out = append(out, nw)
		}
		changed++
	}
	if changed == 0 {
		return pt, 0, nil
	}
	pt.Words = out
	pt.Text = textFromWords(out)
	pt.Confidence = meanConfidence(out)
	return pt, changed, nil
}

// surer reports whether got, w read again, is a better reading: surer by
// unsureGain, and the same letters and digits, diacritics included, or
// those less a few (specks read as letters: "SOCTIALIST", "residenace").
// Case and marks may change ("số/No:" → "Số/No.:"); a letter or a
// diacritic never comes in or changes, as a crop reads confidently wrong
// as often as right there ("Place" → "Piace", "HUỲNH" → "HUYNH").
func surer(w Word, got PageText) bool {
	if len(got.Words) == 0 {
		return false
	}
	var sum float64
	var txt []string
	for _, nw := range got.Words {
		sum += nw.Confidence
		txt = append(txt, nw.Text)
	}
	conf := sum / float64(len(got.Words))
	if conf < unsureMinConf || conf < w.Confidence+unsureGain {
		return false
	}
	a, b := letterKey(w.Text), letterKey(strings.Join(txt, ""))
	if len(b) == 0 || len(b) < len(a)-max(1, len(a)/unsureDrop) {
		return false
	}
	// A letter read as a mark is no speck dropped ("residence:" →
	// "res(dence:").
	for _, r := range innerMarks(strings.Join(txt, "")) {
		if !strings.ContainsRune(innerMarks(w.Text), r) {
			return false
		}
	}
	return subsequence(b, a)
}

// innerMarks is what s holds between its first and last letter or digit
// other than letters and digits.
func innerMarks(s string) string {
	i, j := strings.IndexFunc(s, isAlnum), strings.LastIndexFunc(s, isAlnum)
	if i < 0 {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if isAlnum(r) || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s[i:j])
}

// wordsWithin keeps the words of ws whose middle lies in r: the crop
// around a word also shows its neighbours' edges, read as marks ("trú" →
// "trú /").
func wordsWithin(ws []Word, r image.Rectangle) []Word {
	var out []Word
	for _, w := range ws {
		if inside(w.Box, r) {
			out = append(out, w)
		}
	}
	return out
}

// inside reports whether b's middle lies in r.
func inside(b Box, r image.Rectangle) bool {
	return image.Pt(b.X+b.W/2, b.Y+b.H/2).In(r)
}

// letterKey is the letters and digits of s, lowercased.
func letterKey(s string) []rune {
	var out []rune
	for _, r := range vntext.Lower(s) {
		if isAlnum(r) {
			out = append(out, r)
		}
	}
	return out
}

// subsequence reports whether a is b with none or some runes left out.
func subsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

// wordImage copies r of g onto white with a margin of pad, whitening the
// boxes of the words of ws other than ws[self]; it returns the image and
// the offset that takes its coordinates back to g's.
func wordImage(g *image.Gray, r image.Rectangle, ws []Word, self, pad int) (*image.Gray, image.Point) {
	img := image.NewGray(image.Rect(0, 0, r.Dx()+2*pad, r.Dy()+2*pad))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(img.Pix[(y-r.Min.Y+pad)*img.Stride+pad:][:r.Dx()], g.Pix[g.PixOffset(g.Rect.Min.X+r.Min.X, g.Rect.Min.Y+y):][:r.Dx()])
	}
	for i, w := range ws {
		if i == self {
			continue
		}
		o := wordRect(w.Box).Intersect(r)
		for y := o.Min.Y; y < o.Max.Y; y++ {
			row := img.Pix[(y-r.Min.Y+pad)*img.Stride+pad:]
			for x := o.Min.X; x < o.Max.X; x++ {
				row[x-r.Min.X] = 255
			}
		}
	}
	return img, image.Pt(r.Min.X-pad, r.Min.Y-pad)
}
