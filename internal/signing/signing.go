// Package signing makes and checks digitisation signatures: Thông tư
// 01/2023/TT-VPCP (Điều 8) requires the person who digitises a paper to
// sign the scanned copy. sohoa signs each record version with an Ed25519
// key of the clerk (or of the office) over the original's SHA-256 and a
// canonical digest of the record.
//
// Keys live in files under a key folder outside the repository
// (SOHOA_SIGNING_KEY_DIR): <key id>.key holds a private key, <key id>.pub
// a public key that verifiers need.
package signing

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sohoa/sohoa/record"
)

// Algorithm is the only signature algorithm.
const Algorithm = "ed25519"

// ErrBadSignature is returned (wrapped) when a signature does not verify.
var ErrBadSignature = errors.New("signature does not verify")

// ErrUnknownKey is returned (wrapped) for a signature by a key not in the
// verifier's keyring.
var ErrUnknownKey = errors.New("unknown signing key")

// PublicKey is a verifier's view of a key and whom it belongs to.
type PublicKey struct {
	KeyID  string            `json:"key_id"`
	Office string            `json:"office"`
	Clerk  string            `json:"clerk,omitempty"` // "": the office's key
	Key    ed25519.PublicKey `json:"public_key"`      // base64 in JSON
}

// Signer holds a private key.
type Signer struct {
	pub  PublicKey
	priv ed25519.PrivateKey
}

// KeyID derives a key's id from its public key.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:16])
}

// NewSigner wraps a private key for office and clerk.
func NewSigner(priv ed25519.PrivateKey, office, clerk string) (*Signer, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, fmt.Errorf("signing: private key has %d bytes, want %d", len(priv), ed25519.PrivateKeySize)
	}
	if err := checkName("office", office, false); err != nil {
		return nil, err
	}
	if err := checkName("clerk", clerk, true); err != nil {
		return nil, err
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &Signer{pub: PublicKey{KeyID: KeyID(pub), Office: office, Clerk: clerk, Key: pub}, priv: priv}, nil
}

// Generate makes a new key for office and clerk ("" for an office key).
func Generate(office, clerk string) (*Signer, error) {
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("signing: generate key: %w", err)
	}
	return NewSigner(priv, office, clerk)
}

// Public returns the signer's public key.
func (s *Signer) Public() PublicKey { return s.pub }

func checkName(what, v string, mayBeEmpty bool) error {
	if v == "" && mayBeEmpty {
		return nil
	}
	if v == "" || len(v) > 128 || strings.ContainsAny(v, "\n\x00") {
		return fmt.Errorf("signing: invalid %s %q", what, v)
	}
	return nil
}

// Digest returns the hex SHA-256 of the record's canonical form: its JSON
// without the signatures, decoded and re-encoded with sorted object keys,
// numbers as written and no HTML escaping. The re-encoding makes the digest
// independent of Go field order and of a round trip through storage.
// Fields added to record.Document later must be omitempty, or records
// signed before the change stop verifying.
func Digest(rec *record.Document) (string, error) {
	b, err := Canonical(rec)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// Canonical returns the canonical bytes Digest hashes.
func Canonical(rec *record.Document) ([]byte, error) {
	c := *rec
	c.Signatures = nil
	raw, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("signing: encode record: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("signing: canonicalise record: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // maps encode with sorted keys
		return nil, fmt.Errorf("signing: canonicalise record: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// message is what is signed: every claim of the signature, so that none
// can be changed without breaking it.
func message(sig record.Signature) []byte {
	return []byte(strings.Join([]string{
		"sohoa-digitisation-signature-v1",
		sig.Algorithm, sig.KeyID, sig.Office, sig.Signer,
		sig.OriginalSHA256, sig.RecordDigest,
		sig.SignedAt.UTC().Format(time.RFC3339Nano),
	}, "\n"))
}

// Sign signs rec as it is now (its existing signatures excluded) and
// returns the signature; the caller appends it to rec.Signatures before
// writing the record.
func Sign(rec *record.Document, s *Signer) (record.Signature, error) {
	if rec.Original.SHA256 == "" {
		return record.Signature{}, errors.New("signing: record has no original SHA-256")
	}
	digest, err := Digest(rec)
	if err != nil {
		return record.Signature{}, err
	}
	sig := record.Signature{
		Algorithm:      Algorithm,
		KeyID:          s.pub.KeyID,
		Office:         s.pub.Office,
		Signer:         s.pub.Clerk,
		OriginalSHA256: rec.Original.SHA256,
		RecordDigest:   digest,
		SignedAt:       time.Now().UTC(),
	}
	sig.Value = base64.StdEncoding.EncodeToString(ed25519.Sign(s.priv, message(sig)))
	return sig, nil
}

// Verify checks sig against rec and the known public keys (by key id): the
// key must be known and belong to the office and clerk the signature
// names, the signature must verify, and the record and its original's
// digest must be the ones signed.
func Verify(rec *record.Document, sig record.Signature, keys map[string]PublicKey) error {
	if sig.Algorithm != Algorithm {
		return fmt.Errorf("%w: algorithm %q", ErrBadSignature, sig.Algorithm)
	}
	k, ok := keys[sig.KeyID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownKey, sig.KeyID)
	}
	if k.Office != sig.Office || k.Clerk != sig.Signer || KeyID(k.Key) != sig.KeyID {
		return fmt.Errorf("%w: key %s belongs to %s/%s, not %s/%s", ErrBadSignature, sig.KeyID, k.Office, k.Clerk, sig.Office, sig.Signer)
	}
	raw, err := base64.StdEncoding.DecodeString(sig.Value)
	if err != nil || !ed25519.Verify(k.Key, message(sig), raw) {
		return fmt.Errorf("%w: by %s/%s", ErrBadSignature, sig.Office, sig.Signer)
	}
	if sig.OriginalSHA256 != rec.Original.SHA256 {
		return fmt.Errorf("%w: original SHA-256 changed since signing", ErrBadSignature)
	}
	digest, err := Digest(rec)
	if err != nil {
		return err
	}
	if digest != sig.RecordDigest {
		return fmt.Errorf("%w: record changed since signing", ErrBadSignature)
	}
	return nil
}

// VerifyRecord checks every signature on rec; a record without signatures
// fails. It returns one error per bad signature, joined.
func VerifyRecord(rec *record.Document, keys map[string]PublicKey) error {
	if len(rec.Signatures) == 0 {
		return fmt.Errorf("%w: record %s v%d is not signed", ErrBadSignature, rec.ID, rec.Version)
	}
	var errs []error
	for i, sig := range rec.Signatures {
		if err := Verify(rec, sig, keys); err != nil {
			errs = append(errs, fmt.Errorf("signature %d: %w", i+1, err))
		}
	}
	return errors.Join(errs...)
}
