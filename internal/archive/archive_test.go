package archive_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/storage/s3store"
	"github.com/sohoa/sohoa/storage/storagetest"
)

func newLocal(t *testing.T) (*archive.Archive, *localfs.Store) {
	t.Helper()
	s, err := localfs.New(t.TempDir(), localfs.Options{Secret: []byte("k")})
	if err != nil {
		t.Fatal(err)
	}
	a := archive.New(s)
	a.SetTempDir(t.TempDir())
	return a, s
}

var bucketN atomic.Int32

func newS3(t *testing.T, m *testenv.MinIO) *archive.Archive {
	t.Helper()
	s, err := s3store.New(context.Background(), s3store.Config{
		Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey,
		Bucket: fmt.Sprintf("archive-%d", bucketN.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return archive.New(s)
}

// plain hides Seek/ReadAt, like an HTTP request body.
type plain struct{ io.Reader }

// storeDoc writes an original, two artefacts and record v1 of id.
func storeDoc(t *testing.T, a *archive.Archive, id string, seed uint64) *record.Document {
	t.Helper()
	ctx := context.Background()
	orig := storagetest.Bytes(seed, 50<<10)
	o, _, err := a.PutOriginal(ctx, plain{bytes.NewReader(orig)}, int64(len(orig)), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	cleaned, err := a.PutArtefact(ctx, id, "page-1.png", storagetest.Bytes(seed+1, 20<<10), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	text, err := a.PutArtefact(ctx, id, "text.txt", []byte("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "+id), "text/plain; charset=utf-8")
	if err != nil {
		t.Fatal(err)
	}
	d := &record.Document{
		ID: id, Version: 1, Status: record.StatusProcessed, Original: o,
		DocType: "giay_khai_sinh", Text: "CỘNG HÒA", TextObject: &text,
		Fields: map[string]pipeline.Field{},
		Pages:  []record.Page{{Number: 1, Cleaned: &cleaned}},
		Provenance: record.Provenance{UploadedBy: "canbo1", Office: "UBND phường 1",
			UploadedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), PipelineVersion: "test"},
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC),
	}
	if err := a.PutRecord(ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOriginalDedup(t *testing.T) {
	a, s := newLocal(t)
	ctx := context.Background()
	b := storagetest.Bytes(1, 123457)
	o1, dup, err := a.PutOriginal(ctx, plain{bytes.NewReader(b)}, int64(len(b)), "image/jpeg")
	if err != nil || dup {
		t.Fatalf("first put: dup=%v err=%v", dup, err)
	}
	sum := storagetest.Sum(b)
	if want := "originals/sha256/" + sum[:2] + "/" + sum[2:4] + "/" + sum; o1.Key != want || o1.SHA256 != sum || o1.Size != int64(len(b)) {
		t.Fatalf("object = %+v, want key %s", o1, want)
	}
	o2, dup, err := a.PutOriginal(ctx, plain{bytes.NewReader(b)}, -1, "image/jpeg") // unknown size
	if err != nil || !dup || o2 != o1 {
		t.Fatalf("second put: %+v dup=%v err=%v", o2, dup, err)
	}
	var n int
	s.List(ctx, "originals/", func(storage.Info) error { n++; return nil })
	if n != 1 {
		t.Fatalf("%d originals stored, want 1", n)
	}
	rc, err := a.Open(ctx, o1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("open: %d bytes, err %v", len(got), err)
	}
	// A size that lies is refused.
	if _, _, err := a.PutOriginal(ctx, plain{bytes.NewReader(b[:100])}, 99, ""); err == nil {
		t.Fatal("original with wrong declared size accepted")
	}
}

func TestRecordVersions(t *testing.T) {
	a, _ := newLocal(t)
	ctx := context.Background()
	d1 := storeDoc(t, a, "doc-1", 10)

	d2 := *d1
	d2.Version = 2
	d2.Fields = map[string]pipeline.Field{"ho_ten": {Value: "Nguyễn Văn A"}}
	d2.Corrections = []record.Correction{{Field: "ho_ten", OCRValue: "Nguyen Van A", Value: "Nguyễn Văn A", By: "canbo1"}}
	if err := a.PutRecord(ctx, &d2); err != nil {
		t.Fatal(err)
	}
	for _, v := range []int{1, 2, 4} {
		d := d2
		d.Version = v
		if err := a.PutRecord(ctx, &d); !errors.Is(err, archive.ErrVersion) {
			t.Errorf("put v%d after v2: %v, want ErrVersion", v, err)
		}
	}
	vs, err := a.Versions(ctx, "doc-1")
	if err != nil || !slices.Equal(vs, []int{1, 2}) {
		t.Fatalf("versions = %v, %v", vs, err)
	}
	latest, err := a.Latest(ctx, "doc-1")
	if err != nil || latest.Version != 2 || latest.FieldValue("ho_ten") != "Nguyễn Văn A" || latest.Schema != record.SchemaVersion {
		t.Fatalf("latest = %+v, %v", latest, err)
	}
	old, err := a.Version(ctx, "doc-1", 1)
	if err != nil || old.Version != 1 || old.FieldValue("ho_ten") != "" || len(old.Corrections) != 0 {
		t.Fatalf("v1 changed: %+v, %v", old, err)
	}
	if _, err := a.Latest(ctx, "nope"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("latest of unknown doc: %v", err)
	}
	storeDoc(t, a, "doc-0", 20)
	var ids []string
	if err := a.Documents(ctx, func(id string) error { ids = append(ids, id); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{"doc-0", "doc-1"}) {
		t.Errorf("documents = %v", ids)
	}
}

func TestRecordWriteOrder(t *testing.T) {
	a, _ := newLocal(t)
	ctx := context.Background()
	d := storeDoc(t, a, "doc-a", 30)
	tests := []struct {
		name   string
		mutate func(d *record.Document)
	}{
		{"missing artefact", func(d *record.Document) {
			d.Artefacts = []record.Object{{Key: "docs/doc-b/artefacts/" + strings.Repeat("a", 64) + "-x.pdf", SHA256: strings.Repeat("a", 64), Size: 3}}
		}},
		{"missing original", func(d *record.Document) {
			d.Original.Key = "originals/sha256/00/00/" + strings.Repeat("0", 64)
		}},
		{"wrong size", func(d *record.Document) { d.Original.Size++ }},
		{"no original", func(d *record.Document) { d.Original = record.Object{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := *d
			bad.ID, bad.Version = "doc-b", 1
			tt.mutate(&bad)
			if err := a.PutRecord(ctx, &bad); err == nil {
				t.Fatal("record accepted")
			}
			if vs, _ := a.Versions(ctx, "doc-b"); len(vs) != 0 {
				t.Fatalf("refused record left versions %v", vs)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	a, s := newLocal(t)
	ctx := context.Background()
	d1 := storeDoc(t, a, "doc-1", 40)
	d2 := storeDoc(t, a, "doc-2", 50)
	sum, err := a.Verify(ctx, func(p archive.Problem) { t.Errorf("clean store: %v", p) })
	if err != nil || sum.Documents != 2 || sum.Versions != 2 || sum.Objects != 6 || sum.Problems != 0 {
		t.Fatalf("clean verify: %+v, %v", sum, err)
	}

	// Flip one byte of doc-1's original, delete doc-2's cleaned page.
	p := filepath.Join(s.Root(), filepath.FromSlash(d1.Original.Key))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, d2.Pages[0].Cleaned.Key); err != nil {
		t.Fatal(err)
	}
	var got []archive.Problem
	sum, err = a.Verify(ctx, func(p archive.Problem) { got = append(got, p) })
	if err != nil {
		t.Fatal(err)
	}
	want := []archive.Problem{
		{DocID: "doc-1", Version: 1, Key: d1.Original.Key, Kind: archive.KindMismatch, Want: d1.Original.SHA256, Got: storagetest.Sum(b)},
		{DocID: "doc-2", Version: 1, Key: d2.Pages[0].Cleaned.Key, Kind: archive.KindMissing, Want: d2.Pages[0].Cleaned.SHA256},
	}
	if !slices.Equal(got, want) || sum.Problems != 2 {
		t.Fatalf("problems:\n got %v\nwant %v", got, want)
	}

	// Open refuses the damaged bytes at the end of the stream.
	rc, err := a.Open(ctx, d1.Original)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(rc)
	rc.Close()
	if !errors.Is(err, storage.ErrDigest) {
		t.Fatalf("open of damaged original: %v, want ErrDigest", err)
	}
}

func TestJSONArea(t *testing.T) {
	a, _ := newLocal(t)
	ctx := context.Background()
	type dossier struct{ ID, Title string }
	in := dossier{"hs-1", "Hồ sơ đăng ký khai sinh"}
	if err := a.PutJSON(ctx, "dossiers/hs-1.json", in, true); err != nil {
		t.Fatal(err)
	}
	if err := a.PutJSON(ctx, "dossiers/hs-1.json", in, true); !errors.Is(err, storage.ErrExists) {
		t.Errorf("second write-once put: %v", err)
	}
	var out dossier
	if err := a.GetJSON(ctx, "dossiers/hs-1.json", &out); err != nil || out != in {
		t.Fatalf("get = %+v, %v", out, err)
	}
	for _, key := range []string{"docs/x/record/v000001.json", "originals/sha256/aa"} {
		if err := a.PutJSON(ctx, key, in, false); err == nil {
			t.Errorf("PutJSON into reserved %s accepted", key)
		}
	}
}

func keysAndBytes(t *testing.T, s storage.Store) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := s.List(context.Background(), "", func(in storage.Info) error {
		rc, err := s.Get(context.Background(), in.Key)
		if err != nil {
			return err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		m[in.Key] = storagetest.Sum(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestExportImportToMinIO(t *testing.T) {
	m := testenv.StartMinIO(t)
	ctx := context.Background()
	src, srcStore := newLocal(t)
	d := storeDoc(t, src, "doc-1", 60)
	storeDoc(t, src, "doc-2", 70)
	d.Version = 2
	d.Status = record.StatusProcessed
	if err := src.PutRecord(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := src.PutJSON(ctx, "dossiers/hs-1.json", map[string]string{"id": "hs-1"}, false); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	if err := src.Export(ctx, dir); err != nil {
		t.Fatal(err)
	}
	if err := src.Export(ctx, dir); err == nil {
		t.Error("export into a non-empty folder accepted")
	}
	want := keysAndBytes(t, srcStore)

	dst := newS3(t, m)
	if err := archive.Import(ctx, dir, dst); err != nil {
		t.Fatal(err)
	}
	got := keysAndBytes(t, dst.Store())
	if len(got) != len(want) || len(got) != 10 {
		t.Fatalf("imported %d objects, exported %d (want 10)", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: imported sha %s, want %s", k, got[k], v)
		}
	}
	if sum, err := dst.Verify(ctx, func(p archive.Problem) { t.Errorf("after import: %v", p) }); err != nil || sum.Versions != 3 {
		t.Fatalf("verify after import: %+v, %v", sum, err)
	}
	if err := archive.Import(ctx, dir, dst); err != nil {
		t.Fatalf("re-import: %v", err)
	}

	// A flipped byte in the export: nothing at all is imported.
	p := filepath.Join(dir, "objects", filepath.FromSlash(d.Pages[0].Cleaned.Key))
	b, _ := os.ReadFile(p)
	b[0] ^= 0xff
	os.WriteFile(p, b, 0o644)
	fresh := newS3(t, m)
	err := archive.Import(ctx, dir, fresh)
	if err == nil || !strings.Contains(err.Error(), d.Pages[0].Cleaned.Key) {
		t.Fatalf("import of damaged export: %v", err)
	}
	if n := len(keysAndBytes(t, fresh.Store())); n != 0 {
		t.Fatalf("damaged import wrote %d objects", n)
	}
}

// slowReader hands out data slowly so the server can be stopped mid-upload.
type slowReader struct {
	r       io.Reader
	started chan struct{}
	once    bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	if !s.once {
		s.once = true
		close(s.started)
	}
	time.Sleep(5 * time.Millisecond)
	if len(p) > 32<<10 {
		p = p[:32<<10]
	}
	return s.r.Read(p)
}

func TestMinIOOutage(t *testing.T) {
	m := testenv.StartMinIO(t)
	a := newS3(t, m)
	s := a.Store()
	ctx := context.Background()

	// Stop the server in the middle of an upload.
	big := storagetest.Bytes(80, 20<<20)
	sr := &slowReader{r: bytes.NewReader(big), started: make(chan struct{})}
	errc := make(chan error, 1)
	go func() {
		// minio-go retries the interrupted part with backoff until the
		// deadline; the deadline keeps the test short.
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		_, err := s.Put(ctx, "outage/big", sr, int64(len(big)), storage.PutOptions{SHA256: storagetest.Sum(big)})
		errc <- err
	}()
	<-sr.started
	time.Sleep(200 * time.Millisecond)
	m.Stop()
	if err := <-errc; err == nil {
		t.Fatal("upload interrupted by the outage reported success")
	}

	// While down: a put with a deadline fails, it does not hang.
	small := []byte("after the outage")
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	start := time.Now()
	_, err := s.Put(dctx, "outage/small", bytes.NewReader(small), int64(len(small)), storage.PutOptions{})
	cancel()
	if err == nil {
		t.Fatal("put succeeded with the server down")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("put with a 2s deadline took %v", d)
	}

	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, "outage/small", bytes.NewReader(small), int64(len(small)), storage.PutOptions{}); err != nil {
		t.Fatalf("put after restart: %v", err)
	}
	if _, err := s.Stat(ctx, "outage/big"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("half-written upload visible after the outage: %v", err)
	}
	var keys []string
	s.List(ctx, "", func(in storage.Info) error { keys = append(keys, in.Key); return nil })
	if !slices.Equal(keys, []string{"outage/small"}) {
		t.Fatalf("objects after outage: %v", keys)
	}
}

func TestExportEmpty(t *testing.T) {
	a, _ := newLocal(t)
	dir := filepath.Join(t.TempDir(), "x")
	if err := a.Export(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil || len(b) != 0 {
		t.Fatalf("manifest of an empty store: %q, %v", b, err)
	}
	into, _ := newLocal(t)
	if err := archive.Import(context.Background(), dir, into); err != nil {
		t.Fatal(err)
	}
}

func TestObjectLockRetention(t *testing.T) {
	m := testenv.StartMinIO(t)
	ctx := context.Background()
	s, err := s3store.New(ctx, s3store.Config{
		Endpoint: m.Endpoint, AccessKey: m.AccessKey, SecretKey: m.SecretKey,
		Bucket: "locked", Retention: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	if s.Retention() != time.Hour {
		t.Fatalf("retention = %v: bucket not created with object lock", s.Retention())
	}
	a := archive.New(s)
	b := storagetest.Bytes(90, 4096)
	o, _, err := a.PutOriginal(ctx, bytes.NewReader(b), int64(len(b)), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Client().StatObject(ctx, "locked", o.Key, minio.StatObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mode, until, err := s.Client().GetObjectRetention(ctx, "locked", o.Key, st.VersionID)
	if err != nil || mode == nil || *mode != minio.Compliance || until.Before(time.Now().Add(59*time.Minute)) {
		t.Fatalf("retention of original: %v until %v, %v", mode, until, err)
	}
	err = s.Client().RemoveObject(ctx, "locked", o.Key, minio.RemoveObjectOptions{VersionID: st.VersionID})
	if err == nil {
		t.Fatal("retained original version deleted")
	}
	// Artefacts carry no retention: only originals are locked.
	art, err := a.PutArtefact(ctx, "d1", "text.txt", []byte("x"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	ast, _ := s.Client().StatObject(ctx, "locked", art.Key, minio.StatObjectOptions{})
	if mode, _, err := s.Client().GetObjectRetention(ctx, "locked", art.Key, ast.VersionID); err == nil && mode != nil && *mode != "" {
		t.Errorf("artefact retained: %v", *mode)
	}
	rc, err := a.Open(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, b) {
		t.Fatalf("read back: %v", err)
	}
}
