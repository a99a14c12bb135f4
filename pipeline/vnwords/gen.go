//go:build ignore

// gen writes the syllable pairs of words.txt and text.txt (in the current
// directory): lowercase NFC, "a b" a line, sorted, unique, both valid
// Vietnamese syllables. words.txt: the pairs inside a multi-syllable word of
// the word list (argument 1, one word a line); text.txt: the other pairs
// that occur at least twice in the running text of the dictionary's
// definitions and examples (argument 2, dictionary.json:
// {"word": [{"definition": …, "example": …}, …]}).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"

	"github.com/sohoa/sohoa/pipeline/vnsyllables"
	"golang.org/x/text/unicode/norm"
)

func main() {
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(wordsPath, dictPath string) error {
	keep := map[string]bool{}
	count := map[string]int{}
	// pairs adds the adjacent syllable pairs of text; punctuation and
	// anything that is not a syllable break the chain.
	pairs := func(text string, add func(string)) {
		text = strings.ToLower(norm.NFC.String(text))
		for _, chunk := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' }) {
			ws := strings.Fields(chunk)
			for i := 1; i < len(ws); i++ {
				if vnsyllables.Valid(ws[i-1]) && vnsyllables.Valid(ws[i]) {
					add(ws[i-1] + " " + ws[i])
				}
			}
		}
	}
	f, err := os.Open(wordsPath)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		pairs(sc.Text(), func(p string) { keep[p] = true })
	}
	if err := sc.Err(); err != nil {
		return err
	}
	b, err := os.ReadFile(dictPath)
	if err != nil {
		return err
	}
	var dict map[string][]struct{ Definition, Example string }
	if err := json.Unmarshal(b, &dict); err != nil {
		return fmt.Errorf("%s: %w", dictPath, err)
	}
	for _, senses := range dict {
		for _, s := range senses {
			pairs(s.Definition, func(p string) { count[p]++ })
			pairs(s.Example, func(p string) { count[p]++ })
		}
	}
	var text []string
	for p, n := range count {
		if n >= 2 && !keep[p] {
			text = append(text, p)
		}
	}
	words := make([]string, 0, len(keep))
	for p := range keep {
		words = append(words, p)
	}
	if err := write("words.txt", words); err != nil {
		return err
	}
	return write("text.txt", text)
}

func write(name string, lines []string) error {
	sort.Strings(lines)
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
