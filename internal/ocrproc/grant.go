package ocrproc

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"syscall"
)

// Lane is how urgent a page is (ADR 1101).
type Lane int

const (
	// Backfill pages (bulk digitisation) wait for a helper and may be
	// paused.
	Backfill Lane = iota
	// Counter pages (someone waits at the desk) get a helper at once: the
	// pool keeps spare helpers for them and pauses backfill helpers while
	// they run.
	Counter
)

func (l Lane) String() string {
	if l == Counter {
		return "counter"
	}
	return "backfill"
}

type laneKey struct{}

// WithLane marks the pages processed under ctx as of lane l (Backfill
// when unmarked).
func WithLane(ctx context.Context, l Lane) context.Context {
	return context.WithValue(ctx, laneKey{}, l)
}

func laneOf(ctx context.Context) Lane {
	l, _ := ctx.Value(laneKey{}).(Lane)
	return l
}

// Pause is what the pool does to running backfill helpers while counter
// work is in progress.
type Pause int

const (
	// PauseAll (the default) stops every backfill helper, so that the
	// counter page's steps in the worker (decode, store, assembly) get a
	// core too and the counter page does not share the memory bandwidth.
	PauseAll Pause = iota
	// PauseCores stops as many backfill helpers as counter work needs
	// cores: Size minus the counter work in progress keep running.
	PauseCores
	// PauseNone never stops a helper: counter pages only get the spare
	// helper and share the cores.
	PauseNone
)

var pauseNames = []string{"all", "cores", "none"}

func (p Pause) String() string {
	if int(p) < len(pauseNames) {
		return pauseNames[p]
	}
	return fmt.Sprintf("Pause(%d)", int(p))
}

// ParsePause reads "all", "cores" or "none" ("" is all).
func ParsePause(s string) (Pause, error) {
	if s == "" {
		return PauseAll, nil
	}
	if i := slices.Index(pauseNames, s); i >= 0 {
		return Pause(i), nil
	}
	return 0, fmt.Errorf("pause policy %q: want one of %v", s, pauseNames)
}

var errClosed = errors.New("OCR pool closed")

// lanes lends helpers by lane: a backfill page waits until fewer than
// size backfill pages hold a helper (the spare helpers stay free for
// counter pages), a counter page takes any free helper and is served
// before waiting backfill pages. While counter work is in progress
// (holds > 0), backfill helpers are stopped (SIGSTOP) by the pause policy
// and continued (SIGCONT) when it ends; their pages' deadlines do not run
// meanwhile.
type lanes struct {
	mu      sync.Mutex
	size    int
	pause   Pause
	idle    []*helper // nil: start one on use
	running []*grant  // backfill grants holding a helper, oldest first
	waiting []*grant  // counter first, then in arrival order
	holds   int       // counter tasks and pages in progress
	counter int       // counter grants holding a helper
	closed  bool
}

// grant is one page's use of a helper.
type grant struct {
	ctx    context.Context
	lane   Lane
	h      *helper       // nil until started
	ready  chan struct{} // closed when granted or refused
	err    error         // refused: the pool closed
	paused bool
	thaw   func() // restarts the page's deadline clock
	held   bool   // the page took a counter hold of its own
}

type holdKey struct{}

// Hold marks counter work in progress until release is called (a counter
// task, whatever its steps): backfill helpers are paused meanwhile, and
// pages processed under the returned context are counter pages that take
// no hold of their own. release may be called more than once.
func (p *Pool) Hold(ctx context.Context) (_ context.Context, release func()) {
	l := &p.lanes
	l.mu.Lock()
	l.holds++
	l.balance()
	l.mu.Unlock()
	var once sync.Once
	release = func() {
		once.Do(func() {
			l.mu.Lock()
			l.holds--
			l.balance()
			l.mu.Unlock()
		})
	}
	return context.WithValue(WithLane(ctx, Counter), holdKey{}, p), release
}

// acquire waits for a helper for a page of ctx's lane and starts it if
// needed. The grant must be given back with release.
func (p *Pool) acquire(ctx context.Context) (*grant, error) {
	l := &p.lanes
	g := &grant{ctx: ctx, lane: laneOf(ctx), ready: make(chan struct{})}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, errClosed
	}
	if g.lane == Counter && ctx.Value(holdKey{}) != p {
		g.held = true
		l.holds++
	}
	i := len(l.waiting)
	if g.lane == Counter {
		i = slices.IndexFunc(l.waiting, func(w *grant) bool { return w.lane != Counter })
		if i < 0 {
			i = len(l.waiting)
		}
	}
	l.waiting = slices.Insert(l.waiting, i, g)
	l.balance()
	l.mu.Unlock()

	select {
	case <-g.ready:
	case <-ctx.Done():
		l.mu.Lock()
		select {
		case <-g.ready: // granted meanwhile: give it back
			l.mu.Unlock()
			if g.err == nil {
				p.release(g, g.h)
			}
		default:
			l.waiting = slices.DeleteFunc(l.waiting, func(w *grant) bool { return w == g })
			l.unhold(g)
			l.balance() // its hold may have been the last
			l.mu.Unlock()
		}
		return nil, ctx.Err()
	}
	if g.err != nil {
		return nil, g.err
	}
	if g.h == nil || g.h.dead() {
		h, err := p.start()
		if err != nil {
			p.release(g, nil)
			return nil, err
		}
		l.mu.Lock()
		g.h = h
		if g.paused { // paused while it started
			sendSignal(h, syscall.SIGSTOP)
		}
		l.mu.Unlock()
	}
	return g, nil
}

// release gives g's helper back: h, or nil when it must be replaced on
// next use. A paused helper is continued first.
func (p *Pool) release(g *grant, h *helper) {
	l := &p.lanes
	l.mu.Lock()
	defer l.mu.Unlock()
	if g.paused {
		l.resume(g)
	}
	if g.lane == Counter {
		l.counter--
	}
	l.running = slices.DeleteFunc(l.running, func(r *grant) bool { return r == g })
	l.idle = append(l.idle, h)
	l.unhold(g)
	l.balance()
}

func (l *lanes) unhold(g *grant) {
	if g.held {
		g.held = false
		l.holds--
	}
}

// allowed is how many backfill helpers may run now.
func (l *lanes) allowed() int {
	a := max(0, l.size-l.holds)
	switch {
	case l.holds == 0 || l.closed || l.pause == PauseNone:
		return l.size
	case l.pause == PauseAll:
		a = 0
	}
	if l.counter == 0 && len(l.waiting) > 0 && l.waiting[0].lane == Counter && len(l.idle) == 0 {
		// no spare helper (Spare 0): the counter page needs a backfill
		// page to end, which a paused one never does
		a = max(a, 1)
	}
	return a
}

// balance pauses or continues backfill helpers to the allowed number,
// then grants free helpers to waiting pages. Called with mu held.
func (l *lanes) balance() {
	allowed := l.allowed()
	active, paused := 0, 0
	for _, g := range l.running {
		if g.paused {
			paused++
		} else {
			active++
		}
	}
	// the newest page is paused first: the oldest is nearest its end
	for i := len(l.running) - 1; i >= 0 && active > allowed; i-- {
		if g := l.running[i]; !g.paused {
			l.stop(g)
			active--
			paused++
		}
	}
	for i := 0; i < len(l.running) && active < allowed && paused > 0; i++ {
		if g := l.running[i]; g.paused {
			l.resume(g)
			active++
			paused--
		}
	}
	for i := 0; i < len(l.waiting) && len(l.idle) > 0; {
		g := l.waiting[i]
		if g.lane != Counter && (paused > 0 || active >= allowed || len(l.running) >= l.size) {
			i++ // a paused page goes on before a new one starts
			continue
		}
		g.h = l.idle[len(l.idle)-1]
		l.idle = l.idle[:len(l.idle)-1]
		l.waiting = slices.Delete(l.waiting, i, i+1)
		if g.lane != Counter {
			l.running = append(l.running, g)
			active++
		} else {
			l.counter++
		}
		close(g.ready)
	}
}

func (l *lanes) stop(g *grant) {
	g.paused = true
	g.thaw = freeze(g.ctx)
	if g.h != nil {
		sendSignal(g.h, syscall.SIGSTOP)
	}
}

func (l *lanes) resume(g *grant) {
	if g.h != nil {
		sendSignal(g.h, syscall.SIGCONT)
	}
	g.paused = false
	g.thaw()
}

// close continues every paused helper and refuses waiting pages.
func (l *lanes) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for _, g := range l.waiting {
		g.err = errClosed
		l.unhold(g)
		close(g.ready)
	}
	l.waiting = nil
	l.balance()
}

func sendSignal(h *helper, sig syscall.Signal) {
	if h.dead() {
		return
	}
	// an error means the helper died meanwhile: its page sees that and
	// the helper is replaced
	_ = h.cmd.Process.Signal(sig)
}
