// Package workers holds sohoa's Asynq task types and their handlers. It is
// thin: it decodes a task's payload, calls the pipeline, writes results to
// storage and updates the search index. Payloads reference stored objects by
// key; they never carry image bytes.
package workers

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/sohoa/sohoa/record"
)

// Task types: a document is split into pages, each page is processed on its
// own (so a document's pages spread over all workers), and the document is
// assembled when every page is done.
const (
	TypeSplit    = "doc:split"
	TypePage     = "page:process"
	TypeAssemble = "doc:assemble"
)

// Lanes are Asynq queues. Counter work (a citizen waiting at the desk) is
// served strictly before backfill (bulk digitisation of archives).
const (
	LaneCounter  = "counter"
	LaneBackfill = "backfill"
)

// BackfillShards is how many queues backfill is spread over: offices are
// hashed onto them and the queues are served with equal weights, so one
// office's archive of 5,000 pages cannot hold back another office's 50
// pages submitted later (ADR 0905). Shard 0 is LaneBackfill itself.
const BackfillShards = 8

// BackfillQueues are the backfill shard queues, LaneBackfill first.
func BackfillQueues() []string {
	qs := []string{LaneBackfill}
	for i := 1; i < BackfillShards; i++ {
		qs = append(qs, fmt.Sprintf("%s-%d", LaneBackfill, i))
	}
	return qs
}

// AllQueues lists every queue: the counter lane, then the backfill shards.
func AllQueues() []string { return append([]string{LaneCounter}, BackfillQueues()...) }

// BackfillQueue is the shard of an office.
func BackfillQueue(office string) string {
	if office == "" {
		return LaneBackfill
	}
	h := fnv.New32a()
	h.Write([]byte(office))
	return BackfillQueues()[h.Sum32()%BackfillShards]
}

// Queues is the Asynq queue configuration of a worker: not strict, since
// strict priority would serve the shards in a fixed order; the counter's
// weight makes it the first choice of ~93% of dequeues while backfill
// waits, and otherwise the next after one backfill task.
var Queues = func() map[string]int {
	q := map[string]int{LaneCounter: 100}
	for _, b := range BackfillQueues() {
		q[b] = 1
	}
	return q
}()

// Retention keeps finished tasks visible (for `ingest --wait`, the API's
// progress and task-id deduplication).
const Retention = 24 * time.Hour

// Intake is what an upload stored: written to the object store before the
// document's first task is enqueued, so that storage alone knows every
// upload and a lost queue can be rebuilt from it.
type Intake struct {
	DocID      string        `json:"doc_id"`
	Original   record.Object `json:"original"`
	Format     string        `json:"format"`
	Filename   string        `json:"filename,omitempty"`
	Dossier    string        `json:"dossier,omitempty"`
	Office     string        `json:"office,omitempty"`
	UploadedBy string        `json:"uploaded_by,omitempty"`
	UploadID   string        `json:"upload_id,omitempty"`
	UploadedAt time.Time     `json:"uploaded_at"`
	Lane       string        `json:"lane"`
	// Batch: the file is a batch scan of several papers, to be cut at
	// separator pages (see batch.go).
	Batch bool `json:"batch,omitempty"`
	// Parent is the batch a child document was cut from; Sources are its
	// page images and SourcePages their numbers in the batch's original.
	Parent      string          `json:"parent,omitempty"`
	Sources     []record.Object `json:"sources,omitempty"`
	SourcePages []int           `json:"source_pages,omitempty"`
}

// PagePayload names one page of a document to process.
type PagePayload struct {
	DocID  string        `json:"doc_id"`
	Page   int           `json:"page"`  // 1-based
	Pages  int           `json:"pages"` // total
	Source record.Object `json:"source"`
	Lane   string        `json:"lane"`
}

// DocPayload names a document (split and assemble tasks).
type DocPayload struct {
	DocID string `json:"doc_id"`
	Lane  string `json:"lane"`
}

// DocID derives a document's id from its original's SHA-256: the same
// bytes uploaded twice are one document.
func DocID(originalSHA256 string) string {
	if len(originalSHA256) < 24 {
		return originalSHA256
	}
	return originalSHA256[:24]
}

// taskID derives a task id from content and stage, so that a retried upload
// or a duplicate enqueue is refused by Asynq instead of running twice.
func taskID(stage string, parts ...any) string {
	h := sha256.New()
	fmt.Fprint(h, stage)
	for _, p := range parts {
		fmt.Fprintf(h, "\x00%v", p)
	}
	return stage + "-" + hex.EncodeToString(h.Sum(nil))[:20]
}

// SplitTaskID is the id of a document's first task.
func SplitTaskID(docID string) string { return taskID(TypeSplit, docID) }

// AssembleTaskID is the id of a document's final task.
func AssembleTaskID(docID string) string { return taskID(TypeAssemble, docID) }

func pageTaskID(docID string, page int) string { return taskID(TypePage, docID, page) }

// lane returns the queue a lane name stands for: a backfill shard as
// given, anything else the counter.
func lane(l string) string {
	if _, ok := Queues[l]; ok {
		return l
	}
	return LaneCounter
}

// NewSplitTask makes the task that starts a document's processing.
func NewSplitTask(docID, laneName string) (*asynq.Task, []asynq.Option) {
	return newTask(TypeSplit, DocPayload{DocID: docID, Lane: lane(laneName)}, SplitTaskID(docID), laneName)
}

func newTask(typ string, payload any, id, laneName string) (*asynq.Task, []asynq.Option) {
	b, err := json.Marshal(payload)
	if err != nil {
		panic(err) // payload types are plain structs
	}
	return asynq.NewTask(typ, b), []asynq.Option{
		asynq.TaskID(id),
		asynq.Queue(lane(laneName)),
		asynq.Retention(Retention),
		asynq.MaxRetry(10),
	}
}

// Keys of the work area in the object store.
func intakeKey(docID string) string { return IntakeKey(docID) }

// IntakeKey is the object that records an upload (see Intake).
func IntakeKey(docID string) string { return "intake/" + docID + ".json" }
func pageResultKey(docID string, p int) string {
	return fmt.Sprintf("work/%s/page-%04d.json", docID, p)
}

func isConflict(err error) bool { return errors.Is(err, asynq.ErrTaskIDConflict) }
