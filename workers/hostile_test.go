package workers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/ocrproc"
	"github.com/sohoa/sohoa/internal/vntext"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/workers"
)

// helperSystem is a worker as `sohoa worker` runs it (OCR in helper
// processes: this test binary, see TestMain) on real Redis, a local store
// and the embedded index.
func helperSystem(t *testing.T) *system {
	t.Helper()
	pool, err := ocrproc.NewPool(ocrproc.Options{Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	return startSystemWith(t, func(h *workers.Handlers) asynq.Handler {
		h.Pages = workers.HelperPages{Pool: pool}
		return workers.WithTimeout(h.Mux(), time.Minute)
	})
}

// titleBand is the top of a rendered notice: a title Tesseract reads.
func titleBand(seed int64) *image.RGBA {
	s := corpus.Render(seed, 0, corpus.Options{DPI: 150, Types: []string{"notice"}})
	b := s.Image.Bounds()
	band := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/3))
	draw.Draw(band, band.Bounds(), s.Image, b.Min, draw.Src)
	return band
}

func encPNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngDeclaring is a PNG header declaring w×h pixels, with no pixel data.
func pngDeclaring(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00")
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	b[24], b[25] = 8, 0 // 8-bit gray
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// multiPageTIFF writes n uncompressed 16×16 gray pages.
func multiPageTIFF(n int) []byte {
	const w, h = 16, 16
	var buf bytes.Buffer
	le := binary.LittleEndian
	buf.WriteString("II*\x00")
	binary.Write(&buf, le, uint32(8+w*h)) // page 1's directory, after its pixels
	for i := range n {
		pix := buf.Len()
		buf.Write(bytes.Repeat([]byte{byte(255 - i%200)}, w*h))
		entries := [][3]uint32{ // tag, type (3 SHORT, 4 LONG), value
			{256, 4, w}, {257, 4, h}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1},
			{273, 4, uint32(pix)}, {277, 3, 1}, {278, 4, h}, {279, 4, w * h},
		}
		binary.Write(&buf, le, uint16(len(entries)))
		for _, e := range entries {
			binary.Write(&buf, le, uint16(e[0]))
			binary.Write(&buf, le, uint16(e[1]))
			binary.Write(&buf, le, uint32(1))
			binary.Write(&buf, le, e[2]) // a SHORT sits in the low bytes (little-endian)
		}
		next := uint32(0)
		if i < n-1 {
			next = uint32(buf.Len() + 4 + w*h) // after the next page's pixels
		}
		binary.Write(&buf, le, next)
	}
	return buf.Bytes()
}

// textPDF is a born-digital PDF (text layer) that also carries JavaScript.
func textPDF(t *testing.T, js string) []byte {
	t.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	font, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		t.Fatal(err)
	}
	f.AddUTF8FontFromBytes("dejavu", "", font)
	f.AddPage()
	f.SetFont("dejavu", "", 13)
	for _, l := range []string{
		"ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc", "THÔNG BÁO",
		"Về việc tiếp nhận hồ sơ thủ tục hành chính tại bộ phận một cửa",
		"Ủy ban nhân dân huyện thông báo lịch tiếp nhận hồ sơ của công dân từ thứ Hai đến thứ Sáu hằng tuần.",
	} {
		f.MultiCell(0, 8, l, "", "L", false)
	}
	if js != "" {
		f.SetJavascript(js)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func qpdfEncrypt(t *testing.T, pdf []byte, user string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	os.WriteFile(in, pdf, 0o600)
	if b, err := exec.Command("qpdf", "--encrypt", user, "owner-pw", "256", "--", in, out).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v %s", err, b)
	}
	data, _ := os.ReadFile(out)
	return data
}

// cmykJPEG is img as a CMYK JPEG, checked to decode as one.
func cmykJPEG(t *testing.T, img image.Image) []byte {
	t.Helper()
	data := encodeCMYKJPEG(img)
	dec, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("own CMYK JPEG: %v", err)
	}
	if _, ok := dec.(*image.CMYK); !ok {
		t.Fatalf("own CMYK JPEG decodes as %T", dec)
	}
	return data
}

type hostileCase struct {
	name, file string
	data       []byte
	refused    string // Submit refuses, with this in the error
	failed     string // the document fails, with this in its record's reason
	text       string // the document is read, and its text holds this (folded)
}

func hostileCases(t *testing.T) []hostileCase {
	good := encPNG(t, titleBand(11))
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, titleBand(12), nil)
	pdf := textPDF(t, "")

	// transparent background: the ink alone, everything else alpha 0
	band := titleBand(13)
	trans := image.NewNRGBA(band.Bounds())
	for i := 0; i < len(band.Pix); i += 4 {
		if band.Pix[i] < 128 {
			trans.Pix[i+3] = 255 // black ink
		}
	}
	// 16-bit gray
	band16 := titleBand(14)
	g16 := image.NewGray16(band16.Bounds())
	draw.Draw(g16, g16.Bounds(), band16, image.Point{}, draw.Src)
	// animated GIF: the page, then a blank frame
	bandGIF := titleBand(15)
	pal := color.Palette{color.White, color.Black}
	f1 := image.NewPaletted(bandGIF.Bounds(), pal)
	draw.Draw(f1, f1.Bounds(), bandGIF, image.Point{}, draw.Src)
	f2 := image.NewPaletted(bandGIF.Bounds(), pal)
	var anim bytes.Buffer
	if err := gif.EncodeAll(&anim, &gif.GIF{Image: []*image.Paletted{f1, f2}, Delay: []int{50, 50}}); err != nil {
		t.Fatal(err)
	}

	return []hostileCase{
		{name: "zero bytes", file: "scan.png", data: nil, refused: "empty file"},
		{name: "text named .png", file: "scan.png", data: []byte("Lỗi 500: máy quét không phản hồi"), refused: "holds text, not a scan"},
		{name: "binary junk", file: "x.bin", data: []byte{0, 1, 2, 3, 0xff, 0xfe, 0, 0}, refused: "not an image"},
		{name: "truncated PNG", file: "a.png", data: good[:len(good)/2], failed: "png"},
		{name: "truncated JPEG", file: "a.jpg", data: jpg.Bytes()[:jpg.Len()/2], failed: "jpeg"},
		{name: "truncated TIFF", file: "a.tif", data: multiPageTIFF(3)[:700], failed: "TIFF"},
		{name: "truncated PDF", file: "a.pdf", data: pdf[:len(pdf)/3], failed: "PDF"},
		{name: "0×0 PNG", file: "zero.png", data: pngDeclaring(0, 0), failed: "dimension"},
		{name: "100000×100000 PNG", file: "bomb.png", data: pngDeclaring(100000, 100000), failed: "limit"},
		{name: "500-page TIFF", file: "archive.tif", data: multiPageTIFF(500), failed: "more than 300 pages"},
		{name: "encrypted PDF", file: "locked.pdf", data: qpdfEncrypt(t, pdf, "user-pw"), failed: "encrypted"},
		{name: "PDF with JavaScript", file: "js.pdf", data: textPDF(t, "app.alert('x'); this.exportDataObject({cName: 'a', nLaunch: 2});"), text: "tiep nhan ho so"},
		{name: "owner-password PDF", file: "owner.pdf", data: qpdfEncrypt(t, textPDF(t, "var a = 1;"), ""), text: "tiep nhan ho so"},
		{name: "transparent PNG named .jpg", file: "scan.jpg", data: encPNG(t, trans), text: "thong bao"},
		{name: "16-bit PNG", file: "g16.png", data: encPNG(t, g16), text: "thong bao"},
		{name: "CMYK JPEG", file: "cmyk.jpg", data: cmykJPEG(t, titleBand(16)), text: "thong bao"},
		{name: "animated GIF", file: "anim.gif", data: anim.Bytes(), text: "thong bao"},
		{name: "name with ../ and NUL", file: "../../etc/pass\x00wd\x01.txt", data: []byte("Giấy biên nhận hồ sơ số 77"), text: "bien nhan"},
	}
}

// Each hostile or unusual file through Submit and the worker: bad ones get
// a clear error (at intake, or as the failed document's reason), unusual
// ones are read, and the worker keeps serving afterwards.
func TestHostileAndUnusualUploadsEndToEnd(t *testing.T) {
	t.Parallel()
	s := helperSystem(t)
	ctx := context.Background()
	cases := hostileCases(t)
	ids := map[string]string{}
	for _, c := range cases {
		sub, err := s.sub.Submit(ctx, bytes.NewReader(c.data), int64(len(c.data)), workers.Upload{Filename: c.file})
		if c.refused != "" {
			if err == nil || !strings.Contains(err.Error(), c.refused) {
				t.Errorf("%s: Submit err = %v, want %q", c.name, err, c.refused)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: Submit: %v", c.name, err)
			continue
		}
		ids[c.name] = sub.DocID
	}
	deadline := time.Now().Add(2 * time.Minute)
	for _, c := range cases {
		id, ok := ids[c.name]
		if !ok {
			continue
		}
		var rec *record.Document
		for {
			r, err := s.archive.Latest(ctx, id)
			if err == nil {
				rec = r
				break
			}
			if time.Now().After(deadline) {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		switch {
		case rec == nil:
			t.Errorf("%s: no record", c.name)
		case c.failed != "":
			if rec.Status != record.StatusFailed || !strings.Contains(rec.Error, c.failed) {
				t.Errorf("%s: status %s, error %q; want failed with %q", c.name, rec.Status, rec.Error, c.failed)
			}
		default:
			if rec.Status != record.StatusProcessed || !strings.Contains(vntext.Fold(rec.Text), c.text) {
				t.Errorf("%s: status %s (%s), text %q; want %q", c.name, rec.Status, rec.Error, rec.Text, c.text)
			}
		}
		if rec != nil && strings.ContainsAny(rec.Provenance.Filename, "/\x00\x01") {
			t.Errorf("%s: stored file name %q", c.name, rec.Provenance.Filename)
		}
	}
	if rec, err := s.archive.Latest(ctx, ids["name with ../ and NUL"]); err == nil && rec.Provenance.Filename != "passwd.txt" {
		t.Errorf("cleaned name %q, want passwd.txt", rec.Provenance.Filename)
	}
	// The worker still serves: a fresh document goes through.
	txt := "Phiếu hẹn trả kết quả hồ sơ đất đai số 4417"
	sub, err := s.sub.Submit(ctx, strings.NewReader(txt), int64(len(txt)), workers.Upload{Filename: "hen.txt"})
	if err != nil {
		t.Fatal(err)
	}
	s.waitRecord(t, sub.DocID, 30*time.Second)
}

// zeros is a stream of n bytes that begins like a PNG, generated on the fly.
type zeros struct{ left int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), z.left)
	clear(p[:n])
	if z.left == 2<<30 && n >= 8 {
		copy(p, "\x89PNG\r\n\x1a\n")
	}
	z.left -= n
	return int(n), nil
}

func rssKB(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// A 2 GB upload is refused: at once when its size is declared, and after
// the limit when streamed without a size, with memory flat and nothing
// stored.
func TestTwoGigabyteUploadRefusedStreaming(t *testing.T) {
	s := helperSystem(t)
	ctx := context.Background()
	const size = 2 << 30
	z := &zeros{left: size}
	if _, err := s.sub.Submit(ctx, z, size, workers.Upload{Filename: "huge.png"}); !errors.Is(err, workers.ErrTooLarge) {
		t.Fatalf("declared 2 GB: %v", err)
	}
	if z.left != size {
		t.Errorf("read %d bytes of an upload refused by its declared size", size-z.left)
	}
	before := rssKB(t)
	peak := before
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				peak = max(peak, rssKB(t))
			}
		}
	}()
	_, err := s.sub.Submit(ctx, &zeros{left: size}, -1, workers.Upload{Filename: "huge.png"})
	close(done)
	if !errors.Is(err, workers.ErrTooLarge) {
		t.Fatalf("streamed 2 GB: %v", err)
	}
	if grew := (peak - before) / 1024; grew > 64 {
		t.Errorf("RSS grew by %d MiB while streaming", grew)
	}
	n := 0
	s.archive.Store().List(ctx, "", func(storage.Info) error { n++; return nil })
	if n != 0 {
		t.Errorf("%d objects stored after a refused upload", n)
	}
}

// `sohoa process --json` on hostile files: one error line each, exit
// status 1, and a good file in the same run is still read.
func TestProcessJSONHostileFiles(t *testing.T) {
	t.Parallel()
	bin := sohoaBinary(t)
	dir := t.TempDir()
	var files []string
	want := map[string]string{}
	for _, c := range hostileCases(t) {
		if c.failed == "" && c.refused == "" || c.name == "text named .png" {
			continue // read fine (covered above) / refused by the worker's intake only
		}
		p := filepath.Join(dir, strings.NewReplacer(" ", "-", "/", "-", "×", "x", ".", "").Replace(c.name)+filepath.Ext(c.file))
		os.WriteFile(p, c.data, 0o600)
		files = append(files, p)
		want[p] = c.failed + c.refused
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("Giấy biên nhận hồ sơ số 12"), 0o600)
	files = append(files, good)
	cmd := exec.Command(bin, append([]string{"process", "--json"}, files...)...)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v (want status 1); stderr %s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(files) {
		t.Fatalf("%d lines for %d files:\n%s", len(lines), len(files), out)
	}
	for _, l := range lines {
		var r struct {
			File  string `json:"file"`
			Error string `json:"error"`
			Text  string `json:"text"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if r.File == good {
			if r.Error != "" || !strings.Contains(r.Text, "biên nhận") {
				t.Errorf("good file: %+v", r)
			}
			continue
		}
		w := want[r.File]
		if r.Error == "" || !strings.Contains(strings.ToLower(r.Error), strings.ToLower(w)) {
			t.Errorf("%s: error %q, want %q", filepath.Base(r.File), r.Error, w)
		}
	}
}
