package auth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Key layout in the object store. Only ids and hashes made here appear in
// keys; usernames are checked against usernameRE first.
const (
	usersPrefix     = "auth/users/"
	usernamesPrefix = "auth/usernames/"
	tokensPrefix    = "auth/tokens/"
	sessionsPrefix  = "auth/sessions/"
)

// TokenPrefix starts every API token, so leaked tokens are recognisable
// (e.g. by secret scanners).
const TokenPrefix = "sohoa_"

// User is a stored user.
type User struct {
	ID           string    `json:"id"`
	Username     string    `json:"username,omitempty"` // for browser login; empty: token only
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	Office       string    `json:"office,omitempty"`
	IDNumber     string    `json:"id_number,omitempty"`
	PasswordHash string    `json:"password_hash,omitempty"`
	Disabled     bool      `json:"disabled,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// Principal returns the user as an authenticated principal.
func (u User) Principal() Principal {
	return Principal{UserID: u.ID, Name: u.Name, Role: u.Role, Office: u.Office, IDNumber: u.IDNumber}
}

type tokenRecord struct {
	UserID    string    `json:"user_id"`
	Label     string    `json:"label,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

type sessionRecord struct {
	UserID    string    `json:"user_id"`
	IP        string    `json:"ip,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Expires   time.Time `json:"expires"`
}

// Options tunes a Service.
type Options struct {
	// SecretKey signs session cookies and CSRF tokens (config.SecretKey).
	// Required, at least 16 bytes.
	SecretKey []byte
	// SessionTTL is a browser session's lifetime (default 8h: a working day).
	SessionTTL time.Duration
	// SecureCookies marks cookies Secure (set behind HTTPS).
	SecureCookies bool
	// CacheTTL bounds how long a token, session or user is served from
	// memory before the store is asked again (default 30s): revocations by
	// another process take effect within it.
	CacheTTL time.Duration
	// MaxFailures failed logins per username and client address within
	// FailureWindow lock that pair out until the window passes (5 per minute).
	MaxFailures   int
	FailureWindow time.Duration
	// Now is the clock (tests).
	Now func() time.Time
	// Unauthenticated writes the response when Middleware rejects a
	// request (default: a JSON 401/403 in the API's error format).
	Unauthenticated func(w http.ResponseWriter, r *http.Request, err error)
}

// Service authenticates users against the accounts kept in the store.
// It is safe for concurrent use.
type Service struct {
	st         storage.Store
	opts       Options
	sessionKey []byte
	csrfKey    []byte
	limiter    *limiter // failures per username and address
	ipLimiter  *limiter // failures per address, any username: a looser bound against spraying
	dummy      func() string

	mu    sync.Mutex
	cache map[string]cached // "t:"+token hash, "s:"+session id, "u:"+user id
}

type cached struct {
	user    User
	expires time.Time
}

// NewService returns the accounts kept in st.
func NewService(st storage.Store, opts Options) (*Service, error) {
	if len(opts.SecretKey) < 16 {
		return nil, errors.New("auth: secret key missing or shorter than 16 bytes")
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 8 * time.Hour
	}
	if opts.CacheTTL <= 0 {
		opts.CacheTTL = 30 * time.Second
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = 5
	}
	if opts.FailureWindow <= 0 {
		opts.FailureWindow = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Service{
		st:         st,
		opts:       opts,
		sessionKey: deriveKey(opts.SecretKey, "sohoa session v1"),
		csrfKey:    deriveKey(opts.SecretKey, "sohoa csrf v1"),
		limiter:    newLimiter(opts.MaxFailures, opts.FailureWindow),
		ipLimiter:  newLimiter(4*opts.MaxFailures, opts.FailureWindow),
		dummy:      sync.OnceValue(dummyHash),
		cache:      map[string]cached{},
	}
	return s, nil
}

// deriveKey gives each use of the secret key its own key.
func deriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

func (s *Service) putJSON(ctx context.Context, key string, v any, ifAbsent bool) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.st.Put(ctx, key, bytes.NewReader(b), int64(len(b)), storage.PutOptions{ContentType: "application/json", IfAbsent: ifAbsent})
	return err
}

func (s *Service) getJSON(ctx context.Context, key string, v any) error {
	rc, err := s.st.Get(ctx, key)
	if err != nil {
		return err
	}
	defer rc.Close()
	return json.NewDecoder(io.LimitReader(rc, 1<<16)).Decode(v)
}

// AddUser stores a new user with a fresh id. With a non-empty password the
// user can also log in with a browser, as u.Username.
func (s *Service) AddUser(ctx context.Context, u User, password string) (User, error) {
	u.ID = "u_" + randomHex(8)
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.CreatedAt = s.opts.Now().UTC()
	if err := u.Principal().Validate(); err != nil {
		return User{}, fmt.Errorf("auth: %w", err)
	}
	if strings.TrimSpace(u.Name) == "" {
		return User{}, errors.New("auth: user without a name")
	}
	if password != "" && u.Username == "" {
		return User{}, errors.New("auth: a password needs a username")
	}
	if password != "" {
		h, err := HashPassword(password)
		if err != nil {
			return User{}, fmt.Errorf("auth: %w", err)
		}
		u.PasswordHash = h
	}
	if u.Username != "" {
		if !usernameRE.MatchString(u.Username) {
			return User{}, fmt.Errorf("auth: invalid username %q (a-z, 0-9, . _ -)", u.Username)
		}
		// The username claim is write-once: two processes adding the same
		// name cannot both succeed.
		err := s.putJSON(ctx, usernamesPrefix+u.Username+".json", map[string]string{"user_id": u.ID}, true)
		if errors.Is(err, storage.ErrExists) {
			return User{}, fmt.Errorf("auth: username %q is taken", u.Username)
		}
		if err != nil {
			return User{}, fmt.Errorf("auth: claim username: %w", err)
		}
	}
	if err := s.putJSON(ctx, usersPrefix+u.ID+".json", u, true); err != nil {
		return User{}, fmt.Errorf("auth: store user: %w", err)
	}
	return u, nil
}

// User returns the stored user with id.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	if !strings.HasPrefix(id, "u_") || len(id) != 18 || strings.ContainsAny(id, "/.") {
		return User{}, fmt.Errorf("auth: %w: user %q", storage.ErrNotFound, id)
	}
	if c, ok := s.cached("u:" + id); ok {
		return c, nil
	}
	var u User
	if err := s.getJSON(ctx, usersPrefix+id+".json", &u); err != nil {
		return User{}, fmt.Errorf("auth: load user %s: %w", id, err)
	}
	s.remember("u:"+id, u)
	return u, nil
}

// Users lists every user.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	var keys []string
	if err := s.st.List(ctx, usersPrefix, func(i storage.Info) error {
		keys = append(keys, i.Key)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("auth: list users: %w", err)
	}
	users := make([]User, 0, len(keys))
	for _, k := range keys {
		var u User
		if err := s.getJSON(ctx, k, &u); err != nil {
			return nil, fmt.Errorf("auth: load %s: %w", k, err)
		}
		users = append(users, u)
	}
	return users, nil
}

// UserByUsername returns the user who claimed username.
func (s *Service) UserByUsername(ctx context.Context, username string) (User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if !usernameRE.MatchString(username) {
		return User{}, fmt.Errorf("auth: %w: username", storage.ErrNotFound)
	}
	var claim struct {
		UserID string `json:"user_id"`
	}
	if err := s.getJSON(ctx, usernamesPrefix+username+".json", &claim); err != nil {
		return User{}, fmt.Errorf("auth: username %s: %w", username, err)
	}
	return s.User(ctx, claim.UserID)
}

// SetDisabled disables or re-enables a user; their tokens and sessions stop
// working within Options.CacheTTL in every process.
func (s *Service) SetDisabled(ctx context.Context, id string, disabled bool) error {
	u, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	u.Disabled = disabled
	if err := s.putJSON(ctx, usersPrefix+u.ID+".json", u, false); err != nil {
		return fmt.Errorf("auth: store user: %w", err)
	}
	s.forget("u:" + id)
	return nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new API token for the user and returns it; only its
// SHA-256 is stored, so it cannot be shown again.
func (s *Service) CreateToken(ctx context.Context, userID, label string) (string, error) {
	if _, err := s.User(ctx, userID); err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	rec := tokenRecord{UserID: userID, Label: label, CreatedAt: s.opts.Now().UTC()}
	if err := s.putJSON(ctx, tokensPrefix+hashToken(token)+".json", rec, true); err != nil {
		return "", fmt.Errorf("auth: store token: %w", err)
	}
	return token, nil
}

// RevokeToken deletes a token.
func (s *Service) RevokeToken(ctx context.Context, token string) error {
	h := hashToken(token)
	s.forget("t:" + h)
	if err := s.st.Delete(ctx, tokensPrefix+h+".json"); err != nil {
		return fmt.Errorf("auth: revoke token: %w", err)
	}
	return nil
}

// tokenUser resolves a presented token.
func (s *Service) tokenUser(ctx context.Context, token string) (User, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 100 {
		return User{}, ErrInvalidCredentials
	}
	h := hashToken(token)
	if c, ok := s.cached("t:" + h); ok {
		return s.User(ctx, c.ID) // only the id is cached, so a disabled user is seen at once
	}
	var rec tokenRecord
	err := s.getJSON(ctx, tokensPrefix+h+".json", &rec)
	if errors.Is(err, storage.ErrNotFound) {
		return User{}, ErrInvalidCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("auth: load token: %w", err)
	}
	s.remember("t:"+h, User{ID: rec.UserID})
	return s.User(ctx, rec.UserID)
}

func (s *Service) cached(key string) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[key]
	if !ok || s.opts.Now().After(c.expires) {
		delete(s.cache, key)
		return User{}, false
	}
	return c.user, true
}

func (s *Service) remember(key string, u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) > 10000 { // bound memory; entries are cheap to reload
		clear(s.cache)
	}
	s.cache[key] = cached{u, s.opts.Now().Add(s.opts.CacheTTL)}
}

func (s *Service) forget(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cache, key)
}
