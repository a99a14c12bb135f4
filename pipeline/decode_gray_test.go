package pipeline

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
)

// The gray decoder must give ToGray(DecodeImage(file)) bit for bit, with
// and without dropout, on every kind of PNG: the ones it reads itself
// and the ones it leaves to image/png.
func TestDecodePageMatchesToGray(t *testing.T) {
	s := corpus.Render(3, 0, corpus.Options{DPI: 100})
	seal, _ := corpus.DegradeSample(s, corpus.Seal, 3) // red seal and blue pen
	rng := rand.New(rand.NewPCG(1, 2))
	noise := image.NewRGBA(image.Rect(0, 0, 97, 61))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.IntN(256))
		if i%4 == 3 {
			noise.Pix[i] = 255
		}
	}
	// a CMND's red title rows are printed text that dropout keeps
	card := corpus.Render(3, 0, corpus.Options{Types: []string{corpus.TypeCMND}}).Image
	translucent := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range translucent.Pix {
		translucent.Pix[i] = uint8(rng.IntN(256))
	}
	cases := []struct {
		name  string
		file  []byte
		fused bool // read by decodeGrayPNG, not left to image/png
	}{
		{"seal page RGB", encodePNG(t, seal), true},
		{"seal page gray", encodePNG(t, toGrayImage(seal)), true},
		{"CMND card, red title", encodePNG(t, card), true},
		{"every filter, CMND card, RGBA", rawPNG(t, card, 6), true},
		{"noise RGB", encodePNG(t, noise), true},
		{"every filter, RGB", rawPNG(t, noise, 2), true},
		{"every filter, gray", rawPNG(t, toGrayImage(noise), 0), true},
		{"every filter, opaque RGBA", rawPNG(t, noise, 6), true},
		{"every filter, seal RGB", rawPNG(t, seal, 2), true},
		{"translucent RGBA", encodePNG(t, translucent), false},
		{"16-bit", encodePNG(t, to16(noise)), false},
		{"palette", encodePNG(t, toPaletted(noise)), false},
	}
	for _, c := range cases {
		for _, dropout := range []bool{true, false} {
			want, err := DecodeImage(c.file, DefaultLimits)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			wg, wdrop := ToGray(want, dropout)
			got, err := decodePage(c.file, DefaultLimits, dropout)
			if err != nil {
				t.Fatalf("%s dropout=%v: %v", c.name, dropout, err)
			}
			gp, fused := got.(*grayPage)
			if fused != c.fused {
				t.Errorf("%s: read by the gray decoder %v, want %v", c.name, fused, c.fused)
			}
			g, drop := ToGray(got, dropout)
			if fused {
				g, drop = gp.Gray, gp.dropped
			}
			if !bytes.Equal(g.Pix, wg.Pix) || g.Rect != wg.Rect || drop != wdrop {
				t.Errorf("%s dropout=%v: differs from ToGray(DecodeImage) (dropped %v, want %v)", c.name, dropout, drop, wdrop)
			}
		}
	}
	if _, drop := ToGray(seal, true); !drop {
		t.Fatal("the seal page drops no ink: the test would not cover dropout")
	}
	// the card's title rows are restored from the rows the decoder kept
	g, gc, rows, err := decodeGrayPNG(encodePNG(t, card), true)
	if err != nil || !gc.dropsInk(g.Rect.Dx(), g.Rect.Dy()) {
		t.Fatalf("card: err %v, or no ink dropped", err)
	}
	if n := restoreText(g, rows, gc.cm); n == 0 {
		t.Fatal("card: no coloured text row restored: the test would not cover restoreText")
	}
}

// A corrupt or truncated PNG is refused as DecodeImage refuses it, never
// read as a page.
func TestDecodePageRefusesCorruptPNG(t *testing.T) {
	s := corpus.Render(4, 0, corpus.Options{DPI: 60})
	file := encodePNG(t, s.Image)
	flip := bytes.Clone(file)
	flip[len(flip)/2] ^= 0x40 // inside IDAT: the chunk's CRC no longer matches
	cases := map[string][]byte{
		"truncated":    file[:len(file)/2],
		"no IEND":      file[:len(file)-12],
		"flipped byte": flip,
	}
	for name, data := range cases {
		_, err := decodePage(data, DefaultLimits, true)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err %v, want ErrUnsupported", name, err)
		}
	}
	// The checks the gray decoder makes itself, CRC aside.
	bad := rawPNGRows(t, 8, 4, 0, func(y int) byte { return 7 }, make([]byte, 8*4))
	if _, _, _, err := decodeGrayPNG(bad, true); err == nil || errors.Is(err, errNotPlain) {
		t.Errorf("filter type 7: err %v, want a format error", err)
	}
	short := rawPNGRows(t, 8, 4, 0, func(int) byte { return 0 }, make([]byte, 8*3))
	if _, _, _, err := decodeGrayPNG(short, true); err == nil {
		t.Error("missing rows: no error")
	}
	long := rawPNGRows(t, 8, 4, 0, func(int) byte { return 0 }, make([]byte, 8*5+1))
	if _, _, _, err := decodeGrayPNG(long, true); err == nil {
		t.Error("too much pixel data: no error")
	}
}

// convert draws img into dst pixel by pixel, through dst's colour model.
func convert[T draw.Image](img image.Image, dst T) T {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			dst.Set(x, y, img.At(x, y))
		}
	}
	return dst
}

func toGrayImage(img image.Image) *image.Gray { return convert(img, image.NewGray(img.Bounds())) }

func to16(img image.Image) *image.RGBA64 { return convert(img, image.NewRGBA64(img.Bounds())) }

func toPaletted(img image.Image) *image.Paletted {
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}, color.RGBA{30, 30, 200, 255}}
	return convert(img, image.NewPaletted(img.Bounds(), pal))
}

// rawPNG writes img as a PNG of colour type ct (0 gray, 2 RGB, 6 RGBA)
// whose rows use the five filter types in turn, in two IDAT chunks.
func rawPNG(t *testing.T, img image.Image, ct byte) []byte {
	t.Helper()
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	bpp := map[byte]int{0: 1, 2: 3, 6: 4}[ct]
	pix := make([]byte, 0, w*h*bpp)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			switch ct {
			case 0:
				pix = append(pix, color.GrayModel.Convert(c).(color.Gray).Y)
			case 2:
				pix = append(pix, c.R, c.G, c.B)
			case 6:
				pix = append(pix, c.R, c.G, c.B, c.A)
			}
		}
	}
	return rawPNGRows(t, w, h, ct, func(y int) byte { return byte(y % 5) }, pix)
}

// rawPNGRows encodes pix (rows of w pixels of colour type ct, as many as
// there are) filtering row y with filter(y).
func rawPNGRows(t *testing.T, w, h int, ct byte, filter func(y int) byte, pix []byte) []byte {
	t.Helper()
	bpp := map[byte]int{0: 1, 2: 3, 6: 4}[ct]
	stride := w * bpp
	var raw []byte
	prev := make([]byte, stride)
	for y := 0; y*stride < len(pix); y++ {
		row := pix[y*stride : min(len(pix), (y+1)*stride)]
		f := filter(y)
		raw = append(raw, f)
		for i, v := range row {
			var a, c byte
			if i >= bpp {
				a, c = row[i-bpp], prev[i-bpp]
			}
			up := prev[i]
			switch f {
			case 1:
				v -= a
			case 2:
				v -= up
			case 3:
				v -= uint8((int(a) + int(up)) / 2)
			case 4:
				v -= paeth(a, up, c)
			}
			raw = append(raw, v)
		}
		copy(prev, row)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	var out bytes.Buffer
	out.WriteString(pngSignature)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, ct
	writeChunk(&out, "IHDR", ihdr)
	zb := z.Bytes()
	writeChunk(&out, "IDAT", zb[:len(zb)/2])
	writeChunk(&out, "IDAT", zb[len(zb)/2:])
	writeChunk(&out, "IEND", nil)
	return out.Bytes()
}

// BenchmarkDecodeToGray is an A4 page at 300 dpi from its PNG file to the
// gray page the cleaning starts from: image/png then ToGray, against the
// gray decoder.
// Run: go test ./pipeline -run '^$' -bench DecodeToGray -cpu 1
func BenchmarkDecodeToGray(b *testing.B) {
	s := corpus.Render(7, 0, corpus.Options{Types: []string{corpus.TypeDecision}})
	var buf bytes.Buffer
	if err := png.Encode(&buf, s.Image); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, s.Image, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	b.Run("jpeg+ToGray", func(b *testing.B) {
		for b.Loop() {
			img, err := DecodeImage(jb.Bytes(), DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			ToGray(img, true)
		}
	})
	b.Run("image-png+ToGray", func(b *testing.B) {
		for b.Loop() {
			img, err := DecodeImage(data, DefaultLimits)
			if err != nil {
				b.Fatal(err)
			}
			ToGray(img, true)
		}
	})
	b.Run("decodePage", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodePage(data, DefaultLimits, true); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ToGray finds a JPEG pixel's chroma by shifts: the same page as looking
// each pixel's chroma up with COffset, for every subsampling ratio and a
// rectangle that does not start at zero.
func TestToGrayYCbCrMatchesPerPixel(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	ratios := []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	}
	for _, ratio := range ratios {
		full := image.NewYCbCr(image.Rect(0, 0, 67, 45), ratio)
		for i := range full.Y {
			full.Y[i] = uint8(rng.IntN(256))
		}
		for i := range full.Cb {
			// gray (128, 128), faint and strong colour
			switch rng.IntN(3) {
			case 0:
				full.Cb[i], full.Cr[i] = 128, 128
			case 1:
				full.Cb[i], full.Cr[i] = uint8(120+rng.IntN(16)), uint8(120+rng.IntN(16))
			default:
				full.Cb[i], full.Cr[i] = uint8(rng.IntN(256)), uint8(rng.IntN(256))
			}
		}
		for _, img := range []*image.YCbCr{full, full.SubImage(image.Rect(5, 3, 61, 44)).(*image.YCbCr)} {
			for _, dropout := range []bool{true, false} {
				got, gotDrop := ToGray(img, dropout)
				want, wantDrop := perPixelGray(img, dropout)
				if !bytes.Equal(got.Pix, want.Pix) || gotDrop != wantDrop {
					t.Errorf("%v %v dropout=%v: differs from the per-pixel conversion", ratio, img.Rect, dropout)
				}
			}
		}
	}
}

// perPixelGray is ToGray's conversion of a YCbCr image with COffset for
// every pixel.
func perPixelGray(src *image.YCbCr, dropout bool) (*image.Gray, bool) {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	gc := newGrayer(w, h, dropout)
	for y := range h {
		for x := range w {
			yi := src.YOffset(b.Min.X+x, b.Min.Y+y)
			ci := src.COffset(b.Min.X+x, b.Min.Y+y)
			r, gg, bb := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
			g.Pix[y*g.Stride+x] = gc.px(x, y, r, gg, bb)
		}
	}
	if !gc.dropsInk(w, h) {
		return g, false
	}
	restoreText(g, src, gc.cm)
	return g, true
}

// FuzzDecodePage: whatever the bytes, decodePage does not panic, and a
// page it reads itself is the page image/png and ToGray give, or one that
// image/png refuses for a reason the gray reader does not check (chunk
// order).
func FuzzDecodePage(f *testing.F) {
	s := corpus.Render(5, 0, corpus.Options{DPI: 30})
	seal, _ := corpus.DegradeSample(s, corpus.Seal, 5)
	f.Add(encodePNG(f, seal))
	f.Add(encodePNG(f, toGrayImage(seal)))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := decodePage(data, Limits{MaxPixels: 1 << 20}, true)
		gp, fused := got.(*grayPage)
		if err != nil || !fused {
			return
		}
		img, err := DecodeImage(data, Limits{MaxPixels: 1 << 20})
		if err != nil {
			return
		}
		want, drop := ToGray(img, true)
		if !bytes.Equal(gp.Pix, want.Pix) || gp.dropped != drop {
			t.Fatal("the gray decoder's page differs from image/png's")
		}
	})
}
