package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/search"
)

func init() {
	register(command{
		name:    "search",
		summary: "search the index (diacritics optional)",
		run:     runSearch,
	})
}

type searchHit struct {
	DocumentID string            `json:"document_id"`
	DocType    string            `json:"doc_type"`
	Fields     map[string]string `json:"fields"`
	Snippet    string            `json:"snippet"`
	Score      float64           `json:"score"`
}

type searchOutput struct {
	Query string      `json:"query"`
	Total int         `json:"total"`
	Hits  []searchHit `json:"hits"`
}

func runSearch(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	cfg := config.FromEnv()
	asJSON := fs.Bool("json", false, "print the result as JSON")
	limit := fs.Int("limit", 10, "number of hits")
	docType := fs.String("type", "", "only this document type (comma-separated list)")
	idNumber := fs.String("id", "", "only documents of this personal ID number")
	validOn := fs.String("valid-on", "", "only documents not expired on this date (YYYY-MM-DD)")
	backendFlags(fs, &cfg, false)
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	q := strings.Join(fs.Args(), " ")
	idx, err := openIndex(ctx, cfg)
	if err != nil {
		return err
	}
	defer idx.Close()
	query := search.Query{Text: q, Limit: *limit, IDNumber: *idNumber, ValidOn: *validOn}
	if *docType != "" {
		query.DocTypes = strings.Split(*docType, ",")
	}
	res, err := idx.Search(ctx, query)
	if err != nil {
		return err
	}
	out := searchOutput{Query: q, Total: res.Total, Hits: []searchHit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, searchHit{
			DocumentID: h.Doc.ID, DocType: h.Doc.DocType, Fields: h.Doc.Fields,
			Snippet: h.Snippet, Score: h.Score,
		})
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	fmt.Printf("%d kết quả cho %q\n", out.Total, q)
	for i, h := range out.Hits {
		fmt.Printf("%2d. %s  [%s] %s\n    %s\n", i+1, h.DocumentID, h.DocType, h.Fields["doc_number"], h.Snippet)
	}
	return nil
}
