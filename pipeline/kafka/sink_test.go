package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
)

// TestSinkWritesWhileAFlushWaits: Write only buffers, whatever a flush is waiting for. With a flush
// held up (brokers slow to acknowledge, or away), the runner keeps handing records over until the
// buffer is full, instead of stalling the stages behind the produce request; Flush then writes
// them all, in order, after the flush in flight.
func TestSinkWritesWhileAFlushWaits(t *testing.T) {
	_, brokers := startCluster(t, 1)
	s := testSink(t, brokers, func(c *SinkConfig) { c.BatchSize = 50 })
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := &pipeline.Runner{Stages: []pipeline.Stage{copyText}}
	out := func(i int) *pipeline.Output {
		return r.Process(decode(kafkago.Message{Topic: rawTopic, Offset: int64(i),
			Value: fmt.Appendf(nil, `{"id":"r%03d","text":"Document %d."}`, i, i)}))
	}

	s.flushing.Lock() // a flush in flight, waiting for the brokers
	wrote := make(chan error, 1)
	go func() {
		for i := range 49 {
			if err := s.Write(ctx, out(i)); err != nil {
				wrote <- err
				return
			}
		}
		wrote <- nil
	}()
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Write waited for the flush in flight with room left in the buffer")
	}
	s.flushing.Unlock()
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if clean, _ := s.Counts(); clean != 49 {
		t.Fatalf("acknowledged %d clean records, want 49", clean)
	}
	msgs, err := ReadTopic(ctx, brokers, cleanTopic, Security{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 49 {
		t.Fatalf("read %d records, want 49", len(msgs))
	}
	for i, m := range msgs {
		if want := fmt.Sprintf("r%03d", i); string(m.Key) != want {
			t.Fatalf("record %d is %s, want %s (order)", i, m.Key, want)
		}
	}
}
