package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/search"
)

const (
	defaultLimit = 10
	maxLimit     = 1000
	facetTop     = 50 // issuers listed in a facet
)

// filters returns the SQL conditions on docs (alias d) of q's filters.
func filters(q search.Query) (conds []string, args []any) {
	if len(q.DocTypes) > 0 {
		conds = append(conds, "d.doc_type IN (?"+strings.Repeat(",?", len(q.DocTypes)-1)+")")
		for _, t := range q.DocTypes {
			args = append(args, t)
		}
	}
	if q.IDNumber != "" {
		conds = append(conds, "d.id_number = ?")
		args = append(args, strings.TrimSpace(q.IDNumber))
	}
	if q.Issuer != "" {
		conds = append(conds, "d.issuer_key = ?")
		args = append(args, vntext.Fold(vntext.CollapseSpace(q.Issuer)))
	}
	if q.Office != "" {
		conds = append(conds, "d.office = ?")
		args = append(args, q.Office)
	}
	if q.Dossier != "" {
		conds = append(conds, "d.rid IN (SELECT rid FROM dossiers WHERE dossier = ?)")
		args = append(args, q.Dossier)
	}
	if q.IssuedFrom != "" {
		conds = append(conds, "d.issue_date >= ?")
		args = append(args, q.IssuedFrom)
	}
	if q.IssuedTo != "" {
		conds = append(conds, "d.issue_date <> '' AND d.issue_date <= ?")
		args = append(args, q.IssuedTo)
	}
	if q.ValidOn != "" {
		conds = append(conds, "(d.expiry_date = '' OR d.expiry_date >= ?)")
		args = append(args, q.ValidOn)
	}
	return conds, args
}

func dateOrder(sortBy string) string {
	if sortBy == search.SortDateAsc {
		return "d.issue_date ASC, d.rid ASC"
	}
	return "d.issue_date DESC, d.rid DESC"
}

// countCap bounds counting: a query matching more documents reports
// Total = countCap and Estimated. Counting a word found in most of a
// million documents would otherwise cost more than the whole latency budget.
const countCap = 1000

// scanCap bounds the full-text matches a filtered count looks at.
const scanCap = 2000

// Search runs q.
//
// Plans: without text, the docs table and its indexes answer alone. With
// a selective filter (ID number, dossier), the few documents it selects are
// probed in the full-text index. Otherwise the full-text index drives, and
// each relevance tier is read newest first until the page is full, so a
// query costs about the same for a rare word and for one found everywhere.
func (ix *Index) Search(ctx context.Context, q search.Query) (search.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	offset := max(q.Offset, 0)
	switch q.Sort {
	case search.SortRelevance, search.SortDateDesc, search.SortDateAsc:
	default:
		return search.Result{}, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	p := parseQuery(q.Text)
	conds, fargs := filters(q)
	selective := q.IDNumber != "" || q.Dossier != ""
	filter := ""
	if len(conds) > 0 {
		filter = " AND " + strings.Join(conds, " AND ")
	}

	// Read everything from one snapshot: a writer may commit meanwhile.
	conn, err := ix.db.Conn(ctx)
	if err != nil {
		return search.Result{}, fmt.Errorf("search: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return search.Result{}, fmt.Errorf("search: begin: %w", err)
	}
	defer tx.Rollback()

	// matchSet returns FROM … WHERE … selecting the documents that match
	// expr (all documents when expr is empty) and the filters.
	matchSet := func(expr string) (string, []any) {
		switch {
		case expr == "":
			return "docs d WHERE 1" + filter, fargs
		case selective:
			return "docs d CROSS JOIN fts f ON f.rowid = d.rid WHERE fts MATCH ?" + filter, append([]any{expr}, fargs...)
		case len(conds) == 0:
			return "fts f WHERE fts MATCH ?", []any{expr}
		default:
			return "fts f CROSS JOIN docs d ON d.rid = f.rowid WHERE fts MATCH ?" + filter, append([]any{expr}, fargs...)
		}
	}
	rowid := "f.rowid"
	if p.empty() || selective {
		rowid = "d.rid"
	}
	var tiers []tier
	if !p.empty() {
		tiers = p.tiers()
	} else {
		tiers = []tier{{}}
	}
	all := tiers[len(tiers)-1].expr
	docs := docCache{tx: tx, m: map[int64]*cached{}}

	var res search.Result
	set, args := matchSet(all)
	countSQL := "SELECT count(*) FROM (SELECT 1 FROM " + set + " LIMIT " + fmt.Sprint(countCap+1) + ")"
	if !p.empty() && !selective && len(conds) > 0 {
		// Filters checked on full-text matches: look at scanCap matches
		// at most, so a filter that keeps few of many matches stays cheap.
		countSQL = "SELECT count(*), (SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT " + fmt.Sprint(scanCap) + ")) FROM (SELECT 1 FROM " +
			"(SELECT rowid FROM fts WHERE fts MATCH ? LIMIT " + fmt.Sprint(scanCap) + ") f CROSS JOIN docs d ON d.rid = f.rowid WHERE 1" + filter + " LIMIT " + fmt.Sprint(countCap+1) + ")"
		var scanned int
		if err := tx.QueryRowContext(ctx, countSQL, append([]any{all, all}, fargs...)...).Scan(&res.Total, &scanned); err != nil {
			return search.Result{}, fmt.Errorf("search %q: count: %w", q.Text, err)
		}
		if scanned >= scanCap {
			res.Estimated = true
		}
	} else if err := tx.QueryRowContext(ctx, countSQL, args...).Scan(&res.Total); err != nil {
		return search.Result{}, fmt.Errorf("search %q: count: %w", q.Text, err)
	}
	if res.Total > countCap {
		res.Total, res.Estimated = countCap, true
	}

	var rids []int64
	scores := map[int64]float64{}
	need := offset + limit
	if res.Total > offset {
		if q.Sort == search.SortRelevance {
			// Tier by tier, newest first within a tier.
			seen := map[int64]bool{}
			for ti, t := range tiers {
				if len(rids) >= need {
					break
				}
				set, args := matchSet(t.expr)
				order := " ORDER BY " + rowid + " DESC"
				if selective || p.empty() && len(conds) > 0 {
					order = " ORDER BY +" + rowid + " DESC" // sort the few, don't walk the table
				}
				add := func(id int64) {
					seen[id] = true
					rids = append(rids, id)
					scores[id] = float64(len(tiers) - ti)
				}
				if len(t.checks) == 0 {
					sqlq := "SELECT " + rowid + " FROM " + set + order + " LIMIT " + fmt.Sprint(need+len(seen))
					got, err := queryIDs(ctx, tx, sqlq, args)
					if err != nil {
						return search.Result{}, fmt.Errorf("search %q: tier %d: %w", q.Text, ti, err)
					}
					for _, id := range got {
						if !seen[id] {
							add(id)
						}
					}
					continue
				}
				// Phrases to confirm on the text: read the candidates in
				// chunks, newest first, until the page is full. At most
				// maxConfirm are looked at; the others stay in the tiers below.
				chunk, looked := need+len(seen), 0
				var last int64 = -1
				for looked < maxConfirm {
					cur, cargs := set, args
					if last >= 0 {
						cur += " AND " + rowid + " < ?"
						cargs = append(append([]any(nil), args...), last)
					}
					got, err := queryIDs(ctx, tx, "SELECT "+rowid+" FROM "+cur+order+" LIMIT "+fmt.Sprint(chunk), cargs)
					if err != nil {
						return search.Result{}, fmt.Errorf("search %q: tier %d: %w", q.Text, ti, err)
					}
					var fresh []int64
					for _, id := range got {
						if !seen[id] {
							fresh = append(fresh, id)
						}
					}
					if err := docs.load(ctx, fresh); err != nil {
						return search.Result{}, fmt.Errorf("search %q: tier %d: %w", q.Text, ti, err)
					}
					for _, id := range fresh {
						if len(rids) < need && docs.confirm(id, t.checks) {
							add(id)
						}
					}
					looked += len(got)
					if len(got) < chunk || len(rids) >= need {
						break
					}
					last = got[len(got)-1]
					chunk = 64
				}
			}
		} else {
			var sqlq string
			var args []any
			if !p.empty() && !selective && res.Estimated {
				// Many matches: walk documents by date and probe each in the
				// full-text index; the page fills quickly.
				sqlq = "SELECT d.rid FROM docs d INDEXED BY docs_date CROSS JOIN fts f ON f.rowid = d.rid WHERE fts MATCH ?" + filter
				args = append([]any{all}, fargs...)
			} else {
				if !p.empty() && !selective {
					set, args = matchSet(all)
					set = strings.Replace(set, "fts f WHERE", "fts f CROSS JOIN docs d ON d.rid = f.rowid WHERE", 1)
				} else {
					set, args = matchSet(all)
				}
				sqlq = "SELECT d.rid FROM " + set
			}
			sqlq += " ORDER BY " + dateOrder(q.Sort) + " LIMIT " + fmt.Sprint(need)
			if rids, err = queryIDs(ctx, tx, sqlq, args); err != nil {
				return search.Result{}, fmt.Errorf("search %q: %w", q.Text, err)
			}
		}
	}
	res.Hits = []search.Hit{}
	if offset < len(rids) {
		page := rids[offset:min(len(rids), need)]
		hits, err := loadHits(ctx, &docs, page, p.highlight())
		if err != nil {
			return search.Result{}, fmt.Errorf("search %q: %w", q.Text, err)
		}
		for i := range hits {
			hits[i].Score = scores[page[i]]
		}
		res.Hits = hits
	}
	if q.Facets {
		set, args := matchSet(all)
		if !p.empty() && len(conds) == 0 {
			set = strings.Replace(set, "fts f WHERE", "fts f CROSS JOIN docs d ON d.rid = f.rowid WHERE", 1)
		}
		res.Facets = map[string]map[string]int{}
		for _, col := range []string{"doc_type", "issuer"} {
			m := map[string]int{}
			fq := "SELECT d." + col + ", count(*) AS n FROM " + set + " AND d." + col + " <> '' GROUP BY d." + col +
				" ORDER BY n DESC LIMIT " + fmt.Sprint(facetTop)
			rows, err := tx.QueryContext(ctx, fq, args...)
			if err != nil {
				return search.Result{}, fmt.Errorf("search %q: facet %s: %w", q.Text, col, err)
			}
			for rows.Next() {
				var v string
				var n int
				if err := rows.Scan(&v, &n); err != nil {
					rows.Close()
					return search.Result{}, fmt.Errorf("search %q: facet %s: %w", q.Text, col, err)
				}
				m[v] = n
			}
			rows.Close()
			res.Facets[col] = m
		}
	}
	return res, nil
}

func queryIDs(ctx context.Context, tx *sql.Tx, q string, args []any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// maxConfirm bounds the candidates of one tier whose text is read to
// confirm a phrase.
const maxConfirm = 200

// cached is an entry read during a search, with the text columns that
// phrases are confirmed against (computed when first needed).
type cached struct {
	doc      search.Doc
	cols     bool
	ex, fo   string // " word word … ", so that " a b " finds a phrase
	keywords map[string]bool
}

// docCache reads entries once per search, for confirming phrases and for
// the page of hits.
type docCache struct {
	tx *sql.Tx
	m  map[int64]*cached
}

func (c *docCache) load(ctx context.Context, rids []int64) error {
	var args []any
	for _, r := range rids {
		if _, ok := c.m[r]; !ok {
			args = append(args, r)
		}
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := c.tx.QueryContext(ctx, "SELECT rid, body FROM bodies WHERE rid IN (?"+strings.Repeat(",?", len(args)-1)+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		var body []byte
		if err := rows.Scan(&rid, &body); err != nil {
			return err
		}
		e := &cached{}
		if err := json.Unmarshal(body, &e.doc); err != nil {
			return fmt.Errorf("decode entry %d: %w", rid, err)
		}
		c.m[rid] = e
	}
	return rows.Err()
}

// confirm reports whether entry rid (loaded) passes every check.
func (c *docCache) confirm(rid int64, checks []check) bool {
	e := c.m[rid]
	if e == nil {
		return false
	}
	if !e.cols {
		ex, fo := textColumns(columnText(e.doc))
		e.ex, e.fo = " "+ex+" ", " "+fo+" "
		e.cols = true
	}
	for _, ch := range checks {
		if ch.kw != "" {
			if e.keywords == nil {
				e.keywords = map[string]bool{}
				for _, k := range keywords(e.doc) {
					e.keywords[k] = true
				}
			}
			if e.keywords[ch.kw] {
				continue
			}
		}
		text := e.fo
		if ch.exact {
			text = e.ex
		}
		if !strings.Contains(text, " "+strings.Join(ch.words, " ")+" ") {
			return false
		}
	}
	return true
}

// loadHits reads the entries of rids, in that order, with their snippets.
func loadHits(ctx context.Context, docs *docCache, rids []int64, hl map[string]bool) ([]search.Hit, error) {
	if len(rids) == 0 {
		return nil, nil
	}
	if err := docs.load(ctx, rids); err != nil {
		return nil, err
	}
	hits := make([]search.Hit, 0, len(rids))
	for _, r := range rids {
		e, ok := docs.m[r]
		if !ok {
			continue
		}
		text := e.doc.Text
		if text == "" {
			text = e.doc.Title
		}
		hits = append(hits, search.Hit{Doc: e.doc, Snippet: snippet(text, hl)})
	}
	return hits, nil
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
