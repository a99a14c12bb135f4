package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"sync"
	"syscall"
	"testing"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

// Benchmarks of the steps of a page's way through a worker that
// clean_bench_test.go does not cover: decoding the upload, the whole
// ProcessPage, post-correction, extraction and encoding the cleaned
// image. Input: generated A4 pages at 300 dpi (internal/corpus).
// Run: OMP_THREAD_LIMIT=1 go test ./pipeline -run '^$' -bench 'Decode|Encode|ProcessPage|PostCorrect|Extract' -benchtime 5x

var steps struct {
	once    sync.Once
	sample  corpus.Sample
	skewed  image.Image
	png     []byte
	jpeg    []byte
	cleaned *image.Gray
	text    pipeline.PageText // raw Tesseract output, before PostCorrect
	err     error
}

// stepsInput renders a decision at 300 dpi and OCRs it once.
func stepsInput(b *testing.B) {
	b.Helper()
	steps.once.Do(func() {
		s := corpus.Render(7, 0, corpus.Options{Types: []string{corpus.TypeDecision}})
		steps.sample = s
		steps.skewed, _ = corpus.DegradeSample(s, corpus.Skew, 7)
		var pb, jb bytes.Buffer
		if steps.err = png.Encode(&pb, s.Image); steps.err != nil {
			return
		}
		if steps.err = jpeg.Encode(&jb, s.Image, &jpeg.Options{Quality: 90}); steps.err != nil {
			return
		}
		steps.png, steps.jpeg = pb.Bytes(), jb.Bytes()
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			steps.err = err
			return
		}
		defer eng.Close()
		res, err := pipeline.ProcessPageOptions(context.Background(), s.Image, eng, pipeline.PageOptions{NoPostCorrect: true})
		if err != nil {
			steps.err = err
			return
		}
		steps.cleaned, steps.text = res.Cleaned.Image, res.OCR
	})
	if steps.err != nil {
		b.Skip(steps.err)
	}
}

func BenchmarkDecode(b *testing.B) {
	stepsInput(b)
	for _, c := range []struct {
		name string
		data []byte
	}{{"PNG", steps.png}, {"JPEG-q90", steps.jpeg}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			c0 := cpuMS()
			for b.Loop() {
				if _, err := pipeline.DecodeImage(c.data, pipeline.DefaultLimits); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkEncodeCleaned is the worker's encoding of the cleaned page
// (8-bit gray A4) before it is stored, at each PNG compression level; the
// size of the result is reported as bytes/page.
func BenchmarkEncodeCleaned(b *testing.B) {
	stepsInput(b)
	for _, c := range []struct {
		name  string
		level png.CompressionLevel
	}{{"BestSpeed", png.BestSpeed}, {"Default", png.DefaultCompression}, {"NoCompression", png.NoCompression}} {
		b.Run(c.name, func(b *testing.B) {
			enc := &png.Encoder{CompressionLevel: c.level}
			var n int
			c0 := cpuMS()
			for b.Loop() {
				var buf bytes.Buffer
				if err := enc.Encode(&buf, steps.cleaned); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			reportCPU(b, c0)
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}

// BenchmarkProcessPage is clean → OCR → post-correct of one A4 page in
// process, the work of an OCR helper.
func BenchmarkProcessPage(b *testing.B) {
	stepsInput(b)
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		b.Skip(err)
	}
	defer eng.Close()
	for _, c := range []struct {
		name string
		img  image.Image
	}{{"clean", steps.sample.Image}, {"skewed", steps.skewed}} {
		b.Run(c.name, func(b *testing.B) {
			var t pipeline.Timings
			c0 := cpuMS()
			for b.Loop() {
				res, err := pipeline.ProcessPage(context.Background(), c.img, eng)
				if err != nil {
					b.Fatal(err)
				}
				t = res.Timings
			}
			reportCPU(b, c0)
			for _, k := range []string{"clean", "ocr", "postcorrect"} {
				b.ReportMetric(float64(t[k]), k+"-ms")
			}
		})
	}
}

func BenchmarkPostCorrect(b *testing.B) {
	stepsInput(b)
	c0 := cpuMS()
	for b.Loop() {
		// PostCorrect repairs words in place: give it the raw words each time
		pipeline.PostCorrect(rawText())
	}
	reportCPU(b, c0)
}

// rawText is a copy of the page's raw OCR output.
func rawText() pipeline.PageText {
	pt := steps.text
	pt.Words = append([]pipeline.Word(nil), pt.Words...)
	return pt
}

func BenchmarkExtract(b *testing.B) {
	stepsInput(b)
	pt := pipeline.PostCorrect(rawText())
	c0 := cpuMS()
	for b.Loop() {
		pipeline.Extract(pt.Text, pt.Words)
	}
	reportCPU(b, c0)
}

// BenchmarkWordsJSON is the encoding of a page's word boxes, stored next
// to its text.
func BenchmarkWordsJSON(b *testing.B) {
	stepsInput(b)
	var n int
	c0 := cpuMS()
	for b.Loop() {
		data, err := json.Marshal(steps.text.Words)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(n), "bytes/page")
	b.ReportMetric(float64(len(steps.text.Words)), "words/page")
}

// BenchmarkNewTesseract is what reusing an engine saves per page: loading
// vie and osd (plain `tesseract` pays it, and a process start, on every
// page).
func BenchmarkNewTesseract(b *testing.B) {
	c0 := cpuMS()
	for b.Loop() {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			b.Skip(err)
		}
		eng.Close()
	}
	reportCPU(b, c0)
}

// cpuMS is the CPU time this process used so far, in ms: unlike ns/op it
// does not grow when other processes take the cores.
func cpuMS() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// reportCPU reports the CPU time per iteration since c0.
func reportCPU(b *testing.B, c0 float64) {
	b.ReportMetric((cpuMS()-c0)/float64(b.N), "cpu-ms/op")
}

// BenchmarkEncodePDFImage is the page image of the searchable PDF of a
// PNG scan: the worker decodes the original again at assembly and encodes
// it as JPEG q85 (workers/pdf.go); encoding the cleaned gray page instead
// is the cheaper alternative measured next to it.
func BenchmarkEncodePDFImage(b *testing.B) {
	stepsInput(b)
	for _, c := range []struct {
		name string
		img  image.Image
	}{{"original-RGBA-q85", steps.sample.Image}, {"cleaned-Gray-q85", steps.cleaned}} {
		b.Run(c.name, func(b *testing.B) {
			var n int
			c0 := cpuMS()
			for b.Loop() {
				var buf bytes.Buffer
				if err := jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: 85}); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			reportCPU(b, c0)
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}

// BenchmarkClean is the cleaning of one A4 page without Tesseract (the
// orientation from AnalyzeLayout alone); "skewed" is deskewed as well.
func BenchmarkClean(b *testing.B) {
	stepsInput(b)
	for _, c := range []struct {
		name string
		img  image.Image
	}{{"clean", steps.sample.Image}, {"skewed", steps.skewed}} {
		b.Run(c.name, func(b *testing.B) {
			c0 := cpuMS()
			for b.Loop() {
				if _, err := pipeline.Clean(context.Background(), c.img, nil, pipeline.CleanOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, c0)
		})
	}
}

// BenchmarkProcessPageFile is an OCR helper's whole page step: decode →
// clean → OCR → post-correct, with the cleaned page's PNG and hash (beside
// the OCR). CPU-ms/op over ns/op shows how much of it ran at once.
func BenchmarkProcessPageFile(b *testing.B) {
	stepsInput(b)
	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		b.Skip(err)
	}
	defer eng.Close()
	var t pipeline.Timings
	c0 := cpuMS()
	for b.Loop() {
		res, err := pipeline.ProcessPageFile(context.Background(), steps.png, pipeline.DefaultLimits, eng, pipeline.FileOptions{})
		if err != nil {
			b.Fatal(err)
		}
		t = res.Timings
	}
	reportCPU(b, c0)
	for _, k := range []string{"decode", "clean", "encode", "ocr"} {
		b.ReportMetric(float64(t[k]), k+"-ms")
	}
}
