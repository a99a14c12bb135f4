package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Cookie and form names.
const (
	SessionCookie = "sohoa_session"
	CSRFField     = "csrf_token"   // form field
	CSRFHeader    = "X-CSRF-Token" // header, for scripts
)

// Login checks a username and password from a client address and, on
// success, starts a session: it stores the session and returns the cookie
// to set. Failures are rate limited per username and address; an unknown
// username costs as much time as a wrong password.
func (s *Service) Login(ctx context.Context, username, password, ip string) (Principal, *http.Cookie, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	lk := username + "\x00" + ip
	now := s.opts.Now()
	if !s.limiter.allow(lk, now) || !s.ipLimiter.allow(ip, now) {
		return Principal{}, nil, ErrRateLimited
	}
	u, err := s.UserByUsername(ctx, username)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return Principal{}, nil, err
	}
	hash := u.PasswordHash
	if err != nil || hash == "" {
		hash = s.dummy()
	}
	ok, herr := CheckPassword(hash, password)
	if err != nil || u.PasswordHash == "" || herr != nil || !ok || u.Disabled {
		s.limiter.fail(lk, now)
		s.ipLimiter.fail(ip, now)
		return Principal{}, nil, ErrInvalidCredentials
	}
	s.limiter.reset(lk)

	sid := randomHex(16)
	exp := now.Add(s.opts.SessionTTL)
	rec := sessionRecord{UserID: u.ID, IP: ip, CreatedAt: now.UTC(), Expires: exp.UTC()}
	if err := s.putJSON(ctx, sessionsPrefix+sid+".json", rec, true); err != nil {
		return Principal{}, nil, fmt.Errorf("auth: store session: %w", err)
	}
	s.remember("s:"+sid, User{ID: u.ID})
	return u.Principal(), s.cookie(sid, u.ID, exp), nil
}

type sessionClaims struct {
	SID string `json:"s"`
	UID string `json:"u"`
	Exp int64  `json:"e"`
}

func (s *Service) cookie(sid, uid string, exp time.Time) *http.Cookie {
	payload, _ := json.Marshal(sessionClaims{sid, uid, exp.Unix()})
	p := base64.RawURLEncoding.EncodeToString(payload)
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte(p))
	return &http.Cookie{
		Name:     SessionCookie,
		Value:    p + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)),
		Path:     "/",
		Expires:  exp,
		MaxAge:   int(exp.Sub(s.opts.Now()).Seconds()),
		HttpOnly: true,
		Secure:   s.opts.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}
}

// parseCookie checks the cookie's MAC and expiry; it does not touch the store.
func (s *Service) parseCookie(v string) (sessionClaims, error) {
	p, mac, ok := strings.Cut(v, ".")
	if !ok || len(v) > 512 {
		return sessionClaims{}, ErrInvalidCredentials
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil {
		return sessionClaims{}, ErrInvalidCredentials
	}
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte(p))
	if !hmac.Equal(got, m.Sum(nil)) {
		return sessionClaims{}, ErrInvalidCredentials
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	var c sessionClaims
	if err != nil || json.Unmarshal(raw, &c) != nil || len(c.SID) != 32 || strings.ContainsAny(c.SID, "/.") {
		return sessionClaims{}, ErrInvalidCredentials
	}
	if s.opts.Now().Unix() >= c.Exp {
		return sessionClaims{}, fmt.Errorf("%w: session expired", ErrInvalidCredentials)
	}
	return c, nil
}

// sessionUser resolves a session cookie: MAC, expiry, then the stored
// session (deleted at logout) and its user.
func (s *Service) sessionUser(ctx context.Context, v string) (User, sessionClaims, error) {
	c, err := s.parseCookie(v)
	if err != nil {
		return User{}, c, err
	}
	if cu, ok := s.cached("s:" + c.SID); ok && cu.ID == c.UID {
		u, err := s.User(ctx, c.UID)
		return u, c, err
	}
	var rec sessionRecord
	err = s.getJSON(ctx, sessionsPrefix+c.SID+".json", &rec)
	if errors.Is(err, storage.ErrNotFound) {
		return User{}, c, fmt.Errorf("%w: session ended", ErrInvalidCredentials)
	}
	if err != nil {
		return User{}, c, fmt.Errorf("auth: load session: %w", err)
	}
	if rec.UserID != c.UID || !s.opts.Now().Before(rec.Expires) {
		return User{}, c, ErrInvalidCredentials
	}
	s.remember("s:"+c.SID, User{ID: rec.UserID})
	u, err := s.User(ctx, c.UID)
	return u, c, err
}

// Logout ends the request's session, if any, and clears the cookie.
func (s *Service) Logout(w http.ResponseWriter, r *http.Request) error {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	ck, err := r.Cookie(SessionCookie)
	if err != nil {
		return nil
	}
	c, err := s.parseCookie(ck.Value)
	if err != nil {
		return nil
	}
	s.forget("s:" + c.SID)
	if err := s.st.Delete(r.Context(), sessionsPrefix+c.SID+".json"); err != nil && !errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("auth: end session: %w", err)
	}
	return nil
}

// Method says how a request authenticated.
type Method int

// Methods.
const (
	MethodNone Method = iota
	MethodToken
	MethodSession
)

// Authenticate identifies the request's user: a bearer token in the
// Authorization header, else the session cookie. It returns
// ErrUnauthenticated without credentials and ErrInvalidCredentials for
// bad ones (a bad header is never silently ignored in favour of a cookie).
func (s *Service) Authenticate(r *http.Request) (Principal, error) {
	p, _, err := s.authenticate(r)
	return p, err
}

func (s *Service) authenticate(r *http.Request) (Principal, Method, error) {
	var (
		u      User
		err    error
		method Method
	)
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return Principal{}, MethodNone, ErrInvalidCredentials
		}
		method = MethodToken
		u, err = s.tokenUser(r.Context(), strings.TrimSpace(token))
	} else if ck, cerr := r.Cookie(SessionCookie); cerr == nil && ck.Value != "" {
		method = MethodSession
		u, _, err = s.sessionUser(r.Context(), ck.Value)
	} else {
		return Principal{}, MethodNone, ErrUnauthenticated
	}
	if errors.Is(err, storage.ErrNotFound) {
		err = ErrInvalidCredentials // user deleted
	}
	if err != nil {
		return Principal{}, method, err
	}
	if u.Disabled {
		return Principal{}, method, fmt.Errorf("%w: account disabled", ErrInvalidCredentials)
	}
	p := u.Principal()
	if err := p.Validate(); err != nil {
		return Principal{}, method, fmt.Errorf("%w: %v", ErrInvalidCredentials, err)
	}
	return p, method, nil
}

// CSRFToken returns the CSRF token of the request's session ("" without
// one), to embed in forms as CSRFField. It is an HMAC of the session id, so
// it needs no storage and changes with every session.
func (s *Service) CSRFToken(r *http.Request) string {
	ck, err := r.Cookie(SessionCookie)
	if err != nil {
		return ""
	}
	c, err := s.parseCookie(ck.Value)
	if err != nil {
		return ""
	}
	return s.csrfFor(c.SID)
}

// CSRFTokenForCookie returns the CSRF token of a session cookie just set
// by Login (the request does not carry it yet).
func (s *Service) CSRFTokenForCookie(ck *http.Cookie) string {
	c, err := s.parseCookie(ck.Value)
	if err != nil {
		return ""
	}
	return s.csrfFor(c.SID)
}

func (s *Service) csrfFor(sid string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(sid))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CheckCSRF checks the CSRF token of an unsafe request made with a session
// cookie: the X-CSRF-Token header, or the csrf_token field of a URL-encoded
// form, or — for multipart uploads, whose body the check must not consume —
// the csrf_token query parameter.
func (s *Service) CheckCSRF(r *http.Request) error {
	want := s.CSRFToken(r)
	if want == "" {
		return ErrCSRF
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		ct := r.Header.Get("Content-Type")
		switch {
		case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
			got = r.PostFormValue(CSRFField)
		case strings.HasPrefix(ct, "multipart/form-data"):
			got = r.URL.Query().Get(CSRFField)
		}
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return ErrCSRF
	}
	return nil
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// Middleware authenticates every request, puts the principal in the
// context (FromContext) and, for session-authenticated unsafe requests,
// checks the CSRF token. Requests without valid credentials get 401, bad
// CSRF tokens 403; open routes (health, readiness, login) must be mounted
// outside it.
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, method, err := s.authenticate(r)
		if err == nil && method == MethodSession && !safeMethod(r.Method) {
			err = s.CheckCSRF(r)
		}
		if err != nil {
			if !errors.Is(err, ErrUnauthenticated) && !errors.Is(err, ErrInvalidCredentials) && !errors.Is(err, ErrCSRF) {
				slog.Error("authenticate", "err", err) // a store failure, not the client's fault
			}
			if s.opts.Unauthenticated != nil {
				s.opts.Unauthenticated(w, r, err)
				return
			}
			WriteError(w, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}

// WriteError writes an authentication or authorisation error in the API's
// error format, {"error": {"code", "message"}}, with a Vietnamese message.
func WriteError(w http.ResponseWriter, err error) {
	status, code, msg := http.StatusInternalServerError, "internal", "Lỗi hệ thống, vui lòng thử lại."
	switch {
	case errors.Is(err, ErrUnauthenticated):
		status, code, msg = http.StatusUnauthorized, "unauthenticated", "Bạn cần đăng nhập."
	case errors.Is(err, ErrInvalidCredentials):
		status, code, msg = http.StatusUnauthorized, "invalid_credentials", "Thông tin đăng nhập không hợp lệ hoặc đã hết hạn."
	case errors.Is(err, ErrRateLimited):
		status, code, msg = http.StatusTooManyRequests, "rate_limited", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút."
		w.Header().Set("Retry-After", "60")
	case errors.Is(err, ErrCSRF):
		status, code, msg = http.StatusForbidden, "csrf", "Phiên làm việc không hợp lệ, vui lòng tải lại trang."
	case errors.Is(err, ErrForbidden):
		status, code, msg = http.StatusForbidden, "forbidden", "Bạn không có quyền thực hiện thao tác này."
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="sohoa"`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error":{"code":%s,"message":%s}}`+"\n", strconv.Quote(code), quoteJSON(msg))
}

func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ClientIP is the request's peer address without the port. Forwarded
// headers are not trusted: a proxy in front must be configured by the
// caller, not guessed here.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
