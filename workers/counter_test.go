package workers_test

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"slices"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/proc"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

// children maps the live child processes of pid (a worker's OCR
// helpers) to their state and CPU time.
func children(pid int) map[int]proc.Stat {
	out := map[int]proc.Stat{}
	for _, c := range proc.Children(pid) {
		if s := proc.ReadStat(c); s.State != "" { // not gone meanwhile
			out[c] = s
		}
	}
	return out
}

// A counter page submitted while backfill pages hold every OCR helper of a
// `sohoa worker` (one helper and the spare, SOHOA_COUNTER_PAUSE default)
// is processed while the backfill helper is stopped: the helper is seen in
// state T while the counter document is processed, the counter document
// is searchable before the backfill page that was in OCR, and afterwards
// every backfill document completes, none lost, no helper left stopped.
func TestCounterPageRunsWhileBackfillPaused(t *testing.T) {
	t.Parallel()
	rs := testenv.StartRedis(t)
	s := newSite(t, rs.Addr(), nil)
	ctx := context.Background()
	w := s.startWorker(t)
	var helpers map[int]proc.Stat
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		srvs, _ := s.insp.Servers()
		if helpers = children(w.cmd.Process.Pid); len(helpers) == 2 && len(srvs) == 2 {
			break // one helper per core (SOHOA_OCR_WORKERS=1) and the spare; both lanes served
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker has %d helpers, %d servers after a minute", len(helpers), len(srvs))
		}
	}

	var backfill []string
	for i := range 2 {
		// whole A4 pages at 200 dpi: long enough to still be in OCR when the
		// counter page comes
		data := encPNG(t, corpus.Render(int64(60+i), 0, corpus.Options{DPI: 200, Types: []string{corpus.TypeDecision}}).Image)
		sub, err := s.sub.Submit(ctx, bytes.NewReader(data), int64(len(data)), workers.Upload{Filename: "qd.png", Lane: workers.LaneBackfill, Office: "000.00.21.H26"})
		if err != nil {
			t.Fatal(err)
		}
		backfill = append(backfill, sub.DocID)
	}
	busy := 0
	for deadline := time.Now().Add(2 * time.Minute); busy == 0; time.Sleep(5 * time.Millisecond) {
		for pid, p := range children(w.cmd.Process.Pid) {
			if p.CPU-helpers[pid].CPU >= 0.1 {
				busy = pid // a backfill page is in OCR
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no helper took a backfill page")
		}
	}

	notice := corpus.Render(7, 0, corpus.Options{DPI: 150, Types: []string{"notice"}}).Image
	b := notice.Bounds()
	top := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/3))
	draw.Draw(top, top.Bounds(), notice, b.Min, draw.Src)
	data := encPNG(t, top)
	sub, err := s.sub.Submit(ctx, bytes.NewReader(data), int64(len(data)), workers.Upload{Filename: "tb.png", Lane: workers.LaneCounter})
	if err != nil {
		t.Fatal(err)
	}
	stopped := map[int]bool{}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(2 * time.Millisecond) {
		for pid, p := range children(w.cmd.Process.Pid) {
			if p.State == "T" {
				stopped[pid] = true
			}
		}
		if _, indexed := s.progress(t, []string{sub.DocID}); indexed == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("counter document not searchable after 2 minutes")
		}
	}
	stored, _ := s.progress(t, backfill)
	t.Logf("counter document searchable with %d of %d backfill documents stored; helpers stopped meanwhile: %v", stored, len(backfill), stopped)
	if !stopped[busy] {
		t.Errorf("the backfill helper %d was never seen stopped while the counter page ran (stopped: %v)", busy, stopped)
	}
	if stored == len(backfill) {
		t.Error("every backfill document was done before the counter document")
	}

	s.waitDone(t, append(backfill, sub.DocID), 3*time.Minute)
	s.checkExactlyOnce(t, append(backfill, sub.DocID))
	s.noFailedTasks(t)
	for pid, p := range children(w.cmd.Process.Pid) {
		if p.State == "T" {
			t.Errorf("helper %d left stopped", pid)
		}
	}
	rec, err := s.archive.Latest(ctx, sub.DocID)
	if err != nil || !slices.ContainsFunc(rec.Pages, func(p record.Page) bool { return p.Text != "" }) {
		t.Errorf("counter document %+v, %v: no text", rec, err)
	}
}
