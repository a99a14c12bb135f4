package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/workers"
)

func init() {
	register(command{
		name:    "tasks",
		summary: "list failed tasks (waiting to retry, archived) with their errors; `tasks retry ID|--all`",
		run:     func(ctx context.Context, args []string) error { return runTasks(ctx, args, os.Stdout) },
	})
}

// failedTask is one line of `sohoa tasks --json`.
type failedTask struct {
	Lane      string    `json:"lane"`
	State     string    `json:"state"` // retry | archived
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	DocID     string    `json:"doc_id,omitempty"`
	Page      int       `json:"page,omitempty"`
	Retried   int       `json:"retried"`
	MaxRetry  int       `json:"max_retry"`
	LastError string    `json:"last_error"`
	FailedAt  time.Time `json:"failed_at,omitzero"`
	NextRunAt time.Time `json:"next_run_at,omitzero"`
}

var taskLanes = workers.AllQueues()

func runTasks(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "retry" {
		return runTasksRetry(ctx, args[1:], out)
	}
	fs := flag.NewFlagSet("tasks", flag.ContinueOnError)
	cfg := config.FromEnv()
	fs.StringVar(&cfg.RedisURL, "redis", cfg.RedisURL, "Redis URL")
	asJSON := fs.Bool("json", false, "one JSON object per task per line")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	insp, err := taskInspector(cfg.RedisURL)
	if err != nil {
		return err
	}
	defer insp.Close()
	tasks, err := listFailed(insp)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		for _, t := range tasks {
			if err := enc.Encode(t); err != nil {
				return err
			}
		}
		return nil
	}
	if len(tasks) == 0 {
		fmt.Fprintln(out, "no failed tasks")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "LANE\tSTATE\tID\tTYPE\tDOC\tTRIES\tLAST ERROR")
	for _, t := range tasks {
		doc := t.DocID
		if t.Page > 0 {
			doc += fmt.Sprintf(" p%d", t.Page)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d/%d\t%s\n", t.Lane, t.State, t.ID, t.Type, doc, t.Retried, t.MaxRetry, taskOneLine(t.LastError, 120))
	}
	return tw.Flush()
}

func taskInspector(url string) (*asynq.Inspector, error) {
	if url == "" {
		return nil, errors.New("SOHOA_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0)")
	}
	opt, err := asynq.ParseRedisURI(url)
	if err != nil {
		return nil, fmt.Errorf("SOHOA_REDIS_URL: %w", err)
	}
	return asynq.NewInspector(opt), nil
}

// listFailed lists the tasks waiting for a retry and the archived ones
// (failed for good, or out of retries) of both taskLanes.
func listFailed(insp *asynq.Inspector) ([]failedTask, error) {
	lanes, err := existingLanes(insp)
	if err != nil {
		return nil, err
	}
	var all []failedTask
	for _, lane := range lanes {
		for _, st := range []struct {
			name string
			list func(string, ...asynq.ListOption) ([]*asynq.TaskInfo, error)
		}{{"retry", insp.ListRetryTasks}, {"archived", insp.ListArchivedTasks}} {
			for page := 1; ; page++ {
				infos, err := st.list(lane, asynq.PageSize(500), asynq.Page(page))
				if errors.Is(err, asynq.ErrQueueNotFound) {
					break
				}
				if err != nil {
					return nil, fmt.Errorf("list %s tasks of %s: %w", st.name, lane, err)
				}
				for _, ti := range infos {
					all = append(all, toFailed(lane, st.name, ti))
				}
				if len(infos) < 500 {
					break
				}
			}
		}
	}
	return all, nil
}

// existingLanes are the lanes Redis knows (a lane never used has no queue).
func existingLanes(insp *asynq.Inspector) ([]string, error) {
	qs, err := insp.Queues()
	if err != nil {
		return nil, fmt.Errorf("list queues: %w", err)
	}
	var lanes []string
	for _, l := range taskLanes {
		for _, q := range qs {
			if q == l {
				lanes = append(lanes, l)
			}
		}
	}
	return lanes, nil
}

func toFailed(lane, state string, ti *asynq.TaskInfo) failedTask {
	var p struct {
		DocID string `json:"doc_id"`
		Page  int    `json:"page"`
	}
	_ = json.Unmarshal(ti.Payload, &p)
	f := failedTask{
		Lane: lane, State: state, ID: ti.ID, Type: ti.Type, DocID: p.DocID, Page: p.Page,
		Retried: ti.Retried, MaxRetry: ti.MaxRetry, LastError: ti.LastErr, FailedAt: ti.LastFailedAt,
	}
	if state == "retry" {
		f.NextRunAt = ti.NextProcessAt
	}
	return f
}

func runTasksRetry(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("tasks retry", flag.ContinueOnError)
	cfg := config.FromEnv()
	fs.StringVar(&cfg.RedisURL, "redis", cfg.RedisURL, "Redis URL")
	all := fs.Bool("all", false, "retry every failed task now")
	if err := fs.Parse(args); err != nil {
		return exitError{2}
	}
	if *all == (fs.NArg() > 0) {
		fmt.Fprintln(os.Stderr, "usage: sohoa tasks retry TASK-ID... | --all")
		return exitError{2}
	}
	insp, err := taskInspector(cfg.RedisURL)
	if err != nil {
		return err
	}
	defer insp.Close()
	if *all {
		lanes, err := existingLanes(insp)
		if err != nil {
			return err
		}
		n := 0
		for _, lane := range lanes {
			a, err := insp.RunAllArchivedTasks(lane)
			if err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
				return fmt.Errorf("retry archived tasks of %s: %w", lane, err)
			}
			r, err := insp.RunAllRetryTasks(lane)
			if err != nil && !errors.Is(err, asynq.ErrQueueNotFound) {
				return fmt.Errorf("retry tasks of %s: %w", lane, err)
			}
			n += a + r
		}
		fmt.Fprintf(out, "%d tasks queued again\n", n)
		return nil
	}
	for _, id := range fs.Args() {
		if err := retryOne(insp, id); err != nil {
			return err
		}
		fmt.Fprintf(out, "%s queued again\n", id)
	}
	return nil
}

func retryOne(insp *asynq.Inspector, id string) error {
	for _, lane := range taskLanes {
		ti, err := insp.GetTaskInfo(lane, id)
		if errors.Is(err, asynq.ErrTaskNotFound) || errors.Is(err, asynq.ErrQueueNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("task %s: %w", id, err)
		}
		if ti.State != asynq.TaskStateRetry && ti.State != asynq.TaskStateArchived {
			return fmt.Errorf("task %s is %s, not failed", id, ti.State)
		}
		if err := insp.RunTask(lane, id); err != nil {
			return fmt.Errorf("retry %s: %w", id, err)
		}
		return nil
	}
	return fmt.Errorf("task %s: not found in %s", id, strings.Join(taskLanes, " or "))
}

func taskOneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}
