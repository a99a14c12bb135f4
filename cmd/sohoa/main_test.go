package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pdf"
)

var sohoaBin string

// TestMain builds the real binary once: these tests run it as separate
// processes, as an office would.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sohoa-bin-")
	if err != nil {
		panic(err)
	}
	sohoaBin = filepath.Join(dir, "sohoa")
	out, err := exec.Command("go", "build", "-o", sohoaBin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build sohoa: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func sohoa(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(sohoaBin, args...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1", "SOHOA_LOG_LEVEL=warn")
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// runWorkerProcess starts `sohoa worker` with env until the test ends,
// when it must stop on SIGINT; it returns the worker's log (stderr).
func runWorkerProcess(t *testing.T, env []string) *bytes.Buffer {
	t.Helper()
	worker := sohoa(t, env, "worker")
	var wlog bytes.Buffer
	worker.Stderr = &wlog
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		worker.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- worker.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			worker.Process.Kill()
			t.Error("worker did not stop on SIGINT")
		}
		if t.Failed() {
			t.Logf("worker log:\n%s", wlog.String())
		}
	})
	return &wlog
}

func writeSample(t *testing.T, dir, name string, seed int64, types ...string) (string, corpus.Sample) {
	t.Helper()
	s := corpus.Render(seed, 0, corpus.Options{Types: types})
	var buf bytes.Buffer
	if err := png.Encode(&buf, s.Image); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, s
}

func TestProcessJSONContract(t *testing.T) {
	dir := t.TempDir()
	good, sample := writeSample(t, dir, "qd.png", 3, "decision")
	bad := filepath.Join(dir, "fake.png")
	os.WriteFile(bad, []byte("this is text, not a PNG"), 0o644)
	trunc := filepath.Join(dir, "trunc.png")
	data, _ := os.ReadFile(good)
	os.WriteFile(trunc, data[:len(data)/3], 0o644)

	cmd := sohoa(t, nil, "process", "--json", good, trunc, bad)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit = %v, want status 1 (one file failed)", err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), stdout.String())
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"file", "doc_type", "fields", "text", "confidence", "orientation", "skew_deg", "timings_ms"} {
		if _, ok := first[k]; !ok {
			t.Errorf("key %q missing in %s", k, lines[0])
		}
	}
	if first["file"] != good || first["doc_type"] != "decision" {
		t.Errorf("first line: file %v doc_type %v", first["file"], first["doc_type"])
	}
	timings, _ := first["timings_ms"].(map[string]any)
	for _, k := range []string{"decode", "clean", "ocr", "extract"} {
		if _, ok := timings[k]; !ok {
			t.Errorf("timings_ms lacks %q: %v", k, timings)
		}
	}
	if fields, _ := first["fields"].(map[string]any); fields["doc_number"] != sample.Fields["doc_number"] {
		t.Errorf("doc_number = %v, want %q", fields["doc_number"], sample.Fields["doc_number"])
	}
	for i, name := range []string{trunc, bad} {
		var l map[string]any
		json.Unmarshal([]byte(lines[i+1]), &l)
		if l["file"] != name || l["error"] == nil || l["error"] == "" {
			t.Errorf("line %d = %s, want an error for %s", i+2, lines[i+1], name)
		}
	}
}

// TestSeparateProcessesShareEmbeddedData runs a worker, ingest --wait and
// searches as separate processes on one data folder, searching while the
// worker writes.
func TestSeparateProcessesShareEmbeddedData(t *testing.T) {
	rs := testenv.StartRedis(t)
	data := t.TempDir()
	env := []string{"SOHOA_REDIS_URL=" + rs.URL(), "SOHOA_DATA_DIR=" + data, "SOHOA_OCR_WORKERS=1"}

	runWorkerProcess(t, env)

	dir := t.TempDir()
	f1, _ := writeSample(t, dir, "a.png", 11, "decision")
	txt := filepath.Join(dir, "tb.txt")
	os.WriteFile(txt, []byte("THÔNG BÁO\nVề việc công khai thủ tục hành chính tại Bộ phận Một cửa\n"), 0o644)

	// Searches run in a loop in other processes while the worker writes.
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var searchErrs []string
	var mu sync.Mutex
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			out, err := sohoa(t, env, "search", "--json", "ho so").CombinedOutput()
			if err != nil {
				mu.Lock()
				searchErrs = append(searchErrs, fmt.Sprintf("%v: %s", err, out))
				mu.Unlock()
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	ingest := sohoa(t, env, "ingest", "--wait", "--json", "--timeout", "3m", f1, txt)
	out, err := ingest.Output()
	stop()
	wg.Wait()
	if err != nil {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r ingestLine
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Status != "indexed" || r.DocumentID == "" {
			t.Errorf("ingest line %s: want indexed", l)
		}
	}
	if len(searchErrs) > 0 {
		t.Errorf("concurrent searches failed: %v", searchErrs[0])
	}

	res := searchJSON(t, env, "thu tuc hanh chinh")
	if res.Total != 1 || !strings.Contains(vntext.Fold(res.Hits[0].Snippet), "thu tuc hanh chinh") {
		t.Errorf("search 'thu tuc hanh chinh' = %+v", res)
	}
	res = searchJSON(t, env, "quyet dinh")
	if res.Total < 1 || res.Hits[0].DocType != "decision" {
		t.Errorf("search 'quyet dinh' = %+v", res)
	}

	// The index is derived: rebuilt from records alone, it answers the same.
	os.RemoveAll(filepath.Join(data, "index"))
	if out, err := sohoa(t, env, "reindex").CombinedOutput(); err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	if got := searchJSON(t, env, "thu tuc hanh chinh"); got.Total != 1 {
		t.Errorf("after reindex: %+v", got)
	}
}

func searchJSON(t *testing.T, env []string, q string) searchOutput {
	t.Helper()
	out, err := sohoa(t, env, "search", "--json", q).Output()
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var res searchOutput
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("search output %s: %v", out, err)
	}
	return res
}

// TestProcessBornDigitalPDF: pages of a PDF whose text layer is good are
// read from the layer (the page images here are blank: OCR would find
// nothing), in order, one JSON line for the document.
func TestProcessBornDigitalPDF(t *testing.T) {
	white := image.NewRGBA(image.Rect(0, 0, 620, 877))
	draw.Draw(white, white.Bounds(), &image.Uniform{C: color.White}, image.Point{}, draw.Src)
	words := func(text string) []pdf.Word {
		var ws []pdf.Word
		for i, line := range strings.Split(text, "\n") {
			x := 40
			for _, w := range strings.Fields(line) {
				ws = append(ws, pdf.Word{Text: w, X: x, Y: 60 + 30*i, W: 11 * len([]rune(w)), H: 18})
				x += 11*len([]rune(w)) + 10
			}
		}
		return ws
	}
	p1 := "ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY\nSố: 56/2023/QĐ-UBND\nQUYẾT ĐỊNH\nVề việc công bố thủ tục hành chính mới ban hành"
	p2 := "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký"
	var buf bytes.Buffer
	if err := pdf.Write(&buf, []pdf.Page{{Image: white, DPI: 75, Words: words(p1)}, {Image: white, DPI: 75, Words: words(p2)}}, pdf.Options{}); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "qd.pdf")
	os.WriteFile(f, buf.Bytes(), 0o644)
	out, err := sohoa(t, nil, "process", "--json", f).Output()
	if err != nil {
		t.Fatalf("process: %v %s", err, out)
	}
	var res processedFile
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 || res.Pages[0].Source != "text-layer" || res.Pages[1].Source != "text-layer" {
		t.Fatalf("pages = %+v", res.Pages)
	}
	if !strings.Contains(res.Pages[0].Text, "56/2023/QĐ-UBND") || !strings.Contains(res.Pages[1].Text, "Điều 2") {
		t.Errorf("page texts %q / %q", res.Pages[0].Text, res.Pages[1].Text)
	}
	if res.DocType != "decision" || res.Fields["doc_number"] != "56/2023/QĐ-UBND" {
		t.Errorf("doc_type %q fields %v", res.DocType, res.Fields)
	}
	if strings.Index(res.Text, "QUYẾT ĐỊNH") > strings.Index(res.Text, "Điều 2") {
		t.Error("pages joined out of order")
	}
}
