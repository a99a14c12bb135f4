package embedded

import (
	"strings"
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
		`(bi:"ho-so" AND ex:"hồ" AND ex:"sơ") AND (kw:"56/2023" OR bi:"56-2023")`,
		`bi:"ho-so" AND (kw:"56/2023" OR bi:"56-2023")`,
		`ex:"hồ" AND ex:"sơ" AND (kw:"56/2023" OR bi:"56-2023")`,
		`fo:"ho" AND fo:"so" AND (kw:"56/2023" OR bi:"56-2023")`,
	}
	if len(tiers) != len(want) {
		t.Fatalf("tiers = %v", tiers)
	}
	for i := range want {
		if tiers[i].expr != want[i] {
			t.Errorf("tier %d = %s\nwant      %s", i, tiers[i].expr, want[i])
		}
	}
	// The exact phrase is confirmed on the text; a two-word folded phrase
	// is exactly its word pair and needs no check.
	if c := tiers[1].checks; len(c) != 1 || !c[0].exact || strings.Join(c[0].words, " ") != "hồ sơ" {
		t.Errorf("exact phrase tier checks = %+v", c)
	}
	if c := tiers[2].checks; len(c) != 0 {
		t.Errorf("folded phrase tier checks = %+v", c)
	}

	// A document number of four parts cited in the text is a phrase of
	// four words: confirmed, in a copy of the broad tier ranked above it.
	tiers = parseQuery("56/2023/QĐ-UBND").tiers()
	if n := len(tiers); n != 3 {
		t.Fatalf("tiers = %v", tiers)
	}
	if c := tiers[1].checks; len(c) != 1 || c[0].kw != "56/2023/qd-ubnd" || strings.Join(c[0].words, " ") != "56 2023 qd ubnd" {
		t.Errorf("confirmed broad tier checks = %+v", c)
	}
	if tiers[1].expr != tiers[2].expr || len(tiers[2].checks) != 0 {
		t.Errorf("last tiers = %+v", tiers[1:])
	}
}
