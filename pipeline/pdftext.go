package pipeline

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline/vnsyllables"
)

// LayerWord is a word of a PDF's text layer, its box in PDF points from the
// page's top-left corner.
type LayerWord struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
	Line                   int
	Block                  int
}

// LayerPage is the text layer of one PDF page (born-digital PDFs, or scans
// that already carry an OCR layer).
type LayerPage struct {
	Number        int     // 1-based
	Width, Height float64 // points
	Text          string  // NFC; words joined by spaces, lines by \n
	Words         []LayerWord
	Quality       LayerQuality
}

// PageText returns the layer as an OCR result with word boxes in the pixels
// of the page rasterised to wpx × hpx, so that it can stand in for OCR.
func (p LayerPage) PageText(wpx, hpx int) PageText {
	sx, sy := 1.0, 1.0
	if p.Width > 0 && p.Height > 0 {
		sx, sy = float64(wpx)/p.Width, float64(hpx)/p.Height
	}
	pt := PageText{Text: p.Text, Confidence: p.Quality.Score}
	for _, w := range p.Words {
		x0, y0 := int(math.Round(w.XMin*sx)), int(math.Round(w.YMin*sy))
		x1, y1 := int(math.Round(w.XMax*sx)), int(math.Round(w.YMax*sy))
		pt.Words = append(pt.Words, Word{
			Text: w.Text, Confidence: p.Quality.Score,
			Box:  Box{X: x0, Y: y0, W: max(1, x1-x0), H: max(1, y1-y0)},
			Line: w.Line, Block: w.Block,
		})
	}
	return pt
}

// LayerQuality says whether a text layer can be trusted instead of OCR.
type LayerQuality struct {
	Usable   bool    `json:"usable"`
	Score    float64 `json:"score"`     // share of checked words that are Vietnamese syllables (or plausible tokens)
	Words    int     `json:"words"`     // words checked
	BadRunes int     `json:"bad_runes"` // private-use, replacement and control characters
	Reason   string  `json:"reason,omitempty"`
}

// Thresholds of CheckTextLayer.
const (
	layerMinLetters  = 20   // fewer letters: no layer (a scan), OCR the page
	layerMinWords    = 3    // fewer checkable words: not enough evidence
	layerMinScore    = 0.7  // share of valid words
	layerMaxBadShare = 0.01 // private-use / U+FFFD / control characters per rune
)

// CheckTextLayer judges a text layer. It catches what broken PDFs give
// pdftotext: nothing (a scan), private-use or replacement characters (fonts
// without a Unicode map), and text in legacy Vietnamese font encodings
// (TCVN3/ABC, VNI) that reads as Latin-1 mojibake, e.g. "Céng hoµ x· héi"
// for "Cộng hoà xã hội". Words are checked against the Vietnamese syllable
// list; upper-case abbreviations (UBND, QĐ) and tokens with digits are not
// counted either way.
func CheckTextLayer(text string) LayerQuality {
	var q LayerQuality
	letters, runes, foreign := 0, 0, 0
	for _, r := range text {
		runes++
		if r >= 0xA0 && r <= 0x24F && !strings.ContainsRune(vietLatin, r) && !strings.ContainsRune("\u00a0«»°±×÷", r) {
			foreign++
		}
		switch {
		case r == utf8RuneError, r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000:
			q.BadRunes++
		case unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' && r != '\f':
			q.BadRunes++
		case unicode.IsLetter(r):
			letters++
		}
	}
	if q.BadRunes > 0 && float64(q.BadRunes) > layerMaxBadShare*float64(runes) {
		q.Reason = fmt.Sprintf("text layer has %d private-use, replacement or control characters", q.BadRunes)
		return q
	}
	if letters < layerMinLetters {
		q.Reason = fmt.Sprintf("no usable text layer (%d letters)", letters)
		return q
	}
	if float64(foreign) > layerMaxForeign*float64(letters) {
		q.Reason = fmt.Sprintf("text layer is garbage: %d of %d letters are not Vietnamese (legacy TCVN3/VNI font?)", foreign, letters)
		return q
	}
	valid, bad := 0, 0
	for _, tok := range strings.FieldsFunc(vntext.NFC(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if strings.IndexFunc(tok, unicode.IsDigit) >= 0 {
			continue
		}
		lower := strings.ToLower(tok)
		if vnsyllables.Valid(lower) {
			valid++
			continue
		}
		if layerAbbrev(tok) {
			continue
		}
		bad++
	}
	q.Words = valid + bad
	if q.Words > 0 {
		q.Score = float64(valid) / float64(q.Words)
	}
	switch {
	case q.Words < layerMinWords:
		q.Reason = fmt.Sprintf("text layer has only %d checkable words", q.Words)
	case q.Score < layerMinScore:
		q.Reason = fmt.Sprintf("text layer is garbage: %.0f%% of %d words are Vietnamese (legacy TCVN3/VNI font or broken encoding?)", 100*q.Score, q.Words)
	default:
		q.Usable = true
	}
	return q
}

const utf8RuneError = '\uFFFD'

// layerMaxForeign is the share of letters from Latin-1 / Latin Extended that
// Vietnamese does not use (ö, ñ, Ü, µ, §, ¸ …) above which the layer is
// legacy-font mojibake: TCVN3 and VNI put diacritics on such code points.
const layerMaxForeign = 0.02

// vietLatin are the Vietnamese letters in U+00A0–U+024F.
const vietLatin = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"

// layerAbbrev reports an upper-case abbreviation such as UBND, QĐ, CCCD.
func layerAbbrev(tok string) bool {
	n := 0
	for _, r := range tok {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 8
}

// PDFTextLayer reads the text layer of every page of a PDF with poppler's
// `pdftotext -bbox-layout` and checks each page's quality. Pages without
// text come back with an unusable quality: OCR them.
func PDFTextLayer(ctx context.Context, data []byte) ([]LayerPage, error) {
	dir, err := os.MkdirTemp("", "sohoa-pdftext-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "pdftotext", "-q", "-enc", "UTF-8", "-bbox-layout", in, "-")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if reason := pdfErrorReason(stderr.String()); reason != "" {
			return nil, fmt.Errorf("%w: %s", ErrUnsupported, reason)
		}
		return nil, fmt.Errorf("%w: text layer: %v %s", ErrUnsupported, err, firstLine(strings.TrimSpace(stderr.String())))
	}
	pages, err := parseBBoxLayout(out)
	if err != nil {
		return nil, fmt.Errorf("%w: text layer: %v", ErrUnsupported, err)
	}
	for i := range pages {
		pages[i].Quality = CheckTextLayer(pages[i].Text)
	}
	return pages, nil
}

// parseBBoxLayout reads pdftotext's -bbox-layout XHTML:
// page > flow > block > line > word.
func parseBBoxLayout(b []byte) ([]LayerPage, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var pages []LayerPage
	var cur *LayerPage
	var lines []string
	var line []string
	lineNo, blockNo := -1, -1
	flushLine := func() {
		if len(line) > 0 {
			lines = append(lines, strings.Join(line, " "))
			line = nil
		}
	}
	flushPage := func() {
		if cur == nil {
			return
		}
		flushLine()
		cur.Text = vntext.NFC(strings.Join(lines, "\n"))
		pages = append(pages, *cur)
		cur, lines = nil, nil
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) float64 {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					v, _ := strconv.ParseFloat(a.Value, 64)
					return v
				}
			}
			return 0
		}
		switch se.Name.Local {
		case "page":
			flushPage()
			cur = &LayerPage{Number: len(pages) + 1, Width: attr("width"), Height: attr("height")}
			lineNo, blockNo = -1, -1
		case "block":
			blockNo++
		case "line":
			flushLine()
			lineNo++
		case "word":
			var s string
			if err := dec.DecodeElement(&s, &se); err != nil {
				return nil, err
			}
			s = vntext.NFC(strings.TrimSpace(s))
			if cur == nil || s == "" {
				continue
			}
			cur.Words = append(cur.Words, LayerWord{
				Text: s, XMin: attr("xMin"), YMin: attr("yMin"), XMax: attr("xMax"), YMax: attr("yMax"),
				Line: max(lineNo, 0), Block: max(blockNo, 0),
			})
			line = append(line, s)
		}
	}
	flushPage()
	return pages, nil
}
