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

// Search runs q.
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

	// from/where select the matching set; it is shared by the total, the
	// page and the facets.
	var from, where string
	var args []any
	if p.empty() {
		from = "docs d"
		where = "1"
	} else {
		from = "fts f JOIN docs d ON d.rid = f.rowid"
		where = "fts MATCH ?"
		args = append(args, p.match())
	}
	if len(conds) > 0 {
		where += " AND " + strings.Join(conds, " AND ")
		args = append(args, fargs...)
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

	var res search.Result
	countSQL := "SELECT count(*) FROM " + from + " WHERE " + where
	if p.empty() && len(conds) == 0 {
		countSQL = "SELECT count(*) FROM docs"
	}
	if err := tx.QueryRowContext(ctx, countSQL, args...).Scan(&res.Total); err != nil {
		return search.Result{}, fmt.Errorf("search %q: count: %w", q.Text, err)
	}
	res.Hits = []search.Hit{}
	if res.Total > offset {
		var pageSQL string
		switch {
		case p.empty():
			order := dateOrder(q.Sort)
			if q.Sort == search.SortRelevance {
				order = "d.rid DESC" // newest first
			}
			pageSQL = "SELECT d.rid, 0, d.body FROM " + from + " WHERE " + where +
				" ORDER BY " + order + " LIMIT ? OFFSET ?"
		case q.Sort != search.SortRelevance:
			pageSQL = "SELECT d.rid, 0, d.body FROM " + from + " WHERE " + where +
				" ORDER BY " + dateOrder(q.Sort) + " LIMIT ? OFFSET ?"
		default:
			pageSQL = fmt.Sprintf(`SELECT w.rid, w.score, d.body FROM (
				SELECT f.rowid AS rid, bm25(fts, %g, %g, %g) AS score FROM %s WHERE %s
				ORDER BY f.rowid DESC LIMIT %d
			) w JOIN docs d ON d.rid = w.rid ORDER BY w.score, w.rid DESC LIMIT ? OFFSET ?`,
				weightExact, weightFolded, weightKeyword, from, where, rankWindow)
		}
		rows, err := tx.QueryContext(ctx, pageSQL, append(args, limit, offset)...)
		if err != nil {
			return search.Result{}, fmt.Errorf("search %q: %w", q.Text, err)
		}
		hl := p.highlight()
		for rows.Next() {
			var rid int64
			var score float64
			var body []byte
			if err := rows.Scan(&rid, &score, &body); err != nil {
				rows.Close()
				return search.Result{}, fmt.Errorf("search %q: scan: %w", q.Text, err)
			}
			var d search.Doc
			if err := json.Unmarshal(body, &d); err != nil {
				rows.Close()
				return search.Result{}, fmt.Errorf("search %q: decode %d: %w", q.Text, rid, err)
			}
			text := d.Text
			if text == "" {
				text = d.Title
			}
			res.Hits = append(res.Hits, search.Hit{Doc: d, Score: -score, Snippet: snippet(text, hl)})
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return search.Result{}, fmt.Errorf("search %q: %w", q.Text, err)
		}
		rows.Close()
	}
	if q.Facets {
		res.Facets = map[string]map[string]int{}
		for _, col := range []string{"doc_type", "issuer"} {
			m := map[string]int{}
			fq := "SELECT d." + col + ", count(*) AS n FROM " + from + " WHERE " + where +
				" AND d." + col + " <> '' GROUP BY d." + col + " ORDER BY n DESC LIMIT " + fmt.Sprint(facetTop)
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

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
