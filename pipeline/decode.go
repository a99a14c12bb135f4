package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"unicode/utf8"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Format is a file format recognised from its content, never its name.
type Format string

const (
	FormatPNG  Format = "png"
	FormatJPEG Format = "jpeg"
	FormatTIFF Format = "tiff"
	FormatGIF  Format = "gif"
	FormatBMP  Format = "bmp"
	FormatWebP Format = "webp"
	FormatPDF  Format = "pdf"
	FormatText Format = "text"
)

// ErrUnsupported is wrapped by errors about content sohoa cannot read.
var ErrUnsupported = errors.New("unsupported file")

// Limits bound what a decoder accepts, checked before pixels are decoded.
type Limits struct {
	MaxPixels int64 // width × height of one page
	MaxPages  int
}

// DefaultLimits fit an A3 page at 600 dpi, with room to spare.
var DefaultLimits = Limits{MaxPixels: 80_000_000, MaxPages: 300}

// Sniff recognises the format from the first bytes.
func Sniff(data []byte) (Format, error) {
	switch {
	case len(data) == 0:
		return "", fmt.Errorf("%w: empty file", ErrUnsupported)
	case bytes.HasPrefix(data, []byte(pngSignature)):
		return FormatPNG, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return FormatJPEG, nil
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return FormatTIFF, nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return FormatGIF, nil
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 26:
		return FormatBMP, nil
	case len(data) > 12 && bytes.HasPrefix(data, []byte("RIFF")) && string(data[8:12]) == "WEBP":
		return FormatWebP, nil
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return FormatPDF, nil
	case isText(data):
		return FormatText, nil
	}
	return "", fmt.Errorf("%w: not an image, PDF or UTF-8 text file", ErrUnsupported)
}

func isText(data []byte) bool {
	head := data
	if len(head) > 64<<10 {
		head = head[:64<<10]
		// don't fail on a rune cut at the boundary
		for i := 0; i < utf8.UTFMax && !utf8.Valid(head); i++ {
			head = head[:len(head)-1]
		}
	}
	if !utf8.Valid(head) {
		return false
	}
	return !bytes.ContainsRune(head, 0)
}

// DecodeImage decodes one raster image after checking its declared size
// against the limits, so that a decompression bomb is refused before any
// pixel is allocated. Transparency is flattened onto white paper.
func DecodeImage(data []byte, lim Limits) (image.Image, error) {
	f, decode, err := checkImage(data, lim)
	if err != nil {
		return nil, err
	}
	return decodeChecked(f, decode, data)
}

// decodeChecked decodes data, whose header checkImage passed, with its
// format's decoder.
func decodeChecked(f Format, decode func([]byte) (image.Image, error), data []byte) (image.Image, error) {
	img, err := safeDecode(decode, data)
	if err != nil {
		return nil, fmt.Errorf("%w: corrupt or truncated %s: %v", ErrUnsupported, f, err)
	}
	return flatten(img), nil
}

// checkImage sniffs a raster image's format and checks its header and
// declared size against lim; it returns the format's decoder.
func checkImage(data []byte, lim Limits) (Format, func([]byte) (image.Image, error), error) {
	f, err := Sniff(data)
	if err != nil {
		return f, nil, err
	}
	var decodeCfg func([]byte) (image.Config, error)
	var decode func([]byte) (image.Image, error)
	switch f {
	case FormatPNG:
		decodeCfg = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
	case FormatJPEG:
		decodeCfg = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
	case FormatTIFF:
		decodeCfg = func(b []byte) (image.Config, error) { return tiff.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return tiff.Decode(bytes.NewReader(b)) }
	case FormatGIF:
		// An animated GIF is read as its first frame.
		decodeCfg = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }
	case FormatBMP:
		decodeCfg = func(b []byte) (image.Config, error) { return bmp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return bmp.Decode(bytes.NewReader(b)) }
	case FormatWebP:
		decodeCfg = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
	default:
		return f, nil, fmt.Errorf("%w: %s is not a raster image", ErrUnsupported, f)
	}
	cfg, err := decodeCfg(data)
	if err != nil {
		return f, nil, fmt.Errorf("%w: corrupt %s header: %v", ErrUnsupported, f, err)
	}
	if err := checkSize(cfg.Width, cfg.Height, lim); err != nil {
		return f, nil, err
	}
	return f, decode, nil
}

func checkSize(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("%w: image declares %d×%d pixels", ErrUnsupported, w, h)
	}
	if w < 16 || h < 16 {
		return fmt.Errorf("%w: image of %d×%d pixels is too small to hold a page", ErrUnsupported, w, h)
	}
	if lim.MaxPixels > 0 && int64(w)*int64(h) > lim.MaxPixels {
		return fmt.Errorf("%w: image declares %d×%d pixels, more than the limit of %d", ErrUnsupported, w, h, lim.MaxPixels)
	}
	return nil
}

// safeDecode turns a decoder panic on hostile input into an error.
func safeDecode(decode func([]byte) (image.Image, error), data []byte) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decoder failed: %v", r)
		}
	}()
	return decode(data)
}

// flatten composes an image with transparency onto white, so that a
// transparent background does not turn black when grayed.
func flatten(img image.Image) image.Image {
	if !hasAlpha(img) {
		return img
	}
	b := img.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, &image.Uniform{C: color.White}, image.Point{}, draw.Src)
	draw.Draw(dst, b, img, b.Min, draw.Over)
	return dst
}

func hasAlpha(img image.Image) bool {
	switch m := img.(type) {
	case *image.Gray, *image.Gray16, *image.YCbCr, *image.CMYK:
		return false
	case *image.NRGBA:
		return !m.Opaque()
	case *image.RGBA:
		return !m.Opaque()
	case *image.NRGBA64:
		return !m.Opaque()
	case *image.RGBA64:
		return !m.Opaque()
	case *image.Paletted:
		return !m.Opaque()
	case interface{ Opaque() bool }:
		return !m.Opaque()
	}
	return true
}
