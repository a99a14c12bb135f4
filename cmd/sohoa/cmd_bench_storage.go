package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/storage/s3store"
	"github.com/sohoa/sohoa/storage/storagetest"
)

func init() {
	registerBench(command{
		name:    "storage",
		summary: "put/get of N originals on the local folder and on MinIO: objects/s and MB/s",
		run:     runBenchStorage,
	})
}

func runBenchStorage(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench storage", flag.ContinueOnError)
	n := fs.Int("n", 1000, "originals to put and get")
	sizeFlag := fs.String("size", "300KB", "size of each original (KB and MB are 1024-based)")
	conc := fs.String("c", "1,4", "comma-separated concurrency levels")
	which := fs.String("backends", "local,minio", "backends to run")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	size, err := parseSize(*sizeFlag)
	if err != nil {
		return err
	}
	var levels []int
	for _, s := range strings.Split(*conc, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || c < 1 {
			return fmt.Errorf("bad -c %q", *conc)
		}
		levels = append(levels, c)
	}
	fmt.Printf("sohoa bench storage: %d originals of %s (%d bytes)\n\n", *n, *sizeFlag, size)
	fmt.Println("| backend | concurrency | put objects/s | put MB/s | get+verify objects/s | get MB/s |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, b := range strings.Split(*which, ",") {
		for _, c := range levels {
			s, cleanup, err := benchStore(ctx, strings.TrimSpace(b))
			if err != nil {
				return err
			}
			put, get, err := benchStorageRun(ctx, archive.New(s), *n, size, c)
			cleanup()
			if err != nil {
				return fmt.Errorf("%s: %w", b, err)
			}
			mb := float64(*n) * float64(size) / 1e6
			fmt.Printf("| %s | %d | %.0f | %.1f | %.0f | %.1f |\n", b, c,
				float64(*n)/put.Seconds(), mb/put.Seconds(), float64(*n)/get.Seconds(), mb/get.Seconds())
		}
	}
	return nil
}

func parseSize(s string) (int, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := 1
	switch {
	case strings.HasSuffix(u, "KB"):
		mult, u = 1<<10, strings.TrimSuffix(u, "KB")
	case strings.HasSuffix(u, "MB"):
		mult, u = 1<<20, strings.TrimSuffix(u, "MB")
	case strings.HasSuffix(u, "B"):
		u = strings.TrimSuffix(u, "B")
	}
	v, err := strconv.Atoi(u)
	if err != nil || v < 8 {
		return 0, fmt.Errorf("bad size %q (want e.g. 300KB, at least 8 bytes)", s)
	}
	return v * mult, nil
}

// benchStore returns an empty store of the named backend in a temp folder;
// MinIO is started from the cached binary like the tests do.
func benchStore(ctx context.Context, name string) (storage.Store, func(), error) {
	dir, err := os.MkdirTemp("", "sohoa-bench-storage-")
	if err != nil {
		return nil, nil, err
	}
	switch name {
	case "local":
		s, err := localfs.New(dir, localfs.Options{})
		return s, func() { os.RemoveAll(dir) }, err
	case "minio":
		bin, err := testenv.MinIOBinary()
		if err != nil {
			return nil, nil, err
		}
		m, err := testenv.NewMinIO(bin, dir)
		if err != nil {
			return nil, nil, err
		}
		if err := m.Start(); err != nil {
			return nil, nil, err
		}
		cleanup := func() { m.Stop(); os.RemoveAll(dir) }
		s, err := s3store.New(ctx, s3store.Config{Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey, Bucket: "bench"})
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		return s, cleanup, nil
	}
	return nil, nil, fmt.Errorf("unknown backend %q (local, minio)", name)
}

// benchStorageRun puts n distinct originals through Archive.PutOriginal
// (spool, hash, write-once put) then reads each back through Archive.Open
// (get and verify the digest).
func benchStorageRun(ctx context.Context, a *archive.Archive, n, size, conc int) (put, get time.Duration, err error) {
	base := storagetest.Bytes(42, size)
	objs := make([]record.Object, n)
	var next atomic.Int64
	var mu sync.Mutex
	var first error
	fail := func(e error) {
		mu.Lock()
		if first == nil {
			first = e
		}
		mu.Unlock()
	}
	run := func(work func(buf []byte, i int) error) time.Duration {
		next.Store(0)
		start := time.Now()
		var wg sync.WaitGroup
		for range conc {
			wg.Go(func() {
				buf := bytes.Clone(base)
				for {
					i := int(next.Add(1)) - 1
					if i >= n {
						return
					}
					if err := work(buf, i); err != nil {
						fail(err)
						return
					}
				}
			})
		}
		wg.Wait()
		return time.Since(start)
	}
	put = run(func(buf []byte, i int) error {
		binary.LittleEndian.PutUint64(buf, uint64(i)) // distinct content, no dedup
		o, dup, err := a.PutOriginal(ctx, bytes.NewReader(buf), int64(len(buf)), "image/png")
		if err == nil && dup {
			err = fmt.Errorf("object %d deduplicated", i)
		}
		objs[i] = o
		return err
	})
	if first != nil {
		return 0, 0, first
	}
	get = run(func(_ []byte, i int) error {
		rc, err := a.Open(ctx, objs[i])
		if err != nil {
			return err
		}
		defer rc.Close()
		_, err = io.Copy(io.Discard, rc)
		return err
	})
	return put, get, first
}
