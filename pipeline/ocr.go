package pipeline

/*
#cgo LDFLAGS: -ltesseract
#include <stdlib.h>
#include <tesseract/capi.h>

// sohoa_cancel is Tesseract's cancel callback: it reads a flag that the Go
// side sets when the caller's context is done.
static bool sohoa_cancel(void *flag, int words) {
	return __atomic_load_n((int *)flag, __ATOMIC_RELAXED) != 0;
}
static void sohoa_set_flag(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_RELAXED); }
static void sohoa_monitor_init(ETEXT_DESC *m, int *flag) {
	TessMonitorSetCancelFunc(m, (TessCancelFunc)sohoa_cancel);
	TessMonitorSetCancelThis(m, flag);
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// Engine is what ProcessPage needs from OCR; *Tesseract implements it.
type Engine interface {
	// Recognize returns the NFC text of img with per-word text, confidence
	// in [0,1], box (in img's pixel coordinates), line and block, and the
	// mean word confidence.
	Recognize(ctx context.Context, img *image.Gray) (PageText, error)
	// DetectOrientation returns how many degrees clockwise img must be
	// rotated to read upright (0, 90, 180, 270) and a confidence (Tesseract
	// OSD's margin; above ~2 is reliable).
	DetectOrientation(ctx context.Context, img *image.Gray) (deg int, confidence float64, err error)
	Close() error
}

// TesseractOptions configures a Tesseract engine. The zero value means
// Vietnamese, fully automatic page segmentation, 300 dpi.
type TesseractOptions struct {
	Language    string            // default "vie"
	DataPath    string            // tessdata directory; "" lets Tesseract use its default
	PSM         int               // page segmentation mode; 0 means 3 (fully automatic)
	DPI         int               // resolution reported to Tesseract; default 300
	Variables   map[string]string // extra Tesseract variables
	NoOrientPSM bool              // reserved: do not load osd (DetectOrientation then fails)
	// LazyOSD loads osd at the first DetectOrientation instead of now:
	// its legacy model takes 32 MB of C heap (vie's LSTM 12 MB), and most
	// A4 pages are turned by their layout alone, never asking OSD. The
	// first page that asks pays the load once (0.6–0.8 s wall at load 15).
	LazyOSD bool
}

// Tesseract is one Tesseract instance (plus a small OSD instance), reused for
// many pages. It talks to libtesseract through its C API so that a page's
// gray pixels are handed over without encoding an image file. It is not safe
// for concurrent use: create one per goroutine. The one exception is what
// a page's cleaning does (ADR 1111): once LoadOSD has returned,
// DetectOrientation and Recognize, which use separate Tesseract instances,
// may run at the same time, one call of each.
type Tesseract struct {
	api  *C.TessBaseAPI
	osd  *C.TessBaseAPI
	opts TesseractOptions
	// alts: Recognize runs the LSTM in choice mode and records each
	// word's close alternatives (SetAlternatives).
	alts bool
}

// NewTesseract initialises Tesseract with opts. Set OMP_THREAD_LIMIT=1 in
// the process environment: Tesseract's OpenMP threads make it slower.
func NewTesseract(opts TesseractOptions) (*Tesseract, error) {
	if opts.Language == "" {
		opts.Language = "vie"
	}
	if opts.PSM == 0 {
		opts.PSM = 3
	}
	if opts.DPI == 0 {
		opts.DPI = 300
	}
	t := &Tesseract{opts: opts}
	var err error
	if t.api, err = initAPI(opts.DataPath, opts.Language); err != nil {
		return nil, err
	}
	vars := map[string]string{
		// Tesseract otherwise logs "Estimating resolution" and guesses.
		"user_defined_dpi": fmt.Sprint(opts.DPI),
		"debug_file":       "/dev/null",
	}
	for k, v := range opts.Variables {
		vars[k] = v
	}
	for k, v := range vars {
		if err := setVar(t.api, k, v); err != nil {
			t.Close()
			return nil, err
		}
	}
	C.TessBaseAPISetPageSegMode(t.api, C.TessPageSegMode(opts.PSM))
	if !opts.NoOrientPSM && !opts.LazyOSD {
		if err := t.loadOSD(); err != nil {
			t.Close()
			return nil, err
		}
	}
	return t, nil
}

func (t *Tesseract) loadOSD() error {
	osd, err := initAPI(t.opts.DataPath, "osd")
	if err != nil {
		return err
	}
	setVar(osd, "debug_file", "/dev/null")
	C.TessBaseAPISetPageSegMode(osd, C.PSM_OSD_ONLY)
	t.osd = osd
	return nil
}

func initAPI(datapath, lang string) (*C.TessBaseAPI, error) {
	api := C.TessBaseAPICreate()
	if api == nil {
		return nil, errors.New("tesseract: create API")
	}
	var cpath *C.char
	if datapath != "" {
		cpath = C.CString(datapath)
		defer C.free(unsafe.Pointer(cpath))
	}
	clang := C.CString(lang)
	defer C.free(unsafe.Pointer(clang))
	if C.TessBaseAPIInit2(api, cpath, clang, C.OEM_DEFAULT) != 0 {
		C.TessBaseAPIDelete(api)
		return nil, fmt.Errorf("tesseract: init language %q (is its traineddata installed?)", lang)
	}
	return api, nil
}

func setVar(api *C.TessBaseAPI, k, v string) error {
	ck, cv := C.CString(k), C.CString(v)
	defer C.free(unsafe.Pointer(ck))
	defer C.free(unsafe.Pointer(cv))
	if C.TessBaseAPISetVariable(api, ck, cv) == 0 {
		return fmt.Errorf("tesseract: set variable %s=%s", k, v)
	}
	return nil
}

// Close frees the Tesseract instances.
func (t *Tesseract) Close() error {
	for _, a := range []**C.TessBaseAPI{&t.api, &t.osd} {
		if *a != nil {
			C.TessBaseAPIEnd(*a)
			C.TessBaseAPIDelete(*a)
			*a = nil
		}
	}
	return nil
}

// setImage hands img's pixels to api; Tesseract copies them.
func setImage(api *C.TessBaseAPI, img *image.Gray, dpi int) error {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if w < 1 || h < 1 {
		return errors.New("tesseract: empty image")
	}
	// Pix starts at Rect.Min; Stride spans the full row.
	pix := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y):]
	C.TessBaseAPISetImage(api, (*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), 1, C.int(img.Stride))
	C.TessBaseAPISetSourceResolution(api, C.int(dpi))
	return nil
}

// Recognize runs OCR on img. Word boxes are in img's pixel coordinates
// (relative to img.Rect.Min).
func (t *Tesseract) Recognize(ctx context.Context, img *image.Gray) (PageText, error) {
	if t.api == nil {
		return PageText{}, errors.New("tesseract: closed")
	}
	if err := ctx.Err(); err != nil {
		return PageText{}, err
	}
	if err := setImage(t.api, img, t.opts.DPI); err != nil {
		return PageText{}, err
	}
	defer C.TessBaseAPIClear(t.api)

	flag := (*C.int)(C.calloc(1, C.size_t(unsafe.Sizeof(C.int(0)))))
	defer C.free(unsafe.Pointer(flag))
	mon := C.TessMonitorCreate()
	defer C.TessMonitorDelete(mon)
	C.sohoa_monitor_init(mon, flag)
	if dl, ok := ctx.Deadline(); ok {
		ms := time.Until(dl).Milliseconds()
		if ms < 1 {
			ms = 1
		}
		C.TessMonitorSetDeadlineMSecs(mon, C.int(min(ms, 1<<30)))
	}
	stop := context.AfterFunc(ctx, func() { C.sohoa_set_flag(flag) })
	rc := C.TessBaseAPIRecognize(t.api, mon)
	stop()
	if err := ctx.Err(); err != nil {
		return PageText{}, fmt.Errorf("tesseract: recognize: %w", err)
	}
	if rc != 0 {
		return PageText{}, fmt.Errorf("tesseract: recognize failed (%d)", int(rc))
	}
	return t.collect(), nil
}

// RecognizeLine runs OCR on img as one raw text line (page segmentation
// mode 13): no layout analysis to cut it, and none of the blob processing
// of mode 7, which read stacked accents worse ("HUYỆN" for "HUYỀN").
func (t *Tesseract) RecognizeLine(ctx context.Context, img *image.Gray) (PageText, error) {
	if t.api == nil {
		return PageText{}, errors.New("tesseract: closed")
	}
	C.TessBaseAPISetPageSegMode(t.api, C.PSM_RAW_LINE)
	defer C.TessBaseAPISetPageSegMode(t.api, C.TessPageSegMode(t.opts.PSM))
	return t.Recognize(ctx, img)
}

// collect walks Tesseract's result iterator at word level.
func (t *Tesseract) collect() PageText {
	var out PageText
	ri := C.TessBaseAPIGetIterator(t.api)
	if ri == nil {
		return out
	}
	defer C.TessResultIteratorDelete(ri)
	pi := C.TessResultIteratorGetPageIterator(ri)
	var b strings.Builder
	line, block := -1, -1
	var sum float64
	for {
		if C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_BLOCK) != 0 {
			block++
		}
		newLine := C.TessPageIteratorIsAtBeginningOf(pi, C.RIL_TEXTLINE) != 0
		if newLine {
			line++
		}
		ct := C.TessResultIteratorGetUTF8Text(ri, C.RIL_WORD)
		if ct != nil {
			text := norm.NFC.String(C.GoString(ct))
			C.TessDeleteText(ct)
			var l, tp, r, bt C.int
			C.TessPageIteratorBoundingBox(pi, C.RIL_WORD, &l, &tp, &r, &bt)
			conf := float64(C.TessResultIteratorConfidence(ri, C.RIL_WORD)) / 100
			conf = max(0, min(1, conf))
			if strings.TrimSpace(text) != "" {
				var alts []Alt
				if t.alts {
					alts = wordAlts(ri, text)
				}
				if b.Len() > 0 {
					if newLine {
						b.WriteByte('\n')
					} else {
						b.WriteByte(' ')
					}
				}
				b.WriteString(text)
				out.Words = append(out.Words, Word{
					Text: text, Confidence: conf,
					Box:  Box{X: int(l), Y: int(tp), W: int(r - l), H: int(bt - tp)},
					Line: max(line, 0), Block: max(block, 0),
					Alts: alts,
				})
				sum += conf
			}
		}
		if C.TessResultIteratorNext(ri, C.RIL_WORD) == 0 {
			break
		}
	}
	out.Text = b.String()
	if len(out.Words) > 0 {
		out.Confidence = sum / float64(len(out.Words))
	}
	return out
}

// SetAlternatives turns on or off, for the following Recognize calls, the
// LSTM's choice mode (lstm_choice_mode=2: per character, the readings it
// weighed, with their confidences) and the recording of each word's close
// alternatives (Word.Alts). It costs ~7% more recognition CPU: callers
// turn it on for the pages that need it.
func (t *Tesseract) SetAlternatives(on bool) error {
	if t.api == nil {
		return errors.New("tesseract: closed")
	}
	mode := "0"
	if on {
		mode = "2"
	}
	if err := setVar(t.api, "lstm_choice_mode", mode); err != nil {
		return err
	}
	t.alts = on
	return nil
}

// wordAlts walks the symbols of the word at ri (a copy, so that ri stays
// on the word) and returns, for each whose second choice is within
// altMargin of its first, the other choices within that margin. text is
// the word as read (NFC); a word whose symbols do not spell it (choice
// mode's symbols can be shifted against the word's) gets none.
func wordAlts(ri *C.TessResultIterator, text string) []Alt {
	si := C.TessResultIteratorCopy(ri)
	if si == nil {
		return nil
	}
	defer C.TessResultIteratorDelete(si)
	pi := C.TessResultIteratorGetPageIterator(si)
	var alts []Alt
	var spelt strings.Builder
	at := 0 // rune index of the symbol in text
	for {
		cs := C.TessResultIteratorGetUTF8Text(si, C.RIL_SYMBOL)
		if cs == nil {
			return nil
		}
		sym := norm.NFC.String(C.GoString(cs))
		C.TessDeleteText(cs)
		spelt.WriteString(sym)
		if n := utf8.RuneCountInString(sym); n == 1 {
			alts = append(alts, symbolAlts(si, sym, at)...)
			at++
		} else {
			at += n
		}
		if C.TessPageIteratorIsAtFinalElement(pi, C.RIL_WORD, C.RIL_SYMBOL) != 0 ||
			C.TessResultIteratorNext(si, C.RIL_SYMBOL) == 0 {
			break
		}
	}
	if spelt.String() != text {
		return nil
	}
	return alts
}

// altMargin is how far below the read character (in confidence, 0–1) an
// alternative may be and still count as one the image allowed.
const altMargin = 0.5

// symbolAlts returns the choices of the symbol at si other than sym whose
// confidence is within altMargin of sym's, as alternatives at rune at.
// Choice mode lists the chosen character first; when it does not, the
// choices are shifted against the symbols and none is returned.
func symbolAlts(si *C.TessResultIterator, sym string, at int) []Alt {
	ci := C.TessResultIteratorGetChoiceIterator(si)
	if ci == nil {
		return nil
	}
	defer C.TessChoiceIteratorDelete(ci)
	var alts []Alt
	var best float64
	for i := 0; ; i++ {
		ct := C.TessChoiceIteratorGetUTF8Text(ci)
		conf := float64(C.TessChoiceIteratorConfidence(ci)) / 100
		if ct != nil {
			txt := norm.NFC.String(C.GoString(ct)) // owned by Tesseract: not freed
			switch {
			case i == 0 && txt != sym:
				return nil
			case i == 0:
				best = conf
			case txt != sym && best-conf <= altMargin && utf8.RuneCountInString(txt) == 1:
				alts = append(alts, Alt{At: at, Text: txt, Conf: float32(conf), Best: float32(best)})
			}
		}
		if C.TessChoiceIteratorNext(ci) == 0 {
			break
		}
	}
	return alts
}

// DetectOrientation runs Tesseract's orientation and script detection on
// img. It returns the clockwise rotation that makes the page upright.
//
// OSD classifies up to 5 × min_characters_to_try glyphs in four
// orientations, and that classification is most of its cost. It first
// decides from a sample of osdQuickChars (ADR 0609): on ID cards that is a
// third of the time of the default 50 and was right on every card
// measured; only when that sample is not decisive (confidence below
// minOrientConfidence: faded, blurred or photocopied text) does it look at
// the default number.
func (t *Tesseract) DetectOrientation(ctx context.Context, img *image.Gray) (int, float64, error) {
	if err := t.LoadOSD(); err != nil {
		return 0, 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	if err := setImage(t.osd, img, t.opts.DPI); err != nil {
		return 0, 0, err
	}
	defer C.TessBaseAPIClear(t.osd)
	deg, conf, err := t.detectOS(osdQuickChars)
	if err != nil || conf >= minOrientConfidence {
		return deg, conf, err
	}
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	return t.detectOS(osdDefaultChars)
}

// LoadOSD loads the osd model if it is not loaded yet (LazyOSD).
func (t *Tesseract) LoadOSD() error {
	if t.osd != nil {
		return nil
	}
	if t.opts.NoOrientPSM || !t.opts.LazyOSD {
		return errors.New("tesseract: orientation detection not loaded")
	}
	return t.loadOSD()
}

// OSD sample sizes (Tesseract's min_characters_to_try; it tries up to five
// times as many).
const (
	osdQuickChars   = 20
	osdDefaultChars = 50 // Tesseract's default
)

// detectOS runs OSD on the image already set on t.osd.
func (t *Tesseract) detectOS(chars int) (int, float64, error) {
	if err := setVar(t.osd, "min_characters_to_try", fmt.Sprint(chars)); err != nil {
		return 0, 0, err
	}
	var deg C.int
	var conf, sconf C.float
	var script *C.char
	if C.TessBaseAPIDetectOrientationScript(t.osd, &deg, &conf, &script, &sconf) == 0 {
		// Too little text to decide: report upright with no confidence.
		return 0, 0, nil
	}
	// script points into Tesseract's unicharset; it must not be freed.
	// OSD reports how far the input is turned clockwise; undoing that takes
	// the complementary clockwise turn.
	return (360 - int(deg)) % 360, float64(conf), nil
}
