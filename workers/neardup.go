package workers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/sohoa/sohoa/internal/neardup"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
)

// findDuplicate looks for an already digitised document of which doc is a
// new scan. Candidates come from the index (same owner, same number, same
// summary); each is compared on text, key fields and page hash.
func (h *Handlers) findDuplicate(ctx context.Context, doc *record.Document) (string, error) {
	idx, ok := h.Index.(Searcher)
	if !ok {
		return "", nil
	}
	var queries []search.Query
	if doc.OwnerID != "" {
		queries = append(queries, search.Query{IDNumber: doc.OwnerID, Limit: 20})
	}
	if n := doc.FieldValue("doc_number"); n != "" {
		queries = append(queries, search.Query{Text: n, Limit: 10})
	}
	if s := distinctiveWords(doc); s != "" {
		queries = append(queries, search.Query{Text: s, Limit: 10})
	}
	seen := map[string]bool{doc.ID: true}
	self := toNearDoc(doc)
	for _, q := range queries {
		if doc.DocType != "" {
			q.DocTypes = []string{doc.DocType}
		}
		res, err := idx.Search(ctx, q)
		if err != nil {
			return "", fmt.Errorf("near-duplicate candidates: %w", err)
		}
		for _, hit := range res.Hits {
			if seen[hit.Doc.ID] {
				continue
			}
			seen[hit.Doc.ID] = true
			cand, err := h.Archive.Latest(ctx, hit.Doc.ID)
			if errors.Is(err, storage.ErrNotFound) {
				continue
			}
			if err != nil {
				return "", err
			}
			if v := neardup.Compare(toNearDoc(cand), self); v.Duplicate {
				h.log().InfoContext(ctx, "near-duplicate", "doc", doc.ID, "of", cand.ID,
					"jaccard", v.Jaccard, "phash_dist", v.PHashDist, "agree", v.Agreements)
				return cand.ID, nil
			}
		}
	}
	return "", nil
}

// Searcher is the query side of the index.
type Searcher interface {
	Search(ctx context.Context, q search.Query) (search.Result, error)
}

func toNearDoc(d *record.Document) neardup.Doc {
	nd := neardup.Doc{ID: d.ID, DocType: d.DocType, Text: d.Text, Fields: map[string]string{}}
	for k, f := range d.Fields {
		nd.Fields[k] = f.Value
	}
	if len(d.Pages) > 0 {
		nd.PHash, _ = neardup.ParseHash(d.Pages[0].PHash)
	}
	return nd
}

// distinctiveWords is a short query for documents with the same subject:
// the summary, or else the longest line.
func distinctiveWords(d *record.Document) string {
	s := d.FieldValue("summary")
	if s == "" {
		for _, l := range strings.Split(d.Text, "\n") {
			if len(l) > len(s) {
				s = l
			}
		}
	}
	words := strings.Fields(vntext.Fold(s))
	var keep []string
	for _, w := range words {
		w = strings.Trim(w, ".,;:()\"'")
		if len([]rune(w)) >= 3 && w != "viec" {
			keep = append(keep, w)
		}
		if len(keep) == 6 {
			break
		}
	}
	return strings.Join(keep, " ")
}
