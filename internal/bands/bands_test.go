package bands

import (
	"runtime"
	"testing"
)

func TestBandsCoverEveryRowOnce(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		for _, h := range []int{0, 1, 63, 64, 129, 200, 1000, 3508} {
			seen := make([]int, h)
			spans := Map(h, func(y0, y1 int) [2]int {
				for y := y0; y < y1; y++ {
					seen[y]++
				}
				return [2]int{y0, y1}
			})
			for y, n := range seen {
				if n != 1 {
					t.Fatalf("procs %d, h %d: row %d visited %d times", procs, h, y, n)
				}
			}
			if want := Count(h); len(spans) != want {
				t.Errorf("procs %d, h %d: %d bands, want %d", procs, h, len(spans), want)
			}
			for i, s := range spans {
				if i > 0 && s[0] != spans[i-1][1] {
					t.Errorf("procs %d, h %d: band %d starts at %d, the one before ends at %d", procs, h, i, s[0], spans[i-1][1])
				}
				if i < len(spans)-1 && s[1]%align != 0 {
					t.Errorf("procs %d, h %d: band %d ends at %d, not a multiple of %d", procs, h, i, s[1], align)
				}
			}
			if h >= 2*minRows && procs > 1 && len(spans) < 2 {
				t.Errorf("procs %d, h %d: one band", procs, h)
			}
		}
	}
}
