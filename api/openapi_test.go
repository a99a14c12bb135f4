package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/internal/systest"
)

// TestOpenAPIMatchesRoutes reads the served description and checks it
// against the routes the server really answers: every documented
// operation is routed (not 404/405 from the mux), and every route is
// documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := systest.Start(t)
	st, body, _ := s.Do(t, "admin", "GET", "/api/v1/openapi.json", nil)
	if st != http.StatusOK {
		t.Fatalf("openapi.json: %d", st)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	systest.Decode(t, body, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	param := regexp.MustCompile(`\{[a-z_]+\}`)
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
			// a concrete path for the pattern must reach a handler: the
			// mux's own 404 page and 405 are not JSON errors of ours
			concrete := param.ReplaceAllString(path, "1")
			st, b, hdr := s.Do(t, "admin", strings.ToUpper(method), concrete, nil)
			if st == http.StatusMethodNotAllowed || strings.Contains(string(b), `"no_route"`) || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") && !strings.HasPrefix(hdr.Get("Content-Type"), "text/event-stream") && st != http.StatusFound && st != http.StatusNoContent {
				t.Errorf("%s %s (documented) is not served: %d %q %s", method, concrete, st, hdr.Get("Content-Type"), truncate(b))
			}
		}
	}
	for _, rt := range api.Routes {
		if !documented[rt.Method+" "+rt.Pattern] {
			t.Errorf("route %s %s is not in openapi.json", rt.Method, rt.Pattern)
		}
	}
	// and an unknown path gets the API's own error, which the check above relies on
	if st, b, _ := s.Do(t, "admin", "GET", "/api/v1/khong-co", nil); st != http.StatusNotFound || !strings.Contains(string(b), `"no_route"`) {
		t.Errorf("unknown path: %d %s", st, b)
	}
	if len(documented) != len(api.Routes) {
		t.Errorf("openapi.json documents %d operations, the server has %d routes", len(documented), len(api.Routes))
	}
}
