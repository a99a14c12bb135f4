package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	register(command{
		name:    "ingest",
		summary: "store files and queue their processing; --wait follows them until indexed",
		run:     runIngest,
	})
}

type ingestLine struct {
	File       string `json:"file"`
	DocumentID string `json:"document_id,omitempty"`
	Status     string `json:"status"`
	DocType    string `json:"doc_type,omitempty"`
	// DuplicateOf names the document this file is a new scan of.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Children are the papers a batch scan was cut into.
	Children []string `json:"children,omitempty"`
	Error    string   `json:"error,omitempty"`
}

func runIngest(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	cfg := config.FromEnv()
	dossier := fs.String("dossier", "", "dossier code the files belong to")
	wait := fs.Bool("wait", false, "wait until every file is processed and indexed")
	asJSON := fs.Bool("json", false, "print one JSON object per file per line")
	laneName := fs.String("lane", workers.LaneCounter, "queue lane: counter or backfill")
	office := fs.String("office", "", "office code recorded as provenance")
	batch := fs.Bool("batch", false, "each file is a batch scan of several papers, cut at blank pages and separator sheets")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up waiting after this long")
	backendFlags(fs, &cfg, true)
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: sohoa ingest [--dossier CODE] [--wait] [--json] FILE...")
		return exitError{2}
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	lines := make([]ingestLine, fs.NArg())
	sub := a.submitter()
	user := os.Getenv("USER")
	for i, name := range fs.Args() {
		lines[i] = ingestOne(ctx, sub, name, workers.Upload{
			Filename: filepath.Base(name), Dossier: *dossier, Office: *office,
			UploadedBy: "cli:" + user, Lane: *laneName, Batch: *batch,
		})
	}
	if *wait {
		wctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		lines = waitIndexed(wctx, a, lines, !*asJSON && isTerminal(os.Stderr))
	}
	failed := false
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if l.Status == "error" {
			failed = true
		}
		if *asJSON {
			_ = enc.Encode(l)
		} else if l.Error != "" {
			fmt.Printf("%s: %s: %s\n", l.File, l.Status, l.Error)
		} else {
			fmt.Printf("%s: %s %s %s\n", l.File, l.DocumentID, l.Status, l.DocType)
		}
	}
	if failed {
		return exitError{1}
	}
	return nil
}

func ingestOne(ctx context.Context, sub *workers.Submitter, name string, u workers.Upload) ingestLine {
	l := ingestLine{File: name}
	f, err := os.Open(name)
	if err != nil {
		l.Status, l.Error = "error", err.Error()
		return l
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		l.Status, l.Error = "error", "not a regular file"
		return l
	}
	s, err := sub.Submit(ctx, f, st.Size(), u)
	if err != nil {
		l.Status, l.Error = "error", err.Error()
		return l
	}
	l.DocumentID, l.Status = s.DocID, "queued"
	if s.Existing != nil {
		l.Status, l.DocType = "indexed", s.Existing.DocType
	}
	return l
}

// waitIndexed polls storage and the index until every queued document has
// a record and, when processed, an index entry.
func waitIndexed(ctx context.Context, a *app, lines []ingestLine, bar bool) []ingestLine {
	tick := time.NewTicker(150 * time.Millisecond)
	defer tick.Stop()
	for {
		pending := 0
		var children []ingestLine
		for i := range lines {
			l := &lines[i]
			if l.Status != "queued" {
				continue
			}
			rec, err := a.archive.Latest(ctx, l.DocumentID)
			switch {
			case errors.Is(err, storage.ErrNotFound):
				pending++
			case err != nil:
				pending++
			case rec.Status == record.StatusFailed:
				l.Status, l.Error = "error", rec.Error
			case rec.Status == record.StatusSplit:
				// a batch: follow the papers it was cut into
				l.Status, l.Children = "split", rec.Children
				for _, c := range rec.Children {
					children = append(children, ingestLine{File: fmt.Sprintf("%s#%s", l.File, c), DocumentID: c, Status: "queued"})
				}
				pending += len(rec.Children)
			case rec.DuplicateOf != "":
				l.Status, l.DocType, l.DuplicateOf = "duplicate", rec.DocType, rec.DuplicateOf
			default:
				if _, ok, err := a.index.Get(ctx, l.DocumentID); err == nil && ok {
					l.Status, l.DocType = "indexed", rec.DocType
				} else {
					pending++
				}
			}
		}
		lines = append(lines, children...)
		if bar {
			done := len(lines) - pending
			fmt.Fprintf(os.Stderr, "\r[%-30s] %d/%d", strings.Repeat("#", 30*done/len(lines)), done, len(lines))
		}
		if pending == 0 {
			if bar {
				fmt.Fprintln(os.Stderr)
			}
			return lines
		}
		select {
		case <-ctx.Done():
			for i := range lines {
				if lines[i].Status == "queued" {
					lines[i].Status, lines[i].Error = "error", "not indexed in time: "+ctx.Err().Error()
				}
			}
			if bar {
				fmt.Fprintln(os.Stderr)
			}
			return lines
		case <-tick.C:
		}
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
