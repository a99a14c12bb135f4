package pipeline

import (
	"context"
	"fmt"
	"image"
	"slices"
	"time"
)

// PageResult is one processed page: the cleaned image, its OCR text and the
// time each step took.
type PageResult struct {
	Cleaned Cleaned
	OCR     PageText
	Timings Timings // "clean", "ocr", "postcorrect" in ms
}

// PageOptions tunes ProcessPage; the zero value is the default pipeline.
type PageOptions struct {
	Clean         CleanOptions
	NoPostCorrect bool
	NoPictures    bool // keep words that are pictures read as text, or read twice (DropPictureWords, DropEchoes)
	NoReread      bool // do not read again lines whose accents were cut (RereadCutLines)
	NoLostLines   bool // do not read the lines that Tesseract's layout left out (ReadLostLines)
	NoAlts        bool // do not record the LSTM's close alternatives on photocopies (Word.Alts)
	NoUnsure      bool // do not read a card's unsure words again alone (RereadUnsureWords), nor its ID number (RereadCardNumber)
	NoDoubt       bool // do not read again a page's (not a card's) unsure words with their neighbours (RereadDoubtfulWords)
	NoColumns     bool // do not read two columns apart where Tesseract merged their lines (ReadColumns: a card's, a signature block's), nor a page's blocks read across two lines (ReadMergedLines), nor join cut lines (JoinCutLines)
	NoLabels      bool // do not give a card's printed labels their printed spelling (SnapCardLabels)
	NoHeadings    bool // do not give administrative phrases in capitals their marks (SnapHeadings)
	NoPageCaps    bool // do not give names in capitals the page's spelling of them in ordinary case (CapitalsFromPage)
	NoAnchors     bool // do not give the words at a card's ID and expiry labels' places their spelling (AnchorCardLabels)
	NoEnDashes    bool // do not drop specks read as list dashes, nor give en dashes and raised digits the "–", "²" the OCR cannot read (SpeckDashes, EnDashes, Superscripts)
}

// ProcessPage cleans img, recognises it with eng and post-corrects the text.
// Word boxes are in the cleaned image's pixel coordinates.
func ProcessPage(ctx context.Context, img image.Image, eng Engine) (PageResult, error) {
	return ProcessPageOptions(ctx, img, eng, PageOptions{})
}

// ProcessPageOptions is ProcessPage with options.
func ProcessPageOptions(ctx context.Context, img image.Image, eng Engine, opts PageOptions) (PageResult, error) {
	res := PageResult{Timings: Timings{}}
	var err error
	res.Cleaned, res.OCR, err = cleanRecognize(ctx, img, eng, opts, res.Timings, nil, nil)
	return res, err
}

// cleanRecognize cleans img and recognises it: a page's steps, in process
// or in an OCR helper. beforeOCR runs between the two; beside, when set,
// runs on a goroutine beside the OCR on the same cleaned page (ProcessPageFile's
// encode). A page whose turn OSD must confirm is recognised while OSD runs
// (ADR 1111); in the rare case that OSD is sure of another turn, the OCR is
// cancelled and the page finished and recognised again, beside included.
// Timings: "clean", "osd" (the confirmation beside the OCR), "ocr",
// "postcorrect".
func cleanRecognize(ctx context.Context, img image.Image, eng Engine, opts PageOptions, tm Timings, beforeOCR func(), beside func(*image.Gray)) (Cleaned, PageText, error) {
	t0 := time.Now()
	c, chk, err := clean(ctx, img, eng, opts.Clean, true)
	if err != nil {
		return c, PageText{}, fmt.Errorf("clean page: %w", err)
	}
	tm["clean"] = time.Since(t0).Milliseconds()
	img = nil // the decoded page is garbage now, unless the caller holds it
	if beforeOCR != nil {
		beforeOCR()
	}
	if !opts.NoAlts && (slices.Contains(c.Steps, StepDenoise) || slices.Contains(c.Steps, StepPerspective)) {
		// A photocopy or a phone photo, whose accents are misread most:
		// the LSTM's close second choices tell post-correction which
		// other readings the image allowed (ADR 0620). Choice mode costs
		// ~5% of the page's CPU, which other pages are spared.
		if ar, ok := eng.(altRecognizer); ok {
			if err := ar.SetAlternatives(true); err != nil {
				return c, PageText{}, fmt.Errorf("ocr page: %w", err)
			}
			defer ar.SetAlternatives(false)
		}
	}
	if chk == nil {
		txt, err := recognizeBeside(ctx, c, eng, opts, tm, beside)
		return c, txt, err
	}
	octx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		if chk.wrong() {
			cancel()
		}
	}()
	txt, ocrErr := recognizeBeside(octx, c, eng, opts, tm, beside)
	t1 := time.Now()
	c2, redo, err := chk.settle()
	tm["osd"] = chk.ms
	if err != nil {
		return c, PageText{}, fmt.Errorf("clean page: %w", err)
	}
	if !redo {
		return c, txt, ocrErr
	}
	tm["clean"] += time.Since(t1).Milliseconds()
	txt, err = recognizeBeside(ctx, c2, eng, opts, tm, beside)
	return c2, txt, err
}

// altRecognizer is an Engine that can record each word's close
// alternatives (Tesseract).
type altRecognizer interface {
	SetAlternatives(on bool) error
}

// recognizeBeside is ocrStep on c's image with beside (if set) run on it
// on a goroutine and joined.
func recognizeBeside(ctx context.Context, c Cleaned, eng Engine, opts PageOptions, tm Timings, beside func(*image.Gray)) (PageText, error) {
	g := c.Image
	if beside == nil || g == nil {
		return ocrStep(ctx, c, eng, opts, tm)
	}
	done := make(chan struct{})
	go func() { beside(g); close(done) }()
	txt, err := ocrStep(ctx, c, eng, opts, tm)
	<-done
	return txt, err
}

// ocrStep recognises the cleaned page and post-corrects its text,
// recording "ocr" and "postcorrect".
func ocrStep(ctx context.Context, c Cleaned, eng Engine, opts PageOptions, tm Timings) (PageText, error) {
	g, card := c.Image, c.Card
	t1 := time.Now()
	txt, err := eng.Recognize(ctx, g)
	if err != nil {
		return PageText{}, fmt.Errorf("ocr page: %w", err)
	}
	if !opts.NoPictures {
		txt = DropPictureWords(g, txt)
		if card {
			txt = DropFragments(txt)
		}
	}
	if !opts.NoColumns {
		if txt, _, err = ReadColumns(ctx, g, txt, eng, card); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	if !opts.NoColumns && !card {
		// A card's photo column and small labels are ReadColumns' and
		// AnchorCardLabels' (ADR 0644).
		if txt, _, err = ReadMergedLines(ctx, g, txt, eng); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	if lr, ok := eng.(LineRecognizer); ok && !opts.NoReread {
		if txt, _, err = RereadCutLines(ctx, g, txt, lr); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	// The re-read of single words was measured on cards at their scanned
	// size; on an enlarged card (a phone photo, small print)
	// RereadUnsureWords traded names' marks ("TRẦN" → "TRẤN") and the
	// page's RereadDoubtfulWords serves better.
	small := smallPage(g)
	if lr, ok := eng.(LineRecognizer); ok && !opts.NoDoubt && !small {
		// Cards have RereadUnsureWords, which takes no new letters: a
		// card's small mixed print reads confidently wrong from a crop.
		if txt, _, err = RereadDoubtfulWords(ctx, g, txt, lr); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	// Lost lines on every page: Tesseract's layout drops whole lines of
	// A4 signature blocks too, on clean pages (ADR 0630).
	if lr, ok := eng.(LineRecognizer); ok && !opts.NoLostLines {
		if txt, _, err = ReadLostLines(ctx, g, txt, lr); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	if !opts.NoColumns && !card {
		txt, _ = JoinCutLines(txt)
	}
	if !opts.NoUnsure && small {
		if txt, _, err = RereadUnsureWords(ctx, g, txt, eng); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	if lr, ok := eng.(LineRecognizer); ok && !opts.NoUnsure && card {
		if txt, _, err = RereadCardNumber(ctx, g, txt, lr); err != nil {
			return PageText{}, fmt.Errorf("ocr page: %w", err)
		}
	}
	t2 := time.Now()
	tm["ocr"] = t2.Sub(t1).Milliseconds()
	if !opts.NoPostCorrect {
		txt = PostCorrectPage(txt, c, opts)
	}
	tm["postcorrect"] = time.Since(t2).Milliseconds()
	return txt, nil
}

// PostCorrectPage corrects a page's text in this order:
//   - on a card (Cleaned.Card), the labels at their printed places
//     (AnchorCardLabels), before the junk among them is dropped, unless
//     opts.NoAnchors;
//   - on a card, the printed labels' spelling (SnapCardLabels) unless
//     opts.NoLabels;
//   - PostCorrect;
//   - the marks of administrative phrases in capitals (SnapHeadings)
//     unless opts.NoHeadings, and the page's spelling of names in capitals
//     (CapitalsFromPage) unless opts.NoPageCaps;
//   - unless opts.NoEnDashes, measured on g: the dashes that open lines,
//     the marks glued before words and, on a speckled page (StepDenoise)
//     that is no card, the colons and full stops after them that are
//     specks (SpeckDashes, SpeckMarks, SpeckTrails), the en dashes and the
//     raised digits of "m²" the OCR cannot read (EnDashes, Superscripts);
//   - on a card, the printed labels' spelling (SnapCardLabels) unless
//     opts.NoLabels, then the labels at their places again unless
//     opts.NoAnchors;
//   - last, the words read twice (DropEchoes) unless opts.NoPictures.
//
// c is the page's cleaning: its image, whether it is a card and its steps.
func PostCorrectPage(pt PageText, c Cleaned, opts PageOptions) PageText {
	g, card := c.Image, c.Card
	if card && !opts.NoAnchors {
		// The words read where a label is printed, before PostCorrect
		// drops the unsure junk among them ("s¿wo" for "Số / No.:").
		pt, _ = AnchorCardLabels(pt)
	}
	if card && !opts.NoLabels {
		// And the printed labels, before PostCorrect drops a junk
		// character's word among them ("res¿đence:").
		pt, _ = SnapCardLabels(pt)
	}
	pt = PostCorrect(pt)
	if !opts.NoHeadings {
		pt, _ = SnapHeadings(pt)
	}
	if !opts.NoPageCaps {
		pt, _ = CapitalsFromPage(pt)
	}
	if !opts.NoEnDashes {
		pt, _ = SpeckDashes(pt, g)
		pt, _ = SpeckMarks(pt, g)
		if !card && slices.Contains(c.Steps, StepDenoise) {
			// A card's labels print colons of a few pixels, and on
			// a page without specks a stray dot is a phone
			// photo's blur, not a speck (seeds 15–40).
			pt, _ = SpeckTrails(pt, g)
		}
		pt, _ = EnDashes(pt, g)
		pt, _ = Superscripts(pt, g)
	}
	if card && !opts.NoLabels {
		pt, _ = SnapCardLabels(pt)
	}
	if card && !opts.NoAnchors {
		pt, _ = AnchorCardLabels(pt)
	}
	if !opts.NoPictures {
		pt = DropEchoes(pt)
	}
	return pt
}
