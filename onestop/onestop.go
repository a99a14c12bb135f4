// Package onestop holds the operations of a one-stop office — open a
// dossier, find an applicant's reusable documents, attach them, upload new
// scans, review extracted fields, close — each checked by the one
// authorisation decision point (auth.Authorize) and written to the audit
// trail. The HTTP API and the web interface both call it, so a rule holds
// whichever door a request comes through.
package onestop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/storage"
	"github.com/sohoa/sohoa/workers"
)

// Errors returned (wrapped) besides auth.ErrForbidden.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("version conflict")
	ErrInvalid  = errors.New("invalid request")
)

// Service is the office's operations over the backends.
type Service struct {
	Store     storage.Store
	Archive   *archive.Archive
	Index     search.Index
	Dossiers  *dossier.Store
	Submitter *workers.Submitter
	Audit     *audit.Log
	// Agency is the agency code dossiers are numbered under when the clerk's
	// office does not look like one (e.g. "000.00.21.H26").
	Agency string
	// Sign, when set, signs every record version the service writes, for
	// the office and person making the change.
	Sign func(rec *record.Document, office, person string) error
	Now  func() time.Time
	Log  *slog.Logger
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// record appends to the audit trail; a failure is logged, not returned:
// the action itself already happened.
func (s *Service) record(ctx context.Context, p auth.Principal, action, docID, dossierCode, detail string) {
	if s.Audit == nil {
		return
	}
	// the action happened: a client going away must not cut its entry short
	_, err := s.Audit.Append(context.WithoutCancel(ctx), audit.Entry{
		Time: s.now().UTC(), ActorID: p.UserID, ActorRole: p.Role, Action: action,
		DocumentID: docID, DossierID: dossierCode, Detail: detail,
	})
	if err != nil {
		s.log().ErrorContext(ctx, "audit append failed", "action", action, "doc", docID, "err", err)
	}
}

// document loads a record and the facts the policy needs about it.
func (s *Service) document(ctx context.Context, id string) (*record.Document, auth.Resource, error) {
	rec, err := s.Archive.Latest(ctx, id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, auth.Resource{}, fmt.Errorf("%w: document %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, auth.Resource{}, err
	}
	var offices []string
	for _, code := range rec.Dossiers {
		if d, err := s.Dossiers.Get(ctx, code); err == nil {
			offices = append(offices, d.Office)
		}
	}
	return rec, auth.DocumentResource(rec, offices...), nil
}

// denyAsMissing hides the existence of what p may not see: a citizen
// probing ids learns nothing.
func denyAsMissing(err error, what string) error {
	if errors.Is(err, auth.ErrForbidden) {
		return fmt.Errorf("%w: %s (%v)", ErrNotFound, what, err)
	}
	return err
}

// Document returns the latest record of a document, and puts the view on
// the audit trail. Through a dossier (via non-empty) a clerk may read an
// applicant's document of another office.
func (s *Service) Document(ctx context.Context, p auth.Principal, id, via string) (*record.Document, error) {
	rec, err := s.readable(ctx, p, id, via)
	if err != nil {
		return nil, err
	}
	s.record(ctx, p, audit.ActionView, id, via, "")
	return rec, nil
}

// readable loads a record p may read, without an audit entry (for the
// images and word boxes of a page whose view was recorded).
func (s *Service) readable(ctx context.Context, p auth.Principal, id, via string) (*record.Document, error) {
	rec, res, err := s.document(ctx, id)
	if err != nil {
		return nil, err
	}
	if via != "" {
		d, err := s.Dossiers.Get(ctx, via)
		if err == nil && (slices.Contains(rec.Dossiers, via) || d.Applicant == rec.OwnerID) {
			res = res.InDossier(d.Code, d.Office, d.Applicant)
		}
	}
	if err := auth.Authorize(p, auth.DocumentRead, res); err != nil {
		return nil, denyAsMissing(err, "document "+id)
	}
	return rec, nil
}

// Pending reports whether id is an upload still being processed that p may
// follow: its uploader, a clerk of its office, an auditor or an admin.
// Anyone else learns nothing, not even that it exists.
func (s *Service) Pending(ctx context.Context, p auth.Principal, id string) bool {
	if _, err := s.Archive.Latest(ctx, id); !errors.Is(err, storage.ErrNotFound) {
		return false
	}
	var in workers.Intake
	if err := s.Archive.GetJSON(ctx, workers.IntakeKey(id), &in); err != nil {
		return false
	}
	switch p.Role {
	case auth.RoleAdmin, auth.RoleAuditor:
		return true
	case auth.RoleClerk:
		return in.Office == p.Office || in.UploadedBy == p.UserID
	}
	return in.UploadedBy == p.UserID
}

// Version returns one version of a document's record.
func (s *Service) Version(ctx context.Context, p auth.Principal, id string, v int) (*record.Document, []int, error) {
	if _, err := s.Document(ctx, p, id, ""); err != nil {
		return nil, nil, err
	}
	vs, err := s.Archive.Versions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if v == 0 {
		return nil, vs, nil
	}
	rec, err := s.Archive.Version(ctx, id, v)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, vs, fmt.Errorf("%w: version %d of %s", ErrNotFound, v, id)
	}
	return rec, vs, err
}

// OriginalURL returns a short-lived URL of the byte-exact original.
func (s *Service) OriginalURL(ctx context.Context, p auth.Principal, id string) (string, *record.Document, error) {
	rec, res, err := s.document(ctx, id)
	if err != nil {
		return "", nil, err
	}
	if err := auth.Authorize(p, auth.DocumentDownloadOriginal, res); err != nil {
		return "", nil, denyAsMissing(err, "document "+id)
	}
	name := rec.Provenance.Filename
	if name == "" {
		name = rec.ID
	}
	u, err := s.Store.DownloadURL(ctx, rec.Original.Key, 10*time.Minute, name)
	if err != nil {
		return "", nil, fmt.Errorf("download URL: %w", err)
	}
	s.record(ctx, p, audit.ActionDownload, id, "", rec.Original.SHA256)
	return u, rec, nil
}

// OpenObject streams a stored artefact of a document the principal may
// read (a cleaned page image, word boxes, the searchable PDF), verified on read.
func (s *Service) OpenObject(ctx context.Context, p auth.Principal, id string, pick func(*record.Document) *record.Object) (io.ReadCloser, *record.Object, error) {
	return s.OpenObjectVia(ctx, p, id, "", pick)
}

// Search runs a query scoped to what p may find.
func (s *Service) Search(ctx context.Context, p auth.Principal, q search.Query) (search.Result, error) {
	if err := auth.ScopeQuery(p, &q); err != nil {
		return search.Result{}, err
	}
	res, err := s.Index.Search(ctx, q)
	if err != nil {
		return res, err
	}
	if p.Role == auth.RoleAuditor {
		s.record(ctx, p, audit.ActionSearch, "", q.Dossier, q.Text)
	}
	return res, nil
}

// Upload is one file handed in through the API or the web interface.
type Upload struct {
	Filename string
	Dossier  string
	Lane     string
	UploadID string
	Batch    bool // a batch scan of several papers, cut at separator pages
}

// Submit stores and queues a file.
func (s *Service) Submit(ctx context.Context, p auth.Principal, r io.Reader, size int64, u Upload) (workers.Submitted, error) {
	res := auth.Resource{}
	var d *dossier.Dossier
	if u.Dossier != "" {
		var err error
		d, err = s.Dossiers.Get(ctx, u.Dossier)
		if err != nil {
			return workers.Submitted{}, fmt.Errorf("%w: dossier %s", ErrNotFound, u.Dossier)
		}
		if d.Status != dossier.StatusOpen {
			return workers.Submitted{}, fmt.Errorf("%w: dossier %s is closed", ErrInvalid, u.Dossier)
		}
		res = res.InDossier(d.Code, d.Office, d.Applicant)
	}
	if err := auth.Authorize(p, auth.DocumentUpload, res); err != nil {
		return workers.Submitted{}, err
	}
	office := p.Office
	if d != nil {
		office = d.Office
	}
	sub, err := s.Submitter.Submit(ctx, r, size, workers.Upload{
		Filename: u.Filename, Dossier: u.Dossier, Office: office,
		UploadedBy: p.UserID, UploadID: u.UploadID, Lane: u.Lane, Batch: u.Batch,
	})
	if err != nil {
		return sub, err
	}
	if d != nil {
		kind := dossier.KindUploaded
		if sub.Existing != nil {
			// the same bytes were digitised before: reuse by reference
			kind = dossier.KindReused
			if err := s.linkDossier(ctx, p, sub.Existing.ID, d.Code); err != nil {
				return sub, err
			}
		}
		if _, err := s.Dossiers.Add(ctx, d.Code, p.UserID, kind, sub.DocID); err != nil {
			return sub, err
		}
	}
	s.record(ctx, p, audit.ActionUpload, sub.DocID, u.Dossier, u.Filename)
	return sub, nil
}

// OpenDossier is a request to open a dossier.
type OpenDossier struct {
	Procedure     string `json:"procedure"`
	Applicant     string `json:"applicant"`
	ApplicantName string `json:"applicant_name,omitempty"`
	Office        string `json:"office,omitempty"` // default: the clerk's office
}

// CreateDossier opens a dossier for an applicant.
func (s *Service) CreateDossier(ctx context.Context, p auth.Principal, o OpenDossier) (*dossier.Dossier, error) {
	if o.Office == "" {
		o.Office = p.Office
	}
	o.Applicant = strings.TrimSpace(o.Applicant)
	if !validApplicant(o.Applicant) {
		return nil, fmt.Errorf("%w: applicant must be a 12-digit personal ID number, a 9-digit CMND or a 10-digit enterprise code", ErrInvalid)
	}
	if err := auth.Authorize(p, auth.DossierCreate, auth.Resource{}.InDossier("new", o.Office, o.Applicant)); err != nil {
		return nil, err
	}
	agency := o.Office
	if !dossier.ValidAgency(agency) {
		agency = s.Agency
	}
	d, err := s.Dossiers.Create(ctx, dossier.Open{
		Agency: agency, Office: o.Office, Procedure: o.Procedure,
		Applicant: o.Applicant, ApplicantName: o.ApplicantName, By: p.UserID,
	})
	if err != nil {
		return nil, err
	}
	s.record(ctx, p, audit.ActionDossierCreate, "", d.Code, o.Procedure)
	return d, nil
}

func validApplicant(s string) bool {
	n := len(s)
	if n != 12 && n != 9 && n != 10 && n != 14 {
		return false
	}
	for i, c := range s {
		if c >= '0' && c <= '9' {
			continue
		}
		if n == 14 && i == 10 && c == '-' { // enterprise branch: 0123456789-001
			continue
		}
		return false
	}
	return true
}

// dossierFor loads a dossier and checks action on it.
func (s *Service) dossierFor(ctx context.Context, p auth.Principal, code string, action auth.Action) (*dossier.Dossier, error) {
	d, err := s.Dossiers.Get(ctx, code)
	if errors.Is(err, dossier.ErrNotFound) {
		return nil, fmt.Errorf("%w: dossier %s", ErrNotFound, code)
	}
	if err != nil {
		return nil, err
	}
	if err := auth.Authorize(p, action, auth.Resource{}.InDossier(d.Code, d.Office, d.Applicant)); err != nil {
		return nil, denyAsMissing(err, "dossier "+code)
	}
	return d, nil
}

// ComponentView is a dossier component with its document's state.
type ComponentView struct {
	dossier.Component
	Status      string            `json:"status"` // pending, processed, failed
	DocType     string            `json:"doc_type,omitempty"`
	Fields      map[string]string `json:"fields,omitempty"`
	NeedsReview []string          `json:"needs_review,omitempty"`
	DuplicateOf string            `json:"duplicate_of,omitempty"`
	Error       string            `json:"error,omitempty"`
	Version     int               `json:"version,omitempty"`
}

// DossierView is a dossier with the state of its documents.
type DossierView struct {
	*dossier.Dossier
	Documents []ComponentView `json:"documents"`
}

// Dossier returns a dossier and the processing state of its documents.
func (s *Service) Dossier(ctx context.Context, p auth.Principal, code string) (*DossierView, error) {
	d, err := s.dossierFor(ctx, p, code, auth.DossierRead)
	if err != nil {
		return nil, err
	}
	v := &DossierView{Dossier: d, Documents: []ComponentView{}}
	for _, c := range d.Components {
		cv := ComponentView{Component: c, Status: record.StatusPending}
		rec, err := s.Archive.Latest(ctx, c.DocID)
		if err == nil {
			cv.Status, cv.DocType, cv.Error, cv.Version = rec.Status, rec.DocType, rec.Error, rec.Version
			cv.DuplicateOf = rec.DuplicateOf
			cv.Fields = map[string]string{}
			for k, f := range rec.Fields {
				cv.Fields[k] = f.Value
				if f.NeedsReview {
					cv.NeedsReview = append(cv.NeedsReview, k)
				}
			}
			sort.Strings(cv.NeedsReview)
		} else if !errors.Is(err, storage.ErrNotFound) {
			return nil, err
		}
		v.Documents = append(v.Documents, cv)
	}
	return v, nil
}

// ListDossiers lists the dossiers p may see.
func (s *Service) ListDossiers(ctx context.Context, p auth.Principal, f dossier.Filter, cursor string, limit int) ([]*dossier.Dossier, string, error) {
	switch p.Role {
	case auth.RoleClerk:
		if f.Office != "" && f.Office != p.Office {
			return nil, "", fmt.Errorf("%w: dossiers of another office", auth.ErrForbidden)
		}
		f.Office = p.Office
	case auth.RoleCitizen:
		if f.Applicant != "" && f.Applicant != p.IDNumber {
			return nil, "", fmt.Errorf("%w: another person's dossiers", auth.ErrForbidden)
		}
		f.Applicant = p.IDNumber
	case auth.RoleAuditor, auth.RoleAdmin:
	default:
		return nil, "", auth.ErrForbidden
	}
	return s.Dossiers.List(ctx, f, cursor, limit)
}

// Reusable is an applicant's still-valid document offered for reuse.
type Reusable struct {
	DocumentID string            `json:"document_id"`
	DocType    string            `json:"doc_type"`
	Title      string            `json:"title,omitempty"`
	Fields     map[string]string `json:"fields"`
	IssueDate  string            `json:"issue_date,omitempty"`
	ValidUntil string            `json:"valid_until,omitempty"`
	UsedIn     []string          `json:"used_in"` // dossiers that already use it
	Attached   bool              `json:"attached"`
	CreatedAt  time.Time         `json:"created_at"`
}

// ReusableGroup is the reusable documents of one type, newest first.
type ReusableGroup struct {
	DocType   string     `json:"doc_type"`
	Documents []Reusable `json:"documents"`
}

// Reusable lists the documents the dossier's applicant owns that are not
// expired on date (YYYY-MM-DD; default today), grouped by type, newest
// first, across every office.
func (s *Service) Reusable(ctx context.Context, p auth.Principal, code, date string) ([]ReusableGroup, error) {
	d, err := s.dossierFor(ctx, p, code, auth.ReusableList)
	if err != nil {
		return nil, err
	}
	if date == "" {
		date = s.now().In(time.FixedZone("ICT", 7*3600)).Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", date); err != nil {
		return nil, fmt.Errorf("%w: date %q is not YYYY-MM-DD", ErrInvalid, date)
	}
	var docs []Reusable
	for offset := 0; ; offset += 100 {
		res, err := s.Index.Search(ctx, search.Query{IDNumber: d.Applicant, ValidOn: date, Sort: search.SortDateDesc, Limit: 100, Offset: offset})
		if err != nil {
			return nil, fmt.Errorf("reusable documents: %w", err)
		}
		for _, h := range res.Hits {
			docs = append(docs, Reusable{
				DocumentID: h.Doc.ID, DocType: h.Doc.DocType, Title: h.Doc.Title, Fields: h.Doc.Fields,
				IssueDate: h.Doc.IssueDate, ValidUntil: h.Doc.ExpiryDate, UsedIn: nonNil(h.Doc.Dossiers),
				Attached: d.Has(h.Doc.ID), CreatedAt: h.Doc.CreatedAt,
			})
		}
		if len(res.Hits) < 100 || offset+100 >= res.Total {
			break
		}
	}
	sort.SliceStable(docs, func(i, j int) bool {
		a, b := docs[i], docs[j]
		if a.IssueDate != b.IssueDate {
			return a.IssueDate > b.IssueDate
		}
		return a.CreatedAt.After(b.CreatedAt)
	})
	var groups []ReusableGroup
	at := map[string]int{}
	for _, r := range docs {
		i, ok := at[r.DocType]
		if !ok {
			i = len(groups)
			at[r.DocType] = i
			groups = append(groups, ReusableGroup{DocType: r.DocType})
		}
		groups[i].Documents = append(groups[i].Documents, r)
	}
	if groups == nil {
		groups = []ReusableGroup{}
	}
	return groups, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Attach adds already digitised documents to a dossier by reference.
func (s *Service) Attach(ctx context.Context, p auth.Principal, code string, docIDs []string) (*dossier.Dossier, error) {
	d, err := s.dossierFor(ctx, p, code, auth.DossierRead)
	if err != nil {
		return nil, err
	}
	if d.Status != dossier.StatusOpen {
		return nil, fmt.Errorf("%w: dossier %s is closed", ErrInvalid, code)
	}
	for _, id := range docIDs {
		rec, res, err := s.document(ctx, id)
		if err != nil {
			return nil, err
		}
		if rec.Status != record.StatusProcessed {
			return nil, fmt.Errorf("%w: document %s is %s", ErrInvalid, id, rec.Status)
		}
		if err := auth.Authorize(p, auth.DossierAttach, res.InDossier(d.Code, d.Office, d.Applicant)); err != nil {
			return nil, denyAsMissing(err, "document "+id)
		}
	}
	for _, id := range docIDs {
		if err := s.linkDossier(ctx, p, id, d.Code); err != nil {
			return nil, err
		}
		s.record(ctx, p, audit.ActionAttach, id, d.Code, "")
	}
	return s.Dossiers.Add(ctx, d.Code, p.UserID, dossier.KindReused, docIDs...)
}

// linkDossier writes a new record version naming the dossier, so that the
// document shows the dossiers that use it; the index follows.
func (s *Service) linkDossier(ctx context.Context, p auth.Principal, id, code string) error {
	_, err := s.updateRecord(ctx, p, id, 0, func(rec *record.Document) (bool, error) {
		if slices.Contains(rec.Dossiers, code) {
			return false, nil
		}
		rec.Dossiers = append(rec.Dossiers, code)
		return true, nil
	})
	return err
}

// updateRecord writes the next version of a record after change, retrying
// on a concurrent writer unless ifVersion pins the version changed.
func (s *Service) updateRecord(ctx context.Context, p auth.Principal, id string, ifVersion int, change func(*record.Document) (bool, error)) (*record.Document, error) {
	for attempt := 0; attempt < 10; attempt++ {
		rec, err := s.Archive.Latest(ctx, id)
		if err != nil {
			return nil, err
		}
		if ifVersion != 0 && rec.Version != ifVersion {
			return rec, fmt.Errorf("%w: document %s is at version %d, not %d", ErrConflict, id, rec.Version, ifVersion)
		}
		changed, err := change(rec)
		if err != nil || !changed {
			return rec, err
		}
		rec.Version++
		rec.CreatedAt = s.now().UTC()
		rec.Signatures = nil // a signature covers one version; the new one is signed anew
		if s.Sign != nil {
			if err := s.Sign(rec, p.Office, p.UserID); err != nil {
				return nil, fmt.Errorf("sign %s v%d: %w", id, rec.Version, err)
			}
		}
		err = s.Archive.PutRecord(ctx, rec)
		if errors.Is(err, archive.ErrVersion) {
			if ifVersion != 0 {
				return rec, fmt.Errorf("%w: document %s changed meanwhile", ErrConflict, id)
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if rec.Status == record.StatusProcessed && rec.DuplicateOf == "" {
			if err := s.Index.Upsert(ctx, search.FromRecord(rec)); err != nil {
				// the record is the truth; reindex repairs the index
				s.log().ErrorContext(ctx, "index update failed", "doc", id, "err", err)
			}
		}
		return rec, nil
	}
	return nil, fmt.Errorf("%w: document %s: too many concurrent changes", ErrConflict, id)
}

// Review is a clerk's review of extracted fields.
type Review struct {
	Version int               `json:"version"` // the version reviewed (optimistic concurrency)
	Set     map[string]string `json:"set,omitempty"`
	Confirm []string          `json:"confirm,omitempty"` // fields confirmed as read
	// Distinct rules out a suspected near-duplicate: the document is indexed.
	Distinct bool `json:"distinct,omitempty"`
}

// Correct applies a review: each corrected field keeps its OCR value, the
// corrected value, who and when, in a new record version.
func (s *Service) Correct(ctx context.Context, p auth.Principal, id string, rv Review) (*record.Document, error) {
	_, res, err := s.document(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := auth.Authorize(p, auth.DocumentCorrect, res); err != nil {
		return nil, denyAsMissing(err, "document "+id)
	}
	for k := range rv.Set {
		if !validFieldName(k) {
			return nil, fmt.Errorf("%w: field name %q", ErrInvalid, k)
		}
	}
	now := s.now().UTC()
	rec, err := s.updateRecord(ctx, p, id, rv.Version, func(rec *record.Document) (bool, error) {
		if rec.Fields == nil {
			rec.Fields = map[string]pipeline.Field{}
		}
		changed := false
		keys := make([]string, 0, len(rv.Set))
		for k := range rv.Set {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := strings.Join(strings.Fields(rv.Set[k]), " ")
			old := rec.Fields[k]
			if old.Value == v && !old.NeedsReview {
				continue
			}
			rec.Corrections = append(rec.Corrections, record.Correction{Field: k, OCRValue: old.Value, Value: v, By: p.UserID, At: now})
			rec.Fields[k] = pipeline.Field{Value: v, Raw: old.Raw, Confidence: 1}
			changed = true
		}
		for _, k := range rv.Confirm {
			if f, ok := rec.Fields[k]; ok && f.NeedsReview {
				f.NeedsReview, f.Reason, f.Confidence = false, "", 1
				rec.Fields[k] = f
				rec.Corrections = append(rec.Corrections, record.Correction{Field: k, OCRValue: f.Value, Value: f.Value, By: p.UserID, At: now})
				changed = true
			}
		}
		if rv.Distinct && rec.DuplicateOf != "" {
			rec.DuplicateOf, rec.Distinct = "", true
			changed = true
		}
		if changed {
			rec.OwnerID = firstNonEmpty(rec.FieldValue("id_number"), rec.FieldValue("enterprise_code"), rec.OwnerID)
		}
		return changed, nil
	})
	if err != nil {
		return rec, err
	}
	s.record(ctx, p, audit.ActionCorrect, id, "", fmt.Sprintf("v%d", rec.Version))
	return rec, nil
}

func validFieldName(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return false
		}
	}
	return true
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// CloseDossier closes a dossier.
func (s *Service) CloseDossier(ctx context.Context, p auth.Principal, code string) (*dossier.Dossier, error) {
	if _, err := s.dossierFor(ctx, p, code, auth.DossierClose); err != nil {
		return nil, err
	}
	d, err := s.Dossiers.Close(ctx, code, p.UserID)
	if errors.Is(err, dossier.ErrClosed) {
		return nil, fmt.Errorf("%w: dossier %s is already closed", ErrInvalid, code)
	}
	if err != nil {
		return nil, err
	}
	s.record(ctx, p, audit.ActionDossierClose, "", code, "")
	return d, nil
}

// Trail returns the audit entries of a document.
func (s *Service) Trail(ctx context.Context, p auth.Principal, id string) ([]audit.Entry, error) {
	if err := auth.Authorize(p, auth.AuditRead, auth.Resource{}); err != nil {
		return nil, err
	}
	if s.Audit == nil {
		return nil, nil
	}
	return s.Audit.ForDocument(ctx, id)
}
