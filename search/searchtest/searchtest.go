package searchtest

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/search"
)

// Run runs the contract suite against ix, which must be empty; it loads
// the corpus and the background, and clears ix at the end.
func Run(t *testing.T, ix search.Index) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := ix.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	corpus := Corpus()
	// The background goes in last: a backend that ranks recent entries
	// first among equals must not pass thanks to the corpus being newer.
	if err := ix.Upsert(ctx, corpus...); err != nil {
		t.Fatalf("Upsert corpus: %v", err)
	}
	if err := ix.Upsert(ctx, Generated(Background)...); err != nil {
		t.Fatalf("Upsert background: %v", err)
	}

	t.Run("Get", func(t *testing.T) { testGet(t, ix, corpus) })
	t.Run("Relevance", func(t *testing.T) {
		for _, c := range Relevance() {
			t.Run(c.Name, func(t *testing.T) { CheckCase(t, ix, c) })
		}
	})
	t.Run("Folding", func(t *testing.T) { testFolding(t, ix) })
	t.Run("Snippet", func(t *testing.T) { testSnippet(t, ix) })
	t.Run("Pagination", func(t *testing.T) { testPagination(t, ix) })
	t.Run("Facets", func(t *testing.T) { testFacets(t, ix, corpus) })
	t.Run("Upsert replaces", func(t *testing.T) { testReplace(t, ix, corpus) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, ix) })
	t.Run("Clear", func(t *testing.T) {
		if err := ix.Clear(ctx); err != nil {
			t.Fatalf("Clear: %v", err)
		}
		res := mustSearch(t, ix, search.Query{})
		if res.Total != 0 || len(res.Hits) != 0 {
			t.Errorf("after Clear: total %d, %d hits", res.Total, len(res.Hits))
		}
		if _, ok, err := ix.Get(ctx, "t01"); err != nil || ok {
			t.Errorf("Get after Clear = %v, %v", ok, err)
		}
	})
}

func mustSearch(t *testing.T, ix search.Index, q search.Query) search.Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return res
}

func ids(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Doc.ID
	}
	return out
}

// CheckCase runs one relevance case against ix.
func CheckCase(t *testing.T, ix search.Index, c Case) {
	t.Helper()
	res := mustSearch(t, ix, c.Query)
	got := ids(res.Hits)
	if c.None {
		if res.Total != 0 || len(got) != 0 {
			t.Errorf("%q: want no hit, got total %d: %v", c.Query.Text, res.Total, got)
		}
		return
	}
	if len(got) == 0 {
		t.Fatalf("%q: no hit", c.Query.Text)
	}
	if len(c.Top) > 0 && !slices.Contains(c.Top, got[0]) {
		t.Errorf("%q: first hit %s, want one of %v; hits %v", c.Query.Text, got[0], c.Top, head(got))
	}
	for _, id := range c.Also {
		if i := slices.Index(got, id); i < 0 || i >= 10 {
			t.Errorf("%q: %s not in the first 10 hits %v", c.Query.Text, id, head(got))
		}
	}
	for _, ab := range c.Above {
		a, b := slices.Index(got, ab[0]), slices.Index(got, ab[1])
		if a < 0 || b < 0 || a > b {
			t.Errorf("%q: want %s (at %d) above %s (at %d); hits %v", c.Query.Text, ab[0], a, ab[1], b, head(got))
		}
	}
	if c.Exact != nil {
		want := slices.Sorted(slices.Values(c.Exact))
		have := slices.Sorted(slices.Values(got))
		if !slices.Equal(want, have) || res.Total != len(want) {
			t.Errorf("%+v: got total %d, %v; want %v", c.Query, res.Total, have, want)
		}
	}
	if c.Order != nil && !slices.Equal(got, c.Order) {
		t.Errorf("%+v: got %v, want in order %v", c.Query, got, c.Order)
	}
}

func head(s []string) []string { return s[:min(len(s), 10)] }

func testGet(t *testing.T, ix search.Index, corpus []search.Doc) {
	ctx := context.Background()
	want := corpus[0]
	got, ok, err := ix.Get(ctx, want.ID)
	if err != nil || !ok {
		t.Fatalf("Get(%s) = %v, %v", want.ID, ok, err)
	}
	if got.ID != want.ID || got.DocType != want.DocType || got.DocNumber != want.DocNumber ||
		got.Issuer != want.Issuer || got.IssueDate != want.IssueDate || got.Text != want.Text ||
		!slices.Equal(got.Dossiers, want.Dossiers) || got.Fields["doc_number"] != want.Fields["doc_number"] ||
		!got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("Get(%s) = %+v\nwant %+v", want.ID, got, want)
	}
	if _, ok, err := ix.Get(ctx, "no-such-id"); err != nil || ok {
		t.Errorf("Get(absent) = %v, %v", ok, err)
	}
}

// testFolding checks that every spelling of a word — exact, folded,
// uppercase, decomposed (NFD) — finds the same documents.
func testFolding(t *testing.T, ix search.Index) {
	tests := []struct {
		spellings []string
		want      string
	}{
		{[]string{"bắt buộc", "bat buoc", "BẮT BUỘC", "ba\u0306\u0301t buo\u0302\u0323c"}, "t08"},
		{[]string{"đăng ký kết hôn", "dang ky ket hon", "Đăng Ký Kết Hôn"}, "t12"},
		{[]string{"Đống Đa", "dong da", "ĐỐNG ĐA"}, "t03"},
		{[]string{"hồ sơ", "ho so", "HỒ SƠ"}, "t01"},
	}
	for _, tt := range tests {
		var first []string
		for _, s := range tt.spellings {
			res := mustSearch(t, ix, search.Query{Text: s, Office: Office, Limit: 50})
			got := slices.Sorted(slices.Values(ids(res.Hits)))
			if !slices.Contains(got, tt.want) {
				t.Errorf("%q: %s not found (%v)", s, tt.want, got)
			}
			if first == nil {
				first = got
			} else if !slices.Equal(first, got) {
				t.Errorf("%q finds %v, %q finds %v", tt.spellings[0], first, s, got)
			}
		}
	}
}

var markRE = regexp.MustCompile(`<mark>(.*?)</mark>`)

func testSnippet(t *testing.T, ix search.Index) {
	for _, tt := range []struct{ query, id, marked string }{
		{"ho so", "t01", "hồ sơ"},                 // folded query, original shown
		{"bắt buộc", "t08", "bắt buộc"},           // exact query
		{"ung van thoai", "t07", "ƯNG VĂN THOẠI"}, // folded, uppercase original
	} {
		res := mustSearch(t, ix, search.Query{Text: tt.query, Office: Office})
		var snip string
		for _, h := range res.Hits {
			if h.Doc.ID == tt.id {
				snip = h.Snippet
			}
		}
		if snip == "" {
			t.Errorf("%q: no snippet for %s", tt.query, tt.id)
			continue
		}
		var marked []string
		for _, m := range markRE.FindAllStringSubmatch(snip, -1) {
			marked = append(marked, m[1])
		}
		joined := strings.Join(marked, " ")
		if !strings.Contains(vntext.NFC(joined), tt.marked) {
			t.Errorf("%q: snippet %q marks %q, want %q marked", tt.query, snip, marked, tt.marked)
		}
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(snip)
		if !strings.Contains(vntext.Lower(plain), vntext.Lower(tt.marked)) {
			t.Errorf("%q: snippet %q lost the original text %q", tt.query, snip, tt.marked)
		}
	}
}

func testPagination(t *testing.T, ix search.Index) {
	for _, text := range []string{"", "uy ban nhan dan"} {
		all := mustSearch(t, ix, search.Query{Text: text, Office: Office, Limit: 100})
		if all.Total != len(all.Hits) || all.Total == 0 {
			t.Fatalf("%q: total %d, %d hits", text, all.Total, len(all.Hits))
		}
		var paged []string
		for off := 0; off < all.Total; off += 3 {
			res := mustSearch(t, ix, search.Query{Text: text, Office: Office, Limit: 3, Offset: off})
			if res.Total != all.Total {
				t.Errorf("%q offset %d: total %d, want %d", text, off, res.Total, all.Total)
			}
			if len(res.Hits) > 3 {
				t.Errorf("%q offset %d: %d hits, limit 3", text, off, len(res.Hits))
			}
			paged = append(paged, ids(res.Hits)...)
		}
		if !slices.Equal(paged, ids(all.Hits)) {
			t.Errorf("%q: pages %v, want %v", text, paged, ids(all.Hits))
		}
		past := mustSearch(t, ix, search.Query{Text: text, Office: Office, Offset: all.Total + 5})
		if len(past.Hits) != 0 || past.Total != all.Total {
			t.Errorf("%q past the end: %d hits, total %d", text, len(past.Hits), past.Total)
		}
	}
	def := mustSearch(t, ix, search.Query{})
	if len(def.Hits) != 10 {
		t.Errorf("default limit: %d hits, want 10", len(def.Hits))
	}
}

func testFacets(t *testing.T, ix search.Index, corpus []search.Doc) {
	wantTypes, wantIssuers := map[string]int{}, map[string]int{}
	for _, d := range corpus {
		wantTypes[d.DocType]++
		if d.Issuer != "" {
			wantIssuers[d.Issuer]++
		}
	}
	res := mustSearch(t, ix, search.Query{Office: Office, Facets: true, Limit: 1})
	if res.Total != len(corpus) {
		t.Errorf("total %d, want %d", res.Total, len(corpus))
	}
	for name, want := range map[string]map[string]int{"doc_type": wantTypes, "issuer": wantIssuers} {
		got := res.Facets[name]
		for k, n := range want {
			if got[k] != n {
				t.Errorf("facet %s[%s] = %d, want %d (facet %v)", name, k, got[k], n, got)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("facet %s has unexpected %q", name, k)
			}
		}
	}
	// Facets follow the text query.
	res = mustSearch(t, ix, search.Query{Text: "56/2023/QĐ-UBND", Office: Office, Facets: true})
	if got := res.Facets["doc_type"]; got["decision"] != 1 || got["official_letter"] != 1 || len(got) != 2 {
		t.Errorf("doc number facets = %v", got)
	}
	if got := res.Facets["issuer"]; got["Ủy ban nhân dân quận Cầu Giấy"] != 2 || len(got) != 1 {
		t.Errorf("doc number issuer facets = %v", got)
	}
}

func testReplace(t *testing.T, ix search.Index, corpus []search.Doc) {
	ctx := context.Background()
	var d search.Doc
	for _, c := range corpus {
		if c.ID == "t18" {
			d = c
		}
	}
	d.Text = "THÔNG BÁO\nLịch trực Tết Nguyên đán của Ủy ban nhân dân quận"
	d.DocType = "plan"
	d.Version = 2
	if err := ix.Upsert(ctx, d); err != nil {
		t.Fatalf("Upsert: %v", err)
	}
	if got := ids(mustSearch(t, ix, search.Query{Text: "tet nguyen dan", Office: Office}).Hits); !slices.Contains(got, "t18") {
		t.Errorf("new text not found: %v", got)
	}
	if got := ids(mustSearch(t, ix, search.Query{Text: "tiep cong dan dinh ky", Office: Office}).Hits); slices.Contains(got, "t18") {
		t.Errorf("old text still found: %v", got)
	}
	if got := ids(mustSearch(t, ix, search.Query{DocTypes: []string{"notice"}, Office: Office}).Hits); slices.Contains(got, "t18") {
		t.Errorf("old type still filtered in: %v", got)
	}
	g, ok, err := ix.Get(ctx, "t18")
	if err != nil || !ok || g.Version != 2 || g.DocType != "plan" {
		t.Errorf("Get after replace = %+v, %v, %v", g, ok, err)
	}
	all := mustSearch(t, ix, search.Query{Office: Office, Limit: 100})
	if all.Total != len(corpus) {
		t.Errorf("replace changed the count: %d, want %d", all.Total, len(corpus))
	}
}

func testDelete(t *testing.T, ix search.Index) {
	ctx := context.Background()
	if err := ix.Delete(ctx, "t17", "no-such-id"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, ok, err := ix.Get(ctx, "t17"); err != nil || ok {
		t.Errorf("Get after Delete = %v, %v", ok, err)
	}
	if got := ids(mustSearch(t, ix, search.Query{Text: "dang ky bien dong dat dai"}).Hits); slices.Contains(got, "t17") {
		t.Errorf("deleted document still found: %v", got)
	}
	if res := mustSearch(t, ix, search.Query{Text: "2045/STNMT-QLĐĐ"}); slices.Contains(ids(res.Hits), "t17") {
		t.Errorf("deleted document still found by number")
	}
}
