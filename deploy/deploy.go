// Package deploy holds what the deployment files are checked against: the
// configuration reference generated from config.Vars (printed by `sohoa
// config-doc` and kept in README.md between the config markers), and the
// tests of docker-compose.yml and the Dockerfile.
package deploy

import (
	"fmt"
	"io"
	"strings"

	"github.com/sohoa/sohoa/internal/config"
)

// Markers delimit the generated configuration table in README.md.
const (
	BeginMarker = "<!-- config:begin -->"
	EndMarker   = "<!-- config:end -->"
)

// ConfigTable writes vars as a markdown table.
func ConfigTable(w io.Writer, vars []config.Var) error {
	var b strings.Builder
	b.WriteString("| variable | default | meaning |\n|---|---|---|\n")
	for _, v := range vars {
		def := ""
		switch {
		case strings.Contains(v.Default, " "): // prose, e.g. "number of cores"
			def = " " + cell(v.Default)
		case v.Default != "":
			def = " `" + cell(v.Default) + "`"
		}
		fmt.Fprintf(&b, "| `%s` |%s | %s |\n", v.Name, def, cell(v.Help))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell keeps a table cell on one line and its pipes literal.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
