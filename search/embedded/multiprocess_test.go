package embedded

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/sohoa/sohoa/search"
)

const (
	helperEnv     = "SOHOA_SEARCH_TEST_WRITER"
	writerBatches = 30
	writerBatch   = 20
)

// TestMain lets the test binary run as a writer process for
// TestMultiProcess.
func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		if err := writer(dir); err != nil {
			fmt.Fprintln(os.Stderr, "writer:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func markerDoc(prefix string, i int) search.Doc {
	return search.Doc{
		ID: fmt.Sprintf("%s-%04d", prefix, i), DocType: "notice", Office: prefix,
		Text: fmt.Sprintf("Thông báo số %d về việc tiếp nhận hồ sơ trực tuyến", i),
	}
}

// writer upserts writerBatches batches, one transaction each.
func writer(dir string) error {
	ctx := context.Background()
	ix, err := Open(ctx, dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	for b := range writerBatches {
		docs := make([]search.Doc, writerBatch)
		for i := range docs {
			docs[i] = markerDoc("child", b*writerBatch+i)
		}
		if err := ix.Upsert(ctx, docs...); err != nil {
			return err
		}
		time.Sleep(5 * time.Millisecond)
	}
	return nil
}

// TestMultiProcess runs a writer in another process while this process
// both searches and writes the same index: no reader may fail or see the
// index go backwards, and every write must land.
func TestMultiProcess(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	out := &prefixWriter{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	q := search.Query{Text: "tiep nhan ho so", Office: "child", Limit: 5}
	last, searches, parentWrites := 0, 0, 0
	var childErr error
loop:
	for {
		select {
		case childErr = <-done:
			break loop
		default:
		}
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatalf("search while another process writes: %v", err)
		}
		if res.Total < last {
			t.Fatalf("total went from %d to %d", last, res.Total)
		}
		if res.Total%writerBatch != 0 {
			t.Fatalf("saw a partial batch: total %d", res.Total)
		}
		last = res.Total
		searches++
		if searches%3 == 0 { // this process writes too
			if err := ix.Upsert(ctx, markerDoc("parent", parentWrites)); err != nil {
				t.Fatalf("upsert while another process writes: %v", err)
			}
			parentWrites++
		}
	}
	if childErr != nil {
		t.Fatalf("writer process: %v\n%s", childErr, out.b)
	}
	res, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := writerBatches * writerBatch; res.Total != want {
		t.Errorf("after the writer: %d documents, want %d", res.Total, want)
	}
	res, err = ix.Search(ctx, search.Query{Text: "tiep nhan ho so", Office: "parent"})
	if err != nil || res.Total != parentWrites {
		t.Errorf("parent's writes: %d found, want %d (%v)", res.Total, parentWrites, err)
	}
	if searches < 10 {
		t.Errorf("only %d searches ran during the writes", searches)
	}
	t.Logf("%d searches and %d writes in this process while another wrote %d documents; %s",
		searches, parentWrites, writerBatches*writerBatch, strconv.Quote(string(out.b)))
}

type prefixWriter struct{ b []byte }

func (w *prefixWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
