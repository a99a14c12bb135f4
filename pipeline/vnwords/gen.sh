#!/bin/sh
# Regenerates words.txt (the adjacent syllables inside a multi-syllable word
# of the Viet74K word list) and text.txt (other pairs seen at least twice in
# the running text of the dictionary's definitions and examples), both from
# the npm package @vntk/dictionary 1.0.0 (data/Viet74K.txt,
# data/dictionary.json; ADR 0203 records their origin and licence). Needs
# npm (the registry client) and Go.
# Run by `go generate ./pipeline/vnwords`.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @vntk/dictionary@1.0.0 >/dev/null && tar xzf vntk-dictionary-1.0.0.tgz)
go run ./gen.go "$tmp/package/data/Viet74K.txt" "$tmp/package/data/dictionary.json"
