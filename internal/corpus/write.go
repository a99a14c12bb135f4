package corpus

import (
	"bufio"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// IndexEntry is one line of index.jsonl: one degraded image of one sample.
type IndexEntry struct {
	Name        string      `json:"name"`
	DocType     string      `json:"doc_type"`
	Degradation Degradation `json:"degradation"`
	Image       string      `json:"image"`  // file name in the directory
	GT          string      `json:"gt"`     // ground-truth text file
	Fields      string      `json:"fields"` // ground-truth fields file
	Width       int         `json:"width"`
	Height      int         `json:"height"`
	Font        string      `json:"font"`
	Meta        Meta        `json:"meta"`
}

// DegradeSeed is the seed WriteDir uses for degradation k of sample i, so
// that callers can reproduce a file without reading the index.
func DegradeSeed(seed int64, i, k int) int64 {
	return int64(mix(uint64(seed)^mix(uint64(i)<<8|uint64(k))) >> 1)
}

// WriteDir writes samples 0..n-1, each under every degradation in degs
// (all when empty): <name>.<deg>.png (.jpg for JPEG), <name>.<deg>.gt.txt,
// <name>.fields.json, and index.jsonl listing them in order. The output is
// byte-for-byte reproducible. Samples render in parallel.
func WriteDir(dir string, seed int64, n int, opts Options, degs []Degradation) error {
	if len(degs) == 0 {
		degs = Degradations()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create corpus dir: %w", err)
	}
	entries := make([][]IndexEntry, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			entries[i], errs[i] = writeSample(dir, seed, i, opts, degs)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	f, err := os.Create(filepath.Join(dir, "index.jsonl"))
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, es := range entries {
		for _, e := range es {
			if err := enc.Encode(e); err != nil {
				f.Close()
				return fmt.Errorf("write index: %w", err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write index: %w", err)
	}
	return f.Close()
}

func writeSample(dir string, seed int64, i int, opts Options, degs []Degradation) ([]IndexEntry, error) {
	s := Render(seed, i, opts)
	fields, err := json.MarshalIndent(s.Fields, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode fields of %s: %w", s.Name, err)
	}
	fieldsName := s.Name + ".fields.json"
	if err := os.WriteFile(filepath.Join(dir, fieldsName), append(fields, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write fields of %s: %w", s.Name, err)
	}
	var out []IndexEntry
	for k, d := range degs {
		img, m := DegradeSample(s, d, DegradeSeed(seed, i, k))
		base := s.Name + "." + string(d)
		imgName := base + ".png"
		if d == JPEG {
			imgName = base + ".jpg"
			err = os.WriteFile(filepath.Join(dir, imgName), m.JPEGData, 0o644)
		} else {
			err = writePNG(filepath.Join(dir, imgName), img)
		}
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", imgName, err)
		}
		gtName := base + ".gt.txt"
		if err := os.WriteFile(filepath.Join(dir, gtName), []byte(s.Text), 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", gtName, err)
		}
		b := img.Bounds()
		out = append(out, IndexEntry{Name: s.Name, DocType: s.DocType, Degradation: d, Image: imgName, GT: gtName,
			Fields: fieldsName, Width: b.Dx(), Height: b.Dy(), Font: s.Font, Meta: m})
	}
	return out, nil
}

// writePNG writes img fast: grey pages as 8-bit grey, best-speed deflate.
func writePNG(path string, img image.Image) error {
	if rgba, ok := img.(*image.RGBA); ok && isGray(rgba) {
		g := image.NewGray(rgba.Rect)
		for i := range g.Pix {
			g.Pix[i] = rgba.Pix[4*i]
		}
		img = g
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func isGray(img *image.RGBA) bool {
	p := img.Pix
	for i := 0; i < len(p); i += 4 {
		if p[i] != p[i+1] || p[i] != p[i+2] {
			return false
		}
	}
	return true
}
