package ocrproc_test

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/pipeline"
)

// TestMain makes the test binary its own OCR helper.
func TestMain(m *testing.M) {
	if os.Getenv("SOHOA_HELPER") == ocrproc.HelperMode {
		if err := ocrproc.Serve(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// page renders a notice at 150 dpi and keeps its top third (the title).
func page(t *testing.T, seed int64) image.Image {
	t.Helper()
	s := corpus.Render(seed, 0, corpus.Options{DPI: 150, Types: []string{"notice"}})
	b := s.Image.Bounds()
	top := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/3))
	draw.Draw(top, top.Bounds(), s.Image, b.Min, draw.Src)
	return top
}

func blank(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return g
}

func newPool(t *testing.T, faults string) *ocrproc.Pool {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p, err := ocrproc.NewPool(ocrproc.Options{Size: 1, Command: func() *exec.Cmd {
		cmd := ocrproc.DefaultCommand(exe)
		cmd.Env = append(cmd.Env, ocrproc.FaultEnv+"="+faults)
		return cmd
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func TestHelperGivesTheInProcessResult(t *testing.T) {
	img := page(t, 3)
	p := newPool(t, "")
	got, err := p.ProcessPage(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	want, err := pipeline.ProcessPage(context.Background(), img, eng)
	if err != nil {
		t.Fatal(err)
	}
	if got.OCR.Text != want.OCR.Text || got.OCR.Confidence != want.OCR.Confidence || len(got.OCR.Words) != len(want.OCR.Words) {
		t.Errorf("helper text %q (conf %.3f, %d words), in-process %q (conf %.3f, %d words)",
			got.OCR.Text, got.OCR.Confidence, len(got.OCR.Words), want.OCR.Text, want.OCR.Confidence, len(want.OCR.Words))
	}
	if !strings.Contains(vntext.Fold(got.OCR.Text), "thong bao") {
		t.Errorf("title not read: %q", got.OCR.Text)
	}
	if got.Cleaned.Image == nil || got.Cleaned.Image.Bounds() != want.Cleaned.Image.Bounds() ||
		string(got.Cleaned.Image.Pix) != string(want.Cleaned.Image.Pix) {
		t.Error("cleaned image differs from the in-process one")
	}
	if got.Cleaned.SkewDeg != want.Cleaned.SkewDeg || got.Cleaned.Orientation != want.Cleaned.Orientation ||
		strings.Join(got.Cleaned.Steps, ",") != strings.Join(want.Cleaned.Steps, ",") {
		t.Errorf("cleaning %+v, in-process %+v", got.Cleaned, want.Cleaned)
	}
	if _, ok := got.Timings["ocr"]; !ok {
		t.Errorf("timings %v lack ocr", got.Timings)
	}
}

func TestKilledHelperIsReplaced(t *testing.T) {
	p := newPool(t, "hang=300x200")
	pids := p.PIDs()
	if len(pids) != 1 {
		t.Fatalf("pids %v", pids)
	}
	// The helper stops answering on this page; kill -9 it from outside,
	// as the OOM killer would.
	go func() {
		time.Sleep(300 * time.Millisecond)
		syscall.Kill(pids[0], syscall.SIGKILL)
	}()
	_, err := p.ProcessPage(context.Background(), blank(300, 200))
	if !errors.Is(err, ocrproc.ErrCrashed) || errors.Is(err, ocrproc.ErrPoison) {
		t.Fatalf("err = %v, want ErrCrashed", err)
	}
	if !strings.Contains(err.Error(), "killed") {
		t.Errorf("err %q does not say the helper was killed", err)
	}
	// The next page gets a new helper.
	if _, err := p.ProcessPage(context.Background(), page(t, 4)); err != nil {
		t.Fatal(err)
	}
	if now := p.PIDs(); len(now) != 1 || now[0] == pids[0] {
		t.Errorf("helpers %v after the kill of %d", now, pids[0])
	}
}

func TestPoisonPageIsRefusedAndOthersGoOn(t *testing.T) {
	p := newPool(t, "crash=320x240")
	poison := blank(320, 240)
	good := page(t, 5)
	for i, want := range []error{ocrproc.ErrCrashed, ocrproc.ErrPoison} {
		_, err := p.ProcessPage(context.Background(), poison)
		if !errors.Is(err, want) {
			t.Fatalf("attempt %d: err = %v, want %v", i+1, err, want)
		}
		if i == 0 && errors.Is(err, ocrproc.ErrPoison) {
			t.Fatal("poison after one crash")
		}
		if !strings.Contains(err.Error(), "SIGSEGV") {
			t.Errorf("err %q does not name the signal", err)
		}
		// another page is unaffected
		if res, err := p.ProcessPage(context.Background(), good); err != nil || res.OCR.Text == "" {
			t.Fatalf("good page after crash %d: %v", i+1, err)
		}
	}
	// Known poison: refused without taking a helper down again.
	pids := p.PIDs()
	if _, err := p.ProcessPage(context.Background(), poison); !errors.Is(err, ocrproc.ErrPoison) {
		t.Fatalf("third attempt: %v", err)
	}
	if now := p.PIDs(); len(now) != 1 || now[0] != pids[0] {
		t.Errorf("helper replaced (%v → %v) for a page known to be poison", pids, now)
	}
}

func TestPageDeadlineKillsTheHelper(t *testing.T) {
	p := newPool(t, "")
	// A real page with less time than Tesseract needs for it.
	s := corpus.Render(6, 0, corpus.Options{DPI: 200, Types: []string{"decision"}})
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := p.ProcessPage(ctx, s.Image)
	if !errors.Is(err, ocrproc.ErrCrashed) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a killed helper past the deadline", err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("took %v to give up", d)
	}
	if _, err := p.ProcessPage(context.Background(), page(t, 7)); err != nil {
		t.Fatalf("page after the timeout: %v", err)
	}
}
