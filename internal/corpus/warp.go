package corpus

import (
	"github.com/sohoa/sohoa/internal/geom"
	"image"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// drawRotatedGlyph draws rune c into m centred on (cx, cy), turned angle
// radians clockwise.
func drawRotatedGlyph(m *mask, face font.Face, c rune, cx, cy, angle float64) {
	dr, gm, mp, adv, ok := face.Glyph(fixed.Point26_6{}, c)
	if !ok || dr.Empty() {
		return
	}
	alpha, isAlpha := gm.(*image.Alpha)
	at := func(x, y int) uint8 {
		if isAlpha {
			return alpha.AlphaAt(x, y).A
		}
		_, _, _, a := gm.At(x, y).RGBA()
		return uint8(a >> 8)
	}
	gxc := float64(adv) / 64 / 2
	gyc := -float64(face.Metrics().CapHeight) / 64 / 2
	rad := math.Hypot(float64(dr.Dx()), float64(dr.Dy()))/2 + math.Hypot(gxc, gyc) + 2
	sin, cos := math.Sincos(angle)
	for y := int(cy - rad); y <= int(cy+rad); y++ {
		for x := int(cx - rad); x <= int(cx+rad); x++ {
			dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
			gx := dx*cos + dy*sin + gxc
			gy := -dx*sin + dy*cos + gyc
			ix, iy := int(math.Floor(gx)), int(math.Floor(gy))
			if ix < dr.Min.X || iy < dr.Min.Y || ix >= dr.Max.X || iy >= dr.Max.Y {
				continue
			}
			if v := at(mp.X+ix-dr.Min.X, mp.Y+iy-dr.Min.Y); v > 0 {
				m.set(x, y, v)
			}
		}
	}
}

// phone turns a scan into a phone photo of the page lying on a desk: lower
// resolution, perspective, a shadow across part of it, a warm cast and a
// slight blur. It returns the photo, its scale and the page corners.
func phone(src *image.RGBA, r *rand.Rand) (*image.RGBA, float64, []image.Point) {
	W, H := src.Bounds().Dx(), src.Bounds().Dy()
	k := 0.5 + 0.17*r.Float64() // 150–200 dpi from 300
	Wo, Ho := int(float64(W)*k), int(float64(H)*k)
	in := func(f float64) float64 { return (0.02 + 0.06*r.Float64()) * f }
	fw, fh := float64(Wo), float64(Ho)
	quad := [4][2]float64{
		{in(fw), in(fh)},
		{fw - in(fw), in(fh)},
		{fw - in(fw), fh - in(fh)},
		{in(fw), fh - in(fh)},
	}
	rect := [4][2]float64{{0, 0}, {float64(W), 0}, {float64(W), float64(H)}, {0, float64(H)}}
	h, _ := geom.Homography(quad, rect) // output → source (a page quadrilateral is never degenerate)
	out := image.NewRGBA(image.Rect(0, 0, Wo, Ho))
	desk := [3]float64{95 + 40*r.Float64(), 78 + 30*r.Float64(), 60 + 20*r.Float64()}
	// Shadow: a soft-edged half-plane of a hand or the phone.
	sth := r.Float64() * 2 * math.Pi
	sdx, sdy := math.Cos(sth), math.Sin(sth)
	soff := 0.15 + 0.3*r.Float64()
	sdepth := 0.25 + 0.2*r.Float64()
	cast := [3]float64{1, 0.97, 0.9}
	for y := 0; y < Ho; y++ {
		row := out.Pix[y*out.Stride:]
		for x := 0; x < Wo; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			u, v := geom.Apply(h, fx, fy)
			var c [3]float64
			if u >= 0 && v >= 0 && u < float64(W-1) && v < float64(H-1) {
				c = bilinear(src, u, v)
			} else {
				c = desk
			}
			// Signed distance to the shadow edge, in page fractions.
			s := (fx/fw-0.5)*sdx + (fy/fh-0.5)*sdy - soff
			shade := 1 - sdepth/(1+math.Exp(-s*40))
			o := 4 * x
			for i := range 3 {
				row[o+i] = clamp8(c[i] * shade * cast[i])
			}
			row[o+3] = 255
		}
	}
	blurred := nrgbaToRGBA(imaging.Blur(out, 0.6+0.5*r.Float64()))
	addNoise(blurred, r, 3, 0)
	corners := make([]image.Point, 4)
	for i, q := range quad {
		corners[i] = image.Pt(int(q[0]+0.5), int(q[1]+0.5))
	}
	return blurred, k, corners
}

func bilinear(img *image.RGBA, u, v float64) [3]float64 {
	x0, y0 := int(u), int(v)
	ax, ay := u-float64(x0), v-float64(y0)
	o := y0*img.Stride + 4*x0
	p := img.Pix
	var c [3]float64
	for i := range 3 {
		a := float64(p[o+i])*(1-ax) + float64(p[o+4+i])*ax
		b := float64(p[o+img.Stride+i])*(1-ax) + float64(p[o+img.Stride+4+i])*ax
		c[i] = a*(1-ay) + b*ay
	}
	return c
}
