package ocrproc_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/neardup"
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

// page renders a notice at 150 dpi, keeps its top third (the title) and
// encodes it as a scanner's PNG.
func page(t *testing.T, seed int64) []byte {
	t.Helper()
	s := corpus.Render(seed, 0, corpus.Options{DPI: 150, Types: []string{"notice"}})
	b := s.Image.Bounds()
	top := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/3))
	draw.Draw(top, top.Bounds(), s.Image, b.Min, draw.Src)
	return encPNG(t, top)
}

func encPNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// blank is a white w×h page as PNG.
func blank(t *testing.T, w, h int) []byte {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	return encPNG(t, g)
}

// pngDeclaring is a PNG header declaring w×h 8-bit gray pixels, with no
// pixel data.
func pngDeclaring(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// newPool is a pool of one helper (and no spare) with faults injected.
func newPool(t *testing.T, faults string) *ocrproc.Pool {
	t.Helper()
	return lanePool(t, 1, 0, ocrproc.PauseAll, faults)
}

func TestHelperGivesTheInProcessResult(t *testing.T) {
	data := page(t, 3)
	p := newPool(t, "")
	got, err := p.ProcessPage(context.Background(), data, pipeline.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	want, err := pipeline.ProcessPageFile(context.Background(), data, pipeline.DefaultLimits, eng, pipeline.FileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.OCR, want.OCR) {
		t.Errorf("helper text %q (conf %.3f, %d words), in-process %q (conf %.3f, %d words)",
			got.OCR.Text, got.OCR.Confidence, len(got.OCR.Words), want.OCR.Text, want.OCR.Confidence, len(want.OCR.Words))
	}
	if !strings.Contains(vntext.Fold(got.OCR.Text), "thong bao") {
		t.Errorf("title not read: %q", got.OCR.Text)
	}
	if !reflect.DeepEqual(got.Cleaned, want.Cleaned) {
		t.Errorf("cleaning %+v, in-process %+v", got.Cleaned, want.Cleaned)
	}
	if len(got.CleanedPNG) == 0 || !bytes.Equal(got.CleanedPNG, want.CleanedPNG) || got.PHash != want.PHash {
		t.Errorf("cleaned page: %d PNG bytes, pHash %x; in-process %d bytes, %x",
			len(got.CleanedPNG), got.PHash, len(want.CleanedPNG), want.PHash)
	}
	// the PNG is the cleaned page: gray, and as large as the page or larger
	// (upscaling), and its hash is the one of its pixels
	cleaned, err := png.Decode(bytes.NewReader(got.CleanedPNG))
	if err != nil {
		t.Fatal(err)
	}
	g, ok := cleaned.(*image.Gray)
	if !ok {
		t.Fatalf("cleaned page is %T, want *image.Gray", cleaned)
	}
	if neardup.PHash(g) != got.PHash {
		t.Errorf("pHash %x is not the cleaned page's %x", got.PHash, neardup.PHash(g))
	}
	for _, k := range []string{"decode", "clean", "encode", "ocr", "postcorrect"} {
		if _, ok := got.Timings[k]; !ok {
			t.Errorf("timings %v lack %s", got.Timings, k)
		}
	}
}

// A file that cannot be decoded is the file's fault: a permanent error
// with the reason, never a crash or poison, and the helper serves on.
func TestUnreadableFileLeavesTheHelperAlive(t *testing.T) {
	p := newPool(t, "")
	pids := p.PIDs()
	good := page(t, 8)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 400, 300)), nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, data, reason string
	}{
		{"truncated PNG", string(good[:len(good)/2]), "corrupt or truncated png"},
		{"truncated JPEG", string(jpg.Bytes()[:jpg.Len()/2]), "jpeg"},
		{"corrupt PNG header", "\x89PNG\r\n\x1a\n" + strings.Repeat("\xff", 64), "corrupt png header"},
		{"not an image", "%PDF-1.4 not a page", "not a raster image"},
		{"100000×100000 PNG", string(pngDeclaring(100000, 100000)), "more than the limit"},
	}
	for _, c := range cases {
		// twice: a bad file must never count towards poison
		for range 2 {
			_, err := p.ProcessPage(context.Background(), []byte(c.data), pipeline.DefaultLimits)
			if !errors.Is(err, pipeline.ErrUnsupported) || errors.Is(err, ocrproc.ErrCrashed) || errors.Is(err, ocrproc.ErrPoison) {
				t.Fatalf("%s: err = %v, want pipeline.ErrUnsupported only", c.name, err)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Errorf("%s: err %q does not say %q", c.name, err, c.reason)
			}
		}
	}
	if now := p.PIDs(); len(now) != 1 || now[0] != pids[0] {
		t.Errorf("helpers %v after unreadable files, want %v", now, pids)
	}
	if res, err := p.ProcessPage(context.Background(), good, pipeline.DefaultLimits); err != nil || res.OCR.Text == "" {
		t.Fatalf("good page after the bad ones: %v", err)
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
	_, err := p.ProcessPage(context.Background(), blank(t, 300, 200), pipeline.DefaultLimits)
	if !errors.Is(err, ocrproc.ErrCrashed) || errors.Is(err, ocrproc.ErrPoison) {
		t.Fatalf("err = %v, want ErrCrashed", err)
	}
	if !strings.Contains(err.Error(), "killed") {
		t.Errorf("err %q does not say the helper was killed", err)
	}
	// The next page gets a new helper.
	if _, err := p.ProcessPage(context.Background(), page(t, 4), pipeline.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	if now := p.PIDs(); len(now) != 1 || now[0] == pids[0] {
		t.Errorf("helpers %v after the kill of %d", now, pids[0])
	}
}

func TestPoisonPageIsRefusedAndOthersGoOn(t *testing.T) {
	p := newPool(t, "crash=320x240")
	poison := blank(t, 320, 240)
	good := page(t, 5)
	for i, want := range []error{ocrproc.ErrCrashed, ocrproc.ErrPoison} {
		_, err := p.ProcessPage(context.Background(), poison, pipeline.DefaultLimits)
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
		if res, err := p.ProcessPage(context.Background(), good, pipeline.DefaultLimits); err != nil || res.OCR.Text == "" {
			t.Fatalf("good page after crash %d: %v", i+1, err)
		}
	}
	// Known poison: refused without taking a helper down again.
	pids := p.PIDs()
	if _, err := p.ProcessPage(context.Background(), poison, pipeline.DefaultLimits); !errors.Is(err, ocrproc.ErrPoison) {
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
	data := encPNG(t, s.Image) // before the clock: encoding may take 150 ms on a loaded machine
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	t0 := time.Now()
	_, err := p.ProcessPage(ctx, data, pipeline.DefaultLimits)
	if !errors.Is(err, ocrproc.ErrCrashed) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a killed helper past the deadline", err)
	}
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("took %v to give up", d)
	}
	if _, err := p.ProcessPage(context.Background(), page(t, 7), pipeline.DefaultLimits); err != nil {
		t.Fatalf("page after the timeout: %v", err)
	}
}

// A helper applies its soft memory limit at start: a bad setting stops it
// with the variable named, instead of running without one.
func TestHelperMemoryLimitSetting(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	start := func(limit string) error {
		p, err := ocrproc.NewPool(ocrproc.Options{Size: 1, Command: func() *exec.Cmd {
			cmd := ocrproc.DefaultCommand(exe)
			cmd.Env = append(cmd.Env, "GOMEMLIMIT=", ocrproc.MemoryLimitEnv+"="+limit)
			return cmd
		}})
		if err == nil {
			p.Close()
		}
		return err
	}
	if err := start("lots"); err == nil || !strings.Contains(err.Error(), ocrproc.MemoryLimitEnv) {
		t.Errorf("helper with %s=lots: %v, want an error naming it", ocrproc.MemoryLimitEnv, err)
	}
	if err := start("200MiB"); err != nil {
		t.Errorf("helper with %s=200MiB: %v", ocrproc.MemoryLimitEnv, err)
	}
}
