package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/disintegration/imaging"
	"golang.org/x/image/tiff"
)

// IsMultiPage reports whether files of format f may hold several pages.
func IsMultiPage(f Format) bool { return f == FormatTIFF || f == FormatPDF }

// EachPage calls fn with every page of a file in order (1-based). Single
// images have one page; TIFF and PDF may have many.
func EachPage(ctx context.Context, data []byte, lim Limits, fn func(n int, img image.Image) error) error {
	f, err := Sniff(data)
	if err != nil {
		return err
	}
	switch f {
	case FormatTIFF:
		return eachTIFFPage(data, lim, fn)
	case FormatPDF:
		return eachPDFPage(ctx, data, lim, fn)
	case FormatText:
		return fmt.Errorf("%w: a text file has no page images", ErrUnsupported)
	}
	img, err := DecodeImage(data, lim)
	if err != nil {
		return err
	}
	return fn(1, img)
}

// tiffIFDs returns the offsets of a TIFF's image file directories.
func tiffIFDs(data []byte, maxPages int) ([]uint32, binary.ByteOrder, error) {
	if len(data) < 8 {
		return nil, nil, fmt.Errorf("%w: truncated TIFF header", ErrUnsupported)
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	var offs []uint32
	seen := map[uint32]bool{}
	off := bo.Uint32(data[4:8])
	for off != 0 {
		if seen[off] {
			return nil, nil, fmt.Errorf("%w: TIFF directories form a loop", ErrUnsupported)
		}
		seen[off] = true
		if int64(off)+2 > int64(len(data)) {
			return nil, nil, fmt.Errorf("%w: truncated TIFF (directory %d past the end)", ErrUnsupported, len(offs)+1)
		}
		n := int64(bo.Uint16(data[off:]))
		next := int64(off) + 2 + 12*n
		if next+4 > int64(len(data)) {
			return nil, nil, fmt.Errorf("%w: truncated TIFF (directory %d cut short)", ErrUnsupported, len(offs)+1)
		}
		offs = append(offs, off)
		if maxPages > 0 && len(offs) > maxPages {
			return nil, nil, fmt.Errorf("%w: TIFF has more than %d pages", ErrUnsupported, maxPages)
		}
		off = bo.Uint32(data[next:])
	}
	if len(offs) == 0 {
		return nil, nil, fmt.Errorf("%w: TIFF has no image", ErrUnsupported)
	}
	return offs, bo, nil
}

// eachTIFFPage decodes page k by pointing a copy of the header at the k-th
// directory: offsets inside a TIFF are absolute, so the rest is unchanged.
func eachTIFFPage(data []byte, lim Limits, fn func(int, image.Image) error) error {
	offs, bo, err := tiffIFDs(data, lim.MaxPages)
	if err != nil {
		return err
	}
	buf := append([]byte(nil), data...)
	for i, off := range offs {
		bo.PutUint32(buf[4:8], off)
		cfg, err := tiff.DecodeConfig(bytes.NewReader(buf))
		if err != nil {
			return fmt.Errorf("%w: page %d: corrupt TIFF: %v", ErrUnsupported, i+1, err)
		}
		if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
			return fmt.Errorf("page %d: %w", i+1, err)
		}
		img, err := safeDecode(func(b []byte) (image.Image, error) { return tiff.Decode(bytes.NewReader(b)) }, buf)
		if err != nil {
			return fmt.Errorf("%w: page %d: corrupt TIFF: %v", ErrUnsupported, i+1, err)
		}
		if err := fn(i+1, flatten(img)); err != nil {
			return err
		}
	}
	return nil
}

// RasterDPI is the resolution PDF pages are rasterised at, unless a page
// is so large that it would pass Limits.MaxPixels: then it is lowered.
const RasterDPI = 300

// pdfDoc is what pdfinfo says about a PDF.
type pdfDoc struct {
	Pages      int
	Sizes      [][2]float64 // points, per page
	JavaScript bool         // present; never run (poppler has no JS engine)
}

// pdfErrorReason turns poppler's complaint into a clear reason, or "".
func pdfErrorReason(msg string) string {
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "incorrect password"), strings.Contains(low, "encrypt"):
		return "encrypted PDF (password protected): ask for a copy without a password"
	case strings.Contains(low, "may not be a pdf"), strings.Contains(low, "couldn't find trailer"),
		strings.Contains(low, "couldn't read xref"), strings.Contains(low, "syntax error"):
		return "corrupt PDF: " + firstLine(strings.TrimSpace(msg))
	}
	return ""
}

// inspectPDF runs pdfinfo on the file at path.
func inspectPDF(ctx context.Context, path string, maxPages int) (pdfDoc, error) {
	var doc pdfDoc
	info, err := exec.CommandContext(ctx, "pdfinfo", path).CombinedOutput()
	if err != nil {
		if ctx.Err() != nil {
			return doc, ctx.Err()
		}
		msg := strings.TrimSpace(string(info))
		if r := pdfErrorReason(msg); r != "" {
			return doc, fmt.Errorf("%w: %s", ErrUnsupported, r)
		}
		return doc, fmt.Errorf("%w: corrupt PDF: %s", ErrUnsupported, firstLine(msg))
	}
	for _, line := range strings.Split(string(info), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "Pages":
			fmt.Sscan(v, &doc.Pages)
		case "JavaScript":
			doc.JavaScript = v == "yes"
		case "Encrypted":
			// An owner password only restricts printing or copying; poppler
			// reads such files, and so do we. A user password fails above.
		}
	}
	if doc.Pages == 0 {
		return doc, fmt.Errorf("%w: corrupt PDF: no pages", ErrUnsupported)
	}
	if maxPages > 0 && doc.Pages > maxPages {
		return doc, fmt.Errorf("%w: PDF has %d pages, more than the limit of %d", ErrUnsupported, doc.Pages, maxPages)
	}
	sizes, err := exec.CommandContext(ctx, "pdfinfo", "-f", "1", "-l", fmt.Sprint(doc.Pages), path).Output()
	if err != nil {
		return doc, fmt.Errorf("%w: corrupt PDF: page sizes: %v", ErrUnsupported, err)
	}
	doc.Sizes = make([][2]float64, doc.Pages)
	for _, line := range strings.Split(string(sizes), "\n") {
		var n int
		var w, h float64
		if !strings.HasPrefix(line, "Page ") || !strings.Contains(line, " size:") {
			continue
		}
		if _, err := fmt.Sscanf(strings.Join(strings.Fields(line), " "), "Page %d size: %g x %g", &n, &w, &h); err == nil && n >= 1 && n <= doc.Pages {
			doc.Sizes[n-1] = [2]float64{w, h}
		}
	}
	return doc, nil
}

// pageDPI is the resolution to rasterise a w × h point page at: RasterDPI,
// or less when that would pass the pixel limit (a poster-sized page).
func pageDPI(size [2]float64, lim Limits) int {
	w, h := size[0]/72, size[1]/72 // inches
	dpi := RasterDPI
	if lim.MaxPixels > 0 && w > 0 && h > 0 {
		if maxDPI := int(math.Sqrt(float64(lim.MaxPixels) / (w * h))); maxDPI < dpi {
			dpi = max(maxDPI, 1)
		}
	}
	return dpi
}

// eachPDFPage rasterises a PDF with poppler's pdftoppm, one page at a time so
// that memory holds one page. Scripts (JavaScript, forms' actions) are never
// run: poppler has no script engine; the pages are read as images.
func eachPDFPage(ctx context.Context, data []byte, lim Limits, fn func(int, image.Image) error) error {
	dir, err := os.MkdirTemp("", "sohoa-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return err
	}
	doc, err := inspectPDF(ctx, in, lim.MaxPages)
	if err != nil {
		return err
	}
	// Pages are rasterised in runs of consecutive pages of one resolution:
	// one pdftoppm per run saves its start-up (fonts, parsing) per page, and
	// raw PPM output skips compressing what is decoded at once.
	for first := 1; first <= doc.Pages; {
		dpi := pageDPI(doc.Sizes[first-1], lim)
		last := first
		batch := pagesPerRun(doc.Sizes[first-1], dpi)
		for last < doc.Pages && last-first+1 < batch && pageDPI(doc.Sizes[last], lim) == dpi {
			last++
		}
		if err := rasterise(ctx, dir, in, first, last, dpi, lim, fn); err != nil {
			return err
		}
		first = last + 1
	}
	return nil
}

// pagesPerRun keeps one run's PPM files under about 64 MB on disk: two A4
// pages at 300 dpi, more small ones.
func pagesPerRun(size [2]float64, dpi int) int {
	px := size[0] / 72 * float64(dpi) * size[1] / 72 * float64(dpi)
	if px <= 0 {
		return 1
	}
	return int(min(max(64e6/(3*px), 1), 32))
}

func rasterise(ctx context.Context, dir, in string, first, last, dpi int, lim Limits, fn func(int, image.Image) error) error {
	out := filepath.Join(dir, fmt.Sprintf("r%d", first))
	cmd := exec.CommandContext(ctx, "pdftoppm", "-r", fmt.Sprint(dpi), "-f", fmt.Sprint(first), "-l", fmt.Sprint(last), in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: pages %d–%d of PDF: %s", ErrUnsupported, first, last, firstLine(strings.TrimSpace(string(msg))))
	}
	// pdftoppm names pages prefix-N.ppm, N zero-padded to the width of the
	// document's last page number: sorted names are page order.
	files, err := filepath.Glob(out + "-*.ppm")
	if err != nil {
		return err
	}
	sort.Strings(files)
	if len(files) != last-first+1 {
		return fmt.Errorf("%w: pages %d–%d of PDF: pdftoppm made %d images", ErrUnsupported, first, last, len(files))
	}
	for i, f := range files {
		n := first + i
		b, err := os.ReadFile(f)
		os.Remove(f)
		if err != nil {
			return fmt.Errorf("rasterise page %d: %w", n, err)
		}
		img, err := decodePPM(b, lim)
		if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if err := fn(n, img); err != nil {
			return err
		}
	}
	return nil
}

// decodePPM reads the binary PPM (P6, 8-bit) that pdftoppm writes.
func decodePPM(b []byte, lim Limits) (*image.RGBA, error) {
	var w, h, maxv int
	// header: "P6" then width, height, maxval separated by whitespace, then
	// one whitespace byte
	fields := make([]int, 0, 3)
	i := 2
	if len(b) < 2 || string(b[:2]) != "P6" {
		return nil, fmt.Errorf("%w: rasterised page is not a PPM", ErrUnsupported)
	}
	for len(fields) < 3 && i < len(b) {
		for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
			i++
		}
		j := i
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		v, err := strconv.Atoi(string(b[i:j]))
		if err != nil {
			return nil, fmt.Errorf("%w: bad PPM header", ErrUnsupported)
		}
		fields = append(fields, v)
		i = j
	}
	if len(fields) != 3 || i >= len(b) {
		return nil, fmt.Errorf("%w: bad PPM header", ErrUnsupported)
	}
	w, h, maxv = fields[0], fields[1], fields[2]
	i++ // the single whitespace byte
	if maxv != 255 {
		return nil, fmt.Errorf("%w: PPM with maxval %d", ErrUnsupported, maxv)
	}
	if err := checkSize(w, h, lim); err != nil {
		return nil, err
	}
	pix := b[i:]
	if len(pix) < w*h*3 {
		return nil, fmt.Errorf("%w: truncated PPM", ErrUnsupported)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for p, q := 0, 0; q < w*h*3; p, q = p+4, q+3 {
		img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = pix[q], pix[q+1], pix[q+2], 0xff
	}
	return img, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// RotateUpright turns a colour page clockwise by deg (0, 90, 180, 270), as
// Clean turned its grayscale copy: the cleaned page's Orientation applied to
// the page as scanned.
func RotateUpright(img image.Image, deg int) image.Image {
	switch ((deg % 360) + 360) % 360 {
	case 90:
		return imaging.Rotate270(img) // imaging turns counter-clockwise
	case 180:
		return imaging.Rotate180(img)
	case 270:
		return imaging.Rotate90(img)
	}
	return img
}

// UnskewBox maps a box of the cleaned (deskewed) w × h page back onto the
// upright page before deskewing: Clean turned the page by -skewDeg about its
// centre, keeping its size. The box's centre is mapped exactly; its size is
// kept (skew is a few degrees at most).
func UnskewBox(b Box, w, h int, skewDeg float64) Box {
	if skewDeg == 0 {
		return b
	}
	th := -skewDeg * math.Pi / 180
	cos, sin := math.Cos(th), math.Sin(th)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	dx := float64(b.X) + float64(b.W)/2 - cx
	dy := float64(b.Y) + float64(b.H)/2 - cy
	// the source pixel RotateGray sampled for this output pixel
	sx := cx + dx*cos - dy*sin
	sy := cy + dx*sin + dy*cos
	return Box{X: int(math.Round(sx - float64(b.W)/2)), Y: int(math.Round(sy - float64(b.H)/2)), W: b.W, H: b.H}
}

// UprightWords maps the word boxes of a cleaned cw × ch page onto the page
// as scanned turned upright by its orientation (RotateUpright), w × h.
//
// Clean may crop a scanner border, undo a photo's perspective, turn, deskew
// (about the centre, keeping the size) and upscale small print. Turning is
// undone by RotateUpright; upscaling by scaling the cleaned frame onto the
// upright one (exact); the deskew by UnskewBox (exact for the box centre).
// A cropped border or a perspective correction is not recorded, so their
// pages are mapped by that same scaling: off by the border's width at most.
func UprightWords(words []Word, cw, ch, w, h int, skewDeg float64) []Word {
	sx, sy := 1.0, 1.0
	if cw > 0 && ch > 0 {
		sx, sy = float64(w)/float64(cw), float64(h)/float64(ch)
	}
	out := make([]Word, len(words))
	for i, wd := range words {
		b := wd.Box
		x0, y0 := float64(b.X)*sx, float64(b.Y)*sy
		x1, y1 := float64(b.X+b.W)*sx, float64(b.Y+b.H)*sy
		b = Box{X: int(math.Round(x0)), Y: int(math.Round(y0)), W: max(1, int(math.Round(x1-x0))), H: max(1, int(math.Round(y1-y0)))}
		wd.Box = UnskewBox(b, w, h, skewDeg)
		out[i] = wd
	}
	return out
}

// ScanDPI is the resolution of a page image decoded from a file of format
// f: PDF pages are rasterised at RasterDPI; images do not reliably say
// theirs, so an A4 page is assumed, as Clean does.
func ScanDPI(f Format, w, h int) int {
	if f == FormatPDF {
		return RasterDPI
	}
	return guessDPI(w, h)
}
