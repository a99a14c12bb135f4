package metrics_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/sohoa/sohoa/internal/metrics"
	"github.com/sohoa/sohoa/internal/testenv"
)

// scrape fetches reg's exposition over a real loopback HTTP server and
// parses it as Prometheus would.
func scrape(t *testing.T, reg *prometheus.Registry) map[string]*dto.MetricFamily {
	t.Helper()
	srv := httptest.NewServer(metrics.Handler(reg))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse exposition: %v", err)
	}
	return fams
}

func labels(m *dto.Metric) map[string]string {
	out := map[string]string{}
	for _, l := range m.GetLabel() {
		out[l.GetName()] = l.GetValue()
	}
	return out
}

// find returns the metric of family name whose labels include want.
func find(t *testing.T, fams map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	t.Helper()
	f, ok := fams[name]
	if !ok {
		t.Fatalf("metric %s missing from the exposition", name)
	}
next:
	for _, m := range f.GetMetric() {
		got := labels(m)
		for k, v := range want {
			if got[k] != v {
				continue next
			}
		}
		return m
	}
	t.Fatalf("metric %s%v missing", name, want)
	return nil
}

func TestObserveAndScrape(t *testing.T) {
	reg, err := metrics.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	before := scrape(t, reg)
	count := func(fams map[string]*dto.MetricFamily, name string, lbl map[string]string) float64 {
		f, ok := fams[name]
		if !ok {
			return 0 // a vector with no children yet is not exposed
		}
		for _, m := range f.GetMetric() {
			got := labels(m)
			match := true
			for k, v := range lbl {
				match = match && got[k] == v
			}
			if !match {
				continue
			}
			switch {
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount())
			case m.Counter != nil:
				return m.Counter.GetValue()
			}
		}
		return 0
	}

	metrics.Observe("ocr", 700*time.Millisecond)
	metrics.ObserveTimings(map[string]int64{"decode": 12, "clean": 40})
	metrics.ObserveConfidence(0.91)
	metrics.ObserveConfidence(0.42)
	metrics.DocumentStored("processed")
	metrics.DocumentIndexed(time.Now().Add(-3 * time.Second))
	metrics.CountError("page:process", fmt.Errorf("bad image: %w", asynq.SkipRetry))
	metrics.CountError("page:process", errors.New("redis: connection refused"))

	after := scrape(t, reg)
	for _, c := range []struct {
		name  string
		lbl   map[string]string
		delta float64
	}{
		{"sohoa_step_duration_seconds", map[string]string{"step": "ocr"}, 1},
		{"sohoa_step_duration_seconds", map[string]string{"step": "decode"}, 1},
		{"sohoa_step_duration_seconds", map[string]string{"step": "clean"}, 1},
		{"sohoa_ocr_confidence", nil, 2},
		{"sohoa_documents_stored_total", map[string]string{"status": "processed"}, 1},
		{"sohoa_documents_indexed_total", nil, 1},
		{"sohoa_index_lag_seconds", nil, 1},
		{"sohoa_task_errors_total", map[string]string{"type": "page:process", "kind": "permanent"}, 1},
		{"sohoa_task_errors_total", map[string]string{"type": "page:process", "kind": "transient"}, 1},
	} {
		if got := count(after, c.name, c.lbl) - count(before, c.name, c.lbl); got != c.delta {
			t.Errorf("%s%v grew by %v, want %v", c.name, c.lbl, got, c.delta)
		}
	}

	// The 0.7 s OCR observation lands in the right buckets: not ≤ 0.64 s,
	// but ≤ 1.28 s.
	h := find(t, after, "sohoa_step_duration_seconds", map[string]string{"step": "ocr"}).GetHistogram()
	var le064, le128 uint64
	for _, b := range h.GetBucket() {
		switch {
		case almost(b.GetUpperBound(), 0.64):
			le064 = b.GetCumulativeCount()
		case almost(b.GetUpperBound(), 1.28):
			le128 = b.GetCumulativeCount()
		}
	}
	if le128 <= le064 {
		t.Errorf("ocr buckets: le=0.64 %d, le=1.28 %d; the 0.7 s sample is not between them", le064, le128)
	}
	// Runtime collectors are there too.
	find(t, after, "go_goroutines", nil)
	find(t, after, "process_cpu_seconds_total", nil)
}

func almost(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

func TestErrorKind(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("decode: %w", asynq.SkipRetry), "permanent"},
		{fmt.Errorf("ocr: %w", context.DeadlineExceeded), "timeout"},
		{context.Canceled, "canceled"},
		{errors.New("dial tcp: refused"), "transient"},
	} {
		if got := metrics.ErrorKind(c.err); got != c.want {
			t.Errorf("ErrorKind(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

func TestTaskMiddleware(t *testing.T) {
	reg, err := metrics.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	typ := "test:middleware"
	h := metrics.TaskMiddleware(asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		if string(t.Payload()) == "bad" {
			return fmt.Errorf("bad payload: %w", asynq.SkipRetry)
		}
		return nil
	}))
	for _, p := range []string{"ok", "ok", "bad"} {
		_ = h.ProcessTask(context.Background(), asynq.NewTask(typ, []byte(p)))
	}
	fams := scrape(t, reg)
	ok := find(t, fams, "sohoa_task_duration_seconds", map[string]string{"type": typ, "outcome": "ok"})
	if n := ok.GetHistogram().GetSampleCount(); n != 2 {
		t.Errorf("ok runs = %d, want 2", n)
	}
	bad := find(t, fams, "sohoa_task_errors_total", map[string]string{"type": typ, "kind": "permanent"})
	if v := bad.GetCounter().GetValue(); v != 1 {
		t.Errorf("permanent errors = %v, want 1", v)
	}
}

func TestQueueCollector(t *testing.T) {
	rs := testenv.StartRedis(t)
	opt, err := asynq.ParseRedisURI(rs.URL())
	if err != nil {
		t.Fatal(err)
	}
	client := asynq.NewClient(opt)
	defer client.Close()
	for i := range 3 {
		if _, err := client.Enqueue(asynq.NewTask("page:process", []byte{byte(i)}), asynq.Queue("counter")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := client.Enqueue(asynq.NewTask("page:process", nil), asynq.Queue("counter"), asynq.ProcessIn(time.Hour)); err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspector(opt)
	defer insp.Close()
	reg, err := metrics.NewRegistry(metrics.NewQueueCollector(insp, "counter", "backfill"))
	if err != nil {
		t.Fatal(err)
	}
	fams := scrape(t, reg)
	gauge := func(lane, state string) float64 {
		return find(t, fams, "sohoa_queue_tasks", map[string]string{"lane": lane, "state": state}).GetGauge().GetValue()
	}
	for _, c := range []struct {
		lane, state string
		want        float64
	}{
		{"counter", "pending", 3},
		{"counter", "scheduled", 1},
		{"counter", "active", 0},
		{"backfill", "pending", 0}, // never used: reported as empty
	} {
		if got := gauge(c.lane, c.state); got != c.want {
			t.Errorf("queue %s %s = %v, want %v", c.lane, c.state, got, c.want)
		}
	}
	if up := find(t, fams, "sohoa_queue_up", nil).GetGauge().GetValue(); up != 1 {
		t.Errorf("sohoa_queue_up = %v, want 1", up)
	}
	if lat := find(t, fams, "sohoa_queue_latency_seconds", map[string]string{"lane": "counter"}).GetGauge().GetValue(); lat < 0 {
		t.Errorf("latency %v < 0", lat)
	}

	// Redis gone: the scrape still answers, with sohoa_queue_up 0.
	rs.Stop()
	fams = scrape(t, reg)
	if up := find(t, fams, "sohoa_queue_up", nil).GetGauge().GetValue(); up != 0 {
		t.Errorf("sohoa_queue_up with Redis stopped = %v, want 0", up)
	}
	if _, ok := fams["sohoa_queue_tasks"]; ok {
		t.Error("queue depth reported while Redis is down")
	}
}
