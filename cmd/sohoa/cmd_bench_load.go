package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/redisproc"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	registerBench(command{
		name:    "load",
		summary: "a backfill of N pages plus a counter upload every few seconds: backfill pages/min, counter p50/p95",
		run:     runBenchLoad,
	})
}

func runBenchLoad(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	pages := fs.Int("pages", 1000, "backfill pages (one-page documents)")
	every := fs.Duration("counter-every", 10*time.Second, "interval between counter uploads")
	dpi := fs.Int("dpi", 100, "resolution of the generated pages (A4)")
	ocr := fs.Int("ocr-workers", runtime.NumCPU(), "pages OCR'd at once")
	seed := fs.Int64("seed", 1, "corpus seed")
	textShare := fs.Float64("text-share", 0, "share of backfill pages that are born-digital text (no OCR)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	dir, err := os.MkdirTemp("", "sohoa-bench-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	fmt.Fprintf(os.Stderr, "generating %d backfill pages at %d dpi…\n", *pages, *dpi)
	gen := func(i int) ([]byte, error) {
		s := corpus.Render(*seed, i, corpus.Options{DPI: *dpi})
		var buf bytes.Buffer
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, s.Image)
		return buf.Bytes(), err
	}
	backfill := make([][]byte, *pages)
	names := make([]string, *pages)
	nText := int(float64(*pages)**textShare + 0.5)
	for i := range backfill {
		names[i] = fmt.Sprintf("backfill-%04d.png", i)
		if i*nText/(*pages) != (i+1)*nText/(*pages) { // spread evenly
			// born-digital: the document's text as a UTF-8 file
			names[i] = fmt.Sprintf("backfill-%04d.txt", i)
			backfill[i] = []byte(corpus.Render(*seed, i, corpus.Options{DPI: 50}).Text)
			continue
		}
		if backfill[i], err = gen(i); err != nil {
			return err
		}
	}

	rs, err := redisproc.Start(ctx, filepath.Join(dir, "redis"))
	if err != nil {
		return err
	}
	defer rs.Stop()
	cfg := config.FromEnv()
	cfg.RedisURL, cfg.DataDir = rs.URL(), filepath.Join(dir, "data")
	cfg.S3Endpoint, cfg.MeiliURL = "", ""
	cfg.SigningKeyDir, cfg.SecretKey = "", "bench-load-secret-key-0123456789abcdef"
	cfg.OCRWorkers = *ocr
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return err
	}
	const office = "000.00.21.H26"
	if err := demoKeys(&cfg, office); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	srv, pool, err := startWorker(ctx, a) // OCR in helper processes, as `sohoa worker`
	if err != nil {
		return err
	}
	defer pool.Close()
	defer srv.Shutdown()
	sub := a.submitter()
	upload := func(data []byte, name, lane string) (string, error) {
		s, err := sub.Submit(ctx, bytes.NewReader(data), int64(len(data)), workers.Upload{
			Filename: name, Office: office, UploadedBy: "bench", Lane: lane,
		})
		return s.DocID, err
	}
	done := func(id string) bool {
		rec, err := a.archive.Latest(ctx, id)
		if err != nil {
			return false
		}
		if rec.DuplicateOf != "" || rec.Status != "processed" {
			return true
		}
		_, ok, _ := a.index.Get(ctx, id)
		return ok
	}

	fmt.Fprintf(os.Stderr, "uploading %d backfill pages…\n", *pages)
	t0 := time.Now()
	ids := make([]string, len(backfill))
	for i, data := range backfill {
		if ids[i], err = upload(data, names[i], workers.LaneBackfill); err != nil {
			return err
		}
	}
	uploaded := time.Since(t0)

	// Counter uploads every interval while the backfill runs; each is timed
	// from its upload to its entry in the index.
	var lat []time.Duration
	next := 0
	counterAt := time.Now()
	for ci := 0; ; {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for next < len(ids) && done(ids[next]) {
			next++
		}
		if next == len(ids) {
			// the cursor follows FIFO order; make sure none is left behind
			left := 0
			for _, id := range ids {
				if !done(id) {
					left++
				}
			}
			if left == 0 {
				break
			}
		}
		if time.Now().After(counterAt) {
			data, err := gen(100000 + ci)
			if err != nil {
				return err
			}
			ts := time.Now()
			id, err := upload(data, fmt.Sprintf("counter-%03d.png", ci), workers.LaneCounter)
			if err != nil {
				return err
			}
			for !done(id) {
				if time.Since(ts) > 10*time.Minute {
					return errors.New("counter page not done after 10 minutes")
				}
				time.Sleep(20 * time.Millisecond)
			}
			lat = append(lat, time.Since(ts))
			fmt.Fprintf(os.Stderr, "counter %d: %v (backfill %d/%d done)\n", ci, time.Since(ts).Round(time.Millisecond), next, len(ids))
			ci++
			counterAt = ts.Add(*every)
		}
		time.Sleep(100 * time.Millisecond)
	}
	total := time.Since(t0)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Millisecond)
	}
	fmt.Printf("sohoa bench load: %d backfill pages (%d born-digital text, the rest A4 PNG scans at %d dpi from the generated corpus) + a counter scan every %v; %d OCR helpers; %s; load average at the end %s\n\n",
		*pages, countTxt(names), *dpi, *every, *ocr, machineLine(), loadAvg())
	fmt.Println("| backfill pages | upload time | backfill done in | backfill pages/min | counter pages | counter p50 | counter p95 | counter max |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|")
	fmt.Printf("| %d | %v | %v | %.1f | %d | %v | %v | %v |\n", *pages, uploaded.Round(time.Second), total.Round(time.Second),
		float64(*pages)/total.Minutes(), len(lat), pct(0.5), pct(0.95), pct(1))
	return nil
}

func countTxt(names []string) int {
	n := 0
	for _, s := range names {
		if filepath.Ext(s) == ".txt" {
			n++
		}
	}
	return n
}
