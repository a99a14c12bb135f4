package ocrproc

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A pausable deadline does not run while frozen: the context outlives its
// timeout by the frozen time, then ends as a deadline does.
func TestPausableDeadline(t *testing.T) {
	ctx, cancel := WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	d0, _ := ctx.Deadline()
	thaw := freeze(context.WithValue(ctx, laneKey{}, Counter)) // found through a child
	time.Sleep(200 * time.Millisecond)
	if err := ctx.Err(); err != nil {
		t.Fatalf("ended while frozen: %v", err)
	}
	thaw()
	thaw() // once only
	d1, _ := ctx.Deadline()
	if d1.Sub(d0) < 200*time.Millisecond {
		t.Errorf("deadline pushed back by %v, frozen 200ms", d1.Sub(d0))
	}
	<-ctx.Done()
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Errorf("Err() = %v, want DeadlineExceeded", ctx.Err())
	}
}

// The parent's end and cancel end it too.
func TestPausableDeadlineParent(t *testing.T) {
	parent, pcancel := context.WithCancel(context.Background())
	ctx, cancel := WithTimeout(parent, time.Hour)
	defer cancel()
	child, ccancel := context.WithCancel(ctx)
	defer ccancel()
	pcancel()
	<-child.Done()
	if !errors.Is(ctx.Err(), context.Canceled) {
		t.Errorf("Err() = %v after the parent's cancel", ctx.Err())
	}
	ctx2, cancel2 := WithTimeout(context.Background(), time.Hour)
	cancel2()
	<-ctx2.Done()
	if !errors.Is(ctx2.Err(), context.Canceled) {
		t.Errorf("Err() = %v after cancel", ctx2.Err())
	}
}
