// Package backends links both search backends so that search.Open can
// choose between them: import it for its side effect.
//
//	import _ "github.com/sohoa/sohoa/search/backends"
package backends

import (
	_ "github.com/sohoa/sohoa/search/embedded" // registers the embedded backend
	_ "github.com/sohoa/sohoa/search/meili"    // registers the Meilisearch backend
)
