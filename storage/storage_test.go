package storage_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/sohoa/sohoa/storage"
)

func TestCheckKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"originals/sha256/ab/cd/abcd": true,
		"docs/x/record/v000001.json":  true,
		"a.b-c_d":                     true,
		"":                            false,
		"../etc/passwd":               false,
		"a/../b":                      false,
		"a..b":                        false,
		"/abs":                        false,
		"a\\b":                        false,
		"a\x00b":                      false,
		"a//b":                        false,
		"a/":                          false,
		"./a":                         false,
		"a/.tmp-123":                  false,
	} {
		err := storage.CheckKey(key)
		if (err == nil) != ok {
			t.Errorf("CheckKey(%q) = %v, want ok=%v", key, err, ok)
		}
		if err != nil && !errors.Is(err, storage.ErrBadKey) {
			t.Errorf("CheckKey(%q) error %v does not wrap ErrBadKey", key, err)
		}
	}
}

func TestDigestReader(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 1000)
	h := sha256.Sum256(data)
	sum := hex.EncodeToString(h[:])
	for _, tc := range []struct {
		name string
		size int64
		want string
		ok   bool
	}{
		{"exact", int64(len(data)), sum, true},
		{"unknown size", -1, sum, true},
		{"no checks", -1, "", true},
		{"wrong digest", int64(len(data)), sum[:63] + "0", false},
		{"short", int64(len(data)) + 1, "", false},
		{"long", int64(len(data)) - 1, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One byte at a time, and a reader that stops at the declared
			// size (like io.ReadFull with an exact buffer) must both see
			// the error.
			dr := storage.NewDigestReader(iotest.OneByteReader(bytes.NewReader(data)), tc.size, tc.want)
			_, err := io.ReadAll(dr)
			if (err == nil) != tc.ok || (err != nil && !errors.Is(err, storage.ErrDigest)) {
				t.Fatalf("ReadAll: %v, want ok=%v", err, tc.ok)
			}
			if tc.size >= 0 && tc.size <= int64(len(data)) {
				dr := storage.NewDigestReader(bytes.NewReader(data), tc.size, tc.want)
				buf := make([]byte, tc.size)
				_, err := io.ReadFull(dr, buf)
				if tc.want != "" && !tc.ok && err == nil {
					t.Fatal("ReadFull of exactly the declared size missed the digest error")
				}
			}
		})
	}
}
