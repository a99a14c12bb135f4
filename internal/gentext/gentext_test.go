package gentext

import (
	"regexp"
	"testing"

	"github.com/sohoa/sohoa/internal/vntext"
)

func TestDeterministicAndPlausible(t *testing.T) {
	g := New(7)
	types := map[string]int{}
	idRE := regexp.MustCompile(`^\d{12}$`)
	for i := range 2000 {
		a, b := g.Doc(i), New(7).Doc(i)
		if a.Text != b.Text || a.Fields["doc_number"] != b.Fields["doc_number"] {
			t.Fatalf("doc %d differs between equal seeds", i)
		}
		types[a.DocType]++
		if a.Text != vntext.NFC(a.Text) {
			t.Fatalf("doc %d text is not NFC", i)
		}
		if id := a.Fields["id_number"]; id != "" && !idRE.MatchString(id) {
			t.Errorf("doc %d: id_number %q", i, id)
		}
		if a.Fields["issue_date"] == "" {
			t.Errorf("doc %d (%s) has no issue date", i, a.DocType)
		}
		if n := a.Fields["doc_number"]; n != "" && !regexp.MustCompile(`\d`).MatchString(n) {
			t.Errorf("doc %d: doc_number %q", i, n)
		}
	}
	for _, typ := range []string{"cccd", "decision", "official_letter", "birth_certificate", "business_registration"} {
		if types[typ] < 40 {
			t.Errorf("only %d %s documents in 2000", types[typ], typ)
		}
	}
	if New(8).Doc(0).Text == New(7).Doc(0).Text {
		t.Error("different seeds generate the same document")
	}
}
