package pdf_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/pdf"
)

// idat returns the concatenated compressed pixel data of a PNG.
func idat(t *testing.T, data []byte) []byte {
	t.Helper()
	var out []byte
	for p := 8; p+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[p:]))
		if string(data[p+4:p+8]) == "IDAT" {
			out = append(out, data[p+8:p+8+n]...)
		}
		p += 12 + n
	}
	return out
}

// TestPNGPassThrough: a scanner's PNG goes into the PDF with its own
// compressed pixels (no decode, no JPEG loss); a PNG the PDF cannot carry
// as is (16-bit) is decoded instead; both keep their text layer.
func TestPNGPassThrough(t *testing.T) {
	img := paper(400, 300, color.RGBA{250, 245, 230, 255})
	for y := 100; y < 110; y++ {
		for x := 40; x < 360; x++ {
			img.Set(x, y, color.RGBA{20, 20, 20, 255})
		}
	}
	var rgb bytes.Buffer
	if err := png.Encode(&rgb, img); err != nil {
		t.Fatal(err)
	}
	if w, h, ok := pdf.PassThroughPNG(rgb.Bytes()); !ok || w != 400 || h != 300 {
		t.Fatalf("PassThroughPNG(8-bit RGB) = %d %d %v", w, h, ok)
	}
	g16 := image.NewGray16(image.Rect(0, 0, 400, 300))
	for i := range g16.Pix {
		g16.Pix[i] = 0xff
	}
	var deep bytes.Buffer
	if err := png.Encode(&deep, g16); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := pdf.PassThroughPNG(deep.Bytes()); ok {
		t.Fatal("16-bit PNG accepted for pass-through")
	}
	words := lineWords([][]string{{"Quyết", "định", "số"}})
	for _, c := range []struct {
		name     string
		data     []byte
		verbatim bool
	}{{"8-bit RGB", rgb.Bytes(), true}, {"16-bit gray", deep.Bytes(), false}} {
		var out bytes.Buffer
		if err := pdf.Write(&out, []pdf.Page{{PNG: c.data, DPI: 100, Words: words}}, pdf.Options{}); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := bytes.Contains(out.Bytes(), idat(t, c.data)); got != c.verbatim {
			t.Errorf("%s: PNG pixel data in the PDF verbatim = %v, want %v", c.name, got, c.verbatim)
		}
		if txt := pdftotext(t, out.Bytes()); !strings.Contains(txt, "Quyết định số") {
			t.Errorf("%s: text layer lost: %q", c.name, txt)
		}
	}
}
