// Package config reads sohoa's configuration from the environment.
// Flags may override individual values. Every variable read here is listed
// in Vars, which the README's configuration reference and the compose file
// are checked against by tests.
package config

import (
	"os"
	"strconv"
	"time"
)

// Config is the whole process configuration.
type Config struct {
	RedisURL    string // SOHOA_REDIS_URL, e.g. redis://127.0.0.1:6379/0; empty: demo starts its own
	DataDir     string // SOHOA_DATA_DIR, default ./data
	HTTPAddr    string // SOHOA_HTTP_ADDR, default 127.0.0.1:8080
	S3Endpoint  string // SOHOA_S3_ENDPOINT; empty: local folder storage
	S3AccessKey string // SOHOA_S3_ACCESS_KEY
	S3SecretKey string // SOHOA_S3_SECRET_KEY
	S3Bucket    string // SOHOA_S3_BUCKET, default "sohoa"
	S3UseSSL    bool   // SOHOA_S3_USE_SSL
	MeiliURL    string // MEILI_URL; empty: embedded search
	MeiliAPIKey string // MEILI_API_KEY
	// OCRWorkers is the number of pages OCR'd at once by a worker
	// (SOHOA_OCR_WORKERS, default: the number of cores).
	OCRWorkers int
	// TaskTimeout bounds one task (SOHOA_TASK_TIMEOUT, default 5m).
	TaskTimeout time.Duration
	// SecretKey signs local download URLs and sessions (SOHOA_SECRET_KEY;
	// SOHOA_SECRET_KEY_FILE names a file holding it). Empty: a random
	// per-data-dir key is created under DataDir.
	SecretKey string
	LogLevel  string // SOHOA_LOG_LEVEL: debug, info, warn, error
	// Agency is the agency code dossiers are numbered under (SOHOA_AGENCY,
	// default "000.00.00.H00"), in the form of Nghị định 61/2018.
	Agency string
	// SigningKeyDir holds the Ed25519 digitisation-signature keys
	// (SOHOA_SIGNING_KEY_DIR). Empty: internal/signing.DefaultDir, the
	// user's configuration folder — never the repository.
	SigningKeyDir string
	// MetricsAddr is where `sohoa worker` serves /metrics and /healthz
	// (SOHOA_METRICS_ADDR; empty: not served). The API serves them on
	// HTTPAddr.
	MetricsAddr string
	// MetricsToken, when set, protects /metrics (SOHOA_METRICS_TOKEN).
	MetricsToken string
	// AdminToken guards the admin pages (/admin/queues) until sessions
	// carry roles (SOHOA_ADMIN_TOKEN; empty: admin pages are off).
	AdminToken string
	// S3Retention is the object-lock retention of originals in S3
	// (SOHOA_S3_RETENTION, e.g. 87600h; 0: none). A bucket created while
	// it is set gets object lock enabled (ADR 0301).
	S3Retention time.Duration
}

// Var documents one environment variable.
type Var struct {
	Name, Default, Help string
}

// Vars lists every environment variable sohoa reads.
var Vars = []Var{
	{"SOHOA_REDIS_URL", "", "Redis for the Asynq queue, e.g. redis://redis:6379/0. `sohoa demo` starts its own when unset."},
	{"SOHOA_DATA_DIR", "./data", "Local data folder: object store (when S3 is unset), embedded search index, keys."},
	{"SOHOA_HTTP_ADDR", "127.0.0.1:8080", "Address the HTTP API and web interface listen on."},
	{"SOHOA_S3_ENDPOINT", "", "S3/MinIO endpoint host:port. Unset: the local folder is the object store."},
	{"SOHOA_S3_ACCESS_KEY", "", "S3 access key."},
	{"SOHOA_S3_SECRET_KEY", "", "S3 secret key."},
	{"SOHOA_S3_BUCKET", "sohoa", "S3 bucket (created if missing)."},
	{"SOHOA_S3_USE_SSL", "false", "Use HTTPS for S3."},
	{"MEILI_URL", "", "Meilisearch URL. Unset: the embedded SQLite FTS5 index under SOHOA_DATA_DIR."},
	{"MEILI_API_KEY", "", "Meilisearch API (master) key."},
	{"SOHOA_OCR_WORKERS", "number of cores", "Pages a worker OCRs at once (one Tesseract process each)."},
	{"SOHOA_TASK_TIMEOUT", "5m", "Upper bound on one task; the OCR of a page is killed past it."},
	{"SOHOA_OCR_IN_PROCESS", "", "1: run Tesseract inside the worker instead of in killable helper processes (debugging and profiling only)."},
	{"SOHOA_MEMORY_LIMIT", "64MiB", "Soft limit of `sohoa worker`'s Go memory (runtime/debug.SetMemoryLimit; a size as GOMEMLIMIT takes it, or off). Default 64MiB, plus 256MiB per engine with SOHOA_OCR_IN_PROCESS=1. GOMEMLIMIT, when set, wins for every process."},
	{"SOHOA_OCR_MEMORY_LIMIT", "256MiB", "Soft limit of each OCR helper's Go memory (a size as GOMEMLIMIT takes it, or off)."},
	{"SOHOA_METRICS_TOKEN", "", "When set, /metrics answers only requests with 'Authorization: Bearer <token>' (Prometheus: bearer_token)."},
	{"SOHOA_COUNTER_PAUSE", "all", "While a counter task runs: all (pause every backfill OCR helper of the worker), cores (as many as it needs cores) or none (ADR 1105)."},
	{"SOHOA_COUNTER_POLL", "20ms", "How often an idle worker looks for counter tasks (ADR 1105): shorter is quicker at the counter and costs more CPU while idle."},
	{"SOHOA_INDEX_SWEEP", "30s", "How often a worker indexes the documents the index outbox still holds (after a search outage)."},
	{"SOHOA_SECRET_KEY", "", "Key that signs sessions and local download URLs (or SOHOA_SECRET_KEY_FILE). Unset: generated under SOHOA_DATA_DIR."},
	{"SOHOA_SECRET_KEY_FILE", "", "File holding SOHOA_SECRET_KEY."},
	{"SOHOA_LOG_LEVEL", "info", "debug, info, warn or error."},
	{"SOHOA_AGENCY", "000.00.00.H00", "Agency code (mã định danh cơ quan) that dossier codes start with, per Nghị định 61/2018."},
	{"SOHOA_SIGNING_KEY_DIR", "~/.config/sohoa/keys", "Folder of the Ed25519 digitisation-signature keys (`sohoa keys gen`); must be outside the repository."},
	{"SOHOA_METRICS_ADDR", "", "Where `sohoa worker` serves /metrics and /healthz, e.g. :9100. Unset: not served. The API serves both on SOHOA_HTTP_ADDR."},
	{"SOHOA_S3_RETENTION", "0", "Object-lock (COMPLIANCE) retention of originals in S3, e.g. 87600h for 10 years. Set before the bucket is created: it is then created with object lock. 0: none."},
	{"SOHOA_ADMIN_TOKEN", "", "Bearer token (or HTTP Basic password) for the admin pages (/admin/queues). Unset: admin pages are off."},
}

// FromEnv reads the configuration from the environment.
func FromEnv() Config {
	c := Config{
		RedisURL:      os.Getenv("SOHOA_REDIS_URL"),
		DataDir:       env("SOHOA_DATA_DIR", "./data"),
		HTTPAddr:      env("SOHOA_HTTP_ADDR", "127.0.0.1:8080"),
		S3Endpoint:    os.Getenv("SOHOA_S3_ENDPOINT"),
		S3AccessKey:   os.Getenv("SOHOA_S3_ACCESS_KEY"),
		S3SecretKey:   os.Getenv("SOHOA_S3_SECRET_KEY"),
		S3Bucket:      env("SOHOA_S3_BUCKET", "sohoa"),
		S3UseSSL:      boolEnv("SOHOA_S3_USE_SSL"),
		MeiliURL:      os.Getenv("MEILI_URL"),
		MeiliAPIKey:   os.Getenv("MEILI_API_KEY"),
		SecretKey:     os.Getenv("SOHOA_SECRET_KEY"),
		LogLevel:      env("SOHOA_LOG_LEVEL", "info"),
		SigningKeyDir: os.Getenv("SOHOA_SIGNING_KEY_DIR"),
		MetricsAddr:   os.Getenv("SOHOA_METRICS_ADDR"),
		MetricsToken:  os.Getenv("SOHOA_METRICS_TOKEN"),
		AdminToken:    os.Getenv("SOHOA_ADMIN_TOKEN"),
		Agency:        env("SOHOA_AGENCY", "000.00.00.H00"),
		TaskTimeout:   5 * time.Minute,
	}
	if f := os.Getenv("SOHOA_SECRET_KEY_FILE"); f != "" && c.SecretKey == "" {
		if b, err := os.ReadFile(f); err == nil {
			c.SecretKey = string(trimNL(b))
		}
	}
	if n, err := strconv.Atoi(os.Getenv("SOHOA_OCR_WORKERS")); err == nil && n > 0 {
		c.OCRWorkers = n
	}
	if d, err := time.ParseDuration(os.Getenv("SOHOA_S3_RETENTION")); err == nil && d > 0 {
		c.S3Retention = d
	}
	if d, err := time.ParseDuration(os.Getenv("SOHOA_TASK_TIMEOUT")); err == nil && d > 0 {
		c.TaskTimeout = d
	}
	return c
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func boolEnv(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
