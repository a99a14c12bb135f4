package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
)

var headKeyForTest = []byte("0123456789abcdef0123456789abcdef")

func newStore(t testing.TB, dir string) storage.Store {
	t.Helper()
	st, err := localfs.New(dir, localfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// seed appends n entries, alternating between two documents.
func seed(t testing.TB, l *Log, n int) []Entry {
	t.Helper()
	var out []Entry
	for i := range n {
		e, err := l.Append(context.Background(), Entry{
			ActorID: "u_clerk1", ActorRole: "clerk", Action: ActionView,
			DocumentID: fmt.Sprintf("doc-%d", i%2), Detail: fmt.Sprintf("event %d", i),
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestAppendVerifyForDocument(t *testing.T) {
	ctx := context.Background()
	st := newStore(t, t.TempDir())
	l := New(st, Options{HeadKey: headKeyForTest})
	entries := seed(t, l, 7)
	for i, e := range entries {
		if e.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d", i, e.Seq)
		}
		if i > 0 && e.Prev != entries[i-1].Hash {
			t.Fatalf("entry %d prev %s, want %s", e.Seq, e.Prev, entries[i-1].Hash)
		}
	}
	if entries[0].Prev != "" {
		t.Fatalf("first entry has prev %q", entries[0].Prev)
	}
	r, err := l.Verify(ctx, Anchor{3, entries[2].Hash})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != 7 || r.LastSeq != 7 || r.LastHash != entries[6].Hash || !r.HeadAuth || r.Head.Seq != 7 {
		t.Fatalf("report %+v", r)
	}

	// A fresh Log (another process) continues the same chain.
	l2 := New(st, Options{HeadKey: headKeyForTest})
	e8, err := l2.Append(ctx, Entry{ActorID: "u_aud", ActorRole: "auditor", Action: ActionDownload, DocumentID: "doc-1"})
	if err != nil {
		t.Fatal(err)
	}
	if e8.Seq != 8 || e8.Prev != entries[6].Hash {
		t.Fatalf("continued entry %+v", e8)
	}

	trail, err := l.ForDocument(ctx, "doc-1")
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, e := range trail {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{2, 4, 6, 8}) {
		t.Fatalf("doc-1 trail %v", seqs)
	}
	if _, err := l.ForDocument(ctx, "../etc"); err == nil {
		t.Fatal("ForDocument accepted a path-like id")
	}
}

func readEntry(t *testing.T, st storage.Store, seq int64) Entry {
	t.Helper()
	rc, err := st.Get(context.Background(), entryKey(seq))
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var e Entry
	if err := json.NewDecoder(rc).Decode(&e); err != nil {
		t.Fatal(err)
	}
	return e
}

func writeRaw(t *testing.T, st storage.Store, key string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Put(context.Background(), key, bytes.NewReader(b), int64(len(b)), storage.PutOptions{}); err != nil {
		t.Fatal(err)
	}
}

func del(t *testing.T, st storage.Store, key string) {
	t.Helper()
	if err := st.Delete(context.Background(), key); err != nil {
		t.Fatal(err)
	}
}

// Each tampering of a 6-entry log must show up as exactly these problems.
func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(t *testing.T, st storage.Store, entries []Entry)
		anchor bool // verify with an anchor at entry 6 noted before tampering
		want   []string
	}{
		{"untouched", func(*testing.T, storage.Store, []Entry) {}, true, nil},
		{"edit detail", func(t *testing.T, st storage.Store, _ []Entry) {
			e := readEntry(t, st, 3)
			e.Detail = "nothing happened"
			writeRaw(t, st, entryKey(3), e)
		}, false, []string{ProblemEdited}},
		{"edit actor and rehash", func(t *testing.T, st storage.Store, _ []Entry) {
			e := readEntry(t, st, 3)
			e.ActorID = "u_someone_else"
			e.Hash = e.ComputeHash()
			writeRaw(t, st, entryKey(3), e)
		}, false, []string{ProblemBrokenChain}},
		{"edit time", func(t *testing.T, st storage.Store, _ []Entry) {
			e := readEntry(t, st, 2)
			e.Time = e.Time.Add(-time.Hour)
			writeRaw(t, st, entryKey(2), e)
		}, false, []string{ProblemEdited}},
		{"swap two entries", func(t *testing.T, st storage.Store, _ []Entry) {
			a, b := readEntry(t, st, 2), readEntry(t, st, 3)
			writeRaw(t, st, entryKey(2), b)
			writeRaw(t, st, entryKey(3), a)
		}, false, []string{
			ProblemMisplaced, ProblemBrokenChain, ProblemIndex, // 2 holds 3 (of doc-0, whose trail names 2)
			ProblemMisplaced, ProblemBrokenChain, ProblemIndex, // 3 holds 2
			ProblemBrokenChain, // 4 links to the original 3
		}},
		{"renumber to reorder", func(t *testing.T, st storage.Store, _ []Entry) {
			// Swap 4 and 5 including their seq fields and hashes: the
			// chain still breaks.
			a, b := readEntry(t, st, 4), readEntry(t, st, 5)
			a.Seq, b.Seq = 5, 4
			a.Prev, b.Prev = b.Prev, a.Prev
			a.Hash, b.Hash = a.ComputeHash(), b.ComputeHash()
			writeRaw(t, st, entryKey(4), b)
			writeRaw(t, st, entryKey(5), a)
		}, false, []string{ProblemIndex, ProblemBrokenChain, ProblemIndex, ProblemBrokenChain}},
		{"delete middle", func(t *testing.T, st storage.Store, _ []Entry) {
			del(t, st, entryKey(3))
		}, false, []string{ProblemGap}},
		{"delete first", func(t *testing.T, st storage.Store, _ []Entry) {
			del(t, st, entryKey(1))
		}, false, []string{ProblemGap}},
		{"delete last (head)", func(t *testing.T, st storage.Store, _ []Entry) {
			del(t, st, entryKey(6))
		}, false, []string{ProblemTruncated}},
		{"delete last, forge head", func(t *testing.T, st storage.Store, entries []Entry) {
			del(t, st, entryKey(6))
			writeRaw(t, st, headKey, Head{Seq: 5, Hash: entries[4].Hash})
		}, false, []string{ProblemHeadForged}},
		{"delete last two and the head", func(t *testing.T, st storage.Store, _ []Entry) {
			del(t, st, entryKey(6))
			del(t, st, entryKey(5))
			del(t, st, headKey)
		}, false, []string{ProblemNoHead}},
		{"delete last, replay an old genuine head, caught by anchor", func(t *testing.T, st storage.Store, entries []Entry) {
			l := New(st, Options{HeadKey: headKeyForTest})
			del(t, st, entryKey(6))
			if err := l.writeHead(context.Background(), 5, entries[4].Hash); err != nil {
				t.Fatal(err)
			}
		}, true, []string{ProblemAnchor}},
		{"drop from the document trail", func(t *testing.T, st storage.Store, _ []Entry) {
			del(t, st, docPrefix+"doc-0/"+seqName(3))
		}, false, []string{ProblemIndex}},
		{"foreign object", func(t *testing.T, st storage.Store, _ []Entry) {
			writeRaw(t, st, entryPrefix+"extra.json", map[string]string{"x": "y"})
		}, false, []string{ProblemForeign}},
		{"garbage entry", func(t *testing.T, st storage.Store, _ []Entry) {
			if _, err := st.Put(context.Background(), entryKey(4), bytes.NewReader([]byte("{not json")), 9, storage.PutOptions{}); err != nil {
				t.Fatal(err)
			}
		}, false, []string{ProblemCorrupt}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := newStore(t, t.TempDir())
			l := New(st, Options{HeadKey: headKeyForTest})
			entries := seed(t, l, 6)
			c.tamper(t, st, entries)
			var anchors []Anchor
			if c.anchor {
				anchors = append(anchors, Anchor{6, entries[5].Hash})
			}
			r, err := New(st, Options{HeadKey: headKeyForTest}).Verify(context.Background(), anchors...)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range r.Problems {
				got = append(got, p.Kind)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("problems %v, want %v\n%+v", got, c.want, r.Problems)
			}
		})
	}
}

// An edited entry is not shown as part of a document's trail.
func TestForDocumentRejectsEditedEntry(t *testing.T) {
	st := newStore(t, t.TempDir())
	l := New(st, Options{})
	seed(t, l, 4)
	e := readEntry(t, st, 3)
	e.Action = ActionCorrect
	writeRaw(t, st, entryKey(3), e)
	trail, err := l.ForDocument(context.Background(), "doc-0")
	if err == nil || len(trail) != 1 || trail[0].Seq != 1 {
		t.Fatalf("trail %v, err %v", trail, err)
	}
}

// Without a head key the head is still checked, but reported unauthenticated.
func TestVerifyWithoutHeadKey(t *testing.T) {
	st := newStore(t, t.TempDir())
	seed(t, New(st, Options{}), 3)
	r, err := New(st, Options{}).Verify(context.Background())
	if err != nil || !r.OK() || r.HeadAuth {
		t.Fatalf("report %+v, err %v", r, err)
	}
	// With a key, an unauthenticated head is a forgery.
	r, _ = New(st, Options{HeadKey: headKeyForTest}).Verify(context.Background())
	if len(r.Problems) != 1 || r.Problems[0].Kind != ProblemHeadForged {
		t.Fatalf("problems %+v", r.Problems)
	}
}

const helperEnv = "SOHOA_AUDIT_TEST_HELPER"

// TestHelperAppend is run as a child process by TestAppendAcrossProcesses.
func TestHelperAppend(t *testing.T) {
	dir := os.Getenv(helperEnv)
	if dir == "" {
		t.Skip("helper process only")
	}
	n, _ := strconv.Atoi(os.Getenv(helperEnv + "_N"))
	l := New(newStore(t, dir), Options{HeadKey: headKeyForTest})
	for i := range n {
		if _, err := l.Append(context.Background(), Entry{ActorID: "child" + strconv.Itoa(os.Getpid()), ActorRole: "worker", Action: ActionUpload, DocumentID: "doc-x", Detail: strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// Two child processes and two goroutines of this one append to one store
// at once; the result must be one unbroken chain holding every entry.
func TestAppendAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	const perWriter = 25
	var cmds []*exec.Cmd
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAppend$", "-test.count=1")
		cmd.Env = append(os.Environ(), helperEnv+"="+dir, helperEnv+"_N="+strconv.Itoa(perWriter))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if t.Failed() {
				t.Log(out.String())
			}
		})
		cmds = append(cmds, cmd)
	}
	l := New(newStore(t, dir), Options{HeadKey: headKeyForTest})
	var wg sync.WaitGroup
	errs := make(chan error, 2*perWriter)
	for g := range 2 {
		wg.Go(func() {
			for i := range perWriter {
				_, err := l.Append(context.Background(), Entry{ActorID: "parent", ActorRole: "api", Action: ActionView, DocumentID: "doc-x", Detail: fmt.Sprint(g, i)})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	r, err := New(newStore(t, dir), Options{HeadKey: headKeyForTest}).Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() || r.Entries != 4*perWriter {
		t.Fatalf("entries %d (want %d), problems %+v", r.Entries, 4*perWriter, r.Problems)
	}
	trail, err := l.ForDocument(context.Background(), "doc-x")
	if err != nil || len(trail) != 4*perWriter {
		t.Fatalf("trail has %d entries, err %v", len(trail), err)
	}
}

func BenchmarkAppend(b *testing.B) {
	l := New(newStore(b, b.TempDir()), Options{HeadKey: headKeyForTest})
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Append(context.Background(), Entry{ActorID: "u", ActorRole: "clerk", Action: ActionView, DocumentID: "doc-" + strconv.Itoa(i%100)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify1000(b *testing.B) {
	st := newStore(b, b.TempDir())
	seed(b, New(st, Options{HeadKey: headKeyForTest}), 1000)
	l := New(st, Options{HeadKey: headKeyForTest})
	for b.Loop() {
		r, err := l.Verify(context.Background())
		if err != nil || !r.OK() {
			b.Fatal(err, r.Problems)
		}
	}
}
