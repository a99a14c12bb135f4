// Package api is sohoa's HTTP API under /api/v1: JSON in and out, errors as
// {"error": {"code": "...", "message": "..."}} with Vietnamese messages,
// cursor pagination, ETags on record versions. Every route but health,
// readiness and login is authenticated; what a user may do is decided by
// the onestop service through auth.Authorize.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/workers"
)

// Server serves the API.
type Server struct {
	Svc  *onestop.Service
	Auth *auth.Service
	// Ready checks the backends for /readyz.
	Ready func(ctx context.Context) error
	// MaxUpload bounds one uploaded file in bytes (default 512 MiB).
	MaxUpload int64
	Log       *slog.Logger
}

// Route is one API route. The table drives the mux, the OpenAPI
// description and the tests that check them against each other.
type Route struct {
	Method, Pattern, Summary string
	Public                   bool // no authentication (health, readiness, login)
	handler                  func(*Server, http.ResponseWriter, *http.Request)
}

// Routes lists every route of the API.
var Routes = []Route{
	{"GET", "/healthz", "Liveness", true, (*Server).healthz},
	{"GET", "/readyz", "Readiness: Redis, storage and search reachable", true, (*Server).readyz},
	{"POST", "/api/v1/login", "Log in with username and password (sets a session cookie)", true, (*Server).login},
	{"POST", "/api/v1/logout", "Log out", false, (*Server).logout},
	{"GET", "/api/v1/me", "The authenticated user", false, (*Server).me},
	{"POST", "/api/v1/documents", "Upload files (multipart 'file' parts, or a raw body with ?filename=)", false, (*Server).upload},
	{"GET", "/api/v1/documents/{id}", "A document's latest record", false, (*Server).getDocument},
	{"GET", "/api/v1/documents/{id}/versions", "A document's record versions", false, (*Server).versions},
	{"GET", "/api/v1/documents/{id}/versions/{version}", "One record version", false, (*Server).version},
	{"GET", "/api/v1/documents/{id}/original", "Redirect to a short-lived URL of the byte-exact original", false, (*Server).original},
	{"GET", "/api/v1/documents/{id}/pages/{page}/cleaned", "The cleaned image of a page (PNG)", false, (*Server).cleaned},
	{"PATCH", "/api/v1/documents/{id}/fields", "Review: confirm or correct fields (If-Match: the version's ETag)", false, (*Server).correct},
	{"GET", "/api/v1/documents/{id}/audit", "A document's audit trail (auditors)", false, (*Server).trail},
	{"GET", "/api/v1/search", "Search (scoped to what the user may find)", false, (*Server).search},
	{"POST", "/api/v1/dossiers", "Open a dossier for an applicant", false, (*Server).createDossier},
	{"GET", "/api/v1/dossiers", "List dossiers (cursor pagination)", false, (*Server).listDossiers},
	{"GET", "/api/v1/dossiers/{code}", "A dossier and the processing state of its documents", false, (*Server).getDossier},
	{"GET", "/api/v1/dossiers/{code}/reusable", "The applicant's still-valid documents, grouped by type", false, (*Server).reusable},
	{"POST", "/api/v1/dossiers/{code}/attach", "Attach already digitised documents by reference", false, (*Server).attach},
	{"POST", "/api/v1/dossiers/{code}/documents", "Upload new scans into the dossier", false, (*Server).uploadToDossier},
	{"GET", "/api/v1/dossiers/{code}/events", "Server-sent events: the dossier's processing progress", false, (*Server).events},
	{"POST", "/api/v1/dossiers/{code}/close", "Close the dossier", false, (*Server).closeDossier},
}

// The description route is added here: it is generated from Routes itself.
func init() {
	Routes = append(Routes, Route{"GET", "/api/v1/openapi.json", "This description (OpenAPI 3)", false, (*Server).openapi})
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range Routes {
		h := s.bind(rt.handler)
		if !rt.Public {
			h = s.Auth.Middleware(h)
		}
		mux.Handle(rt.Method+" "+rt.Pattern, h)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no_route", "Không có địa chỉ này.")
	})
	return securityHeaders(mux)
}

func (s *Server) bind(f func(*Server, http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f(s, w, r) })
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func principal(r *http.Request) auth.Principal {
	p, _ := auth.FromContext(r.Context())
	return p
}

// Error is the API's error body.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]Error{"error": {Code: code, Message: msg}})
}

// fail maps a service error to a status and a Vietnamese message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, auth.ErrForbidden), errors.Is(err, auth.ErrUnauthenticated),
		errors.Is(err, auth.ErrInvalidCredentials), errors.Is(err, auth.ErrRateLimited), errors.Is(err, auth.ErrCSRF):
		auth.WriteError(w, err)
	case errors.Is(err, onestop.ErrNotFound), errors.Is(err, dossier.ErrNotFound):
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy.")
	case errors.Is(err, onestop.ErrConflict):
		writeError(w, http.StatusPreconditionFailed, "version_conflict", "Tài liệu đã được người khác cập nhật; vui lòng tải lại.")
	case errors.Is(err, onestop.ErrInvalid), errors.Is(err, dossier.ErrClosed):
		writeError(w, http.StatusBadRequest, "invalid", "Yêu cầu không hợp lệ: "+err.Error())
	case errors.Is(err, workers.ErrTooLarge), errors.As(err, &mbe):
		writeError(w, http.StatusRequestEntityTooLarge, "too_large", "Tệp quá lớn.")
	case errors.Is(err, pipeline.ErrUnsupported):
		writeError(w, http.StatusUnprocessableEntity, "unsupported_file", "Tệp không đọc được: "+err.Error())
	default:
		s.log().ErrorContext(r.Context(), "request failed", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal", "Lỗi hệ thống, vui lòng thử lại.")
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			writeError(w, http.StatusServiceUnavailable, "not_ready", "Hệ thống chưa sẵn sàng: "+err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Yêu cầu đăng nhập không hợp lệ.")
		return
	}
	p, ck, err := s.Auth.Login(r.Context(), req.Username, req.Password, auth.ClientIP(r))
	if err != nil {
		s.auditLogin(r, audit.ActionLoginFailed, auth.Principal{UserID: "username:" + req.Username}, err.Error())
		s.fail(w, r, err)
		return
	}
	s.auditLogin(r, audit.ActionLogin, p, auth.ClientIP(r))
	http.SetCookie(w, ck)
	writeJSON(w, http.StatusOK, map[string]any{"user": p, "csrf_token": s.Auth.CSRFTokenForCookie(ck)})
}

func (s *Server) auditLogin(r *http.Request, action string, p auth.Principal, detail string) {
	if s.Svc.Audit == nil {
		return
	}
	if _, err := s.Svc.Audit.Append(r.Context(), audit.Entry{Time: time.Now().UTC(), ActorID: p.UserID, ActorRole: p.Role, Action: action, Detail: detail}); err != nil {
		s.log().Error("audit login", "err", err)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.Auth.Logout(w, r); err != nil {
		s.fail(w, r, err)
		return
	}
	s.auditLogin(r, audit.ActionLogout, principal(r), "")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"user": principal(r), "csrf_token": s.Auth.CSRFToken(r)})
}
