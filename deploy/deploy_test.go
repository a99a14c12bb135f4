package deploy_test

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/deploy"
	"github.com/sohoa/sohoa/internal/config"
)

const root = ".." // the repository, from this package's folder

// secrets are what an operator puts in .env; distinct values so that the
// test can see which one went where.
var secrets = map[string]string{
	"MINIO_ROOT_USER":     "minio-user-x",
	"MINIO_ROOT_PASSWORD": "minio-password-y",
	"MEILI_MASTER_KEY":    "meili-key-z",
	"SOHOA_SECRET_KEY":    "secret-key-w",
}

func loadCompose(t *testing.T, env map[string]string) (*types.Project, error) {
	t.Helper()
	env = maps.Clone(env) // the loader adds COMPOSE_PROJECT_NAME to it
	return loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  root,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(root, "docker-compose.yml")}},
		Environment: env,
	}, func(o *loader.Options) { o.SetProjectName("sohoa", true) })
}

func project(t *testing.T) *types.Project {
	t.Helper()
	p, err := loadCompose(t, secrets)
	if err != nil {
		t.Fatalf("load docker-compose.yml: %v", err)
	}
	return p
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %s: %v", name, err)
	}
	return s
}

func env(s types.ServiceConfig, name string) string {
	if v, ok := s.Environment[name]; ok && v != nil {
		return *v
	}
	return ""
}

var sohoaServices = []string{"api", "worker"}

func TestComposeSetsOnlyVariablesTheCodeReads(t *testing.T) {
	p := project(t)
	known := map[string]bool{}
	for _, v := range config.Vars {
		known[v.Name] = true
	}
	for _, name := range sohoaServices {
		s := service(t, p, name)
		if len(s.Environment) == 0 {
			t.Errorf("%s sets no environment", name)
		}
		for k := range s.Environment {
			if !known[k] {
				t.Errorf("%s sets %s, which sohoa does not read (not in config.Vars)", name, k)
			}
		}
	}
}

func TestComposeSecretsComeFromTheEnvironment(t *testing.T) {
	for missing := range secrets {
		env := map[string]string{}
		for k, v := range secrets {
			if k != missing {
				env[k] = v
			}
		}
		if _, err := loadCompose(t, env); err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s the compose file loads (err %v); it must be required", missing, err)
		}
	}
	p := project(t)
	minio, meili := service(t, p, "minio"), service(t, p, "meilisearch")
	for _, c := range []struct {
		svc  types.ServiceConfig
		name string
		want string
	}{
		{minio, "MINIO_ROOT_USER", secrets["MINIO_ROOT_USER"]},
		{minio, "MINIO_ROOT_PASSWORD", secrets["MINIO_ROOT_PASSWORD"]},
		{meili, "MEILI_MASTER_KEY", secrets["MEILI_MASTER_KEY"]},
	} {
		if got := env(c.svc, c.name); got != c.want {
			t.Errorf("%s %s = %q, want the operator's %q", c.svc.Name, c.name, got, c.want)
		}
	}
	for _, name := range sohoaServices {
		s := service(t, p, name)
		for k, want := range map[string]string{
			"SOHOA_S3_ACCESS_KEY": secrets["MINIO_ROOT_USER"],
			"SOHOA_S3_SECRET_KEY": secrets["MINIO_ROOT_PASSWORD"],
			"MEILI_API_KEY":       secrets["MEILI_MASTER_KEY"],
			// one key for every replica: a session signed by one is valid on all
			"SOHOA_SECRET_KEY": secrets["SOHOA_SECRET_KEY"],
		} {
			if got := env(s, k); got != want {
				t.Errorf("%s %s = %q, want %q", name, k, got, want)
			}
		}
	}
}

// TestComposeWiring checks that the sohoa services reach the backing
// services by their compose names and ports, with values the code parses.
func TestComposeWiring(t *testing.T) {
	p := project(t)
	for _, name := range sohoaServices {
		s := service(t, p, name)
		redisURL := env(s, "SOHOA_REDIS_URL")
		opt, err := asynq.ParseRedisURI(redisURL)
		if err != nil {
			t.Errorf("%s SOHOA_REDIS_URL %q: %v", name, redisURL, err)
		} else if c, ok := opt.(asynq.RedisClientOpt); !ok || c.Addr != "redis:6379" {
			t.Errorf("%s SOHOA_REDIS_URL %q does not name the redis service", name, redisURL)
		}
		if got := env(s, "SOHOA_S3_ENDPOINT"); got != "minio:9000" {
			t.Errorf("%s SOHOA_S3_ENDPOINT = %q, want minio:9000", name, got)
		}
		if u, err := url.Parse(env(s, "MEILI_URL")); err != nil || u.Host != "meilisearch:7700" {
			t.Errorf("%s MEILI_URL = %q, want the meilisearch service", name, env(s, "MEILI_URL"))
		}
		if v := env(s, "SOHOA_TASK_TIMEOUT"); v != "" {
			if _, err := time.ParseDuration(v); err != nil {
				t.Errorf("%s SOHOA_TASK_TIMEOUT: %v", name, err)
			}
		}
		if v := env(s, "SOHOA_S3_USE_SSL"); v != "" {
			if _, err := strconv.ParseBool(v); err != nil {
				t.Errorf("%s SOHOA_S3_USE_SSL: %v", name, err)
			}
		}
		for _, dep := range []string{"redis", "minio", "meilisearch"} {
			d, ok := s.DependsOn[dep]
			if !ok || d.Condition != types.ServiceConditionHealthy {
				t.Errorf("%s must depend on %s being healthy (got %+v)", name, dep, d)
			}
		}
	}
}

func hasHealthcheck(s types.ServiceConfig) bool {
	return s.HealthCheck != nil && !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 1
}

func volumeAt(p *types.Project, s types.ServiceConfig, target string) bool {
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeVolume && v.Target == target {
			if _, ok := p.Volumes[v.Source]; ok {
				return true
			}
		}
	}
	return false
}

func TestComposeBackingServices(t *testing.T) {
	p := project(t)
	redis := service(t, p, "redis")
	cmd := strings.Join(redis.Command, " ")
	for _, want := range []string{"--appendonly yes", "--maxmemory-policy noeviction"} {
		if !strings.Contains(cmd, want) {
			t.Errorf("redis command %q lacks %q", cmd, want)
		}
	}
	for _, c := range []struct{ svc, target string }{
		{"redis", "/data"}, {"minio", "/data"}, {"meilisearch", "/meili_data"},
	} {
		s := service(t, p, c.svc)
		if !volumeAt(p, s, c.target) {
			t.Errorf("%s keeps %s on no named volume", c.svc, c.target)
		}
		if !hasHealthcheck(s) {
			t.Errorf("%s has no healthcheck", c.svc)
		}
		if s.Image == "" || strings.HasSuffix(s.Image, ":latest") || !strings.Contains(s.Image, ":") {
			t.Errorf("%s image %q is not pinned to a version", c.svc, s.Image)
		}
	}
}

func TestComposeSohoaServices(t *testing.T) {
	p := project(t)
	api, worker := service(t, p, "api"), service(t, p, "worker")
	if got := []string(api.Command); !slices.Equal(got, []string{"serve"}) {
		t.Errorf("api command = %q, want serve", got)
	}
	if got := []string(worker.Command); !slices.Equal(got, []string{"worker"}) {
		t.Errorf("worker command = %q, want worker", got)
	}
	for _, s := range []types.ServiceConfig{api, worker} {
		if s.Image != api.Image || s.Build == nil {
			t.Errorf("%s: image %q build %v; both roles must build the one sohoa image %q", s.Name, s.Image, s.Build, api.Image)
		}
		if !hasHealthcheck(s) {
			t.Errorf("%s has no healthcheck", s.Name)
		}
	}
	// Scalable: nothing that two replicas would fight over.
	if worker.ContainerName != "" || len(worker.Ports) > 0 {
		t.Errorf("worker is not scalable: container_name %q, ports %v", worker.ContainerName, worker.Ports)
	}
	for _, v := range worker.Volumes {
		if v.Type != types.VolumeTypeBind || !v.ReadOnly {
			t.Errorf("worker mounts %s at %s writable: workers must keep no state", v.Source, v.Target)
		}
	}
	// Workers sign the records they write: api and workers see the same
	// key folder, read-only, where SOHOA_SIGNING_KEY_DIR points.
	for _, s := range []types.ServiceConfig{api, worker} {
		dir := env(s, "SOHOA_SIGNING_KEY_DIR")
		found := false
		for _, v := range s.Volumes {
			if v.Target == dir && v.ReadOnly && v.Type == types.VolumeTypeBind {
				found = true
			}
		}
		if dir == "" || !found {
			t.Errorf("%s: SOHOA_SIGNING_KEY_DIR %q is not a read-only mounted key folder", s.Name, dir)
		}
	}
	if worker.StopGracePeriod == nil || time.Duration(*worker.StopGracePeriod) <= 30*time.Second {
		t.Errorf("worker stop_grace_period %v must exceed the 30 s the worker gives in-flight tasks", worker.StopGracePeriod)
	}
	// Each healthcheck asks the endpoint the process really serves.
	checks := []struct {
		svc     types.ServiceConfig
		addrVar string
		path    string
	}{
		{api, "SOHOA_HTTP_ADDR", "/readyz"},
		{worker, "SOHOA_METRICS_ADDR", "/healthz"},
	}
	for _, c := range checks {
		test := c.svc.HealthCheck.Test
		if len(test) < 4 || test[0] != "CMD" || test[1] != "sohoa" || test[2] != "healthcheck" {
			t.Errorf("%s healthcheck %q: want [CMD sohoa healthcheck URL] (the image has no curl)", c.svc.Name, test)
			continue
		}
		u, err := url.Parse(test[len(test)-1])
		if err != nil {
			t.Errorf("%s healthcheck URL: %v", c.svc.Name, err)
			continue
		}
		_, port, err := net.SplitHostPort(env(c.svc, c.addrVar))
		if err != nil {
			t.Errorf("%s %s = %q: %v", c.svc.Name, c.addrVar, env(c.svc, c.addrVar), err)
			continue
		}
		if u.Port() != port || u.Path != c.path {
			t.Errorf("%s healthcheck asks %s, but the process serves %s on port %s", c.svc.Name, u, c.path, port)
		}
	}
	published := false
	for _, pt := range api.Ports {
		_, port, _ := net.SplitHostPort(env(api, "SOHOA_HTTP_ADDR"))
		published = published || strconv.Itoa(int(pt.Target)) == port
	}
	if !published {
		t.Errorf("api publishes %v, not the port it listens on", api.Ports)
	}
}

// dockerfile is a Dockerfile split into instructions (continuations joined).
func dockerfile(t *testing.T) [][2]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	var cur string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			cur += more + " "
			continue
		}
		cur += line
		instr, args, _ := strings.Cut(cur, " ")
		out = append(out, [2]string{strings.ToUpper(instr), strings.TrimSpace(args)})
		cur = ""
	}
	return out
}

func TestDockerfile(t *testing.T) {
	ins := dockerfile(t)
	var froms []string
	var runtime [][2]string // instructions of the last stage
	for _, in := range ins {
		if in[0] == "FROM" {
			froms = append(froms, in[1])
			runtime = nil
		}
		runtime = append(runtime, in)
	}
	if len(froms) != 2 || !strings.HasPrefix(froms[0], "golang:1.26-bookworm ") || froms[1] != "debian:bookworm-slim" {
		t.Fatalf("stages %q: want golang:1.26-bookworm AS build, then debian:bookworm-slim", froms)
	}
	all := func(stage [][2]string, instr string) string {
		var b []string
		for _, in := range stage {
			if in[0] == instr {
				b = append(b, in[1])
			}
		}
		return strings.Join(b, "\n")
	}
	build := ins[:slices.IndexFunc(ins[1:], func(in [2]string) bool { return in[0] == "FROM" })+1]
	for _, pkg := range []string{"libtesseract-dev", "libleptonica-dev"} {
		if !hasWord(all(build, "RUN"), pkg) {
			t.Errorf("build stage does not install %s (gosseract is cgo)", pkg)
		}
	}
	if !strings.Contains(all(build, "RUN"), "./cmd/sohoa") {
		t.Error("build stage does not build ./cmd/sohoa")
	}
	// The runtime needs Tesseract with the Vietnamese and orientation data,
	// and the poppler tools the pipeline runs (pdfinfo, pdftoppm, pdftotext).
	for _, pkg := range []string{"tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-osd", "poppler-utils", "ca-certificates"} {
		if !hasWord(all(runtime, "RUN"), pkg) {
			t.Errorf("runtime stage does not install %s", pkg)
		}
	}
	user := all(runtime, "USER")
	if user == "" || user == "root" || strings.HasPrefix(user, "0") || strings.HasPrefix(user, "root:") {
		t.Errorf("runtime USER %q: want a non-root user", user)
	}
	if !regexp.MustCompile(`(^|\s)OMP_THREAD_LIMIT=1(\s|$)`).MatchString(all(runtime, "ENV")) {
		t.Error("runtime does not set OMP_THREAD_LIMIT=1 (Tesseract is ~5x slower without it)")
	}
	if got := all(runtime, "ENTRYPOINT"); got != `["sohoa"]` {
		t.Errorf("ENTRYPOINT %s, want [\"sohoa\"]", got)
	}
	// Every ENV the image sets for sohoa is one it reads.
	known := map[string]bool{"OMP_THREAD_LIMIT": true}
	for _, v := range config.Vars {
		known[v.Name] = true
	}
	for _, f := range strings.Fields(all(runtime, "ENV")) {
		if k, _, ok := strings.Cut(f, "="); ok && !known[k] {
			t.Errorf("Dockerfile sets %s, which sohoa does not read", k)
		}
	}
}

func hasWord(s, w string) bool {
	return slices.Contains(strings.Fields(s), w)
}

// TestDockerignoreKeepsTheSources checks that no Go package the binary is
// built from is left out of the build context.
func TestDockerignoreKeepsTheSources(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			patterns = append(patterns, strings.TrimPrefix(l, "/"))
		}
	}
	ignored := func(rel string) string {
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, rel); ok {
				return p
			}
			if ok, _ := filepath.Match(p, strings.Split(rel, "/")[0]); ok {
				return p
			}
		}
		return ""
	}
	for _, f := range []string{"go.mod", "go.sum"} {
		if p := ignored(f); p != "" {
			t.Errorf(".dockerignore %q drops %s", p, f)
		}
	}
	for _, f := range sourceFiles(t, true) {
		rel, _ := filepath.Rel(root, f)
		if p := ignored(filepath.ToSlash(rel)); p != "" {
			t.Errorf(".dockerignore %q drops %s", p, rel)
		}
	}
}

// sourceFiles lists the repository's non-test Go files.
func sourceFiles(t *testing.T, includeEmbedded bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "bin" || d.Name() == "data") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// envName is what an environment variable of sohoa looks like.
var envName = regexp.MustCompile(`^(SOHOA|MEILI)_[A-Z0-9_]+$`)

// notConfig are variables the code reads that are no configuration: the
// helper-process marker, and the test harness's tool locations.
var notConfig = map[string]bool{
	"SOHOA_HELPER":    true, // set by sohoa itself for its helper processes
	"SOHOA_MINIO_BIN": true, // internal/testenv
	"SOHOA_TOOLS_DIR": true, // internal/testenv, scripts
	// internal/ocrproc: fault injection into OCR helpers, for its tests
	"SOHOA_OCRPROC_FAULT": true,
}

// TestVarsListExactlyWhatTheCodeReads scans the sources for variable names
// (string literals such as "SOHOA_…"): every one must be in config.Vars,
// and every entry of config.Vars must occur in code outside the table.
func TestVarsListExactlyWhatTheCodeReads(t *testing.T) {
	listed := map[string]bool{}
	for _, v := range config.Vars {
		if listed[v.Name] {
			t.Errorf("config.Vars lists %s twice", v.Name)
		}
		listed[v.Name] = true
	}
	used := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range sourceFiles(t, false) {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok && file.Name.Name == "config" && len(vs.Names) == 1 && vs.Names[0].Name == "Vars" {
				return false // the table itself
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && envName.MatchString(s) {
				used[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	for name, where := range used {
		if !listed[name] && !notConfig[name] {
			t.Errorf("%s (%s) is read but not in config.Vars", name, where)
		}
	}
	for name := range listed {
		if _, ok := used[name]; !ok {
			t.Errorf("config.Vars lists %s, which no code reads", name)
		}
	}
}

var update = flag.Bool("update", false, "rewrite README.md's configuration table from config.Vars")

// TestReadmeConfigurationReference checks README.md's table between the
// config markers against `sohoa config-doc`.
func TestReadmeConfigurationReference(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	_, rest, ok := strings.Cut(s, deploy.BeginMarker)
	section, _, ok2 := strings.Cut(rest, deploy.EndMarker)
	if !ok || !ok2 {
		t.Fatalf("README.md lacks the %s … %s section", deploy.BeginMarker, deploy.EndMarker)
	}
	var want strings.Builder
	if err := deploy.ConfigTable(&want, config.Vars); err != nil {
		t.Fatal(err)
	}
	if *update {
		i := strings.Index(s, deploy.BeginMarker) + len(deploy.BeginMarker)
		j := strings.Index(s, deploy.EndMarker)
		s = s[:i] + "\n" + want.String() + s[j:]
		if err := os.WriteFile(filepath.Join(root, "README.md"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		section = "\n" + want.String()
	}
	if got := strings.TrimSpace(section); got != strings.TrimSpace(want.String()) {
		t.Errorf("README.md's configuration table is out of date; run `go test ./deploy -run Readme -update` (or paste `sohoa config-doc`).\ngot:\n%s\nwant:\n%s", got, want.String())
	}
	// And the table names exactly config.Vars, in order.
	var names []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([A-Z0-9_]+)` \\|").FindAllStringSubmatch(section, -1) {
		names = append(names, m[1])
	}
	var vars []string
	for _, v := range config.Vars {
		vars = append(vars, v.Name)
	}
	if !slices.Equal(names, vars) {
		t.Errorf("README lists %v, config.Vars is %v", names, vars)
	}
}

func TestConfigTable(t *testing.T) {
	var b strings.Builder
	err := deploy.ConfigTable(&b, []config.Var{
		{Name: "A_B", Default: "", Help: "plain"},
		{Name: "C", Default: "5m", Help: "with | pipe\nand newline"},
		{Name: "D", Default: "number of cores", Help: "prose default"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "| variable | default | meaning |\n|---|---|---|\n" +
		"| `A_B` | | plain |\n" +
		"| `C` | `5m` | with \\| pipe and newline |\n" +
		"| `D` | number of cores | prose default |\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
