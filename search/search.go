// Package search is sohoa's derived search index. Two backends implement
// Index: Meilisearch (meilisearch-go) and an embedded SQLite FTS5 index that
// needs no server and that several processes may use at once. Entries are
// derived from storage records only (see FromRecord) and can be rebuilt.
package search

import (
	"context"
	"time"
)

// Doc is one index entry: a flattened view of a document record.
type Doc struct {
	ID         string            `json:"id"`
	DocType    string            `json:"doc_type"`
	Title      string            `json:"title,omitempty"` // e.g. the summary or the type's name
	Text       string            `json:"text"`
	Fields     map[string]string `json:"fields,omitempty"`
	DocNumber  string            `json:"doc_number,omitempty"`
	IDNumber   string            `json:"id_number,omitempty"` // the owner's personal ID number or enterprise code
	Issuer     string            `json:"issuer,omitempty"`
	IssueDate  string            `json:"issue_date,omitempty"`  // YYYY-MM-DD
	ExpiryDate string            `json:"expiry_date,omitempty"` // YYYY-MM-DD; empty: no expiry
	Dossiers   []string          `json:"dossiers,omitempty"`
	Office     string            `json:"office,omitempty"`
	Version    int               `json:"version"`
	CreatedAt  time.Time         `json:"created_at"`
}

// Sort orders.
const (
	SortRelevance = ""
	SortDateDesc  = "date_desc"
	SortDateAsc   = "date_asc"
)

// Query is one search: free text plus filters. Zero values do not filter.
type Query struct {
	Text                 string
	DocTypes             []string
	IDNumber             string
	Issuer               string
	Dossier              string
	Office               string
	IssuedFrom, IssuedTo string // YYYY-MM-DD, inclusive
	ValidOn              string // YYYY-MM-DD: only documents not expired on that date
	Sort                 string
	Limit                int // default 10
	Offset               int
	Facets               bool // compute facet counts by doc_type and issuer
}

// Hit is one result.
type Hit struct {
	Doc     Doc     `json:"doc"`
	Score   float64 `json:"score"`
	Snippet string  `json:"snippet"` // highlighted with <mark>…</mark>
}

// Result of a query.
type Result struct {
	Total int `json:"total"`
	// Estimated: Total is a lower bound (a backend stops counting past a
	// cap, e.g. 1,000 for the embedded index).
	Estimated bool                      `json:"estimated,omitempty"`
	Hits      []Hit                     `json:"hits"`
	Facets    map[string]map[string]int `json:"facets,omitempty"` // "doc_type"/"issuer" → value → count
}

// Index is the interface both backends implement.
type Index interface {
	// Upsert adds or replaces entries by ID.
	Upsert(ctx context.Context, docs ...Doc) error
	Delete(ctx context.Context, ids ...string) error
	Search(ctx context.Context, q Query) (Result, error)
	// Get returns one entry by id (ok false if absent).
	Get(ctx context.Context, id string) (Doc, bool, error)
	// Clear removes every entry (used by reindex).
	Clear(ctx context.Context) error
	Ping(ctx context.Context) error
	Close() error
}
