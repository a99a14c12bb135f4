// Package metrics holds sohoa's Prometheus collectors.
//
// The per-process collectors (step latency, OCR confidence, task errors,
// documents stored and indexed) are package variables so that the task
// handlers can record into them without plumbing; a process exposes them
// through a registry made by NewRegistry. Queue depth is read from Redis at
// scrape time by a QueueCollector, which only the API process registers so
// that each queue is reported once however many workers run.
package metrics

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const namespace = "sohoa"

// Steps are the pipeline steps whose latency is recorded. Observe accepts
// other names too; these are the ones the handlers use.
var Steps = []string{"decode", "clean", "ocr", "postcorrect", "extract", "store", "index"}

var (
	stepSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "step_duration_seconds",
		Help:      "Time spent in one pipeline step (per page for decode/clean/ocr/postcorrect/store, per document for extract/index).",
		// 5 ms … ~80 s: cleaning is milliseconds, OCR of an A4 page ~0.7 s.
		Buckets: prometheus.ExponentialBuckets(0.005, 2, 15),
	}, []string{"step"})

	taskSeconds = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "task_duration_seconds",
		Help:      "Time an Asynq task handler ran, by task type and outcome.",
		Buckets:   prometheus.ExponentialBuckets(0.01, 2, 15),
	}, []string{"type", "outcome"})

	ocrConfidence = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "ocr_confidence",
		Help:      "Mean word confidence of an OCR'd page, 0 to 1.",
		Buckets:   []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1},
	})

	taskErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "task_errors_total",
		Help:      "Failed task runs by task type and kind (permanent: archived at once; transient: retried; timeout; canceled).",
	}, []string{"type", "kind"})

	docsStored = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "documents_stored_total",
		Help:      "Document records written, by status (processed, failed).",
	}, []string{"status"})

	docsIndexed = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "documents_indexed_total",
		Help:      "Document records written to the search index.",
	})

	ocrBusy = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace,
		Name:      "ocr_helper_busy_seconds_total",
		Help:      "Time OCR helpers spent on pages (request sent to reply read), by lane: divided by wall time and helpers, how busy they were kept.",
	}, []string{"lane"})

	indexLag = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: namespace,
		Name:      "index_lag_seconds",
		Help:      "Time from upload to the document being searchable.",
		// 1 s … ~9 h: a counter upload is seconds, a backfill batch hours.
		Buckets: prometheus.ExponentialBuckets(1, 2, 16),
	})
)

// own lists the package's per-process collectors.
var own = []prometheus.Collector{stepSeconds, taskSeconds, ocrConfidence, taskErrors, docsStored, docsIndexed, indexLag, ocrBusy}

// Observe records the duration of one pipeline step.
func Observe(step string, d time.Duration) {
	stepSeconds.WithLabelValues(step).Observe(d.Seconds())
}

// ObserveTimings records step durations given in milliseconds, as
// pipeline.Timings holds them.
func ObserveTimings(ms map[string]int64) {
	for step, v := range ms {
		Observe(step, time.Duration(v)*time.Millisecond)
	}
}

// OCRHelperBusy records d spent by an OCR helper on one page of lane
// ("backfill", "counter").
func OCRHelperBusy(lane string, d time.Duration) {
	ocrBusy.WithLabelValues(lane).Add(d.Seconds())
}

// ObserveConfidence records an OCR'd page's mean confidence (0–1).
func ObserveConfidence(c float64) {
	ocrConfidence.Observe(c)
}

// DocumentStored counts a document record written with status.
func DocumentStored(status string) {
	docsStored.WithLabelValues(status).Inc()
}

// DocumentIndexed counts a document made searchable; uploaded, when not
// zero, is when its original arrived, for the index lag.
func DocumentIndexed(uploaded time.Time) {
	docsIndexed.Inc()
	if !uploaded.IsZero() {
		indexLag.Observe(time.Since(uploaded).Seconds())
	}
}

// ErrorKind classifies a task error for the errors metric.
func ErrorKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, asynq.SkipRetry):
		return "permanent"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	default:
		return "transient"
	}
}

// CountError counts one failed run of a task of type typ.
func CountError(typ string, err error) {
	if k := ErrorKind(err); k != "" {
		taskErrors.WithLabelValues(typ, k).Inc()
	}
}

// TaskMiddleware times every task and counts its errors by kind. Install
// it with (*asynq.ServeMux).Use.
func TaskMiddleware(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		start := time.Now()
		err := next.ProcessTask(ctx, t)
		outcome := "ok"
		if err != nil {
			outcome = "error"
			CountError(t.Type(), err)
		}
		taskSeconds.WithLabelValues(t.Type(), outcome).Observe(time.Since(start).Seconds())
		return err
	})
}

// NewRegistry returns a registry holding the Go runtime and process
// collectors, the package's per-process collectors and extra. A collector
// may be registered with many registries, so each HTTP handler (and each
// test) gets its own without clashing.
func NewRegistry(extra ...prometheus.Collector) (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	cs := []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	cs = append(cs, own...)
	cs = append(cs, extra...)
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// Handler serves reg in the Prometheus text exposition format.
func Handler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError, // one failing collector must not hide the rest
		Timeout:       10 * time.Second,
	})
}
