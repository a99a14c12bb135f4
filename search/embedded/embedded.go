// Package embedded is sohoa's server-less search index: SQLite FTS5 through
// modernc.org/sqlite (pure Go), in WAL mode so that several processes — a
// worker writing, CLI and API processes searching — use one index at once.
//
// Every entry is indexed twice: its lowercased NFC text (column ex) and its
// diacritic-folded text (column fo), so that "ho so" finds "hồ sơ" while a
// query typed with diacritics ranks exact matches first. Document and ID
// numbers are also indexed whole in a keyword column (kw), so that
// "56/2023/QĐ-UBND", "56/2023/qd-ubnd" and "56/2023" find their document.
// The full-text table is contentless: entries are stored once, as JSON, in
// the docs table, which also holds the filterable attributes.
package embedded

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/search"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database file Open creates in its directory.
const FileName = "search.db"

// schemaVersion is the layout of the tables below (PRAGMA user_version).
// 3: entries in their own table, full-text index without positions
// (detail=column) and with the ascii tokenizer (ADR 0404).
const schemaVersion = 3

// The docs table holds only what filters and facets read, so that the
// rows a full-text match is joined to are small and many fit in a page;
// the entries themselves (JSON) are in bodies, read for the page of hits.
const schema = `
CREATE TABLE IF NOT EXISTS docs (
	rid         INTEGER PRIMARY KEY,
	id          TEXT NOT NULL UNIQUE,
	doc_type    TEXT NOT NULL,
	id_number   TEXT NOT NULL,
	issuer      TEXT NOT NULL,
	issuer_key  TEXT NOT NULL,
	office      TEXT NOT NULL,
	issue_date  TEXT NOT NULL,
	expiry_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bodies (
	rid  INTEGER PRIMARY KEY,
	body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS docs_type_date ON docs(doc_type, issue_date);
CREATE INDEX IF NOT EXISTS docs_id_number ON docs(id_number);
CREATE INDEX IF NOT EXISTS docs_issuer ON docs(issuer_key);
CREATE INDEX IF NOT EXISTS docs_date ON docs(issue_date);
CREATE INDEX IF NOT EXISTS docs_office ON docs(office);
CREATE TABLE IF NOT EXISTS dossiers (
	dossier TEXT NOT NULL,
	rid     INTEGER NOT NULL,
	PRIMARY KEY (dossier, rid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dossiers_rid ON dossiers(rid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
	ex, fo, kw, bi,
	content='', contentless_delete=1, detail=column,
	tokenize="ascii tokenchars '/-'"
);
`

// Index is the embedded backend. It is safe for concurrent use, and other
// processes may open the same directory at the same time.
type Index struct {
	db   *sql.DB
	path string
}

var _ search.Index = (*Index)(nil)

// Open opens (creating if needed) the index in directory dir.
func Open(ctx context.Context, dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index dir: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// busy_timeout first: the other pragmas may wait for another process.
	// Write transactions are IMMEDIATE so that two writers queue on the
	// lock instead of failing on a read-to-write upgrade.
	dsn := "file:" + path + "?_txlock=immediate" +
		"&_pragma=busy_timeout(15000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=cache_size(-32000)" +
		"&_pragma=mmap_size(2147418112)" + // read pages in place: no read() per page
		"&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	ix := &Index{db: db, path: path}
	if err := ix.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) init(ctx context.Context) error {
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("init index %s: %w", ix.path, err)
	}
	defer tx.Rollback()
	// The index is derived: an index of an older layout is dropped and
	// recreated empty, to be refilled by `sohoa reindex`.
	var version, tables int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("init index %s: %w", ix.path, err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE name = 'docs'").Scan(&tables); err != nil {
		return fmt.Errorf("init index %s: %w", ix.path, err)
	}
	if tables > 0 && version != schemaVersion {
		slog.Warn("search index layout changed: recreating it empty; run `sohoa reindex`", "path", ix.path, "version", version, "want", schemaVersion)
		for _, t := range []string{"fts", "dossiers", "bodies", "docs"} {
			if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
				return fmt.Errorf("drop old index table %s: %w", t, err)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return fmt.Errorf("init index %s: %w", ix.path, err)
	}
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create index schema: %w", err)
	}
	// Bigger in-memory segments and lazier merges: fewer, larger merges
	// while indexing, at the cost of a few more segments to read.
	for _, c := range []string{
		`INSERT INTO fts(fts, rank) VALUES('hashsize', 16777216)`,
		`INSERT INTO fts(fts, rank) VALUES('automerge', 8)`,
	} {
		if _, err := tx.ExecContext(ctx, c); err != nil {
			return fmt.Errorf("configure index: %w", err)
		}
	}
	return tx.Commit()
}

// Path is the database file.
func (ix *Index) Path() string { return ix.path }

// Close closes the database.
func (ix *Index) Close() error { return ix.db.Close() }

// Ping checks that the database answers.
func (ix *Index) Ping(ctx context.Context) error {
	var n int
	if err := ix.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("ping index: %w", err)
	}
	return nil
}

// Upsert adds or replaces entries by ID, all in one transaction.
func (ix *Index) Upsert(ctx context.Context, docs ...search.Doc) error {
	if len(docs) == 0 {
		return nil
	}
	// Encode and tokenize before taking the write lock, on every core.
	preps, textsReady, err := prepare(docs)
	if err != nil {
		return err
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("upsert: begin: %w", err)
	}
	defer tx.Rollback()
	const (
		upsertDoc = iota
		deleteText
		insertText
		deleteDossiers
		insertDossier
		upsertBody
	)
	var st [6]*sql.Stmt
	for i, q := range []string{
		`INSERT INTO docs(id, doc_type, id_number, issuer, issuer_key, office, issue_date, expiry_date)
		 VALUES(?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT(id) DO UPDATE SET doc_type=excluded.doc_type, id_number=excluded.id_number,
		 issuer=excluded.issuer, issuer_key=excluded.issuer_key, office=excluded.office,
		 issue_date=excluded.issue_date, expiry_date=excluded.expiry_date
		 RETURNING rid`,
		`DELETE FROM fts WHERE rowid = ?`,
		`INSERT INTO fts(rowid, ex, fo, kw, bi) VALUES(?, ?, ?, ?, ?)`,
		`DELETE FROM dossiers WHERE rid = ?`,
		`INSERT OR IGNORE INTO dossiers(dossier, rid) VALUES(?, ?)`,
		`INSERT OR REPLACE INTO bodies(rid, body) VALUES(?, ?)`,
	} {
		if st[i], err = tx.PrepareContext(ctx, q); err != nil {
			return fmt.Errorf("upsert: prepare: %w", err)
		}
		defer st[i].Close()
	}
	// Two phases: the docs table first, then the full-text index. FTS5
	// flushes its in-memory segment at every statement savepoint, which an
	// upsert into docs opens; interleaving them would write one tiny
	// segment per document and spend the load merging them.
	type ftsRow struct {
		rid            int64
		existed        bool
		ex, fo, kw, bi string
	}
	// Which entries exist already (their text must leave the index): a
	// few queries for the batch rather than one per entry.
	existing := map[string]bool{}
	const chunk = 500
	for i := 0; i < len(preps); i += chunk {
		part := preps[i:min(i+chunk, len(preps))]
		args := make([]any, len(part))
		for j := range part {
			args[j] = part[j].doc.ID // only doc and body: the texts are being written
		}
		ids, err := tx.QueryContext(ctx, `SELECT id FROM docs WHERE id IN (?`+strings.Repeat(",?", len(part)-1)+`)`, args...)
		if err != nil {
			return fmt.Errorf("upsert: existing entries: %w", err)
		}
		for ids.Next() {
			var id string
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return fmt.Errorf("upsert: existing entries: %w", err)
			}
			existing[id] = true
		}
		ids.Close()
		if err := ids.Err(); err != nil {
			return fmt.Errorf("upsert: existing entries: %w", err)
		}
	}
	rows := make([]ftsRow, 0, len(preps))
	for i := range preps {
		d, body := preps[i].doc, preps[i].body
		exists := existing[d.ID]
		var rid int64
		if err := st[upsertDoc].QueryRowContext(ctx, d.ID, d.DocType, d.IDNumber, d.Issuer, fold(d.Issuer),
			d.Office, d.IssueDate, d.ExpiryDate).Scan(&rid); err != nil {
			return fmt.Errorf("upsert %s: %w", d.ID, err)
		}
		if _, err := st[upsertBody].ExecContext(ctx, rid, body); err != nil {
			return fmt.Errorf("upsert %s: body: %w", d.ID, err)
		}
		if exists {
			if _, err := st[deleteDossiers].ExecContext(ctx, rid); err != nil {
				return fmt.Errorf("upsert %s: remove old dossiers: %w", d.ID, err)
			}
		}
		for _, ds := range d.Dossiers {
			if _, err := st[insertDossier].ExecContext(ctx, ds, rid); err != nil {
				return fmt.Errorf("upsert %s: dossier: %w", d.ID, err)
			}
		}
		rows = append(rows, ftsRow{rid: rid, existed: exists})
	}
	textsReady() // tokenized meanwhile on the other cores
	for i := range rows {
		pr := &preps[i]
		rows[i].ex, rows[i].fo, rows[i].kw, rows[i].bi = pr.ex, pr.fo, pr.kw, pr.bi
	}
	for _, r := range rows {
		if r.existed {
			if _, err := st[deleteText].ExecContext(ctx, r.rid); err != nil {
				return fmt.Errorf("upsert: remove old text of %d: %w", r.rid, err)
			}
		}
	}
	for _, r := range rows {
		if _, err := st[insertText].ExecContext(ctx, r.rid, r.ex, r.fo, r.kw, r.bi); err != nil {
			return fmt.Errorf("upsert: index text of %d: %w", r.rid, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("upsert: commit: %w", err)
	}
	return nil
}

// prepared is an entry ready to write: normalised, encoded, tokenized.
type prepared struct {
	doc            search.Doc
	body           []byte
	ex, fo, kw, bi string
}

// prepare normalises and encodes docs on every core, keeping only the last
// of several entries with one ID, and returns once they are encoded; their
// full-text columns are computed meanwhile, also on every core, while the
// caller writes the docs table: textsReady waits for them.
func prepare(docs []search.Doc) (out []prepared, textsReady func(), err error) {
	last := make(map[string]int, len(docs))
	for i, d := range docs {
		if d.ID == "" {
			return nil, nil, errors.New("upsert: document without id")
		}
		last[d.ID] = i
	}
	var keep []search.Doc
	for i, d := range docs {
		if last[d.ID] == i {
			keep = append(keep, d)
		}
	}
	out = make([]prepared, len(keep))
	errs := make([]error, len(keep))
	workers := min(runtime.GOMAXPROCS(0), max(len(keep)/16, 1))
	var encoded, tokenized sync.WaitGroup
	for w := range workers {
		encoded.Add(1)
		tokenized.Add(1)
		go func() {
			defer tokenized.Done()
			for i := w; i < len(keep); i += workers {
				d := normalise(keep[i])
				body, err := json.Marshal(d)
				if err != nil {
					errs[i] = fmt.Errorf("upsert %s: encode: %w", d.ID, err)
					continue
				}
				out[i].doc, out[i].body = d, body
			}
			encoded.Done()
			for i := w; i < len(keep); i += workers {
				p := &out[i]
				p.ex, p.fo, p.kw, p.bi = columns(p.doc)
			}
		}()
	}
	encoded.Wait()
	if err := errors.Join(errs...); err != nil {
		tokenized.Wait()
		return nil, nil, err
	}
	return out, tokenized.Wait, nil
}

// normalise puts an entry's text in NFC, the form every query is compared in.
func normalise(d search.Doc) search.Doc {
	d.Title = vntext.NFC(d.Title)
	d.Text = vntext.NFC(d.Text)
	d.Issuer = vntext.CollapseSpace(vntext.NFC(d.Issuer))
	d.DocNumber = vntext.CollapseSpace(vntext.NFC(d.DocNumber))
	d.IDNumber = strings.TrimSpace(d.IDNumber)
	if len(d.Fields) > 0 {
		fields := make(map[string]string, len(d.Fields))
		for k, v := range d.Fields {
			fields[k] = vntext.NFC(v)
		}
		d.Fields = fields
	}
	return d
}

// columns returns the full-text columns of an entry.
func columns(d search.Doc) (ex, fo, kw, bi string) {
	ex, fo = textColumns(columnText(d))
	kw = strings.Join(keywords(d), " ")
	fw := strings.Fields(fo)
	var bb strings.Builder
	for i := 0; i+1 < len(fw); i++ {
		if i > 0 {
			bb.WriteByte(' ')
		}
		bb.WriteString(fw[i])
		bb.WriteByte('-')
		bb.WriteString(fw[i+1])
	}
	return ex, fo, kw, bb.String()
}

// columnText is the text the ex and fo columns index (NFC, unsplit).
func columnText(d search.Doc) string {
	var b strings.Builder
	b.WriteString(d.Title)
	b.WriteString("\n")
	b.WriteString(d.Text)
	for _, k := range sortedKeys(d.Fields) {
		// Field values may be corrections absent from the OCR text; dates
		// and the numbers below are better served by filters and kw.
		if strings.HasSuffix(k, "_date") || k == "date_of_birth" {
			continue
		}
		b.WriteString("\n")
		b.WriteString(d.Fields[k]) // NFC, like every text of an entry (normalise)
	}
	b.WriteString("\n")
	b.WriteString(d.Issuer)
	b.WriteString("\n")
	b.WriteString(d.DocNumber)
	return b.String()
}

// keywords returns the kw column's tokens.
func keywords(d search.Doc) []string {
	var kws []string
	kws = append(kws, keywordTokens(d.DocNumber)...)
	for _, n := range []string{d.IDNumber, d.Fields[search.FieldIDNumber], d.Fields[search.FieldEnterpriseCode]} {
		if k := keywordToken(n); k != "" {
			kws = append(kws, k)
		}
	}
	return kws
}

// Delete removes entries by ID; absent IDs are ignored.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete: begin: %w", err)
	}
	defer tx.Rollback()
	for _, id := range ids {
		var rid int64
		err := tx.QueryRowContext(ctx, `DELETE FROM docs WHERE id = ? RETURNING rid`, id).Scan(&rid)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("delete %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM fts WHERE rowid = ?`, rid); err != nil {
			return fmt.Errorf("delete %s: text: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dossiers WHERE rid = ?`, rid); err != nil {
			return fmt.Errorf("delete %s: dossiers: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM bodies WHERE rid = ?`, rid); err != nil {
			return fmt.Errorf("delete %s: body: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete: commit: %w", err)
	}
	return nil
}

// Clear removes every entry.
func (ix *Index) Clear(ctx context.Context) error {
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("clear: begin: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM docs`,
		`DELETE FROM bodies`,
		`DELETE FROM dossiers`,
		`INSERT INTO fts(fts) VALUES('delete-all')`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("clear: commit: %w", err)
	}
	return nil
}

// Get returns the entry with id.
func (ix *Index) Get(ctx context.Context, id string) (search.Doc, bool, error) {
	var body []byte
	err := ix.db.QueryRowContext(ctx, `SELECT b.body FROM docs d JOIN bodies b ON b.rid = d.rid WHERE d.id = ?`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return search.Doc{}, false, nil
	}
	if err != nil {
		return search.Doc{}, false, fmt.Errorf("get %s: %w", id, err)
	}
	var d search.Doc
	if err := json.Unmarshal(body, &d); err != nil {
		return search.Doc{}, false, fmt.Errorf("get %s: decode: %w", id, err)
	}
	return d, true, nil
}

// Optimize merges the full-text index's segments (after a bulk load).
func (ix *Index) Optimize(ctx context.Context) error {
	if _, err := ix.db.ExecContext(ctx, `INSERT INTO fts(fts) VALUES('optimize')`); err != nil {
		return fmt.Errorf("optimize: %w", err)
	}
	return nil
}

func init() {
	search.RegisterEmbedded(func(ctx context.Context, dir string) (search.Index, error) {
		return Open(ctx, dir)
	})
}
