package signing

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
)

func sampleRecord() *record.Document {
	hcm := time.FixedZone("ICT", 7*3600)
	return &record.Document{
		Schema: record.SchemaVersion, ID: "d-0001", Version: 1, ResultCode: "KQ.000.00.21.H26-240918-0001",
		Status:   record.StatusProcessed,
		Original: record.Object{Key: "originals/d-0001.png", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 1234, ContentType: "image/png"},
		DocType:  "giay_khai_sinh", TypeConfidence: 0.9312,
		Fields: map[string]pipeline.Field{
			"ho_ten":    {Value: "Nguyễn Văn An", Confidence: 0.97},
			"ngay_sinh": {Value: "2001-03-04", Confidence: 0.61, NeedsReview: true, Reason: "ngày <mờ> & khó đọc"},
		},
		Text:       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nGIẤY KHAI SINH",
		Confidence: 0.8833333333333333,
		Pages:      []record.Page{{Number: 1, Text: "GIẤY KHAI SINH", Confidence: 0.88, SkewDeg: -0.35}},
		OwnerID:    "001201000123",
		Provenance: record.Provenance{UploadedBy: "u_clerk1", Office: "000.00.21.H26", UploadedAt: time.Date(2024, 9, 18, 9, 30, 0, 123456789, hcm), PipelineVersion: pipeline.Version},
		CreatedAt:  time.Date(2024, 9, 18, 9, 31, 0, 0, hcm),
	}
}

func mustSigner(t *testing.T, office, clerk string) *Signer {
	t.Helper()
	s, err := Generate(office, clerk)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func keysOf(ss ...*Signer) map[string]PublicKey {
	m := map[string]PublicKey{}
	for _, s := range ss {
		m[s.Public().KeyID] = s.Public()
	}
	return m
}

// roundTrip stores and reloads the record as JSON, as the object store does.
func roundTrip(t *testing.T, rec *record.Document) *record.Document {
	t.Helper()
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	var out record.Document
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func TestSignVerifyRoundTrip(t *testing.T) {
	s := mustSigner(t, "000.00.21.H26", "u_clerk1")
	rec := sampleRecord()
	sig, err := Sign(rec, s)
	if err != nil {
		t.Fatal(err)
	}
	rec.Signatures = append(rec.Signatures, sig)
	if err := VerifyRecord(rec, keysOf(s)); err != nil {
		t.Fatalf("fresh record: %v", err)
	}
	stored := roundTrip(t, rec)
	if err := VerifyRecord(stored, keysOf(s)); err != nil {
		t.Fatalf("after JSON round trip: %v", err)
	}
	// A second signer (a correction's reviewer) adds a signature; both verify.
	s2 := mustSigner(t, "000.00.21.H26", "u_clerk2")
	sig2, err := Sign(stored, s2)
	if err != nil {
		t.Fatal(err)
	}
	stored.Signatures = append(stored.Signatures, sig2)
	if err := VerifyRecord(roundTrip(t, stored), keysOf(s, s2)); err != nil {
		t.Fatalf("two signatures: %v", err)
	}
}

func TestCanonicalIsStable(t *testing.T) {
	rec := sampleRecord()
	rec.Text += "\xff" // invalid UTF-8 becomes U+FFFD in JSON; the digest must not move
	a, err := Canonical(rec)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Canonical(roundTrip(t, rec))
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Fatalf("canonical form changed by a round trip:\n%s\n%s", a, b)
	}
	rec.Signatures = []record.Signature{{Value: "x"}}
	c, _ := Canonical(rec)
	if string(a) != string(c) {
		t.Fatal("signatures are part of the canonical form")
	}
}

func TestVerifyFails(t *testing.T) {
	s := mustSigner(t, "000.00.21.H26", "u_clerk1")
	other := mustSigner(t, "000.00.21.H26", "u_clerk1") // same claims, different key
	cases := []struct {
		name    string
		change  func(rec *record.Document, sig *record.Signature, keys map[string]PublicKey)
		wantErr error
	}{
		{"changed field value", func(r *record.Document, _ *record.Signature, _ map[string]PublicKey) {
			f := r.Fields["ho_ten"]
			f.Value = "Nguyễn Văn Ân"
			r.Fields["ho_ten"] = f
		}, ErrBadSignature},
		{"changed owner", func(r *record.Document, _ *record.Signature, _ map[string]PublicKey) { r.OwnerID = "079085000002" }, ErrBadSignature},
		{"added correction", func(r *record.Document, _ *record.Signature, _ map[string]PublicKey) {
			r.Corrections = append(r.Corrections, record.Correction{Field: "ho_ten", Value: "x", By: "u9"})
		}, ErrBadSignature},
		{"changed page text", func(r *record.Document, _ *record.Signature, _ map[string]PublicKey) {
			r.Pages[0].Text = "GIẤY CHỨNG TỬ"
		}, ErrBadSignature},
		{"changed original hash in record", func(r *record.Document, _ *record.Signature, _ map[string]PublicKey) {
			r.Original.SHA256 = "0000000000000000000000000000000000000000000000000000000000000000"
		}, ErrBadSignature},
		{"changed original hash in record and signature", func(r *record.Document, sig *record.Signature, _ map[string]PublicKey) {
			r.Original.SHA256 = "0000000000000000000000000000000000000000000000000000000000000000"
			sig.OriginalSHA256 = r.Original.SHA256
		}, ErrBadSignature},
		{"claims another clerk", func(_ *record.Document, sig *record.Signature, _ map[string]PublicKey) { sig.Signer = "u_clerk2" }, ErrBadSignature},
		{"backdated", func(_ *record.Document, sig *record.Signature, _ map[string]PublicKey) {
			sig.SignedAt = sig.SignedAt.Add(-24 * time.Hour)
		}, ErrBadSignature},
		{"wrong public key for the id", func(_ *record.Document, sig *record.Signature, keys map[string]PublicKey) {
			keys[sig.KeyID] = PublicKey{KeyID: sig.KeyID, Office: sig.Office, Clerk: sig.Signer, Key: other.Public().Key}
		}, ErrBadSignature},
		{"signed by another key", func(r *record.Document, sig *record.Signature, keys map[string]PublicKey) {
			*sig, _ = Sign(r, other)
			delete(keys, other.Public().KeyID) // the verifier trusts only s
		}, ErrUnknownKey},
		{"unknown key", func(_ *record.Document, _ *record.Signature, keys map[string]PublicKey) { clear(keys) }, ErrUnknownKey},
		{"garbage value", func(_ *record.Document, sig *record.Signature, _ map[string]PublicKey) { sig.Value = "!!" }, ErrBadSignature},
		{"other algorithm", func(_ *record.Document, sig *record.Signature, _ map[string]PublicKey) { sig.Algorithm = "rsa" }, ErrBadSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := sampleRecord()
			sig, err := Sign(rec, s)
			if err != nil {
				t.Fatal(err)
			}
			keys := keysOf(s)
			if err := Verify(rec, sig, keys); err != nil {
				t.Fatalf("before the change: %v", err)
			}
			c.change(rec, &sig, keys)
			if err := Verify(rec, sig, keys); !errors.Is(err, c.wantErr) {
				t.Fatalf("err = %v, want %v", err, c.wantErr)
			}
		})
	}
	if err := VerifyRecord(sampleRecord(), keysOf(s)); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("unsigned record: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	office := mustSigner(t, "000.00.21.H26", "")
	clerk := mustSigner(t, "000.00.21.H26", "u_clerk1")
	for _, s := range []*Signer{office, clerk} {
		keyPath, _, err := s.WriteFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("key file mode: %v %v", fi.Mode(), err)
		}
	}
	if _, _, err := clerk.WriteFiles(dir); err == nil {
		t.Fatal("overwrote an existing key")
	}
	// A verifier with only the public key of the clerk.
	verifierDir := t.TempDir()
	pub, _ := os.ReadFile(filepath.Join(dir, clerk.Public().KeyID+".pub"))
	os.WriteFile(filepath.Join(verifierDir, clerk.Public().KeyID+".pub"), pub, 0o644)

	ring, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := ring.Signer("000.00.21.H26", "u_clerk1")
	if !ok || s.Public().KeyID != clerk.Public().KeyID {
		t.Fatal("clerk key not found")
	}
	s, ok = ring.Signer("000.00.21.H26", "u_clerk9") // falls back to the office key
	if !ok || s.Public().KeyID != office.Public().KeyID {
		t.Fatal("office key fallback")
	}
	if _, ok := ring.Signer("000.00.05.H01", "u_clerk1"); ok {
		t.Fatal("key of another office used")
	}
	rec := sampleRecord()
	sig, err := Sign(rec, mustPick(ring.Signer("000.00.21.H26", "u_clerk1")))
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := LoadDir(verifierDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(rec, sig, verifier.PublicKeys()); err != nil {
		t.Fatalf("verify with the .pub file: %v", err)
	}
	if _, err := LoadDir(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Fatalf("missing folder: %v", err)
	}
}

func mustPick(s *Signer, ok bool) *Signer {
	if !ok {
		panic("no signer")
	}
	return s
}

func TestWriteFilesRefusesGitRepo(t *testing.T) {
	repo := t.TempDir()
	if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := mustSigner(t, "000.00.21.H26", "u_clerk1")
	if _, _, err := s.WriteFiles(filepath.Join(repo, "data", "keys")); err == nil {
		t.Fatal("wrote a private key inside a git working tree")
	}
	if _, err := os.Stat(filepath.Join(repo, "data")); !os.IsNotExist(err) {
		t.Fatal("created folders inside the repository")
	}
}

func BenchmarkSign(b *testing.B) {
	s, _ := Generate("000.00.21.H26", "u_clerk1")
	rec := sampleRecord()
	for b.Loop() {
		if _, err := Sign(rec, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	s, _ := Generate("000.00.21.H26", "u_clerk1")
	rec := sampleRecord()
	sig, _ := Sign(rec, s)
	keys := map[string]PublicKey{s.Public().KeyID: s.Public()}
	for b.Loop() {
		if err := Verify(rec, sig, keys); err != nil {
			b.Fatal(err)
		}
	}
}
