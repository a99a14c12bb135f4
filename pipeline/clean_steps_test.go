package pipeline

import (
	"context"
	"github.com/sohoa/sohoa/internal/geom"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// drawText writes s in Liberation Serif of size px at (x, baseline y) in c.
func drawText(t testing.TB, img draw.Image, s string, x, y int, size float64, c color.Color) {
	t.Helper()
	renderPage(t, nil, 10, 10) // loads the font
	face := newTestFace(t, size)
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func TestDropoutKeepsColouredTitle(t *testing.T) {
	img := renderPage(t, []string{"", "", sampleLines[3], sampleLines[4]}, 1200, 36)
	red := color.RGBA{200, 30, 40, 255}
	drawText(t, img, "GIẤY CHỨNG NHẬN", 80, 80, 48, red)
	// A red ring and a blue underline: marks, to be dropped.
	b := img.Bounds()
	cx, cy, r := 950, 150, 90
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if d < r*r && d > (r-7)*(r-7) {
				img.Set(x, y, red)
			}
		}
	}
	var pen []image.Point
	for x := 80; x < 700; x++ {
		for y := 215; y < 219; y++ {
			if img.RGBAAt(x, y).R > 128 {
				img.Set(x, y, color.RGBA{30, 50, 200, 255})
				pen = append(pen, image.Pt(x, y))
			}
		}
	}
	g, dropped := ToGray(img, true)
	if !dropped {
		t.Fatal("nothing dropped")
	}
	dark := func(r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if g.GrayAt(x, y).Y < 128 {
					n++
				}
			}
		}
		return n
	}
	if n := dark(image.Rect(80, 40, 700, 90)); n < 2000 {
		t.Errorf("red title: %d dark pixels left, want it kept", n)
	}
	// The same page on its side, before orientation: the title is a
	// column and is kept all the same.
	h := b.Dy()
	side := image.NewRGBA(image.Rect(0, 0, h, b.Dx()))
	for y := range h {
		for x := range b.Dx() {
			side.SetRGBA(h-1-y, x, img.RGBAAt(x, y)) // clockwise quarter turn
		}
	}
	sg, _ := ToGray(side, true)
	sideDark := 0
	for y := 80; y < 700; y++ {
		for x := h - 90; x < h-40; x++ {
			if sg.GrayAt(x, y).Y < 128 {
				sideDark++
			}
		}
	}
	if sideDark < 2000 {
		t.Errorf("red title on a page on its side: %d dark pixels left, want it kept", sideDark)
	}
	if n := dark(image.Rect(cx+r-8, cy-5, cx+r+1, cy+5)); n != 0 {
		t.Errorf("red ring: %d dark pixels left, want it dropped", n)
	}
	n := 0
	for _, p := range pen {
		if g.GrayAt(p.X, p.Y).Y < 128 {
			n++
		}
	}
	if n != 0 {
		t.Errorf("blue underline: %d of %d pixels still dark", n, len(pen))
	}
}

func TestFindPageAndDewarp(t *testing.T) {
	// A white "sheet" with text, warped onto a brown desk.
	sheet := renderPage(t, sampleLines, 900, 30)
	sg, _ := ToGray(sheet, false)
	W, H := 1000, 700
	quad := [4][2]float64{{70, 40}, {930, 65}, {960, 650}, {40, 620}}
	sw, sh := float64(sg.Rect.Dx()), float64(sg.Rect.Dy())
	hm, ok := geom.Homography(quad, [4][2]float64{{0, 0}, {sw, 0}, {sw, sh}, {0, sh}})
	if !ok {
		t.Fatal("homography")
	}
	photo := image.NewGray(image.Rect(0, 0, W, H))
	for y := range H {
		for x := range W {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			u, v := geom.Apply(hm, fx, fy)
			val := uint8(100) // desk
			if u >= 0 && v >= 0 && u < sw && v < sh {
				val = sg.GrayAt(int(u), int(v)).Y
			}
			// A shadow across the right third darkens desk and paper alike.
			if x > 2*W/3 {
				val = uint8(float64(val) * 0.6)
			}
			photo.Pix[y*photo.Stride+x] = val
		}
	}
	q, ok := FindPage(photo)
	if !ok {
		t.Fatal("page not found")
	}
	for i := range q {
		if d := math.Hypot(q[i][0]-quad[i][0], q[i][1]-quad[i][1]); d > 4 {
			t.Errorf("corner %d = %.1f, want %.0f (off by %.1f px)", i, q[i], quad[i], d)
		}
	}
	out := Dewarp(photo, q, 0.005)
	// The dewarped page has the text lines level again.
	if a := EstimateSkew(out); math.Abs(a) > 0.3 {
		t.Errorf("dewarped page skew %.2f°", a)
	}
	// A scan (paper to the frame's edges) has no quadrilateral.
	if _, ok := FindPage(sg); ok {
		t.Error("found a page quadrilateral in a plain scan")
	}
}

func TestRemoveBorder(t *testing.T) {
	img := renderPage(t, sampleLines, 1000, 30)
	g, _ := ToGray(img, false)
	if _, ok := RemoveBorder(g); ok {
		t.Fatal("border found on a clean page")
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// A black bar and a shadow gradient on the left, a gradient at the
	// bottom.
	for y := range h {
		for x := range 40 {
			f := 0.08
			if x > 15 {
				f = 0.08 + 0.92*math.Pow(float64(x-15)/25, 2)
			}
			g.Pix[y*g.Stride+x] = uint8(float64(g.Pix[y*g.Stride+x]) * f)
		}
	}
	for y := h - 20; y < h; y++ {
		for x := range w {
			f := 0.1 + 0.9*float64(h-1-y)/20
			g.Pix[y*g.Stride+x] = uint8(float64(g.Pix[y*g.Stride+x]) * f)
		}
	}
	out, ok := RemoveBorder(g)
	if !ok {
		t.Fatal("border not found")
	}
	for _, p := range []image.Point{{0, h / 2}, {20, h / 2}, {w / 2, h - 1}, {w / 2, h - 10}} {
		if v := out.GrayAt(p.X, p.Y).Y; v < 200 {
			t.Errorf("pixel %v = %d after border removal, want paper", p, v)
		}
	}
	// The text is untouched.
	for y := range h - 20 {
		for x := 60; x < w; x++ {
			if out.Pix[y*out.Stride+x] != g.Pix[y*g.Stride+x] {
				t.Fatalf("pixel (%d,%d) changed", x, y)
			}
		}
	}
}

// TestRemoveBorderKeepsShadowedText leaves the print under a phone
// photo's shadow: the dark band stops where a column holds print.
func TestRemoveBorderKeepsShadowedText(t *testing.T) {
	img := renderPage(t, sampleLines, 1000, 30)
	g, _ := ToGray(img, false)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// A shadow over the left third of the page, text and all.
	for y := range h {
		for x := range w / 3 {
			g.Pix[y*g.Stride+x] = uint8(float64(g.Pix[y*g.Stride+x]) * 0.5)
		}
	}
	var ink []image.Point
	for y := range h {
		for x := range w / 3 {
			if g.Pix[y*g.Stride+x] < 40 {
				ink = append(ink, image.Pt(x, y))
			}
		}
	}
	if len(ink) == 0 {
		t.Fatal("no print under the shadow")
	}
	out, _ := RemoveBorder(g)
	for _, p := range ink {
		if v := out.GrayAt(p.X, p.Y).Y; v >= 40 {
			t.Fatalf("print at %v whitened to %d", p, v)
		}
	}
}

func TestTextLineHeightAndUpscale(t *testing.T) {
	for _, size := range []float64{16, 30} {
		img := renderPage(t, sampleLines, 1000, size)
		g, _ := ToGray(img, false)
		lh := TextLineHeight(g)
		// Ink of a Vietnamese line: about 1–1.4 font sizes.
		if lh < size*0.9 || lh > size*1.5 {
			t.Errorf("size %v px: line height %v", size, lh)
		}
		k := upscaleFactor(lh)
		if size == 16 && k <= 1 || size == 30 && k != 1 && lh >= minLinePx {
			t.Errorf("size %v px: upscale factor %v", size, k)
		}
		up := Upscale(g, 2)
		if up.Rect.Dx() != 2*g.Rect.Dx() || up.Rect.Dy() != 2*g.Rect.Dy() {
			t.Fatalf("upscaled size %v", up.Rect)
		}
		if lh2 := TextLineHeight(up); math.Abs(lh2-2*lh) > 0.15*lh2 {
			t.Errorf("size %v px: line height %v after ×2, was %v", size, lh2, lh)
		}
	}
}

func TestDespeckle(t *testing.T) {
	img := renderPage(t, sampleLines, 1000, 30)
	g, _ := ToGray(img, false)
	// Hard threshold, like a photocopier, then toner specks in the margins.
	for i, v := range g.Pix {
		if v < 128 {
			g.Pix[i] = 40
		} else {
			g.Pix[i] = 230
		}
	}
	if !IsHardThresholded(g) {
		t.Fatal("thresholded page not recognised")
	}
	clean, _ := ToGray(img, false)
	if IsHardThresholded(clean) {
		t.Fatal("anti-aliased page taken for a photocopy")
	}
	text := make([]uint8, len(g.Pix))
	copy(text, g.Pix)
	specks := []image.Point{{10, 10}, {980, 20}, {500, 5}, {990, g.Rect.Dy() - 8}}
	for _, p := range specks {
		for y := p.Y - 2; y <= p.Y+2; y++ {
			for x := p.X - 2; x <= p.X+2; x++ {
				g.Pix[y*g.Stride+x] = 40
			}
		}
	}
	if n := Despeckle(g); n < len(specks) {
		t.Errorf("removed %d specks, want ≥ %d", n, len(specks))
	}
	for _, p := range specks {
		if v := g.GrayAt(p.X, p.Y).Y; v < 200 {
			t.Errorf("speck at %v still dark (%d)", p, v)
		}
	}
	// No text pixel (dots and diacritics included) was removed.
	for i, v := range text {
		if v < 128 && g.Pix[i] >= 128 {
			t.Fatalf("text pixel %d removed", i)
		}
	}
}

// TestCleanPhonePhotoOCR runs the whole page on a small phone-like photo:
// perspective, shadow, low resolution.
func TestCleanPhonePhotoOCR(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR")
	}
	eng := newTestEngine(t)
	sheet := renderPage(t, sampleLines[2:5], 1300, 38)
	sg, _ := ToGray(sheet, false)
	W, H := 800, 330
	quad := [4][2]float64{{40, 30}, {770, 45}, {760, 310}, {25, 290}}
	sw, sh := float64(sg.Rect.Dx()), float64(sg.Rect.Dy())
	hm, _ := geom.Homography(quad, [4][2]float64{{0, 0}, {sw, 0}, {sw, sh}, {0, sh}})
	photo := image.NewRGBA(image.Rect(0, 0, W, H))
	for y := range H {
		for x := range W {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			u, v := geom.Apply(hm, fx, fy)
			c := color.RGBA{120, 95, 70, 255}
			if u >= 0 && v >= 0 && u < sw-1 && v < sh-1 {
				// Box-average the source pixels under the output pixel.
				var s int
				for dy := range 2 {
					for dx := range 2 {
						s += int(sg.GrayAt(int(u)+dx, int(v)+dy).Y)
					}
				}
				l := uint8(s / 4)
				c = color.RGBA{l, l, l, 255}
			}
			photo.Set(x, y, c)
		}
	}
	// A camera's lens and demosaicing (or a messaging app's resize) blur
	// a little: without it, the sampling above is aliased as no photo is.
	photo = boxBlurRGBA(photo)
	res, err := ProcessPage(context.Background(), photo, eng)
	if err != nil {
		t.Fatal(err)
	}
	steps := strings.Join(res.Cleaned.Steps, ",")
	if !strings.Contains(steps, StepPerspective) || !strings.Contains(steps, StepUpscale) {
		t.Errorf("steps %v: want perspective and upscale", res.Cleaned.Steps)
	}
	if !strings.Contains(res.OCR.Text, "56/2023/QĐ-UBND") {
		t.Errorf("text %q", res.OCR.Text)
	}
}

func newTestFace(t testing.TB, size float64) font.Face {
	t.Helper()
	face, err := opentype.NewFace(fontData, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { face.Close() })
	return face
}

func TestBinarizeUnevenLight(t *testing.T) {
	img := renderPage(t, sampleLines, 1000, 30)
	g, _ := ToGray(img, false)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	// Light falls off to the right: paper on the right is darker than ink
	// on the left would be under a global threshold.
	lit := image.NewGray(g.Rect)
	for y := range h {
		for x := range w {
			f := 1 - 0.6*float64(x)/float64(w)
			lit.Pix[y*lit.Stride+x] = uint8(float64(g.Pix[y*g.Stride+x]) * f)
		}
	}
	b := Binarize(lit)
	var wrong, ink int
	for i, v := range g.Pix {
		if v < 100 {
			ink++
		}
		if (v < 100) != (b.Pix[i] == 0) && (v < 60 || v > 200) {
			wrong++
		}
	}
	if wrong*100 > ink*3 {
		t.Errorf("%d of %d clear pixels misclassified (%d ink)", wrong, len(g.Pix), ink)
	}
}

// TestDivMul255: Flatten's multiply-and-shift is the integer division it
// replaces, for every pixel value and background level.
func TestDivMul255(t *testing.T) {
	for d := 1; d < 256; d++ {
		for p := 0; p < 256; p++ {
			if got, want := uint64(p)*divMul255[d]>>divShift, uint64(p*255/d); got != want {
				t.Fatalf("p=%d d=%d: %d, want %d", p, d, got, want)
			}
		}
	}
}
