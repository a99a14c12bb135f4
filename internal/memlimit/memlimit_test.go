package memlimit

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"300MiB", 300 << 20, true},
		{"1GiB", 1 << 30, true},
		{"64KiB", 64 << 10, true},
		{"1048576", 1 << 20, true},
		{"2048B", 2048, true},
		{"off", 0, true},
		{"300MB", 0, false}, // GOMEMLIMIT has no decimal units either
		{"-1MiB", 0, false},
		{"MiB", 0, false},
		{"9999999TiB", 0, false},
	} {
		got, err := Parse(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("Parse(%q) = %d, %v; want %d (ok %v)", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestApply(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("SOHOA_TEST_LIMIT", "")
	if got, from, err := Apply("SOHOA_TEST_LIMIT", 200<<20); err != nil || got != 200<<20 || from != "default" || debug.SetMemoryLimit(-1) != 200<<20 {
		t.Errorf("default: %d from %q, %v", got, from, err)
	}
	t.Setenv("SOHOA_TEST_LIMIT", "96MiB")
	if got, _, err := Apply("SOHOA_TEST_LIMIT", 200<<20); err != nil || got != 96<<20 || debug.SetMemoryLimit(-1) != 96<<20 {
		t.Errorf("from the variable: %d, %v", got, err)
	}
	t.Setenv("SOHOA_TEST_LIMIT", "off")
	if got, _, err := Apply("SOHOA_TEST_LIMIT", 200<<20); err != nil || got != math.MaxInt64 {
		t.Errorf("off: %d, %v", got, err)
	}
	t.Setenv("SOHOA_TEST_LIMIT", "lots")
	if _, _, err := Apply("SOHOA_TEST_LIMIT", 200<<20); err == nil {
		t.Error("a bad size is accepted")
	}
	// GOMEMLIMIT is the runtime's own setting: it is left alone
	debug.SetMemoryLimit(123 << 20)
	t.Setenv("GOMEMLIMIT", "123MiB")
	t.Setenv("SOHOA_TEST_LIMIT", "96MiB")
	if got, from, _ := Apply("SOHOA_TEST_LIMIT", 200<<20); got != 123<<20 || from != "GOMEMLIMIT=123MiB" {
		t.Errorf("with GOMEMLIMIT: %d from %q", got, from)
	}
}
