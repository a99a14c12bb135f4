package pipeline

import (
	"context"
	"image"
	"math/rand/v2"
	"slices"
	"testing"
)

// addGaussianNoise adds noise of standard deviation sigma to every pixel.
func addGaussianNoise(g *image.Gray, sigma float64, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 1))
	for i, v := range g.Pix {
		g.Pix[i] = uint8(max(0, min(255, float64(v)+sigma*r.NormFloat64()+0.5)))
	}
}

func TestMedian3MatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, size := range []image.Point{{1, 1}, {2, 3}, {7, 5}, {31, 17}} {
		g := image.NewGray(image.Rect(0, 0, size.X, size.Y))
		for i := range g.Pix {
			g.Pix[i] = uint8(r.IntN(256))
		}
		got := Median3(g)
		for y := range size.Y {
			for x := range size.X {
				var v []uint8
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						xx, yy := max(0, min(size.X-1, x+dx)), max(0, min(size.Y-1, y+dy))
						v = append(v, g.GrayAt(xx, yy).Y)
					}
				}
				slices.Sort(v)
				if want := v[4]; got.GrayAt(x, y).Y != want {
					t.Fatalf("%v image, (%d,%d): median %d, want %d", size, x, y, got.GrayAt(x, y).Y, want)
				}
			}
		}
	}
}

func TestNoiseLevelAndMedianStep(t *testing.T) {
	img := renderPage(t, sampleLines, 1200, 36)
	clean, _ := ToGray(img, false)
	if n := NoiseLevel(clean); n >= noisyLevel {
		t.Fatalf("clean page: noise level %.1f", n)
	}
	c, err := Clean(context.Background(), clean, nil, CleanOptions{NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(c.Steps, StepMedian) {
		t.Errorf("clean page median-filtered: steps %v", c.Steps)
	}

	noisy, _ := ToGray(img, false)
	// White paper clips half of the noise, as a scanner's does.
	addGaussianNoise(noisy, 20, 1)
	if n := NoiseLevel(noisy); n < noisyLevel || n > 12 {
		t.Fatalf("σ 20 noise on white measured %.1f", n)
	}
	c, err = Clean(context.Background(), noisy, nil, CleanOptions{NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(c.Steps, StepMedian) {
		t.Fatalf("noisy page not median-filtered: steps %v", c.Steps)
	}
	if n := NoiseLevel(c.Image); n >= noisyLevel {
		t.Errorf("noise level %.1f after cleaning", n)
	}
}
