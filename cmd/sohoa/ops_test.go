package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/workers"
)

func TestAdminOnly(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "dashboard") })
	for _, c := range []struct {
		name, token string
		auth        func(r *http.Request)
		want        int
	}{
		{"no token configured: off", "", func(r *http.Request) { r.Header.Set("Authorization", "Bearer ") }, http.StatusNotFound},
		{"no credentials", "s3cret", func(r *http.Request) {}, http.StatusUnauthorized},
		{"wrong bearer", "s3cret", func(r *http.Request) { r.Header.Set("Authorization", "Bearer s3cre") }, http.StatusUnauthorized},
		{"right bearer", "s3cret", func(r *http.Request) { r.Header.Set("Authorization", "Bearer s3cret") }, http.StatusOK},
		{"basic, right password", "s3cret", func(r *http.Request) { r.SetBasicAuth("admin", "s3cret") }, http.StatusOK},
		{"basic, wrong password", "s3cret", func(r *http.Request) { r.SetBasicAuth("admin", "nope") }, http.StatusUnauthorized},
	} {
		a := &app{cfg: config.Config{AdminToken: c.token}}
		r := httptest.NewRequest("GET", "/admin/queues/", nil)
		c.auth(r)
		w := httptest.NewRecorder()
		a.adminOnly(ok).ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: status %d, want %d", c.name, w.Code, c.want)
		}
		if w.Code == http.StatusUnauthorized && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Basic") {
			t.Errorf("%s: 401 without a Basic challenge: the browser cannot log in", c.name)
		}
		if (w.Code == http.StatusOK) != (w.Body.String() == "dashboard") {
			t.Errorf("%s: body %q", c.name, w.Body.String())
		}
	}
}

// TestOpsEndpoints serves the real app handler (local storage, embedded
// index, real Redis) and reads /metrics and the queue dashboard.
func TestOpsEndpoints(t *testing.T) {
	rs := testenv.StartRedis(t)
	ctx := context.Background()
	cfg := config.Config{DataDir: t.TempDir(), RedisURL: rs.URL(), AdminToken: "tok"}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for range 2 {
		if _, err := a.client.Enqueue(asynq.NewTask(workers.TypeSplit, []byte(`{}`)), asynq.Queue(workers.LaneBackfill)); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(a.handler())
	defer srv.Close()
	get := func(path, token string) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	code, body := get("/metrics", "")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	for _, want := range []string{
		`sohoa_queue_tasks{lane="backfill",state="pending"} 2`,
		`sohoa_queue_tasks{lane="counter",state="pending"} 0`,
		`sohoa_queue_up 1`,
		`# TYPE sohoa_ocr_confidence histogram`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	if code, _ := get("/admin/queues/", ""); code != http.StatusUnauthorized {
		t.Errorf("/admin/queues/ without a token: %d, want 401", code)
	}
	code, body = get("/admin/queues/", "tok")
	if code != http.StatusOK || !strings.Contains(body, "<html") {
		t.Errorf("/admin/queues/: %d %.200s", code, body)
	}
	// The dashboard's API reads the same Redis.
	code, body = get("/admin/queues/api/queues", "tok")
	if code != http.StatusOK {
		t.Fatalf("/admin/queues/api/queues: %d %s", code, body)
	}
	var qs struct {
		Queues []struct {
			Queue string `json:"queue"`
			Size  int    `json:"size"`
		} `json:"queues"`
	}
	if err := json.Unmarshal([]byte(body), &qs); err != nil {
		t.Fatalf("dashboard API: %v: %s", err, body)
	}
	found := false
	for _, q := range qs.Queues {
		found = found || (q.Queue == workers.LaneBackfill && q.Size == 2)
	}
	if !found {
		t.Errorf("dashboard API does not show the backfill lane with 2 tasks: %s", body)
	}

	// The worker's own listener: /metrics without the queue collector, and
	// /healthz that follows Redis.
	wh, err := a.workerOpsHandler()
	if err != nil {
		t.Fatal(err)
	}
	wsrv := httptest.NewServer(wh)
	defer wsrv.Close()
	status := func(path string) (int, string) {
		resp, err := http.Get(wsrv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := status("/metrics"); code != http.StatusOK || strings.Contains(body, "sohoa_queue_tasks") || !strings.Contains(body, "go_goroutines") {
		t.Errorf("worker /metrics: %d; queue depth must be left to the API", code)
	}
	if code, _ := status("/healthz"); code != http.StatusOK {
		t.Errorf("worker /healthz with Redis up: %d", code)
	}
	rs.Stop()
	if code, _ := status("/healthz"); code != http.StatusServiceUnavailable {
		t.Errorf("worker /healthz with Redis down: %d, want 503", code)
	}
}

// TestHealthcheckCommand runs the real binary as the container healthcheck does.
func TestHealthcheckCommand(t *testing.T) {
	healthy := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !healthy {
			http.Error(w, "redis: down", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	if out, err := sohoa(t, nil, "healthcheck", srv.URL+"/readyz").CombinedOutput(); err != nil {
		t.Errorf("healthy: %v %s", err, out)
	}
	healthy = false
	out, err := sohoa(t, nil, "healthcheck", srv.URL+"/readyz").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "503") {
		t.Errorf("unhealthy: err %v, output %s; want a failure naming the status", err, out)
	}
	srv.Close()
	if _, err := sohoa(t, nil, "healthcheck", srv.URL+"/readyz").CombinedOutput(); err == nil {
		t.Error("server gone: healthcheck succeeded")
	}
}

func TestConfigDocCommand(t *testing.T) {
	out, err := sohoa(t, nil, "config-doc").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range config.Vars {
		if !strings.Contains(string(out), "| `"+v.Name+"` |") {
			t.Errorf("config-doc lacks %s", v.Name)
		}
	}
}

func TestMetricsGuard(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "sohoa_up 1") })
	for _, c := range []struct {
		name, token, header string
		want                int
	}{
		{"open when no token is configured", "", "", http.StatusOK},
		{"no credentials", "m3trics", "", http.StatusUnauthorized},
		{"wrong token", "m3trics", "Bearer m3tric", http.StatusUnauthorized},
		{"right token", "m3trics", "Bearer m3trics", http.StatusOK},
	} {
		a := &app{cfg: config.Config{MetricsToken: c.token}}
		r := httptest.NewRequest("GET", "/metrics", nil)
		if c.header != "" {
			r.Header.Set("Authorization", c.header)
		}
		w := httptest.NewRecorder()
		a.metricsGuard(ok).ServeHTTP(w, r)
		if w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
	}
}
