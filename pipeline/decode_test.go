package pipeline

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"golang.org/x/image/tiff"
)

func encodePNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// pngWithSize rewrites the IHDR of a valid PNG to declare w×h pixels.
func pngWithSize(t *testing.T, w, h uint32) []byte {
	data := encodePNG(t, image.NewGray(image.Rect(0, 0, 32, 32)))
	// signature (8) + length (4) + "IHDR" (4) → width at 16, height at 20, CRC after 13 bytes of data at 29
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

func TestDecodeRejects(t *testing.T) {
	valid := encodePNG(t, image.NewGray(image.Rect(0, 0, 64, 64)))
	var jpg bytes.Buffer
	_ = jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 64, 64)), nil)
	tests := []struct {
		name string
		data []byte
	}{
		{"zero bytes", nil},
		{"text named png", []byte("Số: 56/2023/QĐ-UBND")},
		{"truncated png", valid[:len(valid)/2]},
		{"truncated jpeg", jpg.Bytes()[:jpg.Len()/2]},
		{"truncated tiff", []byte("II*\x00\x08\x00\x00\x00\x01")},
		{"0x0 png", pngWithSize(t, 0, 0)},
		{"decompression bomb", pngWithSize(t, 100000, 100000)},
		{"binary junk", []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0}},
		{"pdf is not a raster image", []byte("%PDF-1.7\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, err := DecodeImage(tt.data, DefaultLimits)
			if err == nil {
				t.Fatalf("DecodeImage accepted it: %T %v", img, img.Bounds())
			}
			if !errors.Is(err, ErrUnsupported) {
				t.Errorf("error %v does not wrap ErrUnsupported", err)
			}
		})
	}
}

func TestDecodeUnusual(t *testing.T) {
	// transparent background with black text must become black on white
	nrgba := image.NewNRGBA(image.Rect(0, 0, 40, 40))
	nrgba.Set(10, 10, color.NRGBA{0, 0, 0, 255})
	img, err := DecodeImage(encodePNG(t, nrgba), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if g := color.GrayModel.Convert(img.At(0, 0)).(color.Gray); g.Y != 255 {
		t.Errorf("transparent pixel became %d, want white", g.Y)
	}
	if g := color.GrayModel.Convert(img.At(10, 10)).(color.Gray); g.Y != 0 {
		t.Errorf("ink pixel became %d, want black", g.Y)
	}

	g16 := image.NewGray16(image.Rect(0, 0, 40, 40))
	if _, err := DecodeImage(encodePNG(t, g16), DefaultLimits); err != nil {
		t.Errorf("16-bit PNG: %v", err)
	}

	var cmyk bytes.Buffer
	if err := jpeg.Encode(&cmyk, image.NewCMYK(image.Rect(0, 0, 40, 40)), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeImage(cmyk.Bytes(), DefaultLimits); err != nil {
		t.Errorf("CMYK JPEG: %v", err)
	}

	pal := []color.Color{color.White, color.Black}
	anim := &gif.GIF{
		Image: []*image.Paletted{image.NewPaletted(image.Rect(0, 0, 40, 40), pal), image.NewPaletted(image.Rect(0, 0, 40, 40), pal)},
		Delay: []int{10, 10},
	}
	var gb bytes.Buffer
	if err := gif.EncodeAll(&gb, anim); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeImage(gb.Bytes(), DefaultLimits); err != nil {
		t.Errorf("animated GIF: %v", err)
	}

	var tb bytes.Buffer
	if err := tiff.Encode(&tb, image.NewGray(image.Rect(0, 0, 40, 40)), nil); err != nil {
		t.Fatal(err)
	}
	if f, _ := Sniff(tb.Bytes()); f != FormatTIFF {
		t.Errorf("Sniff(tiff) = %q", f)
	}
	if _, err := DecodeImage(tb.Bytes(), DefaultLimits); err != nil {
		t.Errorf("TIFF: %v", err)
	}
}
