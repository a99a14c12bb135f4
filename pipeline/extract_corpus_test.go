package pipeline_test

import (
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// TestExtractCorpusText runs Extract over the corpus's ground-truth text
// (no OCR) so that regressions in classification or extraction fail.
func TestExtractCorpusText(t *testing.T) {
	n := 170
	if testing.Short() {
		n = 51
	}
	var typeOK, fieldOK, fields int
	for i := 0; i < n; i++ {
		s := corpus.Render(7, i, corpus.Options{Scale: 0.05})
		e := pipeline.Extract(s.Text, nil)
		if e.DocType == s.DocType {
			typeOK++
		} else {
			t.Logf("%s: type %s", s.Name, e.DocType)
		}
		for k, want := range s.Fields {
			fields++
			if got := e.Fields[k].Value; got == want {
				fieldOK++
			} else {
				t.Logf("%s: %s = %q, want %q", s.Name, k, got, want)
			}
		}
	}
	typeAcc := float64(typeOK) / float64(n)
	fieldAcc := float64(fieldOK) / float64(fields)
	t.Logf("type %.1f%% (%d/%d), fields %.1f%% (%d/%d)", 100*typeAcc, typeOK, n, 100*fieldAcc, fieldOK, fields)
	if typeAcc < 0.99 {
		t.Errorf("type accuracy %.1f%% < 99%%", 100*typeAcc)
	}
	if fieldAcc < 0.97 {
		t.Errorf("field exact match %.1f%% < 97%%", 100*fieldAcc)
	}
}
