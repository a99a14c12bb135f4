// Package ocrproc runs the decoding, cleaning and OCR of pages in helper
// processes of the same binary, so that a page that crashes libtesseract
// or leptonica (a segfault cannot be recovered in Go), or that runs past
// its deadline (a cgo call cannot be preempted), costs one killed helper
// and not the worker.
//
// The parent talks to a helper over two pipes (fd 3: requests, fd 4:
// replies) with gob frames; stdout and stderr stay free for whatever the
// C libraries print. A request is the page's file as stored (PNG, JPEG,
// TIFF page…) with the decoding limits; a reply is the processed page
// with the cleaned image as PNG (pipeline.EncodedPage), so that neither
// side copies raw pixels. A helper serves pages one at a time, for as
// long as it lives; a dead or killed helper is replaced on the next page.
package ocrproc

import (
	"errors"

	"github.com/sohoa/sohoa/pipeline"
)

// HelperMode is the value of SOHOA_HELPER that makes a binary serve pages.
const HelperMode = "ocr"

// ErrCrashed is wrapped by the error of a page whose helper died (crash,
// kill) or was killed past the page's deadline. Retrying may help.
var ErrCrashed = errors.New("OCR helper died")

// ErrPoison is wrapped by the error of a page that killed helpers
// MaxCrashes times: retrying cannot help, and the page must be failed for
// good so that it does not keep taking helpers down.
var ErrPoison = errors.New("page crashes the OCR engine")

// request is one page sent to a helper: its file, still encoded.
type request struct {
	Data   []byte
	Limits pipeline.Limits
}

// reply is a helper's answer for one page.
type reply struct {
	Page pipeline.EncodedPage
	Err  string
	// Unsupported: the error wraps pipeline.ErrUnsupported (the file
	// cannot be read), so that the parent can tell it from a failure of
	// the helper.
	Unsupported bool
}

// pageError is an error the helper reported for a page, rebuilt in the
// parent: same message, and still pipeline.ErrUnsupported when it was.
type pageError struct {
	msg         string
	unsupported bool
}

func (e *pageError) Error() string { return e.msg }

func (e *pageError) Unwrap() error {
	if e.unsupported {
		return pipeline.ErrUnsupported
	}
	return nil
}
