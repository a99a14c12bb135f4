// Package audit is sohoa's tamper-evident audit trail: an append-only log
// of who did what to which document, stored in the object store.
//
// Every entry is its own write-once object, keyed by a zero-padded
// sequence number, and carries the SHA-256 hash of the previous entry, so
// that editing, reordering or deleting an entry breaks the chain. Several
// processes (the API server, workers, the CLI) may append at once: an
// entry is written with IfAbsent, and a writer that loses the race for a
// sequence number reads the winner's entry and retries with the next one
// (docs/decisions/0500-audit-log-one-object-per-entry.md).
//
// Deleting the newest entries leaves a valid chain; to detect it, every
// append also rewrites a head object authenticated with an HMAC key, and
// `sohoa audit verify --anchor SEQ:HASH` checks a head noted earlier
// outside the store. Object-lock retention (Options.Retain) makes the
// entries undeletable on backends that support it.
package audit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Actions recorded by sohoa. Action is a free string so that new kinds of
// event need no change here; these are the ones the code writes.
const (
	ActionLogin         = "login"
	ActionLoginFailed   = "login_failed"
	ActionLogout        = "logout"
	ActionUpload        = "upload"
	ActionView          = "view"
	ActionDownload      = "download"
	ActionSearch        = "search"
	ActionCorrect       = "correct"
	ActionAttach        = "attach"
	ActionExport        = "export"
	ActionSign          = "sign"
	ActionDossierCreate = "dossier_create"
	ActionDossierClose  = "dossier_close"
	ActionUserAdd       = "user_add"
	ActionTokenCreate   = "token_create"
)

// Key layout.
const (
	entryPrefix = "audit/entries/"
	docPrefix   = "audit/by-doc/"
	headKey     = "audit/head.json"
	seqDigits   = 12
)

// Entry is one event. Seq, Prev and Hash are set by Append.
type Entry struct {
	Seq        int64     `json:"seq"`
	Time       time.Time `json:"time"`
	ActorID    string    `json:"actor_id"`
	ActorRole  string    `json:"actor_role"`
	Action     string    `json:"action"`
	DocumentID string    `json:"document_id,omitempty"`
	DossierID  string    `json:"dossier_id,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	Prev       string    `json:"prev"` // hex SHA-256 of the previous entry; "" for the first
	Hash       string    `json:"hash"` // hex SHA-256 of this entry (see ComputeHash)
}

// ComputeHash returns the hex SHA-256 of e with its Hash field ignored.
// The bytes hashed are a fixed-order JSON encoding with the time in UTC
// RFC 3339 with nanoseconds, so the hash does not depend on the time's
// location or on how the entry was decoded.
func (e Entry) ComputeHash() string {
	v := struct {
		Domain     string `json:"d"`
		Seq        int64  `json:"seq"`
		Time       string `json:"time"`
		ActorID    string `json:"actor_id"`
		ActorRole  string `json:"actor_role"`
		Action     string `json:"action"`
		DocumentID string `json:"document_id"`
		DossierID  string `json:"dossier_id"`
		Detail     string `json:"detail"`
		Prev       string `json:"prev"`
	}{"sohoa-audit-v1", e.Seq, e.Time.UTC().Format(time.RFC3339Nano), e.ActorID, e.ActorRole,
		e.Action, e.DocumentID, e.DossierID, e.Detail, e.Prev}
	b, _ := json.Marshal(v) // cannot fail: strings and an int
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Options tunes a Log.
type Options struct {
	// HeadKey authenticates the head object (HMAC-SHA-256). Without it the
	// head is written unauthenticated and Verify reports so.
	HeadKey []byte
	// Retain, when positive, asks the store to lock every entry for this
	// long (S3 object lock); a locked entry cannot be deleted or replaced.
	Retain time.Duration
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Log is the audit log in one store. It is safe for concurrent use, and
// several processes may append to the same store at once.
type Log struct {
	st   storage.Store
	opts Options

	mu       sync.Mutex
	loaded   bool
	lastSeq  int64
	lastHash string
}

// New returns the log kept in st.
func New(st storage.Store, opts Options) *Log {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Log{st: st, opts: opts}
}

// maxRetries bounds how many sequence numbers one Append tries; each lost
// race means another writer appended, so this is only hit under a flood.
const maxRetries = 1000

// Append adds e to the log and returns it as stored (Seq, Time, Prev and
// Hash set). The zero Time is replaced by now.
func (l *Log) Append(ctx context.Context, e Entry) (Entry, error) {
	if e.Action == "" {
		return Entry{}, errors.New("audit: entry without action")
	}
	if e.Time.IsZero() {
		e.Time = l.opts.Now()
	}
	e.Time = e.Time.UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		if err := l.loadTail(ctx); err != nil {
			return Entry{}, err
		}
	}
	for range maxRetries {
		e.Seq = l.lastSeq + 1
		e.Prev = l.lastHash
		e.Hash = e.ComputeHash()
		b, err := json.Marshal(e)
		if err != nil {
			return Entry{}, fmt.Errorf("audit: encode entry: %w", err)
		}
		opts := storage.PutOptions{ContentType: "application/json", IfAbsent: true}
		if l.opts.Retain > 0 {
			opts.Retain = e.Time.Add(l.opts.Retain)
		}
		_, err = l.st.Put(ctx, entryKey(e.Seq), bytes.NewReader(b), int64(len(b)), opts)
		if errors.Is(err, storage.ErrExists) {
			// Another process took this number: catch up and retry.
			if err := l.catchUp(ctx); err != nil {
				return Entry{}, err
			}
			continue
		}
		if err != nil {
			return Entry{}, fmt.Errorf("audit: write entry %d: %w", e.Seq, err)
		}
		l.lastSeq, l.lastHash = e.Seq, e.Hash
		// The entry is in the chain now; what follows are conveniences, so
		// their failure is reported with the stored entry.
		errHead := l.writeHead(ctx, e.Seq, e.Hash)
		var errIndex error
		if e.DocumentID != "" && docIDRE.MatchString(e.DocumentID) {
			// Derived index for ForDocument; the chain stays the truth.
			key := docPrefix + e.DocumentID + "/" + seqName(e.Seq)
			if _, err := l.st.Put(ctx, key, bytes.NewReader(nil), 0, storage.PutOptions{}); err != nil {
				errIndex = fmt.Errorf("audit: index entry %d: %w", e.Seq, err)
			}
		}
		return e, errors.Join(errHead, errIndex)
	}
	return Entry{}, fmt.Errorf("audit: gave up after %d concurrent appends", maxRetries)
}

var docIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

func seqName(seq int64) string {
	return fmt.Sprintf("%0*d", seqDigits, seq)
}

func entryKey(seq int64) string { return entryPrefix + seqName(seq) + ".json" }

func parseEntryKey(key string) (int64, bool) {
	name, ok := strings.CutPrefix(key, entryPrefix)
	if !ok {
		return 0, false
	}
	name, ok = strings.CutSuffix(name, ".json")
	if !ok || len(name) != seqDigits {
		return 0, false
	}
	n, err := strconv.ParseInt(name, 10, 64)
	return n, err == nil && n > 0
}

// loadTail finds the newest entry by listing (keys sort by sequence).
func (l *Log) loadTail(ctx context.Context) error {
	var last int64
	err := l.st.List(ctx, entryPrefix, func(info storage.Info) error {
		if n, ok := parseEntryKey(info.Key); ok && n > last {
			last = n
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit: list entries: %w", err)
	}
	l.lastSeq, l.lastHash = 0, ""
	if last > 0 {
		e, err := l.get(ctx, last)
		if err != nil {
			return err
		}
		l.lastSeq, l.lastHash = e.Seq, e.Hash
	}
	l.loaded = true
	return l.catchUp(ctx)
}

// catchUp reads the entries other writers appended after lastSeq.
func (l *Log) catchUp(ctx context.Context) error {
	for {
		e, err := l.get(ctx, l.lastSeq+1)
		if errors.Is(err, storage.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		l.lastSeq, l.lastHash = e.Seq, e.Hash
	}
}

func (l *Log) get(ctx context.Context, seq int64) (Entry, error) {
	rc, err := l.st.Get(ctx, entryKey(seq))
	if err != nil {
		return Entry{}, fmt.Errorf("audit: read entry %d: %w", seq, err)
	}
	defer rc.Close()
	var e Entry
	if err := json.NewDecoder(io.LimitReader(rc, 1<<20)).Decode(&e); err != nil {
		return Entry{}, fmt.Errorf("audit: decode entry %d: %w", seq, err)
	}
	return e, nil
}

// Head is the newest entry as last recorded by a writer.
type Head struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	Time time.Time `json:"time"`
	MAC  string    `json:"mac,omitempty"` // hex HMAC-SHA-256 of "seq:hash" with Options.HeadKey
}

func (l *Log) headMAC(seq int64, hash string) string {
	if len(l.opts.HeadKey) == 0 {
		return ""
	}
	m := hmac.New(sha256.New, l.opts.HeadKey)
	fmt.Fprintf(m, "sohoa-audit-head-v1:%d:%s", seq, hash)
	return hex.EncodeToString(m.Sum(nil))
}

func (l *Log) writeHead(ctx context.Context, seq int64, hash string) error {
	h := Head{Seq: seq, Hash: hash, Time: l.opts.Now().UTC(), MAC: l.headMAC(seq, hash)}
	b, _ := json.Marshal(h)
	if _, err := l.st.Put(ctx, headKey, bytes.NewReader(b), int64(len(b)), storage.PutOptions{ContentType: "application/json"}); err != nil {
		return fmt.Errorf("audit: write head: %w", err)
	}
	return nil
}

func (l *Log) readHead(ctx context.Context) (Head, bool, error) {
	rc, err := l.st.Get(ctx, headKey)
	if errors.Is(err, storage.ErrNotFound) {
		return Head{}, false, nil
	}
	if err != nil {
		return Head{}, false, fmt.Errorf("audit: read head: %w", err)
	}
	defer rc.Close()
	var h Head
	if err := json.NewDecoder(io.LimitReader(rc, 1<<16)).Decode(&h); err != nil {
		return Head{}, true, fmt.Errorf("audit: decode head: %w", err)
	}
	return h, true, nil
}

// HeadKeyFrom derives the head's HMAC key from sohoa's secret key, so that
// every process (API, workers, CLI) authenticates heads alike.
func HeadKeyFrom(secret []byte) []byte {
	if len(secret) == 0 {
		return nil
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("sohoa audit head v1"))
	return m.Sum(nil)
}
