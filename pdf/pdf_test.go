package pdf_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/pdf"
)

func pdftotext(t *testing.T, data []byte, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(args, in, "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	return string(out)
}

func pdfinfo(t *testing.T, data []byte) map[string]string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdfinfo", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v: %s", err, out)
	}
	m := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func paper(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: c}, image.Point{}, draw.Src)
	return img
}

// lineWords lays out the words of each line left to right.
func lineWords(lines [][]string) []pdf.Word {
	var ws []pdf.Word
	for li, line := range lines {
		x := 60
		for _, w := range line {
			width := 28 * len([]rune(w))
			ws = append(ws, pdf.Word{Text: w, X: x, Y: 100 + li*80, W: width, H: 50})
			x += width + 30
		}
	}
	return ws
}

func TestTextLayerRoundTripNFC(t *testing.T) {
	lines := [][]string{
		{"CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM"},
		{"Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc"},
		{"QUYẾT", "ĐỊNH"},
		// decomposed input must come out NFC
		{norm.NFD.String("Nguyễn"), norm.NFD.String("Thị"), norm.NFD.String("Hường")},
	}
	var buf bytes.Buffer
	err := pdf.Write(&buf, []pdf.Page{
		{Image: paper(1240, 800, color.RGBA{250, 245, 230, 255}), DPI: 150, Words: lineWords(lines)},
	}, pdf.Options{Title: "Quyết định"})
	if err != nil {
		t.Fatal(err)
	}
	got := pdftotext(t, buf.Bytes())
	for _, line := range lines {
		want := norm.NFC.String(strings.Join(line, " "))
		if !strings.Contains(got, want) {
			t.Errorf("pdftotext lacks line %q; got:\n%s", want, got)
		}
	}
	if !norm.NFC.IsNormalString(got) {
		t.Errorf("pdftotext output is not NFC: %q", got)
	}
	info := pdfinfo(t, buf.Bytes())
	for k, want := range map[string]string{
		"PDF version": "1.4", "Pages": "1", "Title": "Quyết định",
		"Page size": "595.2 x 384 pts", // 1240×800 px at 150 dpi
		"Encrypted": "no", "JavaScript": "no",
	} {
		if info[k] != want {
			t.Errorf("pdfinfo %s = %q, want %q", k, info[k], want)
		}
	}
}

func TestFontEmbeddedAndImageColour(t *testing.T) {
	var buf bytes.Buffer
	err := pdf.Write(&buf, []pdf.Page{
		{Image: paper(400, 300, color.RGBA{200, 30, 30, 255}), DPI: 100, Words: lineWords([][]string{{"Đỏ"}})},
	}, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, buf.Bytes(), 0o600)
	fonts, err := exec.Command("pdffonts", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v %s", err, fonts)
	}
	// columns: name, type, encoding, emb, sub, uni. fpdf subsets the font
	// but does not tag its name (so "sub" reads no); the file size shows it.
	if !strings.Contains(string(fonts), "CID TrueType      Identity-H       yes no  yes") {
		t.Errorf("font not embedded with ToUnicode:\n%s", fonts)
	}
	if buf.Len() > 60_000 {
		t.Errorf("PDF of one small page is %d bytes: font not subset?", buf.Len())
	}
	imgs, err := exec.Command("pdfimages", "-list", in).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfimages: %v %s", err, imgs)
	}
	if !strings.Contains(string(imgs), "400   300  rgb") || !strings.Contains(string(imgs), "100   100") {
		t.Errorf("page image not kept as 400×300 rgb at 100 dpi:\n%s", imgs)
	}
}

func TestQRCodeOnFirstPage(t *testing.T) {
	code := "KQ:000.00.21.H26-240918-0031-01;HS:000.00.21.H26-240918-0031"
	var buf bytes.Buffer
	white := paper(1240, 1754, color.RGBA{255, 255, 255, 255})
	err := pdf.Write(&buf, []pdf.Page{{Image: white, DPI: 150}, {Image: white, DPI: 150}}, pdf.Options{QR: code})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, buf.Bytes(), 0o600)
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", in, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	got := decodeQR(t, filepath.Join(dir, "p.png"))
	if got != code {
		t.Errorf("QR = %q, want %q", got, code)
	}
}

func decodeQR(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code found: %v", err)
	}
	return res.GetText()
}

func encodeJPEG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
