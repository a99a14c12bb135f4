package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/redisproc"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	register(command{
		name:    "demo",
		summary: "everything in one process on embedded defaults: ingest sample scans, search, serve",
		run:     runDemo,
	})
}

func runDemo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg := config.FromEnv()
	n := fs.Int("samples", 6, "number of sample scans to generate and ingest")
	exit := fs.Bool("exit", false, "exit after the searches instead of serving")
	fs.StringVar(&cfg.HTTPAddr, "addr", cfg.HTTPAddr, "listen address")
	backendFlags(fs, &cfg, false)
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return err
	}
	if cfg.RedisURL == "" {
		rs, err := redisproc.Start(ctx, filepath.Join(cfg.DataDir, "redis"))
		if err != nil {
			return err
		}
		defer rs.Stop()
		cfg.RedisURL = rs.URL()
		fmt.Printf("Redis: started redis-server on %s (data in %s)\n", rs.Addr(), rs.Dir)
	}
	if err := demoKeys(&cfg, demoOffice); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, true)
	if err != nil {
		return err
	}
	defer a.Close()
	srv, pool, err := startWorker(ctx, a)
	if err != nil {
		return err
	}
	defer pool.Close()
	defer srv.Shutdown()

	ready := make(chan string, 1)
	httpErr := make(chan error, 1)
	hctx, stopHTTP := context.WithCancel(ctx)
	defer stopHTTP()
	go func() { httpErr <- serveHTTP(hctx, a, cfg.HTTPAddr, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-httpErr:
		return err
	}

	// Sample scans: generated Vietnamese pages at 300 dpi, some degraded.
	dir := filepath.Join(cfg.DataDir, "samples")
	files, citizen, err := writeSamples(dir, *n)
	if err != nil {
		return err
	}
	fmt.Printf("Ingesting %d sample scans from %s …\n", len(files), dir)
	sub := a.submitter()
	lines := make([]ingestLine, len(files))
	t0 := time.Now()
	for i, f := range files {
		lines[i] = ingestOne(ctx, sub, f, workers.Upload{Filename: filepath.Base(f), UploadedBy: "demo", Office: demoOffice})
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	lines = waitIndexed(wctx, a, lines, isTerminal(os.Stderr))
	cancel()
	for _, l := range lines {
		fmt.Printf("  %-34s %s  %-8s %s %s\n", filepath.Base(l.File), l.DocumentID, l.Status, l.DocType, l.Error)
	}
	fmt.Printf("Done in %.1f s.\n\n", time.Since(t0).Seconds())

	for _, q := range demoQueries(ctx, a) {
		res, err := a.index.Search(ctx, search.Query{Text: q, Limit: 3})
		if err != nil {
			return err
		}
		fmt.Printf("search %q → %d hit(s)\n", q, res.Total)
		for _, h := range res.Hits {
			num, _ := json.Marshal(h.Doc.DocNumber)
			fmt.Printf("    %s [%s] %s  %s\n", h.Doc.ID, h.Doc.DocType, num, h.Snippet)
		}
	}
	base := "http://" + addr
	users, err := ensureDemoUsers(ctx, a, demoOffice, citizen)
	if err != nil {
		return err
	}
	printDemoUsers(os.Stdout, users, base)
	// The counter's question: what has this citizen already handed in?
	svc := a.service()
	d, err := svc.CreateDossier(ctx, users[0].Principal(), onestop.OpenDossier{Procedure: "1.001612", Applicant: citizen})
	if err != nil {
		return err
	}
	groups, err := svc.Reusable(ctx, users[0].Principal(), d.Code, "")
	if err != nil {
		return err
	}
	fmt.Printf("\nDossier %s opened for %s; documents already digitised and still valid:\n", d.Code, citizen)
	for _, g := range groups {
		for _, r := range g.Documents {
			fmt.Printf("    %-22s %s  %s\n", g.DocType, r.DocumentID, r.Title)
		}
	}
	if *exit {
		return nil
	}
	fmt.Printf("\nWeb: http://%s/ (log in as above)  API: http://%s/api/v1/openapi.json — Ctrl-C to stop.\n", addr, addr)
	select {
	case <-ctx.Done():
		return nil
	case err := <-httpErr:
		return err
	}
}

// writeSamples writes generated Vietnamese scans at 300 dpi (some
// degraded as real scans are) and one born-digital text document; it
// returns the files and the ID number of the citizen whose card is among them.
// demoOffice is the one-stop office of the demo's clerk.
const demoOffice = "000.00.21.H26"

func writeSamples(dir string, n int) ([]string, string, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, "", err
	}
	types := []string{"cccd", "decision", "notice", "official_letter", "birth_certificate", "plan", "application", "business_registration"}
	degs := []corpus.Degradation{corpus.Clean, corpus.Skew, corpus.Seal, corpus.Rotate180, corpus.Faded, corpus.Noise}
	var files []string
	citizen := ""
	for i := 0; i < n; i++ {
		s := corpus.Render(2023, i, corpus.Options{Types: types[i%len(types) : i%len(types)+1]})
		d := degs[i%len(degs)]
		if s.DocType == "cccd" {
			d = corpus.Clean
			if citizen == "" {
				citizen = s.Fields["id_number"]
			}
		}
		img, _ := corpus.DegradeSample(s, d, int64(i))
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return nil, "", err
		}
		f := filepath.Join(dir, fmt.Sprintf("%s-%s.png", s.Name, d))
		if err := os.WriteFile(f, buf.Bytes(), 0o640); err != nil {
			return nil, "", err
		}
		files = append(files, f)
	}
	if citizen == "" {
		citizen = "001099001234"
	}
	// A born-digital paper of the same citizen: text skips OCR.
	txt := fmt.Sprintf(`UỶ BAN NHÂN DÂN
PHƯỜNG DỊCH VỌNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 215/XNTTHN
Dịch Vọng, ngày %s
GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN
Xét đề nghị của công dân về việc xác nhận tình trạng hôn nhân,
UỶ BAN NHÂN DÂN PHƯỜNG DỊCH VỌNG XÁC NHẬN:
Số định danh cá nhân: %s
Tình trạng hôn nhân: Chưa đăng ký kết hôn với ai.
Giấy này có giá trị sử dụng trong thời hạn 6 tháng, kể từ ngày cấp.
`, time.Now().AddDate(0, -1, 0).Format("02 tháng 01 năm 2006"), citizen)
	f := filepath.Join(dir, "xac-nhan-tinh-trang-hon-nhan.txt")
	if err := os.WriteFile(f, []byte(txt), 0o640); err != nil {
		return nil, "", err
	}
	return append(files, f), citizen, nil
}

// demoQueries are typed without diacritics, as clerks often do, plus a
// document number and an ID number read from what was just indexed.
func demoQueries(ctx context.Context, a *app) []string {
	qs := []string{"quyet dinh", "thu tuc hanh chinh", "can cuoc cong dan", "uy ban nhan dan"}
	res, err := a.index.Search(ctx, search.Query{Limit: 50})
	if err != nil {
		return qs
	}
	var num, id string
	for _, h := range res.Hits {
		if num == "" && h.Doc.DocNumber != "" {
			num = h.Doc.DocNumber
		}
		if id == "" && h.Doc.IDNumber != "" {
			id = h.Doc.IDNumber
		}
	}
	for _, s := range []string{num, id} {
		if s != "" {
			qs = append(qs, s)
		}
	}
	return qs
}
