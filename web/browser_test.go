package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/sohoa/sohoa/internal/corpus"
	"github.com/sohoa/sohoa/record"
)

// chromiumPath is Debian's chromium, installed by scripts/setup.sh.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts one headless Chromium for a test; each role then gets
// its own browser context (its own cookies) with tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s missing under CI: run scripts/setup.sh (installs the chromium package)", chromiumPath)
		}
		t.Skipf("browser tests skipped: %s not installed (make setup installs Debian's chromium)", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(1280, 900),
	}
	// A watchdog: whatever hangs, the browser and every step on it end here.
	wctx, cancelWatch := context.WithTimeout(context.Background(), 150*time.Second)
	actx, cancelAlloc := chromedp.NewExecAllocator(wctx, opts...)
	bctx, cancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancel()
		cancelAlloc()
		cancelWatch()
		t.Fatalf("start chromium: %v", err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc(); cancelWatch() })
	return bctx
}

// tab opens a tab in a fresh browser context: a separate person at
// another computer.
func tab(t *testing.T, bctx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	must(t, chromedp.Do(ctx)) // no timeout here: it would close the tab (the watchdog bounds it)
	return ctx
}

// run runs steps with a deadline, failing the test with what it was doing.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, steps...); err != nil {
		var html string
		hctx, hcancel := context.WithTimeout(ctx, 5*time.Second)
		defer hcancel()
		if h, herr := chromedp.Run(hctx, chromedp.OuterHTML(chromedp.CSS("main"))); herr == nil {
			html = h
		}
		t.Fatalf("%s: %v\npage:\n%.3000s", what, err, html)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(tctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// shot saves a full-page PNG under $SOHOA_SCREENSHOTS (make screenshots).
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("SOHOA_SCREENSHOTS")
	if dir == "" {
		return
	}
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	b, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	must(t, err)
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, name+".png"), b, 0o644))
}

// waitJS polls a JavaScript predicate across page loads (Poll alone
// fails when the page reloads under it).
func waitJS(t *testing.T, ctx context.Context, what, js string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		ectx, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	hctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	html, _ := chromedp.Run(hctx, chromedp.OuterHTML(chromedp.CSS("main")))
	t.Fatalf("%s: not within %v\npage:\n%.3000s", what, timeout, html)
}

func login(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	run(t, ctx, "log in as "+user,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password(user)),
		chromedp.Click(chromedp.CSS("main form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
	)
}

func cardText(id, name, dob, sex, expiry string) []byte {
	return []byte("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nCĂN CƯỚC CÔNG DÂN\n" +
		"Số / No.: " + id + "\nHọ và tên / Full name:\n" + name + "\nNgày sinh / Date of birth: " + dob +
		"\nGiới tính / Sex: " + sex + "   Quốc tịch / Nationality: Việt Nam\nCó giá trị đến / Date of expiry: " + expiry + "\n")
}

const decisionText = "ỦY BAN NHÂN DÂN\nQUẬN CẦU GIẤY\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" +
	"Số: 56/2023/QĐ-UBND\nCầu Giấy, ngày 14 tháng 9 năm 2023\nQUYẾT ĐỊNH\n" +
	"Về việc cấp phép xây dựng nhà ở riêng lẻ tại phường Dịch Vọng\nCHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY\n" +
	"Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;\nQUYẾT ĐỊNH:\nĐiều 1. Cấp giấy phép xây dựng cho hộ gia đình.\n"

// TestBrowser drives the web interface in headless Chromium against the
// real system (Redis, a Tesseract worker, local storage, embedded index):
// a clerk's intake with reuse and a processed scan, search without
// diacritics, citizen isolation, and an auditor's byte-exact download.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil && os.Getenv("CI") != "true" {
		t.Skipf("browser tests skipped: %s not installed (make setup installs Debian's chromium)", chromiumPath)
	}
	s := startSystem(t, true)
	// The browser is started second so that it is closed first (cleanups
	// run in reverse): no open event stream keeps the server from closing.
	bctx := newBrowser(t)
	start := time.Now()

	// Papers digitised before: citizen A's ID card, citizen B's, a decision.
	cardA := s.submit(t, "", "cccd-an.txt", cardText(citizenA, "NGUYỄN VĂN AN", "12/03/1999", "Nam", "12/03/2039"))
	cardB := s.submit(t, "", "cccd-binh.txt", cardText(citizenB, "TRẦN THỊ BÌNH", "02/07/1988", "Nữ", "02/07/2038"))
	decision := s.submit(t, "", "qd-56.txt", []byte(decisionText))
	for _, id := range []string{cardA, cardB, decision} {
		s.wait(t, id, 30*time.Second)
	}
	if rec, _ := s.Archive.Latest(context.Background(), cardA); rec.OwnerID != citizenA {
		t.Fatalf("card A owner %q, want %s", rec.OwnerID, citizenA)
	}
	// A real scan for the clerk to upload.
	sample := corpus.Render(7, 0, corpus.Options{Types: []string{"decision"}})
	var scan bytes.Buffer
	must(t, png.Encode(&scan, sample.Image))
	scanPath := filepath.Join(t.TempDir(), "quyet-dinh-scan.png")
	must(t, os.WriteFile(scanPath, scan.Bytes(), 0o644))

	var code, scanID string
	t.Run("intake with reuse", func(t *testing.T) {
		ctx := tab(t, bctx)
		run(t, ctx, "login page", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#username")))
		shot(t, ctx, "01-dang-nhap")
		login(t, ctx, s.URL, "canbo")
		run(t, ctx, "open a dossier",
			chromedp.WaitVisible(chromedp.CSS("#applicant")),
			chromedp.SendKeys(chromedp.CSS("#applicant"), citizenA),
			chromedp.SendKeys(chromedp.CSS("#applicant_name"), "Nguyễn Văn An"),
			chromedp.SendKeys(chromedp.CSS("#procedure"), "1.001612"),
			chromedp.Click(chromedp.CSS("#mo-ho-so button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`.reuse-card[data-doc-id="`+cardA+`"]`)),
		)
		code = eval[string](t, ctx, `document.getElementById("thanh-phan").dataset.dossier`)
		card := text(t, ctx, `.reuse-card[data-doc-id="`+cardA+`"]`)
		for _, want := range []string{"Căn cước công dân", citizenA, "12/03/2039"} {
			if !strings.Contains(card, want) {
				t.Errorf("reusable card lacks %q: %q", want, card)
			}
		}
		if n := eval[int](t, ctx, `document.querySelectorAll(".reuse-card").length`); n != 1 {
			t.Errorf("%d reusable cards, want only citizen A's card", n)
		}
		shot(t, ctx, "02-tiep-nhan")

		// One click attaches it by reference.
		run(t, ctx, "attach the card",
			chromedp.Click(chromedp.CSS(`.reuse-card[data-doc-id="`+cardA+`"] button.attach`)),
			chromedp.WaitVisible(chromedp.CSS(`#tl-`+cardA)),
		)
		if got := text(t, ctx, "#tl-"+cardA); !strings.Contains(got, "Dùng lại") {
			t.Errorf("attached component: %q", got)
		}
		d, err := s.Svc.Dossier(context.Background(), s.principal("canbo"), code)
		must(t, err)
		if len(d.Documents) != 1 || d.Documents[0].DocID != cardA || d.Documents[0].Kind != "reused" {
			t.Fatalf("dossier components after attach: %+v", d.Documents)
		}

		// Upload a real scan; the page follows its processing (server-sent
		// events, then a reload) and shows the fields beside the page image.
		run(t, ctx, "upload a scan",
			chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{scanPath}),
			chromedp.Click(chromedp.CSS("#tai-len button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`article.component[data-kind="uploaded"]`)),
		)
		waitJS(t, ctx, "the scan processed", `!!document.querySelector('article.component[data-kind="uploaded"][data-status="processed"] .review')`, 60*time.Second)
		scanID = eval[string](t, ctx, `document.querySelector('article.component[data-kind="uploaded"]').dataset.docId`)
		if got := text(t, ctx, "#tl-"+scanID+" h3"); !strings.Contains(got, "Quyết định") {
			t.Errorf("uploaded scan shown as %q, want a Quyết định", got)
		}
		field := eval[string](t, ctx, fmt.Sprintf(`(document.querySelector("#tl-%s form.fields input[name^=f_]")||{}).name||""`, scanID))
		if field == "" {
			t.Fatalf("no extracted field offered for review beside the page")
		}
		field = strings.TrimPrefix(field, "f_")
		waitJS(t, ctx, "the cleaned page image beside the fields", fmt.Sprintf(`(function(){var i=document.querySelector("#tl-%s img.page-img");if(!i)return false;i.scrollIntoView();return i.complete && i.naturalWidth>0})()`, scanID), 15*time.Second)
		shot(t, ctx, "03-ket-qua-xu-ly")

		// Correct a field through the review form: a new version keeps the OCR value.
		before, err := s.Archive.Latest(context.Background(), scanID)
		must(t, err)
		run(t, ctx, "correct a field",
			chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#f-%s-%s", scanID, field)), "giá trị đã sửa"),
			chromedp.Click(chromedp.CSS(fmt.Sprintf("#tl-%s form.fields button[type=submit]", scanID))),
		)
		waitJS(t, ctx, "the review saved", `location.search.indexOf("tb=da-luu") >= 0 && document.readyState === "complete"`, 20*time.Second)
		rec, err := s.Archive.Latest(context.Background(), scanID)
		must(t, err)
		if rec.FieldValue(field) != "giá trị đã sửa" || rec.Version != before.Version+1 || len(rec.Corrections) == 0 {
			t.Errorf("after correcting %s: value %q, version %d→%d, corrections %+v", field, rec.FieldValue(field), before.Version, rec.Version, rec.Corrections)
		} else if c := rec.Corrections[len(rec.Corrections)-1]; c.By != s.Users["canbo"].ID || c.OCRValue != before.FieldValue(field) {
			t.Errorf("correction %+v, want by %s keeping OCR value %q", c, s.Users["canbo"].ID, before.FieldValue(field))
		}

		// Drag-and-drop onto the upload zone (a born-digital paper, dropped as a file).
		run(t, ctx, "back to the dossier", chromedp.Navigate(s.URL+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS("#vung-tha")))
		eval[bool](t, ctx, `(function(){
			var dt = new DataTransfer();
			dt.items.add(new File([`+"`"+`ỦY BAN NHÂN DÂN\nPHƯỜNG DỊCH VỌNG\nTHÔNG BÁO\nVề việc tiếp nhận hồ sơ kéo thả\n`+"`"+`], "thong-bao.txt", {type: "text/plain"}));
			var z = document.getElementById("vung-tha");
			z.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
			z.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
			return true })()`)
		waitJS(t, ctx, "the dropped file processed", `document.querySelectorAll('article.component[data-kind="uploaded"]').length === 2 && !document.querySelector('article.component[data-status="pending"]') && document.readyState === "complete"`, 30*time.Second)

		// The document page: cleaned image, text shaded by word confidence.
		run(t, ctx, "document page",
			chromedp.Navigate(s.URL+"/tai-lieu/"+scanID),
			chromedp.WaitVisible(chromedp.CSS(".ocr span")),
		)
		if n := eval[int](t, ctx, `document.querySelectorAll(".ocr span.c4, .ocr span.c3, .ocr span.c2, .ocr span.c1, .ocr span.c0").length`); n < 5 {
			t.Errorf("%d shaded words on the document page", n)
		}
		waitJS(t, ctx, "the cleaned page image", `(function(){var i=document.querySelector("img.page-img");return !!i && i.complete && i.naturalWidth>0})()`, 15*time.Second)
		shot(t, ctx, "04-tai-lieu")
	})
	if t.Failed() {
		return
	}

	t.Run("search without diacritics", func(t *testing.T) {
		ctx := tab(t, bctx)
		login(t, ctx, s.URL, "canbo")
		run(t, ctx, "search",
			chromedp.Navigate(s.URL+"/tra-cuu"),
			chromedp.WaitVisible(chromedp.CSS("#q")),
			chromedp.SendKeys(chromedp.CSS("#q"), "cap phep xay dung dich vong"),
			chromedp.Click(chromedp.CSS("form[role=search] button[type=submit]")),
		)
		// the empty search page lists recent documents too: wait for the results of the query
		waitJS(t, ctx, "results of the query", `location.search.indexOf("q=cap+phep") >= 0 && document.readyState === "complete" && !!document.querySelector('.hit a[href="/tai-lieu/`+decision+`"]')`, 20*time.Second)
		marks := eval[string](t, ctx, `Array.from(document.querySelectorAll(".hit .snippet mark")).map(m=>m.textContent).join("|")`)
		if !strings.Contains(strings.ToLower(marks), "phép") && !strings.Contains(strings.ToLower(marks), "dựng") {
			t.Errorf("highlighted words %q", marks)
		}
		shot(t, ctx, "05-tra-cuu")
	})

	t.Run("citizen isolation", func(t *testing.T) {
		ctx := tab(t, bctx)
		login(t, ctx, s.URL, "congdan")
		run(t, ctx, "my documents", chromedp.WaitVisible(chromedp.CSS(`.reuse-card[data-doc-id="`+cardA+`"]`)))
		mine := text(t, ctx, "main")
		if !strings.Contains(mine, code) || !strings.Contains(mine, "Còn hiệu lực") {
			t.Errorf("my documents lacks the dossier %s or validity: %q", code, mine)
		}
		for _, other := range []string{cardB, scanID, decision} {
			if strings.Contains(mine, other) {
				t.Errorf("citizen A's page shows document %s", other)
			}
		}
		shot(t, ctx, "06-giay-to-cua-toi")
		// Another person's document by URL: not found, nor its image or original.
		for _, path := range []string{"/tai-lieu/" + cardB, "/tai-lieu/" + scanID + "/ban-goc", "/tai-lieu/" + scanID + "/trang/1"} {
			run(t, ctx, "open "+path, chromedp.Navigate(s.URL+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if h := text(t, ctx, "main h1"); h != "Không tìm thấy" {
				t.Errorf("citizen A opening %s sees %q", path, h)
			}
		}
		// …nor by search, by name or by ID number.
		for _, q := range []string{"tran thi binh", citizenB, "quyet dinh"} {
			run(t, ctx, "search "+q, chromedp.Navigate(s.URL+"/tra-cuu?q="+strings.ReplaceAll(q, " ", "+")), chromedp.WaitVisible(chromedp.CSS("#so-ket-qua")))
			if n := text(t, ctx, "#so-ket-qua"); n != "0" {
				t.Errorf("citizen A searching %q finds %s documents", q, n)
			}
		}
		run(t, ctx, "own search", chromedp.Navigate(s.URL+"/tra-cuu?q=nguyen+van+an"), chromedp.WaitVisible(chromedp.CSS("#so-ket-qua")))
		if n := text(t, ctx, "#so-ket-qua"); n != "1" {
			t.Errorf("citizen A searching their own name finds %s documents", n)
		}
	})

	t.Run("auditor downloads the original byte-exact", func(t *testing.T) {
		ctx := tab(t, bctx)
		login(t, ctx, s.URL, "kiemtra")
		run(t, ctx, "document page", chromedp.Navigate(s.URL+"/tai-lieu/"+scanID), chromedp.WaitVisible(chromedp.CSS("#ket-qua-kiem-tra")))
		sum := sha256.Sum256(scan.Bytes())
		want := hex.EncodeToString(sum[:])
		if got := text(t, ctx, "#sha-tinh"); got != want {
			t.Errorf("re-hashed SHA-256 shown %q, want %q", got, want)
		}
		if got := text(t, ctx, "#ket-qua-kiem-tra"); !strings.Contains(got, "Khớp") {
			t.Errorf("verification shows %q", got)
		}
		if got := text(t, ctx, "#chu-ky"); got != "Chưa ký" {
			t.Errorf("signature status %q for an unsigned record", got)
		}
		if got := text(t, ctx, "#nhat-ky"); !strings.Contains(got, "Tải lên") || !strings.Contains(got, "Sửa / xác nhận trường") {
			t.Errorf("audit trail lacks the upload or the correction: %q", got)
		} else if !strings.Contains(got, "Cán bộ Một Cửa (canbo)") {
			t.Errorf("audit trail does not name the clerk: %q", got)
		}
		shot(t, ctx, "07-kiem-tra")

		dir := t.TempDir()
		ectx, cancelEvents := context.WithTimeout(ctx, 20*time.Second)
		defer cancelEvents()
		progress := chromedp.BrowserEvents(ectx, browser.DownloadProgress)
		yes := true
		run(t, ctx, "download the original",
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
					Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &yes,
					BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
				})
				return err
			}),
			chromedp.Click(chromedp.CSS("#tai-ban-goc")),
		)
		var guid string
		for ev, err := range progress {
			if err != nil {
				t.Fatalf("download did not complete: %v", err)
			}
			if ev.State == browser.DownloadProgressStateCanceled {
				t.Fatalf("download canceled")
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				guid = ev.GUID
				break
			}
		}
		got, err := os.ReadFile(filepath.Join(dir, guid))
		must(t, err)
		if !bytes.Equal(got, scan.Bytes()) {
			t.Fatalf("downloaded %d bytes, not the original's %d", len(got), scan.Len())
		}
		rec, err := s.Archive.Latest(context.Background(), scanID)
		must(t, err)
		if rec.Original.SHA256 != want || rec.Status != record.StatusProcessed {
			t.Errorf("record original %s status %s", rec.Original.SHA256, rec.Status)
		}
	})
	t.Logf("browser flows took %v", time.Since(start).Round(100*time.Millisecond))
}
