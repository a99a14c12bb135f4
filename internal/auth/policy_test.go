package auth

import (
	"errors"
	"fmt"
	"testing"

	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search"
)

const (
	officeA = "000.00.21.H26"
	officeB = "000.00.05.H01"
	citizen = "001090000001"
	other   = "079085000002"
)

var (
	clerkA    = Principal{UserID: "u1", Role: RoleClerk, Office: officeA}
	citizen1  = Principal{UserID: "u2", Role: RoleCitizen, IDNumber: citizen}
	auditor   = Principal{UserID: "u3", Role: RoleAuditor}
	admin     = Principal{UserID: "u4", Role: RoleAdmin}
	principal = map[string]Principal{RoleClerk: clerkA, RoleCitizen: citizen1, RoleAuditor: auditor, RoleAdmin: admin}
)

// The four resources of the matrix, seen from clerkA and citizen1.
var resources = []struct {
	name string
	res  Resource
}{
	// own: citizen1's document, uploaded at office A, in office A's dossier for citizen1.
	{"own", Resource{OwnerID: citizen, Offices: []string{officeA}, Dossier: "D1", DossierOffice: officeA, ApplicantID: citizen}},
	// other: somebody else's document and dossier at office B.
	{"other", Resource{OwnerID: other, Offices: []string{officeB}, Dossier: "D2", DossierOffice: officeB, ApplicantID: other}},
	// reuse: citizen1's document digitised at office B, reached through office A's dossier for citizen1.
	{"reuse", Resource{OwnerID: citizen, Offices: []string{officeB}, Dossier: "D1", DossierOffice: officeA, ApplicantID: citizen}},
	// link: another person's document attached to citizen1's dossier at office A.
	{"link", Resource{OwnerID: other, Offices: []string{officeA}, Dossier: "D1", DossierOffice: officeA, ApplicantID: citizen}},
}

// want[role][action] is the expected decision for own, other, reuse, link
// (Y allow, N deny). Written out by hand: this table is the policy's spec.
var want = map[string]map[Action]string{
	RoleClerk: {
		DocumentRead:             "YNYY",
		DocumentDownloadOriginal: "YNYY",
		DocumentUpload:           "YNYY",
		DocumentCorrect:          "YNNY",
		Search:                   "YYYY",
		DossierCreate:            "YNYY",
		DossierRead:              "YNYY",
		DossierAttach:            "YNYY",
		DossierClose:             "YNYY",
		ReusableList:             "YNYY",
		AuditRead:                "NNNN",
		Export:                   "YNYY",
		Admin:                    "NNNN",
	},
	RoleCitizen: {
		DocumentRead:             "YNYN",
		DocumentDownloadOriginal: "YNYN",
		DocumentUpload:           "NNNN",
		DocumentCorrect:          "NNNN",
		Search:                   "YYYY",
		DossierCreate:            "NNNN",
		DossierRead:              "YNYY",
		DossierAttach:            "NNNN",
		DossierClose:             "NNNN",
		ReusableList:             "YNYY",
		AuditRead:                "NNNN",
		Export:                   "NNNN",
		Admin:                    "NNNN",
	},
	RoleAuditor: {
		DocumentRead:             "YYYY",
		DocumentDownloadOriginal: "YYYY",
		DocumentUpload:           "NNNN",
		DocumentCorrect:          "NNNN",
		Search:                   "YYYY",
		DossierCreate:            "NNNN",
		DossierRead:              "YYYY",
		DossierAttach:            "NNNN",
		DossierClose:             "NNNN",
		ReusableList:             "YYYY",
		AuditRead:                "YYYY",
		Export:                   "YYYY",
		Admin:                    "NNNN",
	},
	RoleAdmin: {
		DocumentRead:             "YYYY",
		DocumentDownloadOriginal: "YYYY",
		DocumentUpload:           "YYYY",
		DocumentCorrect:          "YYYY",
		Search:                   "YYYY",
		DossierCreate:            "YYYY",
		DossierRead:              "YYYY",
		DossierAttach:            "YYYY",
		DossierClose:             "YYYY",
		ReusableList:             "YYYY",
		AuditRead:                "YYYY",
		Export:                   "YYYY",
		Admin:                    "YYYY",
	},
}

func TestAuthorizeMatrix(t *testing.T) {
	for _, role := range Roles {
		if len(want[role]) != len(Actions) {
			t.Fatalf("matrix for %s covers %d of %d actions", role, len(want[role]), len(Actions))
		}
		for _, a := range Actions {
			row, ok := want[role][a]
			if !ok {
				t.Fatalf("matrix misses %s × %s", role, a)
			}
			for i, r := range resources {
				t.Run(fmt.Sprintf("%s/%s/%s", role, a, r.name), func(t *testing.T) {
					err := Authorize(principal[role], a, r.res)
					if wantAllow := row[i] == 'Y'; wantAllow != (err == nil) {
						t.Fatalf("allow = %v, want %v (err %v)", err == nil, wantAllow, err)
					}
					if err != nil && !errors.Is(err, ErrForbidden) {
						t.Fatalf("deny error %v does not wrap ErrForbidden", err)
					}
				})
			}
		}
	}
}

// Upload without a dossier lands in the clerk's own office; other roles
// cannot upload at all.
func TestAuthorizeUploadWithoutDossier(t *testing.T) {
	for role, wantAllow := range map[string]bool{RoleClerk: true, RoleCitizen: false, RoleAuditor: false, RoleAdmin: true} {
		if err := Authorize(principal[role], DocumentUpload, Resource{}); (err == nil) != wantAllow {
			t.Errorf("%s upload without dossier: allow = %v, want %v", role, err == nil, wantAllow)
		}
	}
}

// Missing facts and broken principals deny: an empty owner never equals an
// empty ID number, an office-less clerk matches no empty office.
func TestAuthorizeDeniesIncompleteFacts(t *testing.T) {
	cases := []struct {
		name string
		p    Principal
		a    Action
		res  Resource
	}{
		{"citizen without ID reads ownerless doc", Principal{UserID: "x", Role: RoleCitizen}, DocumentRead, Resource{}},
		{"citizen with short ID", Principal{UserID: "x", Role: RoleCitizen, IDNumber: "0010"}, DocumentRead, Resource{OwnerID: "0010"}},
		{"citizen reads ownerless doc", citizen1, DocumentRead, Resource{Offices: []string{officeA}}},
		{"citizen reads dossier without applicant", citizen1, DossierRead, Resource{Dossier: "D1"}},
		{"clerk without office creates dossier", Principal{UserID: "x", Role: RoleClerk}, DossierCreate, Resource{}},
		{"clerk without office reads doc of no office", Principal{UserID: "x", Role: RoleClerk}, DocumentRead, Resource{Offices: []string{""}}},
		{"clerk reads doc with no facts", clerkA, DocumentRead, Resource{}},
		{"clerk reads dossier with no code", clerkA, DossierRead, Resource{DossierOffice: officeA}},
		{"clerk reuse without owner", clerkA, DocumentRead, Resource{Dossier: "D1", DossierOffice: officeA, Offices: []string{officeB}}},
		{"clerk reusable list without applicant", clerkA, ReusableList, Resource{Dossier: "D1", DossierOffice: officeA}},
		{"unknown role", Principal{UserID: "x", Role: "superuser"}, DocumentRead, Resource{}},
		{"empty principal", Principal{}, Search, Resource{}},
		{"unknown action for admin", admin, Action("document.delete"), Resource{}},
	}
	for _, c := range cases {
		if err := Authorize(c.p, c.a, c.res); !errors.Is(err, ErrForbidden) {
			t.Errorf("%s: err = %v, want ErrForbidden", c.name, err)
		}
	}
}

func TestSearchScope(t *testing.T) {
	for _, c := range []struct {
		p       Principal
		want    string
		wantErr bool
	}{
		{citizen1, citizen, false},
		{clerkA, "", false},
		{auditor, "", false},
		{admin, "", false},
		{Principal{UserID: "x", Role: RoleCitizen}, "", true},
	} {
		got, err := SearchScope(c.p)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("SearchScope(%+v) = %q, %v; want %q, err %v", c.p, got, err, c.want, c.wantErr)
		}
	}
}

func TestScopeQuery(t *testing.T) {
	q := search.Query{Text: "giấy khai sinh"}
	if err := ScopeQuery(citizen1, &q); err != nil || q.IDNumber != citizen {
		t.Fatalf("citizen query: %v, IDNumber %q", err, q.IDNumber)
	}
	q = search.Query{IDNumber: other}
	if err := ScopeQuery(citizen1, &q); !errors.Is(err, ErrForbidden) {
		t.Fatalf("citizen asking for another ID: err = %v", err)
	}
	q = search.Query{}
	if err := ScopeQuery(clerkA, &q); err != nil || q.Office != officeA || q.IDNumber != "" {
		t.Fatalf("clerk query: %v, %+v", err, q)
	}
	q = search.Query{Office: officeB}
	if err := ScopeQuery(clerkA, &q); !errors.Is(err, ErrForbidden) {
		t.Fatalf("clerk asking for another office: err = %v", err)
	}
	q = search.Query{IDNumber: other, Office: officeB}
	if err := ScopeQuery(auditor, &q); err != nil || q.IDNumber != other || q.Office != officeB {
		t.Fatalf("auditor query changed: %v, %+v", err, q)
	}
}

// The facts built from a record feed the same decisions as the matrix.
func TestDocumentResource(t *testing.T) {
	doc := &record.Document{ID: "d1", OwnerID: citizen, Provenance: record.Provenance{Office: officeB}}
	res := DocumentResource(doc, officeB, "")
	if len(res.Offices) != 1 || res.Offices[0] != officeB || res.OwnerID != citizen {
		t.Fatalf("facts %+v", res)
	}
	if Authorize(clerkA, DocumentRead, res) == nil {
		t.Fatal("clerk of office A read office B's document without a dossier")
	}
	if err := Authorize(clerkA, DocumentRead, res.InDossier("D1", officeA, citizen)); err != nil {
		t.Fatalf("clerk reading the applicant's document through their dossier: %v", err)
	}
	if Authorize(clerkA, DocumentRead, res.InDossier("D1", officeA, other)) == nil {
		t.Fatal("clerk read a non-applicant's document through their dossier")
	}
	if err := Authorize(citizen1, DocumentDownloadOriginal, res); err != nil {
		t.Fatalf("owner download: %v", err)
	}
	doc.OwnerID = ""
	if Authorize(Principal{UserID: "x", Role: RoleCitizen, IDNumber: ""}, DocumentRead, DocumentResource(doc)) == nil {
		t.Fatal("ownerless document readable by a citizen without a number")
	}
}
