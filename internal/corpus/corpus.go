// Package corpus generates a reproducible corpus of synthetic Vietnamese
// administrative pages (Nghị định 30/2020 layout) and citizen papers with
// their ground truth, and degrades them the way scanners, photocopiers and
// phones do. Tests and benchmarks of cleaning, OCR, field extraction, search
// and near-duplicate detection use it instead of real dossiers.
//
// Everything is deterministic: the same (seed, i, Options) gives the same
// text, fields and pixels, and Degrade gives the same pixels for the same
// (image, degradation, seed).
package corpus

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Document types.
const (
	TypeCCCD                 = "cccd"
	TypeCMND                 = "cmnd"
	TypeBirthCertificate     = "birth_certificate"
	TypeMarriageStatus       = "marriage_status"
	TypeMarriageCertificate  = "marriage_certificate"
	TypeBusinessRegistration = "business_registration"
	TypeLandUseCertificate   = "land_use_certificate"
	TypeDecision             = "decision"
	TypeOfficialLetter       = "official_letter"
	TypeCircular             = "circular"
	TypeDecree               = "decree"
	TypeResolution           = "resolution"
	TypePlan                 = "plan"
	TypeNotice               = "notice"
	TypeReport               = "report"
	TypeApplication          = "application"
	TypeOther                = "other"
)

// DocTypes lists every document type the generator produces, in a fixed
// order (Generate cycles through it).
func DocTypes() []string {
	return []string{
		TypeDecision, TypeCCCD, TypeOfficialLetter, TypeBirthCertificate, TypeNotice,
		TypeBusinessRegistration, TypePlan, TypeMarriageStatus, TypeReport, TypeApplication,
		TypeCircular, TypeCMND, TypeResolution, TypeLandUseCertificate, TypeDecree,
		TypeMarriageCertificate, TypeOther,
	}
}

// Field keys of Sample.Fields. Values are exactly as printed (same case,
// same characters, header lines joined by one space) except dates, which
// are ISO YYYY-MM-DD whatever their printed form.
const (
	FieldDocNumber        = "doc_number"         // "56/2023/QĐ-UBND", without "Số:"
	FieldIssuer           = "issuer"             // "ỦY BAN NHÂN DÂN QUẬN CẦU GIẤY"
	FieldIssueDate        = "issue_date"         // ISO
	FieldSummary          = "summary"            // trích yếu: "Về việc …", "V/v …"
	FieldSigner           = "signer"             // "Nguyễn Văn An"
	FieldFullName         = "full_name"          // as printed (upper case on cards)
	FieldIDNumber         = "id_number"          // 12 digits (9 on a CMND)
	FieldDateOfBirth      = "date_of_birth"      // ISO
	FieldSex              = "sex"                // "Nam" / "Nữ"
	FieldNationality      = "nationality"        // "Việt Nam"
	FieldPlaceOfOrigin    = "place_of_origin"    // quê quán / nguyên quán
	FieldPlaceOfResidence = "place_of_residence" // nơi thường trú / nơi cư trú
	FieldExpiryDate       = "expiry_date"        // ISO
	FieldEnterpriseCode   = "enterprise_code"    // 10 digits, valid check digit
	FieldCompanyName      = "company_name"       // as printed
	FieldHusbandName      = "husband_name"       // marriage certificate
	FieldWifeName         = "wife_name"          // marriage certificate
	FieldTitle            = "title"              // document type line as printed, "QUYẾT ĐỊNH"
)

// Sample is one generated page with its ground truth.
type Sample struct {
	Name    string            // stable, e.g. "decision-0007"
	DocType string            // one of DocTypes
	Text    string            // ground truth, NFC, one line per printed line, reading order
	Fields  map[string]string // ground-truth field values, only those printed
	Image   *image.RGBA       // the clean rendering
	DPI     int               // resolution of Image relative to the real paper size
	Font    string            // font family used
}

// Options shape the generated pages.
type Options struct {
	// DPI of the rendering (default 300).
	DPI int
	// Scale multiplies the pixel size of the page (default 1 = A4 at DPI).
	// The layout and text are unchanged, so a page at Scale s is the same
	// page scanned at DPI·s; Sample.DPI reports that effective resolution.
	Scale float64
	// Types restricts the document types; empty means all.
	Types []string
}

func (o Options) norm() Options {
	if o.DPI <= 0 {
		o.DPI = 300
	}
	if o.Scale <= 0 {
		o.Scale = 1
	}
	if len(o.Types) == 0 {
		for _, t := range DocTypes() {
			if _, ok := builders[t]; ok {
				o.Types = append(o.Types, t)
			}
		}
	}
	return o
}

// Generate renders samples 0..n-1 of the corpus for seed.
func Generate(seed int64, n int, opts Options) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i] = Render(seed, i, opts)
	}
	return out
}

// Render renders the i-th sample of the corpus for seed alone. Document
// types are dealt round-robin from opts.Types (rotated by the seed) so every
// type appears in any n ≥ len(Types) consecutive samples.
func Render(seed int64, i int, opts Options) Sample {
	opts = opts.norm()
	off := int(mix(uint64(seed)) % uint64(len(opts.Types)))
	typ := opts.Types[(i+off)%len(opts.Types)]
	var th uint64
	for _, ch := range []byte(typ) {
		th = th*131 + uint64(ch)
	}
	r := rand.New(rand.NewPCG(mix(uint64(seed)), mix(uint64(i)^th<<20)))
	b, ok := builders[typ]
	if !ok {
		panic(fmt.Sprintf("corpus: unknown document type %q", typ))
	}
	p, fields := b(r)
	for k, v := range fields {
		if v == "" {
			delete(fields, k)
			continue
		}
		fields[k] = norm.NFC.String(v)
	}
	lines := p.readingOrder()
	for j := range lines {
		lines[j] = norm.NFC.String(strings.Join(strings.Fields(lines[j]), " "))
	}
	return Sample{
		Name:    fmt.Sprintf("%s-%04d", typ, i),
		DocType: typ,
		Text:    strings.Join(lines, "\n") + "\n",
		Fields:  fields,
		Image:   p.render(opts.DPI, opts.Scale),
		DPI:     int(float64(opts.DPI)*opts.Scale + 0.5),
		Font:    p.fam.Name,
	}
}

// mix is splitmix64's finaliser: it spreads seeds so that neighbouring
// seeds give unrelated streams.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// builders lay out one document type.
var builders = map[string]func(r *rand.Rand) (*page, map[string]string){}
