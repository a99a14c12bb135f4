package pipeline

import (
	"context"
	"fmt"
	"image"
	"testing"
)

// spreadLine reads a line image as its words, spread evenly over its
// width, the i-th with confidence confs[i].
type spreadLine struct {
	words []string
	confs []float64
	calls int
}

func (f *spreadLine) RecognizeLine(_ context.Context, img *image.Gray) (PageText, error) {
	f.calls++
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var pt PageText
	for i, s := range f.words {
		pt.Words = append(pt.Words, Word{Text: s, Confidence: f.confs[i], Box: Box{X: i * w / len(f.words), W: w / len(f.words), H: h}})
	}
	return pt, nil
}

func TestRereadDoubtfulWords(t *testing.T) {
	tests := []struct {
		name       string
		line       [3]string // the first reading; the middle word is the doubtful one
		conf       float64   // the middle word's confidence
		reread     string    // the re-read of the middle word
		rereadConf float64
		want       string // the middle word after
	}{
		{"low confidence, surer re-read", [3]string{"Lưu:", "VI,", "SYT."}, 0.2, "VT,", 0.9, "VT,"},
		{"confident words are not re-read", [3]string{"Lưu:", "VI,", "SYT."}, 0.6, "VT,", 0.9, "VI,"},
		{"re-read not surer by enough", [3]string{"Lưu:", "VI,", "SYT."}, 0.3, "VT,", 0.45, "VI,"},
		{"numbers stay", [3]string{"ngày", "01/07/2024,", "đoàn"}, 0.2, "01707/2024,", 0.9, "01/07/2024,"},
		{"punctuation alone stays", [3]string{"Tư", "pháp;", "Sở"}, 0.3, "pháp:", 0.9, "pháp;"},
		{"a syllable is not traded for none", [3]string{"CHỦ", "TỊCH", "UBND"}, 0.4, "TICH", 0.9, "TỊCH"},
		{"no foreign letters", [3]string{"Căn", "Số", "cước"}, 0.3, "sø", 0.9, "Số"},
		{"no bracket for a stroke", [3]string{"TỜ", "KHAI", "SINH"}, 0.3, "KHA]", 0.9, "KHAI"},
		{"a syllable in a dictionary pair stays", [3]string{"theo", "quy", "định"}, 0.4, "quý", 0.9, "quy"},
		{"a syllable with no pair may change", [3]string{"LÝ", "THỨ", "THANH"}, 0.4, "THƯ", 0.9, "THƯ"},
	}
	g := image.NewGray(image.Rect(0, 0, 600, 200))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pt PageText
			for i, s := range tt.line {
				c := 0.95
				if i == 1 {
					c = tt.conf
				}
				pt.Words = append(pt.Words, Word{Text: s, Confidence: c, Box: Box{X: 100 + 120*i, Y: 50, W: 100, H: 30}})
			}
			pt.Text = textFromWords(pt.Words)
			lr := &spreadLine{words: []string{tt.line[0], tt.reread, tt.line[2]}, confs: []float64{0.95, tt.rereadConf, 0.95}}
			got, n, err := RereadDoubtfulWords(context.Background(), g, pt, lr)
			if err != nil {
				t.Fatal(err)
			}
			if n != lr.calls {
				t.Errorf("reported %d re-reads, made %d", n, lr.calls)
			}
			if tt.conf >= doubtConf && lr.calls != 0 {
				t.Errorf("re-read a line with no doubtful word")
			}
			if got.Words[1].Text != tt.want {
				t.Errorf("middle word %q, want %q", got.Words[1].Text, tt.want)
			}
			if got.Words[0].Text != tt.line[0] || got.Words[2].Text != tt.line[2] {
				t.Errorf("neighbours changed: %q %q", got.Words[0].Text, got.Words[2].Text)
			}
			if want := textFromWords(got.Words); got.Text != want {
				t.Errorf("text %q does not follow the words %q", got.Text, want)
			}
		})
	}
}

// A word misread with low confidence on a real Tesseract page is read
// again with its neighbours and comes back as printed; the rest stays.
func TestRereadDoubtfulWordsTesseract(t *testing.T) {
	eng := newTestEngine(t)
	img := renderPage(t, []string{"Căn cứ Luật Tổ chức chính quyền địa phương", "- Lưu: VT, Sở Tư pháp."}, 1200, 36)
	g, _ := ToGray(img, false)
	pt, err := eng.Recognize(context.Background(), g)
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i, w := range pt.Words {
		if w.Text == "chức" {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("Tesseract did not read %q in %q", "chức", pt.Text)
	}
	want := pt.Text
	pt.Words[at].Text, pt.Words[at].Confidence = "chúc", 0.1 // as a blurred copy reads it
	pt.Text = textFromWords(pt.Words)
	got, n, err := RereadDoubtfulWords(context.Background(), g, pt, eng)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d images read again, want 1", n)
	}
	if got.Text != want {
		t.Errorf("after the re-read %q, want %q", got.Text, want)
	}
}

func TestDoubtSpans(t *testing.T) {
	idx := []int{10, 11, 12, 13, 14, 15, 16}
	tests := []struct {
		doubt []int
		want  [][]int
	}{
		{[]int{10}, [][]int{{10, 11}}},                       // the first word: one neighbour
		{[]int{13}, [][]int{{12, 13, 14}}},                   // one each side
		{[]int{12, 14}, [][]int{{11, 12, 13, 14, 15}}},       // overlapping spans merge
		{[]int{11, 15}, [][]int{{10, 11, 12}, {14, 15, 16}}}, // a word between: two images
		{[]int{16}, [][]int{{15, 16}}},
	}
	for _, tt := range tests {
		got := doubtSpans(idx, tt.doubt)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("doubtSpans(%v) = %v, want %v", tt.doubt, got, tt.want)
		}
	}
}
