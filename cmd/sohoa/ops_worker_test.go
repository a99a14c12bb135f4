package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/sohoa/sohoa/internal/testenv"
)

// TestWorkerMetricsAndLogs runs the real `sohoa worker` with its metrics
// listener, ingests a scanned page and a text file, and reads what the
// worker reports: step latencies, OCR confidence, documents stored and
// indexed, and JSON log lines carrying task and document ids.
func TestWorkerMetricsAndLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a worker and OCRs a page")
	}
	rs := testenv.StartRedis(t)
	data := t.TempDir()
	addr := fmt.Sprintf("127.0.0.1:%d", freeTCPPort(t))
	env := []string{"SOHOA_REDIS_URL=" + rs.URL(), "SOHOA_DATA_DIR=" + data, "SOHOA_OCR_WORKERS=1"}
	wlog := runWorkerProcess(t, append(env, "SOHOA_METRICS_ADDR="+addr, "SOHOA_LOG_LEVEL=info"))

	// The container healthcheck passes once the listener is up.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if sohoa(t, nil, "healthcheck", "http://"+addr+"/healthz").Run() == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("worker /healthz never answered")
		}
	}

	dir := t.TempDir()
	page, _ := writeSample(t, dir, "a.png", 21, "decision")
	txt := filepath.Join(dir, "tb.txt")
	os.WriteFile(txt, []byte("THÔNG BÁO\nVề việc tiếp nhận hồ sơ trực tuyến\n"), 0o644)
	if out, err := sohoa(t, env, "ingest", "--wait", "--json", "--timeout", "3m", page, txt).CombinedOutput(); err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}

	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	sum := func(name string, match func(map[string]string) bool) float64 {
		var v float64
		for _, m := range fams[name].GetMetric() {
			l := map[string]string{}
			for _, p := range m.GetLabel() {
				l[p.GetName()] = p.GetValue()
			}
			if match != nil && !match(l) {
				continue
			}
			v += value(m)
		}
		return v
	}
	step := func(s string) func(map[string]string) bool {
		return func(l map[string]string) bool { return l["step"] == s }
	}
	for _, c := range []struct {
		what string
		got  float64
		min  float64
	}{
		{"ocr step observations", sum("sohoa_step_duration_seconds", step("ocr")), 1},
		{"clean step observations", sum("sohoa_step_duration_seconds", step("clean")), 1},
		{"extract step observations", sum("sohoa_step_duration_seconds", step("extract")), 2},
		{"index step observations", sum("sohoa_step_duration_seconds", step("index")), 2},
		{"OCR confidence observations", sum("sohoa_ocr_confidence", nil), 1},
		{"documents stored (processed)", sum("sohoa_documents_stored_total", func(l map[string]string) bool { return l["status"] == "processed" }), 2},
		{"documents indexed", sum("sohoa_documents_indexed_total", nil), 2},
		{"index lag observations", sum("sohoa_index_lag_seconds", nil), 2},
		{"page tasks timed", sum("sohoa_task_duration_seconds", func(l map[string]string) bool { return l["type"] == "page:process" }), 1},
	} {
		if c.got < c.min {
			t.Errorf("%s = %v, want ≥ %v", c.what, c.got, c.min)
		}
	}
	if _, ok := fams["sohoa_queue_tasks"]; ok {
		t.Error("the worker reports queue depth; only the API should")
	}

	// Logs: JSON, and the "document stored" lines carry task and document ids.
	stored := 0
	for _, line := range strings.Split(wlog.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "document stored" {
			continue
		}
		stored++
		if task, _ := rec["task"].(string); !strings.HasPrefix(task, "doc:assemble-") {
			t.Errorf("log line without the assemble task id: %s", line)
		}
		if doc, _ := rec["doc"].(string); doc == "" || rec["lane"] == nil {
			t.Errorf("log line without doc or lane: %s", line)
		}
	}
	if stored != 2 {
		b, _ := io.ReadAll(strings.NewReader(wlog.String()))
		t.Errorf("%d 'document stored' log lines, want 2:\n%s", stored, b)
	}
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	}
	return 0
}
