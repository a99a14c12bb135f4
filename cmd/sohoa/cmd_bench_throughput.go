package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/proc"
	"github.com/sohoa/sohoa/internal/redisproc"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	registerBench(command{
		name:    "throughput",
		summary: "N pages through upload, queue, worker, storage and index vs plain tesseract on the same cores",
		run:     runBenchThroughput,
	})
}

// tpOptions are the flags of `sohoa bench throughput`.
type tpOptions struct {
	Pages      int    `json:"pages"`
	Workers    int    `json:"workers"`     // cores used: tesseract processes at a time
	OCRWorkers int    `json:"ocr_workers"` // pages the worker OCRs at once
	DPI        int    `json:"dpi"`
	Seed       int64  `json:"seed"`
	Runs       int    `json:"runs"`
	InProcess  bool   `json:"in_process"` // SOHOA_OCR_IN_PROCESS=1 in the worker
	Latency    bool   `json:"latency"`
	OMPLever   bool   `json:"omp_lever"`
	Throughput bool   `json:"throughput"`
	Pause      string `json:"pause"` // SOHOA_COUNTER_PAUSE of the worker
	Keep       bool   `json:"-"`
	JSONOut    string `json:"-"`
}

// tpPage is one generated upload, encoded before the clock starts.
type tpPage struct {
	Name string
	Deg  corpus.Degradation
	Data []byte
	Path string
}

// tpRun is what one run measured.
type tpRun struct {
	Run     int     `json:"run"`
	LoadAvg string  `json:"loadavg_before"`
	System  tpSys   `json:"system"`
	Plain   tpPlain `json:"tesseract"`
	// Ratio is the system's pages/min over plain Tesseract's.
	Ratio    float64    `json:"ratio"`
	Latency  *tpLatency `json:"counter_latency,omitempty"`
	OMPUnset *tpPlain   `json:"tesseract_omp_unset,omitempty"`
}

type tpSys struct {
	Wall        float64            `json:"wall_s"`
	PagesPerMin float64            `json:"pages_per_min"`
	Indexed     int                `json:"indexed"`
	Duplicates  int                `json:"duplicates"`
	Failed      int                `json:"failed"`
	StageMS     map[string]float64 `json:"stage_ms_mean"` // per page (decode…store) or per document (extract, index)
	TaskMS      map[string]float64 `json:"task_ms_mean"`  // per task type
	WorkerCPU   float64            `json:"worker_cpu_s"`  // worker process in the window
	HelperCPU   float64            `json:"helper_cpu_s"`  // OCR helpers in the window
	BenchCPU    float64            `json:"bench_cpu_s"`   // this process: upload and polling the index
	UploadCPU   float64            `json:"upload_cpu_s"`  // this process while uploading (the API's share)
	RedisCPU    float64            `json:"redis_cpu_s"`   // redis-server
	CPUUse      float64            `json:"cpu_use"`       // (worker + helpers + upload + redis) / (wall × cores)
	// HelperBusy is the share of the window the backfill's OCR helpers
	// held a page (their busy seconds / (wall × helpers)): what keeps a
	// core idle between pages, apart from the machine's other load.
	HelperBusy  float64   `json:"helper_busy"`
	WorkerHWMMB float64   `json:"worker_peak_rss_mb"`
	HelperHWMMB []float64 `json:"helper_peak_rss_mb"`
	PerPageMB   float64   `json:"peak_rss_mb_per_concurrent_page"`
	// Sampled every 25 ms over the throughput window (memSampler): the
	// highest total of worker + helpers at one instant, as RSS and as PSS.
	SampledRSSMB float64 `json:"sampled_peak_total_rss_mb"`
	SampledPSSMB float64 `json:"sampled_peak_total_pss_mb"`
	Samples      int     `json:"memory_samples"`
}

type tpPlain struct {
	Wall        float64 `json:"wall_s"`
	PagesPerMin float64 `json:"pages_per_min"`
	CPU         float64 `json:"cpu_s"`
	CPUUse      float64 `json:"cpu_use"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	Env         string  `json:"env"`
}

type tpLatency struct {
	Backfill   int     `json:"backfill_pages"`
	Searchable float64 `json:"searchable_s"`  // counter upload → in the index
	Tesseract  float64 `json:"tesseract_s"`   // plain tesseract alone on that page
	Ratio      float64 `json:"ratio"`         // Searchable / Tesseract
	BackfillOK bool    `json:"backfill_busy"` // the backfill was still running when the page was searchable
	// The OCR helpers while the counter page was processed: how many the
	// worker has, the most seen stopped (state T: paused for the counter
	// page) at once, and the worker's pause policy.
	Helpers int    `json:"helpers"`
	Paused  int    `json:"helpers_paused_max"`
	Pause   string `json:"pause"`
	// Timeline of the counter document in seconds after its upload began,
	// from the stored objects' times and the record: upload returned,
	// split (page sources written), page result stored, assembly began
	// (record's creation), text stored, record stored, searchable.
	Timeline tpTimeline `json:"timeline_s"`
	// The counter page's own steps (its record's timings_ms).
	StepsMS map[string]float64 `json:"page_steps_ms"`
	// CPU seconds of the worker and its helpers from the counter upload
	// to searchable (with every backfill helper paused, mostly the counter
	// page's own; an upper bound), and of tesseract alone on the page:
	// their ratio depends far less on the machine's load than the wall
	// clock's.
	WindowCPU    float64 `json:"window_cpu_s"`
	TesseractCPU float64 `json:"tesseract_cpu_s"`
	// Where the time went, from the counter document's record: waiting
	// (for a slot and an OCR helper, the split task, the transfer of the
	// page to the helper: whatever the page's timings do not cover), the
	// page task's own steps, then assembly and indexing.
	WaitS     float64 `json:"wait_s"`
	PageS     float64 `json:"page_s"`
	OCRS      float64 `json:"ocr_s"`
	AssembleS float64 `json:"assemble_index_s"`
}

type tpTimeline struct {
	Uploaded, Split, PageStored, AssemblyBegan, TextStored, RecordStored, Searchable float64
}

func runBenchThroughput(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench throughput", flag.ContinueOnError)
	o := tpOptions{}
	fs.IntVar(&o.Pages, "pages", 20, "pages to push through the system")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "cores to use: OCR pages at once, and plain tesseract processes at once")
	fs.IntVar(&o.OCRWorkers, "ocr-workers", 0, "pages the worker OCRs at once (default: -workers; 2×workers measures two pages per core)")
	fs.IntVar(&o.DPI, "dpi", 300, "resolution of the generated A4 pages")
	fs.Int64Var(&o.Seed, "seed", 11, "corpus seed")
	fs.IntVar(&o.Runs, "runs", 1, "runs, each on a fresh system (the order of system and tesseract alternates)")
	fs.BoolVar(&o.InProcess, "in-process", false, "OCR inside the worker process (SOHOA_OCR_IN_PROCESS=1) instead of helper processes")
	fs.BoolVar(&o.Latency, "latency", true, "also measure one counter page's time to searchable while a backfill runs")
	fs.BoolVar(&o.OMPLever, "omp", false, "also run plain tesseract with OMP_THREAD_LIMIT unset")
	fs.BoolVar(&o.Throughput, "throughput", true, "measure throughput (false: only the counter page's latency; -pages is then unused)")
	fs.StringVar(&o.Pause, "pause", "", "the worker's SOHOA_COUNTER_PAUSE: cores, all or none (default: the worker's); a comma-separated list is taken in turn by the runs")
	fs.BoolVar(&o.Keep, "keep", false, "keep the temporary folder")
	fs.StringVar(&o.JSONOut, "json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if o.Pages < 1 || o.Workers < 1 || o.Runs < 1 {
		return errors.New("-pages, -workers and -runs must be at least 1")
	}
	if !o.Throughput && !o.Latency {
		return errors.New("-throughput=false and -latency=false leave nothing to measure")
	}
	if !o.Throughput {
		o.Pages = 0
	}
	if o.OCRWorkers < 1 {
		o.OCRWorkers = o.Workers
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		return fmt.Errorf("plain tesseract is the baseline: %w", err)
	}
	dir, err := os.MkdirTemp("", "sohoa-bench-throughput-")
	if err != nil {
		return err
	}
	if o.Keep {
		fmt.Printf("folder: %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	printMachine(os.Stdout)
	fmt.Printf("options: pages=%d workers=%d ocr-workers=%d dpi=%d in-process=%v runs=%d pause=%q\n", o.Pages, o.Workers, o.OCRWorkers, o.DPI, o.InProcess, o.Runs, o.Pause)
	t0 := time.Now()
	pages, err := tpGenerate(filepath.Join(dir, "pages"), o.Seed, o.Pages, o.DPI, "p")
	if err != nil {
		return err
	}
	var counter tpPage
	var backfill []tpPage
	if o.Latency {
		// new documents: the system must not find them processed before
		nb := max(3*o.OCRWorkers, 2)
		more, err := tpGenerate(filepath.Join(dir, "latency"), o.Seed+1000, nb+1, o.DPI, "l")
		if err != nil {
			return err
		}
		counter, backfill = more[0], more[1:]
	}
	var bytesTotal int
	for _, p := range pages {
		bytesTotal += len(p.Data)
	}
	fmt.Printf("generated %d pages (%.1f MB encoded) in %.1f s, before the clock\n\n", len(pages), float64(bytesTotal)/1e6, time.Since(t0).Seconds())

	var runs []tpRun
	for r := 1; r <= o.Runs; r++ {
		run := tpRun{Run: r, LoadAvg: loadAvg()}
		rdir := filepath.Join(dir, fmt.Sprintf("run-%d", r))
		ro := o
		if ps := strings.Split(o.Pause, ","); len(ps) > 1 {
			ro.Pause = ps[(r-1)%len(ps)] // policies side by side, in turn
		}
		sys := func() error {
			s, lat, err := tpSystem(ctx, rdir, ro, pages, counter, backfill)
			run.System, run.Latency = s, lat
			return err
		}
		plain := func() error {
			if !o.Throughput {
				return nil
			}
			var err error
			run.Plain, err = tpTesseract(ctx, pages, o.Workers, true)
			return err
		}
		steps := []func() error{sys, plain}
		if r%2 == 0 { // alternate so that a change of load does not favour one side
			steps = []func() error{plain, sys}
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return fmt.Errorf("run %d: %w", r, err)
			}
		}
		if run.Plain.PagesPerMin > 0 {
			run.Ratio = run.System.PagesPerMin / run.Plain.PagesPerMin
		}
		if run.Latency != nil {
			alone, err := tpTesseract(ctx, []tpPage{counter}, 1, true)
			if err != nil {
				return err
			}
			run.Latency.Tesseract = alone.Wall
			run.Latency.Ratio = run.Latency.Searchable / alone.Wall
			run.Latency.TesseractCPU = alone.CPU
		}
		if o.OMPLever && o.Throughput {
			u, err := tpTesseract(ctx, pages, o.Workers, false)
			if err != nil {
				return err
			}
			run.OMPUnset = &u
		}
		printRun(os.Stdout, o, run)
		runs = append(runs, run)
	}
	if o.JSONOut != "" {
		b, err := json.MarshalIndent(struct {
			Options tpOptions `json:"options"`
			Machine string    `json:"machine"`
			Runs    []tpRun   `json:"runs"`
		}{o, machineLine(), runs}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.JSONOut, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// tpGenerate renders n A4 pages, half clean and half degraded the ways
// scans are, and encodes them as a scanner would (PNG; JPEG for a quarter).
func tpGenerate(dir string, seed int64, n, dpi int, prefix string) ([]tpPage, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	degs := []corpus.Degradation{corpus.Skew, corpus.Noise, corpus.Faded, corpus.Seal, corpus.Photocopy, corpus.BorderShadow, corpus.Rotate180}
	pages := make([]tpPage, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.NumCPU())
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s := corpus.Render(seed, i, corpus.Options{DPI: dpi})
			d := corpus.Clean
			if i%2 == 1 {
				d = degs[(i/2)%len(degs)]
			}
			var img image.Image = s.Image
			if d != corpus.Clean {
				img, _ = corpus.DegradeSample(s, d, seed+int64(i))
			}
			var buf bytes.Buffer
			ext := "png"
			var err error
			if i%4 == 3 {
				ext = "jpg"
				err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
			} else {
				err = png.Encode(&buf, img)
			}
			if err != nil {
				errs[i] = err
				return
			}
			p := tpPage{Name: fmt.Sprintf("%s%04d-%s-%s.%s", prefix, i, s.DocType, d, ext), Deg: d, Data: buf.Bytes()}
			p.Path = filepath.Join(dir, p.Name)
			errs[i] = os.WriteFile(p.Path, p.Data, 0o640)
			pages[i] = p
		}()
	}
	wg.Wait()
	return pages, errors.Join(errs...)
}

// tpSystem starts Redis and a `sohoa worker` process (with its OCR
// helpers) on a fresh data folder, uploads the pages through the
// Submitter and waits until every one is searchable.
func tpSystem(ctx context.Context, dir string, o tpOptions, pages []tpPage, counter tpPage, backfill []tpPage) (tpSys, *tpLatency, error) {
	var res tpSys
	rs, err := redisproc.Start(ctx, filepath.Join(dir, "redis"))
	if err != nil {
		return res, nil, err
	}
	defer rs.Stop()
	cfg := config.FromEnv()
	cfg.RedisURL, cfg.DataDir = rs.URL(), filepath.Join(dir, "data")
	cfg.S3Endpoint, cfg.MeiliURL = "", "" // local folder, embedded index
	cfg.SigningKeyDir, cfg.SecretKey = "", "bench-throughput-secret-key-32-bytes!"
	cfg.OCRWorkers = o.OCRWorkers
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return res, nil, err
	}
	const office = "000.00.21.H26"
	if err := demoKeys(&cfg, office); err != nil {
		return res, nil, err
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return res, nil, err
	}
	defer a.Close()

	w, err := tpStartWorker(ctx, dir, cfg, o.InProcess, "SOHOA_COUNTER_PAUSE="+o.Pause)
	if err != nil {
		return res, nil, err
	}
	defer w.stop()

	sub := a.submitter()
	upload := func(p tpPage, laneName string) (string, error) {
		s, err := sub.Submit(ctx, bytes.NewReader(p.Data), int64(len(p.Data)), workers.Upload{
			Filename: p.Name, Office: office, UploadedBy: "bench", Lane: laneName,
		})
		return s.DocID, err
	}

	// The clock: from the first upload to the last page searchable.
	cpu0 := w.cpu()
	self0 := selfCPU()
	redis0 := proc.ReadStat(redisPID(rs)).CPU
	busy0 := w.helperBusy()
	mem := startMemSampler(ctx, w.cmd.Process.Pid, 25*time.Millisecond)
	defer mem.stop()
	t0 := time.Now()
	ids := make([]string, len(pages))
	for i, p := range pages {
		if ids[i], err = upload(p, workers.LaneBackfill); err != nil {
			return res, nil, fmt.Errorf("upload %s: %w", p.Name, err)
		}
	}
	res.UploadCPU = selfCPU() - self0
	states, err := tpWait(ctx, a, ids, 30*time.Minute, 20*time.Millisecond)
	if err != nil {
		return res, nil, err
	}
	res.Wall = time.Since(t0).Seconds()
	res.SampledRSSMB, res.SampledPSSMB, res.Samples = mem.result()
	cpu1 := w.cpu()
	res.BenchCPU = selfCPU() - self0
	res.RedisCPU = proc.ReadStat(redisPID(rs)).CPU - redis0
	res.WorkerCPU = cpu1.worker - cpu0.worker
	res.HelperCPU = cpu1.helpers - cpu0.helpers
	res.CPUUse = (res.WorkerCPU + res.HelperCPU + res.UploadCPU + res.RedisCPU) / (res.Wall * float64(runtime.NumCPU()))
	res.HelperBusy = (w.helperBusy() - busy0) / (res.Wall * float64(o.OCRWorkers))
	res.PagesPerMin = float64(len(pages)) / res.Wall * 60
	for _, s := range states {
		switch s {
		case "indexed":
			res.Indexed++
		case "duplicate":
			res.Duplicates++
		default:
			res.Failed++
		}
	}
	res.WorkerHWMMB, res.HelperHWMMB = w.peakRSS()
	total := res.WorkerHWMMB
	for _, h := range res.HelperHWMMB {
		total += h
	}
	res.PerPageMB = total / float64(o.OCRWorkers)

	// Time per stage, as the worker recorded it in each page's record.
	sum, n := map[string]float64{}, map[string]int{}
	for _, id := range ids {
		rec, err := a.archive.Latest(ctx, id)
		if err != nil {
			continue
		}
		for _, pg := range rec.Pages {
			for k, v := range pg.Timings {
				sum[k] += float64(v)
				n[k]++
			}
		}
	}
	res.StageMS = map[string]float64{}
	for k := range sum {
		res.StageMS[k] = sum[k] / float64(n[k])
	}
	// extract and index are per document and only in the worker's metrics
	if m, err := w.metrics(); err == nil {
		for _, st := range []string{"extract", "index"} {
			if v, ok := m.mean("sohoa_step_duration_seconds", "step", st); ok {
				res.StageMS[st] = v * 1000
			}
		}
		res.TaskMS = map[string]float64{}
		for _, tt := range []string{workers.TypeSplit, workers.TypePage, workers.TypeAssemble} {
			if v, ok := m.mean("sohoa_task_duration_seconds", "type", tt); ok {
				res.TaskMS[tt] = v * 1000
			}
		}
	}

	if !o.Latency {
		return res, nil, nil
	}
	// A counter page while a backfill keeps every OCR slot busy.
	lat := &tpLatency{Backfill: len(backfill)}
	var bids []string
	for _, p := range backfill {
		id, err := upload(p, workers.LaneBackfill)
		if err != nil {
			return res, nil, err
		}
		bids = append(bids, id)
	}
	// wait until every OCR slot holds a backfill page and more wait
	if err := tpWaitBusy(ctx, a, o.OCRWorkers, time.Minute); err != nil {
		return res, nil, err
	}
	lat.Pause = o.Pause
	if lat.Pause == "" {
		lat.Pause = "worker default"
	}
	helpers := proc.Children(w.cmd.Process.Pid)
	lat.Helpers = len(helpers)
	stopSampling := tpSampleStopped(helpers, &lat.Paused)
	c0 := w.cpu()
	t1 := time.Now()
	cid, err := upload(counter, workers.LaneCounter)
	if err != nil {
		stopSampling()
		return res, nil, err
	}
	lat.Timeline.Uploaded = time.Since(t1).Seconds()
	_, err = tpWait(ctx, a, []string{cid}, 10*time.Minute, 10*time.Millisecond)
	stopSampling()
	c1 := w.cpu()
	lat.WindowCPU = c1.worker - c0.worker + c1.helpers - c0.helpers
	if err != nil {
		return res, nil, err
	}
	lat.Searchable = time.Since(t1).Seconds()
	lat.Timeline.Searchable = lat.Searchable
	if rec, err := a.archive.Latest(ctx, cid); err == nil && len(rec.Pages) == 1 {
		lat.StepsMS = map[string]float64{}
		for k, v := range rec.Pages[0].Timings {
			lat.StepsMS[k] = float64(v)
		}
		tm := pipeline.Timings(rec.Pages[0].Timings)
		lat.PageS, lat.OCRS = float64(tm.InSequence())/1000, float64(tm["ocr"])/1000
		// the record is made when assembly starts
		toAssemble := rec.CreatedAt.Sub(t1).Seconds()
		lat.WaitS = toAssemble - lat.PageS
		lat.AssembleS = lat.Searchable - toAssemble
		lat.Timeline.AssemblyBegan = toAssemble
		at := func(key string) float64 {
			if st, err := a.store.Stat(ctx, key); err == nil {
				return st.Modified.Sub(t1).Seconds()
			}
			return 0
		}
		lat.Timeline.Split = at("work/" + cid + "/sources.json")
		lat.Timeline.PageStored = at(fmt.Sprintf("work/%s/page-%04d.json", cid, 1))
		if rec.TextObject != nil {
			lat.Timeline.TextStored = at(rec.TextObject.Key)
		}
		lat.Timeline.RecordStored = at(fmt.Sprintf("docs/%s/record/v%06d.json", cid, rec.Version))
	}
	st, _ := tpStates(ctx, a, bids)
	for _, s := range st {
		if s == "" {
			lat.BackfillOK = true // some backfill page still pending
		}
	}
	return res, lat, nil
}

// tpSampleStopped records in *most the most of pids seen stopped at once
// (state T) until the returned function is called.
func tpSampleStopped(pids []int, most *int) (stop func()) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		for {
			n := 0
			for _, pid := range pids {
				if proc.ReadStat(pid).State == "T" {
					n++
				}
			}
			*most = max(*most, n)
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}

// tpWait polls until every document is indexed, a duplicate or failed.
// Polling costs this process CPU that the system then lacks: every
// tick reads the record of each pending document.
func tpWait(ctx context.Context, a *app, ids []string, limit, every time.Duration) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	// The bench shares the cores with the system it measures, and its
	// clock stops when it sees the last document searchable. So it asks
	// the index only about the documents still pending, about one question
	// per tick (every × pending apart, at most 250 ms), and reads a pending
	// document's record (a JSON file with every word) at most every 250 ms,
	// for the ones that failed or are duplicates. Reading every record
	// every 250 ms cost ~1 s of CPU per 20 pages and up to 250 ms of clock.
	const slowest = 250 * time.Millisecond
	st := make([]string, len(ids))
	var lastRead time.Time
	for {
		pending := 0
		readAll := time.Since(lastRead) >= slowest
		if readAll {
			lastRead = time.Now()
		}
		for i, id := range ids {
			if st[i] != "" {
				continue
			}
			if _, ok, err := a.index.Get(ctx, id); err == nil && ok || readAll {
				st[i] = tpState(ctx, a, id)
			}
			if st[i] == "" {
				pending++
			}
		}
		if pending == 0 {
			return st, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%d of %d documents not searchable: %w", pending, len(ids), ctx.Err())
		case <-time.After(min(every*time.Duration(pending), slowest)):
		}
	}
}

// tpStates is "indexed", "duplicate", "failed" or "" (pending) per id.
func tpStates(ctx context.Context, a *app, ids []string) ([]string, error) {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tpState(ctx, a, id)
	}
	return out, ctx.Err()
}

func tpState(ctx context.Context, a *app, id string) string {
	rec, err := a.archive.Latest(ctx, id)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return ""
	case err != nil:
		return "" // a record being written; seen on the next poll
	case rec.Status == record.StatusFailed:
		return "failed"
	case rec.DuplicateOf != "":
		return "duplicate"
	}
	if _, ok, err := a.index.Get(ctx, id); err == nil && ok {
		return "indexed"
	}
	return ""
}

// tpWorker is a `sohoa worker` child process.
type tpWorker struct {
	cmd     *exec.Cmd
	metrics func() (promText, error)
	done    chan struct{}
}

func tpStartWorker(ctx context.Context, dir string, cfg config.Config, inProcess bool, env ...string) (*tpWorker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	logf, err := os.Create(filepath.Join(dir, "worker.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "worker")
	cmd.Env = append(os.Environ(),
		"SOHOA_REDIS_URL="+cfg.RedisURL, "SOHOA_DATA_DIR="+cfg.DataDir,
		"SOHOA_SIGNING_KEY_DIR="+cfg.SigningKeyDir, "SOHOA_SECRET_KEY="+cfg.SecretKey,
		"SOHOA_S3_ENDPOINT=", "MEILI_URL=",
		"SOHOA_OCR_WORKERS="+strconv.Itoa(cfg.OCRWorkers), "SOHOA_METRICS_ADDR="+addr,
		"SOHOA_LOG_LEVEL=warn", "OMP_THREAD_LIMIT=1",
		"SOHOA_OCR_IN_PROCESS="+map[bool]string{true: "1", false: ""}[inProcess],
	)
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start worker: %w", err)
	}
	w := &tpWorker{cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(w.done) }()
	base := "http://" + addr
	w.metrics = func() (promText, error) { return scrapeProm(base + "/metrics") }
	deadline := time.Now().Add(2 * time.Minute)
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return w, nil
			}
		}
		select {
		case <-w.done:
			log, _ := os.ReadFile(filepath.Join(dir, "worker.log"))
			return nil, fmt.Errorf("worker exited: %s", strings.TrimSpace(string(log)))
		case <-ctx.Done():
			w.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			w.stop()
			return nil, errors.New("worker not ready after 2 minutes")
		}
	}
}

func (w *tpWorker) stop() {
	select {
	case <-w.done:
		return
	default:
	}
	_ = w.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-w.done:
	case <-time.After(40 * time.Second):
		_ = w.cmd.Process.Kill()
		<-w.done
	}
}

type tpCPU struct{ worker, helpers float64 }

// cpu is the CPU time of the worker and of its children (the OCR helpers).
func (w *tpWorker) cpu() tpCPU {
	c := tpCPU{worker: proc.ReadStat(w.cmd.Process.Pid).CPU}
	for _, pid := range proc.Children(w.cmd.Process.Pid) {
		c.helpers += proc.ReadStat(pid).CPU
	}
	return c
}

// peakRSS is VmHWM of the worker and of each helper, in MB.
func (w *tpWorker) peakRSS() (float64, []float64) {
	var hs []float64
	for _, pid := range proc.Children(w.cmd.Process.Pid) {
		hs = append(hs, proc.PeakRSS(pid))
	}
	return proc.PeakRSS(w.cmd.Process.Pid), hs
}

// tpWaitBusy waits until at least n backfill tasks run and others are
// pending: the worker is saturated by the backfill.
func tpWaitBusy(ctx context.Context, a *app, n int, limit time.Duration) error {
	insp := asynq.NewInspector(a.redis)
	defer insp.Close()
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		// backfill is spread over shard queues (ADR 0905)
		active, pending := 0, 0
		for _, name := range workers.BackfillQueues() {
			if q, err := insp.GetQueueInfo(name); err == nil {
				active += q.Active
				pending += q.Pending
			}
		}
		if active >= n && pending > 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return fmt.Errorf("backfill did not occupy %d OCR slots within %v", n, limit)
}

// tpTesseract runs plain `tesseract FILE - -l vie --dpi D` on every page,
// conc processes at a time, one thread each when omp1 (else
// OMP_THREAD_LIMIT unset: Tesseract's own OpenMP threads).
func tpTesseract(ctx context.Context, pages []tpPage, conc int, omp1 bool) (tpPlain, error) {
	env := make([]string, 0, len(os.Environ())+1)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OMP_THREAD_LIMIT=") {
			env = append(env, e)
		}
	}
	res := tpPlain{Env: "OMP_THREAD_LIMIT unset"}
	if omp1 {
		env = append(env, "OMP_THREAD_LIMIT=1")
		res.Env = "OMP_THREAD_LIMIT=1"
	}
	ru0 := rusage(syscall.RUSAGE_CHILDREN)
	t0 := time.Now()
	jobs := make(chan tpPage)
	errs := make(chan error, len(pages))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				// the same resolution the pipeline gives Tesseract
				cmd := exec.CommandContext(ctx, "tesseract", p.Path, "-", "-l", "vie", "--dpi", "300")
				cmd.Env = env
				cmd.Stdout = io.Discard
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					errs <- fmt.Errorf("tesseract %s: %w: %s", p.Name, err, stderr.String())
					continue
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
					mu.Lock()
					res.PeakRSSMB = max(res.PeakRSSMB, float64(ru.Maxrss)/1024)
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range pages {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := errors.Join(collect(errs)...); err != nil {
		return res, err
	}
	res.Wall = time.Since(t0).Seconds()
	ru1 := rusage(syscall.RUSAGE_CHILDREN)
	res.CPU = cpuSeconds(ru1) - cpuSeconds(ru0)
	res.PagesPerMin = float64(len(pages)) / res.Wall * 60
	res.CPUUse = res.CPU / (res.Wall * float64(runtime.NumCPU()))
	return res, nil
}

func collect(ch chan error) []error {
	var out []error
	for e := range ch {
		out = append(out, e)
	}
	return out
}

func printRun(w io.Writer, o tpOptions, r tpRun) {
	fmt.Fprintf(w, "run %d (load average before: %s)\n\n", r.Run, r.LoadAvg)
	if o.Throughput {
		printThroughput(w, o, r)
	}
	if l := r.Latency; l != nil {
		tl := l.Timeline
		fmt.Fprintf(w, "counter page during a backfill of %d pages: searchable in %.2f s; tesseract alone %.2f s; ratio %.2f (target ≤ 1.20); backfill still running: %v; OCR helpers paused while it ran: %d of %d (pause policy: %s)\n",
			l.Backfill, l.Searchable, l.Tesseract, l.Ratio, l.BackfillOK, l.Paused, l.Helpers, l.Pause)
		fmt.Fprintf(w, "  of which: waiting (slot, split, helper, transfer) %.2f s; page task steps %.2f s (OCR %.2f s); assembly and index %.2f s\n",
			l.WaitS, l.PageS, l.OCRS, l.AssembleS)
		fmt.Fprintf(w, "  page steps (ms): %s\n", fmtMS(l.StepsMS))
		if l.TesseractCPU > 0 {
			fmt.Fprintf(w, "  CPU: worker and helpers %.2f s from upload to searchable, tesseract alone %.2f s: ratio %.2f\n",
				l.WindowCPU, l.TesseractCPU, l.WindowCPU/l.TesseractCPU)
		}
		fmt.Fprintf(w, "  timeline (s after the upload began): uploaded %.3f, split %.3f, page stored %.3f, assembly began %.3f, text stored %.3f, record stored %.3f, searchable %.3f\n",
			tl.Uploaded, tl.Split, tl.PageStored, tl.AssemblyBegan, tl.TextStored, tl.RecordStored, tl.Searchable)
	}
	fmt.Fprintln(w)
}

func printThroughput(w io.Writer, o tpOptions, r tpRun) {
	s, p := r.System, r.Plain
	fmt.Fprintln(w, "| | wall s | pages/min | CPU s | CPU use | peak RSS MB |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	hw := fmt.Sprintf("worker %.0f + helpers %s (%.0f per concurrent page)", s.WorkerHWMMB, joinMB(s.HelperHWMMB), s.PerPageMB)
	fmt.Fprintf(w, "| sohoa (%d pages, %d at once) | %.1f | %.1f | %.1f | %.0f%% | %s |\n", o.Pages, o.OCRWorkers,
		s.Wall, s.PagesPerMin, s.WorkerCPU+s.HelperCPU+s.UploadCPU+s.RedisCPU, 100*s.CPUUse, hw)
	fmt.Fprintf(w, "| tesseract (%d at once, %s) | %.1f | %.1f | %.1f | %.0f%% | %.0f per process |\n",
		o.Workers, p.Env, p.Wall, p.PagesPerMin, p.CPU, 100*p.CPUUse, p.PeakRSSMB)
	if u := r.OMPUnset; u != nil {
		fmt.Fprintf(w, "| tesseract (%d at once, %s) | %.1f | %.1f | %.1f | %.0f%% | %.0f per process |\n",
			o.Workers, u.Env, u.Wall, u.PagesPerMin, u.CPU, 100*u.CPUUse, u.PeakRSSMB)
	}
	n := float64(o.OCRWorkers)
	fmt.Fprintf(w, "\nmemory per concurrent page (target ≤ 300 MB, read against the sampled RSS total): sum of per-process peaks (VmHWM) %.0f MB; sampled peak of the simultaneous total RSS %.0f MB, PSS %.0f MB (%.0f / %.0f MB over %d pages at once, %d samples every 25 ms)\n",
		s.PerPageMB, s.SampledRSSMB/n, s.SampledPSSMB/n, s.SampledRSSMB, s.SampledPSSMB, o.OCRWorkers, s.Samples)
	fmt.Fprintf(w, "throughput ratio sohoa / tesseract: %.2f (target ≥ 0.90); pages indexed %d, duplicates %d, failed %d\n",
		r.Ratio, s.Indexed, s.Duplicates, s.Failed)
	// CPU per page does not depend on how much of the machine others take
	sc := (s.WorkerCPU + s.HelperCPU + s.UploadCPU + s.RedisCPU) / float64(o.Pages)
	pc := p.CPU / float64(o.Pages)
	fmt.Fprintf(w, "CPU per page: sohoa %.2f s, tesseract %.2f s; tesseract/sohoa %.2f (the throughput ratio on an idle machine, when both keep every core busy)\n", sc, pc, pc/sc)
	fmt.Fprintf(w, "CPU of sohoa: worker %.1f s, OCR helpers %.1f s, upload %.1f s, redis %.1f s (the bench's polling, not counted: %.1f s)\n",
		s.WorkerCPU, s.HelperCPU, s.UploadCPU, s.RedisCPU, s.BenchCPU-s.UploadCPU)
	if s.HelperBusy > 0 {
		fmt.Fprintf(w, "OCR helpers busy: %.1f%% of the window (%d helpers; the rest they waited for a page)\n", 100*s.HelperBusy, o.OCRWorkers)
	}
	fmt.Fprintf(w, "mean time per stage (ms): %s\n", fmtMS(s.StageMS))
	if len(s.TaskMS) > 0 {
		fmt.Fprintf(w, "mean time per task (ms): %s\n", fmtMS(s.TaskMS))
	}
}

func joinMB(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.0f", x)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func fmtMS(m map[string]float64) string {
	order := map[string]int{"decode": 0, "clean": 1, "ocr": 2, "postcorrect": 3, "store": 4, "extract": 5, "index": 6,
		workers.TypeSplit: 7, workers.TypePage: 8, workers.TypeAssemble: 9}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %.0f", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// machine description

func printMachine(w io.Writer) {
	fmt.Fprintf(w, "machine: %s\nload average: %s\n", machineLine(), loadAvg())
}

func machineLine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "MemTotal:") {
				f := strings.Fields(l)
				if len(f) >= 2 {
					kb, _ := strconv.ParseFloat(f[1], 64)
					mem = fmt.Sprintf(", %.1f GB RAM", kb/1024/1024)
				}
			}
		}
	}
	tv := ""
	if out, err := exec.Command("tesseract", "--version").CombinedOutput(); err == nil {
		tv = ", " + strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	}
	return fmt.Sprintf("%d cores (%s)%s, %s/%s, %s%s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version(), tv)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// process accounting: internal/proc and getrusage

func redisPID(rs *redisproc.Server) int {
	// redis-server is a child of this process listening on rs.Port
	for _, pid := range proc.Children(os.Getpid()) {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid)); err == nil &&
			bytes.Contains(b, []byte("redis-server")) && bytes.Contains(b, []byte(strconv.Itoa(rs.Port))) {
			return pid
		}
	}
	return 0
}

func rusage(who int) syscall.Rusage {
	var ru syscall.Rusage
	_ = syscall.Getrusage(who, &ru)
	return ru
}

func cpuSeconds(ru syscall.Rusage) float64 {
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func selfCPU() float64 { return cpuSeconds(rusage(syscall.RUSAGE_SELF)) }

// promText holds the samples of a Prometheus text exposition.
type promText map[string]float64 // `name{labels}` → value

func scrapeProm(url string) (promText, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := promText{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || l[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err == nil {
			out[l[:i]] = v
		}
	}
	return out, sc.Err()
}

// helperBusy is the seconds the backfill's OCR helpers have spent on
// pages so far (0 when the worker's metrics cannot be read, or OCR runs
// in process).
func (w *tpWorker) helperBusy() float64 {
	m, err := w.metrics()
	if err != nil {
		return 0
	}
	return m[`sohoa_ocr_helper_busy_seconds_total{lane="backfill"}`]
}

// mean is sum/count over the series of a histogram whose label is value
// (summed over its other labels).
func (p promText) mean(name, label, value string) (float64, bool) {
	var sum, count float64
	tag := label + `="` + value + `"`
	for k, v := range p {
		switch {
		case strings.HasPrefix(k, name+"_sum{") && strings.Contains(k, tag):
			sum += v
		case strings.HasPrefix(k, name+"_count{") && strings.Contains(k, tag):
			count += v
		}
	}
	if count == 0 {
		return 0, false
	}
	return sum / count, true
}
