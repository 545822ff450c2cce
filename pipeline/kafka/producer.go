package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
)

// Producer publishes raw records to the raw topic, keyed by record id, with RequireAll acks.
type Producer struct {
	w     *kafkago.Writer
	topic string
}

// NewProducer creates a raw-record producer. maxMessageBytes <= 0 means Kafka's default limit.
func NewProducer(brokers []string, topic string, sec Security, maxMessageBytes int) (*Producer, error) {
	if len(brokers) == 0 {
		return nil, errors.New("kafka producer: no brokers")
	}
	if topic == "" {
		topic = DefaultRawTopic
	}
	if maxMessageBytes <= 0 {
		maxMessageBytes = 1_000_000
	}
	w := newWriter(brokers, sec, 10*time.Second, maxMessageBytes)
	w.MaxAttempts = 10
	return &Producer{w: w, topic: topic}, nil
}

// RawMessage is the Kafka message of a raw record: its JSON as value, its id as key.
func RawMessage(topic string, raw *pipeline.Raw) (kafkago.Message, error) {
	b, err := pipeline.MarshalRecord(raw)
	if err != nil {
		return kafkago.Message{}, fmt.Errorf("encoding raw record: %w", err)
	}
	return kafkago.Message{Topic: topic, Key: []byte(pipeline.RecordID(raw)), Value: b,
		Headers: []kafkago.Header{{Key: HeaderSchema, Value: []byte(pipeline.RawSchemaName + "/" + pipeline.RawSchemaVersion)}}}, nil
}

// Publish writes raw records and returns once the brokers acknowledged all of them.
func (p *Producer) Publish(ctx context.Context, raws ...*pipeline.Raw) error {
	msgs := make([]kafkago.Message, 0, len(raws))
	for _, r := range raws {
		m, err := RawMessage(p.topic, r)
		if err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	return p.PublishMessages(ctx, msgs...)
}

// PublishMessages writes messages as they are (tests use it to send poison payloads).
func (p *Producer) PublishMessages(ctx context.Context, msgs ...kafkago.Message) error {
	for i := range msgs {
		if msgs[i].Topic == "" {
			msgs[i].Topic = p.topic
		}
	}
	if err := p.w.WriteMessages(ctx, msgs...); err != nil {
		return fmt.Errorf("publishing %d records to %s: %w", len(msgs), p.topic, err)
	}
	return nil
}

// Close flushes and closes the writer.
func (p *Producer) Close() error { return p.w.Close() }
