package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	kafkago "github.com/segmentio/kafka-go"
)

// ReadTopic returns every message of topic from the first offset to the high watermark at the
// time of the call, partition by partition (in partition then offset order). It uses no consumer
// group and commits nothing: it is for tools (kafka-local --consume) and tests.
func ReadTopic(ctx context.Context, brokers []string, topic string, sec Security) ([]kafkago.Message, error) {
	if len(brokers) == 0 {
		return nil, errors.New("no brokers")
	}
	d := sec.dialer()
	conn, err := d.DialContext(ctx, "tcp", brokers[0])
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", brokers[0], err)
	}
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	if err != nil {
		return nil, fmt.Errorf("reading partitions of %s: %w", topic, err)
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].ID < parts[j].ID })
	var out []kafkago.Message
	for _, p := range parts {
		msgs, err := readPartition(ctx, d, brokers, topic, p.ID)
		if err != nil {
			return out, err
		}
		out = append(out, msgs...)
	}
	return out, nil
}

func readPartition(ctx context.Context, d *kafkago.Dialer, brokers []string, topic string, partition int) ([]kafkago.Message, error) {
	conn, err := d.DialLeader(ctx, "tcp", brokers[0], topic, partition)
	if err != nil {
		return nil, fmt.Errorf("connecting to the leader of %s/%d: %w", topic, partition, err)
	}
	first, last, err := conn.ReadOffsets()
	conn.Close()
	if err != nil {
		return nil, fmt.Errorf("reading offsets of %s/%d: %w", topic, partition, err)
	}
	if last <= first {
		return nil, nil
	}
	r := kafkago.NewReader(kafkago.ReaderConfig{
		Brokers: brokers, Topic: topic, Partition: partition, Dialer: d,
		MinBytes: 1, MaxBytes: 10 << 20, MaxWait: 100 * time.Millisecond,
	})
	defer r.Close()
	if err := r.SetOffset(first); err != nil {
		return nil, err
	}
	var out []kafkago.Message
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return out, fmt.Errorf("reading %s/%d at %d: %w", topic, partition, len(out), err)
		}
		out = append(out, m)
		if m.Offset >= last-1 {
			return out, nil
		}
	}
}

// Probe connects to the first reachable broker and reads the cluster's broker list: a cheap check
// that the cluster answers (and that TLS and SASL work).
func Probe(ctx context.Context, brokers []string, sec Security) error {
	var last error
	for _, b := range brokers {
		conn, err := sec.dialer().DialContext(ctx, "tcp", b)
		if err != nil {
			last = err
			continue
		}
		if dl, ok := ctx.Deadline(); ok {
			conn.SetDeadline(dl)
		}
		_, err = conn.Brokers()
		conn.Close()
		if err == nil {
			return nil
		}
		last = err
	}
	return fmt.Errorf("no broker answers: %w", last)
}

// Partitions returns how many partitions topic has.
func Partitions(ctx context.Context, brokers []string, topic string, sec Security) (int, error) {
	if len(brokers) == 0 {
		return 0, errors.New("no brokers")
	}
	conn, err := sec.dialer().DialContext(ctx, "tcp", brokers[0])
	if err != nil {
		return 0, fmt.Errorf("connecting to %s: %w", brokers[0], err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	parts, err := conn.ReadPartitions(topic)
	if err != nil {
		return 0, fmt.Errorf("reading partitions of %s: %w", topic, err)
	}
	return len(parts), nil
}
