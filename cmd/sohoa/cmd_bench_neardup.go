package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/neardup"
	"github.com/sohoa/sohoa/pipeline"
)

func init() {
	registerBench(command{
		name:    "neardup",
		summary: "near-duplicate detection: recall on re-scans, precision against similar documents",
		run:     benchNearDup,
	})
}

// ndItem is one OCR'd page: an original or a re-scan of one.
type ndItem struct {
	src  int // index of the paper it shows
	deg  corpus.Degradation
	key  string
	img  image.Image
	doc  neardup.Doc
	err  error
	kind string // for hard negatives: how it was made
}

// ndCached is what -cache keeps of a page.
type ndCached struct {
	OCR   pipeline.PageText `json:"ocr"`
	PHash uint64            `json:"phash"`
}

// siblingTypes get a second paper of the same type (another seed): the
// same template with other names, numbers and dates.
var siblingTypes = []string{pipeline.TypeCCCD, pipeline.TypeCMND, pipeline.TypeDecision,
	pipeline.TypeNotice, pipeline.TypeApplication, pipeline.TypeBirthCertificate}

// benchNearDup OCRs generated originals and re-scans of them (other
// degradations), then asks the same question the worker asks of every pair:
// is this a new scan of that paper? Distinct-but-similar papers come from
// three sources: every other original; a second paper of the same type for
// card, decision, notice, application and birth-certificate templates; and
// hard negatives made from those siblings' OCR output by transplanting the
// first paper's identity (a namesake's card, a second decision of the same
// office on the same day, another paper of the same person).
func benchNearDup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench neardup", flag.ContinueOnError)
	n := fs.Int("n", 12, "number of original documents")
	seed := fs.Int64("seed", 1, "corpus seed")
	jobs := fs.Int("jobs", runtime.NumCPU(), "pages OCR'd at once")
	verbose := fs.Bool("v", false, "print the verdict of every missed re-scan and false match")
	cache := fs.String("cache", "", "directory keeping each page's OCR result and hash, so that Compare can be re-measured without OCR (stale when cleaning or OCR change)")
	dump := fs.String("dump", "", "write every pair's similarity features to this TSV file")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	var dumpF *os.File
	if *dump != "" {
		var err error
		if dumpF, err = os.Create(*dump); err != nil {
			return err
		}
		defer dumpF.Close()
	}
	rescans := []corpus.Degradation{corpus.Skew, corpus.Noise, corpus.Photocopy, corpus.JPEG, corpus.Blur, corpus.Phone}
	sibRescans := []corpus.Degradation{corpus.Photocopy, corpus.Phone}
	samples := corpus.Generate(*seed, *n, corpus.Options{})
	var items []*ndItem
	add := func(src int, name string, img image.Image, degs []corpus.Degradation) {
		items = append(items, &ndItem{src: src, deg: corpus.Clean, img: img, key: fmt.Sprintf("%s-clean-s%d", name, *seed)})
		for k, d := range degs {
			img, _ := corpus.Degrade(img, d, *seed*1000+int64(src*10+k))
			items = append(items, &ndItem{src: src, deg: d, img: img, key: fmt.Sprintf("%s-%s-s%d", name, d, *seed)})
		}
	}
	types := map[int]string{}
	for i, s := range samples {
		types[i] = s.DocType
		add(i, s.Name, s.Image, rescans)
	}
	nOrig := len(samples)
	for k, t := range siblingTypes {
		s := corpus.Render(*seed+7, k, corpus.Options{Types: []string{t}})
		types[nOrig+k] = t
		add(nOrig+k, "sib-"+s.Name, s.Image, sibRescans)
	}

	t0 := time.Now()
	work := make(chan *ndItem)
	var wg sync.WaitGroup
	for w := 0; w < *jobs; w++ {
		eng, err := pipeline.NewTesseract(pipeline.TesseractOptions{})
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer eng.Close()
			for it := range work {
				c, ok := loadND(*cache, it.key)
				if !ok {
					pr, err := pipeline.ProcessPage(ctx, it.img, eng)
					if err != nil {
						it.err = err
						continue
					}
					c = ndCached{OCR: pr.OCR, PHash: neardup.PHash(pr.Cleaned.Image)}
					saveND(*cache, it.key, c)
				}
				ex := pipeline.Extract(c.OCR.Text, c.OCR.Words)
				it.doc = neardup.Doc{ID: it.key, DocType: ex.DocType, Text: c.OCR.Text, Fields: ex.Values(), PHash: c.PHash}
			}
		}()
	}
	for _, it := range items {
		work <- it
	}
	close(work)
	wg.Wait()
	ocrTime := time.Since(t0)
	for _, it := range items {
		if it.err != nil {
			return fmt.Errorf("page %s: %w", it.key, it.err)
		}
	}

	var originals []*ndItem
	for _, it := range items {
		if it.deg == corpus.Clean {
			originals = append(originals, it)
		}
	}
	show := func(what string, o, it *ndItem, v neardup.Verdict) {
		if *verbose {
			fmt.Printf("%s: %s (%s) vs %s%s (%s): jaccard %.2f char %.2f num %.2f phash %d agree %v conflict %v slip %v\n",
				what, o.key, o.doc.DocType, it.key, it.kind, it.doc.DocType, v.Jaccard, v.CharSim, v.NumSim, v.PHashDist, v.Agreements, v.Conflicts, v.Slips)
			for _, k := range v.Conflicts {
				fmt.Printf("    %s: %q vs %q\n", k, o.doc.Fields[k], it.doc.Fields[k])
			}
		}
	}
	tp, fn := 0, 0
	var fp, neg, fpSame, negSame int
	perDeg := map[corpus.Degradation][2]int{}
	for _, it := range items {
		for _, o := range originals {
			if o == it {
				continue
			}
			v := neardup.Compare(o.doc, it.doc)
			same := o.src == it.src
			if *dump != "" {
				fmt.Fprintf(dumpF, "%v\t%v\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%s\t%s\n", same, types[o.src] == types[it.src], v.Jaccard, v.CharSim, v.NumSim, v.PHashDist, len(v.Agreements), len(v.Conflicts), o.key, it.key)
			}
			switch {
			case same && v.Duplicate:
				tp++
			case same:
				fn++
				show("MISS", o, it, v)
			default:
				neg++
				if types[o.src] == types[it.src] {
					negSame++
				}
				if v.Duplicate {
					fp++
					if types[o.src] == types[it.src] {
						fpSame++
					}
					show("FALSE MATCH", o, it, v)
				}
			}
			if same {
				c := perDeg[it.deg]
				c[1]++
				if v.Duplicate {
					c[0]++
				}
				perDeg[it.deg] = c
			}
		}
	}

	// Transplanted hard negatives: a sibling's pages (every scan of it)
	// given the original's identity, compared with the original.
	hard := map[string][2]int{} // kind → false matches, pairs
	byOrig := map[string]*ndItem{}
	for _, o := range originals {
		if o.src < nOrig {
			byOrig[types[o.src]] = o
		}
	}
	for _, it := range items {
		if it.src < nOrig {
			continue
		}
		t := types[it.src]
		o := byOrig[t]
		if o == nil {
			continue
		}
		var variants []hardItem
		switch t {
		case pipeline.TypeCCCD, pipeline.TypeCMND:
			variants = append(variants, transplant(it, o, "namesake card", "full_name"),
				transplant(it, o, "namesake card, same birthday", "full_name", "date_of_birth", "sex"))
		case pipeline.TypeDecision, pipeline.TypeNotice:
			variants = append(variants, transplant(it, o, "same office, same day", "issuer", "issue_date", "signer"))
			// the next number of the office's series: one digit apart
			if n := nextNumber(o.doc.Fields["doc_number"]); n != "" {
				h := transplant(it, o, "same office, same day, next number", "issuer", "issue_date", "signer")
				if old := it.doc.Fields["doc_number"]; old != "" {
					h.doc.Text = strings.Replace(h.doc.Text, old, n, 1)
				}
				h.doc.Fields["doc_number"] = n
				variants = append(variants, h)
			}
		case pipeline.TypeApplication, pipeline.TypeBirthCertificate:
			variants = append(variants, transplant(it, o, "same person, other paper of that type", "full_name", "id_number", "date_of_birth"))
		}
		// the same person's papers of other types
		for _, p := range originals {
			if p.src >= nOrig || types[p.src] == t || p.doc.Fields["full_name"] == "" {
				continue
			}
			variants = append(variants, transplant(it, p, "same person, other type", "full_name", "id_number", "date_of_birth"))
		}
		for _, h := range variants {
			against := o
			if h.kind == " (same person, other type)" {
				against = h.origOf
			}
			v := neardup.Compare(against.doc, h.doc)
			if *dump != "" {
				fmt.Fprintf(dumpF, "hard\t%v\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\t%s\t%s\n", h.kind, v.Jaccard, v.CharSim, v.NumSim, v.PHashDist, len(v.Agreements), len(v.Conflicts), against.key, h.key+h.kind)
			}
			c := hard[h.kind]
			c[1]++
			if v.Duplicate {
				c[0]++
				show("FALSE MATCH", against, h.ndItem, v)
			}
			hard[h.kind] = c
		}
	}

	fmt.Printf("near-duplicates: %d papers (%d originals of all types + %d same-type siblings), %d pages; OCR %.1fs\n",
		len(originals), nOrig, len(siblingTypes), len(items), ocrTime.Seconds())
	fmt.Printf("%-12s %s\n", "re-scan", "recall")
	for _, d := range rescans {
		c := perDeg[d]
		fmt.Printf("%-12s %d/%d\n", d, c[0], c[1])
	}
	fmt.Println()
	fmt.Printf("similar-document pairs: %d false matches in %d (same type: %d in %d)\n", fp, neg, fpSame, negSame)
	hardFP, hardN := 0, 0
	for _, k := range []string{" (namesake card)", " (namesake card, same birthday)", " (same office, same day)", " (same office, same day, next number)", " (same person, other paper of that type)", " (same person, other type)"} {
		c := hard[k]
		hardFP += c[0]
		hardN += c[1]
		fmt.Printf("hard negatives%-40s %d false matches in %d\n", k, c[0], c[1])
	}
	recall := float64(tp) / float64(max(1, tp+fn))
	precision := float64(tp) / float64(max(1, tp+fp+hardFP))
	fmt.Printf("\nrecall %.1f%% (%d/%d)  precision %.1f%% (%d false matches in %d distinct pairs)\n",
		100*recall, tp, tp+fn, 100*precision, fp+hardFP, neg+hardN)
	return nil
}

type hardItem struct {
	*ndItem
	origOf *ndItem
}

// transplant copies fields of paper p into a copy of page it, in its
// fields and wherever its OCR text prints them.
func transplant(it, p *ndItem, kind string, fields ...string) hardItem {
	d := it.doc
	d.Fields = map[string]string{}
	for k, v := range it.doc.Fields {
		d.Fields[k] = v
	}
	text := it.doc.Text
	for _, f := range fields {
		from, to := it.doc.Fields[f], p.doc.Fields[f]
		if to == "" {
			continue
		}
		d.Fields[f] = to
		if from == "" {
			continue
		}
		if f == "issue_date" || f == "date_of_birth" {
			// dates are printed, not ISO: swap the day/month/year as printed
			text = swapDate(text, from, to)
			continue
		}
		text = spaced(from).ReplaceAllLiteralString(text, printedLike(to, it.doc.Text, from))
	}
	d.Text = text
	d.ID = it.key + "+" + kind
	n := *it
	n.doc = d
	n.kind = " (" + kind + ")"
	return hardItem{ndItem: &n, origOf: p}
}

// nextNumber is the number after n in its series ("56/2023/QĐ-UBND" →
// "57/2023/QĐ-UBND"), or "" when n does not start with a number.
func nextNumber(n string) string {
	i := 0
	for i < len(n) && n[i] >= '0' && n[i] <= '9' {
		i++
	}
	if i == 0 {
		return ""
	}
	v, err := strconv.Atoi(n[:i])
	if err != nil {
		return ""
	}
	return strconv.Itoa(v+1) + n[i:]
}

// spaced matches a value whose words OCR may have broken over lines.
func spaced(v string) *regexp.Regexp {
	ws := strings.Fields(v)
	for i, w := range ws {
		ws[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(ws, `\s+`))
}

// printedLike keeps the case the old value was printed in.
func printedLike(to, text, from string) string {
	if strings.ToUpper(from) == from {
		return strings.ToUpper(to)
	}
	return to
}

// swapDate replaces the dates printed as from (ISO) by to, in the
// dd/mm/yyyy and "ngày d tháng m năm y" forms.
func swapDate(text, from, to string) string {
	if len(from) != 10 || len(to) != 10 {
		return text
	}
	fy, fm, fd := from[:4], from[5:7], from[8:]
	ty, tm, td := to[:4], to[5:7], to[8:]
	text = strings.ReplaceAll(text, fd+"/"+fm+"/"+fy, td+"/"+tm+"/"+ty)
	re := regexp.MustCompile(`(?i)(ngày\s+)0?` + strings.TrimLeft(fd, "0") + `(\s+tháng\s+)0?` + strings.TrimLeft(fm, "0") + `(\s+năm\s+)` + fy)
	return re.ReplaceAllString(text, "${1}"+td+"${2}"+tm+"${3}"+ty)
}

func loadND(dir, key string) (ndCached, bool) {
	var c ndCached
	if dir == "" {
		return c, false
	}
	b, err := os.ReadFile(filepath.Join(dir, key+".json"))
	if err != nil {
		return c, false
	}
	return c, json.Unmarshal(b, &c) == nil
}

func saveND(dir, key string, c ndCached) {
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	if b, err := json.Marshal(c); err == nil {
		_ = os.WriteFile(filepath.Join(dir, key+".json"), b, 0o644)
	}
}
