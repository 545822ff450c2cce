package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"time"

	"github.com/depeche-news/depeche/internal/metrics"
	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
)

// workerConfig is the Kafka side of enrich.
type workerConfig struct {
	Brokers         string
	RawTopic        string
	CleanTopic      string
	DLQTopic        string
	Group           string
	MetricsAddr     string
	CloseTimeout    time.Duration
	MaxInFlight     int
	MaxUncommitted  int
	CommitInterval  time.Duration
	MaxMessageBytes int
	Security        kafka.SecurityFlags
}

// Tests set these: tuneSource shortens the consumer-group timings so that joins and rebalances
// take milliseconds; metricsBound receives the address the metrics server listens on.
var (
	tuneSource   func(*kafka.SourceConfig)
	metricsBound func(string)
)

func (w *workerConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&w.Brokers, "brokers", "", "Kafka bootstrap brokers, comma-separated; runs enrich as a worker")
	fs.StringVar(&w.RawTopic, "raw-topic", kafka.DefaultRawTopic, "worker: topic of raw records (consumed)")
	fs.StringVar(&w.CleanTopic, "clean-topic", kafka.DefaultCleanTopic, "worker: topic of clean records (produced, keyed by record id)")
	fs.StringVar(&w.DLQTopic, "dlq-topic", kafka.DefaultDLQTopic, "worker: dead-letter topic (original payload, reason in headers)")
	fs.StringVar(&w.Group, "group", kafka.DefaultGroup, "worker: consumer group; start up to one worker per raw partition")
	fs.StringVar(&w.MetricsAddr, "metrics-addr", "127.0.0.1:9464", "worker: address of /metrics, /healthz and /readyz (0.0.0.0:9464 to open it; off to disable)")
	fs.DurationVar(&w.CloseTimeout, "close-timeout", 30*time.Second, "worker: on SIGTERM, how long to finish in-flight records before giving up on them (they are re-delivered)")
	fs.IntVar(&w.MaxInFlight, "max-in-flight", 0, "worker: records read but not yet written (0: 128 × workers, within 32 MiB of documents); with --max-uncommitted, bounds the duplicates after a rebalance")
	fs.IntVar(&w.MaxUncommitted, "max-uncommitted", 500, "worker: records written but not yet committed before the worker waits for a commit; bounds the duplicates a crash can cause")
	fs.DurationVar(&w.CommitInterval, "commit-interval", time.Second, "worker: how often finished offsets are committed")
	fs.IntVar(&w.MaxMessageBytes, "max-message-bytes", 1_000_000, "worker: the topics' message size limit; larger clean records become dead letters, larger dead-letter payloads are truncated")
	w.Security.Register(fs)
}

func work(ctx context.Context, w *workerConfig, r *pipeline.Runner, log *slog.Logger) error {
	brokers := kafka.SplitBrokers(w.Brokers)
	if len(brokers) == 0 {
		return errors.New("--brokers lists no broker")
	}
	sec, err := w.Security.Build()
	if err != nil {
		return err
	}
	m := metrics.New()
	r.Observer = m
	if w.MaxInFlight > 0 {
		r.MaxInFlight = w.MaxInFlight
	}
	if r.Version == "" {
		r.Version = pipeline.Version
	}

	// The metrics server outlives the drain, so /readyz says "draining" while it happens.
	srvCtx, stopSrv := context.WithCancel(context.Background())
	defer stopSrv()
	if w.MetricsAddr != "" && w.MetricsAddr != "off" {
		addr, _, err := m.Serve(srvCtx, w.MetricsAddr)
		if err != nil {
			return err
		}
		if metricsBound != nil {
			metricsBound(addr)
		}
		log.Debug("metrics listening", "addr", addr)
	}

	scfg := kafka.SourceConfig{
		Brokers: brokers, Topic: w.RawTopic, Group: w.Group, Security: sec,
		CommitInterval: w.CommitInterval, MaxUncommitted: w.MaxUncommitted, Observer: m,
		MaxBytes: max(r.MaxDocBytes, pipeline.DefaultMaxDocBytes) + 1<<20,
	}
	if tuneSource != nil {
		tuneSource(&scfg)
	}
	kw := &kafka.Worker{
		Runner: r,
		Source: scfg,
		Sink: kafka.SinkConfig{
			Brokers: brokers, CleanTopic: w.CleanTopic, DLQTopic: w.DLQTopic, Security: sec,
			Version: r.Version, MaxMessageBytes: w.MaxMessageBytes, Observer: m,
		},
		CloseTimeout: w.CloseTimeout,
		OnDrain:      func() { m.SetReady(false, "draining") },
		OnBrokerUp:   m.SetBrokerUp,
		Logger:       log,
	}

	m.SetReady(true, "")
	log.Info("enrich worker started", "brokers", brokers, "raw_topic", w.RawTopic, "clean_topic", w.CleanTopic,
		"dlq_topic", w.DLQTopic, "group", w.Group, "security", w.Security.Describe(), "stages", r.StageNames())
	st, err := kw.Run(ctx)
	m.SetReady(false, "stopped")
	log.Info("enrich worker stopped", "clean", st.Clean, "dead_letters", st.DeadLetters)
	return err
}
