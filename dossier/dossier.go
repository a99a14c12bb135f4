// Package dossier keeps the dossiers (hồ sơ) of one-stop offices: who
// applied, for which procedure, at which office, and which digitised
// documents make it up. A dossier refers to documents by id; attaching a
// document reuses it by reference and never copies it.
//
// Every change writes a new immutable version (dossiers/<code>/vNNNNNN.json,
// write-once), so concurrent writers cannot lose each other's changes: the
// loser of a race re-reads and applies its change again.
package dossier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Statuses of a dossier.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Kinds of component.
const (
	KindReused   = "reused"   // an already digitised document attached by reference
	KindUploaded = "uploaded" // a paper scanned into this dossier
)

// ErrNotFound is returned (wrapped) for an unknown dossier.
var ErrNotFound = errors.New("dossier not found")

// ErrClosed is returned (wrapped) when changing a closed dossier.
var ErrClosed = errors.New("dossier is closed")

// Component is one document of a dossier.
type Component struct {
	DocID   string    `json:"document_id"`
	Kind    string    `json:"kind"`
	AddedAt time.Time `json:"added_at"`
	AddedBy string    `json:"added_by"`
}

// Dossier is one version of a dossier.
type Dossier struct {
	Code          string      `json:"code"`
	Version       int         `json:"version"`
	Procedure     string      `json:"procedure"`
	Applicant     string      `json:"applicant"` // personal ID number or enterprise code
	ApplicantName string      `json:"applicant_name,omitempty"`
	Office        string      `json:"office"`
	Agency        string      `json:"agency"`
	Status        string      `json:"status"`
	ReceivedAt    time.Time   `json:"received_at"`
	CreatedBy     string      `json:"created_by"`
	ClosedAt      *time.Time  `json:"closed_at,omitempty"`
	UpdatedAt     time.Time   `json:"updated_at"`
	UpdatedBy     string      `json:"updated_by"`
	Components    []Component `json:"components"`
}

// Has reports whether the dossier holds the document.
func (d *Dossier) Has(docID string) bool {
	for _, c := range d.Components {
		if c.DocID == docID {
			return true
		}
	}
	return false
}

// Store keeps dossiers in the object store.
type Store struct {
	s   storage.Store
	now func() time.Time
}

// New returns a dossier store over s.
func New(s storage.Store) *Store { return &Store{s: s, now: time.Now} }

// vietnam is the offices' time zone (UTC+7, no daylight saving): a
// dossier's code carries its receipt date there.
var vietnam = time.FixedZone("ICT", 7*3600)

var (
	codeRE   = regexp.MustCompile(`^[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4}){1,5}-[0-9]{6}-[0-9]{4}$`)
	agencyRE = regexp.MustCompile(`^[0-9A-Z]{1,4}(\.[0-9A-Z]{1,4}){1,5}$`)
)

// ValidCode reports whether s has the form of Nghị định 61/2018's dossier
// codes: agency code, receipt date YYMMDD, four-digit daily counter, e.g.
// "000.00.21.H26-240918-0031".
func ValidCode(s string) bool { return codeRE.MatchString(s) }

// ValidAgency reports whether s looks like an agency code ("000.00.21.H26").
func ValidAgency(s string) bool { return agencyRE.MatchString(s) }

// Open is a request to open a dossier.
type Open struct {
	Agency        string // agency code, e.g. "000.00.21.H26"
	Office        string
	Procedure     string
	Applicant     string
	ApplicantName string
	By            string
}

// Create opens a dossier with a new, unique code.
func (st *Store) Create(ctx context.Context, o Open) (*Dossier, error) {
	if !ValidAgency(o.Agency) {
		return nil, fmt.Errorf("invalid agency code %q", o.Agency)
	}
	now := st.now()
	day := now.In(vietnam).Format("060102")
	code, err := st.claimCode(ctx, o.Agency, day)
	if err != nil {
		return nil, err
	}
	d := &Dossier{
		Code: code, Version: 1, Procedure: o.Procedure, Applicant: o.Applicant,
		ApplicantName: o.ApplicantName, Office: o.Office, Agency: o.Agency,
		Status: StatusOpen, ReceivedAt: now.UTC(), CreatedBy: o.By,
		UpdatedAt: now.UTC(), UpdatedBy: o.By, Components: []Component{},
	}
	if err := st.put(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// claimCode reserves the next daily counter with a write-once marker, so
// two offices' clerks opening dossiers at once never share a code.
func (st *Store) claimCode(ctx context.Context, agency, day string) (string, error) {
	prefix := "dossier-seq/" + agency + "/" + day + "/"
	n := 0
	if err := st.s.List(ctx, prefix, func(storage.Info) error { n++; return nil }); err != nil {
		return "", fmt.Errorf("count dossiers of %s: %w", day, err)
	}
	for seq := n + 1; seq <= 9999; seq++ {
		key := fmt.Sprintf("%s%04d", prefix, seq)
		_, err := st.s.Put(ctx, key, bytes.NewReader(nil), 0, storage.PutOptions{IfAbsent: true})
		if errors.Is(err, storage.ErrExists) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("claim dossier code: %w", err)
		}
		return fmt.Sprintf("%s-%s-%04d", agency, day, seq), nil
	}
	return "", fmt.Errorf("agency %s opened 9999 dossiers on %s: counter exhausted", agency, day)
}

func versionKey(code string, v int) string { return fmt.Sprintf("dossiers/%s/v%06d.json", code, v) }

func (st *Store) put(ctx context.Context, d *Dossier) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = st.s.Put(ctx, versionKey(d.Code, d.Version), bytes.NewReader(b), int64(len(b)),
		storage.PutOptions{IfAbsent: true, ContentType: "application/json"})
	return err
}

// Get returns the latest version of a dossier.
func (st *Store) Get(ctx context.Context, code string) (*Dossier, error) {
	if !ValidCode(code) {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, code)
	}
	latest := ""
	err := st.s.List(ctx, "dossiers/"+code+"/v", func(i storage.Info) error {
		latest = i.Key // keys list in order; versions are zero-padded
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read dossier %s: %w", code, err)
	}
	if latest == "" {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, code)
	}
	return st.read(ctx, latest)
}

func (st *Store) read(ctx context.Context, key string) (*Dossier, error) {
	rc, err := st.s.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	defer rc.Close()
	var d Dossier
	if err := json.NewDecoder(rc).Decode(&d); err != nil {
		return nil, fmt.Errorf("decode %s: %w", key, err)
	}
	return &d, nil
}

// Update applies change to the latest version and writes the next one,
// retrying when another writer got there first.
func (st *Store) Update(ctx context.Context, code, by string, change func(*Dossier) error) (*Dossier, error) {
	for attempt := 0; attempt < 20; attempt++ {
		d, err := st.Get(ctx, code)
		if err != nil {
			return nil, err
		}
		if err := change(d); err != nil {
			return nil, err
		}
		d.Version++
		d.UpdatedAt, d.UpdatedBy = st.now().UTC(), by
		err = st.put(ctx, d)
		if errors.Is(err, storage.ErrExists) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("write dossier %s v%d: %w", code, d.Version, err)
		}
		return d, nil
	}
	return nil, fmt.Errorf("dossier %s: too many concurrent changes", code)
}

// Add adds documents as components of an open dossier (idempotent).
func (st *Store) Add(ctx context.Context, code, by, kind string, docIDs ...string) (*Dossier, error) {
	return st.Update(ctx, code, by, func(d *Dossier) error {
		if d.Status != StatusOpen {
			return fmt.Errorf("%w: %s", ErrClosed, code)
		}
		for _, id := range docIDs {
			if !d.Has(id) {
				d.Components = append(d.Components, Component{DocID: id, Kind: kind, AddedAt: st.now().UTC(), AddedBy: by})
			}
		}
		return nil
	})
}

// Close closes a dossier.
func (st *Store) Close(ctx context.Context, code, by string) (*Dossier, error) {
	return st.Update(ctx, code, by, func(d *Dossier) error {
		if d.Status == StatusClosed {
			return fmt.Errorf("%w: %s", ErrClosed, code)
		}
		t := st.now().UTC()
		d.Status, d.ClosedAt = StatusClosed, &t
		return nil
	})
}

// Filter selects dossiers in List.
type Filter struct {
	Office    string
	Applicant string
	Status    string
}

// List returns dossiers matching f in code order, starting after cursor
// (a code), at most limit, and the cursor of the next page ("" at the end).
func (st *Store) List(ctx context.Context, f Filter, cursor string, limit int) ([]*Dossier, string, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	var latest []string
	last := ""
	err := st.s.List(ctx, "dossiers/", func(i storage.Info) error {
		code, _, ok := strings.Cut(strings.TrimPrefix(i.Key, "dossiers/"), "/")
		if !ok || code <= cursor {
			return nil
		}
		if code != last {
			latest = append(latest, i.Key)
			last = code
		} else {
			latest[len(latest)-1] = i.Key
		}
		return nil
	})
	if err != nil {
		return nil, "", fmt.Errorf("list dossiers: %w", err)
	}
	var out []*Dossier
	for _, key := range latest {
		d, err := st.read(ctx, key)
		if err != nil {
			return nil, "", err
		}
		if (f.Office != "" && d.Office != f.Office) || (f.Applicant != "" && d.Applicant != f.Applicant) || (f.Status != "" && d.Status != f.Status) {
			continue
		}
		if len(out) == limit {
			return out, out[len(out)-1].Code, nil
		}
		out = append(out, d)
	}
	return out, "", nil
}

// Versions lists the version numbers of a dossier.
func (st *Store) Versions(ctx context.Context, code string) ([]int, error) {
	var vs []int
	err := st.s.List(ctx, "dossiers/"+code+"/v", func(i storage.Info) error {
		name := strings.TrimSuffix(i.Key[strings.LastIndex(i.Key, "/v")+2:], ".json")
		if v, err := strconv.Atoi(name); err == nil {
			vs = append(vs, v)
		}
		return nil
	})
	return vs, err
}
