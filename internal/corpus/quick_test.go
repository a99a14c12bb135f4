package corpus

import (
	"image/png"
	"os"
	"testing"
	"time"
)

func TestQuickDump(t *testing.T) {
	if os.Getenv("CORPUS_DUMP") == "" {
		t.Skip()
	}
	for i := 0; i < 4; i++ {
		t0 := time.Now()
		s := Render(1, i, Options{Types: []string{os.Getenv("CORPUS_DUMP")}})
		t.Logf("%s %s %v %v", s.Name, s.Font, time.Since(t0), s.Fields)
		f, _ := os.Create("/tmp/cq/" + s.Name + ".png")
		png.Encode(f, s.Image)
		f.Close()
		os.WriteFile("/tmp/cq/"+s.Name+".txt", []byte(s.Text), 0o644)
	}
}

func TestQuickDegrade(t *testing.T) {
	if os.Getenv("CORPUS_DEG") == "" {
		t.Skip()
	}
	s := Render(1, 1, Options{Types: []string{"decision"}})
	for _, d := range Degradations() {
		t0 := time.Now()
		img, m := DegradeSample(s, d, 5)
		el := time.Since(t0)
		f, _ := os.Create("/tmp/cq/deg-" + string(d) + ".png")
		png.Encode(f, img)
		f.Close()
		t.Logf("%s %v %+v", d, el, m.Corners)
	}
}
