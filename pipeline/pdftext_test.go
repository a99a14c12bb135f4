package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

func TestCheckTextLayer(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		usable bool
		reason string
	}{
		{"unicode Vietnamese", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính của UBND tỉnh", true, ""},
		{"without diacritics", "Cong hoa xa hoi chu nghia Viet Nam\nDoc lap Tu do Hanh phuc", true, ""},
		{"with numbers and abbreviations", "Số: 56/2023/QĐ-UBND ngày 12/03/2023 của UBND quận Cầu Giấy về CCCD", true, ""},
		{"TCVN3 (ABC) font", "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nQuyÕt ®Þnh vÒ viÖc c«ng bè thñ tôc hµnh chÝnh", false, "garbage"},
		{"VNI font", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\nQuyeát ñònh veà vieäc coâng boá", false, "garbage"},
		{"private use glyphs", strings.Repeat("\ue012\ue044\ue101 ", 20) + "Quyết định về việc", false, "private-use"},
		{"replacement characters", strings.Repeat("Quy\ufffd\ufffdt \ufffd\ufffdnh ", 8), false, "replacement"},
		{"letters that fold to no words", "Qxz kjhtr pwqz vbnm zzkt frgh wxyq lkjh mnbv", false, "garbage"},
		{"no layer (a scan)", "  \n\f", false, "no usable text layer"},
		{"a few letters", "Trang 3", false, "no usable text layer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := pipeline.CheckTextLayer(tt.text)
			if q.Usable != tt.usable || !strings.Contains(q.Reason, tt.reason) {
				t.Errorf("CheckTextLayer = %+v, want usable=%v reason ~ %q", q, tt.usable, tt.reason)
			}
		})
	}
}

// layoutWords lays text out one word box per word, one row per line, as an
// OCR of the page would (the boxes are plausible, not measured).
func layoutWords(text string, scale float64) []pdf.Word {
	var ws []pdf.Word
	for li, line := range strings.Split(text, "\n") {
		x := 150.0
		for _, w := range strings.Fields(line) {
			width := float64(len([]rune(w))) * 25
			ws = append(ws, pdf.Word{Text: w, X: int(x * scale), Y: int((200 + float64(li)*60) * scale), W: int(width * scale), H: int(40 * scale)})
			x += width + 25
		}
	}
	return ws
}

// A born-digital page's layer is read back word for word with its boxes;
// a page whose layer is mojibake is flagged for OCR.
func TestPDFTextLayerBornDigitalAndGarbage(t *testing.T) {
	s := corpus.Render(3, 0, corpus.Options{Types: []string{corpus.TypeDecision}, Scale: 0.25})
	garbage := "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nQuyÕt ®Þnh vÒ viÖc c«ng bè thñ tôc hµnh chÝnh"
	data := writePDF(t, []pdf.Page{
		{Image: s.Image, DPI: s.DPI, Words: layoutWords(s.Text, 0.25)},
		{Image: s.Image, DPI: s.DPI, Words: layoutWords(garbage, 0.25)},
		{Image: s.Image, DPI: s.DPI}, // a scan without a layer
	})
	pages, err := pipeline.PDFTextLayer(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("%d pages, want 3", len(pages))
	}
	if !pages[0].Quality.Usable {
		t.Errorf("born-digital page judged unusable: %+v", pages[0].Quality)
	}
	wantWords := strings.Fields(s.Text)
	var gotWords []string
	for _, w := range pages[0].Words {
		gotWords = append(gotWords, w.Text)
	}
	if strings.Join(gotWords, " ") != strings.Join(wantWords, " ") {
		t.Errorf("layer words differ from the printed text:\ngot  %q\nwant %q", gotWords, wantWords)
	}
	// boxes come back where they were put: first word at (150,200)·0.25 px
	// of a page drawn at s.DPI, in pixels of the page at that resolution
	pt := pages[0].PageText(s.Image.Rect.Dx(), s.Image.Rect.Dy())
	if b := pt.Words[0].Box; b.X < 35 || b.X > 40 || b.Y < 46 || b.Y > 54 {
		t.Errorf("first word box %+v, want near (37,50)", b)
	}
	if pages[1].Quality.Usable || !strings.Contains(pages[1].Quality.Reason, "garbage") {
		t.Errorf("mojibake page judged %+v, want garbage", pages[1].Quality)
	}
	if pages[2].Quality.Usable || pages[2].Text != "" {
		t.Errorf("page without layer: %+v %q", pages[2].Quality, pages[2].Text)
	}
}
