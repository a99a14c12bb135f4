package main

import (
	"context"
	"flag"
	"fmt"
	"image"
	"runtime"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/neardup"
	"github.com/sohoa/sohoa/pipeline"
)

func init() {
	registerBench(command{
		name:    "neardup",
		summary: "near-duplicate detection: recall on re-scans, precision against similar documents",
		run:     benchNearDup,
	})
}

// benchNearDup OCRs generated originals and re-scans of them (other
// degradations), then asks the same question the worker asks of every pair:
// is this a new scan of that paper? Originals of one type share templates,
// so every other original is a distinct-but-similar document.
func benchNearDup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench neardup", flag.ContinueOnError)
	n := fs.Int("n", 12, "number of original documents")
	seed := fs.Int64("seed", 1, "corpus seed")
	jobs := fs.Int("jobs", runtime.NumCPU(), "pages OCR'd at once")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	rescans := []corpus.Degradation{corpus.Skew, corpus.Noise, corpus.Photocopy, corpus.JPEG, corpus.Blur, corpus.Phone}
	type item struct {
		orig int // index of the original it shows
		deg  corpus.Degradation
		img  image.Image
		doc  neardup.Doc
		err  error
	}
	samples := corpus.Generate(*seed, *n, corpus.Options{})
	var items []*item
	for i, s := range samples {
		items = append(items, &item{orig: i, deg: corpus.Clean, img: s.Image})
		for k, d := range rescans {
			img, _ := corpus.Degrade(s.Image, d, *seed*1000+int64(i*10+k))
			items = append(items, &item{orig: i, deg: d, img: img})
		}
	}
	t0 := time.Now()
	work := make(chan *item)
	var wg sync.WaitGroup
	for w := 0; w < *jobs; w++ {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer eng.Close()
			for it := range work {
				pr, err := pipeline.ProcessPage(ctx, it.img, eng)
				if err != nil {
					it.err = err
					continue
				}
				ex := pipeline.Extract(pr.OCR.Text, pr.OCR.Words)
				it.doc = neardup.Doc{DocType: ex.DocType, Text: pr.OCR.Text, Fields: ex.Values(), PHash: neardup.PHash(pr.Cleaned.Image)}
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	ocrTime := time.Since(t0)

	var originals []*item
	for _, it := range items {
		if it.deg == corpus.Clean {
			originals = append(originals, it)
		}
	}
	tp, fn, fp := 0, 0, 0
	perDeg := map[corpus.Degradation][2]int{}
	for _, it := range items {
		if it.err != nil {
			return fmt.Errorf("page of document %d (%s): %w", it.orig, it.deg, it.err)
		}
		for _, o := range originals {
			if o == it {
				continue
			}
			dup := neardup.Compare(o.doc, it.doc).Duplicate
			same := o.orig == it.orig
			switch {
			case same && dup:
				tp++
			case same && !dup:
				fn++
			case !same && dup:
				fp++
			}
			if same {
				c := perDeg[it.deg]
				c[1]++
				if dup {
					c[0]++
				}
				perDeg[it.deg] = c
			}
		}
	}
	fmt.Printf("near-duplicates: %d originals × %d re-scans, %d similar-document pairs; OCR %.1fs\n",
		len(originals), len(rescans), len(originals)*(len(items)-1)-tp-fn, ocrTime.Seconds())
	fmt.Printf("%-12s %s\n", "re-scan", "recall")
	for _, d := range rescans {
		c := perDeg[d]
		fmt.Printf("%-12s %d/%d\n", d, c[0], c[1])
	}
	recall := float64(tp) / float64(max(1, tp+fn))
	precision := float64(tp) / float64(max(1, tp+fp))
	fmt.Printf("recall %.1f%% (%d/%d)  precision %.1f%% (%d false matches)\n", 100*recall, tp, tp+fn, 100*precision, fp)
	return nil
}
