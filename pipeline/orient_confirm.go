package pipeline

import (
	"context"
	"image"
	"slices"
	"time"
)

// confirmation is Tesseract OSD confirming, beside the page's OCR, the turn
// an A4 page was given by its layout alone (ADR 1111). OSD is sure of
// another turn almost never, so the page goes on with the layout's turn;
// when it is, the page is finished again from where orientation began.
type confirmation struct {
	done  chan struct{}
	guess int // the turn the page went on with
	deg   int // the turn to use, once done
	keep  bool
	err   error
	ms    int64 // OSD's own time

	// The page as it was before the turn, and its record, to finish it
	// again with OSD's turn.
	g    *image.Gray
	c    Cleaned
	opts CleanOptions
}

// osdLoader is an OrientationDetector that loads its model on first use
// (*Tesseract with LazyOSD); the model is loaded before OSD runs beside
// the OCR, so that loading never overlaps recognition.
type osdLoader interface {
	LoadOSD() error
}

// startConfirmation starts OSD on g, the prepared page that went on with
// the turn guess; c is its record so far.
func startConfirmation(ctx context.Context, od OrientationDetector, g *image.Gray, guess int, c Cleaned, opts CleanOptions) (*confirmation, error) {
	if ld, ok := od.(osdLoader); ok {
		if err := ld.LoadOSD(); err != nil {
			return nil, err
		}
	}
	c.Steps = slices.Clone(c.Steps) // finish appends to the page's own
	p := &confirmation{done: make(chan struct{}), guess: guess, g: g, c: c, opts: opts}
	go func() {
		defer close(p.done)
		t0 := time.Now()
		p.deg, p.keep, p.err = confirmTurn(ctx, od, g, guess)
		p.ms = time.Since(t0).Milliseconds()
	}()
	return p, nil
}

// wrong waits for OSD and reports whether it is sure of another turn.
func (p *confirmation) wrong() bool {
	<-p.done
	return p.err == nil && !p.keep
}

// settle waits for OSD. When OSD is sure of another turn it returns the
// page finished again with that turn, and true.
func (p *confirmation) settle() (Cleaned, bool, error) {
	<-p.done
	if p.err != nil || p.keep {
		return Cleaned{}, false, p.err
	}
	return finish(p.g, p.c, p.deg, nil, p.opts), true, nil
}
