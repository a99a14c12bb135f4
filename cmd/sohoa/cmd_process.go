package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	register(command{
		name:    "process",
		summary: "run the pipeline in-process on files and print the results (stores nothing)",
		run:     runProcess,
	})
}

// processedPage is one page's entry in `process --json`.
type processedPage struct {
	Page        int     `json:"page"`
	Text        string  `json:"text"`
	Confidence  float64 `json:"confidence"`
	Orientation int     `json:"orientation"`
	SkewDeg     float64 `json:"skew_deg"`
	Error       string  `json:"error,omitempty"`
	// Source is "text-layer" when a born-digital PDF page's own text was
	// used instead of OCR.
	Source string `json:"source,omitempty"`

	words   []pipeline.Word
	timings pipeline.Timings
}

// processedFile is one line of `process --json`. Keep the keys stable:
// other tools rely on them; add keys, never rename.
type processedFile struct {
	File           string                    `json:"file"`
	Error          string                    `json:"error,omitempty"`
	DocType        string                    `json:"doc_type,omitempty"`
	TypeConfidence float64                   `json:"type_confidence,omitempty"`
	Fields         map[string]string         `json:"fields,omitempty"`
	FieldDetails   map[string]pipeline.Field `json:"field_details,omitempty"`
	Text           string                    `json:"text"`
	Confidence     float64                   `json:"confidence"`
	Orientation    int                       `json:"orientation"`
	SkewDeg        float64                   `json:"skew_deg"`
	Timings        pipeline.Timings          `json:"timings_ms,omitempty"`
	Pages          []processedPage           `json:"pages,omitempty"`
}

// pageJob is one page waiting for an OCR engine.
type pageJob struct {
	img  image.Image
	page *processedPage
	done func()
}

func runProcess(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("process", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one JSON object per file per line")
	jobs := fs.Int("jobs", runtime.NumCPU(), "pages processed at once (one OCR engine each)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: sohoa process [--json] [--jobs N] FILE...")
		return exitError{2}
	}
	n := max(1, min(*jobs, len(files)*4))

	// Page workers, one OCR engine each, shared by all files so that the
	// pages of one long file or of many short ones keep every core busy.
	queue := make(chan pageJob, n)
	var workers sync.WaitGroup
	for i := 0; i < n; i++ {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			close(queue)
			return fmt.Errorf("start OCR: %w", err)
		}
		workers.Add(1)
		go func() {
			defer workers.Done()
			defer eng.Close()
			for j := range queue {
				processOnePage(ctx, eng, j)
			}
		}()
	}

	results := make([]chan processedFile, len(files))
	for i := range results {
		results[i] = make(chan processedFile, 1)
	}
	go func() {
		// Files are decoded one after another; the bounded queue keeps only
		// a few decoded pages in memory at a time.
		for i, f := range files {
			results[i] <- loadFile(ctx, f, queue)
		}
		close(queue)
	}()

	failed := false
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for i := range files {
		res := <-results[i]
		if res.Error != "" {
			failed = true
		}
		if *asJSON {
			if err := enc.Encode(res); err != nil {
				return err
			}
		} else {
			printHuman(os.Stdout, res)
		}
	}
	workers.Wait()
	if failed {
		return exitError{1}
	}
	return nil
}

// loadFile decodes a file's pages, hands them to the page workers, waits for
// them and assembles the file's result.
func loadFile(ctx context.Context, name string, queue chan<- pageJob) processedFile {
	res := processedFile{File: name}
	t0 := time.Now()
	data, err := os.ReadFile(name)
	if err != nil {
		res.Error = fmt.Sprintf("read: %v", err)
		return res
	}
	format, err := pipeline.Sniff(data)
	if err == nil {
		err = workers.CheckName(name, format) // text under a scan's name is refused
	}
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Timings = pipeline.Timings{}
	if format == pipeline.FormatText {
		res.Text = vntext.NFC(strings.ReplaceAll(string(data), "\r\n", "\n"))
		res.Confidence = 1
		extract(&res, nil)
		return res
	}
	// A born-digital PDF's usable text layer stands in for OCR, page by page.
	layer := map[int]pipeline.LayerPage{}
	if format == pipeline.FormatPDF {
		if lps, err := pipeline.PDFTextLayer(ctx, data); err == nil {
			for _, lp := range lps {
				if lp.Quality.Usable {
					layer[lp.Number] = lp
				}
			}
		}
	}
	var wg sync.WaitGroup
	var pages []*processedPage
	decodeMS := int64(0)
	tDecode := time.Now()
	err = pipeline.EachPage(ctx, data, pipeline.DefaultLimits, func(n int, img image.Image) error {
		decodeMS += time.Since(tDecode).Milliseconds()
		p := &processedPage{Page: n}
		pages = append(pages, p)
		if lp, ok := layer[n]; ok {
			b := img.Bounds()
			pt := lp.PageText(b.Dx(), b.Dy())
			p.Text, p.Confidence, p.words, p.Source = pt.Text, round3(lp.Quality.Score), pt.Words, "text-layer"
			tDecode = time.Now()
			return nil
		}
		wg.Add(1)
		select {
		case queue <- pageJob{img: img, page: p, done: wg.Done}:
		case <-ctx.Done():
			wg.Done()
			return ctx.Err()
		}
		tDecode = time.Now()
		return nil
	})
	wg.Wait()
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Timings["decode"] = decodeMS
	var texts, errs []string
	var words []pipeline.Word
	var conf float64
	ok := 0
	for _, p := range pages {
		if p.Error != "" {
			errs = append(errs, fmt.Sprintf("page %d: %s", p.Page, p.Error))
			continue
		}
		if ok == 0 {
			res.Orientation, res.SkewDeg, words = p.Orientation, p.SkewDeg, p.words
		}
		ok++
		texts = append(texts, p.Text)
		conf += p.Confidence
		for k, v := range p.timings {
			res.Timings[k] += v
		}
	}
	if ok == 0 {
		res.Error = strings.Join(errs, "; ")
		return res
	}
	res.Text = strings.Join(texts, "\n\n")
	res.Confidence = round3(conf / float64(ok))
	if len(pages) > 1 {
		for _, p := range pages {
			res.Pages = append(res.Pages, *p)
		}
	}
	if len(errs) > 0 {
		res.Error = strings.Join(errs, "; ")
	}
	extract(&res, words)
	res.Timings["total"] = time.Since(t0).Milliseconds()
	return res
}

func processOnePage(ctx context.Context, eng pipeline.Engine, j pageJob) {
	defer j.done()
	pr, err := pipeline.ProcessPage(ctx, j.img, eng)
	if err != nil {
		j.page.Error = err.Error()
		return
	}
	j.page.Text = pr.OCR.Text
	j.page.Confidence = round3(pr.OCR.Confidence)
	j.page.Orientation = pr.Cleaned.Orientation
	j.page.SkewDeg = round3(pr.Cleaned.SkewDeg)
	j.page.words = pr.OCR.Words
	j.page.timings = pr.Timings
}

func extract(res *processedFile, words []pipeline.Word) {
	t := time.Now()
	ex := pipeline.Extract(res.Text, words)
	res.DocType, res.TypeConfidence = ex.DocType, round3(ex.TypeConfidence)
	res.Fields, res.FieldDetails = ex.Values(), ex.Fields
	res.Timings["extract"] = time.Since(t).Milliseconds()
}

func round3(f float64) float64 { return float64(int64(f*1000+sign(f)*0.5)) / 1000 }

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func printHuman(w io.Writer, r processedFile) {
	if r.Error != "" && r.Text == "" {
		fmt.Fprintf(w, "%s: lỗi: %s\n", r.File, r.Error)
		return
	}
	fmt.Fprintf(w, "== %s — %s (độ tin cậy %.0f%%, xoay %d°, nghiêng %.1f°)\n", r.File, r.DocType, r.Confidence*100, r.Orientation, r.SkewDeg)
	for k, v := range r.Fields {
		fmt.Fprintf(w, "   %-20s %s\n", k, v)
	}
	fmt.Fprintln(w, r.Text)
}
