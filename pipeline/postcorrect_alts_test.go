package pipeline

import (
	"context"
	"image"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/corpus"
)

// altWords makes one line of words from "word" or "word|at:alt,at:alt";
// an alternative's confidence is 0.6 (the read one's 0.9) unless written
// "at:alt/0.47".
func altWords(spec string) []Word {
	var ws []Word
	for i, f := range strings.Fields(spec) {
		text, alts, _ := strings.Cut(f, "|")
		w := Word{Text: text, Box: Box{X: 100 * i, W: 90, H: 30}}
		for _, a := range strings.Split(alts, ",") {
			if a == "" {
				continue
			}
			at, txt, _ := strings.Cut(a, ":")
			txt, c, ok := strings.Cut(txt, "/")
			conf := float32(0.6)
			if ok {
				f, _ := strconv.ParseFloat(c, 32)
				conf = float32(f)
			}
			w.Alts = append(w.Alts, Alt{At: int(at[0] - '0'), Text: txt, Conf: conf, Best: 0.9})
		}
		ws = append(ws, w)
	}
	return ws
}

func TestChooseAlts(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"second choice makes a word", "Phạt tiên|2:ề số", "Phạt tiền số"},
		{"no alternatives: as read", "Phạt tiên số", "Phạt tiên số"},
		{"marks kept", "Phạt tiên,|2:ề số", "Phạt tiền, số"},
		{"a mark before the word shifts nothing", "Phạt 'tiên|3:ề", "Phạt 'tiên"}, // the mark stands between: no pair
		{"read as a word: kept", "kiểm|2:ế tra", "kiểm tra"},
		{"capitals: the image decides", "GIÂY|2:Ấ CHỨNG", "GIẤY CHỨNG"},
		{"a letter other than its marks is not taken", "niêm vết|0:y tại", "niêm vết tại"},
		{"two readings make words: as read", "tố|1:ổ,1:ồ chức", "tổ chức"},
		{"amount in đồng", "Phạt 679.500.000 đông|1:ồ đối", "Phạt 679.500.000 đồng đối"},
		{"amount, no evidence: as read", "Phạt 679.500.000 đông đối", "Phạt 679.500.000 đông đối"},
		{"a date is no amount", "ngày 12.05.2023 đông|1:ồ đối", "ngày 12.05.2023 đông đối"},
		{"numbers are never changed", "số 679.500.000|0:6 đồng", "số 679.500.000 đồng"},
		{"a rare syllable where a common one was close", "Huy, sô|1:ố định danh", "Huy, số định danh"},
		{"a rare capitalised word is a name", "Huy, Sô|1:ố định danh", "Huy, Sô định danh"},
		{"capitals need a closer alternative", "TRIỆU THANH YẾN|1:Ê/0.47", "TRIỆU THANH YẾN"},
		{"a lowercase word takes it", "thanh yến|1:ê/0.47", "thanh yên"},
		{"capitals, close", "THANH YẾN|1:Ê/0.6", "THANH YÊN"},
	}
	for _, tt := range tests {
		ws := altWords(tt.in)
		before := slices.Clone(ws)
		got, changed := chooseAlts(ws)
		if s := textFromWords(got); s != tt.want {
			t.Errorf("%s: chooseAlts(%q) = %q, want %q", tt.name, tt.in, s, tt.want)
		}
		if changed != (textFromWords(got) != textFromWords(before)) {
			t.Errorf("%s: changed = %v", tt.name, changed)
		}
		for i := range ws {
			if ws[i].Text != before[i].Text {
				t.Errorf("%s: the caller's words were written to", tt.name)
			}
		}
	}
}

// TestChooseAltsTwoReadings: "tố" with ổ and ồ close: "tổ chức" is a
// word, "tồ chức" is none, so one reading is left and it is taken; with
// two readings that are words nothing is chosen.
func TestChooseAltsTwoReadings(t *testing.T) {
	ws := altWords("bạn|1:ạ,1:a hành")
	got, _ := chooseAlts(ws)
	if s := textFromWords(got); s != "bạn hành" && s != "ban hành" {
		t.Errorf("got %q", s)
	}
}

func TestIsAmount(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"679.500.000", true}, {"1.000", true}, {"1,250,000", true},
		{"12.05.2023", false}, {"2023", false}, {"1000.000", false}, {"5.5", false}, {"(679.500.000", false},
	} {
		tok := altTokens([]Word{{Text: tt.s}})[0]
		if got := isAmount(tok); got != tt.want {
			t.Errorf("isAmount(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestRecognizeAlternatives reads a photocopied card with real Tesseract,
// with and without choice mode: the text is the same, and only with it do
// words carry alternatives, each another character within altMargin of
// the one read (or above it: the beam search's best path need not take
// each character's best).
func TestRecognizeAlternatives(t *testing.T) {
	eng := newTestEngine(t)
	s := corpus.Render(5, 0, corpus.Options{Types: []string{corpus.TypeCMND}})
	deg, _ := corpus.DegradeSample(s, corpus.Photocopy, 5)
	res, err := ProcessPageOptions(context.Background(), deg, eng, PageOptions{NoPostCorrect: true, NoAlts: true})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Cleaned.Image
	read := func(on bool) PageText {
		t.Helper()
		if err := eng.SetAlternatives(on); err != nil {
			t.Fatal(err)
		}
		defer eng.SetAlternatives(false)
		pt, err := eng.Recognize(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		return pt
	}
	off, on := read(false), read(true)
	if on.Text != off.Text {
		t.Errorf("choice mode changed the text:\n%s\n---\n%s", off.Text, on.Text)
	}
	n := 0
	for _, w := range off.Words {
		if len(w.Alts) > 0 {
			t.Fatalf("alternatives without choice mode: %q %v", w.Text, w.Alts)
		}
	}
	for _, w := range on.Words {
		rs := []rune(w.Text)
		for _, a := range w.Alts {
			n++
			if a.At < 0 || a.At >= len(rs) || utf8.RuneCountInString(a.Text) != 1 || a.Text == string(rs[a.At]) ||
				a.Best-a.Conf > altMargin {
				t.Errorf("word %q: bad alternative %+v", w.Text, a)
			}
		}
	}
	if n == 0 {
		t.Error("no alternatives on a photocopied card")
	}
}

// TestPhotocopyGetsAlternatives: ProcessPage records alternatives on a
// photocopy (choice mode on) and not on a clean scan (off: no cost).
func TestPhotocopyGetsAlternatives(t *testing.T) {
	eng := newTestEngine(t)
	s := corpus.Render(5, 0, corpus.Options{Types: []string{corpus.TypeCMND}})
	for _, tt := range []struct {
		deg  corpus.Degradation
		want bool
	}{{corpus.Photocopy, true}, {corpus.Clean, false}} {
		var img image.Image = s.Image
		if tt.deg != corpus.Clean {
			img, _ = corpus.DegradeSample(s, tt.deg, 5)
		}
		res, err := ProcessPageOptions(context.Background(), img, eng, PageOptions{NoPostCorrect: true})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(res.OCR.Words, func(w Word) bool { return len(w.Alts) > 0 })
		if got != tt.want {
			t.Errorf("%s: words with alternatives %v, want %v", tt.deg, got, tt.want)
		}
	}
}
