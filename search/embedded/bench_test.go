package embedded

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/sohoa/sohoa/internal/gentext"
	"github.com/sohoa/sohoa/search"
)

// BenchmarkUpsert indexes generated documents in batches and reports the
// CPU time per 1,000 documents of the process and of the writer thread
// (SQLite's serial part), robust to a shared machine, besides wall time.
//
//	go test ./search/embedded -run '^$' -bench Upsert -benchtime 50000x
func BenchmarkUpsert(b *testing.B) {
	for _, batch := range []int{500, 1000, 5000} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			ctx := context.Background()
			gen := gentext.New(1)
			docs := make([]search.Doc, 0, b.N)
			for i := range b.N {
				docs = append(docs, search.FromRecord(gen.Record(i)))
			}
			ix, err := Open(ctx, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ResetTimer()
			c0, w0 := cpuClock(2), cpuClock(3)
			for i := 0; i < len(docs); i += batch {
				if err := ix.Upsert(ctx, docs[i:min(i+batch, len(docs))]...); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuClock(2)-c0).Seconds()*1000/float64(b.N), "cpu-s/1000docs")
			b.ReportMetric((cpuClock(3)-w0).Seconds()*1000/float64(b.N), "writer-s/1000docs")
		})
	}
}

// cpuClock reads CLOCK_PROCESS_CPUTIME_ID (2) or CLOCK_THREAD_CPUTIME_ID (3).
func cpuClock(id int) time.Duration {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(id), uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0
	}
	return time.Duration(ts.Nano())
}
