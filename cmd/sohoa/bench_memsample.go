package main

import (
	"context"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/proc"
)

// memSampler samples the resident memory of a worker and its OCR helpers
// together, at the same instant, for the whole throughput window. The sum
// of each process's VmHWM overstates what the machine ever held at once:
// the peaks come at different moments, and file pages shared between the
// processes (the binary, libtesseract) count once per process. The
// sampled totals are what the machine held: RSS summed (shared file pages
// still counted per process) and PSS summed (each shared page split
// between the processes that map it, so the group's total counts it once;
// read only when the RSS total is within 10 % of its highest, as reading it
// is costly).
type memSampler struct {
	root     int
	interval time.Duration

	mu      sync.Mutex
	rssMax  float64 // MB
	pssMax  float64 // MB
	samples int
	done    chan struct{}
	stop    context.CancelFunc
}

// pssEvery bounds how often the sampler reads smaps_rollup.
const pssEvery = 250 * time.Millisecond

func startMemSampler(ctx context.Context, root int, interval time.Duration) *memSampler {
	ctx, cancel := context.WithCancel(ctx)
	s := &memSampler{root: root, interval: interval, done: make(chan struct{}), stop: cancel}
	go s.run(ctx)
	return s
}

func (s *memSampler) run(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	var pids []int
	var listed, pssAt time.Time
	for {
		// helpers can be replaced (a timed-out page kills its helper)
		if time.Since(listed) > time.Second {
			pids = append([]int{s.root}, proc.Children(s.root)...)
			listed = time.Now()
		}
		// RSS from statm costs little; smaps_rollup walks every mapping
		// (~2–3 ms a process at this size), so PSS is read only near the
		// highest RSS total seen, where its own peak is, and at most every
		// pssEvery: read at every tick it took ~0.4 of a core from the
		// 2-core run it measures.
		var rss float64
		for _, pid := range pids {
			rss += proc.RSS(pid)
		}
		s.mu.Lock()
		nearPeak := rss >= 0.95*s.rssMax && time.Since(pssAt) >= pssEvery
		s.rssMax = max(s.rssMax, rss)
		s.samples++
		s.mu.Unlock()
		if nearPeak {
			pssAt = time.Now()
			var pss float64
			for _, pid := range pids {
				_, p := proc.Rollup(pid)
				pss += p
			}
			s.mu.Lock()
			s.pssMax = max(s.pssMax, pss)
			s.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// result stops the sampler and returns the highest sampled totals in MB
// and the number of samples.
func (s *memSampler) result() (rss, pss float64, n int) {
	s.stop()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rssMax, s.pssMax, s.samples
}
