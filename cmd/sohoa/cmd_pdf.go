package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
)

func init() {
	register(command{
		name:    "pdf",
		summary: "make a searchable PDF (page images + invisible OCR text) from an image or PDF",
		run:     runPDF,
	})
}

func runPDF(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("pdf", flag.ContinueOnError)
	out := fs.String("out", "", "output PDF file (required)")
	qr := fs.String("qr", "", "text of a QR code printed in the first page's top-right corner (e.g. result and dossier codes)")
	title := fs.String("title", "", "document title written to the PDF")
	forceOCR := fs.Bool("force-ocr", false, "OCR every page even when a PDF's own text layer is usable")
	split := fs.Bool("split", false, "split a batch scan at blank pages and separator/cover-sheet QR codes into OUT-01.pdf, OUT-02.pdf, …")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if *out == "" || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: sohoa pdf --out OUT.pdf [--qr TEXT] [--title T] [--force-ocr] [--split] FILE")
		return exitError{2}
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	pages, seps, err := searchablePages(ctx, data, !*forceOCR, *split)
	if err != nil {
		return err
	}
	if !*split {
		return writeSearchable(*out, pages, pdf.Options{Title: *title, QR: *qr})
	}
	segs := pipeline.SplitBatch(seps)
	if len(segs) == 0 {
		return fmt.Errorf("%s: every page is a separator", fs.Arg(0))
	}
	base := strings.TrimSuffix(*out, filepath.Ext(*out))
	for i, seg := range segs {
		var doc []pdf.Page
		for _, n := range seg.Pages {
			doc = append(doc, pages[n-1])
		}
		code := *qr
		if seg.Dossier != "" {
			code = strings.TrimPrefix(code+";HS:"+seg.Dossier, ";")
		}
		name := fmt.Sprintf("%s-%02d.pdf", base, i+1)
		if err := writeSearchable(name, doc, pdf.Options{Title: *title, QR: code, Subject: seg.Dossier}); err != nil {
			return err
		}
		fmt.Printf("%s\tpages %v\tdossier %s\n", name, seg.Pages, seg.Dossier)
	}
	return nil
}

func writeSearchable(name string, pages []pdf.Page, opts pdf.Options) error {
	var buf bytes.Buffer
	if err := pdf.Write(&buf, pages, opts); err != nil {
		return err
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		return err
	}
	slog.Info("searchable PDF written", "file", name, "pages", len(pages), "bytes", buf.Len())
	return nil
}

// searchablePages reads every page of a file, recognises it (or takes a
// PDF's own text layer when it is usable) and returns the pages of the
// searchable PDF: the page as scanned, turned upright, with the words mapped
// from the cleaned page back onto it.
//
// With split, every page's separator role is returned too, and separator
// pages are not recognised (their entries in pages are empty).
func searchablePages(ctx context.Context, data []byte, useLayer, split bool) ([]pdf.Page, []pipeline.Separator, error) {
	format, err := pipeline.Sniff(data)
	if err != nil {
		return nil, nil, err
	}
	var seps []pipeline.Separator
	var layer []pipeline.LayerPage
	if format == pipeline.FormatPDF && useLayer {
		if layer, err = pipeline.PDFTextLayer(ctx, data); err != nil {
			return nil, nil, err
		}
	}
	var eng *pipeline.Tesseract
	defer func() {
		if eng != nil {
			eng.Close()
		}
	}()
	var pages []pdf.Page
	err = pipeline.EachPage(ctx, data, pipeline.DefaultLimits, func(n int, img image.Image) error {
		if split {
			sep := pipeline.ClassifySeparator(img)
			seps = append(seps, sep)
			if sep.Kind != pipeline.NotSeparator {
				slog.Debug("separator page", "page", n, "kind", sep.Kind, "dossier", sep.Dossier)
				pages = append(pages, pdf.Page{})
				return nil
			}
		}
		b := img.Bounds()
		pg := pdf.Page{Image: img, DPI: pipeline.ScanDPI(format, b.Dx(), b.Dy())}
		if n <= len(layer) && layer[n-1].Quality.Usable {
			pg.Words = pdfWords(layer[n-1].PageText(b.Dx(), b.Dy()).Words)
			slog.Debug("page text layer used", "page", n, "score", layer[n-1].Quality.Score)
			pages = append(pages, pg)
			return nil
		}
		if n <= len(layer) {
			slog.Debug("page OCRed", "page", n, "layer", layer[n-1].Quality.Reason)
		}
		if eng == nil {
			if eng, err = pipeline.NewTesseract(pipeline.TesseractOptions{}); err != nil {
				return fmt.Errorf("start OCR: %w", err)
			}
		}
		pr, err := pipeline.ProcessPage(ctx, img, eng)
		if err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
		up := pipeline.RotateUpright(img, pr.Cleaned.Orientation)
		ub := up.Bounds()
		pg.Image = up
		cb := pr.Cleaned.Image.Bounds()
		pg.Words = pdfWords(pipeline.UprightWords(pr.OCR.Words, cb.Dx(), cb.Dy(), ub.Dx(), ub.Dy(), pr.Cleaned.SkewDeg))
		pages = append(pages, pg)
		return nil
	})
	return pages, seps, err
}

func pdfWords(ws []pipeline.Word) []pdf.Word {
	out := make([]pdf.Word, len(ws))
	for i, w := range ws {
		out[i] = pdf.Word{Text: w.Text, X: w.Box.X, Y: w.Box.Y, W: w.Box.W, H: w.Box.H}
	}
	return out
}
