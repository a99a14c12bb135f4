// Package web is sohoa's web interface for clerks, citizens and auditors:
// server-rendered pages in Vietnamese (html/template), a little progressive
// JavaScript and CSS, all embedded in the binary. Every page calls the
// onestop service only, so authorisation is decided by the same point as
// for the JSON API, whichever door a request comes through.
package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/internal/signing"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/workers"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server serves the web interface.
type Server struct {
	Svc  *onestop.Service
	Auth *auth.Service
	// Keys are the public keys digitisation signatures are checked
	// against (signing.LoadDir(cfg.SigningKeyDir).PublicKeys()); nil: none.
	Keys map[string]signing.PublicKey
	// MaxUpload bounds one uploaded file in bytes (default 512 MiB).
	MaxUpload int64
	// SecureCookies marks the login form's cookie Secure (behind HTTPS).
	SecureCookies bool
	Log           *slog.Logger
	Now           func() time.Time

	once  sync.Once
	pages map[string]*template.Template
	thumb *thumbCache
}

// ContentSecurityPolicy is sent with every page: scripts, styles and
// images only from this origin, no inline script or style, no framing.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *Server) init() {
	s.once.Do(func() {
		s.pages = parsePages()
		s.thumb = newThumbCache(64)
	})
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Handler returns the pages; mount it at "/" beside the API at "/api/".
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /tinh/", http.StripPrefix("/tinh/", staticHandler(http.FileServerFS(static))))
	mux.HandleFunc("GET /dang-nhap", s.loginPage)
	mux.HandleFunc("POST /dang-nhap", s.login)

	page := func(pattern string, h func(http.ResponseWriter, *http.Request, auth.Principal)) {
		mux.Handle(pattern, s.authed(h))
	}
	page("POST /dang-xuat", s.logout)
	page("GET /{$}", s.home)
	page("GET /ho-so", s.dossiers)
	page("POST /ho-so", s.openDossier)
	page("GET /ho-so/{code}", s.dossierPage)
	page("POST /ho-so/{code}/dung-lai", s.attach)
	page("POST /ho-so/{code}/tai-len", s.upload)
	page("POST /ho-so/{code}/dong", s.closeDossier)
	page("GET /tra-cuu", s.searchPage)
	page("GET /giay-to-cua-toi", s.mine)
	page("GET /tai-lieu/{id}", s.documentPage)
	page("POST /tai-lieu/{id}/sua", s.correct)
	page("GET /tai-lieu/{id}/ban-goc", s.original)
	page("GET /tai-lieu/{id}/trang/{page}", s.pageImage)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, auth.Principal{}, http.StatusNotFound, "Không có trang này.")
	})
	return securityHeaders(mux)
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", ContentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		// no-referrer: page URLs carry dossier codes and download URLs signatures
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if hd.Get("Cache-Control") == "" {
			hd.Set("Cache-Control", "no-store")
		}
		h.ServeHTTP(w, r)
	})
}

func staticHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// authed authenticates a page request (session cookie or bearer token);
// browsers without a session are sent to the login page. Unsafe requests
// must carry the session's CSRF token.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, auth.Principal)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.Auth.Authenticate(r)
		if errors.Is(err, auth.ErrUnauthenticated) || errors.Is(err, auth.ErrInvalidCredentials) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/dang-nhap?tiep="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, auth.Principal{}, http.StatusUnauthorized, "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại.")
			return
		}
		if err != nil {
			s.fail(w, r, auth.Principal{}, err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := s.Auth.CheckCSRF(r); err != nil {
				s.errorPage(w, r, p, http.StatusForbidden, "Phiên làm việc không hợp lệ (thiếu mã chống giả mạo). Vui lòng tải lại trang và thử lại.")
				return
			}
		}
		h(w, r.WithContext(auth.WithPrincipal(r.Context(), p)), p)
	})
}

// view is what every page template receives.
type view struct {
	Title string
	User  *auth.Principal
	CSRF  string
	Nav   string // the active menu entry
	Flash string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	t, ok := s.pages[name]
	if !ok {
		s.log().Error("web: no template", "name", name)
		http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
		return
	}
	if v.CSRF == "" {
		v.CSRF = s.Auth.CSRFToken(r)
	}
	if v.Flash == "" {
		v.Flash = flashText(r.URL.Query().Get("tb"))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log().ErrorContext(r.Context(), "web: render", "page", name, "err", err)
		http.Error(w, "Lỗi hệ thống", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p auth.Principal, status int, msg string) {
	var user *auth.Principal
	if p.UserID != "" {
		user = &p
	}
	s.render(w, r, status, "error", view{Title: "Lỗi", User: user, Data: map[string]any{"Status": status, "Message": msg}})
}

// fail maps a service error to a page with a Vietnamese message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, p auth.Principal, err error) {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, auth.ErrForbidden):
		s.errorPage(w, r, p, http.StatusForbidden, "Bạn không có quyền thực hiện thao tác này.")
	case errors.Is(err, onestop.ErrNotFound), errors.Is(err, dossier.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "Không tìm thấy.")
	case errors.Is(err, onestop.ErrConflict):
		s.errorPage(w, r, p, http.StatusConflict, "Tài liệu đã được người khác cập nhật; vui lòng tải lại trang.")
	case errors.Is(err, onestop.ErrInvalid), errors.Is(err, dossier.ErrClosed):
		s.errorPage(w, r, p, http.StatusBadRequest, "Yêu cầu không hợp lệ: "+err.Error())
	case errors.Is(err, workers.ErrTooLarge), errors.As(err, &mbe):
		s.errorPage(w, r, p, http.StatusRequestEntityTooLarge, "Tệp quá lớn.")
	case errors.Is(err, pipeline.ErrUnsupported):
		s.errorPage(w, r, p, http.StatusUnprocessableEntity, "Tệp không đọc được: "+err.Error())
	case errors.Is(err, auth.ErrRateLimited):
		s.errorPage(w, r, p, http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.")
	default:
		s.log().ErrorContext(r.Context(), "web: request failed", "path", r.URL.Path, "err", err)
		s.errorPage(w, r, p, http.StatusInternalServerError, "Lỗi hệ thống, vui lòng thử lại.")
	}
}

// localPath accepts only a path on this site as a redirect target, so
// the login page's "next" parameter cannot send anyone elsewhere.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}

// flash messages are chosen by code so that no user text reaches a page
// through a redirect's query string.
var flashes = map[string]string{
	"dung-lai":  "Đã đính kèm giấy tờ vào hồ sơ (dùng lại, không sao chép).",
	"tai-len":   "Đã nhận tệp; hệ thống đang xử lý.",
	"da-luu":    "Đã lưu kết quả kiểm tra.",
	"da-dong":   "Đã đóng hồ sơ.",
	"khong-tep": "Chưa chọn tệp nào để tải lên.",
	"da-co":     "Tệp này đã được số hóa trước đó; đã dùng lại bản đã có.",
}

func flashText(code string) string { return flashes[code] }
