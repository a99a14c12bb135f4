package main

import (
	"log/slog"
	"net/http"

	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/web"
)

// webHandler is the web interface for clerks, citizens and auditors,
// over the same onestop service as the API.
func (a *app) webHandler(svc *onestop.Service) http.Handler {
	w := &web.Server{Svc: svc, Auth: a.auth, Log: slog.Default()}
	dir := a.cfg.SigningKeyDir
	if dir == "" {
		dir = signing.DefaultDir()
	}
	if kr, err := signing.LoadDir(dir); err != nil {
		// signatures then show as unverifiable; the rest of the UI works
		slog.Warn("web: signing keys not loaded", "dir", dir, "err", err)
	} else {
		w.Keys = kr.PublicKeys()
	}
	return w.Handler()
}
