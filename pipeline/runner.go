package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// Runner applies stages to every message of a source and hands the outputs to a sink in input
// order. Workers process messages concurrently; a reorder buffer bounded by MaxInFlight restores the
// order, so a sink sees (and a Kafka source commits) only a contiguous finished prefix.
type Runner struct {
	Stages []Stage
	// Workers is how many documents are processed at once (default: GOMAXPROCS).
	Workers int
	// MaxInFlight bounds the documents read but not yet written (default: 2 × Batch × Workers,
	// at least 4 × Workers).
	MaxInFlight int
	// MaxInFlightBytes bounds their size too (text, HTML and payload; default 32 MiB), so that
	// large documents cannot fill MaxInFlight slots: a document larger than the bound waits
	// until it is the only one in flight.
	MaxInFlightBytes int64
	// Batch is the most documents a worker takes at once when several are waiting (default 32;
	// 1: one at a time). A batch goes through the stages stage by stage (see batch.go).
	Batch int
	// Deadline bounds the time one document may spend in the stages (default: 30 s). A document
	// that overruns it becomes a dead letter; the worker moves on.
	Deadline time.Duration
	// MaxDocBytes rejects larger documents (default: 5 MiB; negative: no limit).
	MaxDocBytes int
	// Version is written into every record's pipeline info.
	Version string
	// Timings puts per-stage timings into the records. Off by default: records are then
	// byte-identical across runs.
	Timings bool
	// Observer, when set, is told about every processed message (metrics).
	Observer Observer
	Logger   *slog.Logger
}

// Observer receives per-message facts; the metrics package implements it.
type Observer interface {
	Processed(out *Output, elapsed time.Duration)
}

// Defaults used when a Runner field is zero.
const (
	DefaultDeadline    = 30 * time.Second
	DefaultMaxDocBytes = 5 << 20
	DefaultBatch       = 64
	// DefaultMaxInFlightBytes is about six of the largest documents (DefaultMaxDocBytes).
	DefaultMaxInFlightBytes = 32 << 20
)

// byteUnit is the grain of the in-flight byte budget: a document holds one token per started
// 64 KiB, so a news page holds one.
const byteUnit = 64 << 10

func (r *Runner) setDefaults() {
	if r.Workers <= 0 {
		r.Workers = runtime.GOMAXPROCS(0)
	}
	if r.Batch <= 0 {
		r.Batch = DefaultBatch
	}
	if r.MaxInFlight < r.Workers {
		r.MaxInFlight = max(4, 2*r.Batch) * r.Workers
	}
	if r.MaxInFlightBytes <= 0 {
		r.MaxInFlightBytes = DefaultMaxInFlightBytes
	}
	if r.Deadline <= 0 {
		r.Deadline = DefaultDeadline
	}
	if r.MaxDocBytes == 0 {
		r.MaxDocBytes = DefaultMaxDocBytes
	}
	if r.Version == "" {
		r.Version = Version
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
}

// StageNames lists the stages the records will name, in order.
func (r *Runner) StageNames() []string {
	names := make([]string, len(r.Stages))
	for i, s := range r.Stages {
		names[i] = s.Name()
	}
	return names
}

type job struct {
	seq    int64
	msg    *Message
	tokens int // of the byte budget
}

type result struct {
	seq    int64
	out    *Output
	tokens int
}

// size is what a message holds in memory while in flight.
func (m *Message) size() int {
	n := len(m.Payload)
	if m.Raw != nil {
		n += len(m.Raw.Text) + len(m.Raw.HTML)
	}
	return n
}

// Run reads src until io.EOF or ctx is done, and writes one output per message to sink. It returns
// nil at the end of the source, ctx.Err() on cancellation (after writing every output already
// finished in order), or the first source or sink error.
func (r *Runner) Run(ctx context.Context, src Source, sink Sink) error {
	r.setDefaults()
	names := r.StageNames()

	// Reading stops on cancellation, but the workers and the writer finish what was read: that is
	// the graceful drain. The caller bounds it by cancelling procCtx through Deadline.
	jobs := make(chan job, r.MaxInFlight)
	results := make(chan result, r.Workers)
	slots := make(chan struct{}, r.MaxInFlight)
	budget := make(chan struct{}, max(1, int(r.MaxInFlightBytes/byteUnit)))

	var readErr error
	go func() {
		defer close(jobs)
		for seq := int64(0); ; seq++ {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			m, err := src.Next(ctx)
			if err != nil {
				<-slots
				if !errors.Is(err, io.EOF) && ctx.Err() == nil {
					readErr = fmt.Errorf("reading input: %w", err)
				}
				return
			}
			// Not abandoned on cancellation: the message is read, and the workers free the
			// budget as they finish what is in flight.
			tokens := min(m.size()/byteUnit+1, cap(budget))
			for range tokens {
				budget <- struct{}{}
			}
			jobs <- job{seq, m, tokens}
		}
	}()

	var wg sync.WaitGroup
	for range r.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			batch := make([]job, 0, r.Batch)
			msgs := make([]*Message, 0, r.Batch)
			for j := range jobs {
				// The first job, then whatever else is already waiting: a worker never waits
				// to fill a batch, so a slow stream is not delayed.
				batch = append(batch[:0], j)
			more:
				for len(batch) < r.Batch {
					select {
					case j, ok := <-jobs:
						if !ok {
							break more
						}
						batch = append(batch, j)
					default:
						break more
					}
				}
				msgs = msgs[:0]
				for _, j := range batch {
					msgs = append(msgs, j.msg)
				}
				r.processBatch(msgs, names, func(k int, out *Output) {
					results <- result{batch[k].seq, out, batch[k].tokens}
				})
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// The writer: restore input order, write, then acknowledge.
	pending := map[int64]result{}
	var next int64
	var writeErr error
	for res := range results {
		pending[res.seq] = res
		for {
			res, ok := pending[next]
			if !ok {
				break
			}
			out := res.out
			delete(pending, next)
			next++
			if writeErr == nil {
				if err := sink.Write(context.WithoutCancel(ctx), out); err != nil {
					writeErr = fmt.Errorf("writing %s: %w", out.ID, err)
				} else if out.Msg.Done != nil {
					out.Msg.Done()
				}
			}
			for range res.tokens {
				<-budget
			}
			<-slots
		}
	}
	if err := sink.Flush(context.WithoutCancel(ctx)); err != nil && writeErr == nil {
		writeErr = fmt.Errorf("flushing output: %w", err)
	}
	switch {
	case writeErr != nil:
		return writeErr
	case readErr != nil:
		return readErr
	}
	return ctx.Err()
}

// Process runs the stages on one message and returns its output. It never panics: a stage that
// panics, errs or overruns the deadline yields a Failure naming the stage.
func (r *Runner) Process(m *Message) *Output {
	r.setDefaults()
	return r.process(m, r.StageNames())
}

func (r *Runner) process(m *Message, names []string) *Output {
	start := time.Now()
	out, d := r.prepare(m, names)
	if d == nil {
		r.observe(out, time.Since(start))
		return out
	}

	// The stages run in their own goroutine so that a stage that ignores its context cannot hold
	// the worker past the deadline; such a goroutine is abandoned and its document dead-lettered.
	ctx, cancel := context.WithTimeout(context.Background(), r.Deadline)
	defer cancel()
	type done struct {
		timings map[string]int64
		fail    *Failure
	}
	ch := make(chan done, 1)
	stageNow := make(chan string, len(r.Stages)+1)
	go func() {
		timings := make(map[string]int64, len(r.Stages))
		for _, s := range r.Stages {
			stageNow <- s.Name()
			t0 := time.Now()
			err := safeProcess(ctx, s, d)
			timings[s.Name()] = time.Since(t0).Microseconds()
			if err == nil && ctx.Err() != nil {
				err = ctx.Err()
			}
			if err != nil {
				ch <- done{timings, &Failure{Stage: s.Name(), Reason: describe(err, r.Deadline)}}
				return
			}
		}
		ch <- done{timings: timings}
	}()
	var res done
	select {
	case res = <-ch:
	case <-ctx.Done():
		stage := "unknown"
		for len(stageNow) > 0 {
			stage = <-stageNow
		}
		res = done{fail: &Failure{Stage: stage, Reason: describe(ctx.Err(), r.Deadline)}}
	}
	out.Timings = res.timings
	if res.fail != nil {
		out.Failure = res.fail
	} else {
		r.complete(out, d)
	}
	r.observe(out, time.Since(start))
	return out
}

// prepare starts the output of m and, when m can go through the stages, its document; otherwise
// the output holds the failure (decode, validate) and the document is nil.
func (r *Runner) prepare(m *Message, names []string) (*Output, *Doc) {
	out := &Output{Msg: m}
	if m.Err != nil {
		out.Failure = &Failure{Stage: "decode", Reason: m.Err.Error()}
		return out, nil
	}
	out.ID = RecordID(m.Raw)
	if err := m.Raw.Check(r.MaxDocBytes); err != nil {
		out.Failure = &Failure{Stage: "validate", Reason: err.Error()}
		return out, nil
	}
	return out, NewDoc(m.Raw, out.ID, r.Version, names)
}

// complete makes d the clean record of out, once every stage has run on it.
func (r *Runner) complete(out *Output, d *Doc) {
	if d.Lang == "" {
		d.Lang = "und" // the langid stage did not run
	}
	if r.Timings {
		d.Pipeline.Timings = out.Timings
	}
	out.Doc = d
}

func (r *Runner) observe(out *Output, elapsed time.Duration) {
	if r.Observer != nil {
		r.Observer.Processed(out, elapsed)
	}
}

func describe(err error, deadline time.Duration) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("per-record deadline of %s exceeded", deadline)
	}
	return err.Error()
}

// safeProcess turns a stage's panic into an error, so one poison document cannot crash a worker.
func safeProcess(ctx context.Context, s Stage, d *Doc) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, firstFrames(debug.Stack(), 12))
		}
	}()
	return s.Process(ctx, d)
}

func firstFrames(stack []byte, lines int) []byte {
	n := 0
	for i, c := range stack {
		if c == '\n' {
			n++
			if n == lines {
				return stack[:i]
			}
		}
	}
	return stack
}

// NewDoc starts the clean record of a raw input: identity and provenance, empty enrichment.
func NewDoc(raw *Raw, id, version string, stages []string) *Doc {
	d := &Doc{
		ID:          id,
		Schema:      SchemaRef{Name: CleanSchemaName, Version: CleanSchemaVersion},
		Source:      raw.Source,
		Title:       raw.Title,
		Boilerplate: []Block{},
		Dates:       []Date{},
		Entities:    []Entity{},
		Pipeline:    Info{Version: version, Stages: stages},
		Raw:         raw,
	}
	return d
}
