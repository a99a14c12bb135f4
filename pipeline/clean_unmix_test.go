package pipeline

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// TestDropoutUnmixesInks: a red seal ring and a blue pen stroke pressed
// over text (ink multiplies the light under it, with an opacity that
// varies as a stamp's does) leave white paper where they lay on paper —
// the pen over the seal too, whose two inks make a dark purple — and the
// text under them as dark as it was. A solid red emblem is print, not a
// mark: it keeps the plain dropout's light gray. Both converters (ToGray
// and the PNG decoder's) agree.
func TestDropoutUnmixesInks(t *testing.T) {
	img := renderPage(t, sampleLines[:4], 1000, 36)
	text := image.NewRGBA(img.Rect)
	copy(text.Pix, img.Pix)
	b := img.Bounds()
	seal, pen := [3]float64{205, 25, 40}, [3]float64{30, 50, 170}
	cx, cy, r := b.Dx()/2, b.Dy()/2, b.Dy()/3
	inSeal := func(x, y int) bool {
		d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
		return d < r*r && d > (r-14)*(r-14)
	}
	inPen := func(x, y int) bool { return y-cy >= -3 && y-cy <= 3 && x > 50 && x < 950 }
	inEmblem := func(x, y int) bool { return (x-70)*(x-70)+(y-70)*(y-70) < 40*40 }
	press := func(p []uint8, ink [3]float64, a float64) {
		for c := range 3 {
			p[c] = uint8(float64(p[c]) * (1 - a + a*ink[c]/255))
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := img.Pix[img.PixOffset(x, y):]
			if inSeal(x, y) {
				press(p, seal, 0.55+0.3*float64((x*7+y*13)%10)/10)
			}
			if inPen(x, y) {
				press(p, pen, 0.8)
			}
			if inEmblem(x, y) {
				press(p, seal, 1)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	decoded, err := decodePage(buf.Bytes(), DefaultLimits, true)
	if err != nil {
		t.Fatal(err)
	}
	viaToGray, dropped := ToGray(img, true)
	if !dropped {
		t.Fatal("dropout reported nothing dropped")
	}
	for _, tc := range []struct {
		name string
		g    *image.Gray
	}{
		{"ToGray", viaToGray},
		{"decodePage", decoded.(*grayPage).Gray},
	} {
		var paper, paperGray, both, bothGray, textKept, textN, emblem, emblemGray int
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if inEmblem(x, y) {
					emblem++
					if tc.g.GrayAt(x, y).Y < 235 {
						emblemGray++
					}
				}
				s, p := inSeal(x, y), inPen(x, y)
				if !s && !p {
					continue
				}
				under := text.RGBAAt(x, y).R
				v := tc.g.GrayAt(x, y).Y
				switch {
				case under == 255 && s && p:
					both++
					if v < 235 {
						bothGray++
						if bothGray < 8 {
							t.Logf("%v -> %d", img.RGBAAt(x, y), v)
						}
					}
				case under == 255:
					paper++
					if v < 235 {
						paperGray++
					}
				case under < 60:
					textN++
					if v < 100 {
						textKept++
					}
				}
			}
		}
		if paper == 0 || both == 0 || textN == 0 {
			t.Fatalf("test image: %d ink-on-paper, %d pen-on-seal, %d text-under-ink pixels", paper, both, textN)
		}
		if paperGray*100 > paper {
			t.Errorf("%s: %d of %d pixels of ink on paper left gray (< 235)", tc.name, paperGray, paper)
		}
		if bothGray*100 > both {
			t.Errorf("%s: %d of %d pixels of pen over the seal left gray (< 235)", tc.name, bothGray, both)
		}
		if emblemGray*100 < emblem*99 {
			t.Errorf("%s: %d of %d pixels of the emblem kept gray, want all", tc.name, emblemGray, emblem)
		}
		if textKept*100 < textN*99 {
			t.Errorf("%s: %d of %d black text pixels under the ink kept dark", tc.name, textKept, textN)
		}
	}
}
