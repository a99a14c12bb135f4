package ocrproc_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/internal/proc"
	"github.com/sohoa/sohoa/pipeline"
)

func lanePool(t *testing.T, size, spare int, pause ocrproc.Pause, faults string) *ocrproc.Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ocrproc.NewPool(ocrproc.Options{Size: size, Spare: spare, Pause: pause, Command: func() *exec.Cmd {
		cmd := ocrproc.DefaultCommand(exe)
		cmd.Env = append(cmd.Env, ocrproc.FaultEnv+"="+faults)
		return cmd
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	if got := len(p.PIDs()); got != size+spare {
		t.Fatalf("%d helpers for %d backfill pages and a spare", got, size)
	}
	return p
}

// backfillPage is a whole A4 page at 200 dpi as PNG: long enough to still
// be in OCR when a counter page arrives.
func backfillPage(t *testing.T, seed int64) []byte {
	return encPNG(t, corpus.Render(seed, 0, corpus.Options{DPI: 200, Types: []string{"decision"}}).Image)
}

type pageOut struct {
	name string
	res  pipeline.EncodedPage
	err  error
}

// startBackfill submits n backfill pages and returns once n helpers are
// busy with them (their CPU time grows), with those helpers' pids.
func startBackfill(t *testing.T, p *ocrproc.Pool, ctx context.Context, n int, done chan<- pageOut) []int {
	t.Helper()
	cpu0 := map[int]float64{}
	for _, pid := range p.PIDs() {
		cpu0[pid] = proc.ReadStat(pid).CPU
	}
	for i := range n {
		data := backfillPage(t, int64(20+i))
		go func() {
			res, err := p.ProcessPage(ocrproc.WithLane(ctx, ocrproc.Backfill), data, pipeline.DefaultLimits)
			done <- pageOut{fmt.Sprintf("backfill %d", i), res, err}
		}()
	}
	deadline := time.Now().Add(time.Minute)
	for {
		var busy []int
		for pid, c0 := range cpu0 {
			if c := proc.ReadStat(pid).CPU; c-c0 >= 0.1 {
				busy = append(busy, pid)
			}
		}
		if len(busy) == n {
			return busy
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d backfill helpers busy after a minute", len(busy), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sampler records, until stopped, the most helpers seen stopped ('T') at
// once and which.
type sampler struct {
	stop    chan struct{}
	done    chan struct{}
	maxT    int
	stopped map[int]bool
}

func sample(pids func() []int) *sampler {
	s := &sampler{stop: make(chan struct{}), done: make(chan struct{}), stopped: map[int]bool{}}
	go func() {
		defer close(s.done)
		for {
			n := 0
			for _, pid := range pids() {
				if proc.ReadStat(pid).State == "T" {
					n++
					s.stopped[pid] = true
				}
			}
			s.maxT = max(s.maxT, n)
			select {
			case <-s.stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *sampler) end() {
	close(s.stop)
	<-s.done
}

// noneStopped fails when a helper of p stays stopped after the counter
// work ended (SIGCONT is sent before that returns; the state may take a
// moment to show).
func noneStopped(t *testing.T, p *ocrproc.Pool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		var stopped []int
		for _, pid := range p.PIDs() {
			if proc.ReadStat(pid).State == "T" {
				stopped = append(stopped, pid)
			}
		}
		if len(stopped) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("helpers %v left stopped", stopped)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A counter page submitted while backfill pages hold every backfill
// helper runs at once on the spare helper; backfill helpers are stopped
// meanwhile (as many as the policy says; with PauseAll the counter page
// completes first), and every backfill page completes with its text.
func TestCounterPagePausesBackfill(t *testing.T) {
	for _, tc := range []struct {
		pause      ocrproc.Pause
		size, want int  // backfill helpers, of them paused
		first      bool // the counter page finishes first (with PauseCores a backfill page runs beside it)
	}{
		{ocrproc.PauseCores, 2, 1, false},
		{ocrproc.PauseAll, 2, 2, true},
	} {
		t.Run(tc.pause.String(), func(t *testing.T) {
			p := lanePool(t, tc.size, 1, tc.pause, "")
			ctx, cancel := ocrproc.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			before, _ := ctx.Deadline()
			done := make(chan pageOut, tc.size+1)
			busy := startBackfill(t, p, ctx, tc.size, done)

			s := sample(p.PIDs)
			res, err := p.ProcessPage(ocrproc.WithLane(context.Background(), ocrproc.Counter), page(t, 3), pipeline.DefaultLimits)
			s.end()
			done <- pageOut{"counter", res, err}
			if s.maxT != tc.want {
				t.Errorf("%d helpers seen stopped at once while the counter page ran, want %d", s.maxT, tc.want)
			}
			for pid := range s.stopped {
				if !slices.Contains(busy, pid) {
					t.Errorf("helper %d stopped, not one of the backfill's %v", pid, busy)
				}
			}
			var order []string
			for range tc.size + 1 {
				o := <-done
				order = append(order, o.name)
				if o.err != nil || o.res.OCR.Text == "" {
					t.Errorf("%s: %v, %d characters", o.name, o.err, len(o.res.OCR.Text))
				}
			}
			if tc.first && order[0] != "counter" {
				t.Errorf("completion order %v: the counter page did not finish first", order)
			}
			noneStopped(t, p)
			// the paused pages' clock stood still while they were stopped
			if after, _ := ctx.Deadline(); !after.After(before) {
				t.Errorf("deadline %v not pushed back by the pause (was %v)", after, before)
			}
		})
	}
}

// Every way counter work can end continues the paused backfill helper:
// the counter page's helper crashes (its task still holds the pause until
// it ends), the page is cancelled, the backfill helper dies while
// stopped, a hold is released. The backfill page then completes (or,
// killed, fails alone) and the pool goes on.
func TestPauseEndsOnEveryPath(t *testing.T) {
	hang, crash := blank(t, 300, 200), blank(t, 320, 240)
	for _, tc := range []struct {
		name         string
		hold         bool   // the counter work is a task holding the pool
		counter      []byte // the counter page, if any
		killBackfill bool
		want         error // of the counter page
	}{
		{name: "counter helper crashes in a held task", hold: true, counter: crash, want: ocrproc.ErrCrashed},
		{name: "counter page cancelled", counter: hang, want: context.Canceled},
		{name: "backfill helper dies while stopped", counter: hang, killBackfill: true, want: context.Canceled},
		{name: "hold released", hold: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := lanePool(t, 1, 1, ocrproc.PauseCores, "hang=300x200,crash=320x240")
			done := make(chan pageOut, 1)
			busy := startBackfill(t, p, context.Background(), 1, done)

			ctx, cancel := context.WithCancel(ocrproc.WithLane(context.Background(), ocrproc.Counter))
			defer cancel()
			end := cancel
			if tc.hold {
				var release func()
				ctx, release = p.Hold(ctx)
				defer release()
				end = release
			}
			counterDone := make(chan error, 1)
			if tc.counter != nil {
				go func() {
					_, err := p.ProcessPage(ctx, tc.counter, pipeline.DefaultLimits)
					counterDone <- err
				}()
			} else {
				counterDone <- nil
			}
			if tc.want == ocrproc.ErrCrashed { // the page ends, the task goes on
				if err := <-counterDone; !errors.Is(err, tc.want) {
					t.Errorf("counter page: %v, want %v", err, tc.want)
				}
			}
			// the backfill helper is stopped while the counter work lasts
			waitState(t, busy[0], "T")
			if tc.killBackfill {
				syscall.Kill(busy[0], syscall.SIGKILL)
				if o := <-done; !errors.Is(o.err, ocrproc.ErrCrashed) {
					t.Errorf("backfill page on a killed helper: %v", o.err)
				}
			}
			end()
			if tc.want != ocrproc.ErrCrashed {
				if err := <-counterDone; tc.want != nil && !errors.Is(err, tc.want) {
					t.Errorf("counter page: %v, want %v", err, tc.want)
				}
			}
			noneStopped(t, p)
			if !tc.killBackfill {
				if o := <-done; o.err != nil || o.res.OCR.Text == "" {
					t.Errorf("backfill page after the pause: %v, %d characters", o.err, len(o.res.OCR.Text))
				}
			}
			// the pool goes on: a backfill page on the killed helper's
			// replacement, else a counter page
			l := ocrproc.Counter
			if tc.killBackfill {
				l = ocrproc.Backfill
			}
			if res, err := p.ProcessPage(ocrproc.WithLane(context.Background(), l), page(t, 4), pipeline.DefaultLimits); err != nil || res.OCR.Text == "" {
				t.Errorf("lane %d afterwards: %v", l, err)
			}
			noneStopped(t, p)
		})
	}
}

// Without a spare helper, a counter page waits for a backfill page to
// end: the backfill is not paused then (it would never end), and both
// complete.
func TestCounterWithoutSpare(t *testing.T) {
	p := lanePool(t, 1, 0, ocrproc.PauseAll, "")
	done := make(chan pageOut, 2)
	startBackfill(t, p, context.Background(), 1, done)
	ctx, release := p.Hold(context.Background()) // a counter task
	defer release()
	go func() {
		res, err := p.ProcessPage(ctx, page(t, 3), pipeline.DefaultLimits)
		done <- pageOut{"counter", res, err}
	}()
	for range 2 {
		select {
		case o := <-done:
			if o.err != nil || o.res.OCR.Text == "" {
				t.Errorf("%s: %v", o.name, o.err)
			}
		case <-time.After(3 * time.Minute):
			t.Fatal("the counter page waits for a paused backfill page")
		}
	}
	release()
	noneStopped(t, p)
}

// Closing the pool (the worker's shutdown) continues a paused helper
// before it closes the helpers' pipes: the stopped backfill helper runs
// again (its page goes on) instead of staying stopped until killed.
func TestCloseContinuesPausedHelpers(t *testing.T) {
	p := lanePool(t, 1, 1, ocrproc.PauseAll, "")
	done := make(chan pageOut, 1)
	busy := startBackfill(t, p, context.Background(), 1, done)[0]
	_, release := p.Hold(context.Background()) // counter work that outlives the pool
	defer release()
	waitState(t, busy, "T")
	cpu0 := proc.ReadStat(busy).CPU
	closed := make(chan struct{})
	go func() {
		p.Close()
		close(closed)
	}()
	for {
		// OCR going on, not the few ms of a killed process's exit
		st := proc.ReadStat(busy)
		if st.CPU-cpu0 >= 0.1 {
			break
		}
		if st.State == "" || st.State == "Z" {
			t.Fatal("the paused helper ended without running again")
		}
		time.Sleep(time.Millisecond)
	}
	<-closed
	<-done
}

func waitState(t *testing.T, pid int, want string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		st := proc.ReadStat(pid).State
		if st == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("helper %d in state %q, want %q", pid, st, want)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
