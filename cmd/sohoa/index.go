package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/embedded"
)

// openIndex opens Meilisearch when MEILI_URL is set, else the embedded index.
func openIndex(ctx context.Context, cfg config.Config) (search.Index, error) {
	if cfg.MeiliURL != "" {
		return nil, errors.New("MEILI_URL is set but the Meilisearch backend is not wired yet")
	}
	idx, err := embedded.Open(ctx, filepath.Join(cfg.DataDir, "index"))
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	return idx, nil
}
