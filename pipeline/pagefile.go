package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"time"

	"github.com/sohoa/sohoa/internal/neardup"
)

// EncodedPage is a page processed from its file, ready to store: what
// ProcessPage returns, except that the cleaned page is kept as PNG with
// its perceptual hash instead of raw pixels (1/20 of the bytes for an A4
// page), so that it crosses a pipe cheaply and is stored as it is.
type EncodedPage struct {
	Cleaned    Cleaned // Image is nil: see CleanedPNG
	OCR        PageText
	Timings    Timings // "decode", "clean", "encode", "ocr", "postcorrect" in ms
	CleanedPNG []byte  // the cleaned page as PNG (BestSpeed); nil when cleaning gave no image
	PHash      uint64  // neardup.PHash of the cleaned page; 0 without one
}

// FileOptions tunes ProcessPageFile; the zero value is the default.
type FileOptions struct {
	Page PageOptions
	// BeforeOCR, when set, is called once the page is cleaned and encoded
	// and before Tesseract runs: the decoded and intermediate images are
	// garbage then, and a process that serves only this page (an OCR
	// helper) can give their memory back so that it does not add to
	// Tesseract's own peak.
	BeforeOCR func()
}

// ProcessPageFile decodes a page's file within lim, cleans and recognises
// it with eng, post-corrects the text and encodes the cleaned page as PNG
// (BestSpeed) with its perceptual hash. An error that wraps ErrUnsupported
// is the file's fault (corrupt, truncated, too many pixels): no retry can
// help. It is the one page step of a worker, in process or in an OCR
// helper.
func ProcessPageFile(ctx context.Context, data []byte, lim Limits, eng Engine, opts FileOptions) (EncodedPage, error) {
	out := EncodedPage{Timings: Timings{}}
	t0 := time.Now()
	img, err := DecodeImage(data, lim)
	if err != nil {
		return out, err
	}
	out.Timings["decode"] = time.Since(t0).Milliseconds()
	c, err := cleanStep(ctx, img, eng, opts.Page, out.Timings)
	if err != nil {
		return out, err
	}
	// img is not used past this point: the decoded page is garbage now
	t1 := time.Now()
	if c.Image != nil {
		out.PHash = neardup.PHash(c.Image)
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, c.Image); err != nil {
			return out, fmt.Errorf("encode cleaned page: %w", err)
		}
		out.CleanedPNG = buf.Bytes()
	}
	out.Timings["encode"] = time.Since(t1).Milliseconds()
	if opts.BeforeOCR != nil {
		opts.BeforeOCR()
	}
	out.OCR, err = ocrStep(ctx, c.Image, eng, opts.Page, out.Timings)
	out.Cleaned = c
	out.Cleaned.Image = nil
	return out, err
}
