package web

// Snippet is exported for the tests.
var Snippet = snippet
