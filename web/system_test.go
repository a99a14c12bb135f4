package web_test

import (
	"bytes"
	"context"
	"github.com/sohoa/sohoa/internal/systest"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/web"
)

const (
	officeA  = "000.00.21.H26"
	officeB  = "000.00.22.H26"
	citizenA = "001099001234"
	citizenB = "079188005678"
)

// system is the whole app as `sohoa serve` mounts it — web pages at "/",
// the API at "/api/", signed downloads — over a local-folder store, the
// embedded index and, when withWorker, real Redis and a Tesseract worker.
type system struct{ *systest.System }

// password of each test user: "mat-khau-" + name.
func password(name string) string { return systest.Password(name) }

func startSystem(t testing.TB, withWorker bool) *system {
	t.Helper()
	ss := systest.StartWith(t, systest.Options{
		NoWorker: !withWorker,
		Users: map[string]auth.User{
			"canbo":    {Username: "canbo", Name: "Cán bộ Một Cửa", Role: auth.RoleClerk, Office: officeA},
			"canbob":   {Username: "canbob", Name: "Cán bộ Phường B", Role: auth.RoleClerk, Office: officeB},
			"congdan":  {Username: "congdan", Name: "Nguyễn Văn An", Role: auth.RoleCitizen, IDNumber: citizenA},
			"congdanb": {Username: "congdanb", Name: "Trần Thị Bình", Role: auth.RoleCitizen, IDNumber: citizenB},
			"kiemtra":  {Username: "kiemtra", Name: "Kiểm tra viên", Role: auth.RoleAuditor},
		},
		Mount: func(mux *http.ServeMux, s *systest.System) {
			mux.Handle("/", (&web.Server{Svc: s.Svc, Auth: s.Auth}).Handler())
		},
	})
	return &system{ss}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// principal of a test user.
func (s *system) principal(name string) auth.Principal { return s.Users[name].Principal() }

// submit hands a file to the service as the clerk, optionally into a dossier.
func (s *system) submit(t testing.TB, dossierCode, filename string, data []byte) string {
	t.Helper()
	sub, err := s.Svc.Submit(context.Background(), s.principal("canbo"), bytes.NewReader(data), int64(len(data)), onestop.Upload{Filename: filename, Dossier: dossierCode})
	must(t, err)
	return sub.DocID
}

// wait waits until a document is processed and (unless a near-duplicate) indexed.
func (s *system) wait(t testing.TB, id string, timeout time.Duration) *record.Document {
	t.Helper()
	return s.Wait(t, id, timeout)
}

// client is a browser-like HTTP client that does not follow redirects.
type client struct {
	t    testing.TB
	base string
	c    *http.Client
}

func (s *system) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: s.URL, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (c *client) do(method, path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	must(c.t, err)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.c.Do(req)
	must(c.t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func csrfOf(t testing.TB, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf_token in page:\n%.2000s", page)
	}
	return m[1]
}

// login logs in through the login form and returns the session's CSRF token.
func (c *client) login(user, pw string) string {
	c.t.Helper()
	_, page := c.do("GET", "/dang-nhap", nil)
	resp, body := c.do("POST", "/dang-nhap", url.Values{"csrf_token": {csrfOf(c.t, page)}, "username": {user}, "password": {pw}})
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", user, resp.StatusCode, body)
	}
	_, page = c.do("GET", resp.Header.Get("Location"), nil)
	return csrfOf(c.t, page)
}
