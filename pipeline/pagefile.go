package pipeline

import (
	"context"
	"fmt"
	"image"
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
	CleanedPNG []byte  // the cleaned page as PNG (encodeGrayPNG); nil when cleaning gave no image
	PHash      uint64  // neardup.PHash of the cleaned page; 0 without one
}

// FileOptions tunes ProcessPageFile; the zero value is the default.
type FileOptions struct {
	Page PageOptions
	// BeforeOCR, when set, is called once the page is cleaned and before
	// Tesseract runs: the decoded and intermediate images are
	// garbage then, and a process that serves only this page (an OCR
	// helper) can give their memory back so that it does not add to
	// Tesseract's own peak.
	BeforeOCR func()
}

// ProcessPageFile decodes a page's file within lim, cleans and recognises
// it with eng, post-corrects the text and encodes the cleaned page as PNG
// with its perceptual hash. An error that wraps ErrUnsupported
// is the file's fault (corrupt, truncated, too many pixels): no retry can
// help. It is the one page step of a worker, in process or in an OCR
// helper.
func ProcessPageFile(ctx context.Context, data []byte, lim Limits, eng Engine, opts FileOptions) (EncodedPage, error) {
	out := EncodedPage{Timings: Timings{}}
	t0 := time.Now()
	img, err := decodePage(data, lim, !opts.Page.Clean.NoDropout)
	if err != nil {
		return out, err
	}
	out.Timings["decode"] = time.Since(t0).Milliseconds()
	// The PNG encode and the hash only read the cleaned page, as Tesseract
	// does: run them beside the OCR, whose cgo call holds its own thread,
	// so that on a spare core they leave the page's wall time (ADR 1108).
	// The CPU they cost is the same as in sequence.
	var enc encoded
	c, txt, err := cleanRecognize(ctx, img, eng, opts.Page, out.Timings, opts.BeforeOCR,
		func(g *image.Gray) { enc = encodeCleaned(g) })
	if c.Image == nil {
		return out, err // cleaning failed, or gave no image to encode
	}
	out.Timings["encode"] = enc.ms
	if enc.err != nil && err == nil {
		err = enc.err
	}
	out.OCR, out.CleanedPNG, out.PHash = txt, enc.png, enc.hash
	out.Cleaned = c
	out.Cleaned.Image = nil
	return out, err
}

// encoded is the cleaned page as ProcessPageFile stores it.
type encoded struct {
	png  []byte
	hash uint64
	ms   int64
	err  error
}

// encodeCleaned encodes the cleaned page g as PNG (unfiltered, BestSpeed) with its
// perceptual hash.
func encodeCleaned(g *image.Gray) encoded {
	t0 := time.Now()
	e := encoded{hash: neardup.PHash(g)}
	var err error
	if e.png, err = encodeGrayPNG(g); err != nil {
		e.err = fmt.Errorf("encode cleaned page: %w", err)
	}
	e.ms = time.Since(t0).Milliseconds()
	return e
}
