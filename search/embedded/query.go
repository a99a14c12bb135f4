package embedded

import (
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/internal/vntext"
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

// textColumns returns the exact (lowercased) and folded forms of s, which
// must be NFC, as space-separated words.
func textColumns(s string) (exact, folded string) {
	exact = strings.Join(words(strings.ToLower(s)), " ")
	return exact, fold(exact)
}

// foldTable maps each precomposed letter below U+2000 to its folded form
// (vntext.Fold of the letter), so that folding NFC text needs no
// decomposition: indexing folds every word of every document.
var foldTable = func() []rune {
	t := make([]rune, 0x2000)
	for r := rune(0); r < 0x2000; r++ {
		f := []rune(vntext.Fold(string(r)))
		switch len(f) {
		case 0:
			t[r] = -1 // a combining mark: dropped
		case 1:
			t[r] = f[0]
		}
	}
	return t
}()

// fold is vntext.Fold, faster on NFC text.
func fold(s string) string {
	plain := true // lowercase ASCII already: nothing to do
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		if r < rune(len(foldTable)) {
			switch f := foldTable[r]; {
			case f > 0:
				b.WriteRune(f)
				continue
			case f < 0:
				continue
			}
		}
		return vntext.Fold(s) // outside the table: the general path
	}
	return b.String()
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

// A tier is one FTS5 expression of the ranking and the phrase checks its
// matches must also pass. The index keeps no word positions (detail=column):
// a phrase is matched through its word pairs in column bi, which is exact
// for two words; longer phrases, and phrases in exact diacritics, are
// confirmed on the stored text of the candidates (see Search).
type tier struct {
	expr   string
	checks []check
}

// check is a phrase a document must hold, as consecutive words of its
// folded (or, if exact, lowercased) text; or, if kw is set, the keyword
// token kw instead.
type check struct {
	exact bool
	words []string
	kw    string
}

// needed reports whether the FTS5 expression of the phrase is only an
// approximation that must be confirmed.
func (c check) needed() bool {
	if c.exact {
		return len(c.words) >= 2
	}
	return len(c.words) >= 3
}

// tiers returns the ranking tiers from the most to the least relevant; the
// last one is the whole match set and every other one is a subset of it.
// Results are ranked tier by tier (most recently indexed first within a
// tier): keyword-field matches of document and ID numbers, then the words
// as an exact-diacritics phrase, as a folded phrase, all in exact form,
// and finally anywhere. The last tier's phrases are not confirmed (it is
// what Total counts, cheaply); when it has phrases to confirm, a confirmed
// copy of it ranks above it.
func (p parsed) tiers() []tier {
	// Parts every tier shares: phrases and keywords in their broad form.
	var common []string
	var commonChecks []check
	for _, ph := range p.phrases {
		e, c := phrase(false, ph)
		common = append(common, e)
		commonChecks = append(commonChecks, c)
	}
	kwBroad := make([]string, len(p.keywords))
	var kwChecks []check
	for i, k := range p.keywords {
		e, c := phrase(false, p.kwParts[i])
		kwBroad[i] = "(kw:" + quote(k) + " OR " + e + ")"
		c.kw = k
		kwChecks = append(kwChecks, c)
	}
	var termsBroad []string
	for _, t := range p.terms {
		termsBroad = append(termsBroad, "fo:"+quote(fold(t)))
	}
	and := func(parts ...[]string) string {
		var all []string
		for _, ps := range parts {
			all = append(all, ps...)
		}
		return strings.Join(all, " AND ")
	}
	checks := func(cs ...[]check) []check {
		var out []check
		for _, c := range cs {
			for _, x := range c {
				if x.needed() {
					out = append(out, x)
				}
			}
		}
		return out
	}
	var out []tier
	if len(p.keywords) > 0 {
		kws := make([]string, len(p.keywords))
		for i, k := range p.keywords {
			kws[i] = "kw:" + quote(k)
		}
		out = append(out, tier{and(kws, termsBroad, common), checks(commonChecks)})
	}
	folded := foldAll(p.terms)
	diacritics := strings.Join(p.terms, " ") != strings.Join(folded, " ")
	if len(p.terms) >= 2 {
		if diacritics {
			e, c := phrase(true, p.terms)
			out = append(out, tier{and([]string{e}, common, kwBroad), checks([]check{c}, commonChecks, kwChecks)})
		}
		e, c := phrase(false, p.terms)
		out = append(out, tier{and([]string{e}, common, kwBroad), checks([]check{c}, commonChecks, kwChecks)})
	}
	if diacritics {
		exact := make([]string, len(p.terms))
		for i, t := range p.terms {
			exact[i] = "ex:" + quote(t)
		}
		out = append(out, tier{and(exact, common, kwBroad), checks(commonChecks, kwChecks)})
	}
	broad := and(termsBroad, common, kwBroad)
	if cs := checks(commonChecks, kwChecks); len(cs) > 0 {
		out = append(out, tier{broad, cs})
	}
	out = append(out, tier{expr: broad})
	return out
}

// phrase returns the FTS5 expression of consecutive words — exact
// (lowercased, with diacritics) or folded — and the check that confirms it.
// The folded word pairs (column bi) select the candidates: a phrase of two
// words is exactly its pair; an exact phrase also needs each exact word.
func phrase(exact bool, ws []string) (string, check) {
	fo := foldAll(ws)
	c := check{exact: exact, words: fo}
	if exact {
		c.words = ws
	}
	col := "fo:"
	if exact {
		col = "ex:"
	}
	if len(ws) < 2 {
		return col + quote(c.words[0]), c
	}
	parts := bigrams(fo)
	if exact {
		for _, w := range ws {
			parts = append(parts, col+quote(w))
		}
	}
	if len(parts) == 1 {
		return parts[0], c
	}
	return "(" + strings.Join(parts, " AND ") + ")", c
}

// bigrams returns the bi-column terms of consecutive folded words.
func bigrams(fo []string) []string {
	var out []string
	for i := 0; i+1 < len(fo); i++ {
		out = append(out, "bi:"+quote(fo[i]+"-"+fo[i+1]))
	}
	return out
}

func foldAll(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fold(w)
	}
	return out
}
