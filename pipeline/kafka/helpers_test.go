package kafka

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/pipeline"
)

const (
	rawTopic   = "t.raw"
	cleanTopic = "t.clean"
	dlqTopic   = "t.dlq"
)

// startCluster starts a kfake broker on a random 127.0.0.1 port with the three topics.
func startCluster(t testing.TB, partitions int32, opts ...kfake.Opt) (*kfake.Cluster, []string) {
	t.Helper()
	opts = append([]kfake.Opt{
		kfake.NumBrokers(1),
		kfake.SeedTopics(partitions, rawTopic, cleanTopic, dlqTopic),
	}, opts...)
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c, c.ListenAddrs()
}

// fastGroup makes consumer-group joins and rebalances take milliseconds, not seconds.
func fastGroup(cfg *SourceConfig) {
	cfg.SessionTimeout = 6 * time.Second
	cfg.HeartbeatInterval = 200 * time.Millisecond
	cfg.RebalanceTimeout = 2 * time.Second
	cfg.CommitInterval = 50 * time.Millisecond
	cfg.MaxWait = 100 * time.Millisecond
}

func testSource(t testing.TB, brokers []string, group string, mod ...func(*SourceConfig)) *Source {
	t.Helper()
	cfg := SourceConfig{Brokers: brokers, Topic: rawTopic, Group: group}
	fastGroup(&cfg)
	for _, f := range mod {
		f(&cfg)
	}
	s, err := NewSource(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testSink(t testing.TB, brokers []string, mod ...func(*SinkConfig)) *Sink {
	t.Helper()
	cfg := SinkConfig{Brokers: brokers, CleanTopic: cleanTopic, DLQTopic: dlqTopic, Linger: 5 * time.Millisecond, RetryBackoffMax: 500 * time.Millisecond}
	for _, f := range mod {
		f(&cfg)
	}
	s, err := NewSink(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func publish(t testing.TB, brokers []string, raws ...*pipeline.Raw) {
	t.Helper()
	p, err := NewProducer(brokers, rawTopic, Security{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for len(raws) > 0 {
		n := min(len(raws), 1000)
		if err := p.Publish(ctx, raws[:n]...); err != nil {
			t.Fatal(err)
		}
		raws = raws[n:]
	}
}

func publishMessages(t testing.TB, brokers []string, msgs ...kafkago.Message) {
	t.Helper()
	p, err := NewProducer(brokers, rawTopic, Security{}, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := p.PublishMessages(ctx, msgs...); err != nil {
		t.Fatal(err)
	}
}

func textRaws(n int, prefix string) []*pipeline.Raw {
	raws := make([]*pipeline.Raw, n)
	for i := range raws {
		raws[i] = &pipeline.Raw{ID: fmt.Sprintf("%s%06d", prefix, i), Source: pipeline.SourceRef{URI: "test"}, Text: fmt.Sprintf("Document %d.\nLe 3 mai 2024 à Paris.", i)}
	}
	return raws
}

// waitTopic polls a topic until it holds at least n messages or the deadline passes.
func waitTopic(t testing.TB, ctx context.Context, brokers []string, topic string, n int) []kafkago.Message {
	t.Helper()
	for {
		msgs, err := ReadTopic(ctx, brokers, topic, Security{})
		if err == nil && len(msgs) >= n {
			return msgs
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s holds %d messages, want %d (last error: %v)", topic, len(msgs), n, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// countingSource stops a source after n messages (so a runner returns without cancellation).
type countingSource struct {
	pipeline.Source
	n int
}

func (c *countingSource) Next(ctx context.Context) (*pipeline.Message, error) {
	if c.n == 0 {
		return nil, io.EOF
	}
	c.n--
	return c.Source.Next(ctx)
}
