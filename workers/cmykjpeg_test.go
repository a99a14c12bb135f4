package workers_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math"
)

// encodeCMYKJPEG writes img as a baseline 4-component (CMYK, Adobe
// convention: stored inverted) JPEG, the kind print-oriented scanners and
// Photoshop produce. Go's encoder writes YCbCr only, and no converter is
// installed, so the test makes its own: quantisation 1, the standard
// luminance Huffman tables for every component.
func encodeCMYKJPEG(img image.Image) []byte {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	// component planes, inverted as Adobe stores them
	planes := make([][]byte, 4)
	for c := range planes {
		planes[c] = make([]byte, w*h)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			k := color.CMYKModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.CMYK)
			for c, v := range []uint8{k.C, k.M, k.Y, k.K} {
				planes[c][y*w+x] = 255 - v
			}
		}
	}
	var out bytes.Buffer
	seg := func(marker byte, body []byte) {
		out.Write([]byte{0xFF, marker})
		binary.Write(&out, binary.BigEndian, uint16(len(body)+2))
		out.Write(body)
	}
	out.Write([]byte{0xFF, 0xD8})
	seg(0xEE, []byte{'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}) // transform 0: CMYK
	seg(0xDB, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...))
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 4}
	for c := 1; c <= 4; c++ {
		sof = append(sof, byte(c), 0x11, 0)
	}
	seg(0xC0, sof)
	dht := append([]byte{0x00}, dcBits[:]...)
	dht = append(dht, dcVals...)
	dht = append(dht, 0x10)
	dht = append(dht, acBits[:]...)
	dht = append(dht, acVals...)
	seg(0xC4, dht)
	sos := []byte{4}
	for c := 1; c <= 4; c++ {
		sos = append(sos, byte(c), 0x00)
	}
	seg(0xDA, append(sos, 0, 63, 0))

	dcCodes, acCodes := huffCodes(dcBits, dcVals), huffCodes(acBits, acVals)
	bw := &bitWriter{w: &out}
	prev := make([]int, 4)
	var blk [64]float64
	for by := 0; by < (h+7)/8; by++ {
		for bx := 0; bx < (w+7)/8; bx++ {
			for c := 0; c < 4; c++ {
				for i := 0; i < 64; i++ {
					x, y := min(bx*8+i%8, w-1), min(by*8+i/8, h-1)
					blk[i] = float64(planes[c][y*w+x]) - 128
				}
				coef := fdct(&blk)
				diff := coef[0] - prev[c]
				prev[c] = coef[0]
				n, bits := magnitude(diff)
				bw.code(dcCodes[byte(n)])
				bw.bits(bits, n)
				run := 0
				for k := 1; k < 64; k++ {
					v := coef[zigzag[k]]
					if v == 0 {
						run++
						continue
					}
					for run > 15 {
						bw.code(acCodes[0xF0])
						run -= 16
					}
					n, bits := magnitude(v)
					bw.code(acCodes[byte(run<<4|n)])
					bw.bits(bits, n)
					run = 0
				}
				if run > 0 {
					bw.code(acCodes[0x00])
				}
			}
		}
	}
	bw.flush()
	out.Write([]byte{0xFF, 0xD9})
	return out.Bytes()
}

var cosTab = func() (t [8][8]float64) {
	for x := range 8 {
		for u := range 8 {
			t[x][u] = math.Cos(float64(2*x+1) * float64(u) * math.Pi / 16)
		}
	}
	return
}()

func fdct(blk *[64]float64) (out [64]int) {
	for v := range 8 {
		for u := range 8 {
			s := 0.0
			for y := range 8 {
				for x := range 8 {
					s += blk[y*8+x] * cosTab[x][u] * cosTab[y][v]
				}
			}
			cu, cv := 1.0, 1.0
			if u == 0 {
				cu = 1 / math.Sqrt2
			}
			if v == 0 {
				cv = 1 / math.Sqrt2
			}
			out[v*8+u] = int(math.Round(s * cu * cv / 4))
		}
	}
	return
}

func magnitude(v int) (int, uint32) {
	a := v
	if a < 0 {
		a = -a
	}
	n := 0
	for a > 0 {
		n++
		a >>= 1
	}
	if v < 0 {
		v += 1<<n - 1
	}
	return n, uint32(v)
}

type huffCode struct {
	code uint32
	n    int
}

func huffCodes(bits [16]byte, vals []byte) map[byte]huffCode {
	m := map[byte]huffCode{}
	code, k := uint32(0), 0
	for l := 1; l <= 16; l++ {
		for i := 0; i < int(bits[l-1]); i++ {
			m[vals[k]] = huffCode{code, l}
			code++
			k++
		}
		code <<= 1
	}
	return m
}

type bitWriter struct {
	w    *bytes.Buffer
	acc  uint32
	nacc int
}

func (b *bitWriter) code(c huffCode) { b.bits(c.code, c.n) }

func (b *bitWriter) bits(v uint32, n int) {
	for i := n - 1; i >= 0; i-- {
		b.acc = b.acc<<1 | (v>>i)&1
		b.nacc++
		if b.nacc == 8 {
			b.w.WriteByte(byte(b.acc))
			if byte(b.acc) == 0xFF {
				b.w.WriteByte(0) // byte stuffing
			}
			b.acc, b.nacc = 0, 0
		}
	}
}

func (b *bitWriter) flush() {
	for b.nacc != 0 {
		b.bits(1, 1)
	}
}

var zigzag = [64]int{
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
}

// The standard (Annex K) luminance tables.
var (
	dcBits = [16]byte{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0}
	dcVals = []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	acBits = [16]byte{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125}
	acVals = []byte{
		0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
		0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
		0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
		0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
		0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
		0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
		0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
		0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
		0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
		0xf9, 0xfa,
	}
)
