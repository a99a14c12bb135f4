package web

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"sync"

	"github.com/disintegration/imaging"
)

// thumbCache keeps recently made thumbnails by the digest of the page
// image and width. It is consulted only after the service has authorised
// the request and opened the object, so it never grants access.
type thumbCache struct {
	mu    sync.Mutex
	max   int
	order []string
	m     map[string][]byte
}

func newThumbCache(max int) *thumbCache {
	return &thumbCache{max: max, m: map[string][]byte{}}
}

func (c *thumbCache) get(sum string, width int, r io.Reader) ([]byte, error) {
	width = min(max(width, 64), 1200)
	key := fmt.Sprintf("%s/%d", sum, width)
	c.mu.Lock()
	b, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return b, nil
	}
	img, err := imaging.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("thumbnail: decode page image: %w", err)
	}
	if img.Bounds().Dx() > width {
		img = imaging.Resize(img, width, 0, imaging.Box)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("thumbnail: encode: %w", err)
	}
	b = buf.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; !ok {
		c.m[key] = b
		c.order = append(c.order, key)
		if len(c.order) > c.max {
			delete(c.m, c.order[0])
			c.order = c.order[1:]
		}
	}
	return b, nil
}
