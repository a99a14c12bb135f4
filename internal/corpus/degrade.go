package corpus

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"math/rand/v2"

	"github.com/disintegration/imaging"
)

// Degradation names one way a page gets damaged between paper and pixels.
type Degradation string

const (
	Clean        Degradation = "clean"     // untouched
	Skew         Degradation = "skew"      // rotated ±1–5°
	Rotate90     Degradation = "rot90"     // page turned 90° clockwise
	Rotate180    Degradation = "rot180"    // upside down
	Rotate270    Degradation = "rot270"    // page turned 270° clockwise (90° counter-clockwise)
	Noise        Degradation = "noise"     // Gaussian sensor noise and salt-and-pepper
	Blur         Degradation = "blur"      // downsampled to 2/3 resolution (300 → 200 dpi) and blurred
	Faded        Degradation = "faded"     // tinted paper, low contrast, uneven lighting
	JPEG         Degradation = "jpeg"      // JPEG quality 10–20
	Seal         Degradation = "seal"      // red round seal and blue pen marks over the text
	Photocopy    Degradation = "photocopy" // second-generation photocopy: threshold, broken strokes, speckles
	Phone        Degradation = "phone"     // phone photo: perspective, shadow, lower resolution, blur
	BorderShadow Degradation = "border"    // dark scanner bands at the edges
)

// Degradations returns every degradation, Clean first.
func Degradations() []Degradation {
	return []Degradation{Clean, Skew, Rotate90, Rotate180, Rotate270, Noise, Blur, Faded, JPEG, Seal, Photocopy, Phone, BorderShadow}
}

// ParseDegradation checks a degradation name.
func ParseDegradation(s string) (Degradation, error) {
	for _, d := range Degradations() {
		if string(d) == s {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown degradation %q", s)
}

// Meta is the truth of what a degradation did.
type Meta struct {
	Degradation Degradation `json:"degradation"`
	Seed        int64       `json:"seed"`
	// SkewDeg is the rotation applied by Skew, degrees, positive
	// counter-clockwise; deskewing rotates by -SkewDeg.
	SkewDeg float64 `json:"skew_deg"`
	// Rotation is the clockwise quarter turn applied (0, 90, 180, 270); the
	// upright page is recovered by turning Rotation degrees counter-clockwise.
	Rotation int `json:"rotation"`
	// DPI is the output's resolution relative to the paper.
	DPI int `json:"dpi"`
	// Scale is output pixels per input pixel.
	Scale float64 `json:"scale"`
	// JPEGQuality is the quality JPEG used.
	JPEGQuality int `json:"jpeg_quality,omitempty"`
	// Corners are the page's corners in the Phone output, clockwise from
	// top-left.
	Corners []image.Point `json:"corners,omitempty"`
	// JPEGData is the encoded file JPEG produced (the returned image is its
	// decoding).
	JPEGData []byte `json:"-"`
}

// Degrade applies d to img, assumed scanned at 300 dpi, deterministically
// for seed. The input is not modified. The result is an *image.RGBA, or an
// *image.Gray for Photocopy.
func Degrade(img image.Image, d Degradation, seed int64) (image.Image, Meta) {
	return DegradeAt(img, 300, d, seed)
}

// DegradeSample degrades a sample's clean image at its resolution.
func DegradeSample(s Sample, d Degradation, seed int64) (image.Image, Meta) {
	return DegradeAt(s.Image, s.DPI, d, seed)
}

// DegradeAt is Degrade for an image of the given resolution.
func DegradeAt(img image.Image, dpi int, d Degradation, seed int64) (image.Image, Meta) {
	var h uint64
	for _, c := range []byte(d) {
		h = h*131 + uint64(c)
	}
	r := rand.New(rand.NewPCG(mix(uint64(seed)), mix(h)))
	m := Meta{Degradation: d, Seed: seed, DPI: dpi, Scale: 1}
	src := toRGBA(img)
	switch d {
	case Clean:
		return src, m
	case Skew:
		m.SkewDeg = (1 + 4*r.Float64()) * float64(1-2*r.IntN(2))
		m.SkewDeg = math.Round(m.SkewDeg*100) / 100
		return rotate(src, m.SkewDeg), m
	case Rotate90:
		m.Rotation = 90
		return nrgbaToRGBA(imaging.Rotate270(src)), m // imaging turns counter-clockwise
	case Rotate180:
		m.Rotation = 180
		return nrgbaToRGBA(imaging.Rotate180(src)), m
	case Rotate270:
		m.Rotation = 270
		return nrgbaToRGBA(imaging.Rotate90(src)), m
	case Noise:
		addNoise(src, r, 10+15*r.Float64(), 0.0005)
		return src, m
	case Blur:
		w := src.Bounds().Dx() * 2 / 3
		m.Scale = float64(w) / float64(src.Bounds().Dx())
		m.DPI = dpi * 2 / 3
		small := imaging.Resize(src, w, 0, imaging.Linear)
		return nrgbaToRGBA(imaging.Blur(small, 0.7+0.5*r.Float64())), m
	case Faded:
		fade(src, r)
		return src, m
	case JPEG:
		m.JPEGQuality = 10 + r.IntN(11)
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: m.JPEGQuality}); err != nil {
			panic(err) // encoding to memory cannot fail
		}
		m.JPEGData = buf.Bytes()
		dec, err := jpeg.Decode(bytes.NewReader(m.JPEGData))
		if err != nil {
			panic(err)
		}
		return toRGBA(dec), m
	case Seal:
		stampSeal(src, r)
		penMarks(src, r)
		return src, m
	case Photocopy:
		return photocopy(src, r), m
	case Phone:
		out, k, corners := phone(src, r)
		m.Scale, m.Corners = k, corners
		m.DPI = int(float64(dpi)*k + 0.5)
		return out, m
	case BorderShadow:
		borderShadow(src, r)
		return src, m
	}
	panic(fmt.Sprintf("corpus: unknown degradation %q", d))
}

// toRGBA copies img into a fresh *image.RGBA with origin (0,0).
func toRGBA(img image.Image) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if src, ok := img.(*image.RGBA); ok {
		for y := 0; y < b.Dy(); y++ {
			copy(out.Pix[y*out.Stride:y*out.Stride+4*b.Dx()], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return out
	}
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	return out
}

// nrgbaToRGBA reuses an opaque NRGBA's pixels as RGBA (identical when
// every alpha is 255, which holds for imaging's output on opaque input).
func nrgbaToRGBA(n *image.NRGBA) *image.RGBA {
	return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
}

func clamp8(v float64) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}

// gauss holds standard normal samples; drawing 16-bit indices into it is
// much faster than NormFloat64 per pixel.
var gauss = func() *[65536]float32 {
	var t [65536]float32
	r := rand.New(rand.NewPCG(1, 2))
	for i := range t {
		t[i] = float32(r.NormFloat64())
	}
	return &t
}()

// normals returns a source of standard normal samples driven by r.
func normals(r *rand.Rand) func() float64 {
	var bits uint64
	left := 0
	return func() float64 {
		if left == 0 {
			bits, left = r.Uint64(), 4
		}
		v := gauss[bits&0xffff]
		bits >>= 16
		left--
		return float64(v)
	}
}

func addNoise(img *image.RGBA, r *rand.Rand, sigma, saltPepper float64) {
	p := img.Pix
	norm := normals(r)
	spLimit := uint32(saltPepper * (1 << 32))
	for i := 0; i < len(p); i += 4 {
		n := norm() * sigma
		if spLimit > 0 && r.Uint32() < spLimit {
			n = 255
			if r.IntN(2) == 0 {
				n = -255
			}
		}
		p[i] = clamp8(float64(p[i]) + n)
		p[i+1] = clamp8(float64(p[i+1]) + n)
		p[i+2] = clamp8(float64(p[i+2]) + n)
	}
}

var paperTints = [][3]float64{{250, 241, 214}, {246, 236, 232}, {236, 241, 250}, {240, 246, 228}, {244, 238, 222}}

// fade lowers contrast, tints the paper and lights it unevenly.
func fade(img *image.RGBA, r *rand.Rand) {
	tint := paperTints[r.IntN(len(paperTints))]
	k := 0.45 + 0.2*r.Float64()          // ink strength left
	a := 0.12 + 0.2*r.Float64()          // gradient depth
	b := 0.08 + 0.12*r.Float64()         // vignette depth
	th := r.Float64() * 2 * math.Pi      // gradient direction
	dx, dy := math.Cos(th), math.Sin(th) //
	W, H := img.Bounds().Dx(), img.Bounds().Dy()
	for y := 0; y < H; y++ {
		fy := float64(y)/float64(H) - 0.5
		row := img.Pix[y*img.Stride:]
		for x := 0; x < W; x++ {
			fx := float64(x)/float64(W) - 0.5
			t := (fx*dx + fy*dy) + 0.5 // 0..1 along the gradient roughly
			light := 1 - a*t - b*(fx*fx+fy*fy)*2
			o := 4 * x
			for c := 0; c < 3; c++ {
				v := 255 - (255-float64(row[o+c]))*k
				row[o+c] = clamp8(v * tint[c] / 255 * light)
			}
		}
	}
}

// mask is a coverage layer composited onto the page with one ink colour.
type mask struct {
	w, h int
	a    []uint8
}

func newMask(w, h int) *mask { return &mask{w, h, make([]uint8, w*h)} }

func (m *mask) set(x, y int, v uint8) {
	if x < 0 || y < 0 || x >= m.w || y >= m.h {
		return
	}
	if i := y*m.w + x; v > m.a[i] {
		m.a[i] = v
	}
}

// disc stamps a filled, antialiased disc.
func (m *mask) disc(cx, cy, rad float64) {
	for y := int(cy - rad - 1); y <= int(cy+rad+1); y++ {
		for x := int(cx - rad - 1); x <= int(cx+rad+1); x++ {
			d := math.Hypot(float64(x)-cx, float64(y)-cy)
			if c := rad + 0.5 - d; c > 0 {
				m.set(x, y, uint8(255*math.Min(c, 1)))
			}
		}
	}
}

// ring draws a circle outline of width t.
func (m *mask) ring(cx, cy, rad, t float64) {
	for y := int(cy - rad - t); y <= int(cy+rad+t); y++ {
		for x := int(cx - rad - t); x <= int(cx+rad+t); x++ {
			d := math.Abs(math.Hypot(float64(x)-cx, float64(y)-cy) - rad)
			if c := t/2 + 0.5 - d; c > 0 {
				m.set(x, y, uint8(255*math.Min(c, 1)))
			}
		}
	}
}

// stroke stamps discs along a polyline.
func (m *mask) stroke(pts [][2]float64, width float64) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		n := int(math.Hypot(b[0]-a[0], b[1]-a[1])/(width/3)) + 1
		for j := 0; j <= n; j++ {
			t := float64(j) / float64(n)
			m.disc(a[0]+(b[0]-a[0])*t, a[1]+(b[1]-a[1])*t, width/2)
		}
	}
}

// polygon fills a polygon (even-odd) by scanning its bounding box.
func (m *mask) polygon(pts [][2]float64) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	for y := int(minY); y <= int(maxY)+1; y++ {
		for x := int(minX); x <= int(maxX)+1; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			in := false
			for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
				a, b := pts[i], pts[j]
				if (a[1] > py) != (b[1] > py) && px < (b[0]-a[0])*(py-a[1])/(b[1]-a[1])+a[0] {
					in = !in
				}
			}
			if in {
				m.set(x, y, 255)
			}
		}
	}
}

// composite multiplies the page by ink wherever the mask covers it, with
// opacity and a random ink texture (dry stamp pads leave gaps).
func (m *mask) composite(img *image.RGBA, ink [3]float64, opacity, texture float64, r *rand.Rand) {
	for y := 0; y < m.h; y++ {
		row := img.Pix[y*img.Stride:]
		for x := 0; x < m.w; x++ {
			v := m.a[y*m.w+x]
			if v == 0 {
				continue
			}
			a := float64(v) / 255 * opacity
			if texture > 0 {
				a *= 1 - texture*r.Float64()
			}
			o := 4 * x
			for c := 0; c < 3; c++ {
				row[o+c] = clamp8(float64(row[o+c]) * (1 - a + a*ink[c]/255))
			}
		}
	}
}

// stampSeal presses a round red seal, with its text ring and star, over the
// lower right of the page where administrative pages are signed.
func stampSeal(img *image.RGBA, r *rand.Rand) {
	W, H := img.Bounds().Dx(), img.Bounds().Dy()
	R := float64(min(W, H)) * (0.08 + 0.015*r.Float64())
	cx := float64(W) * (0.55 + 0.2*r.Float64())
	cy := float64(H) * (0.6 + 0.22*r.Float64())
	m := newMask(W, H)
	m.ring(cx, cy, R, R*0.06)
	m.ring(cx, cy, R*0.68, R*0.025)
	// Five-pointed star.
	var star [][2]float64
	for i := range 10 {
		rad := R * 0.25
		if i%2 == 1 {
			rad *= 0.4
		}
		th := -math.Pi/2 + float64(i)*math.Pi/5
		star = append(star, [2]float64{cx + rad*math.Cos(th), cy + rad*math.Sin(th)})
	}
	m.polygon(star)
	// Text ring: the issuing body around the top, clockwise.
	l := pick(r, localities)
	text := []rune(upperVN("ỦY BAN NHÂN DÂN " + l.Kind + " " + l.Name + " * " + provinceLabel(l.Province) + " *"))
	_, sans := families()
	face := newFace(&sans[0], bold, R*0.16*72/300, 300)
	span := 1.85 * math.Pi
	start := -math.Pi/2 - span/2
	for i, c := range text {
		th := start + span*(float64(i)+0.5)/float64(len(text))
		drawRotatedGlyph(m, face, c, cx+R*0.84*math.Cos(th), cy+R*0.84*math.Sin(th), th+math.Pi/2)
	}
	m.composite(img, [3]float64{205, 25, 40}, 0.6+0.25*r.Float64(), 0.45, r)
}

// penMarks draws blue ballpoint marks: a signature, underlines, a tick and
// a loop around a word.
func penMarks(img *image.RGBA, r *rand.Rand) {
	W, H := img.Bounds().Dx(), img.Bounds().Dy()
	width := math.Max(1.5, float64(W)/700*(0.8+0.5*r.Float64()))
	m := newMask(W, H)
	// Signature: a loopy scribble near the seal's area.
	sx, sy := float64(W)*(0.6+0.15*r.Float64()), float64(H)*(0.65+0.15*r.Float64())
	var sig [][2]float64
	n := 60 + r.IntN(40)
	sw, sh := float64(W)*0.18, float64(H)*0.025
	f1, f2 := 3+r.Float64()*4, 7+r.Float64()*6
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		sig = append(sig, [2]float64{sx + sw*t + sh*0.8*math.Cos(f2*t*2*math.Pi), sy + sh*math.Sin(f1*t*2*math.Pi) - sh*t})
	}
	m.stroke(sig, width)
	// Underlines under body text.
	for range 1 + r.IntN(3) {
		y := float64(H) * (0.3 + 0.35*r.Float64())
		x0 := float64(W) * (0.15 + 0.4*r.Float64())
		x1 := x0 + float64(W)*(0.1+0.25*r.Float64())
		var pts [][2]float64
		for i := 0; i <= 20; i++ {
			t := float64(i) / 20
			pts = append(pts, [2]float64{x0 + (x1-x0)*t, y + float64(H)*0.002*math.Sin(t*5+r.Float64())})
		}
		m.stroke(pts, width)
	}
	// A tick in the margin and a loop around a word.
	tx, ty := float64(W)*(0.05+0.05*r.Float64()), float64(H)*(0.3+0.4*r.Float64())
	u := float64(W) * 0.012
	m.stroke([][2]float64{{tx, ty}, {tx + u, ty + u}, {tx + 3*u, ty - 2*u}}, width)
	ex, ey := float64(W)*(0.25+0.5*r.Float64()), float64(H)*(0.25+0.45*r.Float64())
	ew, eh := float64(W)*(0.06+0.06*r.Float64()), float64(H)*0.012
	var loop [][2]float64
	for i := 0; i <= 40; i++ {
		th := float64(i) / 40 * 2.15 * math.Pi
		loop = append(loop, [2]float64{ex + ew*math.Cos(th), ey + eh*math.Sin(th) + eh*0.2*float64(i)/40})
	}
	m.stroke(loop, width)
	m.composite(img, [3]float64{30, 50, 170}, 0.85, 0.15, r)
}

// photocopy makes a second-generation photocopy: each generation blurs,
// adds noise and thresholds, breaking thin strokes; then toner speckles and
// a grey cast.
func photocopy(src *image.RGBA, r *rand.Rand) *image.Gray {
	W, H := src.Bounds().Dx(), src.Bounds().Dy()
	g := make([]float64, W*H)
	for i := range g {
		p := src.Pix[4*i:]
		g[i] = 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	norm := normals(r)
	for range 2 {
		g = boxBlur(g, W, H)
		t := 125 + 40*r.Float64()
		for i, v := range g {
			if v+norm()*30 < t {
				g[i] = 0
			} else {
				g[i] = 255
			}
		}
	}
	out := image.NewGray(image.Rect(0, 0, W, H))
	black, white := 35+25*r.Float64(), 222+18*r.Float64()
	for i, v := range g {
		out.Pix[i] = clamp8(black + (white-black)*v/255 + norm()*4)
	}
	// Speckles: toner dust in small clusters.
	for range W * H / 30000 {
		cx, cy := r.IntN(W), r.IntN(H)
		for range 1 + r.IntN(6) {
			x, y := cx+r.IntN(7)-3, cy+r.IntN(7)-3
			rad := 1 + r.IntN(2)
			for yy := y - rad; yy <= y+rad; yy++ {
				for xx := x - rad; xx <= x+rad; xx++ {
					if xx >= 0 && yy >= 0 && xx < W && yy < H && (xx-x)*(xx-x)+(yy-y)*(yy-y) <= rad*rad {
						out.Pix[yy*W+xx] = uint8(black)
					}
				}
			}
		}
	}
	// A faint vertical streak from a dirty drum.
	sx := r.IntN(W)
	for y := 0; y < H; y++ {
		for x := sx; x < min(W, sx+3); x++ {
			out.Pix[y*W+x] = uint8(float64(out.Pix[y*W+x]) * 0.85)
		}
	}
	return out
}

// boxBlur is a 3×3 mean filter.
func boxBlur(g []float64, W, H int) []float64 {
	tmp := make([]float64, len(g))
	for y := 0; y < H; y++ {
		row := g[y*W : (y+1)*W]
		for x := 0; x < W; x++ {
			s, n := row[x], 1.0
			if x > 0 {
				s, n = s+row[x-1], n+1
			}
			if x < W-1 {
				s, n = s+row[x+1], n+1
			}
			tmp[y*W+x] = s / n
		}
	}
	out := make([]float64, len(g))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			s, n := tmp[y*W+x], 1.0
			if y > 0 {
				s, n = s+tmp[(y-1)*W+x], n+1
			}
			if y < H-1 {
				s, n = s+tmp[(y+1)*W+x], n+1
			}
			out[y*W+x] = s / n
		}
	}
	return out
}

// borderShadow darkens one to three edges the way a scanner lid that does
// not close flat does, sometimes with a solid black bar.
func borderShadow(img *image.RGBA, r *rand.Rand) {
	W, H := img.Bounds().Dx(), img.Bounds().Dy()
	edges := r.Perm(4)[:1+r.IntN(3)]
	for _, e := range edges {
		dim := W
		if e == 0 || e == 2 {
			dim = H
		}
		band := float64(dim) * (0.015 + 0.035*r.Float64())
		solid := 0.0
		if r.IntN(3) == 0 {
			solid = band * 0.4
		}
		for y := 0; y < H; y++ {
			row := img.Pix[y*img.Stride:]
			for x := 0; x < W; x++ {
				var d float64 // distance from this edge
				switch e {
				case 0:
					d = float64(y)
				case 1:
					d = float64(W - 1 - x)
				case 2:
					d = float64(H - 1 - y)
				case 3:
					d = float64(x)
				}
				if d >= band {
					continue
				}
				f := 0.08
				if d > solid {
					t := (d - solid) / (band - solid)
					f = 0.08 + 0.92*t*t
				}
				o := 4 * x
				for c := 0; c < 3; c++ {
					row[o+c] = uint8(float64(row[o+c]) * f)
				}
			}
		}
	}
}

// rotate turns img deg degrees counter-clockwise about its centre onto a
// white canvas large enough to hold it, with bilinear sampling.
func rotate(src *image.RGBA, deg float64) *image.RGBA {
	W, H := src.Bounds().Dx(), src.Bounds().Dy()
	sin, cos := math.Sincos(deg * math.Pi / 180)
	Wo := int(math.Ceil(math.Abs(float64(W)*cos) + math.Abs(float64(H)*sin)))
	Ho := int(math.Ceil(math.Abs(float64(W)*sin) + math.Abs(float64(H)*cos)))
	out := image.NewRGBA(image.Rect(0, 0, Wo, Ho))
	cxo, cyo := float64(Wo)/2, float64(Ho)/2
	cxs, cys := float64(W)/2, float64(H)/2
	for y := 0; y < Ho; y++ {
		dy := float64(y) + 0.5 - cyo
		row := out.Pix[y*out.Stride:]
		for x := 0; x < Wo; x++ {
			dx := float64(x) + 0.5 - cxo
			// Inverse of a counter-clockwise turn in y-down coordinates.
			u := dx*cos - dy*sin + cxs - 0.5
			v := dx*sin + dy*cos + cys - 0.5
			o := 4 * x
			if u < 0 || v < 0 || u >= float64(W-1) || v >= float64(H-1) {
				row[o], row[o+1], row[o+2], row[o+3] = 255, 255, 255, 255
				continue
			}
			c := bilinear(src, u, v)
			row[o], row[o+1], row[o+2], row[o+3] = uint8(c[0]+0.5), uint8(c[1]+0.5), uint8(c[2]+0.5), 255
		}
	}
	return out
}
