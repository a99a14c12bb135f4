package embedded

import (
	"testing"
	"unicode/utf8"

	"github.com/sohoa/sohoa/internal/vntext"
)

func TestFoldMatchesVntext(t *testing.T) {
	for r := rune(0); r < 0x2000; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := vntext.NFC("a" + string(r) + "Đ ộ")
		if got, want := fold(s), vntext.Fold(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"Quyết định số 56/2023/QĐ-UBND", "ẮẰẲẴẶ ộổỗ ữự ỹ", "中文 ho so"} {
		if got, want := fold(s), vntext.Fold(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestKeywordTokens(t *testing.T) {
	got := keywordTokens("56/2023/QĐ-UBND")
	want := []string{"56/2023/qd-ubnd", "56/2023/qd", "56/2023"}
	if len(got) != len(want) {
		t.Fatalf("keywordTokens = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("keywordTokens = %q, want %q", got, want)
		}
	}
	for tok, want := range map[string]bool{"56/2023": true, "001190012345": true, "QĐ-UBND": false, "2023": false, "hồ": false, "1123/UBND-VP": true} {
		if isKeyword(tok) != want {
			t.Errorf("isKeyword(%q) = %v", tok, !want)
		}
	}
}
