package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/web"
)

func TestSecurityHeaders(t *testing.T) {
	s := startSystem(t, false)
	c := s.client(t)
	c.login("canbo", password("canbo"))
	for _, path := range []string{"/dang-nhap", "/ho-so", "/tra-cuu", "/khong-co", "/tinh/app.js"} {
		resp, _ := c.do("GET", path, nil)
		h := resp.Header
		if got := h.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
			t.Errorf("%s: CSP %q", path, got)
		}
		for name, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", path, name, got, want)
			}
		}
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*"} {
		if strings.Contains(web.ContentSecurityPolicy, bad) {
			t.Errorf("CSP allows %s", bad)
		}
	}
	// no inline script anywhere: every <script> has a src
	_, page := c.do("GET", "/ho-so", nil)
	if strings.Count(page, "<script") != strings.Count(page, "<script src=") {
		t.Errorf("inline script in page")
	}
}

func TestUnauthenticatedRedirectsToLogin(t *testing.T) {
	s := startSystem(t, false)
	c := s.client(t)
	resp, _ := c.do("GET", "/tra-cuu?q=abc", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dang-nhap?tiep="+url.QueryEscape("/tra-cuu?q=abc") {
		t.Fatalf("GET /tra-cuu: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = c.do("POST", "/ho-so", url.Values{"applicant": {citizenA}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("POST /ho-so without session: %d", resp.StatusCode)
	}
}

func TestCSRF(t *testing.T) {
	s := startSystem(t, false)
	c := s.client(t)
	tok := c.login("canbo", password("canbo"))

	resp, body := c.do("POST", "/ho-so", url.Values{"applicant": {citizenA}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "mã chống giả mạo") {
		t.Fatalf("POST without token: %d", resp.StatusCode)
	}
	resp, _ = c.do("POST", "/ho-so", url.Values{"applicant": {citizenA}, "csrf_token": {tok + "x"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("POST with a wrong token: %d", resp.StatusCode)
	}
	list, _, err := s.Svc.ListDossiers(context.Background(), s.principal("canbo"), dossier.Filter{}, "", 10)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("a dossier was opened without a valid token: %+v", list)
	}
	resp, _ = c.do("POST", "/ho-so", url.Values{"applicant": {citizenA}, "csrf_token": {tok}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/ho-so/") {
		t.Fatalf("POST with token: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// logout is a POST and needs it too
	resp, _ = c.do("POST", "/dang-xuat", nil)
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("logout without token: %d", resp.StatusCode)
	}

	// the login form has its own token (no session yet): without it, no login
	c2 := s.client(t)
	resp, _ = c2.do("POST", "/dang-nhap", url.Values{"username": {"canbo"}, "password": {password("canbo")}})
	if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) > 0 && resp.Cookies()[0].Name == "sohoa_session" {
		t.Fatalf("login without form token: %d %v", resp.StatusCode, resp.Cookies())
	}
}

func TestLoginRejectsWrongPasswordAndForeignRedirect(t *testing.T) {
	s := startSystem(t, false)
	c := s.client(t)
	_, page := c.do("GET", "/dang-nhap", nil)
	resp, body := c.do("POST", "/dang-nhap", url.Values{"csrf_token": {csrfOf(t, page)}, "username": {"canbo"}, "password": {"sai-mat-khau"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng") {
		t.Fatalf("wrong password: %d", resp.StatusCode)
	}
	_, page = c.do("GET", "/dang-nhap", nil)
	resp, _ = c.do("POST", "/dang-nhap", url.Values{"csrf_token": {csrfOf(t, page)}, "username": {"canbo"}, "password": {password("canbo")}, "tiep": {"//evil.example/x"}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/ho-so" {
		t.Fatalf("login with foreign next: %d %q", resp.StatusCode, loc)
	}
}

func TestTemplatesEscapeUserText(t *testing.T) {
	s := startSystem(t, false)
	ctx := context.Background()
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	d, err := s.Svc.CreateDossier(ctx, s.principal("canbo"), onestop.OpenDossier{Applicant: citizenA, ApplicantName: evil, Procedure: `"><b>thủ tục</b>`})
	must(t, err)
	c := s.client(t)
	c.login("canbo", password("canbo"))
	for _, path := range []string{"/ho-so/" + d.Code, "/ho-so"} {
		resp, body := c.do("GET", path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>thủ tục") {
			t.Errorf("%s: user text rendered as markup", path)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Errorf("%s: escaped applicant name missing", path)
		}
	}
	// a search query is echoed back escaped too
	_, body := c.do("GET", "/tra-cuu?q="+url.QueryEscape(`"><script>x()</script>`), nil)
	if strings.Contains(body, "<script>x()") {
		t.Errorf("search page echoes the query as markup")
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"quyết <mark>định</mark> số 5", "quyết <mark>định</mark> số 5"},
		{"<script>x</script> <mark>a</mark>", "&lt;script&gt;x&lt;/script&gt; <mark>a</mark>"},
		{"a & b <mark>c", "a &amp; b <mark>c</mark>"},
		{`"<img src=x>"`, "&#34;&lt;img src=x&gt;&#34;"},
	} {
		if got := string(web.Snippet(tc.in)); got != tc.want {
			t.Errorf("Snippet(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// The pages decide nothing themselves: a dossier of office A is not found
// for a clerk of office B nor for a citizen who is not its applicant, and
// their forms are refused the same way.
func TestDossierPagesFollowTheServicePolicy(t *testing.T) {
	s := startSystem(t, false)
	d, err := s.Svc.CreateDossier(context.Background(), s.principal("canbo"), onestop.OpenDossier{Applicant: citizenA})
	must(t, err)
	for _, tc := range []struct {
		user       string
		wantStatus int
	}{
		{"canbo", http.StatusOK},
		{"congdan", http.StatusOK}, // the applicant reads their own dossier
		{"canbob", http.StatusNotFound},
		{"congdanb", http.StatusNotFound},
		{"kiemtra", http.StatusOK},
	} {
		c := s.client(t)
		tok := c.login(tc.user, password(tc.user))
		resp, body := c.do("GET", "/ho-so/"+d.Code, nil)
		if resp.StatusCode != tc.wantStatus {
			t.Errorf("%s GET dossier: %d, want %d", tc.user, resp.StatusCode, tc.wantStatus)
		}
		if tc.wantStatus == http.StatusOK && tc.user != "canbo" && strings.Contains(body, `action="/ho-so/`+d.Code+`/tai-len`) {
			t.Errorf("%s is offered the upload form", tc.user)
		}
		if tc.user == "canbo" {
			continue
		}
		resp, _ = c.do("POST", "/ho-so/"+d.Code+"/dong", url.Values{"csrf_token": {tok}})
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s closing the dossier: %d", tc.user, resp.StatusCode)
		}
	}
	got, err := s.Svc.Dossier(context.Background(), s.principal("canbo"), d.Code)
	must(t, err)
	if got.Status != "open" {
		t.Fatalf("dossier closed by someone not allowed to: %s", got.Status)
	}
	c := s.client(t)
	c.login("congdan", password("congdan"))
	for _, path := range []string{"/tai-lieu/0123456789abcdef01234567", "/tai-lieu/0123456789abcdef01234567/ban-goc"} {
		if resp, body := c.do("GET", path, nil); resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Không tìm thấy") {
			t.Errorf("GET %s: %d", path, resp.StatusCode)
		}
	}
	resp, body := c.do("GET", "/tai-lieu/0123456789abcdef01234567/trang/1?w=240", nil)
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(body, "<svg") {
		t.Errorf("thumbnail of a missing document: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
