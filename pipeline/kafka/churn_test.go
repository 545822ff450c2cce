package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

// Issue 7, test 3: workers join and leave one consumer group (gracefully, and by abandoning
// their in-flight records at a short close timeout) during a replay of 10,000 records over six
// partitions. No record is lost, and in every output partition the records of one input partition
// first appear in input order.
func TestRebalanceChurn(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	n := 10_000
	if testing.Short() {
		n = 3_000
	}
	_, brokers := startCluster(t, 6)
	raws := textRaws(n, "r")
	publish(t, brokers, raws...)
	st := []pipeline.Stage{copyText, sleepStage(300 * time.Microsecond)}
	// A worker that loses partitions in a rebalance re-delivers at most what it wrote without
	// committing (MaxUncommitted), what it was processing (MaxInFlight) and what kafka-go had
	// already fetched for it (its queue of 100).
	const maxUncommitted, maxInFlight, queue = 64, 16, 100
	small := func(w *Worker) { w.Source.MaxUncommitted = maxUncommitted; w.Runner.MaxInFlight = maxInFlight }
	at := func(frac float64) {
		waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= int(frac*float64(n)) })
	}
	var events []string
	log := func(s string) {
		c, _ := ReadTopic(ctx, brokers, cleanTopic, Security{})
		events = append(events, fmt.Sprintf("%s at %d", s, len(c)))
	}
	w1 := startWorker(t, brokers, "churn", st, small)
	at(0.10)
	w2 := startWorker(t, brokers, "churn", st, small, func(w *Worker) { w.CloseTimeout = time.Millisecond })
	log("w2 joins")
	at(0.25)
	w3 := startWorker(t, brokers, "churn", st, small)
	log("w3 joins")
	at(0.40)
	w1.stop(t)
	log("w1 leaves (drain)")
	at(0.55)
	// w2 leaves the hard way: a close timeout too short to finish, so its in-flight records are
	// abandoned uncommitted and must be re-delivered to the others.
	w2.cancel()
	w4 := startWorker(t, brokers, "churn", st, small)
	log("w2 abandons, w4 joins")
	at(0.70)
	w5 := startWorker(t, brokers, "churn", st, small)
	log("w5 joins")
	at(0.85)
	w3.stop(t)
	log("w3 leaves (drain)")
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= n })
	time.Sleep(300 * time.Millisecond)
	w4.stop(t)
	w5.stop(t)
	w2.stop(t)
	clean, err := ReadTopic(ctx, brokers, cleanTopic, Security{})
	if err != nil {
		t.Fatal(err)
	}
	d := checkDelivery(t, ids(raws), clean)
	checkPartitionOrder(t, clean)
	if d.unique != n {
		t.Errorf("%d distinct records out, want %d", d.unique, n)
	}
	// Six membership changes, each revoking partitions from at most three live workers.
	if bound := 6 * 3 * (maxUncommitted + maxInFlight + queue); d.duplicates > bound {
		t.Errorf("%d duplicates, over the bound of %d", d.duplicates, bound)
	}
	t.Logf("churn: %d records over 6 partitions, 5 workers (%v); lost %d, duplicates %d", n, events, len(d.lost), d.duplicates)
}
