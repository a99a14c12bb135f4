package workers

import (
	"context"
	"errors"

	"github.com/sohoa/sohoa/pipeline"
)

// EnginePool lends OCR engines to page tasks: one engine per concurrent
// page, created once and reused (a Tesseract client is costly to start).
type EnginePool struct {
	ch  chan pipeline.Engine
	all []pipeline.Engine
}

// NewEnginePool creates n engines with newEngine.
func NewEnginePool(n int, newEngine func() (pipeline.Engine, error)) (*EnginePool, error) {
	if n < 1 {
		n = 1
	}
	p := &EnginePool{ch: make(chan pipeline.Engine, n)}
	for i := 0; i < n; i++ {
		e, err := newEngine()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.all = append(p.all, e)
		p.ch <- e
	}
	return p, nil
}

// Size is the number of engines.
func (p *EnginePool) Size() int { return len(p.all) }

// Get waits for a free engine.
func (p *EnginePool) Get(ctx context.Context) (pipeline.Engine, error) {
	select {
	case e := <-p.ch:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Put returns an engine to the pool.
func (p *EnginePool) Put(e pipeline.Engine) { p.ch <- e }

// Close closes every engine.
func (p *EnginePool) Close() error {
	var errs []error
	for _, e := range p.all {
		errs = append(errs, e.Close())
	}
	return errors.Join(errs...)
}
