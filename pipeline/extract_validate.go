package pipeline

import (
	"regexp"
	"strings"
	"time"

	"github.com/sohoa/sohoa/internal/vnid"
	"github.com/sohoa/sohoa/internal/vntext"
)

// wordConfidence is the OCR confidence of the words a field was read
// from: the mean confidence of the run of words that spells raw, or of the
// words matching its tokens. Text without words (born-digital) counts as
// certain.
func (x *extractor) wordConfidence(raw string) float64 {
	if len(x.words) == 0 {
		return 1
	}
	toks := strings.Fields(raw)
	if len(toks) == 0 {
		return 1
	}
	norm := func(s string) string { return strings.Trim(vntext.Fold(s), ".,;:()") }
	// a contiguous run first
	for i := 0; i+len(toks) <= len(x.words); i++ {
		ok := true
		sum := 0.0
		for j, t := range toks {
			if norm(x.words[i+j].Text) != norm(t) {
				ok = false
				break
			}
			sum += x.words[i+j].Confidence
		}
		if ok {
			return sum / float64(len(toks))
		}
	}
	// token by token; a token OCR never produced as a word (split or
	// merged differently) counts at the page's mean confidence, lowered
	mean := 0.0
	for _, w := range x.words {
		mean += w.Confidence
	}
	mean /= float64(len(x.words))
	sum := 0.0
	for _, t := range toks {
		c := mean * 0.8
		for _, w := range x.words {
			if norm(w.Text) == norm(t) {
				c = w.Confidence
				break
			}
		}
		sum += c
	}
	return sum / float64(len(toks))
}

// validate checks fields against each other and against the calendar.
func (x *extractor) validate() {
	x.numberYear()
	today := now().Format("2006-01-02")
	for _, name := range []string{"issue_date", "date_of_birth"} {
		if f, ok := x.fields[name]; ok && isISODate(f.Value) && f.Value > today {
			x.review(name, "date is in the future")
		}
	}
	if f, ok := x.fields["date_of_birth"]; ok && isISODate(f.Value) && f.Value < "1900-01-01" {
		x.review("date_of_birth", "implausible birth year")
	}
	issue, hasIssue := x.fields["issue_date"]
	if exp, ok := x.fields["expiry_date"]; ok && isISODate(exp.Value) {
		if hasIssue && isISODate(issue.Value) && exp.Value <= issue.Value {
			x.review("expiry_date", "expiry is not after issue")
		}
		if dob, ok := x.fields["date_of_birth"]; ok && exp.Value <= dob.Value {
			x.review("expiry_date", "expiry is not after birth")
		}
	}
	if dob, ok := x.fields["date_of_birth"]; ok && hasIssue && isISODate(dob.Value) && isISODate(issue.Value) &&
		(x.cls.typ == TypeCCCD || x.cls.typ == TypeCMND) && issue.Value < dob.Value {
		x.review("issue_date", "issued before the holder's birth")
	}
	if id, ok := x.fields["id_number"]; ok && !id.NeedsReview {
		switch len(id.Value) {
		case 12:
			year := 0
			if dob, ok := x.fields["date_of_birth"]; ok && isISODate(dob.Value) {
				year = dateYear(dob.Value)
			}
			sex := ""
			if s, ok := x.fields["sex"]; ok {
				sex = s.Value
			}
			if err := vnid.CheckPersonalID(id.Value, year, sex); err != nil {
				x.review("id_number", err.Error())
			}
		case 9:
			if x.cls.typ == TypeCCCD {
				x.review("id_number", "9-digit CMND number on a citizen identity card")
			}
		}
	}
}

// reNumberYear is the year inside a number and symbol: "47/2018/TT-BCT".
var reNumberYear = regexp.MustCompile(`^\d+/(\d{4})/`)

// numberYear reconciles the issue date's year with the year in the number
// and symbol, which is the year of issue (numbers restart each year, Nghị
// định 30/2020/NĐ-CP). When the two are one digit apart, one is an OCR slip:
// the year read with the lower word confidence gives way. The date is
// flagged whenever they differ.
func (x *extractor) numberYear() {
	num, ok := x.fields["doc_number"]
	iss, ok2 := x.fields["issue_date"]
	if !ok || !ok2 || !isISODate(iss.Value) {
		return
	}
	m := reNumberYear.FindStringSubmatch(num.Value)
	if m == nil || m[1] == iss.Value[:4] {
		return
	}
	ny, dy := m[1], iss.Value[:4]
	diff := 0
	for i := range 4 {
		if ny[i] != dy[i] {
			diff++
		}
	}
	if v := ny + iss.Value[4:]; diff == 1 && len(x.words) > 0 && isISODate(v) &&
		x.wordConfidence(dy) < x.wordConfidence(num.Raw) {
		iss.Value = v
		x.fields["issue_date"] = iss
		x.review("issue_date", "year read "+dy+", the number says "+ny)
		return
	}
	x.review("issue_date", "year differs from the number's ("+ny+")")
}

func isISODate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// IDKind tells what an extracted id_number is: a 12-digit personal ID, a
// 9-digit CMND number, or "" when it is neither.
func IDKind(id string) vnid.Kind {
	if _, err := vnid.ParsePersonalID(id); err == nil {
		return vnid.KindPersonalID
	}
	if vnid.IsCMND(id) {
		return vnid.KindCMND
	}
	return ""
}
