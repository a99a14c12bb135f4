package pipeline

import (
	"context"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestRealScansSmoke runs the whole page pipeline on the real scans in
// ../shared/dev-data (next to the repository) when they are present. They
// are ~200 dpi scans with seals and handwriting; the test checks the pipeline
// reads them as upright Vietnamese text, not exact text.
func TestRealScansSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of full pages")
	}
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "shared", "dev-data", "real-scans", "pages")
	pages, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if len(pages) == 0 {
		t.Skipf("no real scans in %s", dir)
	}
	eng := newTestEngine(t)
	for _, p := range pages {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		res, err := ProcessPage(context.Background(), img, eng)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		t.Logf("%s: steps %v orientation %d skew %.2f confidence %.2f words %d timings %v",
			filepath.Base(p), res.Cleaned.Steps, res.Cleaned.Orientation, res.Cleaned.SkewDeg, res.OCR.Confidence, len(res.OCR.Words), res.Timings)
		if res.Cleaned.Orientation != 0 {
			t.Errorf("%s: upright scan turned by %d", filepath.Base(p), res.Cleaned.Orientation)
		}
		if res.OCR.Confidence < 0.7 || len(res.OCR.Words) < 50 {
			t.Errorf("%s: confidence %.2f, %d words", filepath.Base(p), res.OCR.Confidence, len(res.OCR.Words))
		}
	}
}
