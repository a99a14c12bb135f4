package corpus

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var small = Options{Scale: 0.35}

func implementedTypes() []string {
	var out []string
	for _, t := range DocTypes() {
		if _, ok := builders[t]; ok {
			out = append(out, t)
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	opts := Options{Scale: 0.3, Types: implementedTypes()}
	for i := range len(opts.Types) {
		a, b := Render(42, i, opts), Render(42, i, opts)
		if a.Name != b.Name || a.Text != b.Text || !bytes.Equal(a.Image.Pix, b.Image.Pix) {
			t.Fatalf("sample %d differs between two renders", i)
		}
		c := Render(43, i, opts)
		if c.Text == a.Text {
			t.Errorf("sample %d: seeds 42 and 43 give the same text", i)
		}
	}
}

func TestTextIndependentOfScale(t *testing.T) {
	for _, typ := range implementedTypes() {
		a := Render(7, 0, Options{Scale: 0.3, Types: []string{typ}})
		b := Render(7, 0, Options{Scale: 1, DPI: 200, Types: []string{typ}})
		if a.Text != b.Text {
			t.Errorf("%s: text differs between scales", typ)
		}
		if a.DPI != 90 || b.DPI != 200 {
			t.Errorf("%s: DPI %d and %d, want 90 and 200", typ, a.DPI, b.DPI)
		}
	}
}

var isoRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func TestGroundTruth(t *testing.T) {
	opts := Options{Scale: 0.2, Types: implementedTypes()}
	for _, s := range Generate(3, 3*len(opts.Types), opts) {
		if !utf8.ValidString(s.Text) || !norm.NFC.IsNormalString(s.Text) {
			t.Errorf("%s: text not valid NFC", s.Name)
		}
		lines := strings.Split(strings.TrimSuffix(s.Text, "\n"), "\n")
		for _, l := range lines {
			if l == "" || strings.TrimSpace(l) != l || strings.Contains(l, "  ") {
				t.Errorf("%s: badly formed line %q", s.Name, l)
			}
		}
		for k, v := range s.Fields {
			if !norm.NFC.IsNormalString(v) {
				t.Errorf("%s: field %s not NFC", s.Name, k)
			}
			switch k {
			case FieldIssueDate, FieldDateOfBirth, FieldExpiryDate:
				if !isoRe.MatchString(v) {
					t.Errorf("%s: %s = %q, want ISO date", s.Name, k, v)
				} else if _, err := time.Parse("2006-01-02", v); err != nil {
					t.Errorf("%s: %s = %q: %v", s.Name, k, v, err)
				}
			case FieldEnterpriseCode:
				if !ValidEnterpriseCode(v) {
					t.Errorf("%s: enterprise code %q invalid", s.Name, v)
				}
			case FieldIDNumber, FieldDocNumber, FieldSex, FieldNationality:
				if !strings.Contains(s.Text, v) {
					t.Errorf("%s: field %s = %q not in the printed text", s.Name, k, v)
				}
			default:
				// Longer fields are printed verbatim but may wrap or share
				// rows with another column: every word must be printed.
				words := map[string]bool{}
				for _, w := range strings.Fields(s.Text) {
					words[w] = true
				}
				for _, w := range strings.Fields(v) {
					if !words[w] {
						t.Errorf("%s: field %s = %q: word %q not printed", s.Name, k, v, w)
					}
				}
			}
		}
		if id, ok := s.Fields[FieldIDNumber]; ok && len(id) == 12 {
			year := 0
			if dob, ok := s.Fields[FieldDateOfBirth]; ok {
				tm, _ := time.Parse("2006-01-02", dob)
				year = tm.Year()
			}
			if !ValidIDNumber(id, s.Fields[FieldSex], year) {
				t.Errorf("%s: id %s inconsistent with sex %q, birth year %d", s.Name, id, s.Fields[FieldSex], year)
			}
		}
	}
}

func TestEnterpriseCheckDigit(t *testing.T) {
	// Known codes from python-stdnum's stdnum.vn.mst doctests.
	for _, c := range []struct {
		code string
		ok   bool
	}{{"0100233488", true}, {"0314409058", true}, {"0100233480", false}, {"01002334", false}} {
		if got := ValidEnterpriseCode(c.code); got != c.ok {
			t.Errorf("ValidEnterpriseCode(%q) = %v, want %v", c.code, got, c.ok)
		}
	}
}

func TestIDNumber(t *testing.T) {
	cases := []struct {
		prov      string
		male      bool
		year      int
		want      string
		sex       string
		checkYear int
	}{
		{"001", true, 1989, "001089012345", "Nam", 1989},
		{"079", false, 1995, "079195012345", "Nữ", 1995},
		{"096", true, 2003, "096203012345", "Nam", 2003},
		{"048", false, 2010, "048310012345", "Nữ", 2010},
	}
	for _, c := range cases {
		got := IDNumber(c.prov, c.male, c.year, 12345)
		if got != c.want {
			t.Errorf("IDNumber(%s,%v,%d) = %s, want %s", c.prov, c.male, c.year, got, c.want)
		}
		if !ValidIDNumber(got, c.sex, c.checkYear) {
			t.Errorf("ValidIDNumber(%s) = false", got)
		}
	}
	for _, bad := range []string{"003089012345", "001489012345", "00108901234", "001089012345x"} {
		if ValidIDNumber(bad, "", 0) {
			t.Errorf("ValidIDNumber(%q) = true", bad)
		}
	}
	if ValidIDNumber("001089012345", "Nữ", 0) || ValidIDNumber("001089012345", "Nam", 1990) {
		t.Error("sex / year mismatch accepted")
	}
	if len(provinceCodes) != 63 {
		t.Errorf("%d province codes, want 63", len(provinceCodes))
	}
}

func TestAmountWords(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{1250000000, "Một tỷ hai trăm năm mươi triệu"},
		{2019, "Hai nghìn không trăm mười chín"},
		{105000, "Một trăm linh năm nghìn"},
		{21500000, "Hai mươi mốt triệu năm trăm nghìn"},
		{15, "Mười lăm"},
	} {
		if got := amountWords(c.n); got != c.want {
			t.Errorf("amountWords(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
