package main

import (
	"context"
	"os"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage/localfs"
)

// benchAPIServer is the real API over an index, with a throwaway user
// store and an admin's token, for benchmarks through HTTP: requests pass
// the same authentication and scoping as real ones.
func benchAPIServer(ctx context.Context, ix search.Index) (*api.Server, string, error) {
	dir, err := os.MkdirTemp("", "sohoa-bench-api-")
	if err != nil {
		return nil, "", err
	}
	st, err := localfs.New(dir, localfs.Options{Secret: []byte("bench")})
	if err != nil {
		return nil, "", err
	}
	as, err := auth.NewService(st, auth.Options{SecretKey: []byte("bench-secret-key-0123456789abcdef")})
	if err != nil {
		return nil, "", err
	}
	u, err := as.AddUser(ctx, auth.User{Name: "Bench", Role: auth.RoleAdmin}, "")
	if err != nil {
		return nil, "", err
	}
	token, err := as.CreateToken(ctx, u.ID, "bench")
	if err != nil {
		return nil, "", err
	}
	return &api.Server{Svc: &onestop.Service{Index: ix}, Auth: as}, token, nil
}
