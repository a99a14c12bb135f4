// Package geom holds plane geometry shared by the cleaning steps and the
// corpus generator.
package geom

import "math"

// Homography returns the 3×3 projective map (row-major, h[8] = 1) taking
// the four points from onto the four points to, and false when the points
// are degenerate (three on a line).
func Homography(from, to [4][2]float64) ([9]float64, bool) {
	var m [8][9]float64
	for i := range 4 {
		x, y := from[i][0], from[i][1]
		u, v := to[i][0], to[i][1]
		m[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		m[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	// Gaussian elimination with partial pivoting.
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-12 {
			return [9]float64{}, false
		}
		m[c], m[p] = m[p], m[c]
		for r := range 8 {
			if r == c {
				continue
			}
			k := m[r][c] / m[c][c]
			for j := c; j < 9; j++ {
				m[r][j] -= k * m[c][j]
			}
		}
	}
	var h [9]float64
	for i := range 8 {
		h[i] = m[i][8] / m[i][i]
	}
	h[8] = 1
	return h, true
}

// Apply maps the point (x, y) through h.
func Apply(h [9]float64, x, y float64) (float64, float64) {
	w := h[6]*x + h[7]*y + h[8]
	return (h[0]*x + h[1]*y + h[2]) / w, (h[3]*x + h[4]*y + h[5]) / w
}
