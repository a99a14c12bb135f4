package meili

import (
	"github.com/sohoa/sohoa/search"
	"github.com/sohoa/sohoa/search/searchtest"
)

func searchtestDoc() search.Doc {
	d := searchtest.Corpus()[0]
	d.IDNumber = "001190012345"
	return d
}
