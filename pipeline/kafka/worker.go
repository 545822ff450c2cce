package kafka

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

// Worker is the enrich worker's loop: a Source, the runner and a Sink, with the graceful drain.
type Worker struct {
	Runner *pipeline.Runner
	Source SourceConfig // Flush is set to the sink's
	Sink   SinkConfig
	// CloseTimeout bounds the drain after ctx is done (default 30 s).
	CloseTimeout time.Duration
	// OnDrain, when set, is called when the drain starts (the worker stops being ready).
	OnDrain func()
	// OnBrokerUp, when set, is called with the result of every broker probe (every ProbeInterval,
	// default 2 s). An outage is logged once when it starts and once when it ends.
	OnBrokerUp    func(up bool)
	ProbeInterval time.Duration
	Logger        *slog.Logger
}

// Stats is what a worker wrote.
type Stats struct {
	Clean, DeadLetters int
}

// Run consumes until ctx is done or an error stops it. On cancellation it drains: stop fetching,
// finish the records in flight within CloseTimeout, flush the writer, commit, leave the group.
// Records still unfinished at the timeout are abandoned uncommitted (the group re-delivers them).
// It returns ctx.Err() after a clean drain.
func (w *Worker) Run(ctx context.Context) (Stats, error) {
	log := w.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if w.CloseTimeout <= 0 {
		w.CloseTimeout = 30 * time.Second
	}
	w.Sink.Logger, w.Source.Logger = log, log
	sink, err := NewSink(w.Sink)
	if err != nil {
		return Stats{}, err
	}
	defer sink.Close()
	w.Source.Flush = sink.Flush
	src, err := NewSource(w.Source)
	if err != nil {
		return Stats{}, err
	}

	probeCtx, stopProbe := context.WithCancel(context.Background())
	defer stopProbe()
	go w.probe(probeCtx, log)

	done := make(chan error, 1)
	go func() { done <- w.Runner.Run(ctx, src, sink) }()
	var runErr error
	select {
	case runErr = <-done:
	case <-ctx.Done():
		if w.OnDrain != nil {
			w.OnDrain()
		}
		log.Info("draining: finishing in-flight records", "close_timeout", w.CloseTimeout)
		select {
		case runErr = <-done:
		case <-time.After(w.CloseTimeout):
			log.Warn("close timeout: abandoning unfinished records; the group will re-deliver them", "close_timeout", w.CloseTimeout)
			sink.Abort()
			src.Abort()
			select {
			case runErr = <-done:
			case <-time.After(2 * time.Second):
				runErr = ctx.Err()
			}
		}
	}

	// Commit what was written, then leave the group so a successor gets the partitions at once.
	cctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := src.Close(cctx); err != nil {
		log.Warn("final commit failed; uncommitted records will be re-delivered", "error", err)
	}
	var st Stats
	st.Clean, st.DeadLetters = sink.Counts()
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return st, fmt.Errorf("worker: %w", runErr)
	}
	return st, runErr
}

// probe checks the brokers periodically, for readiness, metrics and one log line per transition
// (not one per retry).
func (w *Worker) probe(ctx context.Context, log *slog.Logger) {
	every := w.ProbeInterval
	if every <= 0 {
		every = 2 * time.Second
	}
	up, checked := true, false
	var downSince time.Time
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		pctx, cancel := context.WithTimeout(ctx, max(every, time.Second))
		err := Probe(pctx, w.Source.Brokers, w.Source.Security)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if w.OnBrokerUp != nil {
			w.OnBrokerUp(err == nil)
		}
		if err == nil && !checked {
			checked = true
			w.checkTopics(ctx, log)
		}
		switch {
		case err != nil && up:
			up, downSince = false, time.Now()
			log.Warn("Kafka brokers unreachable; holding records and retrying", "error", err)
		case err == nil && !up:
			up = true
			log.Info("Kafka brokers reachable again", "down_for", time.Since(downSince).Round(time.Millisecond))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkTopics warns once about a missing topic: the worker never creates topics, and kafka-go
// would otherwise wait for one silently.
func (w *Worker) checkTopics(ctx context.Context, log *slog.Logger) {
	for _, topic := range []string{w.Source.Topic, w.Sink.CleanTopic, w.Sink.DLQTopic} {
		if topic == "" {
			continue
		}
		tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		n, err := Partitions(tctx, w.Source.Brokers, topic, w.Source.Security)
		cancel()
		if err != nil || n == 0 {
			log.Warn("Kafka topic missing or unreadable; create it (the worker never creates topics)", "topic", topic, "error", err)
		}
	}
}
