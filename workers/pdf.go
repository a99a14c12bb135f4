package workers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"image/png"
	"strings"

	"github.com/sohoa/sohoa/pdf"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
)

// StepTextLayer marks a page whose text was taken from its PDF's own text
// layer instead of OCR.
const StepTextLayer = "text-layer"

// pageSourcesKey lists the page images of a document (the original, or one
// PNG per page of a multi-page original), for the searchable PDF.
func pageSourcesKey(docID string) string { return "work/" + docID + "/sources.json" }

// beforePages runs in split once the pages are known: it records the page
// sources for assembly and, for a PDF, writes the result of every page whose
// own text layer is usable (born-digital pages skip OCR). It returns those
// pages' numbers.
func (h *Handlers) beforePages(ctx context.Context, in Intake, pages []record.Object) (map[int]bool, error) {
	if err := putJSON(ctx, h.Store, pageSourcesKey(in.DocID), pages); err != nil {
		return nil, err
	}
	if pipeline.Format(in.Format) != pipeline.FormatPDF {
		return nil, nil
	}
	data, err := h.readObject(ctx, in.Original)
	if err != nil {
		return nil, err
	}
	layer, err := pipeline.PDFTextLayer(ctx, data)
	if err != nil {
		// pdftoppm read the pages; a text layer poppler cannot read is no layer
		h.log().WarnContext(ctx, "text layer unreadable, OCR all pages", "doc", in.DocID, "err", err)
		return nil, nil
	}
	done := map[int]bool{}
	for _, lp := range layer {
		if lp.Number > len(pages) {
			break
		}
		if !lp.Quality.Usable {
			if lp.Quality.Words > 0 {
				h.log().InfoContext(ctx, "text layer not used, page OCRed", "doc", in.DocID, "page", lp.Number, "reason", lp.Quality.Reason)
			}
			continue
		}
		if err := h.layerPage(ctx, in.DocID, lp, pages[lp.Number-1]); err != nil {
			return nil, err
		}
		done[lp.Number] = true
	}
	return done, nil
}

// layerPage stores a page result made from a usable text layer.
func (h *Handlers) layerPage(ctx context.Context, docID string, lp pipeline.LayerPage, src record.Object) error {
	rc, err := h.Archive.Open(ctx, src)
	if err != nil {
		return fmt.Errorf("open page %d: %w", lp.Number, err)
	}
	cfg, err := png.DecodeConfig(rc) // the header only: the raster's size
	rc.Close()
	if err != nil {
		return fmt.Errorf("page %d image: %w", lp.Number, err)
	}
	pt := lp.PageText(cfg.Width, cfg.Height)
	words, err := json.Marshal(pt.Words)
	if err != nil {
		return err
	}
	obj, err := h.Archive.PutArtefact(ctx, docID, fmt.Sprintf("page-%04d-words.json", lp.Number), words, "application/json")
	if err != nil {
		return fmt.Errorf("store words of page %d: %w", lp.Number, err)
	}
	res := record.Page{
		Number: lp.Number, Text: pt.Text, Confidence: lp.Quality.Score,
		Steps: []string{StepTextLayer}, Words: &obj,
	}
	return putJSON(ctx, h.Store, pageResultKey(docID, lp.Number), res)
}

// searchablePDF builds the document's searchable PDF from its page sources
// (colour, as scanned, turned upright by each page's detected orientation)
// and its word boxes (mapped from the cleaned page back onto that image,
// undoing the deskew), and stores it as an artefact. It returns nil when
// the document has no recorded page sources (split before this existed).
//
// A JPEG scan, and a PNG whose compressed pixels a PDF can carry, are
// embedded byte for byte, turned or not; other pages are decoded and
// JPEG-encoded one at a time, so that memory holds one decoded page.
func (h *Handlers) searchablePDF(ctx context.Context, doc *record.Document, in Intake) (*record.Object, error) {
	var sources []record.Object
	if err := getJSON(ctx, h.Store, pageSourcesKey(doc.ID), &sources); err != nil {
		return nil, nil
	}
	format := pipeline.Format(in.Format)
	var pages []pdf.Page
	for i, pg := range doc.Pages {
		if i >= len(sources) {
			break
		}
		data, err := h.readObject(ctx, sources[i])
		if err != nil {
			return nil, err
		}
		var words []pipeline.Word
		if pg.Error == "" && pg.Words != nil {
			if err := h.readJSON(ctx, *pg.Words, &words); err != nil {
				return nil, fmt.Errorf("words of page %d: %w", pg.Number, err)
			}
		}
		cw, ch := h.cleanedSize(ctx, pg)
		// the page is turned upright by the PDF's drawing matrix, so the
		// scan's own bytes go in whatever its orientation
		out := pdf.Page{Turn: pg.Orientation}
		var w, hgt int // the scan's pixels, as stored
		f, _ := pipeline.Sniff(data)
		if pw, ph, ok := pdf.PassThroughPNG(data); ok && f == pipeline.FormatPNG {
			// the scan's own compressed pixels, lossless, with no decode
			out.PNG, w, hgt = data, pw, ph
		} else if f == pipeline.FormatJPEG {
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				continue // undecodable page: its record says why
			}
			out.JPEG, w, hgt = data, cfg.Width, cfg.Height
		} else {
			img, err := pipeline.DecodeImage(data, h.limits())
			if err != nil {
				continue
			}
			// encoded here, not in pdf.Write, so that memory holds one
			// decoded page of a many-page document, not all of them
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
				return nil, fmt.Errorf("encode page %d: %w", pg.Number, err)
			}
			b := img.Bounds()
			out.JPEG, w, hgt = buf.Bytes(), b.Dx(), b.Dy()
		}
		if q := ((pg.Orientation % 360) + 360) % 360; q == 90 || q == 270 {
			w, hgt = hgt, w // the upright page
		}
		out.DPI = pipeline.ScanDPI(format, w, hgt)
		out.Words = toPDFWords(pipeline.UprightWords(words, or(cw, w), or(ch, hgt), w, hgt, pg.SkewDeg))
		pages = append(pages, out)
	}
	if len(pages) == 0 {
		return nil, nil
	}
	code := doc.ResultCode
	if code == "" {
		code = doc.ID
	}
	qr := "KQ:" + code
	if len(doc.Dossiers) > 0 {
		qr += ";HS:" + strings.Join(doc.Dossiers, ",")
	}
	var buf bytes.Buffer
	err := pdf.Write(&buf, pages, pdf.Options{Title: doc.Provenance.Filename, Subject: doc.ID, QR: qr, Created: doc.CreatedAt})
	if err != nil {
		return nil, err
	}
	obj, err := h.Archive.PutArtefact(ctx, doc.ID, "searchable.pdf", buf.Bytes(), "application/pdf")
	if err != nil {
		return nil, fmt.Errorf("store searchable PDF: %w", err)
	}
	return &obj, nil
}

// cleanedSize is the pixel size of a page's cleaned image, in whose
// coordinates its OCR word boxes are (0, 0 when there is none: the words of
// a text-layer page are in the page image's own pixels).
func (h *Handlers) cleanedSize(ctx context.Context, pg record.Page) (int, int) {
	if pg.Cleaned == nil {
		return 0, 0
	}
	rc, err := h.Archive.Open(ctx, *pg.Cleaned)
	if err != nil {
		return 0, 0
	}
	defer rc.Close()
	cfg, err := png.DecodeConfig(rc)
	if err != nil {
		return 0, 0
	}
	return cfg.Width, cfg.Height
}

func or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

func toPDFWords(ws []pipeline.Word) []pdf.Word {
	out := make([]pdf.Word, len(ws))
	for i, w := range ws {
		out[i] = pdf.Word{Text: w.Text, X: w.Box.X, Y: w.Box.Y, W: w.Box.W, H: w.Box.H}
	}
	return out
}
