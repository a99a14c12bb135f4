# syntax=docker/dockerfile:1
# One image for both roles: `sohoa serve` (api) and `sohoa worker`.
# Checked by deploy/deploy_test.go (no Docker engine runs where it was written).

FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# cgo: gosseract links libtesseract and libleptonica.
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/sohoa ./cmd/sohoa

FROM debian:bookworm-slim
# tesseract-ocr brings libtesseract5 and liblept5 (the runtime libraries the
# binary links); vie and osd are the Vietnamese model and orientation data;
# poppler-utils rasterises PDFs; the DejaVu font is the searchable PDF's
# text layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd \
      poppler-utils fonts-dejavu-core ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/sohoa --create-home --shell /usr/sbin/nologin sohoa
COPY --from=build /out/sohoa /usr/local/bin/sohoa
# OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads make it ~5x slower per
# page; sohoa runs one engine per core instead (SOHOA_OCR_WORKERS).
ENV OMP_THREAD_LIMIT=1 \
    SOHOA_DATA_DIR=/var/lib/sohoa \
    SOHOA_HTTP_ADDR=0.0.0.0:8080
USER sohoa:sohoa
WORKDIR /var/lib/sohoa
EXPOSE 8080 9100
ENTRYPOINT ["sohoa"]
CMD ["serve"]
