package auth

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
)

var secret = []byte("test-secret-key-0123456789abcdef")

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestService(t *testing.T, dir string, clk *clock) *Service {
	t.Helper()
	st, err := localfs.New(dir, localfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewService(st, Options{SecretKey: secret, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newBenchService(b *testing.B) *Service {
	st, err := localfs.New(b.TempDir(), localfs.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewService(st, Options{SecretKey: secret})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func newClock() *clock { return &clock{t: time.Date(2024, 9, 18, 8, 0, 0, 0, time.UTC)} }

func TestAddUserValidation(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t, t.TempDir(), newClock())
	cases := []struct {
		name string
		u    User
		pw   string
		ok   bool
	}{
		{"clerk", User{Name: "Lê Thị Hoa", Role: RoleClerk, Office: officeA, Username: "hoa"}, "mật-khẩu-đủ-dài", true},
		{"citizen token only", User{Name: "Trần Văn Bình", Role: RoleCitizen, IDNumber: citizen}, "", true},
		{"duplicate username", User{Name: "X", Role: RoleAuditor, Username: "HOA"}, "another-long-pass", false},
		{"clerk without office", User{Name: "X", Role: RoleClerk}, "", false},
		{"citizen with 9-digit CMND", User{Name: "X", Role: RoleCitizen, IDNumber: "123456789"}, "", false},
		{"unknown role", User{Name: "X", Role: "root"}, "", false},
		{"no name", User{Role: RoleAuditor}, "", false},
		{"short password", User{Name: "X", Role: RoleAuditor, Username: "x1"}, "short", false},
		{"password without username", User{Name: "X", Role: RoleAuditor}, "long-enough-password", false},
		{"path in username", User{Name: "X", Role: RoleAuditor, Username: "../../etc"}, "long-enough-password", false},
	}
	for _, c := range cases {
		u, err := s.AddUser(ctx, c.u, c.pw)
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok %v", c.name, err, c.ok)
		}
		if err == nil && (u.ID == "" || (c.pw != "" && !strings.HasPrefix(u.PasswordHash, "$argon2id$"))) {
			t.Errorf("%s: stored %+v", c.name, u)
		}
	}
}

func bearer(token string) *http.Request {
	r := httptest.NewRequest("GET", "/api/v1/documents", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := newClock()
	s := newTestService(t, dir, clk)
	u, err := s.AddUser(ctx, User{Name: "Trần Văn Bình", Role: RoleCitizen, IDNumber: citizen}, "")
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.CreateToken(ctx, u.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Authenticate(bearer(token))
	if err != nil || p.UserID != u.ID || p.IDNumber != citizen || p.Role != RoleCitizen {
		t.Fatalf("Authenticate = %+v, %v", p, err)
	}
	// Only the hash is stored: the token appears in no stored file.
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); strings.Contains(string(b), token) || strings.Contains(string(b), strings.TrimPrefix(token, TokenPrefix)) {
				t.Errorf("token in clear in %s", path)
			}
		}
		return nil
	})

	for name, r := range map[string]*http.Request{
		"wrong token":    bearer(TokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
		"token cut":      bearer(token[:len(token)-1]),
		"basic scheme":   func() *http.Request { r := bearer(""); r.Header.Set("Authorization", "Basic "+token); return r }(),
		"empty bearer":   bearer(""),
		"token as query": httptest.NewRequest("GET", "/?token="+url.QueryEscape(token), nil),
	} {
		if _, err := s.Authenticate(r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}

	// A token made by another process works at once (misses are not cached).
	other := newTestService(t, dir, clk)
	token2, err := other.CreateToken(ctx, u.ID, "second")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(bearer(token2)); err != nil {
		t.Fatalf("token from another process: %v", err)
	}

	// Disabling the user stops the cached token in this process at once.
	if err := s.SetDisabled(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(bearer(token)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("disabled user: %v", err)
	}
	// … and in the other process once its cache entry expires.
	clk.add(31 * time.Second)
	if _, err := other.Authenticate(bearer(token2)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("disabled user in other process: %v", err)
	}
	if err := s.SetDisabled(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(bearer(token)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("revoked token: %v", err)
	}
	if _, err := s.Authenticate(bearer(token2)); err != nil {
		t.Fatalf("the other token must survive: %v", err)
	}
	if _, err := s.Authenticate(httptest.NewRequest("GET", "/", nil)); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("no credentials: %v", err)
	}
}

func withCookie(method, target string, ck *http.Cookie) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.AddCookie(ck)
	return r
}

func TestLoginSessions(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := newClock()
	s := newTestService(t, dir, clk)
	u, err := s.AddUser(ctx, User{Name: "Lê Thị Hoa", Role: RoleClerk, Office: officeA, Username: "hoa"}, "mật-khẩu-đủ-dài")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Login(ctx, "hoa", "wrong-password", "10.0.0.1"); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, err := s.Login(ctx, "nobody", "mật-khẩu-đủ-dài", "10.0.0.1"); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("unknown user: %v", err)
	}
	p, ck, err := s.Login(ctx, "Hoa ", "mật-khẩu-đủ-dài", "10.0.0.1")
	if err != nil || p.UserID != u.ID || p.Office != officeA {
		t.Fatalf("login: %+v %v", p, err)
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Name != SessionCookie {
		t.Fatalf("cookie attributes: %+v", ck)
	}
	if p, err := s.Authenticate(withCookie("GET", "/", ck)); err != nil || p.UserID != u.ID {
		t.Fatalf("session: %+v %v", p, err)
	}
	// Another process (no cache) accepts it too: the session is in the store.
	other := newTestService(t, dir, clk)
	if _, err := other.Authenticate(withCookie("GET", "/", ck)); err != nil {
		t.Fatalf("session in other process: %v", err)
	}

	payload, mac, _ := strings.Cut(ck.Value, ".")
	forged := *ck
	forged.Value = strings.ToUpper(payload[:1]) + payload[1:] + "." + mac
	if payload[:1] == strings.ToUpper(payload[:1]) {
		forged.Value = strings.ToLower(payload[:1]) + payload[1:] + "." + mac
	}
	st, _ := localfs.New(t.TempDir(), localfs.Options{})
	otherKey, _ := NewService(st, Options{SecretKey: []byte("another-secret-key-0123456789abc"), Now: clk.now})
	_, foreignCookie, err := func() (Principal, *http.Cookie, error) {
		if _, err := otherKey.AddUser(ctx, User{Name: "Y", Role: RoleAdmin, Username: "hoa"}, "mật-khẩu-đủ-dài"); err != nil {
			return Principal{}, nil, err
		}
		return otherKey.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.1")
	}()
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*http.Cookie{
		"edited payload":         &forged,
		"no MAC":                 {Name: SessionCookie, Value: payload},
		"signed with other key":  foreignCookie,
		"garbage":                {Name: SessionCookie, Value: "a.b"},
		"path-like session name": {Name: SessionCookie, Value: "../../auth/users." + mac},
	} {
		if _, err := s.Authenticate(withCookie("GET", "/", c)); !errors.Is(err, ErrInvalidCredentials) {
			t.Errorf("%s: err = %v", name, err)
		}
	}

	// Logout ends the session everywhere: the stored session is deleted.
	rec := httptest.NewRecorder()
	if err := s.Logout(rec, withCookie("POST", "/logout", ck)); err != nil {
		t.Fatal(err)
	}
	if got := rec.Result().Cookies(); len(got) != 1 || got[0].MaxAge >= 0 {
		t.Fatalf("logout cookie %+v", got)
	}
	if _, err := s.Authenticate(withCookie("GET", "/", ck)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("after logout: %v", err)
	}
	if _, err := newTestService(t, dir, clk).Authenticate(withCookie("GET", "/", ck)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("after logout, fresh process: %v", err)
	}

	// Sessions expire.
	_, ck, err = s.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	clk.add(8*time.Hour + time.Second)
	if _, err := s.Authenticate(withCookie("GET", "/", ck)); !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("expired session: %v", err)
	}
}

func TestLoginRateLimit(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := newTestService(t, t.TempDir(), clk)
	if _, err := s.AddUser(ctx, User{Name: "Lê Thị Hoa", Role: RoleClerk, Office: officeA, Username: "hoa"}, "mật-khẩu-đủ-dài"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, _, err := s.Login(ctx, "hoa", "guess", "10.0.0.9"); !errors.Is(err, ErrInvalidCredentials) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Locked out from this address, even with the right password…
	if _, _, err := s.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.9"); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("6th attempt: %v", err)
	}
	// … but not from another one,
	if _, _, err := s.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.10"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	// and not after the window.
	clk.add(61 * time.Second)
	if _, _, err := s.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.9"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	// One address spraying many usernames is limited too (20 a minute).
	var last error
	for i := range 21 {
		_, _, last = s.Login(ctx, "user"+string(rune('a'+i)), "guess", "10.0.0.66")
	}
	if !errors.Is(last, ErrRateLimited) {
		t.Fatalf("spraying: %v", last)
	}
}

func TestMiddleware(t *testing.T) {
	ctx := context.Background()
	s := newTestService(t, t.TempDir(), newClock())
	u, _ := s.AddUser(ctx, User{Name: "Lê Thị Hoa", Role: RoleClerk, Office: officeA, Username: "hoa"}, "mật-khẩu-đủ-dài")
	token, _ := s.CreateToken(ctx, u.ID, "")
	_, ck, err := s.Login(ctx, "hoa", "mật-khẩu-đủ-dài", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	csrf := s.CSRFTokenForCookie(ck)
	h := s.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := FromContext(r.Context())
		if !ok || p.UserID != u.ID {
			t.Errorf("principal %+v %v", p, ok)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	form := func(v string) *http.Request {
		r := httptest.NewRequest("POST", "/dossiers", strings.NewReader(url.Values{CSRFField: {v}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(ck)
		return r
	}
	cases := []struct {
		name     string
		req      *http.Request
		status   int
		wantCode string
	}{
		{"no credentials", httptest.NewRequest("GET", "/", nil), 401, "unauthenticated"},
		{"bad token", bearer(TokenPrefix + "nope"), 401, "invalid_credentials"},
		{"token GET", bearer(token), 204, ""},
		{"token POST needs no CSRF", func() *http.Request { r := bearer(token); r.Method = "POST"; return r }(), 204, ""},
		{"session GET", withCookie("GET", "/", ck), 204, ""},
		{"session POST without CSRF", withCookie("POST", "/dossiers", ck), 403, "csrf"},
		{"session POST with CSRF header", func() *http.Request {
			r := withCookie("POST", "/dossiers", ck)
			r.Header.Set(CSRFHeader, csrf)
			return r
		}(), 204, ""},
		{"session POST with CSRF form field", form(csrf), 204, ""},
		{"session POST with wrong CSRF", form(csrf[:len(csrf)-2] + "xx"), 403, "csrf"},
		{"multipart upload with CSRF in query", func() *http.Request {
			r := withCookie("POST", "/upload?"+CSRFField+"="+csrf, ck)
			r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
			return r
		}(), 204, ""},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, c.req)
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, rec.Code, c.status, rec.Body)
		}
		if c.wantCode != "" && !strings.Contains(rec.Body.String(), `"code":"`+c.wantCode+`"`) {
			t.Errorf("%s: body %s", c.name, rec.Body)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("hashes are not salted")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		if ok, err := CheckPassword(h, pw); ok != want || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	if _, err := CheckPassword("$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "x"); err == nil {
		t.Error("accepted a hash asking for 100 GB")
	}
}

var _ storage.Store = (*localfs.Store)(nil)
