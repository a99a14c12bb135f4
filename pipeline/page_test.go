package pipeline

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"os"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

const testFont = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"

var (
	fontOnce sync.Once
	fontData *opentype.Font
	fontErr  error
)

// renderPage draws lines of text in Liberation Serif on a white page of
// width w px at the given font size (px), one line every 1.6 sizes.
func renderPage(t testing.TB, lines []string, w int, size float64) *image.RGBA {
	t.Helper()
	fontOnce.Do(func() {
		b, err := os.ReadFile(testFont)
		if err != nil {
			fontErr = err
			return
		}
		fontData, fontErr = opentype.Parse(b)
	})
	if fontErr != nil {
		t.Skipf("font: %v", fontErr)
	}
	face, err := opentype.NewFace(fontData, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	margin := int(size * 2)
	lh := int(size * 1.6)
	h := 2*margin + lh*len(lines)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face}
	for i, l := range lines {
		d.Dot = fixed.P(margin, margin+lh*i+int(size))
		d.DrawString(l)
	}
	return img
}

var sampleLines = []string{
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	"Độc lập - Tự do - Hạnh phúc",
	"Số: 56/2023/QĐ-UBND ngày 15 tháng 3 năm 2023",
	"Quyết định về việc cấp giấy chứng nhận quyền sử dụng đất",
	"cho hộ gia đình ông Nguyễn Văn Hùng tại xã Phú Mỹ.",
	"Điều 1. Ủy ban nhân dân huyện giao đất cho người sử dụng",
	"theo quy định của pháp luật hiện hành về đất đai.",
}

func newTestEngine(t testing.TB) *Tesseract {
	t.Helper()
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		t.Log("OMP_THREAD_LIMIT is not set; Tesseract will be slower")
	}
	eng, err := NewTesseract(TesseractOptions{})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

func TestRecognizeVietnameseLine(t *testing.T) {
	eng := newTestEngine(t)
	want := "Cộng hòa xã hội chủ nghĩa Việt Nam"
	img := renderPage(t, []string{want}, 900, 40)
	g, _ := ToGray(img, false)
	pt, err := eng.Recognize(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	if pt.Text != want {
		t.Errorf("text = %q, want %q", pt.Text, want)
	}
	if len(pt.Words) != 8 {
		t.Fatalf("got %d words, want 8: %+v", len(pt.Words), pt.Words)
	}
	for _, w := range pt.Words {
		if w.Confidence <= 0.5 || w.Confidence > 1 {
			t.Errorf("word %q confidence %v", w.Text, w.Confidence)
		}
		if w.Box.W <= 0 || w.Box.H <= 0 || w.Box.X < 0 || w.Box.X+w.Box.W > g.Rect.Dx() {
			t.Errorf("word %q box %+v outside image", w.Text, w.Box)
		}
	}
	// Words are in reading order: boxes move right.
	for i := 1; i < len(pt.Words); i++ {
		if pt.Words[i].Box.X <= pt.Words[i-1].Box.X {
			t.Errorf("word %d box not right of the previous", i)
		}
	}
	if pt.Confidence <= 0.5 {
		t.Errorf("page confidence %v", pt.Confidence)
	}
}

func TestProcessPageRotated(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of a rotated page")
	}
	eng := newTestEngine(t)
	for _, deg := range []int{90, 180, 270} {
		img := renderPage(t, sampleLines, 1400, 36)
		g, _ := ToGray(img, false)
		// Rotating by 360-deg clockwise means the page needs deg clockwise
		// to read upright.
		rot := Rotate90s(g, 360-deg)
		res, err := ProcessPage(context.Background(), rot, eng)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cleaned.Orientation != deg {
			t.Errorf("rotated by %d: orientation %d", deg, res.Cleaned.Orientation)
		}
		if !strings.Contains(res.OCR.Text, "Số: 56/2023/QĐ-UBND") {
			t.Errorf("rotated by %d: text %q", deg, res.OCR.Text)
		}
		for _, k := range []string{"clean", "ocr", "postcorrect"} {
			if _, ok := res.Timings[k]; !ok {
				t.Errorf("timing %q missing", k)
			}
		}
	}
}

func TestEstimateSkew(t *testing.T) {
	img := renderPage(t, append(sampleLines, sampleLines...), 1400, 30)
	g, _ := ToGray(img, false)
	if a := EstimateSkew(g); a != 0 && (a < -0.2 || a > 0.2) {
		t.Errorf("straight page: skew %v", a)
	}
	for _, deg := range []float64{3, -3, 1.3, -4.7} {
		r := RotateGray(g, deg)
		got := EstimateSkew(r)
		if d := got - deg; d < -0.2 || d > 0.2 {
			t.Errorf("rotated %v°: estimated %v°", deg, got)
		}
	}
}

func TestDropoutRemovesRedSeal(t *testing.T) {
	img := renderPage(t, sampleLines[:3], 1000, 36)
	b := img.Bounds()
	red := color.RGBA{210, 30, 40, 255}
	blue := color.RGBA{30, 50, 200, 255}
	// A red ring and a blue pen stroke across the text.
	cx, cy, r := b.Dx()/2, b.Dy()/2, b.Dy()/3
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
			if d < r*r && d > (r-8)*(r-8) {
				img.Set(x, y, red)
			}
			if y >= cy-2 && y <= cy+2 && x > 50 && x < 900 {
				// Ink over ink stays dark: only paint over paper.
				if img.RGBAAt(x, y).R > 128 {
					img.Set(x, y, blue)
				}
			}
		}
	}
	plain, _ := ToGray(img, false)
	g, dropped := ToGray(img, true)
	if !dropped {
		t.Fatal("dropout reported nothing dropped")
	}
	var redDark, redDarkPlain, textDark, textDarkPlain int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			switch {
			case c == red || c == blue:
				if plain.GrayAt(x, y).Y < 160 {
					redDarkPlain++
				}
				if g.GrayAt(x, y).Y < 160 {
					redDark++
				}
			case c.R < 60 && c.G < 60 && c.B < 60:
				if plain.GrayAt(x, y).Y < 60 {
					textDarkPlain++
				}
				if g.GrayAt(x, y).Y < 60 {
					textDark++
				}
			}
		}
	}
	if redDarkPlain == 0 {
		t.Fatal("test image has no dark coloured ink to drop")
	}
	if redDark != 0 {
		t.Errorf("%d coloured pixels still dark after dropout (%d before)", redDark, redDarkPlain)
	}
	if textDark != textDarkPlain {
		t.Errorf("black text pixels: %d dark after dropout, %d before", textDark, textDarkPlain)
	}
}

func TestRotate90sRoundTrip(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 3, 2))
	copy(g.Pix, []uint8{1, 2, 3, 4, 5, 6})
	r := Rotate90s(g, 90)
	// Clockwise: the left column (bottom to top) becomes the top row.
	if r.Rect.Dx() != 2 || r.Rect.Dy() != 3 || string(r.Pix[:2]) != string([]uint8{4, 1}) {
		t.Errorf("rotate 90: %v %v", r.Rect, r.Pix)
	}
	for _, d := range []int{90, 180, 270} {
		back := Rotate90s(Rotate90s(g, d), 360-d)
		if string(back.Pix) != string(g.Pix) {
			t.Errorf("rotate %d and back: %v", d, back.Pix)
		}
	}
}

func TestAnalyzeLayoutOrientation(t *testing.T) {
	img := renderPage(t, append(sampleLines, sampleLines...), 1400, 30)
	g, _ := ToGray(img, false)
	for _, skew := range []float64{0, 2.5, -4} {
		sk := g
		if skew != 0 {
			sk = RotateGray(g, skew)
		}
		for _, deg := range []int{0, 90, 180, 270} {
			// Turning by 360-deg means the page needs deg to be upright.
			l := AnalyzeLayout(Rotate90s(sk, 360-deg))
			if l.Orientation != deg || l.OrientConf < 0.15 {
				t.Errorf("skew %v, needs %d: got %d (conf %.2f)", skew, deg, l.Orientation, l.OrientConf)
			}
		}
	}
}

func TestCleanDeskews(t *testing.T) {
	img := renderPage(t, append(sampleLines, sampleLines...), 1400, 30)
	g, _ := ToGray(img, false)
	for _, deg := range []float64{3, -2.2} {
		c, err := Clean(context.Background(), RotateGray(g, deg), nil, CleanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Orientation != 0 || c.SkewDeg < deg-0.2 || c.SkewDeg > deg+0.2 {
			t.Errorf("skewed %v°: orientation %d, skew %v", deg, c.Orientation, c.SkewDeg)
		}
		if left := EstimateSkew(c.Image); left < -0.2 || left > 0.2 {
			t.Errorf("skewed %v°: %v° left after cleaning", deg, left)
		}
	}
}
