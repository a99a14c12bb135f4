package api

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/record"
)

func (s *Server) createDossier(w http.ResponseWriter, r *http.Request) {
	var req onestop.OpenDossier
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", "Thông tin hồ sơ không hợp lệ.")
		return
	}
	d, err := s.Svc.CreateDossier(r.Context(), principal(r), req)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/dossiers/"+d.Code)
	writeJSON(w, http.StatusCreated, d)
}

func (s *Server) listDossiers(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	limit, _ := strconv.Atoi(v.Get("limit"))
	list, next, err := s.Svc.ListDossiers(r.Context(), principal(r),
		dossier.Filter{Office: v.Get("office"), Applicant: v.Get("applicant"), Status: v.Get("status")},
		v.Get("cursor"), limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []*dossier.Dossier{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"dossiers": list, "next_cursor": next})
}

func (s *Server) getDossier(w http.ResponseWriter, r *http.Request) {
	v, err := s.Svc.Dossier(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("ETag", strconv.Quote(fmt.Sprintf("%s-v%d", v.Code, v.Version)))
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) reusable(w http.ResponseWriter, r *http.Request) {
	groups, err := s.Svc.Reusable(r.Context(), principal(r), r.PathValue("code"), r.URL.Query().Get("date"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"dossier": r.PathValue("code"), "groups": groups})
}

type attachRequest struct {
	DocumentIDs []string `json:"document_ids"`
}

func (s *Server) attach(w http.ResponseWriter, r *http.Request) {
	var req attachRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil || len(req.DocumentIDs) == 0 || len(req.DocumentIDs) > 100 {
		writeError(w, http.StatusBadRequest, "bad_request", "Cần danh sách tài liệu cần đính kèm (document_ids).")
		return
	}
	d, err := s.Svc.Attach(r.Context(), principal(r), r.PathValue("code"), req.DocumentIDs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) closeDossier(w http.ResponseWriter, r *http.Request) {
	d, err := s.Svc.CloseDossier(r.Context(), principal(r), r.PathValue("code"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// events streams the dossier's state as server-sent events whenever it
// changes, until every document is processed (or failed) and the client
// has seen it, or the client goes away.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	code := r.PathValue("code")
	v, err := s.Svc.Dossier(r.Context(), p, code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "internal", "Máy chủ không hỗ trợ luồng sự kiện.")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	var last [32]byte
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		b, _ := json.Marshal(v)
		if sum := sha256.Sum256(b); sum != last {
			last = sum
			fmt.Fprintf(w, "event: dossier\ndata: %s\n\n", b)
			fl.Flush()
		}
		if settled(v) && r.URL.Query().Get("follow") != "1" {
			fmt.Fprint(w, "event: done\ndata: {}\n\n")
			fl.Flush()
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
			fl.Flush()
		case <-tick.C:
		}
		if v, err = s.Svc.Dossier(r.Context(), p, code); err != nil {
			return
		}
	}
}

// settled: no document of the dossier is still being processed.
func settled(v *onestop.DossierView) bool {
	for _, d := range v.Documents {
		if d.Status == record.StatusPending {
			return false
		}
	}
	return true
}
