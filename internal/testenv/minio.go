// Package testenv starts real servers for tests and benchmarks.
package testenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// MinIOVersion is the pinned MinIO server module version (scripts/minio.sh).
const MinIOVersion = "v0.0.0-20260212201848-7aac2a2c5b7c"

// MinIOBinary finds the MinIO server: $SOHOA_MINIO_BIN, else the cache
// that scripts/minio.sh fills.
func MinIOBinary() (string, error) {
	if p := os.Getenv("SOHOA_MINIO_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("SOHOA_MINIO_BIN: %w (unset it to use the cache filled by scripts/minio.sh)", err)
		}
		return p, nil
	}
	root := os.Getenv("SOHOA_TOOLS_DIR")
	if root == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		root = filepath.Join(home, ".cache", "sohoa", "tools")
	}
	p := filepath.Join(root, "minio-"+MinIOVersion, "minio")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("MinIO server binary not found at %s: run scripts/minio.sh (builds and caches it) or set SOHOA_MINIO_BIN", p)
	}
	return p, nil
}

// MinIO is a MinIO server process on loopback.
type MinIO struct {
	Endpoint  string // host:port
	AccessKey string
	SecretKey string
	Dir       string // data folder

	bin, console string
	mu           sync.Mutex
	cmd          *exec.Cmd
	done         chan struct{}
	log          *os.File
}

// StartMinIO starts a server for the test, stopped at cleanup. A missing
// binary fails the test (never skips): the suite must run on real MinIO.
func StartMinIO(t testing.TB) *MinIO {
	t.Helper()
	bin, err := MinIOBinary()
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMinIO(bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Stop() })
	if err := m.Start(); err != nil {
		t.Fatal(err)
	}
	return m
}

// NewMinIO prepares (but does not start) a server on two free loopback
// ports with data under dir.
func NewMinIO(bin, dir string) (*MinIO, error) {
	p1, err := freePort()
	if err != nil {
		return nil, err
	}
	p2, err := freePort()
	if err != nil {
		return nil, err
	}
	return &MinIO{
		Endpoint:  "127.0.0.1:" + strconv.Itoa(p1),
		AccessKey: "sohoa-test",
		SecretKey: "sohoa-test-secret",
		Dir:       dir,
		bin:       bin,
		console:   "127.0.0.1:" + strconv.Itoa(p2),
	}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Start runs the server (again, after Stop: same port and data) and waits
// until it reports ready.
func (m *MinIO) Start() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cmd != nil {
		return errors.New("minio already running")
	}
	data := filepath.Join(m.Dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(m.Dir, "minio.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd := exec.Command(m.bin, "server", data, "--address", m.Endpoint, "--console-address", m.console, "--quiet")
	cmd.Env = append(os.Environ(),
		"MINIO_ROOT_USER="+m.AccessKey,
		"MINIO_ROOT_PASSWORD="+m.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_CI_CD=1",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("start minio: %w", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	m.cmd, m.done, m.log = cmd, done, logf

	// Generous: on a 2-core CI machine MinIO starts while other test
	// packages run OCR on both cores, and once took over 30 s. Waiting
	// is not what the tests measure.
	deadline := time.Now().Add(minioStartWait)
	// "ready", not "live": live answers before the object layer is
	// initialised, and early requests then fail with 503.
	url := "http://" + m.Endpoint + "/minio/health/ready"
	for {
		select {
		case <-done:
			m.cmd = nil
			logf.Close()
			out, _ := os.ReadFile(logf.Name())
			return fmt.Errorf("minio exited at start: %s", out)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			// Ready can precede IAM initialisation, when signed requests
			// still fail with XMinioServerNotInitialized: probe one.
			if resp.StatusCode == http.StatusOK && m.signedOK() {
				return nil
			}
		}
		if time.Now().After(deadline) {
			m.stopLocked()
			out, _ := os.ReadFile(logf.Name())
			return fmt.Errorf("minio not ready after %v on %s; its log: %s", minioStartWait, m.Endpoint, tail(out, 2000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// minioStartWait bounds the wait for a started MinIO to serve signed requests.
const minioStartWait = 2 * time.Minute

// tail is the last n bytes of b.
func tail(b []byte, n int) []byte {
	return b[max(0, len(b)-n):]
}

func (m *MinIO) signedOK() bool {
	c, err := minio.New(m.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(m.AccessKey, m.SecretKey, ""), MaxRetries: 1})
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.ListBuckets(ctx)
	return err == nil
}

// Stop terminates the server and waits for it to exit. Stopping a stopped
// server does nothing.
func (m *MinIO) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopLocked()
}

func (m *MinIO) stopLocked() {
	if m.cmd == nil {
		return
	}
	_ = m.cmd.Process.Signal(os.Interrupt)
	select {
	case <-m.done:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.done
	}
	m.log.Close()
	m.cmd = nil
}

// Ready reports whether the server answers its liveness probe.
func (m *MinIO) Ready(ctx context.Context) bool {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+m.Endpoint+"/minio/health/live", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}
