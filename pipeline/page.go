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
	t0 := time.Now()
	c, err := Clean(ctx, img, eng, opts.Clean)
	if err != nil {
		return res, fmt.Errorf("clean page: %w", err)
	}
	res.Cleaned = c
	t1 := time.Now()
	res.Timings["clean"] = t1.Sub(t0).Milliseconds()
	txt, err := eng.Recognize(ctx, c.Image)
	if err != nil {
		return res, fmt.Errorf("ocr page: %w", err)
	}
	t2 := time.Now()
	res.Timings["ocr"] = t2.Sub(t1).Milliseconds()
	if !opts.NoPostCorrect {
		txt = PostCorrect(txt)
	}
	res.OCR = txt
	res.Timings["postcorrect"] = time.Since(t2).Milliseconds()
	return res, nil
}
