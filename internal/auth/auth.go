// Package auth authenticates sohoa's users (API tokens and browser
// sessions) and decides, in one place, what each of them may do.
//
// Roles:
//   - clerk: works at one office (bộ phận một cửa); acts only within that
//     office's dossiers, but may list and read an applicant's reusable
//     documents from any office while handling that applicant's dossier.
//   - citizen: bound to one 12-digit personal ID number; sees only the
//     documents that number owns.
//   - auditor: reads everything, including the audit trail; changes nothing.
//   - admin: everything.
package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
)

// Role names.
const (
	RoleClerk   = "clerk"
	RoleCitizen = "citizen"
	RoleAuditor = "auditor"
	RoleAdmin   = "admin"
)

// Roles lists every role.
var Roles = []string{RoleClerk, RoleCitizen, RoleAuditor, RoleAdmin}

// Errors returned (wrapped) by this package.
var (
	// ErrUnauthenticated: the request carries no credentials.
	ErrUnauthenticated = errors.New("not authenticated")
	// ErrInvalidCredentials: a token, cookie or password that does not check out.
	ErrInvalidCredentials = errors.New("invalid credentials")
	// ErrForbidden: authenticated, but the policy denies the action.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: too many failed logins; try again later.
	ErrRateLimited = errors.New("too many failed attempts")
	// ErrCSRF: an unsafe request from a session without a valid CSRF token.
	ErrCSRF = errors.New("missing or invalid CSRF token")
)

// Principal is an authenticated user as the rest of sohoa sees it.
type Principal struct {
	UserID   string `json:"user_id"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	Office   string `json:"office,omitempty"`    // clerks
	IDNumber string `json:"id_number,omitempty"` // citizens: 12-digit personal ID number
}

var (
	idNumberRE = regexp.MustCompile(`^[0-9]{12}$`)
	// Offices are codes such as "000.00.21.H26"; they end up in keys and
	// filters, so only a plain alphabet is accepted.
	officeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
)

// Validate checks that the principal's role binding is complete: a clerk
// has an office, a citizen a 12-digit ID number.
func (p Principal) Validate() error {
	switch p.Role {
	case RoleClerk:
		if !officeRE.MatchString(p.Office) {
			return fmt.Errorf("clerk %q: invalid office %q", p.UserID, p.Office)
		}
	case RoleCitizen:
		if !idNumberRE.MatchString(p.IDNumber) {
			return fmt.Errorf("citizen %q: ID number must be 12 digits", p.UserID)
		}
	case RoleAuditor, RoleAdmin:
	default:
		return fmt.Errorf("user %q: unknown role %q", p.UserID, p.Role)
	}
	return nil
}

type ctxKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the principal Middleware put in ctx.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(ctxKey{}).(Principal)
	return p, ok
}
