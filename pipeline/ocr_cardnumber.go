package pipeline

import (
	"context"
	"fmt"
	"image"
	"regexp"
	"strings"
	"unicode"
)

// A card's ID number is the field every later search of the citizen's
// papers keys on, and Tesseract reads it wrong at full confidence now and
// then: a clean CMND's "020209139" read "020209159" at 1.0 on the page,
// right from a crop of the number or of its line; a phone photo's CCCD
// number read with a thirteenth digit. The number is read twice more, alone
// and with its line, and the readings vote (ADR 0645).

// RereadCardNumber reads a card's ID number (the first word of pt that is
// 8 to 13 digits, marks after it aside) again from a crop of its box and
// from a crop of its line. A number of a CMND's 9 or a CCCD's 12 digits
// that two of the three readings agree on is taken; when the page's
// reading is of neither length, the one crop reading that is. It returns
// the text and whether it changed it.
func RereadCardNumber(ctx context.Context, g *image.Gray, pt PageText, lr LineRecognizer) (PageText, bool, error) {
	at := -1
	for i, w := range pt.Words {
		if n := len(numberDigits(w.Text)); n >= 8 && n <= 13 {
			at = i
			break
		}
	}
	if at < 0 {
		return pt, false, nil
	}
	w := pt.Words[at]
	bounds := image.Rect(0, 0, g.Rect.Dx(), g.Rect.Dy())
	h := w.Box.H
	word := wordRect(w.Box).Inset(-h / 3).Intersect(bounds)
	line := word
	for _, o := range pt.Words {
		if o.Line == w.Line {
			line = line.Union(wordRect(o.Box).Inset(-h / 3))
		}
	}
	line = line.Intersect(bounds)
	page := numberDigits(w.Text)
	var reads [2]string
	for k, r := range []image.Rectangle{word, line} {
		got, err := lr.RecognizeLine(ctx, g.SubImage(r.Add(g.Rect.Min)).(*image.Gray))
		if err != nil {
			return pt, false, fmt.Errorf("read card number: %w", err)
		}
		// the first run of 8 digits or more, glued to its label or not ("SỐ020209139")
		reads[k] = digitRun.FindString(got.Text)
	}
	pick := page
	switch {
	case idLength(page) && (reads[0] == page || reads[1] == page):
	case idLength(reads[0]) && reads[0] == reads[1]:
		pick = reads[0]
	case !idLength(page) && idLength(reads[0]) != idLength(reads[1]):
		pick = reads[0]
		if idLength(reads[1]) {
			pick = reads[1]
		}
	}
	if pick == page {
		return pt, false, nil
	}
	pt.Words = append([]Word(nil), pt.Words...)
	pt.Words[at].Text = pick + strings.TrimLeftFunc(w.Text, unicode.IsDigit)
	pt.Text = textFromWords(pt.Words)
	return pt, true, nil
}

var digitRun = regexp.MustCompile(`\d{8,}`)

// numberDigits returns s's digits when s is digits with marks after them
// ("020209139", "001179289852."), else "".
func numberDigits(s string) string {
	d := strings.TrimRight(s, ".,:;")
	if d == "" || strings.TrimFunc(d, unicode.IsDigit) != "" {
		return ""
	}
	return d
}

// idLength reports whether d, digits only, has a CMND's 9 or a CCCD's 12
// (cardIDNumber, the number AnchorCardLabels knows).
func idLength(d string) bool { return cardIDNumber.MatchString(d) }
