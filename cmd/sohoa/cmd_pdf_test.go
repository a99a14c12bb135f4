package main

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/disintegration/imaging"
	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/internal/corpus"
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
