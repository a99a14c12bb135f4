package dossier

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/sohoa/sohoa/storage/localfs"
)

func newStore(t *testing.T) *Store {
	s, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	st := New(s)
	st.now = func() time.Time { return time.Date(2024, 9, 18, 2, 0, 0, 0, time.UTC) }
	return st
}

func TestValidCode(t *testing.T) {
	for code, want := range map[string]bool{
		"000.00.21.H26-240918-0031": true,
		"H26.22-240918-0001":        true,
		"000.00.21.H26-2409180031":  false,
		"../etc-240918-0001":        false,
		"000.00.21.h26-240918-0031": false,
		"":                          false,
	} {
		if got := ValidCode(code); got != want {
			t.Errorf("ValidCode(%q) = %v", code, got)
		}
	}
}

func TestCodesAreUniqueUnderConcurrency(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := st.Create(ctx, Open{Agency: "000.00.21.H26", Office: "cg", Procedure: "1.001", Applicant: "001099001234", By: "clerk"})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[d.Code] {
				t.Errorf("code %s given twice", d.Code)
			}
			seen[d.Code] = true
		}()
	}
	wg.Wait()
	if !seen["000.00.21.H26-240918-0001"] || !seen["000.00.21.H26-240918-0012"] {
		t.Errorf("codes = %v, want counters 0001…0012 of 18/09/2024 (Vietnam time)", seen)
	}
}

func TestAddCloseAndVersions(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	d, err := st.Create(ctx, Open{Agency: "000.00.21.H26", Office: "cg", Applicant: "001099001234", By: "a"})
	if err != nil {
		t.Fatal(err)
	}
	// concurrent attaches all land
	var wg sync.WaitGroup
	for _, id := range []string{"d1", "d2", "d3", "d4"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := st.Add(ctx, d.Code, "clerk", KindReused, id); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, err := st.Add(ctx, d.Code, "clerk", KindReused, "d1"); err != nil { // idempotent
		t.Fatal(err)
	}
	got, err := st.Get(ctx, d.Code)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Components) != 4 {
		t.Errorf("components = %+v, want 4", got.Components)
	}
	if _, err := st.Close(ctx, d.Code, "clerk"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Add(ctx, d.Code, "clerk", KindReused, "d9"); !errors.Is(err, ErrClosed) {
		t.Errorf("attach to closed dossier: %v, want ErrClosed", err)
	}
	vs, _ := st.Versions(ctx, d.Code)
	if len(vs) != 7 || vs[0] != 1 || vs[6] != 7 {
		t.Errorf("versions = %v, want 1…7 (every change kept)", vs)
	}
	list, next, err := st.List(ctx, Filter{Applicant: "001099001234"}, "", 10)
	if err != nil || len(list) != 1 || next != "" || list[0].Status != StatusClosed {
		t.Errorf("List = %v %q %v", list, next, err)
	}
	if _, err := st.Get(ctx, "000.00.21.H26-240918-0999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown dossier: %v", err)
	}
}
