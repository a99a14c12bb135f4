package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/internal/systest"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/record"
)

const citizen1 = "001099001234"

func cardText(id, name, dob, sex, expiry string) []byte {
	return []byte("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCĂN CƯỚC CÔNG DÂN\n" +
		"Số / No.: " + id + "\nHọ và tên / Full name:\n" + name + "\nNgày sinh / Date of birth: " + dob +
		"\nGiới tính / Sex: " + sex + "   Quốc tịch / Nationality: Việt Nam\nCó giá trị đến / Date of expiry: " + expiry + "\n")
}

func marriageStatusText(id, issued string) []byte {
	return []byte("ỦY BAN NHÂN DÂN\nPHƯỜNG DỊCH VỌNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" +
		"Số: 88/XNTTHN\nDịch Vọng, ngày " + issued + "\nGIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN\n" +
		"Số định danh cá nhân: " + id + "\nTình trạng hôn nhân: Chưa đăng ký kết hôn với ai.\n")
}

// TestIntakeFlowOverHTTP drives the whole intake flow through the API on
// real Redis, the real pipeline and a real worker: open a dossier, upload,
// follow progress, review, close; then, at another office, find the
// applicant's reusable papers and attach one by reference.
func TestIntakeFlowOverHTTP(t *testing.T) {
	s := systest.Start(t)

	// Open a dossier at office A for citizen 1.
	status, body, hdr := s.Do(t, "clerkA", "POST", "/api/v1/dossiers", onestop.OpenDossier{Procedure: "1.001612", Applicant: citizen1})
	if status != http.StatusCreated {
		t.Fatalf("create dossier: %d %s", status, body)
	}
	var d1 dossier.Dossier
	systest.Decode(t, body, &d1)
	if !dossier.ValidCode(d1.Code) || hdr.Get("Location") != "/api/v1/dossiers/"+d1.Code {
		t.Fatalf("dossier %+v, Location %q", d1, hdr.Get("Location"))
	}

	// Upload: the citizen's ID card, an expired marriage-status paper, and a real scan.
	card := s.Upload(t, "clerkA", d1.Code, "cccd.txt", cardText(citizen1, "NGUYỄN VĂN AN", "12/03/1999", "Nam", "12/03/2039"))
	expired := s.Upload(t, "clerkA", d1.Code, "xn.txt", marriageStatusText(citizen1, "05 tháng 01 năm 2024"))
	sample := corpus.Render(41, 0, corpus.Options{Types: []string{"decision"}})
	var img bytes.Buffer
	if err := png.Encode(&img, sample.Image); err != nil {
		t.Fatal(err)
	}
	scan := s.Upload(t, "clerkA", d1.Code, "qd.png", img.Bytes())

	// Follow progress over server-sent events until everything settled.
	events := followEvents(t, s, d1.Code, 3*time.Minute)
	last := events[len(events)-1]
	if len(last.Documents) != 3 {
		t.Fatalf("last event has %d documents: %+v", len(last.Documents), last)
	}
	for _, c := range last.Documents {
		if c.Status != record.StatusProcessed {
			t.Errorf("document %s: %s %s", c.DocID, c.Status, c.Error)
		}
	}
	rec := s.Wait(t, card, time.Minute)
	if rec.DocType != "cccd" || rec.OwnerID != citizen1 {
		t.Fatalf("card: type %q owner %q", rec.DocType, rec.OwnerID)
	}
	s.Wait(t, scan, time.Minute)
	s.Wait(t, expired, time.Minute)

	// Review: a stale ETag is refused, the right one makes a new version
	// that keeps the OCR value, the corrected value, who and when.
	_, body, hdr = s.Do(t, "clerkA", "GET", "/api/v1/documents/"+scan, nil)
	var doc api.DocumentView
	systest.Decode(t, body, &doc)
	tag := hdr.Get("ETag")
	if tag == "" || doc.Version < 1 {
		t.Fatalf("no ETag/version: %q %d", tag, doc.Version)
	}
	review := onestop.Review{Set: map[string]string{"summary": "Về việc khen thưởng (đã sửa)"}}
	if st, b, _ := s.Do(t, "clerkA", "PATCH", "/api/v1/documents/"+scan+"/fields", review, "If-Match", `"`+scan+`-v999"`); st != http.StatusPreconditionFailed {
		t.Errorf("stale If-Match: %d %s", st, b)
	}
	st, b, hdr := s.Do(t, "clerkA", "PATCH", "/api/v1/documents/"+scan+"/fields", review, "If-Match", tag)
	if st != http.StatusOK {
		t.Fatalf("correct: %d %s", st, b)
	}
	var corrected api.DocumentView
	systest.Decode(t, b, &corrected)
	if corrected.Version != doc.Version+1 || corrected.FieldValue("summary") != "Về việc khen thưởng (đã sửa)" || hdr.Get("ETag") == tag {
		t.Errorf("corrected: v%d summary %q", corrected.Version, corrected.FieldValue("summary"))
	}
	if n := len(corrected.Corrections); n != 1 || corrected.Corrections[0].OCRValue != doc.FieldValue("summary") || corrected.Corrections[0].By != s.Users["clerkA"].ID {
		t.Errorf("corrections = %+v", corrected.Corrections)
	}
	_, b, _ = s.Do(t, "clerkA", "GET", "/api/v1/documents/"+scan+"/versions", nil)
	if !strings.Contains(string(b), "[1,2]") {
		t.Errorf("versions: %s", b)
	}

	if st, b, _ := s.Do(t, "clerkA", "POST", "/api/v1/dossiers/"+d1.Code+"/close", nil); st != http.StatusOK {
		t.Fatalf("close: %d %s", st, b)
	}
	if st, _, _ := s.Do(t, "clerkA", "POST", "/api/v1/dossiers/"+d1.Code+"/attach", map[string]any{"document_ids": []string{card}}); st != http.StatusBadRequest {
		t.Errorf("attach to a closed dossier: %d", st)
	}

	// Another office, a new dossier for the same citizen: the still-valid
	// card is offered (with the dossier that used it), the expired paper and
	// the decision (not the citizen's) are not.
	_, body, _ = s.Do(t, "clerkB", "POST", "/api/v1/dossiers", onestop.OpenDossier{Procedure: "2.000001", Applicant: citizen1})
	var d2 dossier.Dossier
	systest.Decode(t, body, &d2)
	st, body, _ = s.Do(t, "clerkB", "GET", "/api/v1/dossiers/"+d2.Code+"/reusable?date=2026-11-26", nil)
	if st != http.StatusOK {
		t.Fatalf("reusable: %d %s", st, body)
	}
	var reusable struct {
		Groups []onestop.ReusableGroup `json:"groups"`
	}
	systest.Decode(t, body, &reusable)
	var offered []string
	for _, g := range reusable.Groups {
		for _, r := range g.Documents {
			offered = append(offered, r.DocumentID)
			if r.DocumentID == card && !slices.Contains(r.UsedIn, d1.Code) {
				t.Errorf("card used_in = %v, want %s", r.UsedIn, d1.Code)
			}
		}
	}
	if !slices.Contains(offered, card) || slices.Contains(offered, expired) || slices.Contains(offered, scan) {
		t.Errorf("offered %v; want the card %s only", offered, card)
	}

	// Attach by reference: the same document, now used by both dossiers.
	if st, b, _ := s.Do(t, "clerkB", "POST", "/api/v1/dossiers/"+d2.Code+"/attach", map[string]any{"document_ids": []string{card}}); st != http.StatusOK {
		t.Fatalf("attach: %d %s", st, b)
	}
	after := s.Wait(t, card, time.Second)
	if !slices.Contains(after.Dossiers, d1.Code) || !slices.Contains(after.Dossiers, d2.Code) || after.Original != rec.Original {
		t.Errorf("after attach: dossiers %v original %+v (was %+v)", after.Dossiers, after.Original, rec.Original)
	}
	// Office B reads the card through its dossier, not the decision of office A.
	if st, _, _ := s.Do(t, "clerkB", "GET", "/api/v1/documents/"+card+"?dossier="+d2.Code, nil); st != http.StatusOK {
		t.Errorf("clerk B reading the attached card: %d", st)
	}
	if st, _, _ := s.Do(t, "clerkB", "GET", "/api/v1/documents/"+scan, nil); st != http.StatusNotFound {
		t.Errorf("clerk B reading office A's decision: %d, want 404", st)
	}

	// Citizens see only their own papers, whichever way they ask.
	if st, _, _ := s.Do(t, "citizen1", "GET", "/api/v1/documents/"+card, nil); st != http.StatusOK {
		t.Errorf("citizen reading own card: %d", st)
	}
	for _, path := range []string{"/api/v1/documents/" + card, "/api/v1/documents/" + card + "/original", "/api/v1/documents/" + card + "?dossier=" + d2.Code, "/api/v1/dossiers/" + d2.Code} {
		if st, _, _ := s.Do(t, "citizen2", "GET", path, nil); st != http.StatusNotFound && st != http.StatusForbidden {
			t.Errorf("citizen 2 GET %s: %d, want 404/403", path, st)
		}
	}
	_, body, _ = s.Do(t, "citizen2", "GET", "/api/v1/search?q=nguyen+van+an", nil)
	var sr api.SearchResponse
	systest.Decode(t, body, &sr)
	if sr.Total != 0 {
		t.Errorf("citizen 2 finds %d documents of another person", sr.Total)
	}
	if st, _, _ := s.Do(t, "citizen2", "GET", "/api/v1/search?id_number="+citizen1, nil); st != http.StatusForbidden {
		t.Errorf("citizen 2 searching for citizen 1's number: %d, want 403", st)
	}
	_, body, _ = s.Do(t, "citizen1", "GET", "/api/v1/search?q=nguyen+van+an", nil)
	systest.Decode(t, body, &sr)
	if sr.Total != 1 || sr.Hits[0].Doc.ID != card {
		t.Errorf("citizen 1's search: %+v", sr)
	}

	// The auditor downloads the original byte-exact through a signed,
	// expiring URL; a tampered URL is refused.
	st, _, hdr = s.Do(t, "auditor", "GET", "/api/v1/documents/"+scan+"/original", nil)
	if st != http.StatusFound {
		t.Fatalf("original: %d", st)
	}
	got := fetch(t, hdr.Get("Location"))
	if !bytes.Equal(got, img.Bytes()) {
		t.Errorf("original is %d bytes, uploaded %d: not byte-exact", len(got), img.Len())
	}
	if resp, err := http.Get(strings.Replace(hdr.Get("Location"), "&s=", "&s=0", 1)); err != nil || resp.StatusCode < 400 {
		t.Errorf("tampered URL accepted: %v %v", resp.StatusCode, err)
	}
	// ... and sees the trail of who did what.
	_, body, _ = s.Do(t, "auditor", "GET", "/api/v1/documents/"+scan+"/audit", nil)
	for _, action := range []string{`"upload"`, `"correct"`, `"download"`} {
		if !strings.Contains(string(body), action) {
			t.Errorf("audit trail lacks %s: %s", action, body)
		}
	}
}

func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}

// followEvents reads the dossier's server-sent events until "done".
func followEvents(t *testing.T, s *systest.System, code string, timeout time.Duration) []onestop.DossierView {
	t.Helper()
	req, _ := http.NewRequest("GET", s.URL+"/api/v1/dossiers/"+code+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+s.Users["clerkA"].Token)
	client := &http.Client{Timeout: timeout}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("events content type %q", ct)
	}
	var views []onestop.DossierView
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	event := ""
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: ") && event == "dossier":
			var v onestop.DossierView
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &v); err != nil {
				t.Fatal(err)
			}
			views = append(views, v)
		case strings.HasPrefix(line, "data: ") && event == "done":
			if len(views) == 0 {
				t.Fatal("done before any state")
			}
			return views
		}
	}
	t.Fatalf("event stream ended without done: %v", sc.Err())
	return nil
}
