package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/storage"
)

// demoUser is one account the demo creates.
type demoUser struct {
	auth.User
	Password string
	Token    string
}

// ensureDemoUsers creates one user of each role (once per data folder) and
// gives each a fresh password and API token, printed for the person trying
// the demo. The citizen is the owner of the demo's ID card.
func ensureDemoUsers(ctx context.Context, a *app, office, citizenID string) ([]demoUser, error) {
	specs := []auth.User{
		{Username: "canbo", Name: "Cán bộ một cửa", Role: auth.RoleClerk, Office: office},
		{Username: "congdan", Name: "Công dân", Role: auth.RoleCitizen, IDNumber: citizenID},
		{Username: "kiemtra", Name: "Kiểm tra viên", Role: auth.RoleAuditor},
		{Username: "quantri", Name: "Quản trị", Role: auth.RoleAdmin},
	}
	var out []demoUser
	for _, spec := range specs {
		pw := randomPassword()
		u, err := a.auth.UserByUsername(ctx, spec.Username)
		switch {
		case errors.Is(err, storage.ErrNotFound) || errors.Is(err, auth.ErrInvalidCredentials):
			u, err = a.auth.AddUser(ctx, spec, pw)
			if err != nil {
				return nil, err
			}
		case err != nil:
			return nil, err
		default:
			// kept from an earlier run: its password is unknown, a token is enough
			pw = "(đặt ở lần chạy trước)"
		}
		tok, err := a.auth.CreateToken(ctx, u.ID, "demo")
		if err != nil {
			return nil, err
		}
		out = append(out, demoUser{User: u, Password: pw, Token: tok})
	}
	return out, nil
}

func printDemoUsers(w io.Writer, users []demoUser, base string) {
	fmt.Fprintf(w, "\nUsers (log in at %s/ or use the token as 'Authorization: Bearer …'):\n", base)
	for _, u := range users {
		scope := u.Office + u.IDNumber
		fmt.Fprintf(w, "  %-8s %-8s password %-24s token %s  %s\n", u.Role, u.Username, u.Password, u.Token, scope)
	}
}

func randomPassword() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "demo-" + hex.EncodeToString(b)
}
