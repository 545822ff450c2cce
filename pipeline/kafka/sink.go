package kafka

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
)

// Header names on the messages the sink writes. Dead letters carry the original payload as their
// value and everything else here, so a tool can replay them after a fix.
const (
	HeaderID              = "depeche.id"
	HeaderSchema          = "depeche.schema"           // "name/version" of the value (clean) or of the dead letter
	HeaderPipelineVersion = "depeche.pipeline.version" // pipeline.Version of the worker
	HeaderStage           = "depeche.stage"            // dead letters: the stage that failed (decode, validate, a stage, produce)
	HeaderError           = "depeche.error"            // dead letters: why
	HeaderSourceTopic     = "depeche.source.topic"
	HeaderSourcePartition = "depeche.source.partition"
	HeaderSourceOffset    = "depeche.source.offset"
	HeaderTruncated       = "depeche.payload.truncated" // dead letters: "true" when the value is a prefix of the payload
	HeaderPayloadBytes    = "depeche.payload.bytes"     // dead letters: the original payload's size
	HeaderTimings         = "depeche.timings_us"        // clean records: per-stage timings, JSON
)

// SinkConfig configures a Sink.
type SinkConfig struct {
	Brokers    []string
	CleanTopic string // default depeche.clean
	DLQTopic   string // default depeche.dlq
	Security   Security
	// Version is the pipeline version named in headers (default pipeline.Version).
	Version string
	// BatchSize is how many outputs Write buffers before it writes them (default 200).
	BatchSize int
	// Linger is how long a partly filled buffer may wait before a background flush (default 20 ms).
	Linger time.Duration
	// MaxMessageBytes is the largest message the topics accept (default 1,000,000, Kafka's
	// default max.message.bytes). A larger clean record becomes a dead letter of stage "produce";
	// a larger dead-letter payload is truncated (and says so in a header).
	MaxMessageBytes int
	// WriteTimeout bounds one produce attempt (default 10 s). Failed attempts are retried with
	// backoff until they succeed or the sink is aborted: a broker outage holds the pipeline
	// (nothing is committed meanwhile), it never loses records.
	WriteTimeout time.Duration
	// RetryBackoffMax caps the backoff between produce attempts (default 5 s).
	RetryBackoffMax time.Duration
	Observer        Observer
	Logger          *slog.Logger
}

func (c *SinkConfig) setDefaults() {
	if c.CleanTopic == "" {
		c.CleanTopic = DefaultCleanTopic
	}
	if c.DLQTopic == "" {
		c.DLQTopic = DefaultDLQTopic
	}
	if c.Version == "" {
		c.Version = pipeline.Version
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 200
	}
	if c.Linger <= 0 {
		c.Linger = 20 * time.Millisecond
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = 1_000_000
	}
	if c.WriteTimeout <= 0 {
		c.WriteTimeout = 10 * time.Second
	}
	if c.RetryBackoffMax <= 0 {
		c.RetryBackoffMax = 5 * time.Second
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// ErrAborted is returned by a sink whose pending writes were abandoned (close timeout).
var ErrAborted = errors.New("kafka sink aborted")

// Sink writes clean records to the clean topic and dead letters to the DLQ topic, keyed by record
// id, with RequireAll acks. Write buffers; Flush (called by the Source before each commit, by the
// runner at the end, and by a background timer) writes the buffer and returns once the brokers
// acknowledged all of it.
type Sink struct {
	cfg SinkConfig
	w   *kafkago.Writer

	// mu guards the buffer and the counts; it is never held across a produce request, so the
	// runner keeps handing records to Write while a flush waits for the brokers.
	mu  sync.Mutex
	buf []kafkago.Message
	// Written and DeadLetters count acknowledged outputs.
	written, dead int
	// flushing serialises flushes, so batches reach the brokers in the order Write took them, and
	// a Flush returns only once everything written before it is acknowledged. spare is the
	// previous batch's array, reused (guarded by flushing).
	flushing sync.Mutex
	spare    []kafkago.Message

	abort     context.Context
	abortFn   context.CancelFunc
	stop      chan struct{}
	lingerer  sync.WaitGroup
	closeOnce sync.Once
}

// NewSink creates the writer; it connects on the first write.
func NewSink(cfg SinkConfig) (*Sink, error) {
	cfg.setDefaults()
	if len(cfg.Brokers) == 0 {
		return nil, errors.New("kafka sink: no brokers")
	}
	s := &Sink{cfg: cfg, w: newWriter(cfg.Brokers, cfg.Security, cfg.WriteTimeout, cfg.MaxMessageBytes), stop: make(chan struct{})}
	// One flush hands kafka-go at most BatchSize messages, so its per-partition batches never
	// need more room; kafka-go allocates every batch at its BatchSize capacity, and at 10,000
	// (about 1.5 MB per batch) that garbage cost the Kafka path a fifth of its throughput.
	s.w.BatchSize = cfg.BatchSize
	s.abort, s.abortFn = context.WithCancel(context.Background())
	s.lingerer.Add(1)
	go s.linger()
	return s, nil
}

func newWriter(brokers []string, sec Security, timeout time.Duration, maxBytes int) *kafkago.Writer {
	return &kafkago.Writer{
		Addr: kafkago.TCP(brokers...),
		// Java's default partitioner: a record id lands on the same partition from any client.
		Balancer:     &kafkago.Murmur2Balancer{Consistent: true},
		RequiredAcks: kafkago.RequireAll, // kafka-go defaults to RequireNone: not durable
		// Our own buffer makes the batches; kafka-go's would add its BatchTimeout to every write.
		BatchSize:    10_000,
		BatchBytes:   int64(maxBytes) + 64<<10,
		BatchTimeout: time.Millisecond,
		WriteTimeout: timeout,
		ReadTimeout:  timeout,
		// A few quick attempts inside kafka-go; the sink's own loop retries for longer, visibly.
		MaxAttempts:            3,
		WriteBackoffMin:        50 * time.Millisecond,
		WriteBackoffMax:        500 * time.Millisecond,
		AllowAutoTopicCreation: false,
		Transport:              sec.transport(),
	}
}

// Write implements pipeline.Sink. It only buffers, unless the buffer is full.
func (s *Sink) Write(ctx context.Context, out *pipeline.Output) error {
	m, err := s.message(out)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.buf = append(s.buf, m)
	full := len(s.buf) >= s.cfg.BatchSize
	s.mu.Unlock()
	if full {
		return s.Flush(ctx)
	}
	return nil
}

// Flush implements pipeline.Sink.
func (s *Sink) Flush(ctx context.Context) error {
	s.flushing.Lock()
	defer s.flushing.Unlock()
	return s.flushHeld(ctx)
}

// Counts returns how many clean records and dead letters were acknowledged.
func (s *Sink) Counts() (clean, dead int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written, s.dead
}

// Abort makes pending and future writes fail with ErrAborted (nothing more is committed); the
// worker calls it when the close timeout runs out.
func (s *Sink) Abort() { s.abortFn() }

// Close stops the background flush and closes the writer. It does not flush: the runner and the
// Source's final commit have done that, and a sink closed after an abort must not write.
func (s *Sink) Close() error {
	var err error
	s.closeOnce.Do(func() {
		s.abortFn() // a background flush stuck retrying against a dead broker gives up
		close(s.stop)
		s.lingerer.Wait()
		err = s.w.Close()
	})
	return err
}

func (s *Sink) linger() {
	defer s.lingerer.Done()
	t := time.NewTicker(s.cfg.Linger)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			// A flush under way will be followed by the next tick's.
			if !s.flushing.TryLock() {
				continue
			}
			if err := s.flushHeld(context.Background()); err != nil && !errors.Is(err, ErrAborted) {
				s.cfg.Logger.Warn("kafka write failed", "error", err)
			}
			s.flushing.Unlock()
		}
	}
}

// message turns an output into its Kafka message: the clean record, or the original payload with
// the failure in headers.
func (s *Sink) message(out *pipeline.Output) (kafkago.Message, error) {
	origin := out.Msg.Origin
	headers := []kafkago.Header{
		{Key: HeaderPipelineVersion, Value: []byte(s.cfg.Version)},
	}
	if origin.Topic != "" {
		headers = append(headers,
			kafkago.Header{Key: HeaderSourceTopic, Value: []byte(origin.Topic)},
			kafkago.Header{Key: HeaderSourcePartition, Value: []byte(strconv.Itoa(origin.Partition))},
			kafkago.Header{Key: HeaderSourceOffset, Value: []byte(strconv.FormatInt(origin.Offset, 10))})
	} else if origin.File != "" {
		headers = append(headers, kafkago.Header{Key: "depeche.source.file", Value: []byte(origin.String())})
	}
	// Headers and key must fit beside the value under the topic's limit.
	headroom := min(16<<10, s.cfg.MaxMessageBytes/4)
	var key []byte
	if out.ID != "" {
		key = []byte(clipString(out.ID, maxKeyBytes))
		headers = append(headers, kafkago.Header{Key: HeaderID, Value: key})
	}
	if out.Failure == nil {
		value, err := pipeline.MarshalRecord(out.Doc)
		if err != nil {
			return kafkago.Message{}, fmt.Errorf("encoding record %s: %w", out.ID, err)
		}
		if len(out.ID) > maxKeyBytes {
			out = &pipeline.Output{Msg: out.Msg, ID: out.ID, Failure: &pipeline.Failure{Stage: "produce",
				Reason: fmt.Sprintf("record id of %d bytes over the key limit of %d bytes", len(out.ID), maxKeyBytes)}}
		} else if len(value)+len(key) <= s.cfg.MaxMessageBytes-headroom {
			if out.Timings != nil {
				t, _ := json.Marshal(out.Timings)
				headers = append(headers, kafkago.Header{Key: HeaderTimings, Value: t})
			}
			headers = append(headers, kafkago.Header{Key: HeaderSchema, Value: []byte(pipeline.CleanSchemaName + "/" + pipeline.CleanSchemaVersion)})
			return kafkago.Message{Topic: s.cfg.CleanTopic, Key: key, Value: value, Headers: headers}, nil
		} else {
			// Deterministic: the same input always gives the same too-large record, so a retry
			// cannot help; the input goes to the dead letters like any other failure.
			out = &pipeline.Output{Msg: out.Msg, ID: out.ID, Failure: &pipeline.Failure{Stage: "produce",
				Reason: fmt.Sprintf("clean record of %d bytes over the topic's message limit of %d bytes", len(value), s.cfg.MaxMessageBytes)}}
		}
	}
	payload := out.Msg.Payload
	if payload == nil && out.Msg.Raw != nil {
		payload, _ = pipeline.MarshalRecord(out.Msg.Raw)
	}
	headers = append(headers,
		kafkago.Header{Key: HeaderSchema, Value: []byte(pipeline.DeadLetterSchemaName + "/" + pipeline.DeadLetterSchemaVersion)},
		kafkago.Header{Key: HeaderStage, Value: []byte(out.Failure.Stage)},
		kafkago.Header{Key: HeaderError, Value: []byte(clipString(out.Failure.Reason, min(4096, headroom/4)))},
		kafkago.Header{Key: HeaderPayloadBytes, Value: []byte(strconv.Itoa(len(payload)))})
	if room := max(s.cfg.MaxMessageBytes-headroom-len(key), 0); len(payload) > room {
		payload = payload[:room]
		headers = append(headers, kafkago.Header{Key: HeaderTruncated, Value: []byte("true")})
	}
	return kafkago.Message{Topic: s.cfg.DLQTopic, Key: key, Value: payload, Headers: headers}, nil
}

// maxKeyBytes bounds a record id used as a message key.
const maxKeyBytes = 1024

// clipString cuts s to at most n bytes, on a rune boundary when it can.
func clipString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut > n-4 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// flushHeld takes the buffer and writes it, with s.flushing held. Messages it could not write go
// back to the front of the buffer, before what Write added meanwhile, for the next flush.
func (s *Sink) flushHeld(ctx context.Context) error {
	s.mu.Lock()
	batch := s.buf
	s.buf = s.spare[:0]
	s.mu.Unlock()
	if len(batch) == 0 {
		s.spare = batch
		return nil
	}
	left, err := s.write(ctx, batch)
	if len(left) == 0 {
		s.spare = batch[:0]
		return err
	}
	s.mu.Lock()
	s.buf = append(left, s.buf...)
	s.mu.Unlock()
	s.spare = nil
	return err
}

// write writes batch, retrying transient failures with backoff until every message is
// acknowledged, the sink is aborted, or ctx is done, and returns the messages not acknowledged.
// Messages already acknowledged are not sent again; a message whose acknowledgement was lost may
// be (at-least-once).
func (s *Sink) write(ctx context.Context, batch []kafkago.Message) ([]kafkago.Message, error) {
	backoff := 100 * time.Millisecond
	failures := 0
	for len(batch) > 0 {
		if err := s.abort.Err(); err != nil {
			return batch, ErrAborted
		}
		wctx, cancel := context.WithCancel(ctx)
		stop := context.AfterFunc(s.abort, cancel)
		err := s.w.WriteMessages(wctx, batch...)
		stop()
		cancel()
		if err == nil {
			s.acked(batch)
			if failures > 0 {
				s.cfg.Logger.Info("kafka writes recovered", "after_failures", failures)
			}
			return nil, nil
		}
		if s.abort.Err() != nil {
			return batch, ErrAborted
		}
		if ctx.Err() != nil {
			return batch, ctx.Err()
		}
		var werrs kafkago.WriteErrors
		var failed []kafkago.Message
		if errors.As(err, &werrs) && len(werrs) == len(batch) {
			var ok []kafkago.Message
			for i, e := range werrs {
				if e != nil {
					failed = append(failed, batch[i])
				} else {
					ok = append(ok, batch[i])
				}
			}
			s.acked(ok)
			err = firstErr(werrs)
		} else {
			failed = batch
		}
		topic := failed[0].Topic
		s.cfg.Observer.WriteFailed(topic, err)
		if permanent(err) {
			return failed, fmt.Errorf("writing %d messages to %s: %w", len(failed), topic, err)
		}
		failures++
		if failures == 1 || failures%10 == 0 {
			s.cfg.Logger.Warn("kafka write failed; retrying", "topic", topic, "messages", len(failed), "attempt", failures, "error", err)
		}
		batch = append(batch[:0], failed...)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return batch, ctx.Err()
		case <-s.abort.Done():
			return batch, ErrAborted
		}
		backoff = min(2*backoff, s.cfg.RetryBackoffMax)
	}
	return nil, nil
}

func (s *Sink) acked(msgs []kafkago.Message) {
	if len(msgs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	clean := 0
	for _, m := range msgs {
		if m.Topic == s.cfg.DLQTopic {
			s.dead++
			s.cfg.Observer.DeadLettered(headerValue(m.Headers, HeaderStage))
		} else {
			clean++
		}
	}
	s.written += clean
	if clean > 0 {
		s.cfg.Observer.Written(s.cfg.CleanTopic, clean)
	}
	if d := len(msgs) - clean; d > 0 {
		s.cfg.Observer.Written(s.cfg.DLQTopic, d)
	}
}

func firstErr(errs kafkago.WriteErrors) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// permanent is true for errors a retry cannot fix: the configuration (authorisation, a missing
// or invalid topic, a message over the broker's limit). Everything else (connections, leaders,
// timeouts) is transient and retried.
func permanent(err error) bool {
	var kerr kafkago.Error
	if errors.As(err, &kerr) {
		switch kerr {
		case kafkago.TopicAuthorizationFailed, kafkago.ClusterAuthorizationFailed,
			kafkago.SASLAuthenticationFailed, kafkago.InvalidTopic,
			kafkago.MessageSizeTooLarge, kafkago.RecordListTooLarge,
			kafkago.InvalidRequiredAcks, kafkago.UnsupportedVersion:
			return true
		}
		return false
	}
	var tooLarge kafkago.MessageTooLargeError
	return errors.As(err, &tooLarge)
}

// headerValue returns the value of the first header named key.
func headerValue(hs []kafkago.Header, key string) string {
	for _, h := range hs {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Header returns the value of a message's header, "" when absent.
func Header(m kafkago.Message, key string) string { return headerValue(m.Headers, key) }

// DeadLetterFromMessage rebuilds, from a dead-letter topic message, the JSON dead-letter record
// the file sinks write (schemas/deadletter.v1.json), so tools read both the same way. It fails on
// a message that carries no stage header (not a dead letter).
func DeadLetterFromMessage(m kafkago.Message) (*pipeline.DeadLetter, error) {
	stage := Header(m, HeaderStage)
	if stage == "" {
		return nil, fmt.Errorf("%s/%d@%d is not a dead letter (no %s header)", m.Topic, m.Partition, m.Offset, HeaderStage)
	}
	dl := &pipeline.DeadLetter{
		ID:        Header(m, HeaderID),
		Schema:    pipeline.SchemaRef{Name: pipeline.DeadLetterSchemaName, Version: pipeline.DeadLetterSchemaVersion},
		Stage:     stage,
		Error:     Header(m, HeaderError),
		Pipeline:  Header(m, HeaderPipelineVersion),
		Truncated: Header(m, HeaderTruncated) == "true",
	}
	if name, version, ok := strings.Cut(Header(m, HeaderSchema), "/"); ok {
		dl.Schema = pipeline.SchemaRef{Name: name, Version: version}
	}
	if t := Header(m, HeaderSourceTopic); t != "" {
		dl.Origin.Topic = t
		dl.Origin.Partition, _ = strconv.Atoi(Header(m, HeaderSourcePartition))
		dl.Origin.Offset, _ = strconv.ParseInt(Header(m, HeaderSourceOffset), 10, 64)
	}
	if utf8.Valid(m.Value) {
		dl.Payload = string(m.Value)
	} else {
		dl.PayloadBase64 = base64.StdEncoding.EncodeToString(m.Value)
	}
	return dl, nil
}
