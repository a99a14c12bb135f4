package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
)

func init() {
	register(command{
		name:    "testdata",
		summary: "write a synthetic degraded corpus with ground truth: testdata [-out DIR] [-n N] [-seed S] [-scale F] [-degradations a,b]",
		run:     runTestdata,
	})
}

func runTestdata(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("testdata", flag.ContinueOnError)
	out := fs.String("out", "testdata-out", "output directory")
	n := fs.Int("n", 20, "number of samples")
	seed := fs.Int64("seed", 1, "corpus seed")
	scale := fs.Float64("scale", 1, "page size factor (1 = A4 at -dpi)")
	dpi := fs.Int("dpi", 300, "rendering resolution")
	degs := fs.String("degradations", "", "comma-separated degradations (default all: "+degNames()+")")
	types := fs.String("types", "", "comma-separated document types (default all)")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	var ds []corpus.Degradation
	if *degs != "" {
		for _, s := range strings.Split(*degs, ",") {
			d, err := corpus.ParseDegradation(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			ds = append(ds, d)
		}
	}
	opts := corpus.Options{DPI: *dpi, Scale: *scale}
	if *types != "" {
		known := map[string]bool{}
		for _, t := range corpus.DocTypes() {
			known[t] = true
		}
		for _, t := range strings.Split(*types, ",") {
			t = strings.TrimSpace(t)
			if !known[t] {
				return fmt.Errorf("unknown document type %q (known: %s)", t, strings.Join(corpus.DocTypes(), ","))
			}
			opts.Types = append(opts.Types, t)
		}
	}
	start := time.Now()
	if err := corpus.WriteDir(*out, *seed, *n, opts, ds); err != nil {
		return err
	}
	slog.Info("corpus written", "dir", *out, "samples", *n, "seed", *seed, "elapsed", time.Since(start).String())
	return nil
}

func degNames() string {
	var s []string
	for _, d := range corpus.Degradations() {
		s = append(s, string(d))
	}
	return strings.Join(s, ",")
}
