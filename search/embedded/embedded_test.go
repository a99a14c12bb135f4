package embedded

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/search"

	"github.com/sohoa/sohoa/search/searchtest"
)

func openTemp(t *testing.T) *Index {
	t.Helper()
	ix, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestContract(t *testing.T) {
	searchtest.Run(t, openTemp(t))
}

// An index of an older layout is recreated empty rather than failing
// every write.
func TestOldLayoutRecreated(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Upsert(context.Background(), searchtest.Corpus()[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.db.Exec("PRAGMA user_version = 2"); err != nil { // the layout before ADR 0404
		t.Fatal(err)
	}
	ix.Close()
	ix, err = Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, ok, err := ix.Get(context.Background(), searchtest.Corpus()[1].ID); err != nil || ok {
		t.Errorf("entry of the old layout still there: %v, %v", ok, err)
	}
	if err := ix.Upsert(context.Background(), searchtest.Corpus()[0]); err != nil {
		t.Fatalf("Upsert after recreate: %v", err)
	}
}

// Past countCap matches, a date sort walks the date index and probes the
// full-text index: same order as sorting every match, and Estimated set.
func TestDateSortManyMatches(t *testing.T) {
	ix := openTemp(t)
	ctx := context.Background()
	var docs []search.Doc
	for i := range 2 * countCap {
		docs = append(docs, search.Doc{
			ID: fmt.Sprintf("d%04d", i), DocType: "notice",
			IssueDate: fmt.Sprintf("20%02d-%02d-%02d", 10+i%15, 1+i%12, 1+i%28),
			Text:      "Thông báo lịch tiếp công dân",
		})
		if i%3 == 0 { // a third do not match the query
			docs[i].Text = "Quyết định khen thưởng"
		}
	}
	if err := ix.Upsert(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	for _, sortBy := range []string{search.SortDateDesc, search.SortDateAsc} {
		res, err := ix.Search(ctx, search.Query{Text: "tiep cong dan", Sort: sortBy, Limit: 50, Offset: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Estimated || res.Total != countCap {
			t.Errorf("total %d estimated %v, want %d estimated", res.Total, res.Estimated, countCap)
		}
		var want []search.Doc
		for i, d := range docs {
			if i%3 != 0 {
				want = append(want, d)
			}
		}
		slices.SortStableFunc(want, func(a, b search.Doc) int {
			c := strings.Compare(a.IssueDate, b.IssueDate)
			if c == 0 {
				c = strings.Compare(a.ID, b.ID) // rid order = insertion order = ID order
			}
			if sortBy == search.SortDateDesc {
				return -c
			}
			return c
		})
		want = want[10:60]
		if len(res.Hits) != len(want) {
			t.Fatalf("%s: %d hits", sortBy, len(res.Hits))
		}
		for i := range want {
			if res.Hits[i].Doc.ID != want[i].ID {
				t.Fatalf("%s: hit %d = %s (%s), want %s (%s)", sortBy, i, res.Hits[i].Doc.ID, res.Hits[i].Doc.IssueDate, want[i].ID, want[i].IssueDate)
			}
		}
	}
}

func TestUpsertSameIDTwiceInOneCall(t *testing.T) {
	ix := openTemp(t)
	ctx := context.Background()
	a := search.Doc{ID: "x", DocType: "notice", Text: "lịch tiếp công dân"}
	b := search.Doc{ID: "x", DocType: "notice", Text: "khen thưởng tập thể"}
	if err := ix.Upsert(ctx, a, b); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{"tiep cong dan": 0, "khen thuong": 1, "": 1} {
		res, err := ix.Search(ctx, search.Query{Text: text})
		if err != nil || res.Total != want {
			t.Errorf("%q: total %d, want %d (%v)", text, res.Total, want, err)
		}
	}
}

// Phrases are matched through their word pairs and confirmed on the
// text: a document holding every pair of a name but not the name itself
// ranks below the documents holding it, newer though it is.
func TestPhraseConfirmed(t *testing.T) {
	ix := openTemp(t)
	ctx := context.Background()
	docs := []search.Doc{
		{ID: "exact", DocType: "birth_certificate", Text: "Họ, chữ đệm, tên: NGUYỄN VĂN AN\nNgười mẹ: Lê Thị Hoa"},
		{ID: "folded", DocType: "birth_certificate", Text: "Họ, chữ đệm, tên: NGUYỄN VĂN ÂN\nNgười mẹ: Lê Thị Hoa"},
		{ID: "pairs", DocType: "birth_certificate", Text: "Họ, chữ đệm, tên: NGUYỄN VĂN HÙNG\nNgười cha: LÊ VĂN AN"},
	}
	if err := ix.Upsert(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		order []string
	}{
		{"nguyen van an", []string{"folded", "exact", "pairs"}},
		{`"nguyen van an"`, []string{"folded", "exact", "pairs"}},
		{"Nguyễn Văn An", []string{"exact", "folded", "pairs"}},
		{"nguyen van hung", []string{"pairs"}},
		{"le van an", []string{"pairs", "folded", "exact"}},
		{`"van an nguoi"`, []string{"folded", "exact"}}, // across a line break
	} {
		res, err := ix.Search(ctx, search.Query{Text: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Doc.ID)
		}
		if !slices.Equal(got, tt.order) {
			t.Errorf("%q: hits %v, want %v", tt.query, got, tt.order)
		}
	}
}
