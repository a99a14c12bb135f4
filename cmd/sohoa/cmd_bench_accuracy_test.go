package main

import (
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
)

// TestScanSource: bench accuracy -dir reads the one-page documents of a
// directory laid out as shared/dev-data/real-scans, each with its truth,
// and leaves out pages without a truth and documents of several pages.
func TestScanSource(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"pages", "gt"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"a_p1.png", "b_p1.png", "b_p2.png", "c.png", "d.png", "notes.txt"} {
		if err := writePNG(filepath.Join(dir, "pages", name), image.NewGray(image.Rect(0, 0, 400, 300))); err != nil {
			t.Fatal(err)
		}
	}
	for doc, text := range map[string]string{"a": "Số: 56/2023/QĐ-UBND", "b": "hai trang", "d": "ngày 05 tháng 6 năm 2023"} {
		if err := os.WriteFile(filepath.Join(dir, "gt", doc+".gt.txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := scanSource(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range src.pages {
		got = append(got, p.Name+": "+p.Text)
		img, err := p.load()
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if img.Bounds().Dx() != 400 || img.Bounds().Dy() != 300 {
			t.Errorf("%s: loaded %v", p.Name, img.Bounds())
		}
	}
	want := []string{"a: Số: 56/2023/QĐ-UBND", "d: ngày 05 tháng 6 năm 2023"}
	if !slices.Equal(got, want) {
		t.Errorf("pages %q, want %q", got, want)
	}
	if _, err := scanSource(t.TempDir()); err == nil {
		t.Error("a directory without pages gave no error")
	}
}

func TestCER(t *testing.T) {
	truth := "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BÌNH DƯƠNG\nĐộc lập - Tự do - Hạnh phúc\nSố: 56/2023/QĐ-UBND"
	var n float64 // the truth's characters, spaces within lines included
	for _, l := range strings.Split(truth, "\n") {
		n += float64(len(normText(l)))
	}
	cases := []struct {
		name string
		got  string
		errs int
	}{
		{"exact", truth, 0},
		{"two columns read across", "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BÌNH DƯƠNG Độc lập - Tự do - Hạnh phúc\nSố: 56/2023/QĐ-UBND", 0},
		{"one mark wrong", strings.Replace(truth, "HÒA", "HOA", 1), 1},
		// the lost line's best stretch is a space left between two others
		{"a line lost", strings.Replace(truth, "TỈNH BÌNH DƯƠNG\n", "", 1), len([]rune("TỈNH BÌNH DƯƠNG")) - 1},
		{"a word added", truth + "\nxyz", 3},
		{"a line read twice", truth + "\nTỈNH BÌNH DƯƠNG", len([]rune("TỈNHBÌNHDƯƠNG"))},
	}
	for _, c := range cases {
		if got, want := cer(truth, c.got), float64(c.errs)/n; math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: CER %.4f, want %.4f (%d errors)", c.name, got, want, c.errs)
		}
	}
}

// A page that repeats sentences, wrapped differently, read with a few
// slips has a few errors: its lines matched one by one, in any of the
// three orders, let lines take a repeat's text and charged sohoa's reading
// of seed 13's photocopied report-0003 88 errors (5.9%); aligned as a
// whole it has 8 ("#iải", "Tharfh", "kết-qưả", …).
func TestCERRepeatedSentences(t *testing.T) {
	s := corpus.Render(13, 3, corpus.Options{})
	got, err := os.ReadFile("testdata/report-0003-seed13-photocopy.ocr.txt")
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, l := range strings.Split(s.Text, "\n") {
		n += float64(len(normText(l)))
	}
	if c := cer(s.Text, string(got)); math.Abs(c-8/n) > 1e-9 {
		t.Errorf("%s: CER %.4f, want %.4f (8 errors)", s.Name, c, 8/n)
	}
}

// A page read exactly has no errors, whatever sentences its text repeats
// and however its lines wrap them (matching longest lines first alone
// charged 1–7% to 5 of these 72 pages).
func TestCERExactPages(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		for _, s := range corpus.Generate(seed, 24, corpus.Options{}) {
			if c := cer(s.Text, s.Text); c != 0 {
				t.Errorf("seed %d %s read exactly: CER %.4f", seed, s.Name, c)
			}
		}
	}
}
