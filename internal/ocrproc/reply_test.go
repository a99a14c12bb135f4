package ocrproc

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/sohoa/sohoa/pipeline"
)

// TestReplyKeepsWords: a page's words cross the pipe whole, the LSTM's
// alternatives included (post-correction uses them in the helper, but a
// field added to Word must not be lost on the way).
func TestReplyKeepsWords(t *testing.T) {
	in := reply{Page: pipeline.EncodedPage{OCR: pipeline.PageText{
		Text: "Phạt tiền", Confidence: 0.8,
		Words: []pipeline.Word{
			{Text: "Phạt", Confidence: 0.9, Box: pipeline.Box{X: 1, Y: 2, W: 3, H: 4}, Line: 1, Block: 2},
			{Text: "tiền", Confidence: 0.7, Alts: []pipeline.Alt{{At: 2, Text: "ê", Conf: 0.9, Best: 0.6}}},
		},
	}}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(in); err != nil {
		t.Fatal(err)
	}
	var out reply
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in.Page.OCR, out.Page.OCR) {
		t.Errorf("words changed across the pipe:\n%+v\n%+v", in.Page.OCR, out.Page.OCR)
	}
}
