package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

// TestPDFCommandRoundTrip: a page scanned sideways goes through `sohoa pdf`;
// the PDF's page is upright and pdftotext gives back the page's text (the
// OCR of it), NFC.
func TestPDFCommandRoundTrip(t *testing.T) {
	s := corpus.Render(4, 0, corpus.Options{Types: []string{corpus.TypeDecision}, Scale: 0.5})
	dir := t.TempDir()
	in, out := filepath.Join(dir, "scan.png"), filepath.Join(dir, "out.pdf")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, imaging.Rotate90(s.Image)); err != nil { // fed in sideways
		t.Fatal(err)
	}
	f.Close()
	if err := runPDF(context.Background(), []string{"--out", out, "--qr", "KQ:1;HS:2", in}); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", out).Output()
	if err != nil {
		t.Fatal(err)
	}
	var w, h float64
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Page size:"); ok {
			if _, err := fmtSscanf(strings.TrimSpace(v), &w, &h); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !(h > w) {
		t.Errorf("page is %.0f×%.0f pt, want portrait (turned upright)", w, h)
	}
	txt, err := exec.Command("pdftotext", out, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := string(txt)
	if !norm.NFC.IsNormalString(got) {
		t.Error("pdftotext output is not NFC")
	}
	have := map[string]bool{}
	for _, w := range strings.Fields(got) {
		have[w] = true
	}
	want := strings.Fields(s.Text)
	found := 0
	for _, w := range want {
		if have[w] {
			found++
		}
	}
	if share := float64(found) / float64(len(want)); share < 0.85 {
		t.Errorf("pdftotext gives %.0f%% of the printed words; got:\n%s", 100*share, got)
	}
	for _, w := range []string{"QUYẾT", "ĐỊNH", "Việt", "Nam"} {
		if !have[w] && !have[strings.ToUpper(w)] {
			t.Errorf("word %q missing from the PDF's text", w)
		}
	}
}

func fmtSscanf(s string, w, h *float64) (int, error) { return fmt.Sscanf(s, "%g x %g", w, h) }

// TestPDFCommandSplitsBatch: a batch scan with a cover sheet (QR with a
// dossier code) and a blank separator page comes out as three PDFs, the last
// two routed to the cover sheet's dossier.
func TestPDFCommandSplitsBatch(t *testing.T) {
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed (scripts/setup.sh installs it)")
	}
	dir := t.TempDir()
	small := func(i int, typ string) pdf.Page {
		s := corpus.Render(9, i, corpus.Options{Types: []string{typ}, Scale: 0.25})
		return pdf.Page{Image: s.Image, DPI: 300}
	}
	white := func(w, h, dpi int) pdf.Page {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
		return pdf.Page{Image: img, DPI: dpi}
	}
	write := func(name string, pages []pdf.Page, opts pdf.Options) string {
		var buf bytes.Buffer
		if err := pdf.Write(&buf, pages, opts); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, buf.Bytes(), 0o600)
		return p
	}
	a := write("a.pdf", []pdf.Page{small(0, corpus.TypeDecision)}, pdf.Options{})
	cover := write("cover.pdf", []pdf.Page{white(595, 842, 72)}, pdf.Options{QR: pipeline.CoverQRPrefix + "HS-7", QRSizeMM: 40})
	rest := write("rest.pdf", []pdf.Page{small(1, corpus.TypeNotice), white(620, 877, 300), small(2, corpus.TypeOfficialLetter)}, pdf.Options{})
	batch := filepath.Join(dir, "batch.pdf")
	if out, err := exec.Command("qpdf", "--empty", "--pages", a, cover, rest, "--", batch).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, out)
	}
	stdout, err := captureStdout(t, func() error {
		return runPDF(context.Background(), []string{"--split", "--out", filepath.Join(dir, "doc.pdf"), batch})
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ pages, dossier string }{{"[1]", ""}, {"[3]", "HS-7"}, {"[5]", "HS-7"}} {
		name := filepath.Join(dir, fmt.Sprintf("doc-%02d.pdf", i+1))
		line := fmt.Sprintf("%s\tpages %s\tdossier %s", name, want.pages, want.dossier)
		if !strings.Contains(stdout, line) {
			t.Errorf("output lacks %q:\n%s", line, stdout)
		}
		info, err := exec.Command("pdfinfo", name).Output()
		if err != nil || !strings.Contains(string(info), "Pages:           1") {
			t.Errorf("%s: %v\n%s", name, err, info)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "doc-04.pdf")); err == nil {
		t.Error("a fourth document was written")
	}
}
