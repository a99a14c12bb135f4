// Package record defines the document record: the JSON written to the
// object store for every digitised document, one immutable object per
// version. The record is written last, after the original and every
// artefact it names, so a reader never sees a record whose objects are
// missing.
package record

import (
	"time"

	"github.com/sohoa/sohoa/pipeline"
)

// SchemaVersion of the record JSON.
const SchemaVersion = 1

// Status of a document's processing.
const (
	StatusPending   = "pending"
	StatusProcessed = "processed"
	StatusFailed    = "failed"
	// StatusSplit: a batch scan cut into its papers (Children); the batch
	// itself is not a document to search.
	StatusSplit = "split"
)

// Object names a stored object and the digest it must have.
type Object struct {
	Key         string `json:"key"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type,omitempty"`
}

// Page is one page of a document and its results.
type Page struct {
	Number      int              `json:"page"`
	Text        string           `json:"text"`
	Confidence  float64          `json:"confidence"`
	Orientation int              `json:"orientation"`
	SkewDeg     float64          `json:"skew_deg"`
	Steps       []string         `json:"steps,omitempty"`
	Cleaned     *Object          `json:"cleaned,omitempty"` // cleaned image (PNG)
	Words       *Object          `json:"words,omitempty"`   // word boxes (JSON)
	Timings     pipeline.Timings `json:"timings_ms,omitempty"`
	Error       string           `json:"error,omitempty"`
	PHash       string           `json:"phash,omitempty"` // perceptual hash of the cleaned page (near-duplicates)
}

// Provenance says who and what produced a record version.
type Provenance struct {
	UploadedBy      string    `json:"uploaded_by,omitempty"`
	Office          string    `json:"office,omitempty"`
	UploadID        string    `json:"upload_id,omitempty"`
	UploadedAt      time.Time `json:"uploaded_at"`
	Filename        string    `json:"filename,omitempty"`
	PipelineVersion string    `json:"pipeline_version"`
	OCREngine       string    `json:"ocr_engine,omitempty"` // e.g. "tesseract 5.3.0 vie"
}

// Correction records one field changed by a person.
type Correction struct {
	Field    string    `json:"field"`
	OCRValue string    `json:"ocr_value"`
	Value    string    `json:"value"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

// Document is one version of a document's record.
type Document struct {
	Schema         int                       `json:"schema"`
	ID             string                    `json:"id"`
	Version        int                       `json:"version"`               // 1, 2, … ; every version is kept
	ResultCode     string                    `json:"result_code,omitempty"` // mã kết quả số hóa
	Status         string                    `json:"status"`
	Error          string                    `json:"error,omitempty"`
	Original       Object                    `json:"original"`
	DocType        string                    `json:"doc_type"`
	TypeConfidence float64                   `json:"type_confidence"`
	Fields         map[string]pipeline.Field `json:"fields"`
	Text           string                    `json:"text"`
	TextObject     *Object                   `json:"text_object,omitempty"`
	Confidence     float64                   `json:"confidence"`
	Pages          []Page                    `json:"pages"`
	Artefacts      []Object                  `json:"artefacts,omitempty"` // other derived objects (e.g. searchable PDF)
	Dossiers       []string                  `json:"dossiers,omitempty"`
	OwnerID        string                    `json:"owner_id,omitempty"` // personal ID number or enterprise code
	Provenance     Provenance                `json:"provenance"`
	Corrections    []Correction              `json:"corrections,omitempty"`
	CreatedAt      time.Time                 `json:"created_at"`
	// DuplicateOf names the already digitised document this one is a new
	// scan of: it is offered for reuse instead, and this one is not indexed.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Children are the papers a batch scan was cut into; Parent and
	// SourcePages say which batch and which of its pages a paper came from.
	Children    []string `json:"children,omitempty"`
	Parent      string   `json:"parent,omitempty"`
	SourcePages []int    `json:"source_pages,omitempty"`
	// Distinct is set when a person ruled out a suspected near-duplicate.
	Distinct bool `json:"distinct,omitempty"`
	// Signatures of the people who digitised or corrected this version
	// (Thông tư 01/2023/TT-VPCP, Điều 8); made and checked by
	// internal/signing over the record without this field.
	Signatures []Signature `json:"signatures,omitempty"`
}

// Signature is an Ed25519 digitisation signature over a record version.
// It is declared here, not in internal/signing, so that records need not
// import the signing code.
type Signature struct {
	Algorithm      string    `json:"alg"`             // "ed25519"
	KeyID          string    `json:"key_id"`          // hex, first 16 bytes of SHA-256 of the public key
	Office         string    `json:"office"`          // the signer's office
	Signer         string    `json:"signer"`          // the clerk (user id or name); "" for an office key
	OriginalSHA256 string    `json:"original_sha256"` // the scanned original's digest, as signed
	RecordDigest   string    `json:"record_digest"`   // hex SHA-256 of the canonical record, as signed
	SignedAt       time.Time `json:"signed_at"`
	Value          string    `json:"sig"` // base64 (standard) Ed25519 signature
}

// FieldValue returns the value of field name, or "".
func (d *Document) FieldValue(name string) string {
	if f, ok := d.Fields[name]; ok {
		return f.Value
	}
	return ""
}

// Objects lists every stored object the record names: the original first.
func (d *Document) Objects() []Object {
	objs := []Object{d.Original}
	if d.TextObject != nil {
		objs = append(objs, *d.TextObject)
	}
	for _, p := range d.Pages {
		if p.Cleaned != nil {
			objs = append(objs, *p.Cleaned)
		}
		if p.Words != nil {
			objs = append(objs, *p.Words)
		}
	}
	return append(objs, d.Artefacts...)
}
