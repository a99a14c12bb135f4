package workers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"syscall"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/neardup"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/internal/proc"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// Benchmarks of a page's tasks in a worker on real backends (Redis, local
// folder, embedded index), to split what a page costs beyond Tesseract:
// the page task with OCR in process, in a helper process, and with the
// OCR result given (everything but cleaning and OCR); and the assembly of
// a one-page document.
// Run: OMP_THREAD_LIMIT=1 go test ./workers -run '^$' -bench 'PageTask|Assemble|WorkerSteps' -benchtime 5x

// benchPage is an A4 decision at 300 dpi as a scanner's PNG.
func benchPage(b *testing.B) []byte {
	b.Helper()
	s := corpus.Render(9, 0, corpus.Options{Types: []string{corpus.TypeDecision}})
	var buf bytes.Buffer
	if err := png.Encode(&buf, s.Image); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

type benchSite struct {
	store   storage.Store
	archive *archive.Archive
	h       *workers.Handlers
	mux     *asynq.ServeMux
	source  record.Object
}

func newBenchSite(b *testing.B, page []byte) *benchSite {
	b.Helper()
	ctx := context.Background()
	rs := testenv.StartRedis(b)
	store, err := localfs.New(b.TempDir(), localfs.Options{Secret: []byte("bench")})
	if err != nil {
		b.Fatal(err)
	}
	idx, err := embedded.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	client := asynq.NewClient(&asynq.RedisClientOpt{Addr: rs.Addr()})
	b.Cleanup(func() { client.Close() })
	arch := archive.New(store)
	src, _, err := arch.PutOriginal(ctx, bytes.NewReader(page), int64(len(page)), "image/png")
	if err != nil {
		b.Fatal(err)
	}
	h := &workers.Handlers{Store: store, Archive: arch, Index: idx, Queue: client, OCREngine: "tesseract vie"}
	return &benchSite{store: store, archive: arch, h: h, mux: h.Mux(), source: src}
}

// runPage runs the page task of a new one-page document.
func (s *benchSite) runPage(b *testing.B, docID string) {
	payload, _ := json.Marshal(workers.PagePayload{DocID: docID, Page: 1, Pages: 1, Source: s.source, Lane: workers.LaneBackfill})
	if err := s.mux.ProcessTask(context.Background(), asynq.NewTask(workers.TypePage, payload)); err != nil {
		b.Fatal(err)
	}
}

// givenResult is a PageProcessor that returns a result computed before:
// the page task then costs everything but the page step (decode, clean,
// OCR, PNG of the cleaned page, pHash), i.e. the worker's own share.
type givenResult struct{ res pipeline.EncodedPage }

func (g givenResult) ProcessPage(context.Context, []byte, pipeline.Limits) (pipeline.EncodedPage, error) {
	return g.res, nil
}

func BenchmarkPageTask(b *testing.B) {
	page := benchPage(b)
	newEngine := func() (pipeline.Engine, error) { return pipeline.NewTesseract(pipeline.TesseractOptions{}) }
	b.Run("in-process", func(b *testing.B) {
		s := newBenchSite(b, page)
		pool, err := workers.NewEnginePool(1, newEngine)
		if err != nil {
			b.Skip(err)
		}
		defer pool.Close()
		s.h.Engines = pool
		c0 := cpuMS()
		for i := 0; b.Loop(); i++ {
			s.runPage(b, fmt.Sprintf("inproc%06d", i))
		}
		reportCPU(b, c0)
	})
	b.Run("helper", func(b *testing.B) {
		s := newBenchSite(b, page)
		// this test binary serves as the helper (TestMain in procs_test.go)
		p, err := ocrproc.NewPool(ocrproc.Options{Size: 1})
		if err != nil {
			b.Skip(err)
		}
		defer p.Close()
		s.h.Pages = workers.HelperPages{Pool: p}
		h0 := pidsCPU(p.PIDs())
		c0 := cpuMS()
		for i := 0; b.Loop(); i++ {
			s.runPage(b, fmt.Sprintf("helper%06d", i))
		}
		reportCPU(b, c0)
		b.ReportMetric((pidsCPU(p.PIDs())-h0)/float64(b.N), "helper-cpu-ms/op")
	})
	b.Run("without-OCR", func(b *testing.B) {
		s := newBenchSite(b, page)
		eng, err := newEngine()
		if err != nil {
			b.Skip(err)
		}
		res, err := pipeline.ProcessPageFile(context.Background(), page, pipeline.DefaultLimits, eng, pipeline.FileOptions{})
		eng.Close()
		if err != nil {
			b.Fatal(err)
		}
		s.h.Pages = givenResult{res}
		c0 := cpuMS()
		for i := 0; b.Loop(); i++ {
			s.runPage(b, fmt.Sprintf("given%06d", i))
		}
		reportCPU(b, c0)
	})
}

// BenchmarkAssembleTask assembles a one-page document whose page task ran
// before: extraction, searchable PDF, near-duplicate search, record,
// index. Every iteration is a new document with the same page, so from
// the second on it is found a near-duplicate (and not indexed).
func BenchmarkAssembleTask(b *testing.B) {
	ctx := context.Background()
	page := benchPage(b)
	s := newBenchSite(b, page)
	pool, err := workers.NewEnginePool(1, func() (pipeline.Engine, error) { return pipeline.NewTesseract(pipeline.TesseractOptions{}) })
	if err != nil {
		b.Skip(err)
	}
	defer pool.Close()
	s.h.Engines = pool
	s.runPage(b, "assemblebase")
	result := readAll(b, s.store, "work/assemblebase/page-0001.json")
	sources, _ := json.Marshal([]record.Object{s.source})
	c0 := cpuMS()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		id := fmt.Sprintf("asm%06d", i)
		in, _ := json.Marshal(workers.Intake{DocID: id, Original: s.source, Format: "png", Filename: "p.png", Office: "000.00.21.H26", Lane: workers.LaneBackfill})
		put(b, s.store, workers.IntakeKey(id), in)
		put(b, s.store, "work/"+id+"/page-0001.json", result)
		put(b, s.store, "work/"+id+"/sources.json", sources)
		payload, _ := json.Marshal(workers.AssemblePayload{DocID: id, Lane: workers.LaneBackfill, Pages: 1})
		b.StartTimer()
		if err := s.mux.ProcessTask(ctx, asynq.NewTask(workers.TypeAssemble, payload)); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, c0)
}

func put(b *testing.B, st storage.Store, key string, data []byte) {
	b.Helper()
	if _, err := st.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), storage.PutOptions{}); err != nil {
		b.Fatal(err)
	}
}

func readAll(b *testing.B, st storage.Store, key string) []byte {
	b.Helper()
	rc, err := st.Get(context.Background(), key)
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(rc); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkWorkerSteps are the steps the page task runs after OCR, one by
// one, on the cleaned A4 page: perceptual hash, PNG encoding (the
// level the handler uses), word boxes as JSON.
func BenchmarkWorkerSteps(b *testing.B) {
	page := benchPage(b)
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		b.Skip(err)
	}
	img, err := pipeline.DecodeImage(page, pipeline.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	res, err := pipeline.ProcessPage(context.Background(), img, eng)
	eng.Close()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode-PNG", func(b *testing.B) {
		c0 := cpuMS()
		for b.Loop() {
			if _, err := pipeline.DecodeImage(page, pipeline.DefaultLimits); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c0)
	})
	b.Run("phash", func(b *testing.B) {
		c0 := cpuMS()
		for b.Loop() {
			neardup.PHash(res.Cleaned.Image)
		}
		reportCPU(b, c0)
	})
	b.Run("png-BestSpeed", func(b *testing.B) {
		c0 := cpuMS()
		for b.Loop() {
			var buf bytes.Buffer
			if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, res.Cleaned.Image); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c0)
	})
	b.Run("words-JSON", func(b *testing.B) {
		c0 := cpuMS()
		for b.Loop() {
			if _, err := json.Marshal(res.OCR.Words); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, c0)
	})
}

// cpuMS is the CPU time this process used so far, in ms (helper processes
// not included): unlike ns/op it does not grow when others take the cores.
func cpuMS() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// reportCPU reports the CPU time per iteration since c0.
func reportCPU(b *testing.B, c0 float64) {
	b.ReportMetric((cpuMS()-c0)/float64(b.N), "cpu-ms/op")
}

// pidsCPU is the CPU time of live processes in ms.
func pidsCPU(pids []int) float64 {
	var ms float64
	for _, pid := range pids {
		ms += proc.ReadStat(pid).CPU * 1000
	}
	return ms
}
