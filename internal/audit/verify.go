package audit

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/sohoa/sohoa/storage"
)

// Problem kinds found by Verify.
const (
	ProblemGap          = "gap"           // entries missing (deleted) before this one
	ProblemMisplaced    = "misplaced"     // stored under another sequence number (moved or reordered)
	ProblemEdited       = "edited"        // content does not match its own hash
	ProblemBrokenChain  = "broken_chain"  // prev does not match the previous entry's hash
	ProblemCorrupt      = "corrupt"       // unreadable entry
	ProblemForeign      = "foreign"       // an object under the entry prefix that is no entry
	ProblemNoHead       = "no_head"       // entries but no head object
	ProblemHeadForged   = "head_forged"   // head MAC missing or wrong
	ProblemTruncated    = "truncated"     // head names an entry past the end: the newest entries were deleted
	ProblemHeadMismatch = "head_mismatch" // head's hash differs from the entry it names
	ProblemAnchor       = "anchor"        // an externally noted head is missing or differs
	ProblemIndex        = "index"         // a document's entry is missing from the per-document index
)

// Problem is one inconsistency.
type Problem struct {
	Seq    int64  `json:"seq"`
	Kind   string `json:"kind"`
	Detail string `json:"detail"`
}

// Anchor is a (sequence, hash) pair noted outside the store, e.g. printed
// by an earlier `sohoa audit verify` and kept by the auditor.
type Anchor struct {
	Seq  int64
	Hash string
}

// ParseAnchor parses "SEQ:HASH".
func ParseAnchor(s string) (Anchor, error) {
	seq, hash, ok := strings.Cut(s, ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n <= 0 || len(hash) != 64 {
		return Anchor{}, fmt.Errorf("anchor %q: want SEQ:HASH (64 hex digits)", s)
	}
	return Anchor{n, strings.ToLower(hash)}, nil
}

func (a Anchor) String() string { return fmt.Sprintf("%d:%s", a.Seq, a.Hash) }

// Report is the outcome of Verify.
type Report struct {
	Entries  int       `json:"entries"`
	LastSeq  int64     `json:"last_seq"`
	LastHash string    `json:"last_hash"`
	Head     *Head     `json:"head,omitempty"`
	HeadAuth bool      `json:"head_authenticated"` // the head's MAC was checked with a key
	Problems []Problem `json:"problems,omitempty"`
}

// OK reports whether the log verified without problems.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// Last returns the newest entry as an anchor to note outside the store.
func (r Report) Last() Anchor { return Anchor{r.LastSeq, r.LastHash} }

func (r *Report) add(seq int64, kind, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{seq, kind, fmt.Sprintf(format, args...)})
}

// Verify reads the whole log and reports every entry that was edited,
// reordered or deleted, checks the head object and the given anchors. The
// error is for failures to read the store, not for problems found.
func (l *Log) Verify(ctx context.Context, anchors ...Anchor) (Report, error) {
	var r Report
	var seqs []int64
	err := l.st.List(ctx, entryPrefix, func(info storage.Info) error {
		n, ok := parseEntryKey(info.Key)
		if !ok {
			r.add(0, ProblemForeign, "unexpected object %s", info.Key)
			return nil
		}
		seqs = append(seqs, n)
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("audit: list entries: %w", err)
	}
	indexed := map[string]bool{}
	err = l.st.List(ctx, docPrefix, func(info storage.Info) error {
		indexed[strings.TrimPrefix(info.Key, docPrefix)] = true
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("audit: list document index: %w", err)
	}
	hashes := make(map[int64]string, len(seqs))
	var prevHash string
	expected := int64(1)
	skipChain := false // after a gap or an unreadable entry, the link is already reported
	for _, seq := range seqs {
		e, err := l.get(ctx, seq)
		if errors.Is(err, storage.ErrNotFound) {
			continue // deleted while listing; a gap shows it if it matters
		}
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		if seq > expected {
			r.add(seq, ProblemGap, "entries %d to %d are missing", expected, seq-1)
			skipChain = true
		}
		expected = seq + 1
		r.Entries++
		r.LastSeq = seq
		if err != nil {
			r.add(seq, ProblemCorrupt, "%v", err)
			prevHash, r.LastHash, skipChain = "", "", true
			continue
		}
		if e.Seq != seq {
			r.add(seq, ProblemMisplaced, "object %d holds entry %d", seq, e.Seq)
		}
		if h := e.ComputeHash(); h != e.Hash {
			r.add(seq, ProblemEdited, "content hash %.12s… differs from recorded %.12s…", h, e.Hash)
		}
		if !skipChain && e.Prev != prevHash {
			r.add(seq, ProblemBrokenChain, "prev %.12s… but entry %d has hash %.12s…", e.Prev, seq-1, prevHash)
		}
		if docIDRE.MatchString(e.DocumentID) && !indexed[e.DocumentID+"/"+seqName(seq)] {
			r.add(seq, ProblemIndex, "entry about %s is missing from its document's trail", e.DocumentID)
		}
		// Chain on from the stored hash, so one edit is reported once.
		skipChain = false
		prevHash, r.LastHash = e.Hash, e.Hash
		hashes[seq] = e.Hash
	}

	h, found, err := l.readHead(ctx)
	switch {
	case err != nil && found:
		r.add(0, ProblemHeadForged, "%v", err)
	case err != nil:
		return r, err
	case !found:
		if r.Entries > 0 {
			r.add(0, ProblemNoHead, "the head object %s is missing", headKey)
		}
	default:
		r.Head = &h
		if len(l.opts.HeadKey) > 0 {
			r.HeadAuth = true
			if !hmac.Equal([]byte(h.MAC), []byte(l.headMAC(h.Seq, h.Hash))) {
				r.add(h.Seq, ProblemHeadForged, "head MAC does not verify")
			}
		}
		checkAnchor(&r, hashes, Anchor{h.Seq, h.Hash}, ProblemHeadMismatch, "head")
	}
	for _, a := range anchors {
		checkAnchor(&r, hashes, a, ProblemAnchor, "anchor")
	}
	return r, nil
}

func checkAnchor(r *Report, hashes map[int64]string, a Anchor, kind, what string) {
	got, ok := hashes[a.Seq]
	switch {
	case a.Seq > r.LastSeq:
		k := kind
		if kind == ProblemHeadMismatch {
			k = ProblemTruncated
		}
		r.add(a.Seq, k, "%s names entry %d but the log ends at %d: newest entries deleted", what, a.Seq, r.LastSeq)
	case !ok:
		r.add(a.Seq, kind, "%s names entry %d, which is missing or unreadable", what, a.Seq)
	case got != a.Hash:
		r.add(a.Seq, kind, "%s hash %.12s… but entry %d has %.12s…", what, a.Hash, a.Seq, got)
	}
}

// List calls fn for every entry in sequence order, as stored (not verified).
func (l *Log) List(ctx context.Context, fn func(Entry) error) error {
	var seqs []int64
	err := l.st.List(ctx, entryPrefix, func(info storage.Info) error {
		if n, ok := parseEntryKey(info.Key); ok {
			seqs = append(seqs, n)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("audit: list entries: %w", err)
	}
	for _, seq := range seqs {
		e, err := l.get(ctx, seq)
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// ForDocument returns the entries about one document, oldest first, read
// from the chain through a per-document index. An entry whose content no
// longer matches its hash is returned with an error naming it, so that a
// trail shown to an auditor is never silently wrong.
func (l *Log) ForDocument(ctx context.Context, docID string) ([]Entry, error) {
	if !docIDRE.MatchString(docID) {
		return nil, fmt.Errorf("audit: invalid document id %q", docID)
	}
	prefix := docPrefix + docID + "/"
	var seqs []int64
	err := l.st.List(ctx, prefix, func(info storage.Info) error {
		if n, err := strconv.ParseInt(strings.TrimPrefix(info.Key, prefix), 10, 64); err == nil {
			seqs = append(seqs, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit: list index of %s: %w", docID, err)
	}
	var out []Entry
	var bad []error
	for _, seq := range seqs {
		e, err := l.get(ctx, seq)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		if e.Seq != seq || e.DocumentID != docID || e.ComputeHash() != e.Hash {
			bad = append(bad, fmt.Errorf("audit: entry %d fails verification", seq))
			continue
		}
		out = append(out, e)
	}
	return out, errors.Join(bad...)
}
