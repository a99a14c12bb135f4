package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
)

func parsePages() map[string]*template.Template {
	names := []string{"login", "error", "dossiers", "dossier", "search", "mine", "document"}
	out := map[string]*template.Template{}
	for _, n := range names {
		out[n] = template.Must(template.New(n).Funcs(funcs()).ParseFS(templateFS, "templates/layout.html", "templates/"+n+".html"))
	}
	return out
}

// loginCookie carries the login form's CSRF token before any session
// exists (double submit), so that nobody can log a victim in as someone else.
const loginCookie = "sohoa_login"

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Auth.Authenticate(r); err == nil {
		http.Redirect(w, r, localPath(r.URL.Query().Get("tiep")), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, "")
}

func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	tok := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: tok, Path: "/dang-nhap", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	s.render(w, r, status, "login", view{Title: "Đăng nhập", CSRF: tok, Data: map[string]any{
		"Next": localPath(r.URL.Query().Get("tiep")), "Error": msg,
		"Username": r.PostFormValue("username"),
	}})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8192)
	ck, err := r.Cookie(loginCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue(auth.CSRFField))) != 1 || ck.Value == "" {
		s.showLogin(w, r, http.StatusForbidden, "Trang đăng nhập đã hết hạn, vui lòng thử lại.")
		return
	}
	username := r.PostFormValue("username")
	p, sc, err := s.Auth.Login(r.Context(), username, r.PostFormValue("password"), auth.ClientIP(r))
	if err != nil {
		s.auditLogin(r, audit.ActionLoginFailed, auth.Principal{UserID: "username:" + username}, err.Error())
		switch {
		case errors.Is(err, auth.ErrRateLimited):
			w.Header().Set("Retry-After", "60")
			s.showLogin(w, r, http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau một phút.")
		case errors.Is(err, auth.ErrInvalidCredentials):
			s.showLogin(w, r, http.StatusUnauthorized, "Tên đăng nhập hoặc mật khẩu không đúng.")
		default:
			s.fail(w, r, auth.Principal{}, err)
		}
		return
	}
	s.auditLogin(r, audit.ActionLogin, p, auth.ClientIP(r))
	http.SetCookie(w, sc)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Path: "/dang-nhap", MaxAge: -1})
	next := localPath(r.PostFormValue("tiep"))
	if next == "/" || next == "/dang-nhap" {
		next = homeOf(p)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) auditLogin(r *http.Request, action string, p auth.Principal, detail string) {
	if s.Svc.Audit == nil {
		return
	}
	if _, err := s.Svc.Audit.Append(r.Context(), audit.Entry{Time: time.Now().UTC(), ActorID: p.UserID, ActorRole: p.Role, Action: action, Detail: detail}); err != nil {
		s.log().Error("web: audit login", "err", err)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if err := s.Auth.Logout(w, r); err != nil {
		s.log().Error("web: logout", "err", err)
	}
	s.auditLogin(r, audit.ActionLogout, p, "")
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
}

func homeOf(p auth.Principal) string {
	switch p.Role {
	case auth.RoleClerk:
		return "/ho-so"
	case auth.RoleCitizen:
		return "/giay-to-cua-toi"
	}
	return "/tra-cuu"
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	http.Redirect(w, r, homeOf(p), http.StatusSeeOther)
}

// dossiers: the clerk's counter — open a dossier, or continue one.
func (s *Server) dossiers(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if p.Role == auth.RoleCitizen {
		http.Redirect(w, r, "/giay-to-cua-toi", http.StatusSeeOther)
		return
	}
	list, _, err := s.Svc.ListDossiers(r.Context(), p, dossier.Filter{}, "", 50)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "dossiers", view{Title: "Tiếp nhận hồ sơ", User: &p, Nav: "ho-so", Data: map[string]any{
		"Dossiers": list, "CanOpen": p.Role == auth.RoleClerk || p.Role == auth.RoleAdmin,
	}})
}

func (s *Server) openDossier(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	d, err := s.Svc.CreateDossier(r.Context(), p, onestop.OpenDossier{
		Procedure:     strings.TrimSpace(r.PostFormValue("procedure")),
		Applicant:     strings.TrimSpace(r.PostFormValue("applicant")),
		ApplicantName: strings.TrimSpace(r.PostFormValue("applicant_name")),
	})
	if errors.Is(err, onestop.ErrInvalid) {
		list, _, _ := s.Svc.ListDossiers(r.Context(), p, dossier.Filter{}, "", 50)
		s.render(w, r, http.StatusBadRequest, "dossiers", view{Title: "Tiếp nhận hồ sơ", User: &p, Nav: "ho-so", Data: map[string]any{
			"Dossiers": list, "CanOpen": true,
			"Error":     "Số định danh không hợp lệ: cần 12 chữ số (CCCD), 9 chữ số (CMND) hoặc mã số doanh nghiệp 10 chữ số.",
			"Applicant": r.PostFormValue("applicant"), "ApplicantName": r.PostFormValue("applicant_name"), "Procedure": r.PostFormValue("procedure"),
		}})
		return
	}
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(d.Code), http.StatusSeeOther)
}

// component is a dossier component prepared for the intake page.
type component struct {
	onestop.ComponentView
	Keys []string // fields in display order
}

func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	code := r.PathValue("code")
	v, err := s.Svc.Dossier(r.Context(), p, code)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	var groups []onestop.ReusableGroup
	canEdit := v.Status == dossier.StatusOpen && (p.Role == auth.RoleClerk || p.Role == auth.RoleAdmin)
	if canEdit {
		if groups, err = s.Svc.Reusable(r.Context(), p, code, ""); err != nil {
			s.fail(w, r, p, err)
			return
		}
	}
	comps := make([]component, len(v.Documents))
	pending := false
	for i, c := range v.Documents {
		comps[i] = component{ComponentView: c, Keys: sortedFields(c.Fields)}
		pending = pending || c.Status == record.StatusPending
	}
	s.render(w, r, http.StatusOK, "dossier", view{Title: "Hồ sơ " + v.Code, User: &p, Nav: "ho-so", Data: map[string]any{
		"D": v, "Components": comps, "Reusable": groups, "CanEdit": canEdit, "Pending": pending,
	}})
}

func (s *Server) attach(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	code := r.PathValue("code")
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "Yêu cầu không hợp lệ.")
		return
	}
	ids := r.PostForm["doc_id"]
	if len(ids) == 0 {
		s.errorPage(w, r, p, http.StatusBadRequest, "Chưa chọn giấy tờ nào.")
		return
	}
	if _, err := s.Svc.Attach(r.Context(), p, code, ids); err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(code)+"?tb=dung-lai#thanh-phan", http.StatusSeeOther)
}

// upload streams the files of a multipart form into the dossier; the
// CSRF token comes in the query (auth.CheckCSRF) so the body is read once.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	code := r.PathValue("code")
	max := s.MaxUpload
	if max <= 0 {
		max = 512 << 20
	}
	r.Body = http.MaxBytesReader(w, r.Body, max*4)
	mr, err := r.MultipartReader()
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "Yêu cầu tải lên không hợp lệ.")
		return
	}
	n, existing := 0, false
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.fail(w, r, p, fmt.Errorf("read upload: %w", err))
			return
		}
		if part.FormName() != "file" || part.FileName() == "" {
			continue
		}
		// the submitter enforces the per-file limit (workers.ErrTooLarge): never truncate here
		sub, err := s.Svc.Submit(r.Context(), p, part, -1, onestop.Upload{Filename: cleanName(part.FileName()), Dossier: code})
		if err != nil {
			s.fail(w, r, p, err)
			return
		}
		n++
		existing = existing || sub.Existing != nil
	}
	tb := "tai-len"
	switch {
	case n == 0:
		tb = "khong-tep"
	case existing:
		tb = "da-co"
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(code)+"?tb="+tb+"#thanh-phan", http.StatusSeeOther)
}

// cleanName keeps a client's file name for display only: never a path.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if len(name) > 200 {
		name = name[:200]
	}
	if name == "." || name == "/" {
		return ""
	}
	return name
}

func (s *Server) closeDossier(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	code := r.PathValue("code")
	if _, err := s.Svc.CloseDossier(r.Context(), p, code); err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/ho-so/"+url.PathEscape(code)+"?tb=da-dong", http.StatusSeeOther)
}

const perPage = 10

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	v := r.URL.Query()
	q := search.Query{
		Text: strings.TrimSpace(v.Get("q")), Issuer: strings.TrimSpace(v.Get("co-quan")),
		IssuedFrom: v.Get("tu"), IssuedTo: v.Get("den"), Facets: true, Limit: perPage,
	}
	for _, d := range []*string{&q.IssuedFrom, &q.IssuedTo} {
		if _, err := time.Parse("2006-01-02", *d); err != nil {
			*d = ""
		}
	}
	if t := v.Get("loai"); t != "" {
		q.DocTypes = []string{t}
	}
	today := s.now().In(ict).Format("2006-01-02")
	if v.Get("con-hieu-luc") == "1" {
		q.ValidOn = today
	}
	pg, _ := strconv.Atoi(v.Get("trang"))
	if pg < 1 || pg > 1000 {
		pg = 1
	}
	q.Offset = (pg - 1) * perPage
	if q.Text == "" && len(q.DocTypes) == 0 && q.Issuer == "" && q.IssuedFrom == "" && q.IssuedTo == "" {
		q.Sort = search.SortDateDesc
	}
	res, err := s.Svc.Search(r.Context(), p, q)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	pageURL := func(n int) string {
		u := url.Values{}
		for k, vs := range v {
			u[k] = vs
		}
		u.Set("trang", strconv.Itoa(n))
		return "/tra-cuu?" + u.Encode()
	}
	data := map[string]any{
		"Q": q.Text, "Type": v.Get("loai"), "Issuer": q.Issuer, "From": q.IssuedFrom, "To": q.IssuedTo,
		"Valid": v.Get("con-hieu-luc") == "1", "Res": res, "Page": pg, "Today": today,
		"Types": facetValues(res.Facets["doc_type"], v.Get("loai")),
	}
	if pg > 1 {
		data["Prev"] = pageURL(pg - 1)
	}
	if q.Offset+len(res.Hits) < res.Total {
		data["Next"] = pageURL(pg + 1)
	}
	data["Pages"] = (res.Total + perPage - 1) / perPage
	s.render(w, r, http.StatusOK, "search", view{Title: "Tra cứu", User: &p, Nav: "tra-cuu", Data: data})
}

// facetValues lists the document types to offer in the filter: every
// known type, the ones found first.
func facetValues(counts map[string]int, selected string) []map[string]any {
	var out []map[string]any
	seen := map[string]bool{}
	add := func(t string) {
		if seen[t] {
			return
		}
		seen[t] = true
		out = append(out, map[string]any{"Value": t, "Name": typeName(t), "Count": counts[t], "Selected": t == selected})
	}
	for t := range counts {
		add(t)
	}
	for t := range typeNames {
		add(t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["Name"].(string) < out[j]["Name"].(string) })
	return out
}

// mine is the citizen's "giấy tờ của tôi": only their own documents (the
// service scopes the search to their ID number), with validity and the
// dossiers each was reused in.
func (s *Server) mine(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if p.Role != auth.RoleCitizen {
		http.Redirect(w, r, "/tra-cuu", http.StatusSeeOther)
		return
	}
	res, err := s.Svc.Search(r.Context(), p, search.Query{Sort: search.SortDateDesc, Limit: 100})
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	dossiers, _, err := s.Svc.ListDossiers(r.Context(), p, dossier.Filter{}, "", 50)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "mine", view{Title: "Giấy tờ của tôi", User: &p, Nav: "cua-toi", Data: map[string]any{
		"Docs": res.Hits, "Total": res.Total, "Dossiers": dossiers, "Today": s.now().In(ict).Format("2006-01-02"),
	}})
}

// wordLine is one OCR line of words, shaded by confidence.
type wordLine struct{ Words []pipeline.Word }

type pageView struct {
	Number int
	Lines  []wordLine
	Conf   float64
	Image  bool
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id := r.PathValue("id")
	via := r.URL.Query().Get("ho-so")
	rec, err := s.Svc.Document(r.Context(), p, id, via)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	latest := rec
	var versions []int
	if _, vs, err := s.Svc.Version(r.Context(), p, id, 0); err == nil {
		versions = vs
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("phien-ban")); err == nil && n > 0 && n != rec.Version {
		old, _, err := s.Svc.Version(r.Context(), p, id, n)
		if err != nil {
			s.fail(w, r, p, err)
			return
		}
		rec = old
	}
	const maxPages = 5 // word shading for the first pages; the text covers the rest
	var pages []pageView
	for i, pg := range rec.Pages {
		pv := pageView{Number: pg.Number, Conf: pg.Confidence, Image: pg.Cleaned != nil}
		if pv.Number == 0 {
			pv.Number = i + 1
		}
		if i < maxPages && pg.Words != nil {
			pv.Lines = s.words(r, p, id, via, i)
		}
		pages = append(pages, pv)
	}
	people := map[string]string{}
	for _, c := range rec.Corrections {
		people[c.By] = s.personName(r, c.By)
	}
	data := map[string]any{
		"People": people,
		"Rec":    rec, "Latest": latest, "Versions": versions, "Via": via, "Pages": pages,
		"Keys": sortedFields(rec.Fields), "ValidUntil": rec.ValidUntil(),
		"Today":     s.now().In(ict).Format("2006-01-02"),
		"CanReview": (p.Role == auth.RoleClerk || p.Role == auth.RoleAdmin) && rec == latest,
		"Auditor":   p.Role == auth.RoleAuditor || p.Role == auth.RoleAdmin,
	}
	if data["Auditor"] == true {
		ver, err := s.Svc.Verify(r.Context(), p, id, s.Keys)
		if err != nil {
			s.fail(w, r, p, err)
			return
		}
		data["Verify"] = ver
		trail, err := s.Svc.Trail(r.Context(), p, id)
		if err != nil {
			s.fail(w, r, p, err)
			return
		}
		data["Trail"] = trail
		data["Actors"] = s.actorNames(r, trail)
	}
	s.render(w, r, http.StatusOK, "document", view{Title: typeName(rec.DocType) + " " + rec.FieldValue("doc_number"), User: &p, Nav: "tra-cuu", Data: data})
}

// words reads a page's word boxes; a failure only loses the shading.
func (s *Server) words(r *http.Request, p auth.Principal, id, via string, i int) []wordLine {
	rc, _, err := s.Svc.OpenObjectVia(r.Context(), p, id, via, func(d *record.Document) *record.Object {
		if i >= len(d.Pages) {
			return nil
		}
		return d.Pages[i].Words
	})
	if err != nil {
		s.log().Warn("web: word boxes", "doc", id, "page", i+1, "err", err)
		return nil
	}
	defer rc.Close()
	var ws []pipeline.Word
	if err := json.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(&ws); err != nil {
		s.log().Warn("web: word boxes", "doc", id, "page", i+1, "err", err)
		return nil
	}
	var lines []wordLine
	last := -1
	for _, wd := range ws {
		key := wd.Block*100000 + wd.Line
		if len(lines) == 0 || key != last {
			lines = append(lines, wordLine{})
			last = key
		}
		lines[len(lines)-1].Words = append(lines[len(lines)-1].Words, wd)
	}
	return lines
}

// correct applies the review form: fields whose value changed are
// corrections, ticked fields are confirmed as read; the version read is
// sent back so that a concurrent change is refused (If-Match semantics).
func (s *Server) correct(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	id := r.PathValue("id")
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "Yêu cầu không hợp lệ.")
		return
	}
	via := r.PostFormValue("ho-so")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 1 {
		s.errorPage(w, r, p, http.StatusBadRequest, "Thiếu phiên bản của tài liệu.")
		return
	}
	rec, err := s.Svc.Document(r.Context(), p, id, via)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	rv := onestop.Review{Version: version, Set: map[string]string{}, Confirm: r.PostForm["confirm"], Distinct: r.PostFormValue("distinct") == "1"}
	for k, vals := range r.PostForm {
		name, ok := strings.CutPrefix(k, "f_")
		if !ok || len(vals) != 1 {
			continue
		}
		if val := strings.Join(strings.Fields(vals[0]), " "); val != rec.FieldValue(name) {
			rv.Set[name] = val
		}
	}
	if _, err := s.Svc.Correct(r.Context(), p, id, rv); err != nil {
		s.fail(w, r, p, err)
		return
	}
	if via != "" {
		http.Redirect(w, r, "/ho-so/"+url.PathEscape(via)+"?tb=da-luu#tl-"+url.PathEscape(id), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/tai-lieu/"+url.PathEscape(id)+"?tb=da-luu", http.StatusSeeOther)
}

func (s *Server) original(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	u, _, err := s.Svc.OriginalURL(r.Context(), p, r.PathValue("id"))
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}

// pageImage serves a page's cleaned image, or with ?w= a thumbnail of it.
func (s *Server) pageImage(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("page"), ".png"))
	if err != nil || n < 1 {
		s.errorPage(w, r, p, http.StatusNotFound, "Không tìm thấy.")
		return
	}
	width, _ := strconv.Atoi(r.URL.Query().Get("w"))
	rc, obj, err := s.Svc.OpenObjectVia(r.Context(), p, r.PathValue("id"), r.URL.Query().Get("ho-so"), func(d *record.Document) *record.Object {
		if n > len(d.Pages) {
			return nil
		}
		return d.Pages[n-1].Cleaned
	})
	if errors.Is(err, onestop.ErrNotFound) && width > 0 {
		// a thumbnail of a document without page images (born-digital text),
		// or of one not to be seen: the same placeholder either way
		b, _ := staticFS.ReadFile("static/khong-co-anh.svg")
		w.Header().Set("Content-Type", "image/svg+xml")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write(b)
		return
	}
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Cache-Control", "private, max-age=3600")
	if width > 0 {
		b, err := s.thumb.get(obj.SHA256, width, rc)
		if err != nil {
			s.fail(w, r, p, err)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(b)
		return
	}
	ct := obj.ContentType
	if mt, _, err := mime.ParseMediaType(ct); err != nil || !strings.HasPrefix(mt, "image/") {
		ct = "image/png"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	_, _ = io.Copy(w, rc)
}

// actorNames names the people in an audit trail ("Name (username)").
func (s *Server) actorNames(r *http.Request, trail []audit.Entry) map[string]string {
	names := map[string]string{}
	for _, e := range trail {
		if _, ok := names[e.ActorID]; ok {
			continue
		}
		names[e.ActorID] = s.personName(r, e.ActorID)
	}
	return names
}

// personName is "Name (username)" of a user id, or the id itself.
func (s *Server) personName(r *http.Request, id string) string {
	if u, err := s.Auth.User(r.Context(), id); err == nil && u.Username != "" {
		return u.Name + " (" + u.Username + ")"
	}
	return id
}
