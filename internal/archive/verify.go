package archive

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
)

// Problem kinds.
const (
	KindMissing  = "missing"  // the object is not in the store
	KindMismatch = "mismatch" // its bytes hash to another SHA-256
	KindSize     = "size"     // it has another size
	KindRecord   = "record"   // a record version cannot be read
	KindError    = "error"    // the object could not be read (I/O error)
)

// Problem is one defect found by Verify.
type Problem struct {
	DocID   string `json:"doc_id"`
	Version int    `json:"version,omitempty"` // first record version naming the object
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	Want    string `json:"want,omitempty"`
	Got     string `json:"got,omitempty"`
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s v%d %s: %s", p.DocID, p.Version, p.Key, p.Kind)
	if p.Want != "" || p.Got != "" {
		s += fmt.Sprintf(" (want %s, got %s)", p.Want, p.Got)
	}
	return s
}

// Summary counts what Verify looked at.
type Summary struct {
	Documents int   `json:"documents"`
	Versions  int   `json:"versions"`
	Objects   int   `json:"objects"` // distinct objects hashed
	Bytes     int64 `json:"bytes"`   // bytes hashed
	Problems  int   `json:"problems"`
}

// RecordCheck is an extra check run on every record version by
// VerifyWith (e.g. signature checks); it reports through report.
type RecordCheck func(ctx context.Context, d *record.Document, report func(Problem)) error

// Verify re-hashes every original and artefact named by every record
// version and calls fn for each problem. Objects shared by several
// versions or documents are hashed once. The error is for failures to
// run (store unreachable, cancelled), not for problems found.
func (a *Archive) Verify(ctx context.Context, fn func(Problem)) (Summary, error) {
	return a.VerifyWith(ctx, nil, fn)
}

// VerifyWith is Verify plus an extra check per record version.
func (a *Archive) VerifyWith(ctx context.Context, check RecordCheck, fn func(Problem)) (Summary, error) {
	var sum Summary
	type result struct{ kind, got string }
	seen := map[string]result{} // key + "\x00" + sha256 + size
	report := func(p Problem) {
		sum.Problems++
		fn(p)
	}
	err := a.Documents(ctx, func(id string) error {
		sum.Documents++
		vs, err := a.Versions(ctx, id)
		if err != nil {
			return err
		}
		reported := map[string]bool{}
		for _, v := range vs {
			sum.Versions++
			d, err := a.Version(ctx, id, v)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				report(Problem{DocID: id, Version: v, Key: recordKey(id, v), Kind: KindRecord, Got: err.Error()})
				continue
			}
			for _, o := range d.Objects() {
				ck := fmt.Sprintf("%s\x00%s\x00%d", o.Key, o.SHA256, o.Size)
				r, ok := seen[ck]
				if !ok {
					r.kind, r.got, err = a.check(ctx, o, &sum)
					if err != nil {
						return err
					}
					seen[ck] = r
				}
				if r.kind != "" && !reported[ck] {
					reported[ck] = true
					want := o.SHA256
					if r.kind == KindSize {
						want = fmt.Sprint(o.Size)
					}
					report(Problem{DocID: id, Version: v, Key: o.Key, Kind: r.kind, Want: want, Got: r.got})
				}
			}
			if check != nil {
				if err := check(ctx, d, report); err != nil {
					return fmt.Errorf("check %s v%d: %w", id, v, err)
				}
			}
		}
		return nil
	})
	return sum, err
}

// check hashes one object; err is only for failures to run.
func (a *Archive) check(ctx context.Context, o record.Object, sum *Summary) (kind, got string, err error) {
	if o.Key == "" {
		return KindMissing, "", nil
	}
	rc, err := a.s.Get(ctx, o.Key)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return KindMissing, "", nil
	case err != nil:
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
		return KindError, err.Error(), nil
	}
	defer rc.Close()
	dr := storage.NewDigestReader(rc, -1, "")
	n, err := io.Copy(io.Discard, dr)
	sum.Objects++
	sum.Bytes += n
	if err != nil {
		if ctx.Err() != nil {
			return "", "", ctx.Err()
		}
		return KindError, err.Error(), nil
	}
	switch {
	case n != o.Size:
		return KindSize, fmt.Sprint(n), nil
	case dr.Sum() != o.SHA256:
		return KindMismatch, dr.Sum(), nil
	}
	return "", "", nil
}
