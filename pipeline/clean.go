package pipeline

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
)

// OrientationDetector finds how many degrees clockwise a page must be
// rotated to read upright. *Tesseract implements it.
type OrientationDetector interface {
	DetectOrientation(ctx context.Context, img *image.Gray) (deg int, confidence float64, err error)
}

// CleanOptions selects cleaning steps; the zero value runs the default set.
type CleanOptions struct {
	DPI           int  // source resolution if known (0: guess from size)
	NoOrientation bool // skip orientation detection
	NoDeskew      bool
	NoFlatten     bool
	NoDropout     bool
	NoPerspective bool
	NoBorder      bool
	NoUpscale     bool
	NoDespeckle   bool
	NoMedian      bool // skip the median filter of noisy pages
	NoSharpen     bool // skip the unsharp mask of blurred cards
	Binarize      bool // Sauvola-binarise the result (off by default: see Binarize)
	OSD           bool // detect orientation with Tesseract OSD instead of AnalyzeLayout
	// AfterGray, if set, is called once a decoded colour page is reduced
	// to gray: the colour image (4 bytes a pixel, 35 MB for A4 at 300 dpi)
	// is garbage from then on unless the caller holds it, and an OCR helper
	// collects it there so that the cleaning steps' images reuse its
	// memory instead of adding to it. It is not called for a page its
	// decoder turned to gray (ADR 1112), which never held the colour page.
	AfterGray func()
}

// Step names, as recorded in Cleaned.Steps.
const (
	StepGray        = "gray"
	StepPerspective = "perspective"
	StepDropout     = "dropout"
	StepOrient      = "orient"
	StepDeskew      = "deskew"
	StepFlatten     = "flatten"
	StepUpscale     = "upscale"
	StepBorder      = "border"
	StepDenoise     = "denoise"
	StepMedian      = "median"
	StepSharpen     = "sharpen"
	StepBinarize    = "binarize"
)

// minOrientConfidence is the OSD margin below which a rotation is not
// trusted; Tesseract's own CLI uses similar thresholds.
const minOrientConfidence = 1.5

// orientation returns the clockwise turn that makes g upright, or 0 when
// unsure. confirm asks the caller to have OSD confirm it: an A4 page whose
// layout margin is weak (ADR 0608), see confirmTurn.
//
// c is what prepare found: whether the page is a card (Cleaned.Card:
// card-sized before prepare enlarged it, up to 16-fold in area for a
// photographed card, and few lines) and whether it is a photo.
func orientation(ctx context.Context, g *image.Gray, c Cleaned, od OrientationDetector, osd bool) (deg int, l *Layout, confirm bool, err error) {
	if osd && od != nil {
		deg, conf, err := od.DetectOrientation(ctx, g)
		if err != nil || conf < minOrientConfidence {
			return 0, nil, false, err
		}
		return deg, nil, false, nil
	}
	if od != nil && c.Card {
		// A card: AnalyzeLayout's ink cue misleads (photo, QR code, few
		// short lines) and OSD decides anyway, so ask OSD first and skip
		// the layout analysis when it is sure (ADR 0609). A small image
		// with a page's many lines is a page photographed or scanned at
		// a low resolution, whose layout cue is as good as an A4 scan's
		// (ADR 0619).
		deg, conf, err := od.DetectOrientation(ctx, g)
		if err != nil {
			return 0, nil, false, fmt.Errorf("detect card orientation: %w", err)
		}
		if conf >= minOrientConfidence {
			return deg, nil, false, nil
		}
		deg, l := layoutTurn(AnalyzeLayout(g))
		if deg != 0 {
			// OSD unsure and the card's ink cue alone turning it: a
			// photographed CMND upright read 270° (emblem, photo, two
			// lines found). Keep the turn only if the card reads surer so.
			if eng, ok := od.(Engine); ok {
				up, err := readScore(ctx, eng, g, 0)
				if err != nil {
					return 0, nil, false, fmt.Errorf("check card orientation: %w", err)
				}
				turned, err := readScore(ctx, eng, g, deg)
				if err != nil {
					return 0, nil, false, fmt.Errorf("check card orientation: %w", err)
				}
				if up >= turned {
					return 0, nil, false, nil
				}
			}
		}
		return deg, l, false, nil
	}
	lay := AnalyzeLayout(g)
	deg, l = layoutTurn(lay)
	// The ink cue is weak on this page (little text, pictures), or it
	// turns a photo, whose shadows mislead it (an upright phone photo read
	// 180° at a clear 0.62, which OSD rightly called 0 at 2.5): OSD is
	// reliable.
	photo := slices.Contains(c.Steps, StepPerspective)
	return deg, l, od != nil && (lay.OrientConf < confirmLayoutConfidence || photo && deg != 0), nil
}

// readScore recognises g turned clockwise by deg and returns how much it
// read surely: each word's letters and digits weighted by its confidence.
func readScore(ctx context.Context, eng Engine, g *image.Gray, deg int) (float64, error) {
	pt, err := eng.Recognize(ctx, Rotate90s(g, deg))
	if err != nil {
		return 0, err
	}
	var s float64
	for _, w := range pt.Words {
		s += w.Confidence * float64(alnumRunes(w.Text))
	}
	return s, nil
}

// confirmTurn asks OSD to confirm the turn guess given to the page g by its
// layout. It returns the turn to use and whether the layout is kept (when
// it is not, the layout's skew is in the wrong frame).
func confirmTurn(ctx context.Context, od OrientationDetector, g *image.Gray, guess int) (deg int, keep bool, err error) {
	deg, conf, err := od.DetectOrientation(ctx, g)
	if err != nil {
		return guess, true, fmt.Errorf("confirm orientation: %w", err)
	}
	if conf < minOrientConfidence || deg == guess {
		return guess, true, nil
	}
	return deg, false, nil
}

// layoutTurn is AnalyzeLayout's answer, kept only when its margin is clear.
func layoutTurn(l Layout) (int, *Layout) {
	if l.OrientConf < minLayoutConfidence {
		return 0, &l
	}
	return l.Orientation, &l
}

const (
	// confirmLayoutConfidence is the AnalyzeLayout margin under which OSD
	// is asked to confirm (ADR 0608).
	confirmLayoutConfidence = 0.4
	// smallPagePixels: under this size (a card at 300 dpi is ~1 MP, an A4
	// page 8.7 MP) OSD is consulted first.
	smallPagePixels = 2_500_000
)

// smallPage reports whether g is card-sized (under smallPagePixels): the
// cleaning steps that serve cards, or spare them, ask it; the OCR steps
// ask Cleaned.Card, which asks it before the page was enlarged, and that
// the page have fewer lines than a page (pageLines).
func smallPage(g *image.Gray) bool { return g.Rect.Dx()*g.Rect.Dy() < smallPagePixels }

// pageLines is the number of text lines from which a small image is a
// page, not a card: generated cards show at most 11 lines along either
// axis in every degradation, A4 pages 21 or more (seeds 1, 2, 4).
const pageLines = 16

// textLines counts the text lines in the horizontal and in the vertical
// projection profile of an Otsu-binarised copy of g, and returns the
// larger: a page's lines, whichever way it is turned.
func textLines(g *image.Gray) int {
	s := Downscale(g, max(1, g.Rect.Dx()/1200))
	t := otsu(s)
	s = withoutBands(s, t)
	rows := len(stripLines(s, t, 0, s.Rect.Dx(), nil))
	tr := Rotate90s(s, 90)
	return max(rows, len(stripLines(tr, t, 0, tr.Rect.Dx(), nil)))
}

// withoutBands returns a copy of s with its bands whitened: the columns
// dark (under t) in more than half its rows, and the rows dark in more
// than half its columns. A photo's shadow along the page's edge is dark in
// every row and leaves the profile no white row between lines; text never
// fills half a page's height or width.
func withoutBands(s *image.Gray, t uint8) *image.Gray {
	w, h := s.Rect.Dx(), s.Rect.Dy()
	cols, rows := make([]int, w), make([]int, h)
	for y := range h {
		for x, v := range s.Pix[y*s.Stride:][:w] {
			if v < t {
				cols[x]++
				rows[y]++
			}
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		row := out.Pix[y*out.Stride:][:w]
		copy(row, s.Pix[y*s.Stride:][:w])
		for x := range row {
			if 2*cols[x] > h || 2*rows[y] > w {
				row[x] = 255
			}
		}
	}
	return out
}

// minLayoutConfidence is the AnalyzeLayout margin below which the page is
// left as it is.
const minLayoutConfidence = 0.15

// Clean turns a decoded page into a grayscale image ready for OCR: coloured
// ink dropped out, a photographed sheet cut out of its background and made
// rectangular, dark scanner borders whitened, turned upright, deskewed, its
// background flattened and, when its text is small, enlarged.
// Steps that find nothing to do are skipped and not listed in Steps.
func Clean(ctx context.Context, img image.Image, od OrientationDetector, opts CleanOptions) (Cleaned, error) {
	c, _, err := clean(ctx, img, od, opts, false)
	return c, err
}

// clean is Clean. With speculate, a page whose turn OSD must confirm goes
// on with its layout's turn while OSD runs on another thread, and the
// confirmation is returned unsettled (ADR 1111); otherwise it is nil.
func clean(ctx context.Context, img image.Image, od OrientationDetector, opts CleanOptions, speculate bool) (Cleaned, *confirmation, error) {
	c, g := prepare(img, opts)
	deg, l := 0, (*Layout)(nil)
	var chk *confirmation
	if !opts.NoOrientation {
		var confirm bool
		var err error
		deg, l, confirm, err = orientation(ctx, g, c, od, opts.OSD)
		if err != nil {
			return c, nil, err
		}
		switch {
		case confirm && speculate:
			chk, err = startConfirmation(ctx, od, g, deg, c, opts)
			if err != nil {
				return c, nil, err
			}
		case confirm:
			var keep bool
			deg, keep, err = confirmTurn(ctx, od, g, deg)
			if err != nil {
				return c, nil, err
			}
			if !keep {
				l = nil
			}
		}
	}
	return finish(g, c, deg, l, opts), chk, nil
}

// prepare is the part of cleaning before orientation: gray and colour
// dropout, perspective, border, median, flatten, photocopy repair. It
// sets Card from the page's size before any enlargement and its lines.
func prepare(img image.Image, opts CleanOptions) (Cleaned, *image.Gray) {
	c := Cleaned{DPI: opts.DPI}
	var g *image.Gray
	var dropped bool
	if gp, ok := img.(*grayPage); ok && gp.dropout == !opts.NoDropout {
		// Its decoder converted it and never held the colour page: there
		// is nothing large for AfterGray to reclaim.
		g, dropped = gp.Gray, gp.dropped
	} else {
		g, dropped = ToGray(img, !opts.NoDropout)
		img = nil // not used again: AfterGray may reclaim it
		if opts.AfterGray != nil {
			opts.AfterGray()
		}
	}
	c.Steps = append(c.Steps, StepGray)
	if dropped {
		c.Steps = append(c.Steps, StepDropout)
	}
	if c.DPI == 0 {
		c.DPI = guessDPI(g.Rect.Dx(), g.Rect.Dy())
	}
	px := 0            // the page's size before enlargement, if enlarged
	flattened := false // g is flattened already: border and median were not needed
	if !opts.NoPerspective {
		if q, ok := FindPage(g); ok {
			photo := g
			g = Dewarp(g, q, perspInset)
			c.Steps = append(c.Steps, StepPerspective)
			// A photo's dark edges are shadows over its print, not a
			// scanner's bar: whitening them cut the labels and the date
			// off a card's photo column (ADR 0640).
			opts.NoBorder = true
			// The print is measured on the page flattened, as finish
			// measures it. Print under ~150 dpi is rectified and enlarged
			// in one cubic resampling of the photo, rather than a bilinear
			// dewarp now and an upscale in finish, and flattened in the
			// same pass by the levels found here (ADR 0619); a page that
			// needs its border whitened or a median takes the steps one by
			// one.
			px = g.Rect.Dx() * g.Rect.Dy()
			f, fl, k := measurePhoto(g, opts)
			plain := fl != nil && !needsBorderOrMedian(g, opts)
			switch {
			case k > 1 && plain:
				g = dewarp(photo, q, perspInset, k, true, fl)
				flattened = true
			case k > 1:
				g = DewarpCubic(photo, q, perspInset, k)
			case plain:
				g, flattened = f, true // what Flatten makes of g below
			}
			if k > 1 {
				c.DPI = int(float64(c.DPI)*k + 0.5)
				c.Steps = append(c.Steps, StepUpscale)
			}
			if flattened {
				c.Steps = append(c.Steps, StepFlatten)
			}
		}
	}
	if !opts.NoBorder && !flattened {
		if b, ok := RemoveBorder(g); ok {
			g = b
			c.Steps = append(c.Steps, StepBorder)
		}
	}
	// Sensor noise: a median keeps edges where a blur would soften them
	// (ADR 0613). It is measured before Flatten, whose levels stretch
	// clips noisy paper to white and hides it.
	if !opts.NoMedian && !flattened && NoiseLevel(g) >= noisyLevel {
		g = Median3(g)
		c.Steps = append(c.Steps, StepMedian)
	}
	// Flatten first: orientation and skew read an Otsu-binarised copy,
	// which uneven light and tinted paper would fool.
	if !opts.NoFlatten && !flattened {
		if f, ok := Flatten(g); ok {
			g = f
			c.Steps = append(c.Steps, StepFlatten)
		}
	}
	if !opts.NoDespeckle && IsHardThresholded(g) {
		// A photocopy: toner specks out, a majority vote over the ragged
		// stroke edges and pinholes that the copier's threshold left
		// (ADR 0614) unless the print is small, then soften the jagged
		// edges. The vote and the blur run in one pass, and both steps
		// binarise at one threshold: the few specks Despeckle whitens do
		// not move it (ADR 0616).
		t := otsu(Downscale(g, 2))
		despeckle(g, t)
		if smallPrint(g) {
			g = SoftenBlur(g)
		} else {
			g = majorityBlur(g, t)
		}
		c.Steps = append(c.Steps, StepDenoise)
	}
	if px == 0 {
		px = g.Rect.Dx() * g.Rect.Dy()
	}
	// A small image with a page's many lines is a page photographed or
	// scanned at a low resolution, not a card: the card's label rules
	// turned an A4 photo's "sinh ngày" into "Sinh ngày:".
	c.Card = px < smallPagePixels && textLines(g) < pageLines
	return c, g
}

// finish is the part of cleaning from orientation on: the page prepared
// as g and recorded in c is turned by deg, deskewed (near l's skew when
// the layout was measured in the upright frame), sharpened, upscaled and
// binarised as opts say. It does not write to g.
func finish(g *image.Gray, c Cleaned, deg int, l *Layout, opts CleanOptions) Cleaned {
	skewHint := math.NaN()
	if deg == 0 && l != nil && l.Orientation == 0 {
		skewHint = l.Skew
	}
	if deg != 0 {
		g = Rotate90s(g, deg)
		c.Orientation = deg
		c.Steps = append(c.Steps, StepOrient)
	}
	if !opts.NoDeskew {
		var a float64
		if math.IsNaN(skewHint) {
			a = EstimateSkew(g)
		} else {
			a = EstimateSkewNear(g, skewHint, 0.3)
		}
		if math.Abs(a) >= 0.1 {
			g = RotateGray(g, -a)
			c.SkewDeg = a
			c.Steps = append(c.Steps, StepDeskew)
		}
	}
	// A blurred card or a phone photo: its small text gains from an
	// unsharp mask after upscaling (ADR 0610, 0615). A4 scans are not
	// measured sharpened; photocopies are softened on purpose.
	sharpen := !opts.NoSharpen &&
		(smallPage(g) || slices.Contains(c.Steps, StepPerspective)) &&
		!slices.Contains(c.Steps, StepDenoise) && SoftEdges(g) >= softEdgeRatio
	if !opts.NoUpscale {
		// A photo enlarged in prepare is enlarged again when its print is
		// still small (a card's, ~10 px lines at ~150 dpi).
		if k := upscaleFactor(upscaleLineHeight(g)); k > 1 {
			g = enlarge(g, k, sharpen && slices.Contains(c.Steps, StepPerspective))
			c.DPI = int(float64(c.DPI)*k + 0.5)
			if !slices.Contains(c.Steps, StepUpscale) {
				c.Steps = append(c.Steps, StepUpscale)
			}
		}
	}
	if sharpen {
		g = Sharpen(g)
		c.Steps = append(c.Steps, StepSharpen)
	}
	if opts.Binarize {
		g = Binarize(g)
		c.Steps = append(c.Steps, StepBinarize)
	}
	c.Image = g
	return c
}

// measurePhoto returns the dewarped photo g flattened (g itself and nil
// levels when Flatten finds nothing to do) with Flatten's levels, and how
// much to enlarge g in one resampling with the photo's dewarp: when its
// print is under half of minLinePx (~150 dpi: a photographed card), to
// targetLinePx, at most maxUpscale² (the two upscales it would otherwise
// take), 1 otherwise. The print is measured before
// orientation: finish measures a sideways photo again once it is upright.
func measurePhoto(g *image.Gray, opts CleanOptions) (*image.Gray, *flatLevels, float64) {
	f, fl := g, (*flatLevels)(nil)
	if !opts.NoFlatten {
		if m, l, ok := flattenLevels(g); ok {
			f, fl = m, &l
		}
	}
	if opts.NoUpscale {
		return f, fl, 1
	}
	if lh := upscaleLineHeight(f); lh > 0 && lh < minLinePx/2 {
		return f, fl, math.Min(maxUpscale*maxUpscale, targetLinePx/lh)
	}
	return f, fl, 1
}

// needsBorderOrMedian reports whether prepare would whiten a border of g
// or median-filter it.
func needsBorderOrMedian(g *image.Gray, opts CleanOptions) bool {
	if !opts.NoBorder {
		if _, ok := RemoveBorder(g); ok {
			return true
		}
	}
	return !opts.NoMedian && NoiseLevel(g) >= noisyLevel
}

// enlarge upscales g by k, with the cubic kernel for a soft phone photo
// (sharpened next), bilinearly otherwise: the cubic kernel was better on
// phone photos on both seeds, mixed on blurred cards and worse on a few
// sharp JPEG and faded ones (ADR 0615).
func enlarge(g *image.Gray, k float64, softPhoto bool) *image.Gray {
	if softPhoto {
		return UpscaleCubic(g, k)
	}
	return Upscale(g, k)
}

// perspInset is how far inside the paper's found edges a dewarped page is
// cropped, so that the edge itself is left out.
const perspInset = 0.006

// guessDPI assumes an A4 or Letter page when the resolution is unknown.
func guessDPI(w, h int) int {
	short := min(w, h)
	dpi := int(math.Round(float64(short) / 8.27))
	return max(dpi, 1)
}

// ToGray converts img to 8-bit gray. With dropout, strongly coloured pixels
// (red seals, blue pen) are mapped to their brightest channel, which turns
// them into near-background while black text, dark in every channel, stays
// black; coloured printed text lines (red titles) are kept as plain luma
// (see clean_dropout.go). It reports whether any pixel was dropped.
func ToGray(img image.Image, dropout bool) (*image.Gray, bool) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	gc := newGrayer(w, h, dropout)
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+w], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return g, false
	case *image.RGBA:
		for y := 0; y < h; y++ {
			gc.rgbRow(g.Pix[y*g.Stride:y*g.Stride+w], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):], 4, y)
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			gc.nrgbaRow(g.Pix[y*g.Stride:y*g.Stride+w], src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):], y)
		}
	case *image.YCbCr:
		if sx, sy, ok := chromaShifts(src); ok {
			for y := 0; y < h; y++ {
				gc.ycbcrRow(g.Pix[y*g.Stride:y*g.Stride+w], src, b.Min.X, b.Min.Y+y, sx, sy, y)
			}
			break
		}
		for y := 0; y < h; y++ {
			d := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range d {
				yi := src.YOffset(b.Min.X+x, b.Min.Y+y)
				ci := src.COffset(b.Min.X+x, b.Min.Y+y)
				r, gg, bb := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
				d[x] = gc.px(x, y, r, gg, bb)
			}
		}
	default:
		for y := 0; y < h; y++ {
			d := g.Pix[y*g.Stride : y*g.Stride+w]
			for x := range d {
				c := color.NRGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				d[x] = gc.px(x, y, c.R, c.G, c.B)
			}
		}
	}
	if !gc.dropsInk(w, h) {
		return g, false
	}
	restoreText(g, img, gc.cm)
	return g, true
}

// grayer converts colour pixels to gray for ToGray and the PNG decoder
// that converts rows as it inflates them (decode_gray.go), so that both
// give the same page.
type grayer struct {
	dropout bool
	cm      *colourMask // where strongly coloured pixels were (dropout only)
	dropped int
}

func newGrayer(w, h int, dropout bool) *grayer {
	gc := &grayer{dropout: dropout}
	if dropout {
		gc.cm = newColourMask(w, h)
	}
	return gc
}

// px converts one pixel of row y, column x.
func (gc *grayer) px(x, y int, r, g, b uint8) uint8 {
	if !gc.dropout || int(max(r, g, b))-int(min(r, g, b)) <= dropLo {
		return luma(r, g, b)
	}
	return gc.coloured(x, y, r, g, b)
}

// luma is Rec. 601 luma, in integers.
func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// coloured converts a strongly coloured pixel (saturation above dropLo)
// towards its brightest channel and marks it in the colour mask.
func (gc *grayer) coloured(x, y int, r, g, b uint8) uint8 {
	mx := max(r, g, b)
	sat := int(mx) - int(min(r, g, b))
	gc.dropped++
	gc.cm.m[(y>>1)*gc.cm.w+(x>>1)] = hueClass(r, g, b)
	if sat >= dropHi {
		return mx
	}
	// Blend between luma and the brightest channel so that
	// anti-aliased edges of coloured strokes leave no halo.
	t := sat - dropLo
	return uint8((int(luma(r, g, b))*(dropHi-dropLo-t) + int(mx)*t) / (dropHi - dropLo))
}

// rgbRow converts row y of pixels of n bytes whose first three are R, G, B.
// It has px's test written out (as ycbcrRow does): px is too large for the
// compiler to inline, and these loops run once per pixel of a page.
func (gc *grayer) rgbRow(d, s []uint8, n, y int) {
	for x := range d {
		p := s[n*x : n*x+3 : n*x+3]
		r, g, b := p[0], p[1], p[2]
		if r == g && g == b { // a gray pixel is its own luma
			d[x] = r
		} else if !gc.dropout || int(max(r, g, b))-int(min(r, g, b)) <= dropLo {
			d[x] = luma(r, g, b)
		} else {
			d[x] = gc.coloured(x, y, r, g, b)
		}
	}
}

// nrgbaRow converts row y of non-premultiplied RGBA, composited over
// white so that transparent areas read as paper.
func (gc *grayer) nrgbaRow(d, s []uint8, y int) {
	for x := range d {
		p := s[4*x : 4*x+4 : 4*x+4]
		a := uint32(p[3])
		if a == 255 {
			d[x] = gc.px(x, y, p[0], p[1], p[2])
			continue
		}
		over := func(v uint8) uint8 { return uint8((uint32(v)*a + 255*(255-a)) / 255) }
		d[x] = gc.px(x, y, over(p[0]), over(p[1]), over(p[2]))
	}
}

// chromaShifts is how far a pixel's coordinates shift right to give its
// chroma sample's (image.YCbCr.COffset's divisions), for the ratios whose
// divisors are powers of two and a rectangle at non-negative coordinates.
func chromaShifts(p *image.YCbCr) (sx, sy uint, ok bool) {
	if p.Rect.Min.X < 0 || p.Rect.Min.Y < 0 {
		return 0, 0, false
	}
	switch p.SubsampleRatio {
	case image.YCbCrSubsampleRatio444:
		return 0, 0, true
	case image.YCbCrSubsampleRatio422:
		return 1, 0, true
	case image.YCbCrSubsampleRatio420:
		return 1, 1, true
	case image.YCbCrSubsampleRatio440:
		return 0, 1, true
	case image.YCbCrSubsampleRatio411:
		return 2, 0, true
	case image.YCbCrSubsampleRatio410:
		return 2, 1, true
	}
	return 0, 0, false
}

// ycbcrRow converts row sy0 of p from column x0 into d (row y of the gray
// page), finding chroma by shifts rather than a COffset call per pixel. A
// pixel without chroma (Cb = Cr = 128) is gray: its luma is its Y.
func (gc *grayer) ycbcrRow(d []uint8, p *image.YCbCr, x0, sy0 int, sx, sy uint, y int) {
	yrow := p.Y[p.YOffset(x0, sy0):]
	yrow = yrow[:len(d)]
	cbase := (sy0>>sy-p.Rect.Min.Y>>sy)*p.CStride - p.Rect.Min.X>>sx
	for x := range d {
		ci := cbase + (x0+x)>>sx
		cb, cr := p.Cb[ci], p.Cr[ci]
		if cb == 128 && cr == 128 {
			d[x] = yrow[x]
			continue
		}
		r, g, b := color.YCbCrToRGB(yrow[x], cb, cr)
		if !gc.dropout || int(max(r, g, b))-int(min(r, g, b)) <= dropLo {
			d[x] = luma(r, g, b)
		} else {
			d[x] = gc.coloured(x, y, r, g, b)
		}
	}
}

// dropsInk reports whether enough pixels were dropped to be ink: a few
// coloured pixels are noise (JPEG fringes).
func (gc *grayer) dropsInk(w, h int) bool {
	return gc.dropout && gc.dropped > w*h/2000
}

// Saturation (max−min channel) range over which coloured ink is faded out.
const (
	dropLo = 40
	dropHi = 90
)

// Rotate90s rotates g clockwise by deg (a multiple of 90).
func Rotate90s(g *image.Gray, deg int) *image.Gray {
	deg = ((deg % 360) + 360) % 360
	if deg == 0 {
		return g
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	var out *image.Gray
	if deg == 180 {
		out = image.NewGray(image.Rect(0, 0, w, h))
	} else {
		out = image.NewGray(image.Rect(0, 0, h, w))
	}
	for y := 0; y < h; y++ {
		row := g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y):]
		for x := 0; x < w; x++ {
			v := row[x]
			switch deg {
			case 90: // (x,y) → (h-1-y, x)
				out.Pix[x*out.Stride+h-1-y] = v
			case 180:
				out.Pix[(h-1-y)*out.Stride+w-1-x] = v
			case 270: // (x,y) → (y, w-1-x)
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
	}
	return out
}
