package pipeline

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"math/rand/v2"
	"runtime"
	"testing"
)

// bandsPage is a text page of w×h with uneven light, a red seal and blue
// pen strokes across its rows, and noise: every branch of the pixel loops
// that bands split.
func bandsPage(t *testing.T, w, h int) *image.RGBA {
	t.Helper()
	text := renderPage(t, append(sampleLines, sampleLines...), w, 16)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			// Light falls off towards one corner; paper is tinted.
			l := 250 - 70*(x+y)/(w+h)
			r, g, b := l, l-6, l-14
			if y < text.Rect.Dy() {
				if v := int(text.RGBAAt(x, y).R); v < 200 {
					r, g, b = v, v, v
				}
			}
			dx, dy := x-w*2/3, y-h/3
			switch d := dx*dx + dy*dy; {
			case d < (w/6)*(w/6) && d > (w/7)*(w/7): // a seal's ring
				r, g, b = 200, 30, 40
			case (x+2*y)%97 < 3 && y > h/2: // pen strokes
				r, g, b = 30, 40, 180
			}
			n := rng.IntN(17) - 8
			img.Set(x, y, color.RGBA{clamp8(r + n), clamp8(g + n), clamp8(b + n), 255})
		}
	}
	return img
}

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }

// TestBandsMatchSerial checks that the loops split into bands of rows
// (ADR 1108) give the same pixels on several goroutines as on one.
func TestBandsMatchSerial(t *testing.T) {
	const w, h = 520, 700
	rgba := bandsPage(t, w, h)
	if _, dropped := ToGray(rgba, true); !dropped {
		t.Fatal("no colour dropped: the page does not exercise Clean's dropout")
	}
	gray, _ := ToGray(rgba, false)
	if _, ok := Flatten(gray); !ok {
		t.Fatal("Flatten left the page alone: the page does not exercise it")
	}
	sub := gray.SubImage(image.Rect(13, 21, w-7, h-5)).(*image.Gray)
	steps := []struct {
		name string
		run  func() []byte
	}{
		{"Downscale", func() []byte { return Downscale(sub, 3).Pix }},
		{"Flatten", func() []byte { f, _ := Flatten(sub); return f.Pix }},
		{"RotateGray", func() []byte { return RotateGray(sub, 2.7).Pix }},
		{"Upscale", func() []byte { return Upscale(sub, 1.37).Pix }},
		{"Dewarp", func() []byte {
			q := [4][2]float64{{10, 15}, {w - 20, 5}, {w - 5, h - 10}, {8, h - 25}}
			d := Dewarp(sub, q, perspInset)
			if d == sub {
				t.Fatal("Dewarp found no homography")
			}
			return d.Pix
		}},
		{"DewarpCubic", func() []byte {
			q := [4][2]float64{{10, 15}, {w - 20, 5}, {w - 5, h - 10}, {8, h - 25}}
			return DewarpCubic(sub, q, perspInset, 1.7).Pix
		}},
		{"dewarp cubic flattened", func() []byte {
			q := [4][2]float64{{10, 15}, {w - 20, 5}, {w - 5, h - 10}, {8, h - 25}}
			_, fl, ok := flattenLevels(Dewarp(sub, q, perspInset))
			if !ok {
				t.Fatal("Flatten left the dewarped page alone")
			}
			return dewarp(sub, q, perspInset, 1.7, true, &fl).Pix
		}},
		{"Clean", func() []byte {
			c, err := Clean(context.Background(), rgba, nil, CleanOptions{DPI: 150})
			if err != nil {
				t.Fatal(err)
			}
			return c.Image.Pix
		}},
		{"maxFilter", func() []byte { return maxFilter(sub, 5).Pix }},
		{"boxBlur", func() []byte { return boxBlur(sub, 4).Pix }},
		{"SoftenBlur", func() []byte { return SoftenBlur(sub).Pix }},
		{"Sharpen", func() []byte { return Sharpen(sub).Pix }},
		{"UpscaleCubic", func() []byte { return UpscaleCubic(sub, 1.37).Pix }},
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			runtime.GOMAXPROCS(1)
			want := s.run()
			for _, procs := range []int{2, 3, 5} {
				runtime.GOMAXPROCS(procs)
				if got := s.run(); !bytes.Equal(got, want) {
					t.Errorf("%d goroutines: the result differs from the serial one", procs)
				}
			}
		})
	}
}
