package workers_test

import (
	"bytes"
	"context"
	"image"
	_ "image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

// layerWords lays text out one invisible word per box, as a PDF producer's
// text layer would.
func layerWords(text string) []pdf.Word {
	var ws []pdf.Word
	for li, line := range strings.Split(text, "\n") {
		x := 60
		for _, w := range strings.Fields(line) {
			width := 12 * len([]rune(w))
			ws = append(ws, pdf.Word{Text: w, X: x, Y: 80 + li*30, W: width, H: 20})
			x += width + 12
		}
	}
	return ws
}

// TestMultiPagePDFThroughQueue sends a 3-page PDF through the real worker
// on real Redis: page 1 is a scan without a text layer (OCRed), page 2 is
// born digital (its layer is used, no OCR), page 3 carries a layer in a
// legacy TCVN3 font (garbage: OCRed). The record lists the pages in order
// and names a searchable PDF whose text comes back through pdftotext.
func TestMultiPagePDFThroughQueue(t *testing.T) {
	s := startSystem(t)
	ctx := context.Background()
	opts := func(typ string) corpus.Options { return corpus.Options{Types: []string{typ}, Scale: 0.5} }
	p1 := corpus.Render(11, 0, opts(corpus.TypeDecision))
	p2 := corpus.Render(11, 1, opts(corpus.TypeNotice))
	p3 := corpus.Render(11, 2, opts(corpus.TypeOfficialLetter))
	garbage := "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nQuyÕt ®Þnh vÒ viÖc c«ng bè thñ tôc hµnh chÝnh"
	var src bytes.Buffer
	err := pdf.Write(&src, []pdf.Page{
		{Image: p1.Image, DPI: p1.DPI},
		{Image: p2.Image, DPI: p2.DPI, Words: layerWords(p2.Text)},
		{Image: p3.Image, DPI: p3.DPI, Words: layerWords(garbage)},
	}, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const dossier = "000.00.21.H26-240918-0031"
	sub, err := s.sub.Submit(ctx, bytes.NewReader(src.Bytes()), int64(src.Len()), workers.Upload{Filename: "hoso.pdf", Dossier: dossier})
	if err != nil {
		t.Fatal(err)
	}
	rec := s.waitRecord(t, sub.DocID, 3*time.Minute)

	if len(rec.Pages) != 3 {
		t.Fatalf("record has %d pages, want 3", len(rec.Pages))
	}
	for i, pg := range rec.Pages {
		if pg.Number != i+1 || pg.Error != "" || pg.Words == nil {
			t.Errorf("page %d: number %d, error %q, words %v", i+1, pg.Number, pg.Error, pg.Words)
		}
	}
	usedLayer := func(pg record.Page) bool { return len(pg.Steps) == 1 && pg.Steps[0] == workers.StepTextLayer }
	if usedLayer(rec.Pages[0]) || !usedLayer(rec.Pages[1]) || usedLayer(rec.Pages[2]) {
		t.Errorf("steps %v / %v / %v: want OCR, text layer, OCR", rec.Pages[0].Steps, rec.Pages[1].Steps, rec.Pages[2].Steps)
	}
	if vntext.CollapseSpace(rec.Pages[1].Text) != vntext.CollapseSpace(p2.Text) {
		t.Errorf("born-digital page text differs from its layer:\n%s\nwant\n%s", rec.Pages[1].Text, p2.Text)
	}
	if !strings.Contains(vntext.Fold(rec.Pages[0].Text), "quyet dinh") {
		t.Errorf("page 1 OCR lacks the title: %q", rec.Pages[0].Text)
	}
	if strings.Contains(rec.Pages[2].Text, "ViÖt") || !strings.Contains(vntext.Fold(rec.Pages[2].Text), "viet nam") {
		t.Errorf("page 3 text is the garbage layer or unreadable: %q", rec.Pages[2].Text)
	}
	// the document text is the pages' text in order
	i1, i2, i3 := strings.Index(rec.Text, rec.Pages[0].Text), strings.Index(rec.Text, rec.Pages[1].Text), strings.Index(rec.Text, rec.Pages[2].Text)
	if i1 != 0 || i2 <= i1 || i3 <= i2 {
		t.Errorf("document text is not pages 1,2,3 in order (%d %d %d)", i1, i2, i3)
	}

	var pdfObj *record.Object
	for i, a := range rec.Artefacts {
		if a.ContentType == "application/pdf" {
			pdfObj = &rec.Artefacts[i]
		}
	}
	if pdfObj == nil {
		t.Fatalf("no searchable PDF among artefacts %+v", rec.Artefacts)
	}
	rc, err := s.archive.Open(ctx, *pdfObj)
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "out.pdf")
	os.WriteFile(file, out, 0o600)
	info, err := exec.Command("pdfinfo", file).CombinedOutput()
	if err != nil || !strings.Contains(string(info), "Pages:           3") {
		t.Errorf("pdfinfo: %v\n%s", err, info)
	}
	for n, pg := range rec.Pages {
		txt, err := exec.Command("pdftotext", "-f", itoa(n+1), "-l", itoa(n+1), file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := wordSet(string(txt)), strings.Fields(pg.Text); overlap(got, want) < 0.9 {
			t.Errorf("page %d: pdftotext gives %.0f%% of the page's words; got\n%s", n+1, 100*overlap(got, want), txt)
		}
	}
	// the QR code in the first page's corner names the result and dossier
	if err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, filepath.Join(dir, "p1")).Run(); err != nil {
		t.Fatal(err)
	}
	if got, want := readQR(t, filepath.Join(dir, "p1.png")), "KQ:"+sub.DocID+";HS:"+dossier; got != want {
		t.Errorf("QR code = %q, want %q", got, want)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(vntext.NFC(s)) {
		m[w] = true
	}
	return m
}

// overlap is the share of want's words found in got.
func overlap(got map[string]bool, want []string) float64 {
	if len(want) == 0 {
		return 0
	}
	n := 0
	for _, w := range want {
		if got[w] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

func readQR(t *testing.T, path string) string {
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
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code on page 1: %v", err)
	}
	return res.GetText()
}

// An encrypted PDF and a corrupt one get a failed record that says why.
func TestBadPDFUploadsFailWithReason(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed (scripts/setup.sh installs it)")
	}
	s := startSystem(t)
	ctx := context.Background()
	page := corpus.Render(12, 0, corpus.Options{Scale: 0.1})
	var plain bytes.Buffer
	if err := pdf.Write(&plain, []pdf.Page{{Image: page.Image, DPI: page.DPI}}, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src, enc := filepath.Join(dir, "plain.pdf"), filepath.Join(dir, "enc.pdf")
	os.WriteFile(src, plain.Bytes(), 0o600)
	if out, err := exec.Command("qpdf", "--encrypt", "user-pw", "owner-pw", "256", "--", src, enc).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	encrypted, _ := os.ReadFile(enc)
	for _, tt := range []struct {
		name, want string
		data       []byte
	}{
		{"encrypted.pdf", "encrypted PDF", encrypted},
		{"corrupt.pdf", "corrupt PDF", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n")},
	} {
		sub, err := s.sub.Submit(ctx, bytes.NewReader(tt.data), int64(len(tt.data)), workers.Upload{Filename: tt.name})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var rec *record.Document
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if rec, err = s.archive.Latest(ctx, sub.DocID); err == nil {
				break
			}
		}
		if rec == nil || rec.Status != record.StatusFailed || !strings.Contains(rec.Error, tt.want) {
			t.Errorf("%s: record %+v, want failed with %q", tt.name, rec, tt.want)
		}
	}
}
