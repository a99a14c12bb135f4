package embedded

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

const snippetWords = 24

type span struct{ start, end int } // byte offsets of a word

// snippet returns a short window of text around the query's words, HTML-
// escaped, each matching word wrapped in <mark>…</mark>. Words are compared
// folded, but the original text (with its diacritics) is what is shown.
func snippet(text string, hl map[string]bool) string {
	var ws []span
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			ws = append(ws, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, span{start, len(text)})
	}
	if len(ws) == 0 {
		return ""
	}
	// Fold each word once (the stored text is NFC, which fold expects).
	folded := make([]string, len(ws))
	hit := make([]bool, len(ws))
	for i, w := range ws {
		folded[i] = fold(text[w.start:w.end])
		hit[i] = hl[folded[i]]
	}
	// The window holding the most distinct matched words, earliest first.
	best, bestScore := 0, -1
	for i := 0; i < len(ws); i++ {
		if i > 0 && !hit[i] {
			continue
		}
		seen := map[string]bool{}
		for j := i; j < len(ws) && j < i+snippetWords; j++ {
			if hit[j] {
				seen[folded[j]] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = i, len(seen)
		}
	}
	// Start a few words before the first match for context.
	from := max(best-3, 0)
	if bestScore <= 0 {
		from = 0
	}
	to := min(from+snippetWords, len(ws))
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := ws[from].start
	open := false
	for i := from; i < to; i++ {
		gap := text[pos:ws[i].start]
		if open && !(hit[i] && utf8.RuneCountInString(gap) == 1 && gap != "\n") {
			b.WriteString("</mark>")
			open = false
		}
		b.WriteString(html.EscapeString(flat(gap)))
		if hit[i] && !open {
			b.WriteString("<mark>")
			open = true
		}
		b.WriteString(html.EscapeString(text[ws[i].start:ws[i].end]))
		pos = ws[i].end
	}
	if open {
		b.WriteString("</mark>")
	}
	if to < len(ws) {
		b.WriteString(" …")
	} else {
		b.WriteString(html.EscapeString(flat(strings.TrimRight(text[pos:], " \r\n\t"))))
	}
	return b.String()
}

// flat turns line breaks into spaces: a snippet is one line.
func flat(s string) string {
	if strings.ContainsAny(s, "\r\n\t") {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}
