#!/bin/sh
# Regenerates syllables.txt: the lowercase Vietnamese syllables of the word
# list inside Debian's vie.traineddata (tesseract-ocr-vie), unpacked with
# Tesseract's own tools (combine_tessdata, dawg2wordlist from tesseract-ocr).
# Run by `go generate ./pipeline/vnsyllables`.
set -eu
TESSDATA=${TESSDATA:-/usr/share/tesseract-ocr/5/tessdata}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
combine_tessdata -u "$TESSDATA/vie.traineddata" "$tmp/vie." >/dev/null
dawg2wordlist "$tmp/vie.lstm-unicharset" "$tmp/vie.lstm-word-dawg" "$tmp/words" >/dev/null 2>&1
# Keep words made only of Vietnamese letters, lowercased, NFC (uconv is not
# needed: the list is already NFC), one per line, sorted and unique.
LC_ALL=C.UTF-8 tr '[:upper:]' '[:lower:]' <"$tmp/words" |
	LC_ALL=C.UTF-8 grep -E '^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+$' |
	LC_ALL=C sort -u >syllables.txt
