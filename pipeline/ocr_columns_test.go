package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestReadColumns reads a photocopied CCCD whose expiry label, under the
// photo, Tesseract merges with the address line beside it and reads as junk
// with it ("Cô đó trị đến !ate øí epdy lá HỆ hị Thanh,"). Read as two
// columns, the address line and the label come back, the label followed by
// its date (ADR 0627); a clean CMND, whose labels and larger values leave a
// gap but no gutter, reads the same either way.
func TestReadColumns(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	cards := corpus.Options{Types: []string{corpus.TypeCCCD, corpus.TypeCMND}}
	s := corpus.Render(2, 2, cards)
	img, _ := corpus.DegradeSample(s, corpus.Photocopy, 2+2) // bench accuracy's photocopy cccd-0002, seed 2
	const address, label = "Chí Thanh, phường Trung Hòa, quận Cầu", "Có giá trị đến / Date of expiry:\n01/11/2029"
	for _, noColumns := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{NoColumns: noColumns})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{address, label} {
			if got := strings.Contains(res.OCR.Text, want); got == noColumns {
				t.Errorf("NoColumns %v: %q read: %v; text:\n%s", noColumns, want, got, res.OCR.Text)
			}
		}
	}
	cmnd := corpus.Render(1, 0, cards)
	var texts [2]string
	for k, noColumns := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), cmnd.Image, eng, pipeline.PageOptions{NoColumns: noColumns})
		if err != nil {
			t.Fatal(err)
		}
		texts[k] = res.OCR.Text
	}
	if texts[0] != texts[1] {
		t.Errorf("clean CMND read differently with columns:\n%s\nwithout:\n%s", texts[0], texts[1])
	}
}

// TestReadColumnsSignatureBlock reads a photocopied decree whose signature
// block Tesseract merges: the recipients' list beside the signer's title,
// their rows apart, read "- Sở Nội vụ; P" and "TT ếP PHÓ THỦ TƯỚNG" for
// "- Lưu: VT, CP." and the title. Read as two columns, the list's last
// item comes back (ADR 0632).
func TestReadColumnsSignatureBlock(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(4, 4, corpus.Options{})
	img, _ := corpus.DegradeSample(s, corpus.Photocopy, 4+4) // bench accuracy's photocopy decree-0004, seed 4
	const item = "- Lưu: VT, CP"
	for _, noColumns := range []bool{false, true} {
		res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{NoColumns: noColumns})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(res.OCR.Text, item); got == noColumns {
			t.Errorf("NoColumns %v: %q read: %v; text:\n%s", noColumns, item, got, res.OCR.Text)
		}
	}
}
