// Package meili is the Meilisearch backend of search.Index (meilisearch-go).
// Meilisearch folds diacritics itself (its tokenizer normalises Vietnamese,
// đ included); document and ID numbers go to keyword attributes with typo
// tolerance off, and '/' and '-' are non-separator tokens so that
// "56/2023/QĐ-UBND" stays one token.
package meili

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/search"
)

// DefaultIndex is the index uid Open uses when given none.
const DefaultIndex = "sohoa_documents"

const (
	batchSize    = 1000
	pollInterval = 50 * time.Millisecond
	maxAttempts  = 5
	// Highlight tags are placeholders, swapped for <mark> after the text is
	// HTML-escaped.
	preTag   = "\x02"
	postTag  = "\x03"
	noExpiry = 99991231
)

// Index is a Meilisearch index.
type Index struct {
	client meilisearch.ServiceManager
	index  meilisearch.IndexManager
	uid    string
}

var _ search.Index = (*Index)(nil)

// entry is the document shape stored in Meilisearch: the search.Doc plus
// derived keyword and numeric attributes.
type entry struct {
	search.Doc
	Keywords  []string `json:"keywords,omitempty"` // folded doc-number tokens and ID numbers
	IssuerKey string   `json:"issuer_key"`
	IssueDay  int      `json:"issue_day"`  // YYYYMMDD, 0: unknown
	ExpiryDay int      `json:"expiry_day"` // YYYYMMDD, noExpiry: none
}

// Open connects to Meilisearch at url and creates and configures index uid.
func Open(ctx context.Context, url, apiKey, uid string) (*Index, error) {
	if uid == "" {
		uid = DefaultIndex
	}
	opts := []meilisearch.Option{meilisearch.WithCustomRetries([]int{502, 503, 504}, 3)}
	if apiKey != "" {
		opts = append(opts, meilisearch.WithAPIKey(apiKey))
	}
	c := meilisearch.New(url, opts...)
	ix := &Index{client: c, index: c.Index(uid), uid: uid}
	if err := ix.setup(ctx); err != nil {
		return nil, err
	}
	return ix, nil
}

func (ix *Index) setup(ctx context.Context) error {
	var info *meilisearch.TaskInfo
	err := retry(ctx, func() (err error) {
		info, err = ix.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: ix.uid, PrimaryKey: "id"})
		return err
	})
	if err != nil {
		return fmt.Errorf("meilisearch: create index %s: %w", ix.uid, err)
	}
	if err := ix.wait(ctx, info, meilisearch.APIErrCodeIndexAlreadyExists); err != nil {
		return fmt.Errorf("meilisearch: create index %s: %w", ix.uid, err)
	}
	settings := &meilisearch.Settings{
		// Keyword attributes first: the attribute rule ranks their matches
		// above matches in the text.
		SearchableAttributes: []string{"keywords", "id_number", "doc_number", "title", "issuer", "text", "fields"},
		FilterableAttributes: []string{"doc_type", "id_number", "issuer", "issuer_key", "dossiers", "office", "issue_day", "expiry_day"},
		SortableAttributes:   []string{"issue_day"},
		RankingRules:         []string{"words", "typo", "proximity", "attribute", "sort", "exactness"},
		NonSeparatorTokens:   []string{"/", "-"},
		TypoTolerance: &meilisearch.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnAttributes: []string{"keywords", "id_number", "doc_number"},
			DisableOnNumbers:    true,
		},
		Faceting:   &meilisearch.Faceting{MaxValuesPerFacet: 100},
		Pagination: &meilisearch.Pagination{MaxTotalHits: 1000},
	}
	err = retry(ctx, func() (err error) {
		info, err = ix.index.UpdateSettings(ctx, settings)
		return err
	})
	if err != nil {
		return fmt.Errorf("meilisearch: settings: %w", err)
	}
	if err := ix.wait(ctx, info); err != nil {
		return fmt.Errorf("meilisearch: settings: %w", err)
	}
	return nil
}

// wait waits for a task; a failure with one of the ignore codes is success.
func (ix *Index) wait(ctx context.Context, info *meilisearch.TaskInfo, ignore ...meilisearch.APIErrCode) error {
	var t *meilisearch.Task
	err := retry(ctx, func() (err error) {
		t, err = ix.client.WaitForTask(ctx, info.TaskUID, pollInterval)
		return err
	})
	if err != nil {
		return fmt.Errorf("wait for task %d: %w", info.TaskUID, err)
	}
	switch t.Status {
	case meilisearch.TaskStatusSucceeded:
		return nil
	case meilisearch.TaskStatusFailed:
		for _, c := range ignore {
			if t.Error.Code == c {
				return nil
			}
		}
		return fmt.Errorf("task %d failed: %s (%s)", t.UID, t.Error.Message, t.Error.Code)
	default:
		return fmt.Errorf("task %d ended %s", t.UID, t.Status)
	}
}

// retry runs fn until it succeeds, fails for good, or maxAttempts pass,
// backing off exponentially on transient errors (network, 429, 5xx).
func retry(ctx context.Context, fn func() error) error {
	delay := 100 * time.Millisecond
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(); err == nil || !transient(err) || attempt == maxAttempts {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay):
		}
		delay *= 2
	}
}

func transient(err error) bool {
	var me *meilisearch.Error
	if errors.As(err, &me) {
		if me.StatusCode == 429 || me.StatusCode >= 500 {
			return true
		}
		switch me.ErrCode {
		case meilisearch.CommunicationError, meilisearch.TimeoutError, meilisearch.MaxRetriesExceeded:
			return true
		}
	}
	return false
}

func day(date string) int {
	n, err := strconv.Atoi(strings.ReplaceAll(date, "-", ""))
	if err != nil {
		return 0
	}
	return n
}

func toEntry(d search.Doc) entry {
	d.Text = vntext.NFC(d.Text)
	d.Title = vntext.NFC(d.Title)
	e := entry{Doc: d, IssuerKey: vntext.Fold(vntext.CollapseSpace(d.Issuer)), IssueDay: day(d.IssueDate), ExpiryDay: noExpiry}
	if d.ExpiryDate != "" {
		e.ExpiryDay = day(d.ExpiryDate)
	}
	e.Keywords = keywords(d)
	return e
}

// keywords returns the folded document number, its prefixes ending before
// a '/' or '-' ("56/2023/qd-ubnd", "56/2023/qd", "56/2023"), and the ID
// numbers.
func keywords(d search.Doc) []string {
	var out []string
	if k := strings.Join(strings.Fields(vntext.Fold(d.DocNumber)), "-"); k != "" {
		out = append(out, k)
		for i := len(k) - 1; i > 0; i-- {
			if (k[i] == '/' || k[i] == '-') && strings.Contains(k[:i], "/") {
				out = append(out, k[:i])
			}
		}
	}
	for _, n := range []string{d.IDNumber, d.Fields[search.FieldIDNumber], d.Fields[search.FieldEnterpriseCode]} {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Upsert adds or replaces entries in batches, waiting for each.
func (ix *Index) Upsert(ctx context.Context, docs ...search.Doc) error {
	for i := 0; i < len(docs); i += batchSize {
		batch := make([]entry, 0, batchSize)
		for _, d := range docs[i:min(i+batchSize, len(docs))] {
			if d.ID == "" {
				return errors.New("meilisearch upsert: document without id")
			}
			batch = append(batch, toEntry(d))
		}
		var info *meilisearch.TaskInfo
		pk := "id"
		err := retry(ctx, func() (err error) {
			info, err = ix.index.AddDocuments(ctx, batch, &meilisearch.DocumentOptions{PrimaryKey: &pk})
			return err
		})
		if err != nil {
			return fmt.Errorf("meilisearch upsert: %w", err)
		}
		if err := ix.wait(ctx, info); err != nil {
			return fmt.Errorf("meilisearch upsert: %w", err)
		}
	}
	return nil
}

// Delete removes entries by ID.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	var info *meilisearch.TaskInfo
	err := retry(ctx, func() (err error) {
		info, err = ix.index.DeleteDocuments(ctx, ids, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("meilisearch delete: %w", err)
	}
	return ix.wait(ctx, info)
}

// Clear removes every entry.
func (ix *Index) Clear(ctx context.Context) error {
	var info *meilisearch.TaskInfo
	err := retry(ctx, func() (err error) {
		info, err = ix.index.DeleteAllDocuments(ctx, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("meilisearch clear: %w", err)
	}
	return ix.wait(ctx, info)
}

// Get returns one entry.
func (ix *Index) Get(ctx context.Context, id string) (search.Doc, bool, error) {
	var e entry
	err := retry(ctx, func() error { return ix.index.GetDocument(ctx, id, nil, &e) })
	var me *meilisearch.Error
	if errors.As(err, &me) && (me.APIError.Code == meilisearch.APIErrCodeDocumentNotFound || me.StatusCode == 404) {
		return search.Doc{}, false, nil
	}
	if err != nil {
		return search.Doc{}, false, fmt.Errorf("meilisearch get %s: %w", id, err)
	}
	return e.Doc, true, nil
}

// Ping checks the server's health.
func (ix *Index) Ping(ctx context.Context) error {
	if _, err := ix.client.Health(ctx); err != nil {
		return fmt.Errorf("meilisearch ping: %w", err)
	}
	return nil
}

// Close releases the client's connections.
func (ix *Index) Close() error {
	ix.client.Close()
	return nil
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// filter translates q's filters into a Meilisearch filter expression.
func filter(q search.Query) string {
	var f []string
	if len(q.DocTypes) > 0 {
		ts := make([]string, len(q.DocTypes))
		for i, t := range q.DocTypes {
			ts[i] = quote(t)
		}
		f = append(f, "doc_type IN ["+strings.Join(ts, ", ")+"]")
	}
	if q.IDNumber != "" {
		f = append(f, "id_number = "+quote(strings.TrimSpace(q.IDNumber)))
	}
	if q.Issuer != "" {
		f = append(f, "issuer_key = "+quote(vntext.Fold(vntext.CollapseSpace(q.Issuer))))
	}
	if q.Dossier != "" {
		f = append(f, "dossiers = "+quote(q.Dossier))
	}
	if q.Office != "" {
		f = append(f, "office = "+quote(q.Office))
	}
	if q.IssuedFrom != "" {
		f = append(f, fmt.Sprintf("issue_day >= %d", day(q.IssuedFrom)))
	}
	if q.IssuedTo != "" {
		f = append(f, fmt.Sprintf("(issue_day > 0 AND issue_day <= %d)", day(q.IssuedTo)))
	}
	if q.ValidOn != "" {
		f = append(f, fmt.Sprintf("expiry_day >= %d", day(q.ValidOn)))
	}
	return strings.Join(f, " AND ")
}

// Search runs q.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	req := &meilisearch.SearchRequest{
		Offset:                int64(max(q.Offset, 0)),
		Limit:                 int64(min(limit, 1000)),
		AttributesToHighlight: []string{"text"},
		AttributesToCrop:      []string{"text"},
		CropLength:            24,
		HighlightPreTag:       preTag,
		HighlightPostTag:      postTag,
		ShowRankingScore:      true,
		MatchingStrategy:      meilisearch.All,
	}
	if f := filter(q); f != "" {
		req.Filter = f
	}
	switch q.Sort {
	case search.SortRelevance:
	case search.SortDateDesc:
		req.Sort = []string{"issue_day:desc"}
	case search.SortDateAsc:
		req.Sort = []string{"issue_day:asc"}
	default:
		return search.Result{}, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	if q.Facets {
		req.Facets = []string{"doc_type", "issuer"}
	}
	var resp *meilisearch.SearchResponse
	err := retry(ctx, func() (err error) {
		resp, err = ix.index.Search(ctx, vntext.NFC(q.Text), req)
		return err
	})
	if err != nil {
		return search.Result{}, fmt.Errorf("meilisearch search %q: %w", q.Text, err)
	}
	res := search.Result{Total: int(resp.EstimatedTotalHits), Hits: make([]search.Hit, 0, len(resp.Hits))}
	res.Estimated = res.Total >= 1000
	for _, h := range resp.Hits {
		hit, err := decodeHit(h)
		if err != nil {
			return search.Result{}, fmt.Errorf("meilisearch search: %w", err)
		}
		res.Hits = append(res.Hits, hit)
	}
	if q.Facets && len(resp.FacetDistribution) > 0 {
		if err := json.Unmarshal(resp.FacetDistribution, &res.Facets); err != nil {
			return search.Result{}, fmt.Errorf("meilisearch search: facets: %w", err)
		}
		for _, m := range res.Facets {
			delete(m, "") // documents without an issuer, as in the embedded index
		}
	}
	return res, nil
}

// decodeHit turns one hit (the stored entry plus _formatted and
// _rankingScore) into a search.Hit. It goes through encoding/json so that
// the embedded search.Doc's fields decode as they were encoded.
func decodeHit(h meilisearch.Hit) (search.Hit, error) {
	raw, err := json.Marshal(h)
	if err != nil {
		return search.Hit{}, fmt.Errorf("decode hit: %w", err)
	}
	var v struct {
		entry
		Score     float64 `json:"_rankingScore"`
		Formatted struct {
			Text string `json:"text"`
		} `json:"_formatted"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return search.Hit{}, fmt.Errorf("decode hit: %w", err)
	}
	return search.Hit{Doc: v.Doc, Score: v.Score, Snippet: markup(v.Formatted.Text)}, nil
}

// markup HTML-escapes a formatted text and turns the highlight
// placeholders into <mark>…</mark>; the text is one line.
func markup(s string) string {
	s = html.EscapeString(strings.Join(strings.Fields(s), " "))
	return strings.NewReplacer(preTag, "<mark>", postTag, "</mark>").Replace(s)
}

func init() {
	search.RegisterMeili(func(ctx context.Context, url, apiKey string) (search.Index, error) {
		return Open(ctx, url, apiKey, DefaultIndex)
	})
}
