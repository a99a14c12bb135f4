// Package bands runs a loop over an image's rows on several goroutines,
// one contiguous band of rows each, so that a page's cleaning uses the
// cores a machine has free (ADR 1108).
package bands

import (
	"runtime"
	"sync"
)

// minRows is the fewest rows worth a goroutine of their own: below it the
// start and join cost more than the band's work on a thumbnail.
const minRows = 64

// align is what every band but the last starts and ends on a multiple of,
// so that a loop that writes one cell per 2×2 (or up to 8×8) block of
// pixels never shares a cell with another band.
const align = 8

// Count is the number of bands Rows and Map split h rows into: at most
// GOMAXPROCS, and 1 when h is small.
func Count(h int) int {
	return max(1, min(runtime.GOMAXPROCS(0), h/minRows))
}

// bounds returns band i of n over h rows.
func bounds(i, n, h int) (y0, y1 int) {
	per := (h/n + align - 1) / align * align
	y0 = min(i*per, h)
	y1 = min(y0+per, h)
	if i == n-1 {
		y1 = h
	}
	return y0, y1
}

// Rows calls f(y0, y1) over bands that cover [0, h) in order and do not
// overlap, each on its own goroutine (the last on the caller's), and
// returns when all are done. f must only write what its rows own.
func Rows(h int, f func(y0, y1 int)) {
	Map(h, func(y0, y1 int) struct{} { f(y0, y1); return struct{}{} })
}

// Map is Rows for a loop that gathers something per band (a histogram, a
// count): it returns f's results in the order of the bands, for the
// caller to combine.
func Map[T any](h int, f func(y0, y1 int) T) []T {
	n := Count(h)
	out := make([]T, n)
	if n == 1 {
		out[0] = f(0, h)
		return out
	}
	var wg sync.WaitGroup
	for i := range n - 1 {
		wg.Go(func() {
			y0, y1 := bounds(i, n, h)
			out[i] = f(y0, y1)
		})
	}
	y0, y1 := bounds(n-1, n, h)
	out[n-1] = f(y0, y1)
	wg.Wait()
	return out
}
