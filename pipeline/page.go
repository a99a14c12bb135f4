package pipeline

import (
	"context"
	"fmt"
	"image"
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
}

// ProcessPage cleans img, recognises it with eng and post-corrects the text.
// Word boxes are in the cleaned image's pixel coordinates.
func ProcessPage(ctx context.Context, img image.Image, eng Engine) (PageResult, error) {
	return ProcessPageOptions(ctx, img, eng, PageOptions{})
}

// ProcessPageOptions is ProcessPage with options.
func ProcessPageOptions(ctx context.Context, img image.Image, eng Engine, opts PageOptions) (PageResult, error) {
	res := PageResult{Timings: Timings{}}
	c, err := cleanStep(ctx, img, eng, opts, res.Timings)
	if err != nil {
		return res, err
	}
	res.Cleaned = c
	res.OCR, err = ocrStep(ctx, c.Image, eng, opts, res.Timings)
	return res, err
}

// cleanStep cleans img and records its time as "clean".
func cleanStep(ctx context.Context, img image.Image, eng Engine, opts PageOptions, tm Timings) (Cleaned, error) {
	t0 := time.Now()
	c, err := Clean(ctx, img, eng, opts.Clean)
	if err != nil {
		return c, fmt.Errorf("clean page: %w", err)
	}
	tm["clean"] = time.Since(t0).Milliseconds()
	return c, nil
}

// ocrStep recognises the cleaned page and post-corrects its text,
// recording "ocr" and "postcorrect".
func ocrStep(ctx context.Context, g *image.Gray, eng Engine, opts PageOptions, tm Timings) (PageText, error) {
	t1 := time.Now()
	txt, err := eng.Recognize(ctx, g)
	if err != nil {
		return PageText{}, fmt.Errorf("ocr page: %w", err)
	}
	t2 := time.Now()
	tm["ocr"] = t2.Sub(t1).Milliseconds()
	if !opts.NoPostCorrect {
		txt = PostCorrect(txt)
	}
	tm["postcorrect"] = time.Since(t2).Milliseconds()
	return txt, nil
}
