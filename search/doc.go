package search

import (
	"sort"
	"strings"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/record"
)

// Record field names that feed the index's dedicated attributes.
const (
	FieldDocNumber      = "doc_number"
	FieldIssuer         = "issuer"
	FieldIssueDate      = "issue_date"
	FieldExpiryDate     = "expiry_date"
	FieldIDNumber       = "id_number"
	FieldEnterpriseCode = "enterprise_code"
	FieldSummary        = "summary"
	FieldFullName       = "full_name"
	FieldCompanyName    = "company_name"
)

// FromRecord derives the index entry of a document record. Index entries
// come from records only, so the whole index can be rebuilt from storage.
func FromRecord(d *record.Document) Doc {
	fields := make(map[string]string, len(d.Fields))
	for k, f := range d.Fields {
		if v := vntext.CollapseSpace(vntext.NFC(f.Value)); v != "" {
			fields[k] = v
		}
	}
	idNumber := d.OwnerID
	if idNumber == "" {
		idNumber = fields[FieldIDNumber]
	}
	if idNumber == "" {
		idNumber = fields[FieldEnterpriseCode]
	}
	doc := Doc{
		ID:         d.ID,
		DocType:    d.DocType,
		Title:      title(fields),
		Text:       vntext.NFC(d.Text),
		Fields:     fields,
		DocNumber:  fields[FieldDocNumber],
		IDNumber:   idNumber,
		Issuer:     fields[FieldIssuer],
		IssueDate:  fields[FieldIssueDate],
		ExpiryDate: d.ValidUntil(), // printed expiry, or the type's validity rule
		Office:     d.Provenance.Office,
		Version:    d.Version,
		CreatedAt:  d.CreatedAt,
	}
	if len(d.Dossiers) > 0 {
		doc.Dossiers = append([]string(nil), d.Dossiers...)
		sort.Strings(doc.Dossiers)
	}
	if doc.Text == "" {
		// A record without a top-level text (older records): join its pages.
		var b strings.Builder
		for i, p := range d.Pages {
			if i > 0 {
				b.WriteString("\n")
			}
			b.WriteString(vntext.NFC(p.Text))
		}
		doc.Text = b.String()
	}
	return doc
}

// title picks the most telling short description of a document.
func title(fields map[string]string) string {
	for _, k := range []string{FieldSummary, FieldFullName, FieldCompanyName} {
		if v := fields[k]; v != "" {
			return v
		}
	}
	return ""
}
