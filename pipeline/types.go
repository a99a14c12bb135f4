// Package pipeline holds sohoa's processing steps as plain functions over
// values: decode → clean → recognize → classify/extract. No queue, no
// network: the workers and the CLI call these steps and store what they return.
package pipeline

import (
	"image"
	"slices"
)

// Version names the pipeline's behaviour; it is written into every record's
// provenance so that results can be traced to the code that made them.
const Version = "0.1.0"

// Box is a rectangle in page pixels (of the cleaned image).
type Box struct {
	X, Y, W, H int
}

// Word is one recognised word with its confidence in [0,1] and its box.
type Word struct {
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"`
	Box        Box     `json:"box"`
	Line       int     `json:"line"`  // line index within the page
	Block      int     `json:"block"` // block index within the page
	// Alts are the characters the LSTM found nearly as likely as those
	// it read, when the engine recorded them (Tesseract.SetAlternatives):
	// the evidence post-correction chooses among. Not stored.
	Alts []Alt `json:"-"`
}

// Alt is another reading of one character of a word that the LSTM weighed
// close to the one it chose: the At-th rune of the word could be Text.
type Alt struct {
	At   int     // rune index in Word.Text
	Text string  // the other character
	Conf float32 // its confidence, 0–1
	Best float32 // the confidence of the character read, 0–1
}

// Cleaned is a page after cleaning: a grayscale image ready for OCR plus
// what the cleaning found.
type Cleaned struct {
	Image       *image.Gray `json:"-"`
	Orientation int         `json:"orientation"` // degrees clockwise the page was rotated by to read upright: 0, 90, 180, 270
	SkewDeg     float64     `json:"skew_deg"`    // skew measured (and corrected), in degrees
	Steps       []string    `json:"steps"`       // names of the cleaning steps applied
	DPI         int         `json:"dpi,omitempty"`
	// Card: the page was card-sized before any enlargement (smallPage)
	// and has fewer lines than a page (pageLines): the OCR steps that
	// serve ID cards run on it.
	Card bool `json:"card,omitempty"`
}

// PageText is the OCR result of one page.
type PageText struct {
	Text       string  `json:"text"`       // NFC, lines separated by \n
	Confidence float64 `json:"confidence"` // mean word confidence in [0,1]
	Words      []Word  `json:"words,omitempty"`
}

// Field is one extracted field with its evidence.
type Field struct {
	Value       string  `json:"value"`
	Raw         string  `json:"raw,omitempty"` // the text it was read from, before normalisation/repair
	Confidence  float64 `json:"confidence"`
	NeedsReview bool    `json:"needs_review"`
	Reason      string  `json:"reason,omitempty"` // why it needs review
}

// Extraction is the classification and the fields of one document.
type Extraction struct {
	DocType        string           `json:"doc_type"`
	TypeConfidence float64          `json:"type_confidence"`
	Fields         map[string]Field `json:"fields"`
}

// Values returns the plain name → value map of the fields.
func (e Extraction) Values() map[string]string {
	m := make(map[string]string, len(e.Fields))
	for k, f := range e.Fields {
		m[k] = f.Value
	}
	return m
}

// Timings holds per-step durations in milliseconds.
type Timings map[string]int64

// Beside lists the steps that run beside the OCR on other threads
// ("encode": the cleaned page's PNG, ADR 1108; "osd": an A4 page's
// orientation check, ADR 1111), whose time is not added to a page's.
var Beside = []string{"encode", "osd"}

// InSequence is the sum of the steps that run one after another: the
// page's own time, leaving out those in Beside.
func (t Timings) InSequence() int64 {
	var ms int64
	for k, v := range t {
		if !slices.Contains(Beside, k) {
			ms += v
		}
	}
	return ms
}
