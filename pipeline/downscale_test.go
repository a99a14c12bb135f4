package pipeline

import (
	"image"
	"math/rand/v2"
	"testing"
)

// downscaleRef is the plain box average Downscale must equal.
func downscaleRef(g *image.Gray, f int) *image.Gray {
	w, h := g.Rect.Dx()/f, g.Rect.Dy()/f
	out := image.NewGray(image.Rect(0, 0, w, h))
	n := uint32(f * f)
	for y := range h {
		for x := range w {
			var s uint32
			for dy := range f {
				for dx := range f {
					s += uint32(g.GrayAt(g.Rect.Min.X+x*f+dx, g.Rect.Min.Y+y*f+dy).Y)
				}
			}
			out.Pix[y*out.Stride+x] = uint8((s + n/2) / n)
		}
	}
	return out
}

func TestDownscaleMatchesBoxAverage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	big := image.NewGray(image.Rect(0, 0, 1203, 977))
	for i := range big.Pix {
		big.Pix[i] = uint8(r.IntN(256))
	}
	sub := big.SubImage(image.Rect(7, 5, 1100, 900)).(*image.Gray)
	for _, g := range []*image.Gray{big, sub} {
		for _, f := range []int{2, 3, 4, 5, 8, 63, 64, 70} {
			got, want := Downscale(g, f), downscaleRef(g, f)
			if got.Rect != want.Rect {
				t.Fatalf("f=%d: size %v, want %v", f, got.Rect, want.Rect)
			}
			for i := range want.Pix {
				if got.Pix[i] != want.Pix[i] {
					t.Fatalf("f=%d: pixel %d = %d, want %d", f, i, got.Pix[i], want.Pix[i])
				}
			}
		}
	}
}

func BenchmarkDownscale(b *testing.B) {
	g := image.NewGray(image.Rect(0, 0, 2480, 3508))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	for _, f := range []int{2, 4} {
		b.Run(string(rune('0'+f)), func(b *testing.B) {
			for b.Loop() {
				Downscale(g, f)
			}
		})
	}
}
