package pipeline

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"io"
	"math/bits"
)

// grayPage is a page that its decoder already turned to gray, as ToGray
// would with dropout as the cleaning asks (decodePage). prepare takes it
// as it is.
type grayPage struct {
	*image.Gray
	dropout bool // how it was converted
	dropped bool // coloured ink was dropped (ToGray's second result)
}

// decodePage decodes a page's file for cleaning. A scan's usual PNG (8
// bits, not interlaced, gray or RGB) is converted to gray row by row as
// it is inflated: the 4-byte colour page image/png would build (35 MB for
// A4 at 300 dpi) is never allocated, and the decode and the gray
// conversion read each pixel once. The result is ToGray's, bit for bit;
// every file passes DecodeImage's header and size checks first, and every
// other file, and any PNG this reader refuses, is decoded as DecodeImage
// does, whose messages stay the reference.
func decodePage(data []byte, lim Limits, dropout bool) (image.Image, error) {
	f, decode, err := checkImage(data, lim)
	if err != nil {
		return nil, err
	}
	if f != FormatPNG {
		return decodeChecked(f, decode, data)
	}
	g, gc, rows, ok := safeGrayPNG(data, dropout)
	if !ok {
		return decodeChecked(f, decode, data)
	}
	if !gc.dropsInk(g.Rect.Dx(), g.Rect.Dy()) {
		return &grayPage{Gray: g, dropout: dropout}, nil
	}
	// Coloured ink was dropped: restoreText reads the colour of the
	// coloured pixels in the rows it keeps as printed text, which the
	// decoder kept.
	restoreText(g, rows, gc.cm)
	return &grayPage{Gray: g, dropout: dropout, dropped: true}, nil
}

// pngSignature opens every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// safeGrayPNG is decodeGrayPNG with a panic (a bug on hostile input)
// turned into a refusal: the caller then uses image/png.
func safeGrayPNG(data []byte, dropout bool) (g *image.Gray, gc *grayer, rows *colourRows, ok bool) {
	defer func() {
		if recover() != nil {
			g, gc, rows, ok = nil, nil, nil, false
		}
	}()
	g, gc, rows, err := decodeGrayPNG(data, dropout)
	return g, gc, rows, err == nil
}

// colourRows is the part of a colour page that restoreText reads: the
// RGB of the rows that have a strongly coloured pixel. Every other pixel
// reads as white, which is no ink colour.
type colourRows struct {
	rect image.Rectangle
	rows [][]byte // row y's RGB, nil for a row without colour
}

func (c *colourRows) ColorModel() color.Model { return color.RGBAModel }
func (c *colourRows) Bounds() image.Rectangle { return c.rect }
func (c *colourRows) At(x, y int) color.Color {
	r, g, b := c.rgb(x, y)
	return color.RGBA{r, g, b, 255}
}

func (c *colourRows) rgb(x, y int) (r, g, b uint8) {
	if !(image.Point{x, y}.In(c.rect)) || c.rows[y] == nil {
		return 255, 255, 255
	}
	p := c.rows[y][3*x : 3*x+3 : 3*x+3]
	return p[0], p[1], p[2]
}

// errNotPlain marks a PNG that decodeGrayPNG leaves to image/png.
var errNotPlain = errors.New("not an 8-bit, non-interlaced gray, RGB or opaque RGBA PNG")

// decodeGrayPNG decodes an 8-bit, non-interlaced gray, RGB or opaque RGBA
// PNG into gray with the grayer's conversion (ToGray's), checking chunk
// CRCs and the zlib checksum as image/png does. It returns errNotPlain
// for any other PNG (palette, 16-bit, interlaced, transparency) and an
// error for a corrupt one; the caller decodes both with image/png.
func decodeGrayPNG(data []byte, dropout bool) (*image.Gray, *grayer, *colourRows, error) {
	var (
		w, h, bpp int
		ihdr      bool
		idat      []io.Reader
	)
	p := data[len(pngSignature):]
	for end := false; !end; {
		if len(p) < 12 {
			return nil, nil, nil, io.ErrUnexpectedEOF
		}
		n := binary.BigEndian.Uint32(p)
		if n > uint32(len(p)-12) {
			return nil, nil, nil, io.ErrUnexpectedEOF
		}
		typ, body := string(p[4:8]), p[8:8+n]
		if crc32.ChecksumIEEE(p[4:8+n]) != binary.BigEndian.Uint32(p[8+n:]) {
			return nil, nil, nil, fmt.Errorf("invalid checksum in chunk %q", typ)
		}
		p = p[12+n:]
		switch {
		case typ == "IHDR":
			if ihdr || n != 13 {
				return nil, nil, nil, errNotPlain
			}
			ihdr = true
			w, h = int(binary.BigEndian.Uint32(body)), int(binary.BigEndian.Uint32(body[4:]))
			depth, ct := body[8], body[9]
			if depth != 8 || body[10] != 0 || body[11] != 0 || body[12] != 0 {
				return nil, nil, nil, errNotPlain
			}
			switch ct {
			case 0:
				bpp = 1
			case 2:
				bpp = 3
			case 6:
				bpp = 4
			default:
				return nil, nil, nil, errNotPlain
			}
		case !ihdr:
			return nil, nil, nil, errNotPlain
		case typ == "IDAT":
			idat = append(idat, bytes.NewReader(body))
		case typ == "IEND":
			end = true
		case typ == "tRNS":
			return nil, nil, nil, errNotPlain // a transparent colour: image/png's business
		case typ[0]&0x20 == 0 && typ != "PLTE":
			return nil, nil, nil, errNotPlain // an unknown critical chunk
		}
	}
	if w <= 0 || h <= 0 || len(idat) == 0 {
		return nil, nil, nil, errNotPlain
	}
	zr, err := zlib.NewReader(io.MultiReader(idat...))
	if err != nil {
		return nil, nil, nil, err
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	gc := newGrayer(w, h, dropout)
	rows := &colourRows{rect: g.Rect}
	if dropout && bpp > 1 {
		rows.rows = make([][]byte, h)
	}
	cur, prev := make([]byte, 1+w*bpp), make([]byte, 1+w*bpp)
	for y := range h {
		if _, err := io.ReadFull(zr, cur); err != nil {
			return nil, nil, nil, err
		}
		if err := unfilter(cur[0], cur[1:], prev[1:], bpp); err != nil {
			return nil, nil, nil, err
		}
		d, s := g.Pix[y*g.Stride:y*g.Stride+w], cur[1:]
		switch bpp {
		case 1:
			copy(d, s)
		case 3:
			n := gc.dropped
			gc.rgbRow(d, s, 3, y)
			if gc.dropped > n {
				rows.rows[y] = bytes.Clone(s)
			}
		case 4:
			// DecodeImage composites a page with any transparency over
			// white first, with other rounding: leave those to it.
			for x := 3; x < len(s); x += 4 {
				if s[x] != 255 {
					return nil, nil, nil, errNotPlain
				}
			}
			n := gc.dropped
			gc.rgbRow(d, s, 4, y)
			if gc.dropped > n {
				rgb := make([]byte, 3*w)
				for x := range w {
					copy(rgb[3*x:3*x+3], s[4*x:])
				}
				rows.rows[y] = rgb
			}
		}
		cur, prev = prev, cur
	}
	// Reading past the pixels verifies the zlib checksum; there must be
	// nothing more.
	var one [1]byte
	if n, err := io.ReadFull(zr, one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.ErrUnexpectedEOF {
			err = errors.New("too much pixel data")
		}
		return nil, nil, nil, err
	}
	return g, gc, rows, nil
}

// unfilter undoes a PNG row filter in place (cur: this row, prev: the
// one above, both without their filter byte; bpp bytes per pixel).
func unfilter(f byte, cur, prev []byte, bpp int) error {
	switch f {
	case 0:
	case 1: // Sub
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2: // Up
		addBytes(cur, prev)
	case 3: // Average
		for i := range bpp {
			cur[i] += prev[i] / 2
		}
		for i := bpp; i < len(cur); i++ {
			cur[i] += uint8((int(cur[i-bpp]) + int(prev[i])) / 2)
		}
	case 4: // Paeth, one channel at a time as image/png does (the left
		// pixel's value stays in a register)
		for ch := range bpp {
			var a, c int
			for j := ch; j < len(cur); j += bpp {
				b := int(prev[j])
				pa, pb := b-c, a-c
				pc := abs(pa + pb)
				pa, pb = abs(pa), abs(pb)
				switch {
				case pa <= pb && pa <= pc:
				case pb <= pc:
					a = b
				default:
					a = c
				}
				a = (a + int(cur[j])) & 0xff
				cur[j] = uint8(a)
				c = b
			}
		}
	default:
		return fmt.Errorf("bad filter type %d", f)
	}
	return nil
}

// addBytes adds src to dst byte by byte, modulo 256, eight bytes at a
// time: the Up filter is most rows of a scanned page.
func addBytes(dst, src []byte) {
	const lo7, hi1 = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	src = src[:len(dst)]
	i := 0
	for ; i+8 <= len(dst); i += 8 {
		x := binary.LittleEndian.Uint64(dst[i:])
		y := binary.LittleEndian.Uint64(src[i:])
		// add the low seven bits of each byte, then its top bit without carry
		binary.LittleEndian.PutUint64(dst[i:], ((x&lo7)+(y&lo7))^((x^y)&hi1))
	}
	for ; i < len(dst); i++ {
		dst[i] += src[i]
	}
}

// paeth is the PNG Paeth predictor of a (left), b (above), c (above left).
func paeth(a, b, c uint8) uint8 {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	m := x >> (bits.UintSize - 1)
	return (x ^ m) - m
}
