package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestReadMergedLines reads photocopied pages through ProcessPageOptions,
// with and without NoColumns (ADR 0644):
//   - a report whose issuing body, two lines of small capitals beside the
//     quốc hiệu, Tesseract fits into one line ("UBND TH HAY DỤNG MINH" for
//     "UBND THÀNH PHỐ HỒ CHÍ MINH" over "SỞ XÂY DỰNG"): read again as a
//     block, both lines come back;
//   - a letter whose recipients' list is read again as a block: its last
//     item keeps the dash that opens it.
func TestReadMergedLines(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	for _, tc := range []struct {
		name       string
		seed       int64
		index      int
		want       []string
		onlyMerged bool // read right only when blocks are read again
	}{
		{"issuing body", 25, 7, []string{"UBND THÀNH PHỐ HỒ CHÍ MINH", "SỞ XÂY DỰNG"}, true}, // report-0007
		{"a list item's dash", 7, 2, []string{"- Lưu: VT, SGDĐT."}, false},                   // official_letter-0002
	} {
		s := corpus.Render(tc.seed, tc.index, corpus.Options{})
		img, _ := corpus.DegradeSample(s, corpus.Photocopy, tc.seed+int64(tc.index)) // as bench accuracy degrades it
		for _, noColumns := range []bool{false, true} {
			res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{NoColumns: noColumns})
			if err != nil {
				t.Fatal(err)
			}
			got := true
			for _, w := range tc.want {
				got = got && strings.Contains(res.OCR.Text, w)
			}
			if want := !noColumns || !tc.onlyMerged; got != want {
				t.Errorf("%s, NoColumns %v: %q read: %v; text:\n%s", tc.name, noColumns, tc.want, got, res.OCR.Text)
			}
		}
	}
}
