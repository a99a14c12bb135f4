package meili

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

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
