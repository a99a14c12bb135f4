package vnwords

import (
	"slices"
	"testing"
)

func TestWordSeen(t *testing.T) {
	for _, c := range []struct {
		a, b       string
		word, seen bool
	}{
		{"chi", "tiết", true, true},
		{"chỉ", "tiết", false, false},
		{"tổ", "chức", true, true},
		{"tố", "chức", false, false},
		{"dân", "cư", true, true},
		{"đăng", "ký", true, true},
		{"đang", "ký", false, false},
		{"tiết", "chi", false, false},
		{"kỳ", "thi", true, true}, // listed as "kì thi"
		{"quý", "giá", true, true},
		{"tuyến", "sinh", false, false},
		{"đất", "để", false, true},    // running text, no word
		{"cộng", "hòa", true, true},   // listed as "cộng hoà"
		{"thủy", "lợi", true, true},   // listed as "thuỷ lợi"
		{"cộng", "hóa", false, false}, // another tone is no other spelling
	} {
		if got := Word(c.a, c.b); got != c.word {
			t.Errorf("Word(%q, %q) = %v, want %v", c.a, c.b, got, c.word)
		}
		if got := Seen(c.a, c.b); got != c.seen {
			t.Errorf("Seen(%q, %q) = %v, want %v", c.a, c.b, got, c.seen)
		}
	}
}

func TestAltTone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"hoà", "hòa"}, {"hòa", "hoà"}, {"khoẻ", "khỏe"}, {"thủy", "thuỷ"}, {"thuỷ", "thủy"},
		{"quý", "quý"}, {"hoàng", "hoàng"}, {"hoa", "hoa"}, {"tòa", "toà"}, {"xóa", "xoá"},
	} {
		if got := altTone(c.in); got != c.want {
			t.Errorf("altTone(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestVariants(t *testing.T) {
	for _, c := range []struct {
		s        string
		has, not []string
	}{
		{"chỉ", []string{"chi", "chí"}, []string{"chỉ", "chia"}},
		{"dần", []string{"dân", "đần"}, []string{"dần", "đâm"}},
		{"đang", []string{"đăng", "đàng", "dang"}, nil}, // a speck's bar across d
		{"đấu", []string{"dấu"}, []string{"dâu"}},
		{"đấy", []string{"đẩy"}, nil},
	} {
		got := Variants(c.s)
		for _, h := range c.has {
			if !slices.Contains(got, h) {
				t.Errorf("Variants(%q) = %v, missing %q", c.s, got, h)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("Variants(%q) = %v, has %q", c.s, got, n)
			}
		}
	}
}

// TestListsSorted: Word and Seen binary-search the lists, which the
// generator writes in byte order.
func TestListsSorted(t *testing.T) {
	Load()
	for name, l := range map[string][]string{"words.txt": words, "text.txt": text} {
		if len(l) < 50000 || !slices.IsSorted(l) {
			t.Errorf("%s: %d pairs, sorted %v", name, len(l), slices.IsSorted(l))
		}
	}
}

func TestPairs(t *testing.T) {
	if s, c := Pairs("số"), Pairs("sô"); s < 8*c || c == 0 {
		t.Errorf("Pairs(số) = %d, Pairs(sô) = %d: want số far more common", s, c)
	}
	if n := Pairs("xyzzy"); n != 0 {
		t.Errorf("Pairs(xyzzy) = %d, want 0", n)
	}
}

func TestMarkChanges(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"thấm", "thẩm", 1},   // tone changed
		{"thấm", "tham", 2},   // circumflex and tone dropped
		{"hô", "hồ", 1},       // tone added
		{"sơ", "sổ", 2},       // horn to circumflex, tone added
		{"đấu", "dấu", 1},     // the bar of đ
		{"Đông", "Dông", 1},   // capital đ
		{"tiên", "tiên", 0},   // the same
		{"tiên", "tiếng", -1}, // other letters
		{"ba", "bo", -1},
	} {
		if got := MarkChanges(c.a, c.b); got != c.want {
			t.Errorf("MarkChanges(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
