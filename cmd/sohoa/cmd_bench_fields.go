package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
)

func init() {
	registerBench(command{
		name:    "fields",
		summary: "classification and field extraction accuracy on the degraded corpus (real OCR)",
		run:     benchFields,
	})
}

// fieldsJob is one degraded page to OCR and extract.
type fieldsJob struct {
	s   corpus.Sample
	d   corpus.Degradation
	img image.Image
}

type fieldsResult struct {
	job   fieldsJob
	ext   pipeline.Extraction
	err   error
	ocrMS int64
	text  string // OCR text, for -v
}

func benchFields(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench fields", flag.ContinueOnError)
	n := fs.Int("n", 26, "pages (cycling through the degradations)")
	seed := fs.Int64("seed", 1, "corpus seed")
	scale := fs.Float64("scale", 1, "page scale (1 = A4 at 300 dpi)")
	workers := fs.Int("workers", runtime.NumCPU(), "parallel OCR engines")
	textOnly := fs.Bool("text", false, "skip rendering and OCR: extract from the ground-truth text")
	verbose := fs.Bool("v", false, "print every wrong field")
	cache := fs.String("cache", "", "directory keeping each page's OCR result, so that extraction can be re-measured without OCR (stale when cleaning or OCR change)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		fmt.Fprintln(os.Stderr, "warning: OMP_THREAD_LIMIT is not set; Tesseract will be slow")
	}
	degs := corpus.Degradations()
	samples := corpus.Generate(*seed, *n, corpus.Options{Scale: *scale})
	jobs := make(chan fieldsJob)
	results := make(chan fieldsResult)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < max(1, *workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var eng *pipeline.Tesseract
			if !*textOnly {
				var err error
				if eng, err = pipeline.NewTesseract(pipeline.TesseractOptions{}); err != nil {
					for j := range jobs {
						results <- fieldsResult{job: j, err: err}
					}
					return
				}
				defer eng.Close()
			}
			for j := range jobs {
				if *textOnly {
					results <- fieldsResult{job: j, ext: pipeline.Extract(j.s.Text, nil)}
					continue
				}
				t0 := time.Now()
				key := fmt.Sprintf("%s-%s-s%d-x%g", j.s.Name, j.d, *seed, *scale)
				pt, ok := loadPageText(*cache, key)
				var err error
				if !ok {
					var res pipeline.PageResult
					res, err = pipeline.ProcessPage(ctx, j.img, eng)
					pt = res.OCR
					if err == nil {
						savePageText(*cache, key, pt)
					}
				}
				r := fieldsResult{job: j, err: err, ocrMS: time.Since(t0).Milliseconds()}
				if err == nil {
					r.ext = pipeline.Extract(pt.Text, pt.Words)
					r.text = pt.Text
				}
				results <- r
			}
		}()
	}
	go func() {
		for i, s := range samples {
			d := degs[i%len(degs)]
			j := fieldsJob{s: s, d: d}
			if !*textOnly {
				j.img, _ = corpus.DegradeSample(s, d, *seed+int64(i))
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
			}
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()

	type tally struct{ ok, all int }
	perField := map[string]*tally{}
	perType := map[string]*tally{}
	perDeg := map[corpus.Degradation]*tally{}
	var typeOK, docs, invDocs, invFields, outFields, reviewWrong, wrong, reviewRight, right int
	var ocrMS int64
	get := func(m map[string]*tally, k string) *tally {
		if m[k] == nil {
			m[k] = &tally{}
		}
		return m[k]
	}
	for r := range results {
		if r.err != nil {
			return fmt.Errorf("bench fields %s (%s): %w", r.job.s.Name, r.job.d, r.err)
		}
		docs++
		ocrMS += r.ocrMS
		s := r.job.s
		if r.ext.DocType == s.DocType {
			typeOK++
		} else if *verbose {
			fmt.Printf("%s [%s]: type %s\n", s.Name, r.job.d, r.ext.DocType)
			head := strings.Split(r.text, "\n")
			fmt.Printf("    OCR: %q\n", strings.Join(head[:min(len(head), 12)], " | "))
		}
		dt := get(perType, s.DocType)
		if perDeg[r.job.d] == nil {
			perDeg[r.job.d] = &tally{}
		}
		for k, want := range s.Fields {
			f, got := r.ext.Fields[k]
			ok := got && f.Value == want
			get(perField, k).all++
			dt.all++
			perDeg[r.job.d].all++
			if ok {
				get(perField, k).ok++
				dt.ok++
				perDeg[r.job.d].ok++
				right++
				if f.NeedsReview {
					reviewRight++
					if *verbose {
						fmt.Printf("%s [%s]: %s = %q right, flagged: %s\n", s.Name, r.job.d, k, f.Value, f.Reason)
					}
				}
			} else {
				wrong++
				if got && f.NeedsReview {
					reviewWrong++
				}
				if *verbose {
					fmt.Printf("%s [%s]: %s = %q, want %q\n", s.Name, r.job.d, k, f.Value, want)
				}
			}
		}
		inv := 0
		for k, f := range r.ext.Fields {
			outFields++
			if _, ok := s.Fields[k]; ok {
				continue
			}
			if !onPage(f.Value, s.Text) {
				inv++
				if *verbose {
					fmt.Printf("%s [%s]: invented %s = %q\n", s.Name, r.job.d, k, f.Value)
				}
			}
		}
		invFields += inv
		if inv > 0 {
			invDocs++
		}
	}
	if docs == 0 {
		return fmt.Errorf("bench fields: no pages")
	}
	fpct := func(a, b int) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
	}
	mode := "OCR: pipeline.ProcessPage + Tesseract (vie), all degradations"
	if *textOnly {
		mode = "ground-truth text, no OCR"
	}
	fmt.Printf("bench fields: %d pages, seed %d, scale %g, %s, %d workers, %.1fs (OCR %.2fs/page)\n\n",
		docs, *seed, *scale, mode, *workers, time.Since(start).Seconds(), float64(ocrMS)/1000/float64(docs))
	var tot tally
	for _, t := range perField {
		tot.ok += t.ok
		tot.all += t.all
	}
	fmt.Printf("document type accuracy   %s (%d/%d)\n", fpct(typeOK, docs), typeOK, docs)
	fmt.Printf("field exact match        %s (%d/%d)\n", fpct(tot.ok, tot.all), tot.ok, tot.all)
	fmt.Printf("documents with invented  %s (%d/%d; %d of %d output fields)\n", fpct(invDocs, docs), invDocs, docs, invFields, outFields)
	fmt.Printf("wrong fields flagged     %s (%d/%d needs_review)\n", fpct(reviewWrong, wrong), reviewWrong, wrong)
	fmt.Printf("right fields flagged     %s (%d/%d needs_review)\n\n", fpct(reviewRight, right), reviewRight, right)
	printTally := func(title string, m map[string]*tally) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Printf("| %s | exact | n |\n|---|---|---|\n", title)
		for _, k := range keys {
			fmt.Printf("| %s | %s | %d |\n", k, fpct(m[k].ok, m[k].all), m[k].all)
		}
		fmt.Println()
	}
	printTally("field", perField)
	printTally("type", perType)
	dm := map[string]*tally{}
	for d, t := range perDeg {
		dm[string(d)] = t
	}
	printTally("degradation", dm)
	return nil
}

// loadPageText reads a cached OCR result; dir "" disables the cache.
func loadPageText(dir, key string) (pipeline.PageText, bool) {
	var pt pipeline.PageText
	if dir == "" {
		return pt, false
	}
	b, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return pt, false
	}
	return pt, json.Unmarshal(b, &pt) == nil
}

func savePageText(dir, key string, pt pipeline.PageText) {
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	b, err := json.Marshal(pt)
	if err != nil {
		return
	}
	_ = os.WriteFile(filepath.Join(dir, key+".json"), b, 0o644)
}

// onPage reports whether an extracted value appears on the page: its text
// (folded, whitespace-free) in the ground-truth text, or, for an ISO date,
// a date printed on the page.
func onPage(v, text string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(vntext.Fold(s)), "") }
	if strings.Contains(squash(text), squash(v)) {
		return true
	}
	if len(v) == 10 && v[4] == '-' {
		for _, l := range strings.Split(text, "\n") {
			for _, part := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == ';' || r == '(' }) {
				if iso, ok := pipeline.ParseDate(part); ok && iso == v {
					return true
				}
			}
		}
	}
	return false
}
