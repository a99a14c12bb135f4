// Package archive is the document layer over storage.Store, in the spirit
// of Perkeep: stored blobs are the truth and everything else is derived.
//
// Layout (keys):
//
//	originals/sha256/ab/cd/<hex>               original, content-addressed, write-once
//	docs/<id>/artefacts/<sha256>-<name>        derived artefact, write-once
//	docs/<id>/record/v000001.json              record versions, write-once, written last
//	anything else                              JSON area for other packages (PutJSON)
//
// A record is only written after every object it names is in the store
// with the right size, so a reader never meets a record with missing
// objects; a crash between writes leaves at most unreferenced blobs.
package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
)

const (
	originalsPrefix = "originals/sha256/"
	docsPrefix      = "docs/"
)

// ErrVersion is returned (wrapped) by PutRecord when the version is not
// the next one (someone else wrote it first, or the caller skipped one).
var ErrVersion = errors.New("record version is not the next one")

// Archive stores documents in a storage.Store.
type Archive struct {
	s storage.Store
	// retention for originals, from stores that support object lock.
	retention time.Duration
	// tempDir spools uploads of unknown content while hashing ("": os default).
	tempDir string
}

// New wraps s. When s reports a retention (s3store with object lock),
// originals are written with it.
func New(s storage.Store) *Archive {
	a := &Archive{s: s}
	if r, ok := s.(interface{ Retention() time.Duration }); ok {
		a.retention = r.Retention()
	}
	return a
}

// SetTempDir sets where PutOriginal spools uploads (default os.TempDir()).
func (a *Archive) SetTempDir(dir string) { a.tempDir = dir }

// Store is the underlying object store.
func (a *Archive) Store() storage.Store { return a.s }

// OriginalKey is the key of the original with hex SHA-256 sum.
func OriginalKey(sum string) string {
	return originalsPrefix + sum[:2] + "/" + sum[2:4] + "/" + sum
}

var (
	hexSum  = regexp.MustCompile(`^[0-9a-f]{64}$`)
	docIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
	nameRe  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)
)

func checkDocID(id string) error {
	if !docIDRe.MatchString(id) || strings.Contains(id, "..") {
		return fmt.Errorf("archive: invalid document id %q", id)
	}
	return nil
}

func (a *Archive) putOpts(key, sum, contentType string) storage.PutOptions {
	o := storage.PutOptions{ContentType: contentType, IfAbsent: true, SHA256: sum}
	if a.retention > 0 && strings.HasPrefix(key, originalsPrefix) {
		o.Retain = time.Now().Add(a.retention)
	}
	return o
}

// PutOriginal stores an upload byte-exact under its SHA-256. The stream is
// spooled to a temp file while hashing, so memory stays flat whatever the
// size; size < 0 means unknown. It reports whether the same bytes were
// already stored (then nothing is written).
func (a *Archive) PutOriginal(ctx context.Context, r io.Reader, size int64, contentType string) (record.Object, bool, error) {
	f, err := os.CreateTemp(a.tempDir, "sohoa-upload-*")
	if err != nil {
		return record.Object{}, false, fmt.Errorf("spool upload: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	dr := storage.NewDigestReader(r, size, "")
	if _, err := io.Copy(f, dr); err != nil {
		return record.Object{}, false, fmt.Errorf("spool upload: %w", err)
	}
	sum, n := dr.Sum(), dr.N()
	obj := record.Object{Key: OriginalKey(sum), SHA256: sum, Size: n, ContentType: contentType}
	if st, err := a.s.Stat(ctx, obj.Key); err == nil {
		if st.Size != n {
			return record.Object{}, false, fmt.Errorf("original %s exists with size %d, want %d: store damaged, run sohoa verify", obj.Key, st.Size, n)
		}
		return obj, true, nil
	} else if !errors.Is(err, storage.ErrNotFound) {
		return record.Object{}, false, fmt.Errorf("stat original: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return record.Object{}, false, err
	}
	if _, err := a.s.Put(ctx, obj.Key, f, n, a.putOpts(obj.Key, sum, contentType)); err != nil {
		if errors.Is(err, storage.ErrExists) { // a concurrent upload of the same bytes won
			return obj, true, nil
		}
		return record.Object{}, false, fmt.Errorf("store original: %w", err)
	}
	return obj, false, nil
}

// PutArtefact stores a derived artefact of a document, content-addressed
// within the document: storing the same bytes twice is a no-op.
func (a *Archive) PutArtefact(ctx context.Context, docID, name string, data []byte, contentType string) (record.Object, error) {
	if err := checkDocID(docID); err != nil {
		return record.Object{}, err
	}
	if !nameRe.MatchString(name) || strings.Contains(name, "..") {
		return record.Object{}, fmt.Errorf("archive: invalid artefact name %q", name)
	}
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	obj := record.Object{
		Key:         docsPrefix + docID + "/artefacts/" + sum + "-" + name,
		SHA256:      sum,
		Size:        int64(len(data)),
		ContentType: contentType,
	}
	_, err := a.s.Put(ctx, obj.Key, bytes.NewReader(data), obj.Size, a.putOpts(obj.Key, sum, contentType))
	if err != nil && !errors.Is(err, storage.ErrExists) {
		return record.Object{}, fmt.Errorf("store artefact %s of %s: %w", name, docID, err)
	}
	return obj, nil
}

func recordKey(docID string, v int) string {
	return fmt.Sprintf("%s%s/record/v%06d.json", docsPrefix, docID, v)
}

// PutRecord writes version d.Version of d.ID's record. It must be the
// latest version + 1, and every object the record names must already be
// stored with its size (and digest, where the store recorded one).
func (a *Archive) PutRecord(ctx context.Context, d *record.Document) error {
	if err := checkDocID(d.ID); err != nil {
		return err
	}
	vs, err := a.Versions(ctx, d.ID)
	if err != nil {
		return err
	}
	next := 1
	if len(vs) > 0 {
		next = vs[len(vs)-1] + 1
	}
	if d.Version != next {
		return fmt.Errorf("record %s v%d (next is v%d): %w", d.ID, d.Version, next, ErrVersion)
	}
	if d.Original.Key == "" {
		return fmt.Errorf("record %s v%d names no original", d.ID, d.Version)
	}
	for _, o := range d.Objects() {
		if !hexSum.MatchString(o.SHA256) {
			return fmt.Errorf("record %s v%d: object %s has no valid sha256", d.ID, d.Version, o.Key)
		}
		st, err := a.s.Stat(ctx, o.Key)
		if err != nil {
			return fmt.Errorf("record %s v%d names %s: %w", d.ID, d.Version, o.Key, err)
		}
		if st.Size != o.Size || (st.SHA256 != "" && st.SHA256 != o.SHA256) {
			return fmt.Errorf("record %s v%d names %s (size %d, sha256 %s) but the store has size %d, sha256 %q",
				d.ID, d.Version, o.Key, o.Size, o.SHA256, st.Size, st.SHA256)
		}
	}
	if d.Schema == 0 {
		d.Schema = record.SchemaVersion
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return fmt.Errorf("encode record %s: %w", d.ID, err)
	}
	h := sha256.Sum256(b)
	key := recordKey(d.ID, d.Version)
	if _, err := a.s.Put(ctx, key, bytes.NewReader(b), int64(len(b)), storage.PutOptions{
		ContentType: "application/json", IfAbsent: true, SHA256: hex.EncodeToString(h[:]),
	}); err != nil {
		if errors.Is(err, storage.ErrExists) {
			return fmt.Errorf("record %s v%d written concurrently: %w", d.ID, d.Version, ErrVersion)
		}
		return fmt.Errorf("store record %s v%d: %w", d.ID, d.Version, err)
	}
	return nil
}

// Versions lists the record versions of a document in ascending order.
func (a *Archive) Versions(ctx context.Context, docID string) ([]int, error) {
	if err := checkDocID(docID); err != nil {
		return nil, err
	}
	var vs []int
	prefix := docsPrefix + docID + "/record/"
	err := a.s.List(ctx, prefix, func(in storage.Info) error {
		if v, ok := parseVersion(strings.TrimPrefix(in.Key, prefix)); ok {
			vs = append(vs, v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", docID, err)
	}
	slices.Sort(vs)
	return vs, nil
}

func parseVersion(name string) (int, bool) {
	s, ok := strings.CutPrefix(name, "v")
	if !ok {
		return 0, false
	}
	s, ok = strings.CutSuffix(s, ".json")
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	return v, err == nil && v > 0
}

// Version reads one record version.
func (a *Archive) Version(ctx context.Context, docID string, v int) (*record.Document, error) {
	if err := checkDocID(docID); err != nil {
		return nil, err
	}
	var d record.Document
	if err := a.GetJSON(ctx, recordKey(docID, v), &d); err != nil {
		return nil, fmt.Errorf("record %s v%d: %w", docID, v, err)
	}
	return &d, nil
}

// Latest reads the newest record version; storage.ErrNotFound when the
// document has none.
func (a *Archive) Latest(ctx context.Context, docID string) (*record.Document, error) {
	vs, err := a.Versions(ctx, docID)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("document %s: %w", docID, storage.ErrNotFound)
	}
	return a.Version(ctx, docID, vs[len(vs)-1])
}

// Documents calls fn with the id of every document that has a record, in
// key order.
func (a *Archive) Documents(ctx context.Context, fn func(docID string) error) error {
	last := ""
	return a.s.List(ctx, docsPrefix, func(in storage.Info) error {
		id, rest, ok := strings.Cut(strings.TrimPrefix(in.Key, docsPrefix), "/")
		if !ok || id == last || !strings.HasPrefix(rest, "record/") {
			return nil
		}
		if _, ok := parseVersion(strings.TrimPrefix(rest, "record/")); !ok {
			return nil
		}
		last = id
		return fn(id)
	})
}

// Open reads a stored object and verifies it against obj: the final Read
// returns an error wrapping storage.ErrDigest instead of io.EOF when the
// bytes or size differ.
func (a *Archive) Open(ctx context.Context, obj record.Object) (io.ReadCloser, error) {
	rc, err := a.s.Get(ctx, obj.Key)
	if err != nil {
		return nil, err
	}
	return verifying{storage.NewDigestReader(rc, obj.Size, obj.SHA256), rc}, nil
}

type verifying struct {
	*storage.DigestReader
	c io.Closer
}

func (v verifying) Close() error { return v.c.Close() }

// PutJSON stores v as JSON under key (a key outside originals/ and docs/,
// e.g. "dossiers/<id>.json" or "audit/000123.json"). ifAbsent makes it
// write-once (storage.ErrExists when taken).
func (a *Archive) PutJSON(ctx context.Context, key string, v any, ifAbsent bool) error {
	if strings.HasPrefix(key, originalsPrefix) || strings.HasPrefix(key, docsPrefix) || strings.HasPrefix(key, "originals/") {
		return fmt.Errorf("put json %s: %w: reserved for documents", key, storage.ErrBadKey)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	h := sha256.Sum256(b)
	_, err = a.s.Put(ctx, key, bytes.NewReader(b), int64(len(b)), storage.PutOptions{
		ContentType: "application/json", IfAbsent: ifAbsent, SHA256: hex.EncodeToString(h[:]),
	})
	return err
}

// GetJSON decodes the JSON object at key into v.
func (a *Archive) GetJSON(ctx context.Context, key string, v any) error {
	rc, err := a.s.Get(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := json.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}
