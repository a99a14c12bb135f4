package geom

import (
	"math"
	"testing"
)

func TestHomography(t *testing.T) {
	from := [4][2]float64{{0, 0}, {100, 0}, {100, 50}, {0, 50}}
	to := [4][2]float64{{10, 5}, {120, 12}, {115, 70}, {3, 60}}
	h, ok := Homography(from, to)
	if !ok {
		t.Fatal("not solved")
	}
	for i := range 4 {
		u, v := Apply(h, from[i][0], from[i][1])
		if math.Abs(u-to[i][0]) > 1e-9 || math.Abs(v-to[i][1]) > 1e-9 {
			t.Errorf("corner %d maps to (%g, %g), want %v", i, u, v, to[i])
		}
	}
	if _, ok := Homography([4][2]float64{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, to); ok {
		t.Error("points on a line solved")
	}
}
