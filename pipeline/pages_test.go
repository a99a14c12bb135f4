package pipeline_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

// codedPage is a page whose width says which page it is: 200+10·n pixels.
func codedPage(n int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 200+10*n, 280))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: color.RGBA{255, 250, 240, 255}}, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(20, 20, 60, 60), &image.Uniform{C: color.RGBA{20, 20, 120, 255}}, image.Point{}, draw.Src)
	return img
}

// multiTIFF encodes gray pages as one uncompressed little-endian TIFF, one
// directory per page, in order.
func multiTIFF(pages []*image.Gray) []byte {
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.WriteString("II*\x00")
	binary.Write(&buf, le, uint32(8))
	for i, p := range pages {
		w, h := p.Rect.Dx(), p.Rect.Dy()
		const ntags = 8
		ifd := uint32(buf.Len())
		pix := ifd + 2 + ntags*12 + 4
		next := uint32(0)
		if i < len(pages)-1 {
			next = pix + uint32(w*h)
		}
		binary.Write(&buf, le, uint16(ntags))
		tag := func(id, typ uint16, v uint32) {
			binary.Write(&buf, le, id)
			binary.Write(&buf, le, typ)
			binary.Write(&buf, le, uint32(1))
			if typ == 3 {
				binary.Write(&buf, le, uint16(v))
				binary.Write(&buf, le, uint16(0))
			} else {
				binary.Write(&buf, le, v)
			}
		}
		tag(256, 4, uint32(w))   // ImageWidth
		tag(257, 4, uint32(h))   // ImageLength
		tag(258, 3, 8)           // BitsPerSample
		tag(259, 3, 1)           // Compression: none
		tag(262, 3, 1)           // Photometric: black is zero
		tag(273, 4, pix)         // StripOffsets
		tag(278, 4, uint32(h))   // RowsPerStrip
		tag(279, 4, uint32(w*h)) // StripByteCounts
		binary.Write(&buf, le, next)
		for y := 0; y < h; y++ {
			buf.Write(p.Pix[y*p.Stride : y*p.Stride+w])
		}
	}
	return buf.Bytes()
}

func writePDF(t testing.TB, pages []pdf.Page) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, pages, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// codedPDF has n pages; page k is codedPage(k) at 72 dpi, with the words
// "trang k" in its text layer.
func codedPDF(t testing.TB, n int) []byte { return codedPDFAt(t, n, 72) }

// codedPDFAt draws the pages at dpi: a higher dpi makes smaller pages.
func codedPDFAt(t testing.TB, n, dpi int) []byte {
	var pages []pdf.Page
	for k := 1; k <= n; k++ {
		pages = append(pages, pdf.Page{Image: codedPage(k), DPI: dpi, Words: []pdf.Word{
			{Text: "trang", X: 20, Y: 100, W: 60, H: 20}, {Text: fmt.Sprint(k), X: 90, Y: 100, W: 20, H: 20},
		}})
	}
	return writePDF(t, pages)
}

func collectPages(t *testing.T, data []byte) ([]int, []image.Rectangle, error) {
	t.Helper()
	var nums []int
	var sizes []image.Rectangle
	err := pipeline.EachPage(context.Background(), data, pipeline.DefaultLimits, func(n int, img image.Image) error {
		nums = append(nums, n)
		sizes = append(sizes, img.Bounds())
		return nil
	})
	return nums, sizes, err
}

func TestMultiPageTIFFInOrder(t *testing.T) {
	var pages []*image.Gray
	for k := 1; k <= 3; k++ {
		g, _ := pipeline.ToGray(codedPage(k), false)
		pages = append(pages, g)
	}
	nums, sizes, err := collectPages(t, multiTIFF(pages))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(nums) != "[1 2 3]" {
		t.Fatalf("pages %v, want [1 2 3]", nums)
	}
	for i, s := range sizes {
		if s.Dx() != 200+10*(i+1) {
			t.Errorf("page %d is %d px wide, want %d (pages out of order?)", i+1, s.Dx(), 200+10*(i+1))
		}
	}
}

// widthAt300 is the rasterised width of codedPage(k) drawn at 72 dpi.
func widthAt300(k int) int { return (200 + 10*k) * 300 / 72 }

// widthAt300From is the rasterised width of codedPage(k) drawn at dpi.
func widthAt300From(k, dpi int) int { return (200 + 10*k) * 300 / dpi }

func near(a, b int) bool { return a-b <= 2 && b-a <= 2 }

func TestMultiPagePDFInOrder(t *testing.T) {
	nums, sizes, err := collectPages(t, codedPDF(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(nums) != "[1 2 3]" {
		t.Fatalf("pages %v, want [1 2 3]", nums)
	}
	for i, s := range sizes {
		if !near(s.Dx(), widthAt300(i+1)) {
			t.Errorf("page %d is %d px wide, want %d at 300 dpi", i+1, s.Dx(), widthAt300(i+1))
		}
	}
}

// TestFiftyPagePDF: every page of a 50-page PDF is rasterised, in order,
// and its text layer has 50 pages in order too.
func TestFiftyPagePDF(t *testing.T) {
	data := codedPDFAt(t, 50, 200) // small pages keep the test fast
	if len(data) > 400_000 {
		t.Errorf("test PDF is %d bytes; keep it small", len(data))
	}
	nums, sizes, err := collectPages(t, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(nums) != 50 {
		t.Fatalf("%d pages, want 50", len(nums))
	}
	for i := range nums {
		if nums[i] != i+1 || !near(sizes[i].Dx(), widthAt300From(i+1, 200)) {
			t.Fatalf("page %d: number %d, width %d, want width %d", i+1, nums[i], sizes[i].Dx(), widthAt300From(i+1, 200))
		}
	}
	layer, err := pipeline.PDFTextLayer(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(layer) != 50 {
		t.Fatalf("text layer has %d pages, want 50", len(layer))
	}
	for i, p := range layer {
		if want := fmt.Sprintf("trang %d", i+1); p.Number != i+1 || p.Text != want {
			t.Fatalf("layer page %d: %d %q, want %q", i+1, p.Number, p.Text, want)
		}
	}
}

func TestPDFPageLimit(t *testing.T) {
	err := pipeline.EachPage(context.Background(), codedPDF(t, 3), pipeline.Limits{MaxPixels: 80_000_000, MaxPages: 2}, func(int, image.Image) error {
		t.Fatal("a page of an over-long PDF was read")
		return nil
	})
	if !errors.Is(err, pipeline.ErrUnsupported) || !strings.Contains(err.Error(), "3 pages") {
		t.Errorf("err = %v, want the page limit", err)
	}
}

// A poster-sized page is rasterised at a lower resolution, not refused.
func TestHugePDFPageFitsPixelLimit(t *testing.T) {
	data := writePDF(t, []pdf.Page{{Image: codedPage(1), DPI: 4}}) // 52×70 inches
	lim := pipeline.Limits{MaxPixels: 4_000_000, MaxPages: 10}
	err := pipeline.EachPage(context.Background(), data, lim, func(n int, img image.Image) error {
		b := img.Bounds()
		if px := int64(b.Dx()) * int64(b.Dy()); px > lim.MaxPixels || px < lim.MaxPixels/2 {
			t.Errorf("page rasterised to %v (%d px), want just under %d", b, px, lim.MaxPixels)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func qpdf(t *testing.T, in []byte, args ...string) []byte {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed (scripts/setup.sh installs it)")
	}
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, in, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("qpdf", append(append(args, "--"), src, dst)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	b, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rawPDF assembles numbered objects into a PDF with a correct xref table.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestBadPDFsRejectedWithReason(t *testing.T) {
	good := codedPDF(t, 2)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"garbage after header", []byte("%PDF-1.7\n\x00\x01garbage that is not a PDF at all\n"), "corrupt PDF"},
		{"truncated", good[:len(good)/3], "corrupt PDF"},
		{"user password", qpdf(t, good, "--encrypt", "secret", "owner", "256"), "encrypted PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := collectPages(t, tt.data)
			if !errors.Is(err, pipeline.ErrUnsupported) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrUnsupported with %q", err, tt.want)
			}
		})
	}
}

// An owner password only restricts copying or printing: the pages are read.
func TestOwnerPasswordPDFIsRead(t *testing.T) {
	data := qpdf(t, codedPDF(t, 2), "--encrypt", "", "owner", "256")
	nums, _, err := collectPages(t, data)
	if err != nil || len(nums) != 2 {
		t.Fatalf("pages %v, err %v; want 2 pages", nums, err)
	}
}

func TestPDFWithJavaScriptReadAsPages(t *testing.T) {
	content := "0 0 0 rg 100 100 200 300 re f"
	data := rawPDF(
		"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 500] /Contents 5 0 R >>",
		"<< /S /JavaScript /JS (app.alert\\('hello'\\); this.exportDataObject\\({cName: 'x', nLaunch: 2}\\);) >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
	)
	var got []image.Image
	err := pipeline.EachPage(context.Background(), data, pipeline.DefaultLimits, func(n int, img image.Image) error {
		got = append(got, img)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d pages, want 1", len(got))
	}
	b := got[0].Bounds()
	if !near(b.Dx(), 400*300/72) {
		t.Errorf("page is %v, want 400 pt wide at 300 dpi", b)
	}
	// the black rectangle was drawn (PDF y is up: 100..400 from the bottom of 500)
	r, _, _, _ := got[0].At(200*300/72, (500-250)*300/72).RGBA()
	if r > 0x1000 {
		t.Errorf("page content not drawn: pixel %v", got[0].At(200*300/72, 250*300/72))
	}
}

func TestUnskewBoxInvertsDeskew(t *testing.T) {
	// A dark square on a page, skewed by RotateGray as a scanner would, then
	// deskewed by the inverse turn as Clean does: the square's box in the
	// cleaned page maps back onto the skewed page.
	const w, h = 400, 300
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	skewed := pipeline.RotateGray(g, 0)
	for y := 200; y < 220; y++ {
		for x := 300; x < 320; x++ {
			skewed.Pix[y*skewed.Stride+x] = 0
		}
	}
	const skew = 3.0
	cleaned := pipeline.RotateGray(skewed, -skew)
	box := darkBox(cleaned)
	back := pipeline.UnskewBox(box, w, h, skew)
	if cx, cy := back.X+back.W/2, back.Y+back.H/2; cx < 307 || cx > 313 || cy < 207 || cy > 213 {
		t.Errorf("box %v in the cleaned page maps to %v, want centred on (310,210)", box, back)
	}
}

func darkBox(g *image.Gray) pipeline.Box {
	x0, y0, x1, y1 := g.Rect.Dx(), g.Rect.Dy(), 0, 0
	for y := 0; y < g.Rect.Dy(); y++ {
		for x := 0; x < g.Rect.Dx(); x++ {
			if g.Pix[y*g.Stride+x] < 128 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
			}
		}
	}
	return pipeline.Box{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

func TestRotateUprightMatchesRotate90s(t *testing.T) {
	img := codedPage(1) // dark square near the top-left
	for _, deg := range []int{0, 90, 180, 270} {
		g, _ := pipeline.ToGray(img, false)
		want := darkBox(pipeline.Rotate90s(g, deg))
		up, _ := pipeline.ToGray(pipeline.RotateUpright(img, deg), false)
		if got := darkBox(up); got != want {
			t.Errorf("%d°: colour page's square at %v, gray page's at %v", deg, got, want)
		}
	}
}

func TestUprightWordsUndoesUpscale(t *testing.T) {
	words := []pipeline.Word{{Text: "Hà", Box: pipeline.Box{X: 200, Y: 100, W: 60, H: 40}}}
	tests := []struct {
		cw, ch, w, h int
		want         pipeline.Box
	}{
		{1000, 1400, 1000, 1400, pipeline.Box{X: 200, Y: 100, W: 60, H: 40}}, // same frame
		{2000, 2800, 1000, 1400, pipeline.Box{X: 100, Y: 50, W: 30, H: 20}},  // cleaned page upscaled ×2
	}
	for _, tt := range tests {
		got := pipeline.UprightWords(words, tt.cw, tt.ch, tt.w, tt.h, 0)
		if got[0].Box != tt.want || got[0].Text != "Hà" {
			t.Errorf("%d×%d → %d×%d: %+v, want %+v", tt.cw, tt.ch, tt.w, tt.h, got[0].Box, tt.want)
		}
	}
}
