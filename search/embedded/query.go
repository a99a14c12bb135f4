package embedded

import (
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vntext"
)

// Column weights for bm25: a keyword-field match (document or ID number)
// outranks an exact-diacritics match, which outranks a folded-only match.
const (
	weightExact   = 4.0
	weightFolded  = 1.0
	weightKeyword = 20.0
)

// words splits s into its runs of letters, digits and marks, the tokens
// both index columns and queries are made of. Punctuation never reaches
// FTS5, so its tokenizer's extra token characters ('/' and '-') only ever
// apply to the keyword column.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

// textColumns returns the exact (lowercased NFC) and folded forms of s as
// space-separated words.
func textColumns(s string) (exact, folded string) {
	exact = strings.Join(words(vntext.Lower(s)), " ")
	return exact, vntext.Fold(exact)
}

// keywordToken normalises a document or ID number into one keyword-column
// token: folded (so "QĐ" matches "qd"), lowercase, inner punctuation other
// than '/' and '-' dropped.
func keywordToken(s string) string {
	f := vntext.Fold(strings.TrimSpace(s))
	var b strings.Builder
	for _, r := range f {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '/' || r == '-':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "/-")
}

// keywordTokens returns the keyword-column tokens of a document number:
// the whole number and each of its prefixes that end before a '/' or '-'
// and hold a '/' ("56/2023/qd-ubnd", "56/2023/qd", "56/2023"), so that the number and symbol and the number/year both find it.
func keywordTokens(docNumber string) []string {
	k := keywordToken(docNumber)
	if k == "" {
		return nil
	}
	toks := []string{k}
	for i := len(k) - 1; i > 0; i-- {
		if (k[i] == '/' || k[i] == '-') && strings.Contains(k[:i], "/") {
			toks = append(toks, k[:i])
		}
	}
	return toks
}

// isKeyword reports whether a query token is a document or ID number.
func isKeyword(tok string) bool {
	hasDigit, allDigits := false, true
	for _, r := range tok {
		if unicode.IsDigit(r) {
			hasDigit = true
		} else {
			allDigits = false
		}
	}
	switch {
	case strings.Contains(tok, "/") && hasDigit:
		return true
	case strings.Contains(tok, "-") && hasDigit:
		return true
	case allDigits && len(tok) >= 9: // ID numbers, enterprise codes
		return true
	}
	return false
}

// parsed is a user query taken apart.
type parsed struct {
	terms    []string   // lowercased NFC words
	phrases  [][]string // quoted phrases, as lowercased NFC words
	keywords []string   // keyword tokens (folded)
	kwParts  [][]string // the words of each keyword, for the text columns
}

// highlight returns the folded words a snippet should mark.
func (p parsed) highlight() map[string]bool {
	m := map[string]bool{}
	for _, t := range p.terms {
		m[vntext.Fold(t)] = true
	}
	for _, ph := range p.phrases {
		for _, t := range ph {
			m[vntext.Fold(t)] = true
		}
	}
	for _, ps := range p.kwParts {
		for _, t := range ps {
			m[vntext.Fold(t)] = true
		}
	}
	return m
}

func (p parsed) empty() bool {
	return len(p.terms) == 0 && len(p.phrases) == 0 && len(p.keywords) == 0
}

func parseQuery(q string) parsed {
	var p parsed
	q = vntext.NFC(q)
	// Quoted phrases first.
	for {
		i := strings.IndexByte(q, '"')
		if i < 0 {
			break
		}
		j := strings.IndexByte(q[i+1:], '"')
		if j < 0 {
			q = q[:i] + " " + q[i+1:]
			break
		}
		if ws := words(vntext.Lower(q[i+1 : i+1+j])); len(ws) > 0 {
			p.phrases = append(p.phrases, ws)
		}
		q = q[:i] + " " + q[i+2+j:]
	}
	for _, tok := range strings.Fields(q) {
		tok = strings.TrimFunc(tok, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
		})
		if tok == "" {
			continue
		}
		ws := words(vntext.Lower(tok))
		if isKeyword(tok) {
			if k := keywordToken(tok); k != "" {
				p.keywords = append(p.keywords, k)
				p.kwParts = append(p.kwParts, ws)
			}
			continue
		}
		if len(ws) > 1 { // "Hạnh-phúc": its words in order
			p.phrases = append(p.phrases, ws)
			continue
		}
		p.terms = append(p.terms, ws...)
	}
	return p
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// match builds the FTS5 expression of a parsed query. Each word matches
// its folded form; a word typed with diacritics also matches the exact
// column, which weighs more, so exact matches rank first. Several plain
// words also match as a phrase on the folded column; that alternative
// never widens the set (the phrase implies every word) but ranks documents
// holding the words together higher.
func (p parsed) match() string {
	var parts []string
	both := func(ws []string) string {
		ex := strings.Join(ws, " ")
		fo := vntext.Fold(ex)
		if ex == fo {
			return "fo:" + quote(fo)
		}
		return "(ex:" + quote(ex) + " OR fo:" + quote(fo) + ")"
	}
	for _, t := range p.terms {
		parts = append(parts, both([]string{t}))
	}
	for _, ph := range p.phrases {
		parts = append(parts, both(ph))
	}
	for i, k := range p.keywords {
		alt := "fo:" + quote(vntext.Fold(strings.Join(p.kwParts[i], " ")))
		parts = append(parts, "(kw:"+quote(k)+" OR "+alt+")")
	}
	expr := strings.Join(parts, " AND ")
	if len(p.terms) >= 2 && len(p.terms) <= 6 && len(parts) == len(p.terms) {
		expr = "(" + expr + ") OR fo:" + quote(vntext.Fold(strings.Join(p.terms, " ")))
	}
	return expr
}
