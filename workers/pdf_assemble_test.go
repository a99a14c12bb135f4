package workers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage/localfs"
)

// TestFailedPageMarksItsDocument assembles a 3-page document whose page 2
// failed (its result says why, as a page out of retries writes it) on a
// real store, archive and index: the document is processed with the failed
// page listed, its text is pages 1 and 3, and its searchable PDF still has
// all three page images, page 2 without text.
func TestFailedPageMarksItsDocument(t *testing.T) {
	ctx := context.Background()
	store, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("test")})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := embedded.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	arch := archive.New(store)
	h := &Handlers{Store: store, Archive: arch, Index: idx}

	orig := []byte("II*\x00 stands for a multi-page scan in this test")
	origObj, _, err := arch.PutOriginal(ctx, bytes.NewReader(orig), int64(len(orig)), "image/tiff")
	if err != nil {
		t.Fatal(err)
	}
	in := Intake{DocID: DocID(origObj.SHA256), Original: origObj, Format: "tiff", Dossier: "HS-9", Filename: "scan.tif"}
	if err := putJSON(ctx, store, intakeKey(in.DocID), in); err != nil {
		t.Fatal(err)
	}
	var sources []record.Object
	texts := map[int]string{}
	for n := 1; n <= 3; n++ {
		s := corpus.Render(21, n, corpus.Options{Types: []string{corpus.TypeNotice}, Scale: 0.2})
		var buf bytes.Buffer
		png.Encode(&buf, s.Image)
		obj, err := arch.PutArtefact(ctx, in.DocID, fmt.Sprintf("page-%04d.png", n), buf.Bytes(), "image/png")
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, obj)
		res := record.Page{Number: n}
		if n == 2 {
			res.Error = "ocr page: tesseract: engine crashed"
		} else {
			line := fmt.Sprintf("Trang số %d của hồ sơ", n)
			texts[n] = line
			var words []pipeline.Word
			for i, w := range strings.Fields(line) {
				words = append(words, pipeline.Word{Text: w, Box: pipeline.Box{X: 20 + 40*i, Y: 30, W: 35, H: 12}})
			}
			b, _ := json.Marshal(words)
			wobj, err := arch.PutArtefact(ctx, in.DocID, fmt.Sprintf("page-%04d-words.json", n), b, "application/json")
			if err != nil {
				t.Fatal(err)
			}
			res.Text, res.Confidence, res.Words = line, 0.9, &wobj
		}
		if err := putJSON(ctx, store, pageResultKey(in.DocID, n), res); err != nil {
			t.Fatal(err)
		}
	}
	if err := putJSON(ctx, store, pageSourcesKey(in.DocID), sources); err != nil {
		t.Fatal(err)
	}

	payload, _ := json.Marshal(AssemblePayload{DocID: in.DocID, Pages: 3})
	if err := h.assemble(ctx, asynq.NewTask(TypeAssemble, payload)); err != nil {
		t.Fatalf("assemble: %v", err)
	}
	rec, err := arch.Latest(ctx, in.DocID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != record.StatusProcessed || !strings.Contains(rec.Error, "trang 2") || strings.Contains(rec.Error, "trang 1") {
		t.Errorf("status %q error %q: want processed with page 2 listed", rec.Status, rec.Error)
	}
	if rec.Text != texts[1]+"\n\n"+texts[3] {
		t.Errorf("text = %q, want pages 1 and 3", rec.Text)
	}
	if len(rec.Dossiers) != 1 || rec.Dossiers[0] != "HS-9" {
		t.Errorf("dossiers %v", rec.Dossiers)
	}
	var pdfObj *record.Object
	for i := range rec.Artefacts {
		if rec.Artefacts[i].ContentType == "application/pdf" {
			pdfObj = &rec.Artefacts[i]
		}
	}
	if pdfObj == nil {
		t.Fatal("no searchable PDF")
	}
	rc, err := arch.Open(ctx, *pdfObj)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	file := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(file, data, 0o600)
	for n, want := range map[int]string{1: texts[1], 2: "", 3: texts[3]} {
		out, err := exec.Command("pdftotext", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", n, err)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("PDF page %d text = %q, want %q", n, got, want)
		}
	}
}
