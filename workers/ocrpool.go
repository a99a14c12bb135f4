package workers

import (
	"context"
	"errors"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/pipeline"
)

// PageProcessor decodes, cleans and recognises one page from its file
// (pipeline.ProcessPageFile). An error wrapping pipeline.ErrUnsupported
// means the file cannot be read.
type PageProcessor interface {
	ProcessPage(ctx context.Context, data []byte, lim pipeline.Limits) (pipeline.EncodedPage, error)
}

// HelperPages runs pages in OCR helper processes (ocrproc): a page that
// crashes the engine or runs past its task's deadline kills a helper, not
// the worker, and a page that does so repeatedly fails for good.
type HelperPages struct{ Pool *ocrproc.Pool }

// ProcessPage implements PageProcessor.
func (p HelperPages) ProcessPage(ctx context.Context, data []byte, lim pipeline.Limits) (pipeline.EncodedPage, error) {
	res, err := p.Pool.ProcessPage(ctx, data, lim)
	if errors.Is(err, ocrproc.ErrPoison) {
		return res, errors.Join(err, asynq.SkipRetry)
	}
	return res, err
}

// ocrPage runs one page's file through Pages, else an engine of Engines:
// the same step (pipeline.ProcessPageFile) either way.
func (h *Handlers) ocrPage(ctx context.Context, data []byte) (pipeline.EncodedPage, error) {
	if h.Pages != nil {
		return h.Pages.ProcessPage(ctx, data, h.limits())
	}
	eng, err := h.Engines.Get(ctx)
	if err != nil {
		return pipeline.EncodedPage{}, err
	}
	defer h.Engines.Put(eng)
	return pipeline.ProcessPageFile(ctx, data, h.limits(), eng, pipeline.FileOptions{})
}

// WithTimeout bounds every task run by next to d (SOHOA_TASK_TIMEOUT): the
// OCR of a page in a helper is killed past it and the task is retried
// (a page that runs out of time twice is poison).
func WithTimeout(next asynq.Handler, d time.Duration) asynq.Handler {
	if d <= 0 {
		return next
	}
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		ctx, cancel := ocrproc.WithTimeout(ctx, d) // not counting time paused for the counter lane
		defer cancel()
		return next.ProcessTask(ctx, t)
	})
}
