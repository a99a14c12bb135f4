package record

import (
	"testing"

	"github.com/sohoa/sohoa/pipeline"
)

func TestValidUntil(t *testing.T) {
	doc := func(typ string, fields map[string]string) *Document {
		d := &Document{DocType: typ, Fields: map[string]pipeline.Field{}}
		for k, v := range fields {
			d.Fields[k] = pipeline.Field{Value: v}
		}
		return d
	}
	tests := []struct {
		name  string
		d     *Document
		until string
		on    string
		valid bool
	}{
		{"cccd printed expiry", doc("cccd", map[string]string{"issue_date": "2021-04-10", "expiry_date": "2036-07-12"}), "2036-07-12", "2026-11-26", true},
		{"cccd expired", doc("cccd", map[string]string{"expiry_date": "2025-01-01"}), "2025-01-01", "2026-11-26", false},
		{"marriage status within 6 months", doc("marriage_status", map[string]string{"issue_date": "2026-06-05"}), "2026-12-04", "2026-11-26", true},
		{"marriage status after 6 months", doc("marriage_status", map[string]string{"issue_date": "2026-03-01"}), "2026-08-31", "2026-11-26", false},
		{"cmnd ended by law", doc("cmnd", map[string]string{"issue_date": "2015-01-01"}), "2024-12-31", "2026-11-26", false},
		{"decision never expires", doc("decision", map[string]string{"issue_date": "2001-01-01"}), "", "2026-11-26", true},
		{"birth certificate without dates", doc("birth_certificate", nil), "", "2026-11-26", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.ValidUntil(); got != tt.until {
				t.Errorf("ValidUntil = %q, want %q", got, tt.until)
			}
			if got := tt.d.ValidOn(tt.on); got != tt.valid {
				t.Errorf("ValidOn(%s) = %v, want %v", tt.on, got, tt.valid)
			}
		})
	}
}
