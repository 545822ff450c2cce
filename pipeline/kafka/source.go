package kafka

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
)

// Observer is told about the Kafka side of a worker (the metrics package implements it). Every
// method must be cheap and safe for concurrent use.
type Observer interface {
	// Fetched is called for every message read, with the partition's lag after it.
	Fetched(topic string, partition int, lag int64)
	// Committed is called after offsets were committed.
	Committed(n int)
	// CommitFailed is called when a commit failed (it is retried).
	CommitFailed(err error)
	// Written is called after n outputs to topic were acknowledged.
	Written(topic string, n int)
	// WriteFailed is called when a write attempt failed (it is retried when transient).
	WriteFailed(topic string, err error)
	// DeadLettered is called for every dead letter written, with the failing stage.
	DeadLettered(stage string)
	// ClientError is called for errors the Kafka client handles itself (reconnects, rebalances).
	ClientError(client string, err error)
}

type nopObserver struct{}

func (nopObserver) Fetched(string, int, int64) {}
func (nopObserver) Committed(int)              {}
func (nopObserver) CommitFailed(error)         {}
func (nopObserver) Written(string, int)        {}
func (nopObserver) WriteFailed(string, error)  {}
func (nopObserver) DeadLettered(string)        {}
func (nopObserver) ClientError(string, error)  {}

// SourceConfig configures a Source. Zero durations take the defaults below.
type SourceConfig struct {
	Brokers  []string
	Topic    string // default depeche.raw
	Group    string // default depeche-enrich
	Security Security
	// Flush, when set, is called before every commit: it must make every output written so far
	// durable. The worker passes the Kafka sink's Flush, whose Write only buffers.
	Flush func(ctx context.Context) error
	// CommitInterval is how often finished offsets are committed (default 1 s). A crash
	// re-delivers at most what finished in the last interval (plus what was in flight).
	CommitInterval time.Duration
	// Consumer group timings (defaults: 10 s session, 1 s heartbeat, 15 s rebalance).
	SessionTimeout    time.Duration
	HeartbeatInterval time.Duration
	RebalanceTimeout  time.Duration
	// MaxUncommitted bounds the records whose outputs were written but whose offsets are not yet
	// committed (default 500). When it is reached, Done commits before it returns, holding the
	// runner: it bounds the duplicates a crash can cause.
	MaxUncommitted int
	// MaxBytes bounds one fetch (default 10 MiB: a raw record may be up to the document limit).
	MaxBytes int
	// MaxWait bounds how long a fetch waits for new data (default 500 ms).
	MaxWait  time.Duration
	Observer Observer
	Logger   *slog.Logger
}

func (c *SourceConfig) setDefaults() {
	if c.Topic == "" {
		c.Topic = DefaultRawTopic
	}
	if c.Group == "" {
		c.Group = DefaultGroup
	}
	if c.CommitInterval <= 0 {
		c.CommitInterval = time.Second
	}
	if c.SessionTimeout <= 0 {
		c.SessionTimeout = 10 * time.Second
	}
	if c.HeartbeatInterval <= 0 {
		c.HeartbeatInterval = time.Second
	}
	if c.RebalanceTimeout <= 0 {
		c.RebalanceTimeout = 15 * time.Second
	}
	if c.MaxBytes <= 0 {
		c.MaxBytes = 10 << 20
	}
	if c.MaxUncommitted <= 0 {
		c.MaxUncommitted = 500
	}
	if c.MaxWait <= 0 {
		c.MaxWait = 500 * time.Millisecond
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
}

// Source reads raw records from a topic through a consumer group. It never commits on read: each
// message's Done marks it finished, and a committer commits, per partition, the contiguous
// finished prefix in fetch order, after flushing the sink. Done may be called in any order.
type Source struct {
	cfg SourceConfig
	r   *kafkago.Reader

	mu    sync.Mutex
	parts map[int]*partition
	// pending holds, per partition, the last message of the finished prefix not yet committed.
	pending map[int]kafkago.Message
	// finished counts messages that joined a finished prefix; committedThrough is its value at
	// the last successful commit.
	finished, committedThrough int64

	commitMu  sync.Mutex // one commit at a time (ticker and Close)
	stop      chan struct{}
	aborted   chan struct{}
	abortOnce sync.Once
	committer sync.WaitGroup
	closeOnce sync.Once
}

// partition tracks the messages of one partition in fetch order, until they are finished.
type partition struct {
	queue []*entry
}

type entry struct {
	msg  kafkago.Message
	done bool
}

// NewSource joins the consumer group (lazily, on the first Next) and starts the committer.
func NewSource(cfg SourceConfig) (*Source, error) {
	cfg.setDefaults()
	if len(cfg.Brokers) == 0 {
		return nil, errors.New("kafka source: no brokers")
	}
	log := cfg.Logger
	obs := cfg.Observer
	r := kafkago.NewReader(kafkago.ReaderConfig{
		Brokers:           cfg.Brokers,
		GroupID:           cfg.Group,
		GroupTopics:       []string{cfg.Topic},
		Dialer:            cfg.Security.dialer(),
		MinBytes:          1,
		MaxBytes:          cfg.MaxBytes,
		MaxWait:           cfg.MaxWait,
		QueueCapacity:     100,
		StartOffset:       kafkago.FirstOffset,
		CommitInterval:    0, // synchronous commits, driven by our committer
		SessionTimeout:    cfg.SessionTimeout,
		HeartbeatInterval: cfg.HeartbeatInterval,
		RebalanceTimeout:  cfg.RebalanceTimeout,
		JoinGroupBackoff:  200 * time.Millisecond,
		ReadBackoffMin:    50 * time.Millisecond,
		ReadBackoffMax:    time.Second,
		MaxAttempts:       3,
		// Rebalances and reconnects are routine; they are counted, and logged at debug.
		ErrorLogger: kafkago.LoggerFunc(func(f string, a ...any) {
			err := fmt.Errorf(f, a...)
			obs.ClientError("reader", err)
			log.Debug("kafka reader", "error", err)
		}),
	})
	s := &Source{
		cfg:     cfg,
		r:       r,
		parts:   map[int]*partition{},
		pending: map[int]kafkago.Message{},
		stop:    make(chan struct{}),
		aborted: make(chan struct{}),
	}
	s.committer.Add(1)
	go s.commitLoop()
	return s, nil
}

// Next implements pipeline.Source. It blocks until a message arrives or ctx is done.
func (s *Source) Next(ctx context.Context) (*pipeline.Message, error) {
	km, err := s.fetch(ctx)
	if err != nil {
		return nil, err
	}
	if km.HighWaterMark > 0 {
		s.cfg.Observer.Fetched(km.Topic, km.Partition, km.HighWaterMark-km.Offset-1)
	}
	e := &entry{msg: km}
	s.mu.Lock()
	p := s.parts[km.Partition]
	if p == nil {
		p = &partition{}
		s.parts[km.Partition] = p
	}
	p.queue = append(p.queue, e)
	s.mu.Unlock()

	m := decode(km)
	var once sync.Once
	m.Done = func() {
		once.Do(func() {
			if s.finish(e) >= int64(s.cfg.MaxUncommitted) {
				s.commitNow()
			}
		})
	}
	return m, nil
}

// fetch returns the next message. A broker that cannot be reached is waited for, with backoff, as
// the sink waits for it: kafka-go's group reader reconnects by itself, but hands some connection
// errors to FetchMessage ("failed to dial"), which would otherwise stop a worker in the middle of
// an outage. Errors a retry cannot fix (authorisation, an invalid topic) stop it.
func (s *Source) fetch(ctx context.Context) (kafkago.Message, error) {
	backoff := 100 * time.Millisecond
	for failures := 1; ; failures++ {
		km, err := s.r.FetchMessage(ctx)
		switch {
		case err == nil:
			if failures > 1 {
				s.cfg.Logger.Info("kafka fetches recovered", "after_failures", failures-1)
			}
			return km, nil
		case ctx.Err() != nil:
			return km, ctx.Err()
		case errors.Is(err, io.EOF):
			return km, io.EOF // the reader was closed
		case permanent(err):
			return km, fmt.Errorf("fetching from %s: %w", s.cfg.Topic, err)
		}
		if failures == 1 || failures%10 == 0 {
			s.cfg.Logger.Warn("kafka fetch failed; retrying", "topic", s.cfg.Topic, "attempt", failures, "error", err)
		}
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return km, ctx.Err()
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// decode turns a Kafka message into a pipeline message: the value is a raw record, kept as the
// payload for dead letters; a value that does not decode is a message whose Err says why.
func decode(km kafkago.Message) *pipeline.Message {
	m := &pipeline.Message{
		Payload: km.Value,
		Origin:  pipeline.Origin{Topic: km.Topic, Partition: km.Partition, Offset: km.Offset},
	}
	m.Raw, m.Err = pipeline.DecodeRaw(km.Value)
	return m
}

// finish marks one message finished, advances its partition's finished prefix, and returns how
// many finished messages are not yet committed.
func (s *Source) finish(e *entry) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	e.done = true
	p := s.parts[e.msg.Partition]
	n := 0
	for n < len(p.queue) && p.queue[n].done {
		n++
	}
	if n == 0 {
		return s.finished - s.committedThrough
	}
	s.finished += int64(n)
	s.pending[e.msg.Partition] = p.queue[n-1].msg
	clear(p.queue[:n])
	p.queue = p.queue[n:]
	return s.finished - s.committedThrough
}

// commitNow commits until it succeeds or the source is aborted: the caller (the
// runner, through Done) waits, so no more than MaxUncommitted outputs are ever uncommitted.
func (s *Source) commitNow() {
	backoff := 50 * time.Millisecond
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		go func() {
			select {
			case <-s.aborted:
				cancel()
			case <-ctx.Done():
			}
		}()
		err := s.Commit(ctx)
		cancel()
		if err == nil {
			return
		}
		s.cfg.Logger.Warn("kafka commit failed; holding records until it succeeds", "error", err)
		select {
		case <-s.aborted:
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// Abort makes a commit that Done is waiting for give up (the close timeout ran out).
func (s *Source) Abort() { s.abortOnce.Do(func() { close(s.aborted) }) }

// Committable returns, per partition, the offset the next commit would store (the offset after
// the finished prefix); tests use it.
func (s *Source) Committable() map[int]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int]int64{}
	for p, m := range s.pending {
		out[p] = m.Offset + 1
	}
	return out
}

func (s *Source) commitLoop() {
	defer s.committer.Done()
	t := time.NewTicker(s.cfg.CommitInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*s.cfg.CommitInterval+10*time.Second)
			if err := s.Commit(ctx); err != nil {
				s.cfg.Logger.Warn("kafka commit failed; will retry", "error", err)
			}
			cancel()
		}
	}
}

// Commit flushes the sink and commits every finished prefix. Offsets that fail to commit are
// retried by the next call.
func (s *Source) Commit(ctx context.Context) error {
	s.commitMu.Lock()
	defer s.commitMu.Unlock()
	s.mu.Lock()
	if len(s.pending) == 0 {
		s.mu.Unlock()
		return nil
	}
	msgs := make([]kafkago.Message, 0, len(s.pending))
	for _, m := range s.pending {
		msgs = append(msgs, m)
	}
	through := s.finished
	s.mu.Unlock()

	// Everything marked finished was handed to the sink before Done; the flush makes it durable
	// before the offsets say so.
	if s.cfg.Flush != nil {
		if err := s.cfg.Flush(ctx); err != nil {
			s.cfg.Observer.CommitFailed(err)
			return fmt.Errorf("flushing before commit: %w", err)
		}
	}
	if err := s.r.CommitMessages(ctx, msgs...); err != nil {
		s.cfg.Observer.CommitFailed(err)
		return fmt.Errorf("committing %d partitions: %w", len(msgs), err)
	}
	s.mu.Lock()
	for _, m := range msgs {
		if cur, ok := s.pending[m.Partition]; ok && cur.Offset == m.Offset {
			delete(s.pending, m.Partition)
		}
	}
	s.committedThrough = max(s.committedThrough, through)
	s.mu.Unlock()
	s.cfg.Observer.Committed(len(msgs))
	return nil
}

// Close commits what is finished (after the flush) and leaves the consumer group. Call it after
// the runner returned, with a context that bounds the final commit.
func (s *Source) Close(ctx context.Context) error {
	var err error
	s.closeOnce.Do(func() {
		close(s.stop)
		s.committer.Wait()
		if cerr := s.Commit(ctx); cerr != nil {
			err = cerr
		}
		if cerr := s.r.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("leaving the consumer group: %w", cerr)
		}
	})
	return err
}
