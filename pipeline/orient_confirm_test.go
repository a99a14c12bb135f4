package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"slices"
	"sync"
	"testing"
	"time"
)

// weakPage is an A4-sized page (1700×2300) whose layout margin is under
// confirmLayoutConfidence: a line of descenders (g, p, q, y) below the
// sample text pulls the ink cue towards "upside down". Turned by 360−deg
// it needs deg clockwise to read upright.
func weakPage(t testing.TB, deg int) *image.Gray {
	t.Helper()
	src := renderPage(t, append(sampleLines[:7:7], "gặp quy ngày giữa gây ghép"), 1700, 36)
	g := image.NewGray(image.Rect(0, 0, 1700, 2300))
	draw.Draw(g, g.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(g, src.Bounds().Add(image.Pt(0, 200)), src, image.Point{}, draw.Src)
	g = Rotate90s(g, 360-deg)
	l := AnalyzeLayout(g)
	if l.OrientConf >= confirmLayoutConfidence || l.Orientation != deg {
		t.Fatalf("test page turned %d: layout %+v, want turn %d with a margin under %.2f", deg, l, deg, confirmLayoutConfidence)
	}
	return g
}

// TestSpeculativeOrientationMatchesClean: a page whose turn OSD confirms
// beside the OCR (ADR 1111) comes out exactly as Clean, which waits for
// OSD, makes it, and reads the same.
func TestSpeculativeOrientationMatchesClean(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of two A4 pages")
	}
	eng := newTestEngine(t)
	ctx := context.Background()
	for _, deg := range []int{0, 180} {
		g := weakPage(t, deg)
		want, err := Clean(ctx, g, eng, CleanOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := ProcessPageOptions(ctx, g, eng, PageOptions{NoPostCorrect: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Timings["osd"]; !ok {
			t.Errorf("turn %d: no OSD beside the OCR (timings %v)", deg, res.Timings)
		}
		got := res.Cleaned
		if got.Orientation != deg || got.Orientation != want.Orientation || got.SkewDeg != want.SkewDeg ||
			!slices.Equal(got.Steps, want.Steps) || !bytes.Equal(got.Image.Pix, want.Image.Pix) {
			t.Errorf("turn %d: speculative clean %d° %.2f° %v, Clean %d° %.2f° %v (same pixels: %v)", deg,
				got.Orientation, got.SkewDeg, got.Steps, want.Orientation, want.SkewDeg, want.Steps,
				bytes.Equal(got.Image.Pix, want.Image.Pix))
		}
		txt, err := eng.Recognize(ctx, want.Image)
		if err != nil {
			t.Fatal(err)
		}
		if res.OCR.Text != txt.Text {
			t.Errorf("turn %d: text %q, want %q", deg, res.OCR.Text, txt.Text)
		}
	}
}

// scriptedEngine answers OSD as told and, when block is set, holds its
// first Recognize until that call's context is cancelled.
type scriptedEngine struct {
	deg   int
	conf  float64
	err   error
	block bool

	mu        sync.Mutex
	calls     int
	cancelled int
}

func (e *scriptedEngine) Close() error { return nil }

func (e *scriptedEngine) DetectOrientation(ctx context.Context, img *image.Gray) (int, float64, error) {
	return e.deg, e.conf, e.err
}

func (e *scriptedEngine) Recognize(ctx context.Context, img *image.Gray) (PageText, error) {
	e.mu.Lock()
	e.calls++
	first := e.calls == 1
	e.mu.Unlock()
	if first && e.block {
		select {
		case <-ctx.Done():
			e.mu.Lock()
			e.cancelled++
			e.mu.Unlock()
			return PageText{}, ctx.Err()
		case <-time.After(20 * time.Second):
			return PageText{}, errors.New("speculative OCR was not cancelled")
		}
	}
	return PageText{Text: fmt.Sprintf("%dx%d", img.Rect.Dx(), img.Rect.Dy())}, nil
}

// TestSpeculativeOrientationOverruled: when OSD is sure of another turn
// than the layout's, the OCR begun on the layout's turn is cancelled and
// the page is finished and recognised again with OSD's turn — the same
// page Clean makes, and the stored PNG is of it.
func TestSpeculativeOrientationOverruled(t *testing.T) {
	ctx := context.Background()
	g := weakPage(t, 0)
	eng := &scriptedEngine{deg: 90, conf: 5, block: true}
	want, err := Clean(ctx, g, eng, CleanOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if want.Orientation != 90 {
		t.Fatalf("Clean turned %d°, want OSD's 90°", want.Orientation)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, g); err != nil {
		t.Fatal(err)
	}
	res, err := ProcessPageFile(ctx, buf.Bytes(), DefaultLimits, eng, FileOptions{Page: PageOptions{NoPostCorrect: true}})
	if err != nil {
		t.Fatal(err)
	}
	if eng.calls != 2 || eng.cancelled != 1 {
		t.Errorf("Recognize called %d times, %d cancelled; want 2, the first cancelled", eng.calls, eng.cancelled)
	}
	c := res.Cleaned
	if c.Orientation != 90 || c.SkewDeg != want.SkewDeg || !slices.Equal(c.Steps, want.Steps) {
		t.Errorf("cleaned %d° %.2f° %v, want %d° %.2f° %v", c.Orientation, c.SkewDeg, c.Steps, want.Orientation, want.SkewDeg, want.Steps)
	}
	b := want.Image.Rect
	if wantText := fmt.Sprintf("%dx%d", b.Dx(), b.Dy()); res.OCR.Text != wantText {
		t.Errorf("recognised a %s page, want %s", res.OCR.Text, wantText)
	}
	stored, err := png.Decode(bytes.NewReader(res.CleanedPNG))
	if err != nil {
		t.Fatal(err)
	}
	if sg, ok := stored.(*image.Gray); !ok || !bytes.Equal(sg.Pix, want.Image.Pix) {
		t.Errorf("stored PNG is not the page cleaned with OSD's turn")
	}
}

// TestSpeculativeOrientationKept: an unsure OSD, or one that agrees, keeps
// the layout's turn and the one OCR; an OSD failure fails the page, as in
// Clean.
func TestSpeculativeOrientationKept(t *testing.T) {
	ctx := context.Background()
	g := weakPage(t, 180)
	osdErr := errors.New("osd broke")
	tests := []struct {
		name    string
		eng     *scriptedEngine
		wantErr error
	}{
		{"unsure", &scriptedEngine{deg: 90, conf: 0.5}, nil},
		{"agrees", &scriptedEngine{deg: 180, conf: 5}, nil},
		{"fails", &scriptedEngine{err: osdErr}, osdErr},
	}
	for _, tt := range tests {
		res, err := ProcessPageOptions(ctx, g, tt.eng, PageOptions{NoPostCorrect: true})
		_, cleanErr := Clean(ctx, g, tt.eng, CleanOptions{})
		if !errors.Is(err, tt.wantErr) || !errors.Is(cleanErr, tt.wantErr) {
			t.Errorf("%s: error %v (Clean: %v), want %v", tt.name, err, cleanErr, tt.wantErr)
		}
		if tt.wantErr != nil {
			continue
		}
		if res.Cleaned.Orientation != 180 || tt.eng.calls != 1 {
			t.Errorf("%s: turned %d° with %d OCR calls, want 180° and 1", tt.name, res.Cleaned.Orientation, tt.eng.calls)
		}
	}
}
