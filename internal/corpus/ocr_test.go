package corpus

import (
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cer is the character error rate of got against want: rune edit distance
// over the length of want, after collapsing white space.
func cer(want, got string) float64 {
	a := []rune(strings.Join(strings.Fields(want), " "))
	b := []rune(strings.Join(strings.Fields(got), " "))
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(b)]) / float64(max(1, len(a)))
}

// TestTesseractReadsCleanPage proves the rendering is legible: the real
// tesseract CLI reads a clean page with a low character error rate.
func TestTesseractReadsCleanPage(t *testing.T) {
	bin, err := exec.LookPath("tesseract")
	if err != nil {
		t.Skip("tesseract not installed")
	}
	if out, err := exec.Command(bin, "--list-langs").CombinedOutput(); err != nil || !strings.Contains(string(out), "vie") {
		t.Skip("tesseract has no vie language data")
	}
	s := Render(11, 0, Options{Scale: 0.6, Types: []string{TypeNotice}})
	path := filepath.Join(t.TempDir(), "page.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, s.Image); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, path, "-", "-l", "vie", "--dpi", "180")
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tesseract: %v", err)
	}
	got := string(out)
	c := cer(s.Text, got)
	t.Logf("%s (%s, %d dpi): CER %.3f", s.Name, s.Font, s.DPI, c)
	if c > 0.05 {
		t.Errorf("CER %.3f > 0.05\nwant:\n%s\ngot:\n%s", c, s.Text, got)
	}
}

func TestCER(t *testing.T) {
	if c := cer("abc def", "abc  def\n"); c != 0 {
		t.Errorf("cer of same text = %v", c)
	}
	if c := cer("abcd", "abxd"); c != 0.25 {
		t.Errorf("cer = %v, want 0.25", c)
	}
}
