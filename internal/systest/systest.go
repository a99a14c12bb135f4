// Package systest starts a whole sohoa system for tests: a real
// redis-server, a local-folder object store, the embedded search index, a
// worker with a real Tesseract engine, the onestop service, the API over a
// loopback listener, and one user of each role (two clerks of two offices,
// two citizens).
package systest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/api"
	"github.com/sohoa/sohoa/dossier"
	"github.com/sohoa/sohoa/internal/archive"
	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/internal/testenv"
	"github.com/sohoa/sohoa/onestop"
	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/search/embedded"
	"github.com/sohoa/sohoa/storage/localfs"
	"github.com/sohoa/sohoa/workers"
)

// Offices of the test users.
const (
	OfficeA = "000.00.21.H26"
	OfficeB = "000.00.22.H26"
)

// User is a test account with its API token.
type User struct {
	auth.User
	Token string
}

// System is a running sohoa.
type System struct {
	Store   *localfs.Store
	Archive *archive.Archive
	Index   *embedded.Index
	Auth    *auth.Service
	Audit   *audit.Log
	Svc     *onestop.Service
	URL     string // base URL of the API
	Users   map[string]User
}

// Options vary the system.
type Options struct {
	// NoWorker starts no Redis and no worker: uploads cannot be submitted.
	NoWorker bool
	// Users replaces the default users (DefaultUsers); each gets the
	// password "mat-khau-<name>" and an API token.
	Users map[string]auth.User
	// Mount adds handlers beside the API (at /api/, /healthz, /readyz) and
	// the signed downloads, e.g. the web interface at "/".
	Mount func(mux *http.ServeMux, s *System)
}

// DefaultUsers are one user of each role, two clerks of two offices and
// two citizens.
func DefaultUsers() map[string]auth.User {
	return map[string]auth.User{
		"clerkA":   {Username: "clerka", Name: "Cán bộ A", Role: auth.RoleClerk, Office: OfficeA},
		"clerkB":   {Username: "clerkb", Name: "Cán bộ B", Role: auth.RoleClerk, Office: OfficeB},
		"citizen1": {Username: "citizen1", Name: "Công dân 1", Role: auth.RoleCitizen, IDNumber: "001099001234"},
		"citizen2": {Username: "citizen2", Name: "Công dân 2", Role: auth.RoleCitizen, IDNumber: "079188005678"},
		"auditor":  {Username: "auditor", Name: "Kiểm tra", Role: auth.RoleAuditor},
		"admin":    {Username: "admin", Name: "Quản trị", Role: auth.RoleAdmin},
	}
}

// Password is the test password of user name.
func Password(name string) string { return "mat-khau-" + name }

// Start starts the system with the default options; everything stops when
// the test ends.
func Start(t testing.TB) *System { return StartWith(t, Options{}) }

// StartWith starts the system with options.
func StartWith(t testing.TB, o Options) *System {
	t.Helper()
	ctx := context.Background()
	secret := []byte("systest-secret-0123456789abcdef0123")
	store, err := localfs.New(t.TempDir(), localfs.Options{Secret: secret})
	must(t, err)
	idx, err := embedded.Open(ctx, t.TempDir())
	must(t, err)
	t.Cleanup(func() { idx.Close() })
	arch := archive.New(store)
	lg := audit.New(store, audit.Options{HeadKey: audit.HeadKeyFrom(secret)})
	svc := &onestop.Service{
		Store: store, Archive: arch, Index: idx, Dossiers: dossier.New(store), Audit: lg,
		Agency: "000.00.00.H00",
	}
	if !o.NoWorker {
		rs := testenv.StartRedis(t)
		opt := asynq.RedisClientOpt{Addr: rs.Addr()}
		client := asynq.NewClient(opt)
		t.Cleanup(func() { client.Close() })
		pool, err := workers.NewEnginePool(1, func() (pipeline.Engine, error) {
			return pipeline.NewTesseract(pipeline.TesseractOptions{})
		})
		must(t, err)
		t.Cleanup(func() { pool.Close() })
		h := &workers.Handlers{Store: store, Archive: arch, Index: idx, Queue: client, Engines: pool}
		srv := workers.NewServer(opt, workers.ServerConfig{Concurrency: 2, ShutdownTimeout: 5 * time.Second})
		must(t, srv.Start(h.Mux()))
		t.Cleanup(srv.Shutdown)
		svc.Submitter = &workers.Submitter{Store: store, Originals: arch, Queue: client}
	}
	as, err := auth.NewService(store, auth.Options{SecretKey: secret})
	must(t, err)
	s := &System{Store: store, Archive: arch, Index: idx, Auth: as, Audit: lg, Svc: svc, Users: map[string]User{}}
	specs := o.Users
	if specs == nil {
		specs = DefaultUsers()
	}
	for name, spec := range specs {
		u, err := as.AddUser(ctx, spec, Password(name))
		must(t, err)
		tok, err := as.CreateToken(ctx, u.ID, "test")
		must(t, err)
		s.Users[name] = User{User: u, Token: tok}
	}
	mux := http.NewServeMux()
	apiH := (&api.Server{Svc: svc, Auth: as}).Handler()
	for _, path := range []string{"/api/", "/healthz", "/readyz"} {
		mux.Handle(path, apiH)
	}
	mux.Handle(localfs.URLPrefix, store.Handler())
	if o.Mount != nil {
		o.Mount(mux, s)
	}
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	store.SetBaseURL(hs.URL)
	s.URL = hs.URL
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Do sends a request as user (no user: anonymous) and returns the status
// and body. v, when not nil, is sent as JSON.
func (s *System) Do(t testing.TB, user, method, path string, v any, header ...string) (int, []byte, http.Header) {
	t.Helper()
	var body io.Reader
	if b, ok := v.([]byte); ok {
		body = bytes.NewReader(b)
	} else if v != nil {
		b, err := json.Marshal(v)
		must(t, err)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, body)
	must(t, err)
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+s.Users[user].Token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return resp.StatusCode, b, resp.Header
}

// Upload posts a file's bytes as user into a dossier ("" for none) and
// returns the document id.
func (s *System) Upload(t testing.TB, user, dossierCode, filename string, data []byte) string {
	t.Helper()
	path := "/api/v1/documents?filename=" + filename
	if dossierCode != "" {
		path = "/api/v1/dossiers/" + dossierCode + "/documents?filename=" + filename
	}
	status, body, _ := s.Do(t, user, "POST", path, data, "Content-Type", "application/octet-stream")
	if status != http.StatusAccepted {
		t.Fatalf("upload %s: HTTP %d: %s", filename, status, body)
	}
	var out struct {
		Documents []api.UploadResult `json:"documents"`
	}
	must(t, json.Unmarshal(body, &out))
	if len(out.Documents) != 1 || out.Documents[0].DocumentID == "" {
		t.Fatalf("upload %s: %s", filename, body)
	}
	return out.Documents[0].DocumentID
}

// Wait waits until a document is processed (and, unless a near-duplicate,
// indexed) and returns its record.
func (s *System) Wait(t testing.TB, id string, timeout time.Duration) *record.Document {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		rec, err := s.Archive.Latest(ctx, id)
		if err == nil && rec.Status == record.StatusFailed {
			t.Fatalf("document %s failed: %s", id, rec.Error)
		}
		if err == nil {
			if _, ok, _ := s.Index.Get(ctx, id); ok || rec.DuplicateOf != "" {
				return rec
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("document %s not processed within %v", id, timeout)
	return nil
}

// Decode unmarshals a JSON body or fails the test.
func Decode(t testing.TB, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}
