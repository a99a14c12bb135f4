package pipeline

import (
	"context"
	"github.com/sohoa/sohoa/internal/geom"
	"image"
	"image/color"
	"math/rand/v2"
	"sync"
	"testing"
)

var (
	a4Once sync.Once
	a4Page *image.RGBA
)

// a4 renders an A4 page at 300 dpi (2480×3508) of 12 pt text, once.
func a4(b testing.TB) *image.RGBA {
	a4Once.Do(func() {
		var lines []string
		for len(lines) < 40 {
			lines = append(lines, sampleLines...)
		}
		p := renderPage(b, lines[:40], 2480, 50)
		full := image.NewRGBA(image.Rect(0, 0, 2480, 3508))
		for i := range full.Pix {
			full.Pix[i] = 255
		}
		for y := 0; y < p.Rect.Dy() && y < 3508; y++ {
			copy(full.Pix[y*full.Stride:(y+1)*full.Stride], p.Pix[y*p.Stride:])
		}
		a4Page = full
	})
	return a4Page
}

func a4Gray(b testing.TB) *image.Gray {
	g, _ := ToGray(a4(b), false)
	return g
}

func BenchmarkToGrayDropout(b *testing.B) {
	img := a4(b)
	b.ResetTimer()
	for b.Loop() {
		ToGray(img, true)
	}
}

func BenchmarkEstimateSkew(b *testing.B) {
	g := RotateGray(a4Gray(b), 2)
	b.ResetTimer()
	for b.Loop() {
		EstimateSkew(g)
	}
}

func BenchmarkRotateGray(b *testing.B) {
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		RotateGray(g, 2)
	}
}

func BenchmarkFlatten(b *testing.B) {
	g := a4Gray(b)
	// Darken the paper so Flatten has work to do.
	for i := range g.Pix {
		g.Pix[i] = uint8(int(g.Pix[i]) * 3 / 4)
	}
	b.ResetTimer()
	for b.Loop() {
		Flatten(g)
	}
}

func BenchmarkDetectOrientation(b *testing.B) {
	eng := newTestEngine(b)
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := eng.DetectOrientation(context.Background(), g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCleanA4(b *testing.B) {
	eng := newTestEngine(b)
	img := a4(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Clean(context.Background(), img, eng, CleanOptions{DPI: 300}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRecognizeA4(b *testing.B) {
	eng := newTestEngine(b)
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := eng.Recognize(context.Background(), g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnalyzeLayout(b *testing.B) {
	g := Rotate90s(RotateGray(a4Gray(b), 2), 180)
	b.ResetTimer()
	for b.Loop() {
		AnalyzeLayout(g)
	}
}

func BenchmarkToGrayDropoutColourTitle(b *testing.B) {
	img := image.NewRGBA(a4(b).Rect)
	copy(img.Pix, a4(b).Pix)
	drawText(b, img, "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT", 400, 120, 60, color.RGBA{200, 30, 40, 255})
	b.ResetTimer()
	for b.Loop() {
		ToGray(img, true)
	}
}

// phoneA4 is the A4 page photographed: 0.6× scale, a perspective quad on
// a desk.
func phoneA4(b *testing.B) *image.Gray {
	g := a4Gray(b)
	W, H := 1488, 2105
	quad := [4][2]float64{{60, 50}, {1420, 80}, {1450, 2050}, {30, 2000}}
	sw, sh := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	hm, _ := geom.Homography(quad, [4][2]float64{{0, 0}, {sw, 0}, {sw, sh}, {0, sh}})
	out := image.NewGray(image.Rect(0, 0, W, H))
	for y := range H {
		for x := range W {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			u, v := geom.Apply(hm, fx, fy)
			val := uint8(100)
			if u >= 0 && v >= 0 && u < sw && v < sh {
				val = g.GrayAt(int(u), int(v)).Y
			}
			out.Pix[y*out.Stride+x] = val
		}
	}
	return out
}

func BenchmarkFindPage(b *testing.B) {
	g := phoneA4(b)
	b.ResetTimer()
	for b.Loop() {
		if _, ok := FindPage(g); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkDewarp(b *testing.B) {
	g := phoneA4(b)
	q, _ := FindPage(g)
	b.ResetTimer()
	for b.Loop() {
		Dewarp(g, q, perspInset)
	}
}

// BenchmarkDewarpCubic rectifies and enlarges the photo in one
// resampling; compare with BenchmarkDewarp plus BenchmarkUpscaleCubic.
func BenchmarkDewarpCubic(b *testing.B) {
	g := phoneA4(b)
	q, _ := FindPage(g)
	b.ResetTimer()
	for b.Loop() {
		DewarpCubic(g, q, perspInset, 1.6)
	}
}

func BenchmarkUpscaleCubic(b *testing.B) {
	g := Dewarp(phoneA4(b), [4][2]float64{{60, 50}, {1420, 80}, {1450, 2050}, {30, 2000}}, perspInset)
	b.ResetTimer()
	for b.Loop() {
		UpscaleCubic(g, 1.6)
	}
}

func BenchmarkRemoveBorder(b *testing.B) {
	g := a4Gray(b)
	for y := range g.Rect.Dy() {
		for x := range 80 {
			g.Pix[y*g.Stride+x] = uint8(int(g.Pix[y*g.Stride+x]) * x / 100)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, ok := RemoveBorder(g); !ok {
			b.Fatal("no border")
		}
	}
}

func BenchmarkTextLineHeight(b *testing.B) {
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		TextLineHeight(g)
	}
}

func BenchmarkUpscale(b *testing.B) {
	g := Downscale(a4Gray(b), 2) // 150 dpi
	b.ResetTimer()
	for b.Loop() {
		Upscale(g, 1.5)
	}
}

// hardA4 is the A4 page thresholded like a photocopy.
func hardA4(b *testing.B) *image.Gray {
	g := a4Gray(b)
	for i, v := range g.Pix {
		if v < 128 {
			g.Pix[i] = 40
		} else {
			g.Pix[i] = 230
		}
	}
	return g
}

func BenchmarkIsHardThresholded(b *testing.B) {
	g := hardA4(b)
	b.ResetTimer()
	for b.Loop() {
		IsHardThresholded(g)
	}
}

func BenchmarkDespeckle(b *testing.B) {
	g := hardA4(b)
	b.ResetTimer()
	for b.Loop() {
		Despeckle(g)
	}
}

func BenchmarkSoftenBlur(b *testing.B) {
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		SoftenBlur(g)
	}
}

func BenchmarkBinarize(b *testing.B) {
	g := a4Gray(b)
	b.ResetTimer()
	for b.Loop() {
		Binarize(g)
	}
}

// noisyA4 is the A4 page with Gaussian noise of σ 16, which defeats
// branch prediction the way a noisy scan does.
func noisyA4(b *testing.B) *image.Gray {
	g := a4Gray(b)
	r := rand.New(rand.NewPCG(1, 2))
	for i, v := range g.Pix {
		g.Pix[i] = uint8(max(0, min(255, float64(v)+16*r.NormFloat64())))
	}
	return g
}

func BenchmarkMedian3(b *testing.B) {
	g := noisyA4(b)
	b.ResetTimer()
	for range b.N {
		Median3(g)
	}
}

func BenchmarkNoiseLevel(b *testing.B) {
	g := noisyA4(b)
	b.ResetTimer()
	for range b.N {
		NoiseLevel(g)
	}
}

func BenchmarkMajority3(b *testing.B) {
	g := hardA4(b)
	b.ResetTimer()
	for range b.N {
		Majority3(g)
	}
}
