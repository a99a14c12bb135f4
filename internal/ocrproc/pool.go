package ocrproc

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/maphash"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/sohoa/sohoa/pipeline"
)

// Options configures a Pool.
type Options struct {
	// Size is the number of backfill pages processed at once (cores).
	Size int
	// Spare is how many more helpers the pool keeps for counter pages
	// (ocrproc.Counter), so that one never waits behind a backfill page.
	Spare int
	// Pause is what happens to running backfill helpers while counter
	// work is in progress (see Hold).
	Pause Pause
	// Command returns the command of a new helper (without its extra
	// files). Nil: this executable with SOHOA_HELPER=ocr and
	// OMP_THREAD_LIMIT=1 added to the environment.
	Command func() *exec.Cmd
	// MaxCrashes is how many times one page may take a helper down before
	// it is refused as poison (0: 2).
	MaxCrashes int
	// Busy, when set, is told how long each page kept its helper (request
	// sent to reply read, or to the helper's death), for utilisation.
	Busy func(Lane, time.Duration)
	// StartTimeout bounds a helper's start (loading Tesseract); 0: 60 s.
	StartTimeout time.Duration
	Log          *slog.Logger
}

// Pool lends helper processes to pages. It is safe for concurrent use.
type Pool struct {
	opts  Options
	lanes lanes // helpers by lane: grant.go

	mu      sync.Mutex
	crashes map[uint64]int // hash of a page's file → helpers it took down
	seed    maphash.Seed
	live    map[*helper]bool
	closed  bool
}

// NewPool starts opts.Size helpers (so that a bad installation fails at
// once, not on the first page).
func NewPool(opts Options) (*Pool, error) {
	if opts.Size < 1 {
		opts.Size = 1
	}
	if opts.Spare < 0 {
		opts.Spare = 0
	}
	if opts.MaxCrashes < 1 {
		opts.MaxCrashes = 2
	}
	if opts.StartTimeout <= 0 {
		opts.StartTimeout = 60 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Command == nil {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("OCR helpers: %w", err)
		}
		opts.Command = func() *exec.Cmd { return DefaultCommand(exe) }
	}
	p := &Pool{
		opts: opts, lanes: lanes{size: opts.Size, pause: opts.Pause},
		crashes: map[uint64]int{}, seed: maphash.MakeSeed(), live: map[*helper]bool{},
	}
	var wg sync.WaitGroup
	errs := make([]error, opts.Size+opts.Spare)
	hs := make([]*helper, opts.Size+opts.Spare)
	for i := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hs[i], errs[i] = p.start()
		}()
	}
	wg.Wait()
	p.lanes.idle = hs
	if err := errors.Join(errs...); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// DefaultCommand is exe started as an OCR helper.
func DefaultCommand(exe string) *exec.Cmd {
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), "SOHOA_HELPER="+HelperMode, "OMP_THREAD_LIMIT=1")
	return cmd
}

// Size is the number of backfill pages processed at once.
func (p *Pool) Size() int { return p.opts.Size }

// PIDs lists the process ids of the running helpers (for ops and tests).
func (p *Pool) PIDs() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var pids []int
	for h := range p.live {
		pids = append(pids, h.cmd.Process.Pid)
	}
	return pids
}

// ProcessPage decodes data (a page's file: PNG, JPEG, TIFF page…) within
// lim, cleans and recognises it in a helper granted by the context's lane
// (WithLane, Hold), and returns the page with the cleaned image as PNG.
// The context's deadline is the page's: past it the
// helper is killed and replaced. An error wraps pipeline.ErrUnsupported
// when the file cannot be read (the helper lives on), ErrCrashed when the
// helper died or was killed, ErrPoison when this file took MaxCrashes
// helpers down.
func (p *Pool) ProcessPage(ctx context.Context, data []byte, lim pipeline.Limits) (pipeline.EncodedPage, error) {
	req := request{Data: data, Limits: lim}
	// crashes are counted per file: the same bytes crash the same way
	key := maphash.Bytes(p.seed, data)
	if n := p.crashCount(key); n >= p.opts.MaxCrashes {
		return pipeline.EncodedPage{}, fmt.Errorf("%w: it took down %d OCR helpers before", ErrPoison, n)
	}
	g, err := p.acquire(ctx) // by lane: grant.go
	if err != nil {
		return pipeline.EncodedPage{}, err
	}
	h := g.h
	t0 := time.Now()
	res, err := p.run(ctx, h, req)
	if p.opts.Busy != nil {
		p.opts.Busy(g.lane, time.Since(t0))
	}
	if err == nil {
		p.release(g, h)
		return res, nil
	}
	if !errors.Is(err, ErrCrashed) {
		p.release(g, h) // the helper answered: the page itself failed
		return res, err
	}
	p.release(g, nil) // replaced on next use
	if errors.Is(err, context.Canceled) {
		return res, err // shutdown, not the page's fault
	}
	if n := p.addCrash(key); n >= p.opts.MaxCrashes {
		return res, fmt.Errorf("%w (%d times): %w", ErrPoison, n, err)
	}
	return res, err
}

func (p *Pool) crashCount(key uint64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.crashes[key]
}

func (p *Pool) addCrash(key uint64) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.crashes) > 4096 {
		clear(p.crashes) // bounded memory; a poison page is then tried again
	}
	p.crashes[key]++
	return p.crashes[key]
}

// run sends one page and waits for its reply, the helper's death or ctx.
func (p *Pool) run(ctx context.Context, h *helper, req request) (pipeline.EncodedPage, error) {
	type out struct {
		rep reply
		err error
	}
	ch := make(chan out, 1)
	go func() {
		var o out
		if o.err = h.enc.Encode(req); o.err == nil {
			if o.err = h.bw.Flush(); o.err == nil {
				o.err = h.dec.Decode(&o.rep)
			}
		}
		ch <- o
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			status := p.kill(h)
			return pipeline.EncodedPage{}, fmt.Errorf("%w (pid %d, %s)%s", ErrCrashed, h.cmd.Process.Pid, status, h.stderrTail())
		}
		if o.rep.Err != "" {
			return o.rep.Page, &pageError{msg: o.rep.Err, unsupported: o.rep.Unsupported}
		}
		return o.rep.Page, nil
	case <-ctx.Done():
		p.kill(h)
		<-ch // the pipes are closed: the goroutine returns
		return pipeline.EncodedPage{}, fmt.Errorf("%w: killed (pid %d) when the page's time ran out: %w", ErrCrashed, h.cmd.Process.Pid, ctx.Err())
	}
}

// Close stops every helper: each sees its request pipe close and exits.
func (p *Pool) Close() error {
	p.lanes.close() // no helper stays stopped
	p.mu.Lock()
	p.closed = true
	hs := make([]*helper, 0, len(p.live))
	for h := range p.live {
		hs = append(hs, h)
	}
	p.mu.Unlock()
	for _, h := range hs {
		h.reqW.Close()
		select {
		case <-h.exited:
		case <-time.After(3 * time.Second):
			p.kill(h)
		}
		p.forget(h)
	}
	return nil
}

// helper is one helper process.
type helper struct {
	cmd    *exec.Cmd
	reqW   *os.File
	repR   *os.File
	bw     *bufio.Writer
	enc    *gob.Encoder
	dec    *gob.Decoder
	stderr *tail
	exited chan struct{}
	state  string // how it exited, once exited is closed
}

func (h *helper) dead() bool {
	select {
	case <-h.exited:
		return true
	default:
		return false
	}
}

// stderrTail is the telling line of what the helper printed: the signal
// or panic of a crash (the Go runtime reports a segfault in C code too),
// else its last line.
func (h *helper) stderrTail() string {
	head, last := h.stderr.lines()
	for _, l := range head {
		if strings.HasPrefix(l, "SIG") || strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") {
			return ": " + l
		}
	}
	if last != "" {
		return ": " + last
	}
	return ""
}

func (p *Pool) start() (*helper, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, errors.New("OCR pool closed")
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	repR, repW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	cmd := p.opts.Command()
	cmd.ExtraFiles = []*os.File{reqR, repW} // fd 3, fd 4
	h := &helper{cmd: cmd, reqW: reqW, repR: repR, stderr: &tail{max: 2048}, exited: make(chan struct{})}
	cmd.Stderr = h.stderr
	// A helper must not outlive its worker (kill -9 of the worker).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	reqR.Close()
	repW.Close()
	if err != nil {
		reqW.Close()
		repR.Close()
		return nil, fmt.Errorf("start OCR helper: %w", err)
	}
	go func() {
		err := cmd.Wait()
		if err == nil {
			h.state = "exited"
		} else {
			h.state = err.Error()
		}
		reqW.Close()
		repR.Close()
		close(h.exited)
	}()
	h.bw = bufio.NewWriterSize(reqW, 1<<20)
	h.enc = gob.NewEncoder(h.bw)
	h.dec = gob.NewDecoder(bufio.NewReaderSize(repR, 1<<20))
	p.mu.Lock()
	p.live[h] = true
	p.mu.Unlock()

	hello := make(chan error, 1)
	go func() {
		var r reply
		err := h.dec.Decode(&r)
		if err == nil && r.Err != "" {
			err = errors.New(r.Err)
		}
		hello <- err
	}()
	select {
	case err = <-hello:
	case <-time.After(p.opts.StartTimeout):
		err = fmt.Errorf("no answer after %v", p.opts.StartTimeout)
	}
	if err != nil {
		status := p.kill(h)
		return nil, fmt.Errorf("start OCR helper (%s): %w%s", status, err, h.stderrTail())
	}
	return h, nil
}

// kill ends a helper at once and reports how it ended.
func (p *Pool) kill(h *helper) string {
	select {
	case <-h.exited:
	default:
		_ = h.cmd.Process.Kill()
		select {
		case <-h.exited:
		case <-time.After(10 * time.Second):
		}
	}
	p.forget(h)
	if h.state == "" {
		return "killed"
	}
	p.opts.Log.Warn("OCR helper ended", "pid", h.cmd.Process.Pid, "status", h.state)
	return h.state
}

func (p *Pool) forget(h *helper) {
	p.mu.Lock()
	delete(p.live, h)
	p.mu.Unlock()
}

// tail keeps the first and the last max bytes written to it.
type tail struct {
	mu      sync.Mutex
	max     int
	head, b []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := t.max - len(t.head); n > 0 {
		t.head = append(t.head, b[:min(n, len(b))]...)
	}
	t.b = append(t.b, b...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(b), nil
}

// lines returns the lines of the head and the last non-empty line.
func (t *tail) lines() (head []string, last string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	head = strings.Split(string(t.head), "\n")
	ls := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	return head, strings.TrimSpace(ls[len(ls)-1])
}
