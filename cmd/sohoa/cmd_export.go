package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/storage/backends"
)

func init() {
	register(command{
		name:    "export",
		summary: "export DIR: copy the whole object store into DIR with a SHA256SUMS manifest",
		run: func(ctx context.Context, args []string) error {
			dir, err := dirArg("export", args)
			if err != nil {
				return err
			}
			a, err := openArchive(ctx)
			if err != nil {
				return err
			}
			if err := a.Export(ctx, dir); err != nil {
				return err
			}
			// an export takes every original out of the system: it is on the trail
			cfg := config.FromEnv()
			secret, err := backends.URLSecret(cfg)
			if err != nil {
				return err
			}
			lg := audit.New(a.Store(), audit.Options{HeadKey: audit.HeadKeyFrom(secret)})
			if _, err := lg.Append(ctx, audit.Entry{Time: time.Now().UTC(), ActorID: "cli:" + os.Getenv("USER"), ActorRole: "operator", Action: audit.ActionExport, Detail: dir}); err != nil {
				return fmt.Errorf("audit the export: %w", err)
			}
			fmt.Fprintf(os.Stderr, "exported to %s (check: cd %s/objects && sha256sum -c ../SHA256SUMS)\n", dir, dir)
			return nil
		},
	})
	register(command{
		name:    "import",
		summary: "import DIR: verify an export's checksums, then load it into the configured store",
		run: func(ctx context.Context, args []string) error {
			dir, err := dirArg("import", args)
			if err != nil {
				return err
			}
			a, err := openArchive(ctx)
			if err != nil {
				return err
			}
			if err := archive.Import(ctx, dir, a); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "imported %s; rebuild the search index with `sohoa reindex`\n", dir)
			return nil
		},
	})
}

func dirArg(name string, args []string) (string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintf(os.Stderr, "usage: sohoa %s DIR\n", name) }
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fs.Usage()
		return "", exitError{2}
	}
	return fs.Arg(0), nil
}

// openArchive opens the configured store alone (no index, no queue).
func openArchive(ctx context.Context) (*archive.Archive, error) {
	s, err := backends.Open(ctx, config.FromEnv())
	if err != nil {
		return nil, fmt.Errorf("open storage: %w", err)
	}
	return archive.New(s), nil
}
