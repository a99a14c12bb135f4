package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/record"
)

// keyDir is where the Ed25519 digitisation keys are: SOHOA_SIGNING_KEY_DIR,
// else the data folder's keys/ when it exists (the demo's), else the
// user's configuration folder. Keys are never in the repository.
func keyDir(cfg config.Config) string {
	if cfg.SigningKeyDir != "" {
		return cfg.SigningKeyDir
	}
	if d := filepath.Join(cfg.DataDir, "keys"); isDir(d) {
		return d
	}
	return signing.DefaultDir()
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// signer returns the function that signs record versions with the key of
// the person, else of the office, that digitised them. Without a key for
// that office the record is written unsigned and `verify --signatures`
// reports it.
func signer(kr *signing.Keyring) func(*record.Document, string, string) error {
	return func(rec *record.Document, office, person string) error {
		s, ok := kr.Signer(office, person)
		if !ok {
			slog.Warn("no signing key: record left unsigned", "office", office, "person", person, "doc", rec.ID)
			return nil
		}
		sig, err := signing.Sign(rec, s)
		if err != nil {
			return err
		}
		rec.Signatures = append(rec.Signatures, sig)
		return nil
	}
}

// demoKeys makes sure the demo's offices have keys, in the configured key
// folder or else the user's configuration folder: never in the repository,
// where the demo's ./data may live.
func demoKeys(cfg *config.Config, offices ...string) error {
	if cfg.SigningKeyDir == "" {
		cfg.SigningKeyDir = keyDir(*cfg)
	}
	kr, err := signing.LoadDir(cfg.SigningKeyDir)
	if err != nil {
		return err
	}
	for _, office := range offices {
		if _, ok := kr.Signer(office, ""); ok {
			continue
		}
		s, err := signing.Generate(office, "")
		if err != nil {
			return err
		}
		if _, _, err := s.WriteFiles(cfg.SigningKeyDir); err != nil {
			return fmt.Errorf("demo key of %s: %w", office, err)
		}
	}
	return nil
}

func init() {
	verifyChecks = append(verifyChecks, verifyCheck{
		flag: "signatures",
		help: "also check every record version's digitisation signatures against the known public keys",
		check: func() func(context.Context, config.Config, *record.Document, func(archive.Problem)) error {
			var kr *signing.Keyring
			return func(ctx context.Context, cfg config.Config, d *record.Document, report func(archive.Problem)) error {
				if kr == nil {
					var err error
					if kr, err = signing.LoadDir(keyDir(cfg)); err != nil {
						return err
					}
				}
				if err := signing.VerifyRecord(d, kr.PublicKeys()); err != nil {
					kind := "signature"
					if errors.Is(err, signing.ErrUnknownKey) {
						kind = "signature-unknown-key"
					}
					report(archive.Problem{DocID: d.ID, Version: d.Version, Key: "record", Kind: kind, Got: err.Error()})
				}
				return nil
			}
		}(),
	})
}
