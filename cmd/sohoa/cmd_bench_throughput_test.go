package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchThroughputRunsEndToEnd runs `sohoa bench throughput` on two
// small pages: the whole system (Redis, a worker process with an OCR
// helper, local storage, embedded index) and plain tesseract must both
// process them. Only completeness is checked here, never speed.
func TestBenchThroughputRunsEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Redis, a worker and Tesseract on 9 pages")
	}
	out := filepath.Join(t.TempDir(), "tp.json")
	cmd := sohoa(t, nil, "bench", "throughput", "--pages", "2", "--workers", "1", "--dpi", "150", "--json", out)
	stdout, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench throughput: %v\n%s", err, stdout)
	}
	for _, want := range []string{"| sohoa (2 pages, 1 at once) |", "| tesseract (1 at once, OMP_THREAD_LIMIT=1) |", "throughput ratio", "counter page"} {
		if !strings.Contains(string(stdout), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Runs []tpRun `json:"runs"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(res.Runs))
	}
	r := res.Runs[0]
	if r.System.Indexed+r.System.Duplicates != 2 || r.System.Failed != 0 {
		t.Errorf("system: %d indexed, %d duplicates, %d failed; want both pages done", r.System.Indexed, r.System.Duplicates, r.System.Failed)
	}
	for _, st := range []string{"decode", "clean", "ocr", "postcorrect", "store", "extract", "index"} {
		if _, ok := r.System.StageMS[st]; !ok {
			t.Errorf("no time for stage %s in %v", st, r.System.StageMS)
		}
	}
	if r.System.StageMS["ocr"] <= 0 || r.System.HelperCPU <= 0 {
		t.Errorf("OCR took no time (%v ms, helpers %v CPU s): pages not OCR'd in the helper", r.System.StageMS["ocr"], r.System.HelperCPU)
	}
	// the helpers' busy time, from the worker's metrics, fits in the window
	if b := r.System.HelperBusy; b <= 0 || b > 1 {
		t.Errorf("OCR helpers busy %.3f of the window, want in (0, 1]", b)
	}
	// one helper per page at once and the spare for counter pages
	if r.System.WorkerHWMMB <= 0 || len(r.System.HelperHWMMB) != 2 || r.System.HelperHWMMB[0] <= 0 {
		t.Errorf("peak RSS worker %v MB, helpers %v", r.System.WorkerHWMMB, r.System.HelperHWMMB)
	}
	if r.Plain.PagesPerMin <= 0 || r.Plain.CPU <= 0 || r.Ratio <= 0 {
		t.Errorf("tesseract %+v, ratio %v", r.Plain, r.Ratio)
	}
	if l := r.Latency; l == nil || l.Searchable <= 0 || l.Tesseract <= 0 || !l.BackfillOK {
		t.Errorf("counter latency %+v: want a counter page made searchable while the backfill ran", l)
	} else if tl := l.Timeline; l.Helpers != 2 || l.Pause == "" || !(0 < tl.Split && tl.Split < tl.PageStored &&
		tl.PageStored <= tl.AssemblyBegan && tl.AssemblyBegan < tl.RecordStored && tl.RecordStored <= tl.Searchable) {
		t.Errorf("counter latency %+v: want 2 helpers, the pause policy and the document's steps in order", l)
	}
}

func TestBenchPageCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Tesseract on 2 pages")
	}
	cmd := sohoa(t, []string{"OMP_THREAD_LIMIT=1"}, "bench", "pagecpu", "--pages", "2", "--dpi", "100", "-v")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bench pagecpu: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "2 pages, page by page: CPU per page sohoa") || strings.Count(string(out), "tesseract/sohoa") != 3 {
		t.Errorf("output:\n%s", out)
	}
}
