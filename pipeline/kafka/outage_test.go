package kafka

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/internal/metrics"
	"github.com/depeche-news/depeche/pipeline"
)

// Issue 7, test 8: the broker goes away mid-run and comes back on the same port (kfake keeps its
// log and offsets in a data directory, as a real broker would on disk). The worker holds its
// records, says so in /readyz and depeche_kafka_broker_up, reconnects and loses nothing.
func TestBrokerOutage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	n := 2000
	if testing.Short() {
		n = 800
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	dir := t.TempDir()
	start := func() *kfake.Cluster {
		var c *kfake.Cluster
		var err error
		for range 50 { // the port may linger a moment after the previous broker closed it
			c, err = kfake.NewCluster(kfake.NumBrokers(1), kfake.Ports(port), kfake.DataDir(dir),
				kfake.SeedTopics(3, rawTopic, cleanTopic, dlqTopic))
			if err == nil {
				return c
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatal(err)
		return nil
	}
	cluster := start()
	defer func() { cluster.Close() }()
	brokers := cluster.ListenAddrs()
	raws := textRaws(n, "b")
	publish(t, brokers, raws...)

	m := metrics.New()
	srvCtx, stopSrv := context.WithCancel(context.Background())
	defer stopSrv()
	addr, _, err := m.Serve(srvCtx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.SetReady(true, "")
	w := startWorker(t, brokers, "outage", []pipeline.Stage{copyText, sleepStage(time.Millisecond)}, func(w *Worker) {
		w.Sink.Observer, w.Source.Observer = m, m
		w.OnBrokerUp = m.SetBrokerUp
	})
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= n/4 })
	cluster.Close()
	downAt := time.Now()

	// While the broker is away the worker is alive but not ready, and says why.
	var ready, up string
	for time.Since(downAt) < 5*time.Second {
		ready = get(t, "http://"+addr+"/readyz")
		up = metricLine(get(t, "http://"+addr+"/metrics"), "depeche_kafka_broker_up")
		if strings.Contains(ready, "unreachable") && up == "depeche_kafka_broker_up 0" {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(ready, "unreachable") || up != "depeche_kafka_broker_up 0" {
		t.Errorf("during the outage /readyz said %q and /metrics %q", ready, up)
	}
	if h := get(t, "http://"+addr+"/healthz"); !strings.Contains(h, "ok") {
		t.Errorf("during the outage /healthz said %q: a restart would not help, the worker must stay live", h)
	}
	time.Sleep(time.Second)
	cluster = start()
	outage := time.Since(downAt)
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= n })
	time.Sleep(300 * time.Millisecond)
	w.stop(t)
	clean, err := ReadTopic(ctx, brokers, cleanTopic, Security{})
	if err != nil {
		t.Fatal(err)
	}
	d := checkDelivery(t, ids(raws), clean)
	// On reconnect the group restarts from the committed offsets: what was written without being
	// committed (MaxUncommitted), in flight (MaxInFlight) or queued in kafka-go (100) comes again.
	if bound := 500 + 16 + 100; d.duplicates > bound {
		t.Errorf("%d duplicates, over the bound of %d", d.duplicates, bound)
	}
	mt := get(t, "http://"+addr+"/metrics")
	if up := metricLine(mt, "depeche_kafka_broker_up"); up != "depeche_kafka_broker_up 1" {
		t.Errorf("after the outage: %q", up)
	}
	errs := metricLine(mt, "depeche_kafka_write_errors_total") + " " + metricLine(mt, "depeche_kafka_commit_errors_total") + " " + metricLine(mt, "depeche_kafka_client_errors_total")
	t.Logf("outage: %d records, broker down %s at %d%%; lost %d, duplicates %d; %s", n, outage.Round(time.Millisecond), 25, len(d.lost), d.duplicates, errs)
}

func get(t testing.TB, url string) string {
	t.Helper()
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metricLine returns the first sample line of a metric family ("" when absent).
func metricLine(text, name string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, name+" ") || strings.HasPrefix(l, name+"{") {
			return l
		}
	}
	return ""
}
