package embedded

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/sohoa/sohoa/internal/gentext"
	"github.com/sohoa/sohoa/search"
)

// BenchmarkUpsert indexes generated documents in batches of 1,000 and
// reports the CPU time per 1,000 documents (robust to a shared machine)
// besides the wall time per document.
//
//	go test ./search/embedded -run '^$' -bench Upsert -benchtime 20000x
func BenchmarkUpsert(b *testing.B) {
	ctx := context.Background()
	gen := gentext.New(1)
	const batch = 1000
	docs := make([]search.Doc, 0, b.N)
	for i := range b.N {
		docs = append(docs, search.FromRecord(gen.Record(i)))
	}
	ix, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ResetTimer()
	c0 := processCPU()
	for i := 0; i < len(docs); i += batch {
		if err := ix.Upsert(ctx, docs[i:min(i+batch, len(docs))]...); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((processCPU()-c0).Seconds()*1000/float64(b.N), "cpu-s/1000docs")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
