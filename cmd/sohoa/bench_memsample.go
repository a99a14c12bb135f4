package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
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
			pids = append([]int{s.root}, childPIDs(s.root)...)
			listed = time.Now()
		}
		// RSS from statm costs little; smaps_rollup walks every mapping
		// (~2–3 ms a process at this size), so PSS is read only near the
		// highest RSS total seen, where its own peak is, and at most every
		// pssEvery: read at every tick it took ~0.4 of a core from the
		// 2-core run it measures.
		var rss float64
		for _, pid := range pids {
			rss += procStatmRSS(pid)
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
				_, p := procRollup(pid)
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

// procStatmRSS is the resident set of a live process in MB from
// /proc/PID/statm (0 if it is gone).
func procStatmRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/statm", pid))
	if err != nil {
		return 0
	}
	fs := bytes.Fields(b)
	if len(fs) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(string(fs[1]), 64)
	return pages * float64(os.Getpagesize()) / (1 << 20)
}

// procRollup is the Rss and Pss of a live process in MB from
// /proc/PID/smaps_rollup (0, 0 if it is gone).
func procRollup(pid int) (rss, pss float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Bytes()
		var dst *float64
		switch {
		case bytes.HasPrefix(line, []byte("Rss:")):
			dst = &rss
		case bytes.HasPrefix(line, []byte("Pss:")):
			dst = &pss
		default:
			continue
		}
		fs := bytes.Fields(line)
		if len(fs) > 1 {
			kb, _ := strconv.ParseFloat(string(fs[1]), 64)
			*dst = kb / 1024
		}
	}
	return rss, pss
}
