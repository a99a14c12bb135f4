package main

import (
	"image"
	"os"
	"path/filepath"
	"slices"
	"testing"
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
