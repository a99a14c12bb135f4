// Package api is sohoa's HTTP API under /api/v1: JSON in and out, errors as
// {"error": {"code": "...", "message": "..."}} with Vietnamese messages.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/workers"
)

// Records reads document records.
type Records interface {
	Latest(ctx context.Context, docID string) (*record.Document, error)
}

// Server serves the API.
type Server struct {
	Store     storage.Store
	Records   Records
	Index     search.Index
	Submitter *workers.Submitter
	// Ready checks the backends for /readyz.
	Ready func(ctx context.Context) error
	// MaxUpload bounds one uploaded file in bytes (default 512 MiB).
	MaxUpload int64
	Log       *slog.Logger
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("POST /api/v1/documents", s.upload)
	mux.HandleFunc("GET /api/v1/documents/{id}", s.getDocument)
	mux.HandleFunc("GET /api/v1/documents/{id}/original", s.original)
	mux.HandleFunc("GET /api/v1/search", s.search)
	return mux
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Error is the API's error body.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]Error{"error": {Code: code, Message: msg}})
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.Ready(ctx); err != nil {
			writeError(w, http.StatusServiceUnavailable, "not_ready", "Hệ thống chưa sẵn sàng: "+err.Error())
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// UploadResult is one uploaded file's outcome.
type UploadResult struct {
	File       string `json:"file"`
	DocumentID string `json:"document_id,omitempty"`
	Status     string `json:"status"` // queued, indexed (already digitised), error
	Error      *Error `json:"error,omitempty"`
}

// upload takes multipart/form-data (one or more "file" parts) or a raw body
// with ?filename=. Files are streamed to storage, never held whole in memory.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	max := s.MaxUpload
	if max <= 0 {
		max = 512 << 20
	}
	up := workers.Upload{
		Dossier:  r.URL.Query().Get("dossier"),
		Lane:     r.URL.Query().Get("lane"),
		UploadID: r.Header.Get("Idempotency-Key"),
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var results []UploadResult
	if mt == "multipart/form-data" {
		mr, err := (&http.Request{Header: r.Header, Body: http.MaxBytesReader(w, r.Body, max*8)}).MultipartReader()
		if err != nil || params["boundary"] == "" {
			writeError(w, http.StatusBadRequest, "bad_request", "Yêu cầu tải lên không hợp lệ.")
			return
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				writeError(w, http.StatusBadRequest, "bad_request", "Không đọc được tệp tải lên: "+err.Error())
				return
			}
			if part.FormName() == "dossier" {
				b, _ := io.ReadAll(io.LimitReader(part, 128))
				up.Dossier = strings.TrimSpace(string(b))
				continue
			}
			if part.FormName() != "file" {
				continue
			}
			u := up
			u.Filename = cleanName(part.FileName())
			results = append(results, s.submit(r.Context(), part, -1, u))
		}
	} else {
		u := up
		u.Filename = cleanName(r.URL.Query().Get("filename"))
		results = append(results, s.submit(r.Context(), http.MaxBytesReader(w, r.Body, max), r.ContentLength, u))
	}
	if len(results) == 0 {
		writeError(w, http.StatusBadRequest, "no_file", "Chưa chọn tệp nào để tải lên.")
		return
	}
	status := http.StatusAccepted
	allFailed := true
	for _, res := range results {
		if res.Error == nil {
			allFailed = false
		}
	}
	if allFailed {
		status = http.StatusUnprocessableEntity
		if results[0].Error.Code == "too_large" {
			status = http.StatusRequestEntityTooLarge
		}
	}
	writeJSON(w, status, map[string]any{"documents": results})
}

func (s *Server) submit(ctx context.Context, r io.Reader, size int64, u workers.Upload) UploadResult {
	res := UploadResult{File: u.Filename}
	sub, err := s.Submitter.Submit(ctx, r, size, u)
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, workers.ErrTooLarge) || errors.As(err, &mbe):
		res.Status, res.Error = "error", &Error{"too_large", "Tệp quá lớn."}
	case errors.Is(err, pipeline.ErrUnsupported):
		res.Status, res.Error = "error", &Error{"unsupported_file", "Tệp không đọc được: " + err.Error()}
	case err != nil:
		s.log().ErrorContext(ctx, "upload failed", "file", u.Filename, "err", err)
		res.Status, res.Error = "error", &Error{"storage_error", "Không lưu được tệp, vui lòng thử lại."}
	default:
		res.DocumentID, res.Status = sub.DocID, "queued"
		if sub.Existing != nil {
			res.Status = "indexed"
		}
	}
	return res
}

// cleanName keeps only the base name of a client-supplied file name; it is
// provenance, never a path.
func cleanName(n string) string {
	n = strings.ReplaceAll(n, "\x00", "")
	n = strings.ReplaceAll(n, "\\", "/")
	n = filepath.Base("/" + n)
	if n == "/" || n == "." {
		return ""
	}
	if len(n) > 200 {
		n = n[:200]
	}
	return n
}

// DocumentView is a document as the API shows it.
type DocumentView struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	*record.Document
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy tài liệu.")
		return
	}
	rec, err := s.Records.Latest(r.Context(), id)
	if errors.Is(err, storage.ErrNotFound) {
		if _, err := s.Store.Stat(r.Context(), "intake/"+id+".json"); err == nil {
			writeJSON(w, http.StatusOK, DocumentView{ID: id, Status: record.StatusPending})
			return
		}
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy tài liệu.")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "storage_error", "Không đọc được tài liệu.")
		return
	}
	w.Header().Set("ETag", strconv.Quote(fmt.Sprintf("%s-v%d", rec.ID, rec.Version)))
	writeJSON(w, http.StatusOK, DocumentView{ID: id, Status: rec.Status, Document: rec})
}

func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rec, err := s.Records.Latest(r.Context(), id)
	if err != nil || !validID(id) {
		writeError(w, http.StatusNotFound, "not_found", "Không tìm thấy tài liệu.")
		return
	}
	name := rec.Provenance.Filename
	if name == "" {
		name = rec.ID
	}
	u, err := s.Store.DownloadURL(r.Context(), rec.Original.Key, 10*time.Minute, name)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "storage_error", "Không tạo được đường dẫn tải về.")
		return
	}
	http.Redirect(w, r, u, http.StatusFound)
}

func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// SearchResponse is the body of GET /api/v1/search.
type SearchResponse struct {
	Query  string                    `json:"query"`
	Total  int                       `json:"total"`
	Hits   []search.Hit              `json:"hits"`
	Facets map[string]map[string]int `json:"facets,omitempty"`
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
	q.Offset, _ = strconv.Atoi(v.Get("offset"))
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 10
	}
	res, err := s.Index.Search(r.Context(), q)
	if err != nil {
		s.log().ErrorContext(r.Context(), "search failed", "err", err)
		writeError(w, http.StatusServiceUnavailable, "search_unavailable", "Tìm kiếm tạm thời không khả dụng.")
		return
	}
	if res.Hits == nil {
		res.Hits = []search.Hit{}
	}
	writeJSON(w, http.StatusOK, SearchResponse{Query: q.Text, Total: res.Total, Hits: res.Hits, Facets: res.Facets})
}
