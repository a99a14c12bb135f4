package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
)

// UploadResult is one uploaded file's outcome.
type UploadResult struct {
	File       string `json:"file"`
	DocumentID string `json:"document_id,omitempty"`
	Status     string `json:"status"` // queued, indexed (these bytes were digitised before), error
	Error      *Error `json:"error,omitempty"`
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	s.receive(w, r, r.URL.Query().Get("dossier"))
}

func (s *Server) uploadToDossier(w http.ResponseWriter, r *http.Request) {
	s.receive(w, r, r.PathValue("code"))
}

// receive takes multipart/form-data (one or more "file" parts) or a raw
// body with ?filename=. Files are streamed to storage, never held whole.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, dossierCode string) {
	max := s.MaxUpload
	if max <= 0 {
		max = 512 << 20
	}
	up := onestop.Upload{Dossier: dossierCode, Lane: r.URL.Query().Get("lane"), UploadID: r.Header.Get("Idempotency-Key"),
		Batch: r.URL.Query().Get("batch") == "1"}
	p := principal(r)
	var results []UploadResult
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, max*4)
		mr, err := r.MultipartReader()
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "Yêu cầu tải lên không hợp lệ.")
			return
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				writeError(w, http.StatusBadRequest, "bad_request", "Không đọc được tệp tải lên.")
				return
			}
			if part.FormName() != "file" {
				continue
			}
			u := up
			u.Filename = cleanName(part.FileName())
			results = append(results, s.submitOne(r.Context(), w, r, p, part, -1, u))
		}
	} else {
		u := up
		u.Filename = cleanName(r.URL.Query().Get("filename"))
		results = append(results, s.submitOne(r.Context(), w, r, p, http.MaxBytesReader(w, r.Body, max), r.ContentLength, u))
	}
	if len(results) == 0 {
		writeError(w, http.StatusBadRequest, "no_file", "Chưa chọn tệp nào để tải lên.")
		return
	}
	if len(results) == 1 && results[0].Error != nil && results[0].Error.Code == "" {
		return // the error response was already written
	}
	status := http.StatusAccepted
	writeJSON(w, status, map[string]any{"documents": results})
}

// submitOne submits one file; errors that concern the request as a whole
// (forbidden, unknown dossier) are written at once.
func (s *Server) submitOne(ctx context.Context, w http.ResponseWriter, r *http.Request, p auth.Principal, body io.Reader, size int64, u onestop.Upload) UploadResult {
	res := UploadResult{File: u.Filename}
	sub, err := s.Svc.Submit(ctx, p, body, size, u)
	if err != nil {
		rec := &recorder{}
		s.fail(rec, r, err)
		if rec.status == http.StatusForbidden || rec.status == http.StatusNotFound || rec.status == http.StatusUnauthorized {
			s.fail(w, r, err)
			return UploadResult{Error: &Error{}}
		}
		res.Status, res.Error = "error", &rec.body.Error
		return res
	}
	res.DocumentID, res.Status = sub.DocID, "queued"
	if sub.Existing != nil {
		res.Status = "indexed"
	}
	return res
}

// recorder captures an error response to embed it per file.
type recorder struct {
	status int
	header http.Header
	body   struct {
		Error Error `json:"error"`
	}
}

func (r *recorder) Header() http.Header {
	if r.header == nil {
		r.header = http.Header{}
	}
	return r.header
}
func (r *recorder) WriteHeader(s int)           { r.status = s }
func (r *recorder) Write(b []byte) (int, error) { return len(b), json.Unmarshal(b, &r.body) }

// cleanName keeps only the base name of a client-supplied file name; it is
// provenance, never a path.
func cleanName(n string) string {
	n = strings.ReplaceAll(n, "\x00", "")
	n = strings.ReplaceAll(n, "\\", "/")
	n = filepath.Base("/" + n)
	if n == "/" || n == "." || n == ".." {
		return ""
	}
	if len(n) > 200 {
		n = n[:200]
	}
	return n
}

// DocumentView is a document as the API shows it.
type DocumentView struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	ValidUntil string `json:"valid_until,omitempty"`
	*record.Document
}

func etag(rec *record.Document) string {
	return strconv.Quote(fmt.Sprintf("%s-v%d", rec.ID, rec.Version))
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rec, err := s.Svc.Document(r.Context(), principal(r), id, r.URL.Query().Get("dossier"))
	if errors.Is(err, onestop.ErrNotFound) && s.Svc.Pending(r.Context(), principal(r), id) {
		writeJSON(w, http.StatusOK, DocumentView{ID: id, Status: record.StatusPending})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec))
	if r.Header.Get("If-None-Match") == etag(rec) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeJSON(w, http.StatusOK, DocumentView{ID: id, Status: rec.Status, ValidUntil: rec.ValidUntil(), Document: rec})
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request) {
	_, vs, err := s.Svc.Version(r.Context(), principal(r), r.PathValue("id"), 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"document_id": r.PathValue("id"), "versions": vs})
}

func (s *Server) version(w http.ResponseWriter, r *http.Request) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy.")
		return
	}
	rec, _, err := s.Svc.Version(r.Context(), principal(r), r.PathValue("id"), v)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec))
	writeJSON(w, http.StatusOK, DocumentView{ID: rec.ID, Status: rec.Status, ValidUntil: rec.ValidUntil(), Document: rec})
}

func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	u, _, err := s.Svc.OriginalURL(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, u, http.StatusFound)
}

func (s *Server) cleaned(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("page"))
	if err != nil {
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy.")
		return
	}
	rc, obj, err := s.Svc.OpenObject(r.Context(), principal(r), r.PathValue("id"), func(d *record.Document) *record.Object {
		if n < 1 || n > len(d.Pages) {
			return nil
		}
		return d.Pages[n-1].Cleaned
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = io.Copy(w, rc)
}

func (s *Server) correct(w http.ResponseWriter, r *http.Request) {
	var rv onestop.Review
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&rv); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Nội dung sửa không hợp lệ.")
		return
	}
	if m := r.Header.Get("If-Match"); m != "" {
		_, v, ok := strings.Cut(strings.Trim(m, `"`), "-v")
		n, err := strconv.Atoi(v)
		if !ok || err != nil {
			writeError(w, http.StatusPreconditionFailed, "version_conflict", "ETag không hợp lệ.")
			return
		}
		rv.Version = n
	}
	if rv.Version == 0 {
		writeError(w, http.StatusPreconditionRequired, "version_required", "Cần gửi phiên bản đang sửa (If-Match).")
		return
	}
	rec, err := s.Svc.Correct(r.Context(), principal(r), r.PathValue("id"), rv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(rec))
	writeJSON(w, http.StatusOK, DocumentView{ID: rec.ID, Status: rec.Status, ValidUntil: rec.ValidUntil(), Document: rec})
}

func (s *Server) trail(w http.ResponseWriter, r *http.Request) {
	entries, err := s.Svc.Trail(r.Context(), principal(r), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"document_id": r.PathValue("id"), "entries": entries})
}

// SearchResponse is the body of GET /api/v1/search.
type SearchResponse struct {
	Query      string                    `json:"query"`
	Total      int                       `json:"total"`
	Hits       []search.Hit              `json:"hits"`
	Facets     map[string]map[string]int `json:"facets,omitempty"`
	NextCursor string                    `json:"next_cursor,omitempty"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q := search.Query{
		Text: v.Get("q"), IDNumber: v.Get("id_number"), Issuer: v.Get("issuer"),
		Dossier: v.Get("dossier"), IssuedFrom: v.Get("from"), IssuedTo: v.Get("to"),
		ValidOn: v.Get("valid_on"), Sort: v.Get("sort"), Facets: v.Get("facets") == "1",
	}
	if t := v.Get("type"); t != "" {
		q.DocTypes = strings.Split(t, ",")
	}
	q.Limit, _ = strconv.Atoi(v.Get("limit"))
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 10
	}
	if c := v.Get("cursor"); c != "" {
		off, err := decodeCursor(c)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_cursor", "Con trỏ phân trang không hợp lệ.")
			return
		}
		q.Offset = off
	}
	res, err := s.Svc.Search(r.Context(), principal(r), q)
	if err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			err = fmt.Errorf("search: %w", err)
		}
		s.fail(w, r, err)
		return
	}
	out := SearchResponse{Query: q.Text, Total: res.Total, Hits: res.Hits, Facets: res.Facets}
	if out.Hits == nil {
		out.Hits = []search.Hit{}
	}
	if next := q.Offset + len(res.Hits); next < res.Total && len(res.Hits) > 0 {
		out.NextCursor = encodeCursor(next)
	}
	writeJSON(w, http.StatusOK, out)
}

func encodeCursor(off int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(off)))
}

func decodeCursor(c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "o:") {
		return 0, errors.New("bad cursor")
	}
	n, err := strconv.Atoi(string(b[2:]))
	if err != nil || n < 0 || n > 100000 {
		return 0, errors.New("bad cursor")
	}
	return n, nil
}
