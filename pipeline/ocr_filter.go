package pipeline

import (
	"image"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

// Tesseract reads a photo or a QR code beside the text as a "word" of a few
// symbols ("c€ọ", "6®,", "vế" on ID cards): a box several text lines tall,
// read with little confidence, over solid dark areas (hair, a QR code's
// finder squares) wider than any stroke of a letter (ADR 0617), or a box
// of any size over a texture denser than print ("H: ¬", "nh" in a QR
// code's modules, ADR 0621).
const (
	// pictureHeight: a word taller than this many median word heights …
	pictureHeight = 2.2
	// pictureConf: … less confident than this …
	pictureConf = 0.6
	// pictureSolid: … holding a square of ink this many median word
	// heights wide is a picture.
	pictureSolid = 1.0
	// A word of any size read with less confidence than textureConf is a
	// picture when its box, widened by a quarter of a word height, is at
	// least pictureFill ink: a QR code's modules or a photo's dithered
	// shading (0.44–0.66 on the corpus's cards), where printed words, bold
	// capitals and digits included, leave paper around and between their
	// strokes (at most 0.37, photocopied or not).
	textureConf = 0.8
	pictureFill = 0.45
	// A word with a letter, lower than fragmentHeight median word heights
	// and read less surely than fragmentConf, is a fragment: an accent or
	// a speck read alone ("Ấ Là NHA?" 4–5 px high beside a card's 20 px
	// print, "Min kế" in its photo), where a letter's box is at least its
	// x-height, half a word height.
	fragmentHeight = 0.3
	fragmentConf   = 0.7
	// A sure word's box may be a part of it: "_SỐ" read at 0.9 with the
	// box of its underscore, 5 px high (a CMND's number label), stays.
)

// DropPictureWords removes the words of pt that are pictures of g read as
// text (see pictureHeight and pictureFill) and rebuilds the text when it
// removed any.
func DropPictureWords(g *image.Gray, pt PageText) PageText {
	if len(pt.Words) < 3 {
		return pt
	}
	med := medianHeight(pt.Words, nil)
	ink := -1
	kept := pt.Words[:0:0]
	for _, w := range pt.Words {
		if w.Confidence < textureConf {
			if ink < 0 {
				ink = int(otsu(g))
			}
			box := wordRect(w.Box).Add(g.Rect.Min).Intersect(g.Rect)
			if float64(w.Box.H) > pictureHeight*float64(med) && w.Confidence < pictureConf &&
				solidSquare(g, uint8(ink), box, max(3, int(pictureSolid*float64(med)))) {
				continue
			}
			if inkFill(g, uint8(ink), wordRect(w.Box).Inset(-med/4).Add(g.Rect.Min).Intersect(g.Rect)) >= pictureFill {
				continue
			}
		}
		kept = append(kept, w)
	}
	return withWords(pt, kept)
}

// DropFragments removes the words of a card's pt that are fragments
// (fragmentHeight, fragmentConf). Cards only: on an A4 page, a signature
// block's column read again lost its title's words so (seed 26's clean
// decree-0006, "PHO THU T").
func DropFragments(pt PageText) PageText {
	if len(pt.Words) < 3 {
		return pt
	}
	med := float64(medianHeight(pt.Words, nil))
	kept := pt.Words[:0:0]
	for _, w := range pt.Words {
		if float64(w.Box.H) < fragmentHeight*med && w.Confidence < fragmentConf && strings.IndexFunc(w.Text, unicode.IsLetter) >= 0 {
			continue
		}
		kept = append(kept, w)
	}
	return withWords(pt, kept)
}

// medianHeight is the median box height of the words ws[i] for i in idx,
// or of every word of ws when idx is nil (0 when there is none).
func medianHeight(ws []Word, idx []int) int {
	var hs []int
	if idx == nil {
		hs = make([]int, len(ws))
		for i, w := range ws {
			hs[i] = w.Box.H
		}
	} else {
		hs = make([]int, len(idx))
		for k, i := range idx {
			hs[k] = ws[i].Box.H
		}
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// solidSquare reports whether r holds an s × s square of pixels all darker
// than ink, from a summed-area table of the ink.
func solidSquare(g *image.Gray, ink uint8, r image.Rectangle, s int) bool {
	w, h := r.Dx(), r.Dy()
	if w < s || h < s {
		return false
	}
	// sat[(y)*(w+1)+x] is the ink count of r's rows < y and columns < x.
	sat := make([]int32, (w+1)*(h+1))
	for y := range h {
		row := g.Pix[g.PixOffset(r.Min.X, r.Min.Y+y):][:w]
		var run int32
		for x, v := range row {
			if v < ink {
				run++
			}
			sat[(y+1)*(w+1)+x+1] = sat[y*(w+1)+x+1] + run
		}
	}
	full := int32(s * s)
	for y := s; y <= h; y++ {
		for x := s; x <= w; x++ {
			if sat[y*(w+1)+x]-sat[(y-s)*(w+1)+x]-sat[y*(w+1)+x-s]+sat[(y-s)*(w+1)+x-s] == full {
				return true
			}
		}
	}
	return false
}

// inkFill is the share of r's pixels of g darker than ink.
func inkFill(g *image.Gray, ink uint8, r image.Rectangle) float64 {
	w, h := r.Dx(), r.Dy()
	if w < 1 || h < 1 {
		return 0
	}
	n := 0
	for y := range h {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, r.Min.Y+y):][:w] {
			if v < ink {
				n++
			}
		}
	}
	return float64(n) / float64(w*h)
}

// DropEchoes removes the words of pt that Tesseract read twice, on two
// lines: a word whose box shares at least a third of its area with a
// word of another line that holds its letters and more, diacritics
// aside, from four letters ("_SOCIALIS¿" under a tall "SOCIALIST" read
// across its line and the next, once a card's label has its printed
// spelling). It rebuilds the text when it removed any.
func DropEchoes(pt PageText) PageText {
	cores := make([]string, len(pt.Words)) // folded letters and digits
	for i, w := range pt.Words {
		c, _, _ := wordCore(w.Text)
		cores[i] = vntext.Fold(c)
	}
	echo := func(i int) bool {
		w, core := pt.Words[i], cores[i]
		if utf8.RuneCountInString(core) < 4 {
			return false
		}
		for k, o := range pt.Words {
			if o.Line != w.Line && boxesOverlap(o.Box, w.Box) && len(cores[k]) > len(core) && strings.Contains(cores[k], core) {
				return true
			}
		}
		return false
	}
	var kept []Word
	for i, w := range pt.Words {
		if !echo(i) {
			kept = append(kept, w)
		}
	}
	return withWords(pt, kept)
}

// withWords returns pt with only the words kept (in order), its text and
// confidence rebuilt, or pt itself when kept holds them all.
func withWords(pt PageText, kept []Word) PageText {
	if len(kept) == len(pt.Words) {
		return pt
	}
	pt.Words = kept
	pt.Text = textFromWords(kept)
	pt.Confidence = meanConfidence(kept)
	return pt
}
