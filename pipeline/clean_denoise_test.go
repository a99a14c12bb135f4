package pipeline

import (
	"bytes"
	"context"
	"image"
	"math/rand/v2"
	"slices"
	"strings"
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

func TestMajority3(t *testing.T) {
	// Paper at 230 with a 20×12 ink bar at 40: one pinhole inside, a
	// one-pixel notch and a one-pixel burr on its edges, and a lone dark
	// pixel away from it.
	g := image.NewGray(image.Rect(0, 0, 40, 30))
	for i := range g.Pix {
		g.Pix[i] = 230
	}
	for y := 10; y < 22; y++ {
		for x := 10; x < 30; x++ {
			g.Pix[y*g.Stride+x] = 40
		}
	}
	g.Pix[15*g.Stride+20] = 230 // pinhole
	g.Pix[10*g.Stride+15] = 230 // notch in the top edge
	g.Pix[9*g.Stride+25] = 40   // burr above the top edge
	g.Pix[3*g.Stride+3] = 40    // lone pixel
	out := Majority3(g)
	for y := range 30 {
		for x := range 40 {
			want := uint8(255)
			if x >= 10 && x < 30 && y >= 10 && y < 22 {
				want = 0
			}
			// The bar's corners have only four ink neighbours of nine.
			if (x == 10 || x == 29) && (y == 10 || y == 21) {
				want = 255
			}
			if got := out.GrayAt(x, y).Y; got != want {
				t.Errorf("(%d,%d) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// TestCleanPhotocopyOCR runs Clean and OCR on a page put through a
// copier-like noisy threshold: a blur, then a threshold with per-pixel
// noise, which breaks thin strokes and leaves ragged edges and pinholes.
// It checks that the photocopy path keeps such a page readable; the gain
// of each step is measured by bench accuracy (ADR 0614), not here.
func TestCleanPhotocopyOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	img := renderPage(t, sampleLines, 1500, 42)
	g, _ := ToGray(img, false)
	g = SoftenBlur(g)
	r := rand.New(rand.NewPCG(5, 6))
	for i, v := range g.Pix {
		if float64(v)+30*r.NormFloat64() < 140 {
			g.Pix[i] = 45
		} else {
			g.Pix[i] = 228
		}
	}
	c, err := Clean(context.Background(), g, nil, CleanOptions{NoOrientation: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(c.Steps, StepDenoise) {
		t.Fatalf("photocopy not repaired: steps %v", c.Steps)
	}
	eng := newTestEngine(t)
	res, err := eng.Recognize(context.Background(), c.Image)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, w := range strings.Fields(res.Text) {
		got[w] = true
	}
	var words, found int
	for _, l := range sampleLines {
		for _, w := range strings.Fields(l) {
			words++
			if got[w] {
				found++
			}
		}
	}
	t.Logf("%d of %d words read", found, words)
	if found*100 < words*90 {
		t.Errorf("%d of %d words read:\n%s", found, words, res.Text)
	}
}

// TestMajorityBlurIsVoteThenBlur checks the fused pass against the two
// steps it replaces, on random ink of awkward sizes.
func TestMajorityBlurIsVoteThenBlur(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, size := range []image.Point{{1, 1}, {1, 7}, {7, 1}, {2, 2}, {37, 23}, {64, 3}} {
		g := image.NewGray(image.Rect(0, 0, size.X, size.Y))
		for i := range g.Pix {
			g.Pix[i] = uint8(r.IntN(256))
		}
		want := SoftenBlur(majority3(g, 128))
		got := majorityBlur(g, 128)
		if !bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
			t.Errorf("%v: fused pass differs from Majority3 then SoftenBlur", size)
		}
	}
}

// TestDespeckleJoinsRuns checks the labelling of components made of many
// runs: joined only diagonally, or several runs of one row joined by a
// row below. Each shape is bigger than a speck and must stay whole; the
// lone speck goes.
func TestDespeckleJoinsRuns(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 400, 300))
	for i := range g.Pix {
		g.Pix[i] = 230
	}
	ink := func(x, y int) { g.Pix[y*g.Stride+x] = 40 }
	for i := range 100 { // a diagonal hairline
		ink(20+i, 20+i)
	}
	for x := 200; x < 300; x++ { // a comb: teeth above, a bar below
		if x%4 == 0 {
			for y := 100; y < 110; y++ {
				ink(x, y)
			}
		}
		ink(x, 110)
	}
	for y := 250; y < 253; y++ { // a speck
		for x := 350; x < 353; x++ {
			ink(x, y)
		}
	}
	want := slices.Clone(g.Pix)
	for y := 250; y < 253; y++ {
		for x := 350; x < 353; x++ {
			want[y*g.Stride+x] = 255
		}
	}
	if n := Despeckle(g); n != 1 {
		t.Errorf("removed %d components, want 1", n)
	}
	if !bytes.Equal(g.Pix, want) {
		t.Error("a shape lost ink or the speck stayed")
	}
}

// TestDespeckleKeepsDashes: a list item's dash before a letter with little
// ink on its side ("- Thường") is as alone as a speck in a margin, but flat
// where toner dust is round. Both sit far from other ink here; only the
// round speck goes, whatever its size up to a speck's.
func TestDespeckleKeepsDashes(t *testing.T) {
	tests := []struct {
		name  string
		w, h  int
		speck bool
	}{
		{"hyphen 12×5", 12, 5, false},
		{"en dash 14×4", 14, 4, false},
		{"short hyphen 8×4", 8, 4, false},
		{"round speck 5×5", 5, 5, true},
		{"speck cluster 9×6", 9, 6, true},
		{"small flat speck 6×2", 6, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := image.NewGray(image.Rect(0, 0, 200, 100))
			for i := range g.Pix {
				g.Pix[i] = 230
			}
			for y := 50; y < 50+tt.h; y++ {
				for x := 100; x < 100+tt.w; x++ {
					g.Pix[y*g.Stride+x] = 40
				}
			}
			// A tall stroke far off, so that the page has paper and ink.
			for y := 10; y < 90; y++ {
				for x := 10; x < 16; x++ {
					g.Pix[y*g.Stride+x] = 40
				}
			}
			Despeckle(g)
			if gone := g.GrayAt(100, 50).Y > 200; gone != tt.speck {
				t.Errorf("removed %v, want %v", gone, tt.speck)
			}
		})
	}
}
