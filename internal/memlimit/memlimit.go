// Package memlimit sets the Go runtime's soft memory limit of a sohoa
// process (runtime/debug.SetMemoryLimit), so that the garbage collector's
// headroom (GOGC=100 lets the heap grow to twice what is live) does not
// add to the peak RSS of a process that holds page images.
package memlimit

import (
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Apply sets the soft memory limit from the environment variable name
// (a size as GOMEMLIMIT takes it: bytes, or a number with B, KiB, MiB,
// GiB or TiB; "off" for none), else to def bytes (0: none). GOMEMLIMIT,
// when set, wins: the runtime applied it at start. It returns the limit
// in effect (math.MaxInt64: none) and the setting it came from.
func Apply(name string, def int64) (int64, string, error) {
	if v := os.Getenv("GOMEMLIMIT"); v != "" {
		return debug.SetMemoryLimit(-1), "GOMEMLIMIT=" + v, nil
	}
	limit, from := def, "default"
	if v := os.Getenv(name); v != "" {
		n, err := Parse(v)
		if err != nil {
			return debug.SetMemoryLimit(-1), "", fmt.Errorf("%s: %w", name, err)
		}
		limit, from = n, name+"="+v
	}
	if limit <= 0 {
		limit = math.MaxInt64
	}
	debug.SetMemoryLimit(limit)
	return limit, from, nil
}

// Parse reads a size as GOMEMLIMIT does; "off" is 0.
func Parse(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "off" {
		return 0, nil
	}
	num, mult := s, int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			num, mult = n, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q: want bytes or a number with B, KiB, MiB, GiB or TiB, or off", s)
	}
	return n * mult, nil
}
