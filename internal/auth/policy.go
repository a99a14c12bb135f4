package auth

import (
	"fmt"
	"slices"

	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
)

// Action is one thing a principal may try to do. The set is closed: the
// policy denies any action it does not know.
type Action string

// Actions.
const (
	DocumentRead             Action = "document.read"              // record, text, fields, cleaned images, signature
	DocumentDownloadOriginal Action = "document.download_original" // the scanned original
	DocumentUpload           Action = "document.upload"            // new pages, into a dossier or the clerk's office
	DocumentCorrect          Action = "document.correct"           // confirm or correct extracted fields
	Search                   Action = "search"                     // scoped by SearchScope / ScopeQuery
	DossierCreate            Action = "dossier.create"
	DossierRead              Action = "dossier.read"
	DossierAttach            Action = "dossier.attach" // attach an existing document by reference
	DossierClose             Action = "dossier.close"
	ReusableList             Action = "dossier.reusable" // an applicant's still-valid documents, across offices
	AuditRead                Action = "audit.read"
	Export                   Action = "export"
	Admin                    Action = "admin" // users, tokens, reindex
)

// Actions lists every action, for tests and documentation.
var Actions = []Action{
	DocumentRead, DocumentDownloadOriginal, DocumentUpload, DocumentCorrect,
	Search, DossierCreate, DossierRead, DossierAttach, DossierClose,
	ReusableList, AuditRead, Export, Admin,
}

// Resource carries the facts a decision needs. The caller fills in what it
// loaded from the store; empty facts never match anything, so a forgotten
// fact denies rather than allows.
type Resource struct {
	// The document acted on.
	OwnerID string   // owner's personal ID number (or enterprise code)
	Offices []string // the uploading office and the office of every dossier using the document

	// The dossier acted on, or through which a document is reached.
	Dossier       string // dossier code; empty: no dossier involved
	DossierOffice string
	ApplicantID   string // the dossier applicant's ID number
}

// Authorize is sohoa's one authorisation decision point. It returns nil
// when p may do action on res, and an error wrapping ErrForbidden
// otherwise.
func Authorize(p Principal, action Action, res Resource) error {
	if allowed(p, action, res) {
		return nil
	}
	return fmt.Errorf("%w: %s %s", ErrForbidden, p.Role, action)
}

func allowed(p Principal, a Action, res Resource) bool {
	if !slices.Contains(Actions, a) || p.Validate() != nil {
		return false
	}
	switch p.Role {
	case RoleAdmin:
		return true
	case RoleAuditor:
		switch a {
		case DocumentRead, DocumentDownloadOriginal, Search, DossierRead,
			ReusableList, AuditRead, Export:
			return true
		}
		return false
	case RoleCitizen:
		return citizenAllowed(p, a, res)
	case RoleClerk:
		return clerkAllowed(p, a, res)
	}
	return false
}

// citizenAllowed: a citizen reaches documents only through ownership.
// Being the applicant of a dossier that uses somebody else's document
// (a spouse's certificate, say) grants nothing on that document.
func citizenAllowed(p Principal, a Action, res Resource) bool {
	switch a {
	case DocumentRead, DocumentDownloadOriginal:
		return res.OwnerID != "" && res.OwnerID == p.IDNumber
	case Search:
		return true // scoped to the owner by SearchScope
	case DossierRead, ReusableList:
		return res.ApplicantID != "" && res.ApplicantID == p.IDNumber
	}
	return false
}

func clerkAllowed(p Principal, a Action, res Resource) bool {
	ownDossier := res.Dossier != "" && res.DossierOffice == p.Office
	switch a {
	case DocumentRead, DocumentDownloadOriginal:
		return clerkReadsDocument(p, res)
	case DocumentUpload:
		// Without a dossier the upload lands in the clerk's own office.
		return res.Dossier == "" || ownDossier
	case DocumentCorrect:
		return slices.Contains(res.Offices, p.Office)
	case Search:
		return true // scoped to the office by ScopeQuery
	case DossierCreate:
		return res.DossierOffice == p.Office
	case DossierRead, DossierClose:
		return ownDossier
	case DossierAttach:
		return ownDossier && clerkReadsDocument(p, res)
	case ReusableList:
		return ownDossier && res.ApplicantID != ""
	case Export:
		return ownDossier
	}
	return false
}

// clerkReadsDocument: a document of the clerk's office, or one owned by the
// applicant of a dossier of the clerk's office (reuse across offices).
func clerkReadsDocument(p Principal, res Resource) bool {
	if slices.Contains(res.Offices, p.Office) {
		return true
	}
	return res.Dossier != "" && res.DossierOffice == p.Office &&
		res.OwnerID != "" && res.OwnerID == res.ApplicantID
}

// SearchScope returns the owner ID number every search by p must be
// filtered by: the citizen's own number, or "" for other roles. A citizen
// without a valid number gets an error rather than an unfiltered search.
func SearchScope(p Principal) (ownerIDFilter string, err error) {
	if err := Authorize(p, Search, Resource{}); err != nil {
		return "", err
	}
	if p.Role == RoleCitizen {
		return p.IDNumber, nil
	}
	return "", nil
}

// ScopeQuery constrains a search query to what p may find: a citizen's
// queries are filtered by their own ID number (asking for another number is
// refused), a clerk's by their office; auditors and admins search
// everything. Handlers call it on every query before running it. A clerk
// finds an applicant's documents from other offices through ReusableList,
// not through search.
func ScopeQuery(p Principal, q *search.Query) error {
	owner, err := SearchScope(p)
	if err != nil {
		return err
	}
	switch p.Role {
	case RoleCitizen:
		if q.IDNumber != "" && q.IDNumber != owner {
			return fmt.Errorf("%w: search for another person's documents", ErrForbidden)
		}
		q.IDNumber = owner
	case RoleClerk:
		if q.Office != "" && q.Office != p.Office {
			return fmt.Errorf("%w: search in another office", ErrForbidden)
		}
		q.Office = p.Office
	}
	return nil
}

// DocumentResource returns the facts of a document record: its owner, and
// the offices it belongs to — the uploading office plus dossierOffices, the
// offices of the dossiers that use it (looked up by the caller from
// doc.Dossiers).
func DocumentResource(doc *record.Document, dossierOffices ...string) Resource {
	var offices []string
	for _, o := range append([]string{doc.Provenance.Office}, dossierOffices...) {
		if o != "" && !slices.Contains(offices, o) {
			offices = append(offices, o)
		}
	}
	return Resource{OwnerID: doc.OwnerID, Offices: offices}
}

// InDossier returns res reached through (or acted on within) a dossier.
func (res Resource) InDossier(code, office, applicantID string) Resource {
	res.Dossier, res.DossierOffice, res.ApplicantID = code, office, applicantID
	return res
}
