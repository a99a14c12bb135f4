// Package ocrproc runs the cleaning and OCR of pages in helper processes
// of the same binary, so that a page that crashes libtesseract or
// leptonica (a segfault cannot be recovered in Go), or that runs past its
// deadline (a cgo call cannot be preempted), costs one killed helper and
// not the worker.
//
// The parent talks to a helper over two pipes (fd 3: requests, fd 4:
// replies) with gob frames; stdout and stderr stay free for whatever the
// C libraries print. A helper serves pages one at a time, for as long as it
// lives; a dead or killed helper is replaced on the next page.
package ocrproc

import (
	"encoding/gob"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"time"

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

// request is one page sent to a helper: its pixels, uncompressed.
type request struct {
	W, H int
	Gray bool   // Pix is 8-bit gray, else 8-bit RGBA
	Pix  []byte // rows without padding
}

// reply is a helper's answer for one page.
type reply struct {
	Result pipeline.PageResult // Cleaned.Image travels as its exported fields
	Err    string
}

func toRequest(img image.Image) request {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.Gray:
		if m.Stride == b.Dx() {
			return request{W: b.Dx(), H: b.Dy(), Gray: true, Pix: m.Pix[:b.Dx()*b.Dy()]}
		}
		g := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
		draw.Draw(g, g.Bounds(), m, b.Min, draw.Src)
		return request{W: b.Dx(), H: b.Dy(), Gray: true, Pix: g.Pix}
	case *image.RGBA:
		if m.Stride == 4*b.Dx() && b.Min == (image.Point{}) {
			return request{W: b.Dx(), H: b.Dy(), Pix: m.Pix[:4*b.Dx()*b.Dy()]}
		}
	}
	// Colour matters to cleaning (stamp drop-out), so it is kept.
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	return request{W: b.Dx(), H: b.Dy(), Pix: rgba.Pix}
}

func (r request) image() (image.Image, error) {
	n := r.W * r.H
	if r.W <= 0 || r.H <= 0 {
		return nil, fmt.Errorf("page of %d×%d pixels", r.W, r.H)
	}
	if r.Gray {
		if len(r.Pix) != n {
			return nil, fmt.Errorf("gray page: %d bytes for %d×%d", len(r.Pix), r.W, r.H)
		}
		return &image.Gray{Pix: r.Pix, Stride: r.W, Rect: image.Rect(0, 0, r.W, r.H)}, nil
	}
	if len(r.Pix) != 4*n {
		return nil, fmt.Errorf("RGBA page: %d bytes for %d×%d", len(r.Pix), r.W, r.H)
	}
	return &image.RGBA{Pix: r.Pix, Stride: 4 * r.W, Rect: image.Rect(0, 0, r.W, r.H)}, nil
}

// encodeTimeout bounds writing or reading one frame when the helper does
// not read or answer at all (a stuck pipe, not a slow page).
const encodeTimeout = 30 * time.Second

func init() {
	gob.Register(&image.Gray{})
}
