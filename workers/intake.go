package workers

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sohoa/sohoa/pipeline"
)

// ErrNameMismatch is returned for text content under a name that claims an
// image or a PDF (ADR 0904).
var ErrNameMismatch = fmt.Errorf("%w: content does not match the file name", pipeline.ErrUnsupported)

// CheckName refuses a file whose name promises a scan (an image or PDF
// extension) but whose content is plain text: typically an error page or
// a log saved under the scan's name, which must not be filed as the
// citizen's document. Other mismatches (a JPEG named .png) are read by
// content: scanners and phones mislabel formats, and the bytes decide.
func CheckName(filename string, f pipeline.Format) error {
	if f != pipeline.FormatText {
		return nil
	}
	switch ext := strings.ToLower(path.Ext(CleanFilename(filename))); ext {
	case ".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".gif", ".bmp", ".webp", ".pdf":
		return fmt.Errorf("%w: %q is named %s but holds text, not a scan", ErrNameMismatch, CleanFilename(filename), ext)
	}
	return nil
}

// CleanFilename keeps the last element of an uploaded file's name, without
// control characters (NUL included) or folders ("../"), at most 255 bytes:
// the name is shown and exported, never used as a storage key.
func CleanFilename(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '\\' {
			return '/'
		}
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = path.Base(path.Clean("/" + name))
	if name == "/" || name == "." || name == ".." {
		return ""
	}
	if len(name) > 255 {
		name = name[:255]
		for !utf8.ValidString(name) { // a rune cut in two
			name = name[:len(name)-1]
		}
	}
	return name
}
