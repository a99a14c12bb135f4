package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
)

func init() {
	register(command{
		name:    "reindex",
		summary: "rebuild the search index from the stored records alone",
		run:     runReindex,
	})
}

func runReindex(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	cfg := config.FromEnv()
	backendFlags(fs, &cfg, false)
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	a, err := openApp(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := reindex(ctx, a)
	if err != nil {
		return err
	}
	fmt.Printf("reindexed %d documents\n", n)
	return nil
}

// reindex clears the index and fills it from the latest record of every
// document; failed documents are not searchable.
func reindex(ctx context.Context, a *app) (int, error) {
	if err := a.index.Clear(ctx); err != nil {
		return 0, fmt.Errorf("clear index: %w", err)
	}
	const batch = 500
	var docs []search.Doc
	n := 0
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		if err := a.index.Upsert(ctx, docs...); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		n += len(docs)
		docs = docs[:0]
		return nil
	}
	err := a.archive.Documents(ctx, func(id string) error {
		rec, err := a.archive.Latest(ctx, id)
		if err != nil {
			return fmt.Errorf("record %s: %w", id, err)
		}
		if rec.Status != record.StatusProcessed {
			return nil
		}
		docs = append(docs, search.FromRecord(rec))
		if len(docs) >= batch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	if err := flush(); err != nil {
		return n, err
	}
	// a bulk load leaves the embedded index in many segments: merge them
	if o, ok := a.index.(interface{ Optimize(context.Context) error }); ok {
		if err := o.Optimize(ctx); err != nil {
			return n, fmt.Errorf("optimize index: %w", err)
		}
	}
	return n, nil
}
