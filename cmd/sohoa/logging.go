package main

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/hibiken/asynq"
)

// taskLogHandler adds to every record logged with a task's context the
// task's id, lane and retry count (from Asynq) and the document id (from
// the payload, see withDocID), so that one document's lines can be found
// across workers.
type taskLogHandler struct{ slog.Handler }

func (h taskLogHandler) Handle(ctx context.Context, r slog.Record) error {
	have := map[string]bool{}
	r.Attrs(func(a slog.Attr) bool { have[a.Key] = true; return true })
	add := func(a slog.Attr) {
		if !have[a.Key] {
			r.AddAttrs(a)
		}
	}
	if id, ok := asynq.GetTaskID(ctx); ok {
		add(slog.String("task", id))
	}
	if q, ok := asynq.GetQueueName(ctx); ok {
		add(slog.String("lane", q))
	}
	if n, ok := asynq.GetRetryCount(ctx); ok && n > 0 {
		add(slog.Int("retry", n))
	}
	if d, ok := ctx.Value(docIDKey{}).(string); ok {
		add(slog.String("doc", d))
	}
	return h.Handler.Handle(ctx, r)
}

func (h taskLogHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return taskLogHandler{h.Handler.WithAttrs(as)}
}

func (h taskLogHandler) WithGroup(name string) slog.Handler {
	return taskLogHandler{h.Handler.WithGroup(name)}
}

type docIDKey struct{}

// withDocID is Asynq middleware putting the payload's doc_id (every sohoa
// task has one) in the context for taskLogHandler.
func withDocID(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		var p struct {
			DocID string `json:"doc_id"`
		}
		if json.Unmarshal(t.Payload(), &p) == nil && p.DocID != "" {
			ctx = context.WithValue(ctx, docIDKey{}, p.DocID)
		}
		return next.ProcessTask(ctx, t)
	})
}
