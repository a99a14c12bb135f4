package metrics

import (
	"log/slog"
	"slices"

	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
)

// QueueCollector reports the depth of Asynq queues (lanes) at scrape time,
// read from Redis. The numbers are cluster-wide: register it in one process
// only (the API), not in every worker.
type QueueCollector struct {
	insp   *asynq.Inspector
	queues []string
}

// NewQueueCollector reports queues through insp. A queue that was never
// used is reported as empty rather than missing, so alerts see a zero.
func NewQueueCollector(insp *asynq.Inspector, queues ...string) *QueueCollector {
	return &QueueCollector{insp: insp, queues: queues}
}

var (
	queueTasksDesc = prometheus.NewDesc(namespace+"_queue_tasks",
		"Tasks in a lane by state (pending, active, scheduled, retry, archived, completed, aggregating).",
		[]string{"lane", "state"}, nil)
	queueLatencyDesc = prometheus.NewDesc(namespace+"_queue_latency_seconds",
		"Age of the oldest pending task in a lane.", []string{"lane"}, nil)
	queueProcessedDesc = prometheus.NewDesc(namespace+"_queue_processed_total",
		"Tasks processed in a lane since the queue was created (successes and failures), as kept in Redis.", []string{"lane"}, nil)
	queueFailedDesc = prometheus.NewDesc(namespace+"_queue_failed_total",
		"Task runs that failed in a lane since the queue was created, as kept in Redis.", []string{"lane"}, nil)
	queuePausedDesc = prometheus.NewDesc(namespace+"_queue_paused",
		"1 when a lane is paused.", []string{"lane"}, nil)
	queueUpDesc = prometheus.NewDesc(namespace+"_queue_up",
		"1 when Redis answered the last queue scrape.", nil, nil)
)

// Describe implements prometheus.Collector.
func (c *QueueCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{queueTasksDesc, queueLatencyDesc, queueProcessedDesc, queueFailedDesc, queuePausedDesc, queueUpDesc} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *QueueCollector) Collect(ch chan<- prometheus.Metric) {
	// GetQueueInfo's not-found error is internal to asynq; the list of
	// known queues tells a never-used lane apart from a failing Redis.
	known, err := c.insp.Queues()
	if err != nil {
		slog.Warn("metrics: list queues", "err", err)
		ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, 0)
		return
	}
	up := 1.0
	for _, q := range c.queues {
		var info *asynq.QueueInfo
		if slices.Contains(known, q) {
			info, err = c.insp.GetQueueInfo(q)
		} else {
			info = &asynq.QueueInfo{Queue: q}
		}
		if err != nil {
			slog.Warn("metrics: read queue", "lane", q, "err", err)
			up = 0
			continue
		}
		for state, n := range map[string]int{
			"pending": info.Pending, "active": info.Active, "scheduled": info.Scheduled,
			"retry": info.Retry, "archived": info.Archived, "completed": info.Completed,
			"aggregating": info.Aggregating,
		} {
			ch <- prometheus.MustNewConstMetric(queueTasksDesc, prometheus.GaugeValue, float64(n), q, state)
		}
		ch <- prometheus.MustNewConstMetric(queueLatencyDesc, prometheus.GaugeValue, info.Latency.Seconds(), q)
		ch <- prometheus.MustNewConstMetric(queueProcessedDesc, prometheus.CounterValue, float64(info.ProcessedTotal), q)
		ch <- prometheus.MustNewConstMetric(queueFailedDesc, prometheus.CounterValue, float64(info.FailedTotal), q)
		paused := 0.0
		if info.Paused {
			paused = 1
		}
		ch <- prometheus.MustNewConstMetric(queuePausedDesc, prometheus.GaugeValue, paused, q)
	}
	ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, up)
}
