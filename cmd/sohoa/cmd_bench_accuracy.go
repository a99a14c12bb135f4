package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/otiai10/gosseract/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
)

func init() {
	registerBench(command{
		name:    "accuracy",
		summary: "OCR accuracy per degradation: plain Tesseract vs sohoa on the same generated pages",
		run:     runBenchAccuracy,
	})
}

// accStats accumulates one engine's results on one degradation.
type accStats struct {
	pages        int
	cer, wordAcc float64
	dur          time.Duration
	clean        time.Duration
}

func (s *accStats) add(truth, got string, d time.Duration) {
	s.pages++
	s.cer += cer(truth, got)
	s.wordAcc += wordAccuracy(truth, got)
	s.dur += d
}

func (s accStats) mean() (cer, wacc, secs float64) {
	if s.pages == 0 {
		return 0, 0, 0
	}
	n := float64(s.pages)
	return s.cer / n, s.wordAcc / n, s.dur.Seconds() / n
}

func runBenchAccuracy(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench accuracy", flag.ContinueOnError)
	n := fs.Int("n", 3, "pages per degradation")
	seed := fs.Int64("seed", 1, "corpus seed")
	scale := fs.Float64("scale", 1, "page scale (1 = A4 at 300 dpi)")
	only := fs.String("deg", "", "comma-separated degradations to run (default all)")
	noPlain := fs.Bool("noplain", false, "skip plain Tesseract")
	osd := fs.Bool("osd", false, "sohoa: orientation by Tesseract OSD instead of its own analysis")
	disable := fs.String("disable", "", "sohoa: comma-separated cleaning steps to skip: orient,deskew,flatten,dropout,perspective,border,upscale,despeckle,sharpen,median,postcorrect,pictures,reread,lost,alts,unsure,doubt,labels,anchors,headings,pagecaps,columns,endash")
	verbose := fs.Bool("v", false, "print every page")
	binarize := fs.Bool("binarize", false, "sohoa: Sauvola-binarise the cleaned page (off by default)")
	pc := fs.Bool("pc", false, "measure post-correction: sohoa's CER without it (same OCR) and the words it changed")
	dump := fs.String("dump", "", "write each degraded page and sohoa's cleaned image as PNG into this directory")
	types := fs.String("types", "", "comma-separated document types to generate (default all)")
	dir := fs.String("dir", "", "instead of generated pages, the scans in this directory: DIR/pages/NAME_pN.png (or .jpg) with the truth in DIR/gt/NAME.gt.txt, as in shared/dev-data/real-scans")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		fmt.Fprintln(os.Stderr, "warning: OMP_THREAD_LIMIT is not set; Tesseract timings will be off (run with OMP_THREAD_LIMIT=1)")
	}
	opts := pipeline.PageOptions{Clean: pipeline.CleanOptions{OSD: *osd, Binarize: *binarize}}
	for _, s := range strings.Split(*disable, ",") {
		switch strings.TrimSpace(s) {
		case "":
		case "orient":
			opts.Clean.NoOrientation = true
		case "deskew":
			opts.Clean.NoDeskew = true
		case "flatten":
			opts.Clean.NoFlatten = true
		case "dropout":
			opts.Clean.NoDropout = true
		case "perspective":
			opts.Clean.NoPerspective = true
		case "border":
			opts.Clean.NoBorder = true
		case "upscale":
			opts.Clean.NoUpscale = true
		case "despeckle":
			opts.Clean.NoDespeckle = true
		case "median":
			opts.Clean.NoMedian = true
		case "sharpen":
			opts.Clean.NoSharpen = true
		case "postcorrect":
			opts.NoPostCorrect = true
		case "pictures":
			opts.NoPictures = true
		case "reread":
			opts.NoReread = true
		case "lost":
			opts.NoLostLines = true
		case "alts":
			opts.NoAlts = true
		case "unsure":
			opts.NoUnsure = true
		case "doubt":
			opts.NoDoubt = true
		case "labels":
			opts.NoLabels = true
		case "anchors":
			opts.NoAnchors = true
		case "headings":
			opts.NoHeadings = true
		case "pagecaps":
			opts.NoPageCaps = true
		case "columns":
			opts.NoColumns = true
		case "endash":
			opts.NoEnDashes = true
		default:
			return fmt.Errorf("unknown step %q", s)
		}
	}

	eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
	if err != nil {
		return err
	}
	defer eng.Close()
	var plain *gosseract.Client
	if !*noPlain {
		plain = gosseract.NewClient()
		defer plain.Close()
		if err := plain.SetLanguage("vie"); err != nil {
			return err
		}
	}

	degs := corpus.Degradations()
	if *only != "" {
		want := map[string]bool{}
		for _, s := range strings.Split(*only, ",") {
			want[strings.TrimSpace(s)] = true
		}
		var keep []corpus.Degradation
		for _, d := range degs {
			if want[string(d)] {
				keep = append(keep, d)
			}
		}
		degs = keep
	}

	copts := corpus.Options{Scale: *scale}
	if *types != "" {
		for _, t := range strings.Split(*types, ",") {
			copts.Types = append(copts.Types, strings.TrimSpace(t))
		}
	}
	if *dump != "" {
		if err := os.MkdirAll(*dump, 0o755); err != nil {
			return err
		}
	}
	var sources []accSource
	if *dir != "" {
		src, err := scanSource(*dir)
		if err != nil {
			return err
		}
		sources = []accSource{src}
		fmt.Printf("sohoa bench accuracy: %d scans in %s\n", len(src.pages), *dir)
	} else {
		samples := corpus.Generate(*seed, *n, copts)
		sources = corpusSources(samples, degs, *seed)
		fmt.Printf("sohoa bench accuracy: %d pages × %d degradations, seed %d, scale %g\n", len(samples), len(degs), *seed, *scale)
	}
	// Fixed widths rather than tabwriter: rows print as they finish.
	const rowFmt = "%-11s %5v %10v %14v %12v %10v %14v %12v %11v\n"
	fmt.Printf(rowFmt, "degradation", "pages", "plain CER", "plain word acc", "plain s/page", "sohoa CER", "sohoa word acc", "sohoa s/page", "clean share")
	type row struct {
		name         string
		plain, sohoa accStats
		pc           pcStats
	}
	var rows []row
	for _, src := range sources {
		r := row{name: src.name}
		for _, s := range src.pages {
			if err := ctx.Err(); err != nil {
				return err
			}
			img, err := s.load()
			if err != nil {
				return fmt.Errorf("%s %s: %w", r.name, s.Name, err)
			}
			if plain != nil {
				got, dur, err := plainOCR(plain, img)
				if err != nil {
					return fmt.Errorf("%s %s: plain: %w", r.name, s.Name, err)
				}
				r.plain.add(s.Text, got, dur)
				if *verbose {
					fmt.Fprintf(os.Stderr, "%s %s plain CER %.4f\n", r.name, s.Name, cer(s.Text, got))
				}
			}
			t0 := time.Now()
			popts := opts
			if *pc {
				popts.NoPostCorrect = true
			}
			res, err := pipeline.ProcessPageOptions(ctx, img, eng, popts)
			if err != nil {
				return fmt.Errorf("%s %s: sohoa: %w", r.name, s.Name, err)
			}
			if *pc && !opts.NoPostCorrect {
				raw := res.OCR
				res.OCR.Words = slices.Clone(raw.Words)
				res.OCR = pipeline.PostCorrectPage(res.OCR, res.Cleaned, opts)
				for _, c := range r.pc.add(s.Text, raw, res.OCR) {
					if *verbose {
						fmt.Printf("  post-correction %s: %s\n", s.Name, c)
					}
				}
			}
			r.sohoa.add(s.Text, res.OCR.Text, time.Since(t0))
			if *dump != "" {
				base := filepath.Join(*dump, r.name+"-"+s.Name)
				if err := writePNG(base+".png", img); err != nil {
					return err
				}
				if err := writePNG(base+"-clean.png", res.Cleaned.Image); err != nil {
					return err
				}
				if err := os.WriteFile(base+".txt", []byte(res.OCR.Text), 0o644); err != nil {
					return err
				}
			}
			r.sohoa.clean += time.Duration(res.Timings["clean"]) * time.Millisecond
			if *verbose {
				fmt.Fprintf(os.Stderr, "%s %s sohoa CER %.4f steps %v orient %d skew %.2f timings %v\n",
					r.name, s.Name, cer(s.Text, res.OCR.Text), res.Cleaned.Steps, res.Cleaned.Orientation, res.Cleaned.SkewDeg, res.Timings)
			}
		}
		pc, pw, ps := r.plain.mean()
		sc, sw, ss := r.sohoa.mean()
		share := 0.0
		if r.sohoa.dur > 0 {
			share = r.sohoa.clean.Seconds() / r.sohoa.dur.Seconds()
		}
		fmt.Printf(rowFmt, r.name, r.sohoa.pages, accPct(pc), accPct(pw), fmt.Sprintf("%.2f", ps),
			accPct(sc), accPct(sw), fmt.Sprintf("%.2f", ss), fmt.Sprintf("%.0f%%", 100*share))
		rows = append(rows, r)
	}
	if *pc {
		fmt.Printf("\npost-correction (same OCR with and without):\n%-11s %12s %12s %8s %6s %8s %9s\n",
			"degradation", "CER without", "CER with", "changed", "fixed", "damaged", "numbers")
		for _, r := range rows {
			p := r.pc
			n := float64(max(p.pages, 1))
			fmt.Printf("%-11s %12s %12s %8d %6d %8d %9d\n", r.name, accPct(p.cerWithout/n), accPct(p.cerWith/n),
				p.changed, p.fixed, p.damaged, p.numbers)
		}
	}
	return nil
}

// accSource is one row of the table: a degradation of the generated
// pages, or a directory of scans.
type accSource struct {
	name  string
	pages []accPage
}

// accPage is one page to read and its true text.
type accPage struct {
	Name, Text string
	load       func() (image.Image, error)
}

// corpusSources degrades each sample every way in degs, seeded as
// before: sample i with seed+i.
func corpusSources(samples []corpus.Sample, degs []corpus.Degradation, seed int64) []accSource {
	var out []accSource
	for _, d := range degs {
		src := accSource{name: string(d)}
		for i, s := range samples {
			src.pages = append(src.pages, accPage{Name: s.Name, Text: s.Text, load: func() (image.Image, error) {
				img, _ := corpus.DegradeSample(s, d, seed+int64(i))
				return img, nil
			}})
		}
		out = append(out, src)
	}
	return out
}

// scanSource lists the one-page scans of dir: pages/NAME_p1.{png,jpg,jpeg}
// (or pages/NAME.png) whose truth is gt/NAME.gt.txt. A document's truth is
// not split by page, so documents of several pages are left out, as are
// pages without a truth.
func scanSource(dir string) (accSource, error) {
	src := accSource{name: "scans"}
	files, err := os.ReadDir(filepath.Join(dir, "pages"))
	if err != nil {
		return src, fmt.Errorf("scans: %w", err)
	}
	byDoc := map[string][]string{}
	for _, f := range files {
		name := f.Name()
		ext := strings.ToLower(filepath.Ext(name))
		if f.IsDir() || (ext != ".png" && ext != ".jpg" && ext != ".jpeg") {
			continue
		}
		doc := strings.TrimSuffix(name, filepath.Ext(name))
		if i := strings.LastIndex(doc, "_p"); i > 0 && doc[i+2:] != "" && strings.Trim(doc[i+2:], "0123456789") == "" {
			doc = doc[:i]
		}
		byDoc[doc] = append(byDoc[doc], name)
	}
	for _, doc := range slices.Sorted(maps.Keys(byDoc)) {
		truth, err := os.ReadFile(filepath.Join(dir, "gt", doc+".gt.txt"))
		if err != nil || len(byDoc[doc]) != 1 {
			continue
		}
		name := byDoc[doc][0]
		path := filepath.Join(dir, "pages", name)
		src.pages = append(src.pages, accPage{Name: doc, Text: string(truth),
			load: func() (image.Image, error) {
				data, err := os.ReadFile(path)
				if err != nil {
					return nil, err
				}
				return pipeline.DecodeImage(data, pipeline.DefaultLimits)
			}})
	}
	if len(src.pages) == 0 {
		return src, fmt.Errorf("scans: no one-page document in %s/pages has its text in %s/gt", dir, dir)
	}
	return src, nil
}

// pcStats counts what post-correction did to one degradation's pages.
type pcStats struct {
	pages               int
	cerWithout, cerWith float64
	changed, fixed      int // words changed; changes that made a word of the truth out of one that was not
	damaged, numbers    int // changes that unmade a word of the truth; changes to words with digits
}

// add counts the page's changes and returns them ("old → new", with
// "fixed" or "damaged" when they were).
func (p *pcStats) add(truth string, raw, fixed pipeline.PageText) []string {
	p.pages++
	p.cerWithout += cer(truth, raw.Text)
	p.cerWith += cer(truth, fixed.Text)
	inTruth := map[string]bool{}
	for _, w := range strings.Fields(norm.NFC.String(truth)) {
		inTruth[w] = true
	}
	// PostCorrect keeps each word's box and drops words that are specks.
	after := make(map[pipeline.Box]string, len(fixed.Words))
	for _, w := range fixed.Words {
		after[w.Box] = w.Text
	}
	var changes []string
	for _, w := range raw.Words {
		f := after[w.Box]
		if f == w.Text {
			continue
		}
		p.changed++
		// A word split in two ("Đào.tạo" → "Đào tạo") is right when both
		// halves are; a dropped speck when it was no word of the truth.
		right := f != ""
		for _, part := range strings.Fields(f) {
			right = right && inTruth[part]
		}
		c := w.Text + " → " + f
		switch {
		case f == "" && !inTruth[w.Text], right && !inTruth[w.Text]:
			p.fixed++
			c += " (fixed)"
		case inTruth[w.Text] && !right:
			p.damaged++
			c += " (damaged)"
		}
		if strings.ContainsAny(w.Text, "0123456789") {
			p.numbers++
		}
		changes = append(changes, c)
	}
	return changes
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func accPct(f float64) string { return fmt.Sprintf("%.2f%%", 100*f) }

// plainOCR is Tesseract as a user would run it: the page as a PNG file,
// default settings. The PNG is encoded before the clock starts.
func plainOCR(c *gosseract.Client, img image.Image) (string, time.Duration, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return "", 0, err
	}
	t0 := time.Now()
	if err := c.SetImageFromBytes(buf.Bytes()); err != nil {
		return "", 0, err
	}
	txt, err := c.Text()
	return txt, time.Since(t0), err
}

// normText is the text compared: NFC, every run of white space one space.
func normText(s string) []rune {
	return []rune(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// cer is the character error rate, independent of reading order: each
// ground-truth line is aligned with its best-matching stretch of the OCR text
// (semi-global edit distance), and OCR characters that no line matched count
// as insertions. Two-column headers and signature blocks, which Tesseract
// reads across while the truth lists them column by column, are then not
// counted as errors, while every missing, wrong or spurious character is.
// White space is normalised; the denominator is the truth's length.
//
// Lines take their stretches one after the other, each from the text not
// yet taken, so the order matters where lines share words: a sentence that
// recurs wrapped differently lets a line take part of another's text, which
// is then charged twice (a page read right scored 4%). Each order gives a
// real alignment, every character of the truth and of the OCR text accounted
// once, so each is an upper bound on the errors: the least of three orders
// (longest line first, the page's order, its reverse) and of the whole
// text's edit distance is taken.
func cer(truth, got string) float64 {
	g := normText(got)
	var lines [][]rune
	for _, line := range strings.Split(truth, "\n") {
		if l := normText(line); len(l) > 0 {
			lines = append(lines, l)
		}
	}
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	if total == 0 {
		return 0
	}
	longest := slices.Clone(lines)
	sort.SliceStable(longest, func(i, j int) bool { return len(longest[i]) > len(longest[j]) })
	reversed := slices.Clone(lines)
	slices.Reverse(reversed)
	errs := alignErrors(longest, g)
	for _, order := range [][][]rune{lines, reversed} {
		errs = min(errs, alignErrors(order, g))
	}
	// The text aligned as a whole, in the page's order, is a fourth bound:
	// where sentences repeat, each order above can let a line take a
	// repeat's text and cascade (88 errors charged for a few on seed 13's
	// photocopied report-0003).
	errs = min(errs, editDistance(normText(truth), g))
	return float64(errs) / float64(total)
}

// alignErrors aligns lines, in this order, each with its best stretch of
// the OCR text g not yet taken, and returns the edit distances plus the
// OCR characters (not spaces) that no line took.
func alignErrors(lines [][]rune, g []rune) int {
	covered := make([]bool, len(g))
	masked := slices.Clone(g)
	errs := 0
	for _, l := range lines {
		d, start, end := bestSubstring(l, masked)
		errs += d
		for i := start; i < end; i++ {
			covered[i] = true
			masked[i] = -1 // matches nothing
		}
	}
	for i, c := range covered {
		if !c && g[i] != ' ' {
			errs++
		}
	}
	return errs
}

// bestSubstring returns the smallest edit distance between p and any
// substring g[start:end].
func bestSubstring(p, g []rune) (dist, start, end int) {
	prev := make([]int, len(g)+1)
	cur := make([]int, len(g)+1)
	ps := make([]int, len(g)+1) // where the alignment ending here started in g
	cs := make([]int, len(g)+1)
	for j := range ps {
		ps[j] = j // free start anywhere
	}
	for i := 1; i <= len(p); i++ {
		cur[0], cs[0] = i, 0
		for j := 1; j <= len(g); j++ {
			c, st := prev[j-1], ps[j-1]
			if p[i-1] != g[j-1] {
				c++
			}
			if v := prev[j] + 1; v < c {
				c, st = v, ps[j]
			}
			if v := cur[j-1] + 1; v < c {
				c, st = v, cs[j-1]
			}
			cur[j], cs[j] = c, st
		}
		prev, cur = cur, prev
		ps, cs = cs, ps
	}
	dist, end = prev[0], 0
	for j := 1; j <= len(g); j++ {
		if prev[j] < dist {
			dist, end = prev[j], j
		}
	}
	return dist, ps[end], end
}

// wordAccuracy is 1 − word error rate, floored at 0.
func wordAccuracy(truth, got string) float64 {
	t := strings.Fields(norm.NFC.String(truth))
	g := strings.Fields(norm.NFC.String(got))
	if len(t) == 0 {
		return 1
	}
	return max(0, 1-float64(editDistance(t, g))/float64(len(t)))
}

func editDistance[T comparable](a, b []T) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = min(c, prev[j], cur[j-1]) + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
