package auth

import (
	"context"
	"testing"
)

func BenchmarkAuthorize(b *testing.B) {
	res := resources[2].res
	for b.Loop() {
		_ = Authorize(clerkA, DocumentRead, res)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("mật-khẩu-đủ-dài"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticateToken measures a bearer-token request served from
// the in-memory cache (the steady state).
func BenchmarkAuthenticateToken(b *testing.B) {
	s := newBenchService(b)
	u, err := s.AddUser(context.Background(), User{Name: "B", Role: RoleAuditor}, "")
	if err != nil {
		b.Fatal(err)
	}
	token, _ := s.CreateToken(context.Background(), u.ID, "")
	r := bearer(token)
	for b.Loop() {
		if _, err := s.Authenticate(r); err != nil {
			b.Fatal(err)
		}
	}
}
