package meili

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/searchtest"
)

// TestContract runs the contract suite against a real Meilisearch server.
// It needs MEILI_URL (and MEILI_API_KEY if the server has a master key);
// no server can be installed on the development machines, so it is skipped
// there — never run against a fake.
func TestContract(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL is not set: the Meilisearch contract run needs a real Meilisearch server (e.g. MEILI_URL=http://127.0.0.1:7700)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	uid := fmt.Sprintf("sohoa_test_%d", time.Now().UnixNano())
	ix, err := Open(ctx, url, os.Getenv("MEILI_API_KEY"), uid)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if info, err := ix.client.DeleteIndex(context.Background(), uid); err == nil {
			ix.client.WaitForTask(context.Background(), info.TaskUID, pollInterval)
		}
		ix.Close()
	})
	searchtest.Run(t, ix)
}

func TestKeywordsAndFilter(t *testing.T) {
	e := toEntry(searchtestDoc())
	want := []string{"56/2023/qd-ubnd", "56/2023/qd", "56/2023", "001190012345"}
	if fmt.Sprint(e.Keywords) != fmt.Sprint(want) {
		t.Errorf("keywords = %q, want %q", e.Keywords, want)
	}
	if e.IssueDay != 20230605 || e.ExpiryDay != noExpiry {
		t.Errorf("days = %d, %d", e.IssueDay, e.ExpiryDay)
	}
	if got := markup("Về \x02hồ sơ\x03 <b>"); got != "Về <mark>hồ sơ</mark> &lt;b&gt;" {
		t.Errorf("markup = %q", got)
	}
}

// A hit as Meilisearch returns it (stored entry, _formatted, _rankingScore)
// decodes into the stored search.Doc with a marked, escaped snippet.
func TestDecodeHit(t *testing.T) {
	raw := `{"id":"t01","doc_type":"decision","text":"Về hồ sơ","doc_number":"56/2023/QĐ-UBND",
		"dossiers":["HS-001"],"version":1,"created_at":"2024-05-01T08:00:00Z",
		"keywords":["56/2023/qd-ubnd"],"issuer_key":"uy ban","issue_day":20230605,"expiry_day":99991231,
		"_rankingScore":0.87,"_formatted":{"id":"t01","text":"Về \u0002hồ\u0003 \u0002sơ\u0003 <i>"}}`
	var h meilisearch.Hit
	if err := json.Unmarshal([]byte(raw), &h); err != nil {
		t.Fatal(err)
	}
	hit, err := decodeHit(h)
	if err != nil {
		t.Fatal(err)
	}
	if hit.Doc.ID != "t01" || hit.Doc.DocNumber != "56/2023/QĐ-UBND" || len(hit.Doc.Dossiers) != 1 || hit.Doc.Version != 1 {
		t.Errorf("doc = %+v", hit.Doc)
	}
	if hit.Score != 0.87 {
		t.Errorf("score = %v", hit.Score)
	}
	if want := "Về <mark>hồ</mark> <mark>sơ</mark> &lt;i&gt;"; hit.Snippet != want {
		t.Errorf("snippet = %q, want %q", hit.Snippet, want)
	}
}

func TestFilter(t *testing.T) {
	got := filter(search.Query{DocTypes: []string{"cccd", "decision"}, IDNumber: "001190012345", Issuer: "Ủy ban  nhân dân",
		Dossier: `HS-"1"`, IssuedFrom: "2023-01-01", IssuedTo: "2023-12-31", ValidOn: "2024-06-01"})
	want := `doc_type IN ["cccd", "decision"] AND id_number = "001190012345" AND issuer_key = "uy ban nhan dan" AND dossiers = "HS-\"1\"" AND issue_day >= 20230101 AND (issue_day > 0 AND issue_day <= 20231231) AND expiry_day >= 20240601`
	if got != want {
		t.Errorf("filter =\n%s\nwant\n%s", got, want)
	}
}
