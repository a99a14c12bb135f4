package deploy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/workers"
)

func usedMemory(b *testing.B, rdb *redis.Client) int64 {
	b.Helper()
	info, err := rdb.Info(context.Background(), "memory").Result()
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(info, "\r\n") {
		if v, ok := strings.CutPrefix(l, "used_memory:"); ok {
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	b.Fatal("no used_memory in INFO")
	return 0
}

// BenchmarkRedisMemoryPerPage measures the Redis memory a page task takes
// while queued, and after it completed (kept for workers.Retention), with
// the payload and options the workers use. For sizing Redis
// (docs/deployment.md): run with -benchtime 20000x.
func BenchmarkRedisMemoryPerPage(b *testing.B) {
	rs := testenv.StartRedis(b)
	opt, err := asynq.ParseRedisURI(rs.URL())
	if err != nil {
		b.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr()})
	defer rdb.Close()
	client := asynq.NewClient(opt)
	defer client.Close()
	base := usedMemory(b, rdb)
	b.ResetTimer()
	for i := range b.N {
		doc := fmt.Sprintf("%024x", i)
		p, _ := json.Marshal(workers.PagePayload{
			DocID: doc, Page: 1, Pages: 3, Lane: workers.LaneBackfill,
			Source: record.Object{Key: "objects/sha256/ab/cd/" + strings.Repeat("e", 64), SHA256: strings.Repeat("e", 64), Size: 312345, ContentType: "image/png"},
		})
		_, err := client.Enqueue(asynq.NewTask(workers.TypePage, p),
			asynq.TaskID("page:process-"+doc), asynq.Queue(workers.LaneBackfill),
			asynq.Retention(workers.Retention), asynq.MaxRetry(10))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	queued := usedMemory(b, rdb) - base
	b.ReportMetric(float64(queued)/float64(b.N), "B/queued-task")

	done := make(chan struct{}, b.N)
	srv := asynq.NewServer(opt, asynq.Config{Concurrency: 8, Queues: workers.Queues, LogLevel: asynq.ErrorLevel})
	if err := srv.Start(asynq.HandlerFunc(func(context.Context, *asynq.Task) error { done <- struct{}{}; return nil })); err != nil {
		b.Fatal(err)
	}
	for range b.N {
		<-done
	}
	time.Sleep(2 * time.Second) // let the last completions be written
	srv.Shutdown()
	kept := usedMemory(b, rdb) - base
	b.ReportMetric(float64(kept)/float64(b.N), "B/completed-task")
}
