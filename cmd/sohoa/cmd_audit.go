package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/config"
)

func init() {
	register(command{
		name:    "audit",
		summary: "audit trail: audit verify [--anchor SEQ:HASH] | audit list [--doc ID]",
		run:     runAudit,
	})
}

func runAudit(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: sohoa audit verify [--anchor SEQ:HASH]... [--json]\n       sohoa audit list [--doc ID] [--limit N] [--json]")
		return exitError{2}
	}
	switch args[0] {
	case "verify":
		return runAuditVerify(ctx, args[1:])
	case "list":
		return runAuditList(ctx, args[1:])
	}
	fmt.Fprintf(os.Stderr, "sohoa audit: unknown subcommand %q\n", args[0])
	return exitError{2}
}

// openAuditLog opens the configured store's audit log with the head key
// derived from the secret key, as the server does.
func openAuditLog(ctx context.Context) (*audit.Log, func(), error) {
	a, err := openApp(ctx, config.FromEnv(), false)
	if err != nil {
		return nil, nil, err
	}
	return audit.New(a.store, audit.Options{HeadKey: audit.HeadKeyFrom(a.secret)}), a.Close, nil
}

type anchorFlags []audit.Anchor

func (a *anchorFlags) String() string { return fmt.Sprint(*a) }
func (a *anchorFlags) Set(s string) error {
	an, err := audit.ParseAnchor(s)
	if err != nil {
		return err
	}
	*a = append(*a, an)
	return nil
}

func runAuditVerify(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	var anchors anchorFlags
	fs.Var(&anchors, "anchor", "SEQ:HASH of a head noted earlier outside the store; repeatable")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	log, done, err := openAuditLog(ctx)
	if err != nil {
		return err
	}
	defer done()
	start := time.Now()
	r, err := log.Verify(ctx, anchors...)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		fmt.Printf("%d entries verified in %v\n", r.Entries, time.Since(start).Round(time.Millisecond))
		for _, p := range r.Problems {
			fmt.Printf("PROBLEM seq %d %s: %s\n", p.Seq, p.Kind, p.Detail)
		}
		if r.Head != nil && !r.HeadAuth {
			fmt.Println("warning: the head is not authenticated (no secret key)")
		}
		if r.Entries > 0 {
			fmt.Printf("head %s\n(note it outside the store; a later `sohoa audit verify --anchor %s` proves no entry up to it was removed)\n", r.Last(), r.Last())
		}
	}
	if !r.OK() {
		if !*asJSON {
			fmt.Printf("FAILED: %d problem(s)\n", len(r.Problems))
		}
		return exitError{1}
	}
	if !*asJSON {
		fmt.Println("OK")
	}
	return nil
}

func runAuditList(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("audit list", flag.ContinueOnError)
	doc := fs.String("doc", "", "only the entries about this document id")
	limit := fs.Int("limit", 0, "show only the newest N entries (0: all)")
	asJSON := fs.Bool("json", false, "one JSON entry per line")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	log, done, err := openAuditLog(ctx)
	if err != nil {
		return err
	}
	defer done()
	var entries []audit.Entry
	var trailErr error
	if *doc != "" {
		entries, trailErr = log.ForDocument(ctx, *doc)
		if entries == nil && trailErr != nil {
			return trailErr
		}
	} else if err := log.List(ctx, func(e audit.Entry) error {
		entries = append(entries, e)
		return nil
	}); err != nil {
		return err
	}
	if *limit > 0 && len(entries) > *limit {
		entries = entries[len(entries)-*limit:]
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				return err
			}
		}
	} else {
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SEQ\tTIME\tACTOR\tROLE\tACTION\tDOCUMENT\tDOSSIER\tDETAIL")
		for _, e := range entries {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.Time.Format(time.RFC3339), e.ActorID, e.ActorRole,
				e.Action, e.DocumentID, e.DossierID, strings.ReplaceAll(e.Detail, "\n", " "))
		}
		tw.Flush()
	}
	if trailErr != nil {
		return fmt.Errorf("some entries failed verification and are not shown: %w", trailErr)
	}
	if *doc != "" && len(entries) == 0 {
		return errors.New("no entries for this document")
	}
	return nil
}
