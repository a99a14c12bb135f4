package main

import (
	"context"
	"os"

	"github.com/sohoa/sohoa/deploy"
	"github.com/sohoa/sohoa/internal/config"
)

func init() {
	register(command{
		name:    "config-doc",
		summary: "print the configuration reference (a markdown table of every environment variable)",
		run: func(ctx context.Context, args []string) error {
			return deploy.ConfigTable(os.Stdout, config.Vars)
		},
	})
}
