package ocrproc

import (
	"context"
	"sync"
	"time"
)

// WithTimeout is context.WithTimeout for a task whose page may be paused
// by the pool (a backfill helper stopped while a counter page runs): the
// time its helper spends stopped does not count, so that a paused page
// is not killed for time it was not given.
func WithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	c := &pausableCtx{Context: parent, done: make(chan struct{}), deadline: time.Now().Add(d)}
	c.timer = time.AfterFunc(d, c.expire)
	c.stop = context.AfterFunc(parent, func() { c.cancel(parent.Err()) })
	return c, func() { c.cancel(context.Canceled) }
}

type pausableKey struct{}

// pausableCtx ends at its deadline, pushed back by the time it was
// frozen, or when its parent ends.
type pausableCtx struct {
	context.Context // the parent: values, and its own deadline
	done            chan struct{}
	stop            func() bool

	mu       sync.Mutex
	err      error
	deadline time.Time
	timer    *time.Timer
	frozen   int // nested freezes
	since    time.Time
}

func (c *pausableCtx) Done() <-chan struct{} { return c.done }

func (c *pausableCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *pausableCtx) Deadline() (time.Time, bool) {
	c.mu.Lock()
	d := c.deadline
	if c.frozen > 0 {
		d = d.Add(time.Since(c.since))
	}
	c.mu.Unlock()
	if pd, ok := c.Context.Deadline(); ok && pd.Before(d) {
		return pd, true
	}
	return d, true
}

func (c *pausableCtx) Value(key any) any {
	if key == (pausableKey{}) {
		return c
	}
	return c.Context.Value(key)
}

func (c *pausableCtx) String() string { return "ocrproc.WithTimeout" }

func (c *pausableCtx) cancel(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return
	}
	c.err = err
	c.timer.Stop()
	close(c.done)
	c.stop()
}

// expire runs when the timer fires; a timer that fired just as the
// context was frozen or pushed back is ignored.
func (c *pausableCtx) expire() {
	c.mu.Lock()
	late := c.frozen == 0 && !time.Now().Before(c.deadline)
	c.mu.Unlock()
	if late {
		c.cancel(context.DeadlineExceeded)
	}
}

// freeze stops the clock of ctx's pausable deadline, if it has one, until
// the returned function is called; that pushes the deadline back by the
// time in between.
func freeze(ctx context.Context) (thaw func()) {
	c, ok := ctx.Value(pausableKey{}).(*pausableCtx)
	if !ok {
		return func() {}
	}
	c.mu.Lock()
	if c.frozen == 0 {
		c.since = time.Now()
		c.timer.Stop()
	}
	c.frozen++
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.frozen--
			if c.frozen > 0 || c.err != nil {
				return
			}
			c.deadline = c.deadline.Add(time.Since(c.since))
			c.timer.Reset(time.Until(c.deadline))
		})
	}
}
