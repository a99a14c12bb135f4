package search

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/sohoa/sohoa/internal/config"
)

// Backends register their constructors here (see search/embedded and
// search/meili); Open picks one by configuration. Registration keeps this
// package free of the backends' imports, which import it.
var (
	openEmbedded func(ctx context.Context, dir string) (Index, error)
	openMeili    func(ctx context.Context, url, apiKey string) (Index, error)
)

// RegisterEmbedded is called by package embedded's init.
func RegisterEmbedded(fn func(ctx context.Context, dir string) (Index, error)) { openEmbedded = fn }

// RegisterMeili is called by package meili's init.
func RegisterMeili(fn func(ctx context.Context, url, apiKey string) (Index, error)) { openMeili = fn }

// Open opens the configured index: Meilisearch when MEILI_URL is set, else
// the embedded index under SOHOA_DATA_DIR/index. The backend's package
// must be linked in (import search/backends, or the backend itself).
func Open(ctx context.Context, cfg config.Config) (Index, error) {
	if cfg.MeiliURL != "" {
		if openMeili == nil {
			return nil, fmt.Errorf("open search: MEILI_URL is set but the Meilisearch backend is not linked (import github.com/sohoa/sohoa/search/backends)")
		}
		ix, err := openMeili(ctx, cfg.MeiliURL, cfg.MeiliAPIKey)
		if err != nil {
			return nil, fmt.Errorf("open search (Meilisearch %s): %w", cfg.MeiliURL, err)
		}
		return ix, nil
	}
	if openEmbedded == nil {
		return nil, fmt.Errorf("open search: the embedded backend is not linked (import github.com/sohoa/sohoa/search/backends)")
	}
	dir := filepath.Join(cfg.DataDir, "index")
	ix, err := openEmbedded(ctx, dir)
	if err != nil {
		return nil, fmt.Errorf("open search (embedded %s): %w", dir, err)
	}
	return ix, nil
}
