package main

import (
	"context"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/search"
	_ "github.com/sohoa/sohoa/search/backends" // links the embedded and Meilisearch indexes
)

// openIndex opens Meilisearch when MEILI_URL is set, else the embedded index.
func openIndex(ctx context.Context, cfg config.Config) (search.Index, error) {
	return search.Open(ctx, cfg)
}
