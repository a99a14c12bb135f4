package pipeline

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"
)

// TestEncodeGrayPNG: image/png decodes encodeGrayPNG's output to the same
// pixels, for a page of text, for noise (every byte value), and for a
// sub-image whose rows do not start at the buffer's.
func TestEncodeGrayPNG(t *testing.T) {
	page, _ := ToGray(renderPage(t, sampleLines, 700, 20), false)
	noise := image.NewGray(image.Rect(0, 0, 301, 97))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(r.Uint32())
	}
	tests := []struct {
		name string
		g    *image.Gray
	}{
		{"page", page},
		{"noise", noise},
		{"sub-image", noise.SubImage(image.Rect(13, 7, 250, 90)).(*image.Gray)},
		{"one pixel", image.NewGray(image.Rect(5, 5, 6, 6))},
	}
	for _, tt := range tests {
		b, err := encodeGrayPNG(tt.g)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: decode: %v", tt.name, err)
		}
		got, ok := img.(*image.Gray)
		if !ok {
			t.Fatalf("%s: decoded as %T, want *image.Gray", tt.name, img)
		}
		w, h := tt.g.Rect.Dx(), tt.g.Rect.Dy()
		if got.Rect.Dx() != w || got.Rect.Dy() != h {
			t.Fatalf("%s: decoded %v, want %dx%d", tt.name, got.Rect, w, h)
		}
		for y := range h {
			want := tt.g.Pix[tt.g.PixOffset(tt.g.Rect.Min.X, tt.g.Rect.Min.Y+y):][:w]
			if !bytes.Equal(got.Pix[y*got.Stride:][:w], want) {
				t.Fatalf("%s: row %d differs", tt.name, y)
			}
		}
	}
	if _, err := encodeGrayPNG(image.NewGray(image.Rect(0, 0, 0, 3))); err == nil {
		t.Error("empty image encoded without an error")
	}
}

// BenchmarkEncodeCleanedPNG compares the cleaned page's PNG encodes on an
// A4-sized page of text.
func BenchmarkEncodeCleanedPNG(b *testing.B) {
	text, _ := ToGray(renderPage(b, sampleLines, 2480, 40), false)
	g := image.NewGray(image.Rect(0, 0, 2480, 3508))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := 0; y < 3; y++ {
		off := 400 + y*1000
		for r := 0; r < text.Rect.Dy() && off+r < 3508; r++ {
			copy(g.Pix[(off+r)*g.Stride:], text.Pix[r*text.Stride:][:2480])
		}
	}
	b.Run("unfiltered", func(b *testing.B) {
		for b.Loop() {
			if _, err := encodeGrayPNG(g); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("image/png", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, g); err != nil {
				b.Fatal(err)
			}
		}
	})
}
