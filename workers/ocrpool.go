package workers

import (
	"context"
	"errors"
	"image"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/pipeline"
)

// PageProcessor cleans and recognises one page.
type PageProcessor interface {
	ProcessPage(ctx context.Context, img image.Image) (pipeline.PageResult, error)
}

// HelperPages runs pages in OCR helper processes (ocrproc): a page that
// crashes the engine or runs past its task's deadline kills a helper, not
// the worker, and a page that does so repeatedly fails for good.
type HelperPages struct{ Pool *ocrproc.Pool }

// ProcessPage implements PageProcessor.
func (p HelperPages) ProcessPage(ctx context.Context, img image.Image) (pipeline.PageResult, error) {
	res, err := p.Pool.ProcessPage(ctx, img)
	if errors.Is(err, ocrproc.ErrPoison) {
		return res, errors.Join(err, asynq.SkipRetry)
	}
	return res, err
}

// ocrPage runs one page through Pages, else an engine of Engines.
func (h *Handlers) ocrPage(ctx context.Context, img image.Image) (pipeline.PageResult, error) {
	if h.Pages != nil {
		return h.Pages.ProcessPage(ctx, img)
	}
	eng, err := h.Engines.Get(ctx)
	if err != nil {
		return pipeline.PageResult{}, err
	}
	defer h.Engines.Put(eng)
	return pipeline.ProcessPage(ctx, img, eng)
}

// WithTimeout bounds every task run by next to d (SOHOA_TASK_TIMEOUT): the
// OCR of a page in a helper is killed past it and the task is retried
// (a page that runs out of time twice is poison).
func WithTimeout(next asynq.Handler, d time.Duration) asynq.Handler {
	if d <= 0 {
		return next
	}
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return next.ProcessTask(ctx, t)
	})
}
