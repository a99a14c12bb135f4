// Package pdf writes searchable PDFs: every page is the scanned image,
// colour kept, at its own resolution, under an invisible text layer (text
// render mode 3) placed from the OCR word boxes, so that selecting, copying
// and pdftotext give the recognised Vietnamese text.
//
// The text layer uses an embedded, subset TrueType font with Vietnamese
// glyphs (DejaVu Sans, or Liberation Sans / Noto Sans) and a ToUnicode map,
// so copied text is the NFC text of the OCR. The output is PDF 1.4; it is
// NOT PDF/A: the writer (go-pdf/fpdf) has no OutputIntent and writes an
// empty file identifier, both of which PDF/A-2b requires. See
// docs/decisions for what is checked.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/yeqown/go-qrcode/v2"
	"golang.org/x/text/unicode/norm"
)

// Word is one recognised word and its box in the page image's pixels.
type Word struct {
	Text       string
	X, Y, W, H int
}

// Page is one page: its image and the words read from it.
type Page struct {
	// Image is the page as scanned. Ignored when JPEG is set.
	Image image.Image
	// JPEG, if set, is embedded as it is (no re-encoding): a scanner's JPEG
	// keeps its exact bytes.
	JPEG []byte
	// PNG, if set (and JPEG is not), is embedded without decoding when
	// PassThroughPNG accepts it: its compressed pixels go into the PDF
	// as they are, lossless and at no cost. Otherwise it is decoded.
	PNG []byte
	// DPI is the image's resolution; 0 means 300.
	DPI int
	// Turn is how far the image must be turned clockwise to stand upright
	// (0, 90, 180 or 270): the page takes the upright size and the image
	// is turned by the page's drawing matrix, so a turned scan keeps its
	// own bytes and is never decoded and rotated in memory.
	Turn int
	// Words are placed invisibly over the upright page, in reading order,
	// in the upright image's pixels.
	Words []Word
}

// Options are document-level settings.
type Options struct {
	Title   string
	Author  string
	Subject string
	// QR, if not empty, is encoded as a QR code (ISO/IEC 18004) in the
	// top-right corner of the first page, e.g. the digitisation-result code
	// and the dossier code.
	QR string
	// QRSizeMM is the printed size of the QR code; 0 means 18 mm.
	QRSizeMM float64
	// JPEGQuality for images that are not already JPEG; 0 means 85.
	JPEGQuality int
	// FontPath overrides the TrueType font of the text layer.
	FontPath string
	// Created is the creation date written to the PDF; zero means now.
	Created time.Time
}

// FontPaths are tried in order for the text layer's font.
var FontPaths = []string{
	"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
	"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
}

var fontCache struct {
	sync.Mutex
	path string
	data []byte
}

func loadFont(path string) ([]byte, error) {
	fontCache.Lock()
	defer fontCache.Unlock()
	paths := FontPaths
	if path != "" {
		paths = []string{path}
	}
	if fontCache.data != nil && (path == "" || path == fontCache.path) {
		return fontCache.data, nil
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err == nil {
			fontCache.path, fontCache.data = p, b
			return b, nil
		}
	}
	return nil, fmt.Errorf("no TrueType font with Vietnamese glyphs found (tried %s)", strings.Join(paths, ", "))
}

const fontName = "ocr"

// Write writes pages as one searchable PDF to w.
func Write(w io.Writer, pages []Page, opts Options) error {
	if len(pages) == 0 {
		return errors.New("write pdf: no pages")
	}
	font, err := loadFont(opts.FontPath)
	if err != nil {
		return err
	}
	quality := opts.JPEGQuality
	if quality <= 0 {
		quality = 85
	}
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 595, Ht: 842}})
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCompression(true)
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetProducer("sohoa", false)
	f.SetCreator("sohoa", false)
	if opts.Title != "" {
		f.SetTitle(opts.Title, true)
	}
	if opts.Author != "" {
		f.SetAuthor(opts.Author, true)
	}
	if opts.Subject != "" {
		f.SetSubject(opts.Subject, true)
	}
	f.SetLang("vi-VN")
	f.AddUTF8FontFromBytes(fontName, "", font)

	for i, p := range pages {
		if err := addPage(f, i, p, quality); err != nil {
			return fmt.Errorf("write pdf: page %d: %w", i+1, err)
		}
		if i == 0 && opts.QR != "" {
			if err := drawQR(f, opts.QR, opts.QRSizeMM); err != nil {
				return fmt.Errorf("write pdf: QR code: %w", err)
			}
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return f.Output(w)
}

func addPage(f *fpdf.Fpdf, i int, p Page, quality int) error {
	dpi := p.DPI
	if dpi <= 0 {
		dpi = 300
	}
	data := p.JPEG
	var wpx, hpx int
	if data == nil && p.PNG != nil {
		if w, h, ok := PassThroughPNG(p.PNG); ok {
			return placeImage(f, i, p, "PNG", p.PNG, w, h, dpi)
		}
		img, err := png.Decode(bytes.NewReader(p.PNG))
		if err != nil {
			return fmt.Errorf("page PNG: %w", err)
		}
		p.Image = img
	}
	if data != nil {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("page JPEG: %w", err)
		}
		if cfg.ColorModel == color.CMYKModel {
			// fpdf writes /DeviceCMYK images, but Adobe-inverted scans look
			// wrong: re-encode through RGB instead.
			img, err := jpeg.Decode(bytes.NewReader(data))
			if err != nil {
				return fmt.Errorf("page JPEG: %w", err)
			}
			data = nil
			p.Image = img
		} else {
			wpx, hpx = cfg.Width, cfg.Height
		}
	}
	if data == nil {
		if p.Image == nil {
			return errors.New("no image")
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, p.Image, &jpeg.Options{Quality: quality}); err != nil {
			return fmt.Errorf("encode page image: %w", err)
		}
		data = buf.Bytes()
		b := p.Image.Bounds()
		wpx, hpx = b.Dx(), b.Dy()
	}
	return placeImage(f, i, p, "JPG", data, wpx, hpx, dpi)
}

// placeImage adds a page the size of the upright image and puts the image,
// turned upright, and the invisible words on it.
func placeImage(f *fpdf.Fpdf, i int, p Page, kind string, data []byte, wpx, hpx, dpi int) error {
	scale := 72 / float64(dpi) // points per pixel
	wpt, hpt := float64(wpx)*scale, float64(hpx)*scale
	turn := ((p.Turn % 360) + 360) % 360
	if turn%90 != 0 {
		return fmt.Errorf("turn by %d°: not a multiple of 90", p.Turn)
	}
	pw, ph := wpt, hpt // the upright page
	if turn == 90 || turn == 270 {
		pw, ph = hpt, wpt
	}
	f.AddPageFormat("P", fpdf.SizeType{Wd: pw, Ht: ph})
	if i == 0 {
		// Blend-mode state lifts the header to PDF 1.4 (Thông tư 01/2019
		// asks for PDF 1.4 or later); alpha 1 changes nothing visible.
		f.SetAlpha(1, "Normal")
	}
	name := fmt.Sprintf("page%d", i+1)
	f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if turn != 0 {
		// the image centred on the page, turned about the centre
		// (TransformRotate turns counter-clockwise)
		f.TransformBegin()
		f.TransformRotate(-float64(turn), pw/2, ph/2)
	}
	f.ImageOptions(name, (pw-wpt)/2, (ph-hpt)/2, wpt, hpt, false, fpdf.ImageOptions{ImageType: kind, AllowNegativePosition: true}, 0, "")
	if turn != 0 {
		f.TransformEnd()
	}
	placeWords(f, p.Words, scale, pw, ph)
	return f.Error()
}

// PassThroughPNG reports whether a PNG can go into the PDF without
// decoding, and its size: 8-bit (or less) gray, RGB or palette, not
// interlaced, no alpha — the PDF then carries the file's own compressed
// pixel data. Scanners write such PNGs.
func PassThroughPNG(data []byte) (w, h int, ok bool) {
	// signature (8) + IHDR length and type (8) + width, height (8) + depth, colour, compression, filter, interlace
	if len(data) < 33 || string(data[12:16]) != "IHDR" {
		return 0, 0, false
	}
	depth, colour, interlace := data[24], data[25], data[28]
	if depth > 8 || interlace != 0 || (colour != 0 && colour != 2 && colour != 3) {
		return 0, 0, false
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// placeWords writes each word invisibly over its box. Consecutive words on
// one printed line share a font size (the line's median box height) and a
// baseline (the line's median box bottom), so that text extraction sees one
// line, not a staircase of words; the horizontal scaling (Tz) stretches each
// word to its box's width, so a selection highlights the printed word.
func placeWords(f *fpdf.Fpdf, words []Word, scale, wpt, hpt float64) {
	if len(words) == 0 {
		return
	}
	f.SetTextRenderingMode(3)
	defer func() {
		f.RawWriteStr("100 Tz")
		f.SetTextRenderingMode(0)
	}()
	for _, line := range splitLines(words) {
		var hs, bottoms []int
		for _, w := range line {
			hs = append(hs, w.H)
			bottoms = append(bottoms, w.Y+w.H)
		}
		h, bottom := float64(median(hs)), float64(median(bottoms))
		size := max(h*scale*0.85, 1)
		// baseline about a fifth of the box above its bottom (descenders)
		y := (bottom - h*0.2) * scale
		f.SetFont(fontName, "", size)
		for _, w := range line {
			txt := norm.NFC.String(strings.TrimSpace(w.Text))
			sw := f.GetStringWidth(txt)
			tz := 100.0
			if sw > 0 {
				tz = 100 * float64(w.W) * scale / sw
			}
			f.RawWriteStr(fmt.Sprintf("%.2f Tz", tz))
			f.Text(float64(w.X)*scale, y, txt)
		}
	}
}

// splitLines groups consecutive words (in reading order) into lines: a word
// starts a new line when it is left of the previous one or its vertical
// centre is outside the previous word's box.
func splitLines(words []Word) [][]Word {
	var lines [][]Word
	var cur []Word
	for _, w := range words {
		if strings.TrimSpace(w.Text) == "" || w.W <= 0 || w.H <= 0 {
			continue
		}
		if n := len(cur); n > 0 {
			p := cur[n-1]
			cy := w.Y + w.H/2
			if w.X < p.X || cy < p.Y || cy > p.Y+p.H {
				lines = append(lines, cur)
				cur = nil
			}
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

func median(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[len(s)/2]
}

// matrixWriter captures a QR code's module matrix.
type matrixWriter struct{ mat qrcode.Matrix }

func (m *matrixWriter) Write(mat qrcode.Matrix) error { m.mat = mat; return nil }
func (m *matrixWriter) Close() error                  { return nil }

// drawQR draws the QR code as vector squares on a white quiet zone in the
// top-right corner of the current page.
func drawQR(f *fpdf.Fpdf, text string, sizeMM float64) error {
	if sizeMM <= 0 {
		sizeMM = 18
	}
	qr, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return err
	}
	var mw matrixWriter
	if err := qr.Save(&mw); err != nil {
		return err
	}
	bits := mw.mat.Bitmap()
	n := len(bits)
	if n == 0 {
		return errors.New("empty QR matrix")
	}
	size := sizeMM * 72 / 25.4
	module := size / float64(n+8) // 4-module quiet zone each side
	pw, _ := f.GetPageSize()
	margin := 6 * 72 / 25.4
	x0, y0 := pw-margin-size, margin
	f.SetFillColor(255, 255, 255)
	f.Rect(x0, y0, size, size, "F")
	f.SetFillColor(0, 0, 0)
	for y, row := range bits {
		for x, set := range row {
			if set {
				// a hair wider than the module so that neighbours show no seams
				f.Rect(x0+float64(x+4)*module, y0+float64(y+4)*module, module+0.05, module+0.05, "F")
			}
		}
	}
	return f.Error()
}
