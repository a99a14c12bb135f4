package main

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/sohoa/sohoa/internal/auth"
)

// adminOnly guards the admin pages: an admin's session or API token
// (decided by auth.Authorize like every route), or the SOHOA_ADMIN_TOKEN as
// a bearer token or as the password of HTTP Basic auth (for tools and for
// a browser without a session: the queue dashboard's own API calls carry
// no bearer header). Without either, the admin pages are off.
func (a *app) adminOnly(h http.Handler) http.Handler {
	token := a.cfg.AdminToken
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.auth != nil {
			if p, err := a.auth.Authenticate(r); err == nil {
				if err := auth.Authorize(p, auth.Admin, auth.Resource{}); err != nil {
					auth.WriteError(w, err)
					return
				}
				w.Header().Set("Cache-Control", "no-store")
				h.ServeHTTP(w, r)
				return
			}
		}
		if token == "" {
			http.Error(w, "Trang quản trị chưa được bật (SOHOA_ADMIN_TOKEN).", http.StatusNotFound)
			return
		}
		if !adminTokenOK(r, token) {
			w.Header().Set("WWW-Authenticate", `Basic realm="sohoa admin", charset="UTF-8"`)
			http.Error(w, "Cần đăng nhập quản trị.", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

func adminTokenOK(r *http.Request, token string) bool {
	var got string
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		got = strings.TrimSpace(auth)
	} else if _, pw, ok := r.BasicAuth(); ok {
		got = pw
	} else {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// metricsGuard protects /metrics with SOHOA_METRICS_TOKEN when it is set:
// the metrics hold no document data, but an operator may want them closed.
func (a *app) metricsGuard(h http.Handler) http.Handler {
	token := a.cfg.MetricsToken
	if token == "" {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sohoa metrics"`)
			http.Error(w, "Cần mã truy cập số liệu.", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
