package workers_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sohoa/sohoa/pipeline"
	"github.com/sohoa/sohoa/workers"
)

func TestCleanFilename(t *testing.T) {
	tests := []struct{ in, want string }{
		{"scan.png", "scan.png"},
		{"../../etc/passwd", "passwd"},
		{`..\..\windows\win.ini`, "win.ini"},
		{"a\x00b.pdf", "ab.pdf"},
		{"hồ sơ\r\n.pdf", "hồ sơ.pdf"},
		{"..", ""},
		{"/", ""},
		{"", ""},
		{strings.Repeat("ệ", 200) + ".png", strings.Repeat("ệ", 85)}, // 255 bytes, whole runes
	}
	for _, tt := range tests {
		if got := workers.CleanFilename(tt.in); got != tt.want {
			t.Errorf("CleanFilename(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		name   string
		format pipeline.Format
		ok     bool
	}{
		{"don.txt", pipeline.FormatText, true},
		{"ghi-chu", pipeline.FormatText, true},
		{"scan.PNG", pipeline.FormatText, false},
		{"hop-dong.pdf", pipeline.FormatText, false},
		{"scan.jpg", pipeline.FormatPNG, true}, // wrong extension: read by content
		{"scan.png", pipeline.FormatPDF, true},
	}
	for _, tt := range tests {
		err := workers.CheckName(tt.name, tt.format)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, pipeline.ErrUnsupported)) {
			t.Errorf("CheckName(%q, %s) = %v, want ok=%v", tt.name, tt.format, err, tt.ok)
		}
	}
}
