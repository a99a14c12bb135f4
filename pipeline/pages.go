package pipeline

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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

// eachPDFPage rasterises a PDF at 300 dpi with poppler's pdftoppm.
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
	info, err := exec.CommandContext(ctx, "pdfinfo", in).CombinedOutput()
	if err != nil {
		msg := strings.TrimSpace(string(info))
		if strings.Contains(strings.ToLower(msg), "incorrect password") || strings.Contains(strings.ToLower(msg), "encrypt") {
			return fmt.Errorf("%w: encrypted PDF (password protected)", ErrUnsupported)
		}
		return fmt.Errorf("%w: corrupt PDF: %s", ErrUnsupported, firstLine(msg))
	}
	pages := 0
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			fmt.Sscan(strings.TrimSpace(v), &pages)
		}
	}
	if pages == 0 {
		return fmt.Errorf("%w: PDF has no pages", ErrUnsupported)
	}
	if lim.MaxPages > 0 && pages > lim.MaxPages {
		return fmt.Errorf("%w: PDF has %d pages, more than the limit of %d", ErrUnsupported, pages, lim.MaxPages)
	}
	// one page at a time keeps memory to one page
	for n := 1; n <= pages; n++ {
		out := filepath.Join(dir, "p")
		cmd := exec.CommandContext(ctx, "pdftoppm", "-r", "300", "-png", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-singlefile", in, out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%w: page %d of PDF: %s", ErrUnsupported, n, firstLine(strings.TrimSpace(string(msg))))
		}
		b, err := os.ReadFile(out + ".png")
		if err != nil {
			return fmt.Errorf("rasterise page %d: %w", n, err)
		}
		img, err := DecodeImage(b, lim)
		if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		if err := fn(n, img); err != nil {
			return err
		}
	}
	return nil
}

func firstLine(s string) string {
	lines := strings.Split(s, "\n")
	return lines[0]
}
