package onestop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/record"
)

// Verification is a document's original re-hashed now and compared with
// its record, and the record's digitisation signatures checked.
type Verification struct {
	DocumentID string    `json:"document_id"`
	Version    int       `json:"version"`
	Expected   string    `json:"expected_sha256"` // as recorded
	Actual     string    `json:"actual_sha256"`   // of the bytes read now; "" if unreadable
	Size       int64     `json:"size"`            // bytes read now
	OK         bool      `json:"ok"`              // Actual == Expected and the size matches
	Error      string    `json:"error,omitempty"` // why the original could not be read
	CheckedAt  time.Time `json:"checked_at"`
	// Signatures: one check per signature on the record; none when unsigned.
	Signatures []SignatureCheck `json:"signatures"`
}

// SignatureCheck is one signature and whether it verifies.
type SignatureCheck struct {
	record.Signature
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// Verify re-reads a document's original from the store, hashes it while
// streaming and compares the digest with the record; it checks each
// signature against keys (public keys by key id, e.g. from
// signing.LoadDir). Auditors (and admins) only: it is their question
// whether the archive still holds what was digitised.
func (s *Service) Verify(ctx context.Context, p auth.Principal, id string, keys map[string]signing.PublicKey) (*Verification, error) {
	if err := auth.Authorize(p, auth.AuditRead, auth.Resource{}); err != nil {
		return nil, err
	}
	rec, res, err := s.document(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Authorize(p, auth.DocumentDownloadOriginal, res); err != nil {
		return nil, denyAsMissing(err, "document "+id)
	}
	v := &Verification{DocumentID: id, Version: rec.Version, Expected: rec.Original.SHA256, CheckedAt: s.now().UTC(), Signatures: []SignatureCheck{}}
	// The store is read directly (not through Archive.Open) so that a
	// mismatch yields the digest actually found, not just an error.
	rc, err := s.Store.Get(ctx, rec.Original.Key)
	if err != nil {
		v.Error = fmt.Sprintf("read original: %v", err)
	} else {
		h := sha256.New()
		n, err := io.Copy(h, rc)
		rc.Close()
		v.Size = n
		if err != nil {
			v.Error = fmt.Sprintf("read original: %v", err)
		} else {
			v.Actual = hex.EncodeToString(h.Sum(nil))
			v.OK = v.Actual == v.Expected && n == rec.Original.Size
		}
	}
	for _, sig := range rec.Signatures {
		c := SignatureCheck{Signature: sig, OK: true}
		if err := signing.Verify(rec, sig, keys); err != nil {
			c.OK, c.Error = false, err.Error()
		}
		v.Signatures = append(v.Signatures, c)
	}
	s.record(ctx, p, audit.ActionView, id, "", fmt.Sprintf("verify original sha256 ok=%t", v.OK))
	return v, nil
}

// OpenObjectVia is OpenObject reached through a dossier: a clerk may see
// the page images of an applicant's document from another office when
// it is offered for reuse in, or attached to, a dossier of theirs.
func (s *Service) OpenObjectVia(ctx context.Context, p auth.Principal, id, via string, pick func(*record.Document) *record.Object) (io.ReadCloser, *record.Object, error) {
	rec, err := s.readable(ctx, p, id, via)
	if err != nil {
		return nil, nil, err
	}
	obj := pick(rec)
	if obj == nil {
		return nil, nil, fmt.Errorf("%w: no such artefact", ErrNotFound)
	}
	rc, err := s.Archive.Open(ctx, *obj)
	return rc, obj, err
}
