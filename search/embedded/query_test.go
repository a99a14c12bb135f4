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

func TestSnippet(t *testing.T) {
	hl := parseQuery("ho so 56/2023/qd-ubnd").highlight()
	got := snippet("Về việc số hóa hồ sơ theo Quyết định 56/2023/QĐ-UBND <ngày 5>", hl)
	want := "Về việc <mark>số</mark> hóa <mark>hồ sơ</mark> theo Quyết định <mark>56/2023/QĐ-UBND</mark> &lt;ngày 5&gt;"
	if got != want {
		t.Errorf("snippet =\n%q, want\n%q", got, want)
	}
}

func TestTiers(t *testing.T) {
	tiers := parseQuery("Hồ sơ 56/2023").tiers()
	want := []string{
		`kw:"56/2023" AND fo:"ho" AND fo:"so"`,
		`(bi:"ho-so" AND ex:"hồ sơ") AND (kw:"56/2023" OR (bi:"56-2023" AND fo:"56 2023"))`,
		`(bi:"ho-so" AND fo:"ho so") AND (kw:"56/2023" OR (bi:"56-2023" AND fo:"56 2023"))`,
		`ex:"hồ" AND ex:"sơ" AND (kw:"56/2023" OR (bi:"56-2023" AND fo:"56 2023"))`,
		`fo:"ho" AND fo:"so" AND (kw:"56/2023" OR (bi:"56-2023" AND fo:"56 2023"))`,
	}
	if len(tiers) != len(want) {
		t.Fatalf("tiers = %q", tiers)
	}
	for i := range want {
		if tiers[i] != want[i] {
			t.Errorf("tier %d = %s\nwant      %s", i, tiers[i], want[i])
		}
	}
}
