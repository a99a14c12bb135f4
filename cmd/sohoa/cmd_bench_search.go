package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/internal/gentext"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/embedded"
)

func init() {
	registerBench(command{
		name:    "search",
		summary: "index generated documents into the embedded index; indexing rate, size, query latency (library and HTTP)",
		run:     runBenchSearch,
	})
}

func runBenchSearch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench search", flag.ContinueOnError)
	sizes := fs.String("docs", "100000", "comma-separated corpus sizes")
	nq := fs.Int("queries", 2000, "queries per latency run")
	batch := fs.Int("batch", 1000, "documents per Upsert transaction")
	dir := fs.String("dir", "", "index directory (default: a temporary one, removed)")
	seed := fs.Uint64("seed", 1, "generator seed")
	optimize := fs.Bool("optimize", true, "merge the full-text index's segments after the bulk load (timed separately)")
	reuse := fs.Bool("reuse", false, "with -dir: query an index already holding the corpus instead of rebuilding it")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of indexing and queries to this file")
	kinds := fs.String("kinds", "", "comma-separated query kinds to run (default all: folded,name,exact,phrase,doc_number,id_number,filtered,id_valid)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	base := *dir
	if base == "" {
		tmp, err := os.MkdirTemp("", "sohoa-bench-search-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		base = tmp
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	opt := benchSearchOpts{queries: *nq, batch: *batch, seed: *seed, optimize: *optimize, reuse: *reuse && *dir != ""}
	if *kinds != "" {
		opt.kinds = strings.Split(*kinds, ",")
	}
	fmt.Printf("| docs | index rate (docs/s) | index time | index CPU/1,000 docs | optimize | disk | lib p50 | lib p95 | lib p99 | lib CPU p50 | lib CPU p95 | lib CPU mean | HTTP p50 | HTTP p95 | HTTP p99 | HTTP CPU p95 | load avg |\n")
	fmt.Printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("bad -docs value %q", s)
		}
		if err := benchSearchSize(ctx, filepath.Join(base, strconv.Itoa(n)), n, opt); err != nil {
			return err
		}
	}
	return nil
}

type benchSearchOpts struct {
	queries, batch int
	seed           uint64
	optimize       bool
	reuse          bool
	kinds          []string // query kinds to keep; nil: all
}

func benchSearchSize(ctx context.Context, dir string, n int, o benchSearchOpts) error {
	gen := gentext.New(o.seed)
	var (
		ix                  *embedded.Index
		elapsed, optElapsed time.Duration
		indexCPU            time.Duration
		indexLoad           string
		err                 error
	)
	if o.reuse {
		if ix, err = embedded.Open(ctx, dir); err != nil {
			return err
		}
		res, err := ix.Search(ctx, search.Query{Limit: 1})
		if err != nil {
			return err
		}
		if res.Total < min(n, 1000) {
			ix.Close()
			return fmt.Errorf("-reuse: %s holds %d documents, want %d", dir, res.Total, n)
		}
		if o.optimize {
			t := time.Now()
			if err := ix.Optimize(ctx); err != nil {
				ix.Close()
				return err
			}
			fmt.Fprintf(os.Stderr, "  optimize: %s\n", time.Since(t).Round(time.Second))
		}
	} else {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if ix, err = embedded.Open(ctx, dir); err != nil {
			return err
		}
		if elapsed, indexCPU, err = benchIndex(ctx, ix, gen, n, o.batch); err != nil {
			ix.Close()
			return err
		}
		indexLoad = searchLoadAvg()
		if o.optimize {
			t := time.Now()
			if err := ix.Optimize(ctx); err != nil {
				ix.Close()
				return err
			}
			optElapsed = time.Since(t)
			fmt.Fprintf(os.Stderr, "  optimize: %s\n", optElapsed.Round(time.Second))
		}
	}
	defer ix.Close()

	queries := benchQueries(gen, n, o.queries, o.seed)
	if o.kinds != nil {
		queries = slices.DeleteFunc(queries, func(q benchQuery) bool { return !slices.Contains(o.kinds, q.kind) })
	}
	// Library: the query runs on this goroutine, locked to its thread, so
	// the thread's CPU time is the query's (SQLite is pure Go here).
	lib, err := latencies(queries, threadCPU, func(q search.Query) error {
		_, err := ix.Search(ctx, q)
		return err
	})
	if err != nil {
		return err
	}

	// HTTP: the API's own handler over a real loopback listener,
	// authenticated like any client. CPU: the process's, one query at a time.
	srv, token, err := benchAPIServer(ctx, ix)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler()}
	go hs.Serve(ln)
	defer hs.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	baseURL := "http://" + ln.Addr().String() + "/api/v1/search?"
	web, err := latencies(queries, cpuTime, func(q search.Query) error {
		req, _ := http.NewRequestWithContext(ctx, "GET", baseURL+queryParams(q).Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			return fmt.Errorf("HTTP %d: %s", resp.StatusCode, b)
		}
		var r api.SearchResponse
		return json.NewDecoder(resp.Body).Decode(&r)
	})
	if err != nil {
		return err
	}
	queryLoad := searchLoadAvg()
	hs.Close()
	if err := ix.Close(); err != nil { // checkpoints the WAL into the file
		return err
	}
	size, err := dirSize(dir)
	if err != nil {
		return err
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	rate, perK, optS := "reused", "-", "-"
	if !o.reuse {
		rate = fmt.Sprintf("%.0f", float64(n)/elapsed.Seconds())
		perK = fmt.Sprintf("%.2f s", indexCPU.Seconds()*1000/float64(n))
		if o.optimize {
			optS = optElapsed.Round(time.Second).String()
		}
	}
	fmt.Fprintf(os.Stderr, "  %d docs: load average while indexing %s, while querying %s\n", n, indexLoad, queryLoad)
	fmt.Printf("| %d | %s | %s | %s | %s | %.0f MiB | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s |\n",
		n, rate, elapsed.Round(time.Second), perK, optS, float64(size)/(1<<20),
		ms(lib.p(50)), ms(lib.p(95)), ms(lib.p(99)), ms(pct(lib.cpu, 50)), ms(pct(lib.cpu, 95)), ms(mean(lib.cpu)),
		ms(web.p(50)), ms(web.p(95)), ms(web.p(99)), ms(pct(web.cpu, 95)), indexLoad, queryLoad)
	for _, k := range lib.kinds() {
		fmt.Fprintf(os.Stderr, "  %-10s n=%4d  lib p50 %s p95 %s p99 %s max %s | CPU p50 %s p95 %s mean %s | HTTP p95 %s CPU p95 %s\n", k, len(lib.byKind[k]),
			ms(pct(lib.byKind[k], 50)), ms(pct(lib.byKind[k], 95)), ms(pct(lib.byKind[k], 99)), ms(pct(lib.byKind[k], 100)),
			ms(pct(lib.cpuByKind[k], 50)), ms(pct(lib.cpuByKind[k], 95)), ms(mean(lib.cpuByKind[k])),
			ms(pct(web.byKind[k], 95)), ms(pct(web.cpuByKind[k], 95)))
	}
	return nil
}

// benchIndex generates n documents on one core while SQLite writes on the
// other; it returns the wall time and the process CPU time (which includes
// generating the documents).
func benchIndex(ctx context.Context, ix *embedded.Index, gen *gentext.Generator, n, batch int) (time.Duration, time.Duration, error) {
	batches := make(chan []search.Doc, 4)
	go func() {
		defer close(batches)
		for i := 0; i < n; i += batch {
			b := make([]search.Doc, 0, batch)
			for j := i; j < min(i+batch, n); j++ {
				b = append(b, search.FromRecord(gen.Record(j)))
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	// The writer: SQLite runs on this goroutine, locked to its thread, so
	// the thread's CPU time is the serial part of indexing (the entries
	// are encoded and tokenized on the other cores inside Upsert).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := time.Now()
	cpu0 := cpuTime()
	var writer time.Duration
	done, last := 0, 0
	for b := range batches {
		w0 := threadCPU()
		if err := ix.Upsert(ctx, b...); err != nil {
			for range batches {
			}
			return 0, 0, err
		}
		writer += threadCPU() - w0
		done += len(b)
		if done-last >= 100000 {
			last = done
			fmt.Fprintf(os.Stderr, "  indexed %d docs, %.0f docs/s, CPU %.2f s/1,000 docs (writer thread %.2f s), load %s\n", done,
				float64(done)/time.Since(start).Seconds(), (cpuTime()-cpu0).Seconds()*1000/float64(done),
				writer.Seconds()*1000/float64(done), searchLoadAvg())
		}
	}
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	fmt.Fprintf(os.Stderr, "  indexing: writer thread CPU %.2f s/1,000 docs (a dedicated core would index %.0f docs/s)\n",
		writer.Seconds()*1000/float64(n), float64(n)/writer.Seconds())
	return time.Since(start), cpuTime() - cpu0, nil
}

func searchLoadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return f[0] + " " + f[1] + " " + f[2]
}

type benchQuery struct {
	kind string
	q    search.Query
}

// benchQueries builds a mixed query set from documents of the corpus:
// diacritic-free words, exact words, phrases, document numbers, ID
// lookups and filtered queries.
func benchQueries(gen *gentext.Generator, n, count int, seed uint64) []benchQuery {
	r := rand.New(rand.NewPCG(seed, 99))
	var qs []benchQuery
	for len(qs) < count {
		d := gen.Doc(r.IntN(n))
		ws := strings.Fields(strings.Map(func(c rune) rune {
			if strings.ContainsRune(".,;:()/-", c) {
				return ' '
			}
			return c
		}, d.Text))
		span := func(k int) string {
			i := r.IntN(max(len(ws)-k, 1))
			return strings.Join(ws[i:min(i+k, len(ws))], " ")
		}
		switch k := len(qs) % 8; k {
		case 0: // diacritic-free words
			qs = append(qs, benchQuery{"folded", search.Query{Text: vntext.Fold(span(2 + r.IntN(2)))}})
		case 1: // a name without diacritics
			if name := d.Fields["full_name"]; name != "" {
				qs = append(qs, benchQuery{"name", search.Query{Text: vntext.Fold(name)}})
			}
		case 2: // exact words
			qs = append(qs, benchQuery{"exact", search.Query{Text: span(2)}})
		case 3: // phrase
			qs = append(qs, benchQuery{"phrase", search.Query{Text: `"` + span(3) + `"`}})
		case 4: // document number, typed three ways
			if num := d.Fields["doc_number"]; strings.Contains(num, "/") {
				switch r.IntN(3) {
				case 1:
					num = vntext.Fold(num)
				case 2:
					num = num[:strings.LastIndexByte(num, '/')]
				}
				qs = append(qs, benchQuery{"doc_number", search.Query{Text: num}})
			}
		case 5: // ID number typed in the search box
			if id := d.Fields["id_number"]; id != "" {
				qs = append(qs, benchQuery{"id_number", search.Query{Text: id}})
			}
		case 6: // filtered text query
			qs = append(qs, benchQuery{"filtered", search.Query{Text: vntext.Fold(span(1)), DocTypes: []string{d.DocType},
				IssuedFrom: "2020-01-01", IssuedTo: "2024-12-31"}})
		case 7: // a citizen's valid documents
			if id := d.Fields["id_number"]; id != "" {
				qs = append(qs, benchQuery{"id_valid", search.Query{IDNumber: id, ValidOn: "2025-01-01"}})
			}
		}
	}
	return qs
}

func queryParams(q search.Query) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", q.Text)
	set("type", strings.Join(q.DocTypes, ","))
	set("id_number", q.IDNumber)
	set("from", q.IssuedFrom)
	set("to", q.IssuedTo)
	set("valid_on", q.ValidOn)
	v.Set("limit", "10")
	return v
}

type latencySet struct {
	all, cpu          []time.Duration
	byKind, cpuByKind map[string][]time.Duration
}

func (l latencySet) p(q float64) time.Duration { return pct(l.all, q) }

func (l latencySet) kinds() []string {
	var ks []string
	for k := range l.byKind {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func pct(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * q / 100)
	return s[i]
}

func mean(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t / time.Duration(len(ds))
}

// latencies runs every query once after a short warm-up, one at a time,
// measuring wall time and CPU time (cpu: threadCPU or cpuTime) of each.
func latencies(qs []benchQuery, cpu func() time.Duration, run func(search.Query) error) (latencySet, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, q := range qs[:min(100, len(qs))] {
		if err := run(q.q); err != nil {
			return latencySet{}, fmt.Errorf("query %+v: %w", q.q, err)
		}
	}
	l := latencySet{byKind: map[string][]time.Duration{}, cpuByKind: map[string][]time.Duration{}}
	for _, q := range qs {
		c := cpu()
		t := time.Now()
		if err := run(q.q); err != nil {
			return latencySet{}, fmt.Errorf("query %+v: %w", q.q, err)
		}
		d := time.Since(t)
		dc := cpu() - c
		l.all = append(l.all, d)
		l.cpu = append(l.cpu, dc)
		l.byKind[q.kind] = append(l.byKind[q.kind], d)
		l.cpuByKind[q.kind] = append(l.cpuByKind[q.kind], dc)
	}
	return l, nil
}

func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			total += fi.Size()
		}
		return nil
	})
	return total, err
}

// cpuTime is the CPU time this process used so far (user + system): under
// a machine shared with other work it shows the cost that wall-clock
// latencies hide.
func cpuTime() time.Duration { return clock(2) } // CLOCK_PROCESS_CPUTIME_ID

// threadCPU is the CPU time of the calling thread (lock the goroutine to
// it first).
func threadCPU() time.Duration { return clock(3) } // CLOCK_THREAD_CPUTIME_ID

// clock reads a CPU-time clock with nanosecond resolution (getrusage's
// per-thread figure is tick-based, too coarse for one query).
func clock(id int) time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(id), uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
