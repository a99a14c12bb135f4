package archive

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sohoa/sohoa/storage"
)

// Export layout: DIR/objects/<key> for every object, DIR/SHA256SUMS in
// sha256sum(1) format ("<hex>  <key>", checkable with
// `cd DIR/objects && sha256sum -c ../SHA256SUMS`), written last so an
// export without it is incomplete, and DIR/export.json with totals.
const (
	sumsFile   = "SHA256SUMS"
	objectsDir = "objects"
	infoFile   = "export.json"
)

// ExportInfo is DIR/export.json.
type ExportInfo struct {
	Format  string    `json:"format"`
	Created time.Time `json:"created"`
	Objects int       `json:"objects"`
	Bytes   int64     `json:"bytes"`
}

// Export copies every object of the store into dir (missing or empty)
// with a manifest of SHA-256 checksums. Content-addressed objects
// (originals, artefacts) are checked against the digest in their key on
// the way, so a damaged store is not silently carried over.
func (a *Archive) Export(ctx context.Context, dir string) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("export: %s is not empty", dir)
	}
	if err := os.MkdirAll(filepath.Join(dir, objectsDir), 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var lines []string
	info := ExportInfo{Format: "sohoa-export-1", Created: time.Now().UTC()}
	err := a.s.List(ctx, "", func(in storage.Info) error {
		if strings.ContainsAny(in.Key, "\n\r") {
			return fmt.Errorf("export: key %q cannot go in a manifest", in.Key)
		}
		sum, n, err := a.exportOne(ctx, dir, in.Key)
		if err != nil {
			return err
		}
		if want := keyDigest(in.Key); want != "" && want != sum {
			return fmt.Errorf("export: %s hashes to %s: store damaged, run sohoa verify", in.Key, sum)
		}
		lines = append(lines, sum+"  "+in.Key+"\n")
		info.Objects++
		info.Bytes += n
		return nil
	})
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(info, "", "  ")
	if err := os.WriteFile(filepath.Join(dir, infoFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return writeFileSync(filepath.Join(dir, sumsFile), []byte(strings.Join(lines, "")))
}

// keyDigest is the SHA-256 a content-addressed key promises ("" if none).
func keyDigest(key string) string {
	if strings.HasPrefix(key, originalsPrefix) {
		return key[strings.LastIndex(key, "/")+1:]
	}
	if strings.HasPrefix(key, docsPrefix) && strings.Contains(key, "/artefacts/") {
		name := key[strings.LastIndex(key, "/")+1:]
		if len(name) > 65 && name[64] == '-' && hexSum.MatchString(name[:64]) {
			return name[:64]
		}
	}
	return ""
}

func (a *Archive) exportOne(ctx context.Context, dir, key string) (string, int64, error) {
	rc, err := a.s.Get(ctx, key)
	if err != nil {
		return "", 0, fmt.Errorf("export %s: %w", key, err)
	}
	defer rc.Close()
	p := filepath.Join(dir, objectsDir, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	f, err := os.Create(p)
	if err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	dr := storage.NewDigestReader(rc, -1, "")
	n, err := io.Copy(f, dr)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", 0, fmt.Errorf("export %s: %w", key, err)
	}
	return dr.Sum(), n, nil
}

func writeFileSync(p string, b []byte) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type entry struct{ sum, key string }

// Import loads an export into the archive. Every file is checked against
// the manifest before anything is written (and nothing is written if one
// fails); then originals and artefacts go in before records, so an
// interrupted import never shows a record whose objects are missing.
// Objects already present with the same bytes are skipped, so an import
// can be re-run; different bytes under an existing key are an error.
func Import(ctx context.Context, dir string, into *Archive) error {
	entries, err := readManifest(filepath.Join(dir, sumsFile))
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	var bad []string
	for _, e := range entries {
		listed[e.key] = true
		sum, _, err := hashFile(filepath.Join(dir, objectsDir, filepath.FromSlash(e.key)))
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("%s: %v", e.key, err))
		case sum != e.sum:
			bad = append(bad, fmt.Sprintf("%s: sha256 %s, manifest says %s", e.key, sum, e.sum))
		case keyDigest(e.key) != "" && keyDigest(e.key) != sum:
			bad = append(bad, fmt.Sprintf("%s: sha256 %s differs from its key", e.key, sum))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	root := filepath.Join(dir, objectsDir)
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if !listed[filepath.ToSlash(rel)] {
				bad = append(bad, fmt.Sprintf("%s: not in the manifest", filepath.ToSlash(rel)))
			}
		}
		return nil
	})
	if len(bad) > 0 {
		return fmt.Errorf("import: %d files fail their checksums, nothing imported:\n  %s", len(bad), strings.Join(bad, "\n  "))
	}
	// Records last.
	slices.SortStableFunc(entries, func(x, y entry) int {
		rx, ry := isRecordKey(x.key), isRecordKey(y.key)
		switch {
		case rx == ry:
			return strings.Compare(x.key, y.key)
		case rx:
			return 1
		}
		return -1
	})
	for _, e := range entries {
		if err := into.importOne(ctx, dir, e); err != nil {
			return err
		}
	}
	return nil
}

func isRecordKey(key string) bool {
	return strings.HasPrefix(key, docsPrefix) && strings.Contains(key, "/record/")
}

func (a *Archive) importOne(ctx context.Context, dir string, e entry) error {
	f, err := os.Open(filepath.Join(dir, objectsDir, filepath.FromSlash(e.key)))
	if err != nil {
		return fmt.Errorf("import %s: %w", e.key, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("import %s: %w", e.key, err)
	}
	_, err = a.s.Put(ctx, e.key, f, st.Size(), a.putOpts(e.key, e.sum, ""))
	if errors.Is(err, storage.ErrExists) {
		rc, gerr := a.s.Get(ctx, e.key)
		if gerr != nil {
			return fmt.Errorf("import %s: %w", e.key, gerr)
		}
		dr := storage.NewDigestReader(rc, -1, "")
		_, gerr = io.Copy(io.Discard, dr)
		rc.Close()
		if gerr != nil {
			return fmt.Errorf("import %s: %w", e.key, gerr)
		}
		if dr.Sum() != e.sum {
			return fmt.Errorf("import %s: the store already holds different bytes (sha256 %s)", e.key, dr.Sum())
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", e.key, err)
	}
	return nil
}

func readManifest(p string) ([]entry, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("import: manifest: %w (incomplete export?)", err)
	}
	defer f.Close()
	var es []entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for line := 1; sc.Scan(); line++ {
		sum, key, ok := strings.Cut(sc.Text(), "  ")
		if !ok || !hexSum.MatchString(sum) || storage.CheckKey(key) != nil {
			return nil, fmt.Errorf("import: %s line %d malformed", sumsFile, line)
		}
		es = append(es, entry{sum, key})
	}
	return es, sc.Err()
}

func hashFile(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	dr := storage.NewDigestReader(f, -1, "")
	n, err := io.Copy(io.Discard, dr)
	return dr.Sum(), n, err
}
