package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/sohoa/sohoa/pipeline"
)

// `sohoa bench pagecpu` compares the CPU an OCR helper's page step costs
// (decode, clean, OCR, post-correction, the cleaned page's PNG) with plain
// tesseract's on the same page, one page after the other. This machine is
// a VM whose speed drifts by a quarter from minute to minute; bench
// throughput measures each side over a whole batch, in turn, so a drift
// between the two halves moves its ratio. Page by page, the two sides
// share the same minute and the drift cancels out. The worker's own work
// (storage, extraction, index: ~0.05 s a page) is not in this figure.
func init() {
	registerBench(command{
		name:    "pagecpu",
		summary: "CPU per page of sohoa's page step vs plain tesseract, page by page (drift-free)",
		run:     runBenchPageCPU,
	})
}

func runBenchPageCPU(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench pagecpu", flag.ContinueOnError)
	pages := fs.Int("pages", 40, "pages (bench throughput's pages, same seed)")
	seed := fs.Int64("seed", 11, "corpus seed")
	dpi := fs.Int("dpi", 300, "resolution of the generated A4 pages")
	verbose := fs.Bool("v", false, "print every page")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		return fmt.Errorf("run with OMP_THREAD_LIMIT=1 (libgomp reads it at start): both sides single-threaded")
	}
	dir, err := os.MkdirTemp("", "sohoa-bench-pagecpu-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ps, err := tpGenerate(dir, *seed, *pages, *dpi, "p")
	if err != nil {
		return err
	}
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{LazyOSD: true})
	if err != nil {
		return err
	}
	defer eng.Close()
	pipeline.Warm()
	var sumS, sumT float64
	for _, p := range ps {
		c0 := cpuSeconds(rusage(syscall.RUSAGE_SELF))
		if _, err := pipeline.ProcessPageFile(ctx, p.Data, pipeline.DefaultLimits, eng, pipeline.FileOptions{}); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		s := cpuSeconds(rusage(syscall.RUSAGE_SELF)) - c0
		k0 := cpuSeconds(rusage(syscall.RUSAGE_CHILDREN))
		cmd := exec.CommandContext(ctx, "tesseract", p.Path, filepath.Join(dir, "out"), "-l", "vie")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("tesseract %s: %v: %s", p.Name, err, out)
		}
		t := cpuSeconds(rusage(syscall.RUSAGE_CHILDREN)) - k0
		sumS, sumT = sumS+s, sumT+t
		if *verbose {
			fmt.Printf("%-45s sohoa %.2f s, tesseract %.2f s, tesseract/sohoa %.2f\n", p.Name, s, t, t/s)
		}
	}
	n := float64(len(ps))
	fmt.Printf("%d pages, page by page: CPU per page sohoa %.3f s, tesseract %.3f s; tesseract/sohoa %.3f\n",
		len(ps), sumS/n, sumT/n, sumT/sumS)
	return nil
}
