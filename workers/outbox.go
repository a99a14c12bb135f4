package workers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sohoa/sohoa/record"
	"github.com/sohoa/sohoa/storage"
)

// The index outbox (ADR 0902): when the search backend fails after a
// document's record was written, the assemble task does not fail (the
// document is stored and complete); it leaves a marker under outboxPrefix
// instead, and the worker's sweeper indexes marked documents once the
// backend answers again. Nothing is asked of anyone.
const outboxPrefix = "outbox/index/"

func outboxKey(docID string) string { return outboxPrefix + docID + ".json" }

// outboxEntry is the content of a marker (for people reading the store).
type outboxEntry struct {
	DocID   string    `json:"doc_id"`
	Version int       `json:"version"`
	Error   string    `json:"error"`
	At      time.Time `json:"at"`
}

// indexOrDefer indexes d; when the index fails, it records d in the
// outbox and reports success. Only when the marker cannot be written
// either is the error returned (and the task retried).
func (h *Handlers) indexOrDefer(ctx context.Context, d *record.Document) error {
	err := h.index(ctx, d)
	if err == nil {
		return nil
	}
	e := outboxEntry{DocID: d.ID, Version: d.Version, Error: err.Error(), At: time.Now().UTC()}
	if perr := putJSON(ctx, h.Store, outboxKey(d.ID), e); perr != nil {
		return errors.Join(err, perr)
	}
	h.log().WarnContext(ctx, "index unavailable: document stored, indexing deferred", "doc", d.ID, "err", err)
	return nil
}

// SweepIndex indexes the documents of the outbox and removes their
// markers. It returns how many it indexed; it stops at the first index
// failure (the backend is still down).
func (h *Handlers) SweepIndex(ctx context.Context) (int, error) {
	var ids []string
	err := h.Store.List(ctx, outboxPrefix, func(i storage.Info) error {
		ids = append(ids, strings.TrimSuffix(strings.TrimPrefix(i.Key, outboxPrefix), ".json"))
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("list index outbox: %w", err)
	}
	n := 0
	for _, id := range ids {
		rec, err := h.Archive.Latest(ctx, id)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return n, fmt.Errorf("outbox %s: %w", id, err)
		}
		if err == nil {
			if err := h.index(ctx, rec); err != nil {
				return n, err
			}
			n++
		}
		if err := h.Store.Delete(ctx, outboxKey(id)); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return n, fmt.Errorf("outbox %s: %w", id, err)
		}
	}
	return n, nil
}

// RunIndexSweeper sweeps the index outbox every interval until ctx ends.
func (h *Handlers) RunIndexSweeper(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := h.SweepIndex(ctx)
		if n > 0 {
			h.log().InfoContext(ctx, "index caught up from the outbox", "documents", n)
		}
		if err != nil && ctx.Err() == nil {
			h.log().WarnContext(ctx, "index outbox: backend still failing", "err", err)
		}
	}
}
