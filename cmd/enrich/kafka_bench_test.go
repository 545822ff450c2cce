package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
	"github.com/depeche-news/depeche/stages"
)

// benchKafkaDocs is large enough that the consumer-group join (tens of milliseconds against kfake)
// is a few percent of a run at the replay's speed.
const benchKafkaDocs = 3000

// BenchmarkKafkaPath is the Kafka path end to end on the in-process kfake broker, next to the
// replay of the same documents in the same run (compare the two docs/s figures, not either with
// another run's: the machines are shared). "kafka" starts a worker configured as `enrich
// --brokers` configures it (defaults for batching, linger, commit interval and fetch size; only
// the consumer-group timings are shortened, which affects the join, not the steady state) on a raw
// topic that already holds the documents, and stops the clock when the broker has acknowledged
// every clean record; "replay" is BenchmarkReplay's all-cores case on the same documents.
func BenchmarkKafkaPath(b *testing.B) {
	input := seedLines(b, benchKafkaDocs)
	var raws []*pipeline.Raw
	sc := bufio.NewScanner(bytes.NewReader(input))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r pipeline.Raw
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		raws = append(raws, &r)
	}
	all, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		b.Fatal(err)
	}

	b.Run("replay", func(b *testing.B) {
		b.SetBytes(int64(len(input)))
		for b.Loop() {
			r := &pipeline.Runner{Stages: all}
			sink := pipeline.NewLinesSink(io.Discard, io.Discard, pipeline.Version)
			src := pipeline.NewLineReader(bytes.NewReader(input), "bench", 0)
			if err := r.Run(context.Background(), src, sink); err != nil {
				b.Fatal(err)
			}
			if sink.Written != benchKafkaDocs {
				b.Fatalf("wrote %d of %d", sink.Written, benchKafkaDocs)
			}
		}
		b.ReportMetric(float64(benchKafkaDocs*b.N)/b.Elapsed().Seconds(), "docs/s")
	})

	b.Run("kafka", func(b *testing.B) {
		b.SetBytes(int64(len(input)))
		b.StopTimer()
		var join, total time.Duration
		for range b.N {
			j, t := benchKafkaOnce(b, raws, all)
			join, total = join+j, total+t
		}
		b.ReportMetric(float64(benchKafkaDocs*b.N)/b.Elapsed().Seconds(), "docs/s")
		// The consumer-group join is a one-off cost of a worker's start; a long-running worker
		// sees the steady rate.
		b.ReportMetric(float64(join.Milliseconds())/float64(b.N), "join-ms")
		b.ReportMetric(float64(benchKafkaDocs*b.N)/(total-join).Seconds(), "steady-docs/s")
	})
}

// benchKafkaOnce publishes raws to a fresh broker (clock stopped), then times a worker from its
// start until every clean record is acknowledged. It returns the time to the first record fetched
// (joining the consumer group) and the whole time.
func benchKafkaOnce(b *testing.B, raws []*pipeline.Raw, st []pipeline.Stage) (join, total time.Duration) {
	const partitions = 4
	c, err := kfake.NewCluster(kfake.NumBrokers(1),
		kfake.SeedTopics(partitions, kafka.DefaultRawTopic, kafka.DefaultCleanTopic, kafka.DefaultDLQTopic))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	brokers := c.ListenAddrs()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	p, err := kafka.NewProducer(brokers, kafka.DefaultRawTopic, kafka.Security{}, 0)
	if err != nil {
		b.Fatal(err)
	}
	// In slices, so that one produce request stays under the broker's message size limit.
	for i := 0; i < len(raws); i += 100 {
		if err := p.Publish(ctx, raws[i:min(i+100, len(raws))]...); err != nil {
			b.Fatalf("%.500s", err)
		}
	}
	p.Close()

	obs := &benchObserver{want: int64(len(raws)), all: make(chan struct{})}
	r := &pipeline.Runner{Stages: st, Workers: runtime.GOMAXPROCS(0)}
	scfg := kafka.SourceConfig{Brokers: brokers, Observer: obs, MaxBytes: pipeline.DefaultMaxDocBytes + 1<<20}
	fastGroup(&scfg)
	scfg.CommitInterval, scfg.MaxWait = 0, 0 // the production defaults
	w := &kafka.Worker{
		Runner: r,
		Source: scfg,
		Sink:   kafka.SinkConfig{Brokers: brokers, Observer: obs},
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	start := time.Now()
	b.StartTimer()
	go func() { _, err := w.Run(wctx); done <- err }()
	select {
	case <-obs.all:
	case err := <-done:
		b.Fatalf("worker stopped early: %v", err)
	case <-ctx.Done():
		b.Fatalf("%d of %d clean records after 5 min", obs.clean.Load(), len(raws))
	}
	b.StopTimer()
	total = time.Since(start)
	stop()
	<-done
	if d := obs.dead.Load(); d != 0 {
		b.Fatalf("%d dead letters", d)
	}
	return time.Duration(obs.first.Load() - start.UnixNano()), total
}

// benchObserver signals when want clean records were acknowledged.
type benchObserver struct {
	want        int64
	clean, dead atomic.Int64
	first       atomic.Int64 // when the first record was fetched, Unix nanoseconds
	all         chan struct{}
}

func (o *benchObserver) Written(topic string, n int) {
	if topic != kafka.DefaultCleanTopic {
		return
	}
	if v := o.clean.Add(int64(n)); v >= o.want && v-int64(n) < o.want {
		close(o.all)
	}
}
func (o *benchObserver) DeadLettered(string) { o.dead.Add(1) }
func (o *benchObserver) Fetched(string, int, int64) {
	if o.first.Load() == 0 {
		o.first.CompareAndSwap(0, time.Now().UnixNano())
	}
}
func (o *benchObserver) Committed(int)             {}
func (o *benchObserver) CommitFailed(error)        {}
func (o *benchObserver) WriteFailed(string, error) {}
func (o *benchObserver) ClientError(string, error) {}
