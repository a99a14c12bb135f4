package workers_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

// children lists the live child processes of pid (a worker's OCR
// helpers) with their state letter and CPU seconds (/proc/PID/stat).
func children(pid int) map[int]procInfo {
	out := map[int]procInfo{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		c, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", c))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(f) < 13 || f[1] != strconv.Itoa(pid) {
			continue
		}
		ut, _ := strconv.ParseFloat(f[11], 64)
		st, _ := strconv.ParseFloat(f[12], 64)
		out[c] = procInfo{state: f[0], cpu: (ut + st) / 100}
	}
	return out
}

type procInfo struct {
	state string
	cpu   float64
}

func pngOf(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
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
	var helpers map[int]procInfo
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
		data := pngOf(t, corpus.Render(int64(60+i), 0, corpus.Options{DPI: 200, Types: []string{corpus.TypeDecision}}).Image)
		sub, err := s.sub.Submit(ctx, bytes.NewReader(data), int64(len(data)), workers.Upload{Filename: "qd.png", Lane: workers.LaneBackfill, Office: "000.00.21.H26"})
		if err != nil {
			t.Fatal(err)
		}
		backfill = append(backfill, sub.DocID)
	}
	busy := 0
	for deadline := time.Now().Add(2 * time.Minute); busy == 0; time.Sleep(5 * time.Millisecond) {
		for pid, p := range children(w.cmd.Process.Pid) {
			if p.cpu-helpers[pid].cpu >= 0.1 {
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
	data := pngOf(t, top)
	sub, err := s.sub.Submit(ctx, bytes.NewReader(data), int64(len(data)), workers.Upload{Filename: "tb.png", Lane: workers.LaneCounter})
	if err != nil {
		t.Fatal(err)
	}
	stopped := map[int]bool{}
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(2 * time.Millisecond) {
		for pid, p := range children(w.cmd.Process.Pid) {
			if p.state == "T" {
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
		if p.state == "T" {
			t.Errorf("helper %d left stopped", pid)
		}
	}
	rec, err := s.archive.Latest(ctx, sub.DocID)
	if err != nil || !slices.ContainsFunc(rec.Pages, func(p record.Page) bool { return p.Text != "" }) {
		t.Errorf("counter document %+v, %v: no text", rec, err)
	}
}
