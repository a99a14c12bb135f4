package pipeline_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
)

// TestCleanPhoneCardKeepsRedTitle reads a generated phone photo of a
// CMND card (seed 1, as `sohoa bench accuracy -types cccd,cmnd -deg phone`
// makes them): at ~150 dpi and blurred, letters of the red title and the
// red number run together into pieces as large as a seal's, which
// dropout used to remove with the title. On smaller photos (seeds 6, 7
// and 31, 640–700 px wide) the title and the number stand in one row of
// letters 3 letter heights tall, which dropout took for no text row.
func TestCleanPhoneCardKeepsRedTitle(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	opts := corpus.Options{Types: []string{"cccd", "cmnd"}}
	for _, c := range []struct {
		seed int64
		i    int
	}{{1, 4}, {6, 1}, {7, 4}, {31, 3}} {
		seed, i := c.seed, c.i
		s := corpus.Render(seed, i, opts)
		t.Run(fmt.Sprintf("seed %d %s", seed, s.Name), func(t *testing.T) {
			img, _ := corpus.DegradeSample(s, corpus.Phone, seed+int64(i))
			c, err := pipeline.Clean(context.Background(), img, eng, pipeline.CleanOptions{})
			if err != nil {
				t.Fatal(err)
			}
			pt, err := eng.Recognize(context.Background(), c.Image)
			if err != nil {
				t.Fatal(err)
			}
			// The number must be exact; the title's small marks may be
			// misread, its words not lost.
			title := slices.ContainsFunc(strings.Split(pt.Text, "\n"), func(l string) bool {
				return strings.Contains(vntext.Fold(l), "minh nhan dan")
			})
			if !title || !strings.Contains(pt.Text, s.Fields[corpus.FieldIDNumber]) {
				t.Errorf("red title or number %s not read in:\n%s", s.Fields[corpus.FieldIDNumber], pt.Text)
			}
		})
	}
}

// TestCleanPhonePageIsNoCard: a phone photo of an A4 page, cut out of its
// background, is often smaller than a card scan's pixel budget
// (smallPagePixels; this one 1.5 MP), yet it is a page: the
// card's label rules turned its "sinh ngày" into "Sinh ngày:". A card's
// photo stays a card.
func TestCleanPhonePageIsNoCard(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	const seed = 19
	for _, tc := range []struct {
		types []string
		card  bool
	}{
		{[]string{"decision"}, false},
		{[]string{"cccd"}, true},
	} {
		s := corpus.Render(seed, 0, corpus.Options{Types: tc.types})
		t.Run(s.Name, func(t *testing.T) {
			img, _ := corpus.DegradeSample(s, corpus.Phone, seed)
			c, err := pipeline.Clean(context.Background(), img, eng, pipeline.CleanOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if c.Card != tc.card {
				t.Errorf("Card = %v, want %v (steps %v)", c.Card, tc.card, c.Steps)
			}
		})
	}
}

// TestPhotoCardKeepsPhotoColumn reads a phone photo of a CCCD whose
// photo column lies in the shadow along the photo's edge (bench accuracy's
// phone cccd-0002, seed 17): the border step took the shadow for a
// scanner's bar and cut the expiry label and date in half, and the date
// was lost. A photo's edges are left as they are (ADR 0640).
func TestPhotoCardKeepsPhotoColumn(t *testing.T) {
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := corpus.Render(17, 2, corpus.Options{})
	img, _ := corpus.DegradeSample(s, corpus.Phone, 17+2)
	res, err := pipeline.ProcessPageOptions(context.Background(), img, eng, pipeline.PageOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(res.Cleaned.Steps, pipeline.StepBorder) {
		t.Errorf("%s: border step ran on a photo (steps %v)", s.Name, res.Cleaned.Steps)
	}
	iso := s.Fields[corpus.FieldExpiryDate] // yyyy-mm-dd
	date := iso[8:10] + "/" + iso[5:7] + "/" + iso[:4]
	if !strings.Contains(res.OCR.Text, "Date of expiry") || !strings.Contains(res.OCR.Text, date) {
		t.Errorf("%s: expiry label or date %s lost:\n%s", s.Name, date, res.OCR.Text)
	}
}
