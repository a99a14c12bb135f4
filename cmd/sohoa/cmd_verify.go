package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage/backends"
)

// verifyCheck is an optional extra check of `sohoa verify`, switched on by
// its flag (e.g. --signatures). Other files register them in init:
//
//	func init() { verifyChecks = append(verifyChecks, verifyCheck{flag: "signatures", help: "…", check: …}) }
type verifyCheck struct {
	flag, help string
	// check runs on every record version; it reports problems through
	// report and returns an error only when it cannot run.
	check func(ctx context.Context, cfg config.Config, d *record.Document, report func(archive.Problem)) error
}

var verifyChecks []verifyCheck

func init() {
	register(command{
		name:    "verify",
		summary: "re-hash every original and artefact against its record; exit 1 on any problem",
		run:     runVerify,
	})
}

func runVerify(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print problems and the summary as JSON lines")
	enabled := make([]*bool, len(verifyChecks))
	for i, c := range verifyChecks {
		enabled[i] = fs.Bool(c.flag, false, c.help)
	}
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	cfg := config.FromEnv()
	store, err := backends.Open(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open storage: %w", err)
	}
	a := archive.New(store)
	var extra archive.RecordCheck
	for i, c := range verifyChecks {
		if !*enabled[i] {
			continue
		}
		prev, c := extra, c
		extra = func(ctx context.Context, d *record.Document, report func(archive.Problem)) error {
			if prev != nil {
				if err := prev(ctx, d, report); err != nil {
					return err
				}
			}
			return c.check(ctx, cfg, d, report)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	sum, err := a.VerifyWith(ctx, extra, func(p archive.Problem) {
		if *asJSON {
			enc.Encode(p)
			return
		}
		fmt.Printf("PROBLEM %s\n", p)
	})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if *asJSON {
		enc.Encode(map[string]any{"summary": sum})
	} else {
		fmt.Printf("verified %d documents, %d record versions, %d objects (%.1f MB): %d problems\n",
			sum.Documents, sum.Versions, sum.Objects, float64(sum.Bytes)/1e6, sum.Problems)
	}
	if sum.Problems > 0 {
		return exitError{1}
	}
	return nil
}
