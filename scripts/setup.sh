#!/usr/bin/env bash
# Installs, with apt-get, the system packages sohoa needs and that are missing.
# Idempotent: a second run does nothing. Both `make demo` and `make test` run it.
set -euo pipefail

pkgs=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd
  libtesseract-dev libleptonica-dev
  redis-server poppler-utils qpdf
  fonts-liberation2 fonts-noto-core fonts-dejavu-core
  chromium
)

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian redis-server package starts a system service; sohoa starts its own on a free port.
