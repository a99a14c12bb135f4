package ocrproc

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/sohoa/sohoa/internal/memlimit"
	"github.com/sohoa/sohoa/pipeline"
)

// FaultEnv names an environment variable of the helper that injects
// faults, for tests of the parent's handling only: "crash=WxH" makes the
// helper die of SIGSEGV on a page whose file declares exactly W×H pixels,
// "hang=WxH" makes it stop answering. Several are separated by commas.
const FaultEnv = "SOHOA_OCRPROC_FAULT"

// MemoryLimitEnv names the soft memory limit of each OCR helper's Go
// heap (a size as GOMEMLIMIT takes it, e.g. 256MiB; "off"). GOMEMLIMIT,
// when set, wins.
const MemoryLimitEnv = "SOHOA_OCR_MEMORY_LIMIT"

// DefaultMemoryLimit is a helper's soft memory limit when none is set.
// An A4 page at 300 dpi peaks at about 90 MB of Go heap in a helper
// (decoded RGBA and the cleaning steps' images): the limit leaves it
// room, and caps the garbage collector's headroom on larger pages.
const DefaultMemoryLimit = 256 << 20

// Serve runs this process as an OCR helper: it loads one Tesseract engine
// and answers pages on fd 3/4 until the parent closes fd 3. A binary calls
// it when SOHOA_HELPER=ocr.
func Serve() error {
	in := os.NewFile(3, "ocr-requests")
	out := os.NewFile(4, "ocr-replies")
	if in == nil || out == nil {
		return errors.New("fd 3/4 not open: start helpers with ocrproc.Pool")
	}
	// The parent decides when a helper ends; Ctrl-C in a terminal reaches
	// the whole process group and must not kill a page half done.
	signal.Ignore(os.Interrupt)
	bw := bufio.NewWriterSize(out, 1<<20)
	enc := gob.NewEncoder(bw)
	dec := gob.NewDecoder(bufio.NewReaderSize(in, 1<<20))
	hello := reply{}
	if _, _, err := memlimit.Apply(MemoryLimitEnv, DefaultMemoryLimit); err != nil {
		hello.Err = err.Error()
	}
	// Post-correction's lists load beside Tesseract's model rather than
	// on the first page, which may be a counter page; the garbage of
	// building them goes back to the system at once.
	go func() {
		pipeline.Warm()
		debug.FreeOSMemory()
	}()
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{LazyOSD: true})
	if err != nil {
		hello.Err = fmt.Sprintf("start Tesseract: %v", err)
	}
	if err := send(enc, bw, hello); err != nil || hello.Err != "" {
		return errors.Join(err, errors.New(hello.Err))
	}
	defer eng.Close()
	faults := parseFaults(os.Getenv(FaultEnv))
	// Between the cleaning and the OCR of a page the decoded and
	// intermediate images are garbage: hand their memory back before
	// Tesseract allocates its own, so that the two peaks do not add up;
	// and Tesseract's after the page, before the next one is decoded.
	// The decoded colour page (35 MB for A4) is collected as soon as it
	// is gray, so that the cleaning steps reuse its memory: Go's peak for
	// decode + clean fell from 78–101 to 62–72 MB on A4 pages.
	opts := pipeline.FileOptions{
		Page:      pipeline.PageOptions{Clean: pipeline.CleanOptions{AfterGray: runtime.GC}},
		BeforeOCR: giveBack,
	}
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil // the parent closed the pipe: done
			}
			return fmt.Errorf("read request: %w", err)
		}
		faults.apply(req.Data)
		var rep reply
		rep.Page, err = pipeline.ProcessPageFile(context.Background(), req.Data, req.Limits, eng, opts)
		if err != nil {
			rep.Err = err.Error()
			rep.Unsupported = errors.Is(err, pipeline.ErrUnsupported)
		}
		req = request{} // the file is garbage once answered
		if err := send(enc, bw, rep); err != nil {
			return fmt.Errorf("write reply: %w", err)
		}
		trimCHeap()
	}
}

func send(enc *gob.Encoder, bw *bufio.Writer, r reply) error {
	if err := enc.Encode(r); err != nil {
		return err
	}
	return bw.Flush()
}

type faultSet map[string]string // "WxH" → crash | hang

func parseFaults(s string) faultSet {
	f := faultSet{}
	for _, part := range strings.Split(s, ",") {
		kind, size, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			f[size] = kind
		}
	}
	return f
}

// apply injects the fault set for the page's pixel size, read from its
// header (a file whose header cannot be read has no fault).
func (f faultSet) apply(data []byte) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return
	}
	switch f[fmt.Sprintf("%dx%d", cfg.Width, cfg.Height)] {
	case "crash":
		// die as a segfault in C does (the Go runtime reports it and
		// exits with status 2)
		_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV)
		time.Sleep(time.Minute)
	case "hang":
		time.Sleep(time.Hour)
	}
}
