package pdf_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/sohoa/sohoa/pdf"
)

// turnCCW turns an image a quarter counter-clockwise.
func turnCCW(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dst.Set(y, b.Dx()-1-x, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}

// renderGray rasterises the first page of a PDF with poppler.
func renderGray(t *testing.T, data []byte) *image.Gray {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", "36", "-gray", "-png", "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "p.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			g.Set(x, y, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return g
}

// A turned scan embedded as it is (JPEG, PNG or decoded image) with Turn
// shows upright: the page has the upright size, the mark that is top left
// on the upright page is top left in the rendering, and the text layer
// is where the upright page's words are.
func TestTurnedPageShowsUpright(t *testing.T) {
	// upright: a portrait page, dark mark in its top-left quarter
	upright := paper(300, 450, color.RGBA{255, 255, 255, 255})
	for y := 20; y < 150; y++ {
		for x := 20; x < 120; x++ {
			upright.Set(x, y, color.RGBA{0, 0, 0, 255})
		}
	}
	words := []pdf.Word{{Text: "ĐỨNG", X: 150, Y: 380, W: 120, H: 40}}
	for _, turn := range []int{0, 90, 180, 270} {
		// the scan is the upright page turned the other way
		var scan image.Image = upright
		for range turn / 90 {
			scan = turnCCW(scan)
		}
		var jb, pb bytes.Buffer
		if err := jpeg.Encode(&jb, scan, &jpeg.Options{Quality: 90}); err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(&pb, scan); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			page pdf.Page
		}{
			{"jpeg", pdf.Page{JPEG: jb.Bytes()}},
			{"png", pdf.Page{PNG: pb.Bytes()}},
			{"image", pdf.Page{Image: scan}},
		} {
			p := tc.page
			p.DPI, p.Turn, p.Words = 36, turn, words // one image pixel a rendered pixel
			var out bytes.Buffer
			if err := pdf.Write(&out, []pdf.Page{p}, pdf.Options{}); err != nil {
				t.Fatalf("turn %d %s: %v", turn, tc.name, err)
			}
			g := renderGray(t, out.Bytes())
			if b := g.Bounds(); b.Dx() < 290 || b.Dx() > 310 || b.Dy() < 440 || b.Dy() > 460 {
				t.Errorf("turn %d %s: page %v, want about 300×450 (upright)", turn, tc.name, b)
				continue
			}
			dark := func(x, y int) bool { return g.GrayAt(x, y).Y < 100 }
			if !dark(70, 85) || dark(230, 85) || dark(70, 365) || dark(230, 300) {
				t.Errorf("turn %d %s: mark not top left: %v %v %v %v", turn, tc.name,
					g.GrayAt(70, 85).Y, g.GrayAt(230, 85).Y, g.GrayAt(70, 365).Y, g.GrayAt(230, 300).Y)
			}
			txt := pdftotext(t, out.Bytes(), "-r", "36", "-x", "140", "-y", "360", "-W", "150", "-H", "80")
			if !bytes.Contains([]byte(txt), []byte("ĐỨNG")) {
				t.Errorf("turn %d %s: text layer not on the upright word's place: %q", turn, tc.name, txt)
			}
		}
	}
}
