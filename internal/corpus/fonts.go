package corpus

import (
	"fmt"
	"os"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
)

type style uint8

const (
	regular style = iota
	bold
	italic
	boldItalic
)

// family is a font family in four styles.
type family struct {
	Name  string
	Files [4]string
}

const (
	libDir  = "/usr/share/fonts/truetype/liberation2/"
	notoDir = "/usr/share/fonts/truetype/noto/"
	djvDir  = "/usr/share/fonts/truetype/dejavu/"
)

// serifFamilies set administrative pages (Times New Roman is the
// prescribed face; Liberation Serif has its metrics). sansFamilies set
// identity cards.
var serifFamilies = []family{
	{"Liberation Serif", [4]string{libDir + "LiberationSerif-Regular.ttf", libDir + "LiberationSerif-Bold.ttf", libDir + "LiberationSerif-Italic.ttf", libDir + "LiberationSerif-BoldItalic.ttf"}},
	{"Noto Serif", [4]string{notoDir + "NotoSerif-Regular.ttf", notoDir + "NotoSerif-Bold.ttf", notoDir + "NotoSerif-Italic.ttf", notoDir + "NotoSerif-BoldItalic.ttf"}},
	{"DejaVu Serif", [4]string{djvDir + "DejaVuSerif.ttf", djvDir + "DejaVuSerif-Bold.ttf", djvDir + "DejaVuSerif-Italic.ttf", djvDir + "DejaVuSerif-BoldItalic.ttf"}},
}

var sansFamilies = []family{
	{"Liberation Sans", [4]string{libDir + "LiberationSans-Regular.ttf", libDir + "LiberationSans-Bold.ttf", libDir + "LiberationSans-Italic.ttf", libDir + "LiberationSans-BoldItalic.ttf"}},
	{"Noto Sans", [4]string{notoDir + "NotoSans-Regular.ttf", notoDir + "NotoSans-Bold.ttf", notoDir + "NotoSans-Italic.ttf", notoDir + "NotoSans-BoldItalic.ttf"}},
	{"DejaVu Sans", [4]string{djvDir + "DejaVuSans.ttf", djvDir + "DejaVuSans-Bold.ttf", djvDir + "DejaVuSans-Oblique.ttf", djvDir + "DejaVuSans-BoldOblique.ttf"}},
}

var fontCache sync.Map // path → *fontEntry

type fontEntry struct {
	once sync.Once
	f    *opentype.Font
	err  error
}

// loadFont parses a font file once per process. A parsed *opentype.Font is
// safe for concurrent use; faces made from it are not, so each render makes
// its own.
func loadFont(path string) (*opentype.Font, error) {
	v, _ := fontCache.LoadOrStore(path, &fontEntry{})
	e := v.(*fontEntry)
	e.once.Do(func() {
		b, err := os.ReadFile(path)
		if err != nil {
			e.err = fmt.Errorf("read font: %w", err)
			return
		}
		e.f, e.err = opentype.Parse(b)
		if e.err != nil {
			e.err = fmt.Errorf("parse font %s: %w", path, e.err)
		}
	})
	return e.f, e.err
}

// available returns the families whose four files all load.
func available(fams []family) []family {
	var out []family
	for _, fam := range fams {
		ok := true
		for _, p := range fam.Files {
			if _, err := loadFont(p); err != nil {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, fam)
		}
	}
	return out
}

var (
	famOnce         sync.Once
	serifOK, sansOK []family
)

func families() (serif, sans []family) {
	famOnce.Do(func() {
		serifOK, sansOK = available(serifFamilies), available(sansFamilies)
		if len(serifOK) == 0 || len(sansOK) == 0 {
			panic("corpus: no usable fonts; install fonts-liberation2 (see scripts/setup.sh)")
		}
	})
	return serifOK, sansOK
}

// newFace makes a face at size points for dpi dots per inch. Unhinted, so
// that advances scale linearly and layout does not depend on resolution.
func newFace(fam *family, st style, size, dpi float64) font.Face {
	f, err := loadFont(fam.Files[st])
	if err != nil {
		panic(err) // families() only hands out loadable families
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: dpi, Hinting: font.HintingNone})
	if err != nil {
		panic(fmt.Sprintf("corpus: face %s: %v", fam.Name, err))
	}
	return face
}
