// Package metrics exposes an enrich worker's health in Prometheus format (/metrics) and to
// orchestrators (/healthz, /readyz). It implements pipeline.Observer and the Kafka observer, with
// low-cardinality labels only (stage, topic, result; never a record id). It does not log.
package metrics

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/depeche-news/depeche/pipeline"
)

// Metrics holds a worker's collectors in its own registry (so tests and several workers in one
// process do not collide).
type Metrics struct {
	Registry *prometheus.Registry

	records      *prometheus.CounterVec   // result: clean | failed
	stageRecords *prometheus.CounterVec   // stage, result: ok | failed
	stageLatency *prometheus.HistogramVec // stage
	recordLat    prometheus.Histogram
	deadLetters  *prometheus.CounterVec // stage
	fetched      *prometheus.CounterVec // topic
	lag          *prometheus.GaugeVec   // topic, partition
	written      *prometheus.CounterVec // topic
	writeErrors  *prometheus.CounterVec // topic
	commits      prometheus.Counter
	commitErrors prometheus.Counter
	clientErrors *prometheus.CounterVec // client
	brokerUp     prometheus.Gauge
	ready        prometheus.Gauge

	isReady  atomic.Bool
	brokerOK atomic.Bool
	mu       sync.Mutex
	notReady string
}

// New registers every collector in a fresh registry.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &Metrics{Registry: reg}
	m.records = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_records_total",
		Help: "Records processed, by result (clean or failed: sent to the dead letters)."}, []string{"result"})
	m.stageRecords = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_stage_records_total",
		Help: "Records through each stage, by result (ok or failed). decode and validate are the input checks."}, []string{"stage", "result"})
	m.stageLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "depeche_stage_duration_seconds",
		Help: "Time one record spent in a stage.", Buckets: prometheus.ExponentialBuckets(1e-5, 4, 12)}, []string{"stage"})
	m.recordLat = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "depeche_record_duration_seconds",
		Help: "Time one record spent in all stages.", Buckets: prometheus.ExponentialBuckets(1e-4, 4, 11)})
	m.deadLetters = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_dead_letters_total",
		Help: "Dead letters acknowledged by the broker, by failing stage."}, []string{"stage"})
	m.fetched = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_kafka_fetched_total",
		Help: "Messages fetched from Kafka."}, []string{"topic"})
	m.lag = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "depeche_kafka_consumer_lag",
		Help: "Messages behind the high watermark, per partition, at the last fetch."}, []string{"topic", "partition"})
	m.written = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_kafka_written_total",
		Help: "Messages acknowledged by the brokers (RequireAll), by topic."}, []string{"topic"})
	m.writeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_kafka_write_errors_total",
		Help: "Failed produce attempts (retried when transient), by topic."}, []string{"topic"})
	m.commits = prometheus.NewCounter(prometheus.CounterOpts{Name: "depeche_kafka_commits_total",
		Help: "Successful offset commits."})
	m.commitErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "depeche_kafka_commit_errors_total",
		Help: "Failed offset commits (retried)."})
	m.clientErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "depeche_kafka_client_errors_total",
		Help: "Errors the Kafka client handled itself (reconnects, rebalances), by client."}, []string{"client"})
	m.brokerUp = prometheus.NewGauge(prometheus.GaugeOpts{Name: "depeche_kafka_broker_up",
		Help: "1 when the last broker probe succeeded, 0 while the brokers are unreachable."})
	m.ready = prometheus.NewGauge(prometheus.GaugeOpts{Name: "depeche_ready",
		Help: "1 when the worker is ready (see /readyz)."})
	for _, c := range []prometheus.Collector{m.records, m.stageRecords, m.stageLatency, m.recordLat, m.deadLetters,
		m.fetched, m.lag, m.written, m.writeErrors, m.commits, m.commitErrors, m.clientErrors, m.brokerUp, m.ready,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	m.SetReady(false, "starting")
	return m
}

// Processed implements pipeline.Observer.
func (m *Metrics) Processed(out *pipeline.Output, elapsed time.Duration) {
	m.recordLat.Observe(elapsed.Seconds())
	failed := ""
	if out.Failure != nil {
		failed = out.Failure.Stage
		m.records.WithLabelValues("failed").Inc()
	} else {
		m.records.WithLabelValues("clean").Inc()
	}
	for stage, us := range out.Timings {
		m.stageLatency.WithLabelValues(stage).Observe(float64(us) / 1e6)
		if stage != failed {
			m.stageRecords.WithLabelValues(stage, "ok").Inc()
		}
	}
	if failed != "" {
		m.stageRecords.WithLabelValues(failed, "failed").Inc()
	}
}

// Fetched implements kafka.Observer.
func (m *Metrics) Fetched(topic string, partition int, lag int64) {
	m.fetched.WithLabelValues(topic).Inc()
	m.lag.WithLabelValues(topic, strconv.Itoa(partition)).Set(float64(lag))
}

// Committed implements kafka.Observer.
func (m *Metrics) Committed(int) { m.commits.Inc() }

// CommitFailed implements kafka.Observer.
func (m *Metrics) CommitFailed(error) { m.commitErrors.Inc() }

// Written implements kafka.Observer.
func (m *Metrics) Written(topic string, n int) { m.written.WithLabelValues(topic).Add(float64(n)) }

// WriteFailed implements kafka.Observer.
func (m *Metrics) WriteFailed(topic string, _ error) { m.writeErrors.WithLabelValues(topic).Inc() }

// DeadLettered implements kafka.Observer.
func (m *Metrics) DeadLettered(stage string) { m.deadLetters.WithLabelValues(stage).Inc() }

// ClientError implements kafka.Observer.
func (m *Metrics) ClientError(client string, _ error) { m.clientErrors.WithLabelValues(client).Inc() }

// SetBrokerUp records the result of a broker probe. While the brokers are down the worker is not
// ready (it cannot make progress) but stays healthy (restarting it would not help).
func (m *Metrics) SetBrokerUp(up bool) {
	m.brokerOK.Store(up)
	if up {
		m.brokerUp.Set(1)
	} else {
		m.brokerUp.Set(0)
	}
}

// SetReady says whether the worker takes work, and why not.
func (m *Metrics) SetReady(ready bool, reason string) {
	m.mu.Lock()
	m.notReady = reason
	m.mu.Unlock()
	m.isReady.Store(ready)
	if ready {
		m.ready.Set(1)
	} else {
		m.ready.Set(0)
	}
}

// Handler serves /metrics, /healthz (the process answers) and /readyz (started, not draining,
// brokers reachable).
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		m.mu.Lock()
		reason := m.notReady
		m.mu.Unlock()
		switch {
		case !m.isReady.Load():
			http.Error(w, "not ready: "+reason, http.StatusServiceUnavailable)
		case !m.brokerOK.Load():
			http.Error(w, "not ready: Kafka brokers unreachable", http.StatusServiceUnavailable)
		default:
			fmt.Fprintln(w, "ready")
		}
	})
	return mux
}

// Serve listens on addr and serves Handler until ctx is done. It returns the bound address (addr
// may end in :0) once listening.
func (m *Metrics) Serve(ctx context.Context, addr string) (string, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics listener: %w", err)
	}
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		errc <- err
	}()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	return ln.Addr().String(), errc, nil
}
