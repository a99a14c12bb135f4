package corpus

import "testing"

// BenchmarkRender renders full A4 pages at 300 dpi.
func BenchmarkRender(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Render(1, i, Options{Types: []string{TypeDecision}})
	}
}

// BenchmarkDegrade applies each degradation to a full A4 page at 300 dpi.
func BenchmarkDegrade(b *testing.B) {
	s := Render(1, 0, Options{Types: []string{TypeDecision}})
	for _, d := range Degradations() {
		b.Run(string(d), func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				DegradeSample(s, d, int64(i))
			}
		})
	}
}
