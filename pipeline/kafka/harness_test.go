package kafka

import (
	"bytes"
	"context"
	"hash/fnv"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
)

// runningWorker is a Worker running in-process until stopped.
type runningWorker struct {
	cancel context.CancelFunc
	done   chan struct{}
	stats  Stats
	err    error
}

func startWorker(t testing.TB, brokers []string, group string, st []pipeline.Stage, mod ...func(*Worker)) *runningWorker {
	t.Helper()
	scfg := SourceConfig{Brokers: brokers, Topic: rawTopic, Group: group}
	fastGroup(&scfg)
	w := &Worker{
		Runner:        &pipeline.Runner{Stages: st, Workers: 4, MaxInFlight: 16, Deadline: 5 * time.Second},
		Source:        scfg,
		Sink:          SinkConfig{Brokers: brokers, CleanTopic: cleanTopic, DLQTopic: dlqTopic, Linger: 5 * time.Millisecond, RetryBackoffMax: 300 * time.Millisecond},
		CloseTimeout:  10 * time.Second,
		ProbeInterval: 100 * time.Millisecond,
	}
	for _, f := range mod {
		f(w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rw := &runningWorker{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(rw.done)
		rw.stats, rw.err = w.Run(ctx)
	}()
	t.Cleanup(func() { rw.stop(t) })
	return rw
}

// stop cancels the worker (a SIGTERM) and waits for its drain.
func (w *runningWorker) stop(t testing.TB) {
	t.Helper()
	w.cancel()
	select {
	case <-w.done:
	case <-time.After(40 * time.Second):
		t.Fatal("worker did not stop")
	}
}

// stageFunc is a test stage.
func stageFunc(name string, fn func(ctx context.Context, d *pipeline.Doc) error) pipeline.Stage {
	return pipeline.StageFunc{StageName: name, Fn: fn}
}

// copyText is a deterministic stage: the record's text is a function of its input only.
var copyText = stageFunc("copy", func(_ context.Context, d *pipeline.Doc) error {
	d.Text = d.Raw.Text
	d.Title = "T" + d.Raw.ID
	return nil
})

func sleepStage(d time.Duration) pipeline.Stage {
	return stageFunc("sleep", func(ctx context.Context, _ *pipeline.Doc) error {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
		return nil
	})
}

// jitterStage finishes documents after a delay derived from their id, so concurrent workers
// complete them out of order.
func jitterStage(maxDelay time.Duration) pipeline.Stage {
	return stageFunc("jitter", func(ctx context.Context, d *pipeline.Doc) error {
		h := fnv.New32a()
		h.Write([]byte(d.ID))
		time.Sleep(time.Duration(h.Sum32()%uint32(maxDelay/time.Microsecond)) * time.Microsecond)
		return nil
	})
}

// delivery is what came out for a set of input ids.
type delivery struct {
	lost       []string
	duplicates int
	unique     int
}

// checkDelivery checks that every id came out (clean or dead letter), and that all copies of
// one id are byte-identical.
func checkDelivery(t testing.TB, ids []string, msgs ...[]kafkago.Message) delivery {
	t.Helper()
	seen := map[string][]byte{}
	var d delivery
	for _, ms := range msgs {
		for _, m := range ms {
			k := string(m.Key)
			if prev, ok := seen[k]; ok {
				d.duplicates++
				if !bytes.Equal(prev, m.Value) {
					t.Errorf("two copies of %s differ:\n%.200s\n%.200s", k, prev, m.Value)
				}
				continue
			}
			seen[k] = m.Value
		}
	}
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			d.lost = append(d.lost, id)
		}
	}
	d.unique = len(seen)
	if len(d.lost) > 0 {
		t.Errorf("%d of %d records lost, e.g. %v", len(d.lost), len(ids), d.lost[:min(5, len(d.lost))])
	}
	return d
}

// checkPartitionOrder checks that, in every output partition, the first copies of the records of
// one input partition appear in input offset order (what one worker per partition promises).
func checkPartitionOrder(t testing.TB, msgs []kafkago.Message) {
	t.Helper()
	type key struct{ out, in int }
	last := map[key]int64{}
	seen := map[string]bool{}
	for _, m := range msgs {
		if seen[string(m.Key)] {
			continue
		}
		seen[string(m.Key)] = true
		in, _ := strconv.Atoi(Header(m, HeaderSourcePartition))
		off, err := strconv.ParseInt(Header(m, HeaderSourceOffset), 10, 64)
		if err != nil {
			t.Fatalf("%s: no source offset header", m.Key)
		}
		k := key{m.Partition, in}
		if prev, ok := last[k]; ok && off <= prev {
			t.Errorf("out partition %d: record from %d@%d after %d@%d", m.Partition, in, off, in, prev)
		}
		last[k] = off
	}
}

func ids(raws []*pipeline.Raw) []string {
	out := make([]string, len(raws))
	for i, r := range raws {
		out[i] = r.ID
	}
	return out
}

// countObserver counts the Kafka-side events a worker reports.
type countObserver struct {
	fetched, commits, commitErrors, written, writeErrors, dead, clientErrors atomic.Int64
	mu                                                                       sync.Mutex
	errs                                                                     []string
}

func (o *countObserver) Fetched(string, int, int64) { o.fetched.Add(1) }
func (o *countObserver) Committed(int)              { o.commits.Add(1) }
func (o *countObserver) CommitFailed(err error) {
	o.commitErrors.Add(1)
	o.note("commit: " + err.Error())
}
func (o *countObserver) Written(_ string, n int) { o.written.Add(int64(n)) }
func (o *countObserver) WriteFailed(topic string, err error) {
	o.writeErrors.Add(1)
	o.note("write " + topic + ": " + err.Error())
}
func (o *countObserver) DeadLettered(string)             { o.dead.Add(1) }
func (o *countObserver) ClientError(c string, err error) { o.clientErrors.Add(1) }
func (o *countObserver) note(s string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.errs) < 20 {
		o.errs = append(o.errs, s)
	}
}

// committedOffsets reads a group's committed offsets for the raw topic.
func committedOffsets(t testing.TB, ctx context.Context, brokers []string, group string, partitions int) map[int]int64 {
	t.Helper()
	c := &kafkago.Client{Addr: kafkago.TCP(brokers...), Timeout: 5 * time.Second}
	ps := make([]int, partitions)
	for i := range ps {
		ps[i] = i
	}
	resp, err := c.OffsetFetch(ctx, &kafkago.OffsetFetchRequest{GroupID: group, Topics: map[string][]int{rawTopic: ps}})
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]int64{}
	for _, p := range resp.Topics[rawTopic] {
		out[p.Partition] = p.CommittedOffset
	}
	return out
}

// waitCount polls until cond holds for the number of messages in topic.
func waitCount(t testing.TB, ctx context.Context, brokers []string, topic string, cond func(n int) bool) int {
	t.Helper()
	for {
		msgs, err := ReadTopic(ctx, brokers, topic, Security{})
		if err == nil && cond(len(msgs)) {
			return len(msgs)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: condition not reached (%d messages, last error %v)", topic, len(msgs), err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func sortedKeys(m map[int]int64) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	return ks
}
