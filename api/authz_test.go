package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/systest"
	"github.com/sohoa/sohoa/onestop"
)

const citizen2 = "079188005678"

// TestAuthorizationMatrix sends every route, as every role, against a
// resource of the caller's own and one of somebody else's, and checks the
// decision. Office A's dossier DA is citizen 1's and holds citizen 1's
// card; office B's dossier DB is citizen 2's and holds citizen 2's card.
func TestAuthorizationMatrix(t *testing.T) {
	s := systest.Start(t)
	open := func(clerk, applicant string) string {
		st, body, _ := s.Do(t, clerk, "POST", "/api/v1/dossiers", onestop.OpenDossier{Procedure: "1.0", Applicant: applicant})
		if st != http.StatusCreated {
			t.Fatalf("open dossier: %d %s", st, body)
		}
		var d dossier.Dossier
		systest.Decode(t, body, &d)
		return d.Code
	}
	da, db := open("clerkA", citizen1), open("clerkB", citizen2)
	doc1 := s.Upload(t, "clerkA", da, "a.txt", cardText(citizen1, "NGUYỄN VĂN AN", "12/03/1999", "Nam", "12/03/2039"))
	doc2 := s.Upload(t, "clerkB", db, "b.txt", cardText(citizen2, "TRẦN THỊ BÌNH", "02/11/1988", "Nữ", "02/11/2028"))
	s.Wait(t, doc1, time.Minute)
	s.Wait(t, doc2, time.Minute)

	const (
		ok     = "ok"     // 2xx or 3xx
		denied = "denied" // 403 or 404: not allowed, or not allowed to know it exists
		anon   = "anon"   // 401
	)
	roles := []string{"clerkA", "clerkB", "citizen1", "citizen2", "auditor", "admin", ""}
	type check struct {
		method, path string
		fresh        func() string // when set, a fresh path for each request
		body         func() any
		want         map[string]string // role → outcome; "" is anonymous
	}
	all := func(outcome string) map[string]string {
		m := map[string]string{"": anon}
		for _, r := range roles[:6] {
			m[r] = outcome
		}
		return m
	}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	// reads of citizen 1's document at office A
	readDoc1 := with(all(denied), "clerkA", ok, "citizen1", ok, "auditor", ok, "admin", ok)
	readDA := readDoc1
	review := func() any { return onestop.Review{Version: 1, Confirm: []string{"id_number"}} }
	checks := []check{
		{"GET", "/healthz", nil, nil, with(all(ok), "", ok)},
		{"GET", "/readyz", nil, nil, with(all(ok), "", ok)},
		{"GET", "/api/v1/me", nil, nil, all(ok)},
		{"GET", "/api/v1/openapi.json", nil, nil, all(ok)},
		{"GET", "/api/v1/documents/" + doc1, nil, nil, readDoc1},
		{"GET", "/api/v1/documents/" + doc1 + "/versions", nil, nil, readDoc1},
		{"GET", "/api/v1/documents/" + doc1 + "/versions/1", nil, nil, readDoc1},
		{"GET", "/api/v1/documents/" + doc1 + "/original", nil, nil, readDoc1},
		{"GET", "/api/v1/documents/" + doc1 + "/pages/1/cleaned", nil, nil, all(denied)}, // a text document has no page image
		{"GET", "/api/v1/documents/" + doc1 + "/audit", nil, nil, with(all(denied), "auditor", ok, "admin", ok)},
		{"GET", "/api/v1/search?q=can+cuoc", nil, nil, all(ok)},
		{"GET", "/api/v1/search?id_number=" + citizen1, nil, nil, with(all(ok), "citizen2", denied)},
		{"GET", "/api/v1/dossiers", nil, nil, all(ok)},
		{"GET", "/api/v1/dossiers?office=" + systest.OfficeA, nil, nil, with(all(ok), "clerkB", denied)},
		{"GET", "/api/v1/dossiers/" + da, nil, nil, readDA},
		{"GET", "/api/v1/dossiers/" + da + "/reusable", nil, nil, readDA},
		{"GET", "/api/v1/dossiers/" + da + "/events", nil, nil, readDA},
		{"POST", "/api/v1/dossiers/" + da + "/attach", nil, func() any { return map[string]any{"document_ids": []string{doc1}} },
			with(all(denied), "clerkA", ok, "admin", ok)},
		// another person's document into A's dossier: nobody but an admin
		{"POST", "/api/v1/dossiers/" + da + "/attach", nil, func() any { return map[string]any{"document_ids": []string{doc2}} },
			with(all(denied), "admin", ok)},
		{"POST", "/api/v1/dossiers/" + da + "/documents?filename=x.txt", nil, func() any { return []byte("THÔNG BÁO\nVề việc thử quyền") },
			with(all(denied), "clerkA", ok, "admin", ok)},
		{"POST", "/api/v1/documents?filename=y.txt", nil, func() any { return []byte("BÁO CÁO\nVề việc thử quyền tải lên") },
			with(all(denied), "clerkA", ok, "clerkB", ok, "admin", ok)},
		{"PATCH", "/api/v1/documents/" + doc1 + "/fields", nil, review, with(all(denied), "clerkA", ok, "admin", ok)},
		{"POST", "/api/v1/dossiers", nil, func() any { return onestop.OpenDossier{Procedure: "1.0", Applicant: citizen2} },
			with(all(denied), "clerkA", ok, "clerkB", ok, "admin", ok)},
		{"POST", "/api/v1/dossiers/{code}/close", func() string { return "/api/v1/dossiers/" + open("clerkB", citizen2) + "/close" }, nil,
			with(all(denied), "clerkB", ok, "admin", ok)},
		{"POST", "/api/v1/login", nil, func() any { return map[string]string{"username": "clerka", "password": "wrong password"} }, with(all(anon), "", anon)},
		{"POST", "/api/v1/logout", nil, nil, all(ok)},
	}
	covered := map[string]bool{}
	for _, c := range checks {
		for _, role := range roles {
			want := c.want[role]
			var body any
			if c.body != nil {
				body = c.body()
			}
			path := c.path
			if c.fresh != nil {
				path = c.fresh()
			}
			if strings.HasSuffix(path, "/events") {
				path += "?follow=0"
			}
			hdr := []string{}
			if c.method == "PATCH" {
				// each allowed review moves the version on: send the current one
				_, b, h := s.Do(t, "admin", "GET", "/api/v1/documents/"+doc1, nil)
				_ = b
				hdr = []string{"If-Match", h.Get("ETag")}
			}
			if _, isBytes := body.([]byte); isBytes {
				hdr = append(hdr, "Content-Type", "text/plain")
			}
			st, b, _ := s.Do(t, role, c.method, path, body, hdr...)
			got := denied
			switch {
			case st == http.StatusUnauthorized, st == http.StatusTooManyRequests && c.path == "/api/v1/login":
				got = anon // wrong credentials; past five tries, rate limited
			case st < 400:
				got = ok
			case st == http.StatusForbidden || st == http.StatusNotFound:
				got = denied
			default:
				got = "HTTP " + http.StatusText(st)
			}
			if got != want {
				t.Errorf("%s %s as %q: %d (%s), want %s: %s", c.method, c.path, role, st, got, want, truncate(b))
			}
		}
		covered[c.method+" "+routePattern(c.path)] = true
		covered[c.method+" "+c.path] = true
	}
	// Every route of the API is in the matrix.
	for _, rt := range api.Routes {
		if !covered[rt.Method+" "+rt.Pattern] {
			t.Errorf("route %s %s is not in the authorisation matrix", rt.Method, rt.Pattern)
		}
	}
}

// routePattern maps a concrete path back to its route pattern.
func routePattern(path string) string {
	path, _, _ = strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	for _, rt := range api.Routes {
		ps := strings.Split(rt.Pattern, "/")
		if len(ps) != len(segs) {
			continue
		}
		match := true
		for i := range ps {
			if !strings.HasPrefix(ps[i], "{") && ps[i] != segs[i] {
				match = false
				break
			}
		}
		if match {
			return rt.Pattern
		}
	}
	return path
}

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// TestSessionLoginAndCSRF logs in with a password as a browser does: the
// session cookie authenticates, an unsafe request without the CSRF token
// is refused, with it accepted; repeated failures are rate limited.
func TestSessionLoginAndCSRF(t *testing.T) {
	s := systest.Start(t)
	st, body, hdr := s.Do(t, "", "POST", "/api/v1/login", map[string]string{"username": "clerka", "password": "mat-khau-clerkA"})
	if st != http.StatusOK {
		t.Fatalf("login: %d %s", st, body)
	}
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	systest.Decode(t, body, &out)
	cookie := hdr.Get("Set-Cookie")
	if cookie == "" || out.CSRF == "" || !strings.Contains(strings.ToLower(cookie), "httponly") {
		t.Fatalf("cookie %q csrf %q", cookie, out.CSRF)
	}
	sess, _, _ := strings.Cut(cookie, ";")
	if st, _, _ := s.Do(t, "", "GET", "/api/v1/me", nil, "Cookie", sess); st != http.StatusOK {
		t.Errorf("GET with session: %d", st)
	}
	req := onestop.OpenDossier{Procedure: "1.0", Applicant: citizen1}
	if st, _, _ := s.Do(t, "", "POST", "/api/v1/dossiers", req, "Cookie", sess); st != http.StatusForbidden {
		t.Errorf("POST with session but no CSRF token: %d, want 403", st)
	}
	if st, b, _ := s.Do(t, "", "POST", "/api/v1/dossiers", req, "Cookie", sess, "X-CSRF-Token", out.CSRF); st != http.StatusCreated {
		t.Errorf("POST with session and CSRF token: %d %s", st, b)
	}
	limited := false
	for i := 0; i < 8; i++ {
		st, _, _ := s.Do(t, "", "POST", "/api/v1/login", map[string]string{"username": "clerkb", "password": "sai"})
		if st == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("8 wrong passwords in a row were never rate limited")
	}
}
