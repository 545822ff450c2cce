package kafka

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	kafkago "github.com/segmentio/kafka-go"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/schemas"
)

// FuzzKafkaMessage feeds arbitrary message values through what a worker does with them: decode,
// check, stages, and the message the sink would produce. It must never panic; the output is a
// clean record that validates against the schema, keyed by its id, or a dead letter under the
// size limit whose value is a prefix of the input and whose headers say which stage failed, why,
// and where the input came from. (Seed corpus: testdata/fuzz/FuzzKafkaMessage.)
func FuzzKafkaMessage(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","source":{"uri":"u"},"text":"Vendredi 3 mai 2024, à Niamey.","published":"2024-05-04"}`,
		`{"id":"h","html":"<html><body><p>Le Niger</p></body></html>"}`,
		`{"text":"no id, derived"}`,
		`{"id":"e","text":"   "}`,
		"{\"id\":\"u\",\"text\":\"caf\xe9\"}",
		`{"id":"n","text":"\u0000\u0001\u0002"}`,
		`[1,2]`, ``, `null`, `{"id":`,
	} {
		f.Add([]byte(s))
	}
	sink, err := NewSink(SinkConfig{Brokers: []string{"127.0.0.1:1"}, CleanTopic: "c", DLQTopic: "d", MaxMessageBytes: 4096})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { sink.Close() })
	r := &pipeline.Runner{Stages: []pipeline.Stage{copyText}, MaxDocBytes: 64 << 10}
	f.Fuzz(func(t *testing.T, value []byte) {
		m := decode(kafkago.Message{Topic: "raw", Partition: 3, Offset: 42, Value: value})
		out := r.Process(m)
		km, err := sink.message(out)
		if err != nil {
			t.Fatalf("no message for %q: %v", value, err)
		}
		switch km.Topic {
		case "c":
			if out.Doc == nil || string(km.Key) != out.Doc.ID || out.Doc.ID == "" {
				t.Fatalf("clean message keyed %q for doc %+v", km.Key, out.Doc)
			}
			if err := schemas.Validate(schemas.Clean, km.Value); err != nil {
				t.Fatalf("clean record invalid: %v\n%s", err, km.Value)
			}
		case "d":
			if len(km.Value) > 4096 || !bytes.HasPrefix(value, km.Value) {
				t.Fatalf("dead letter value of %d bytes is not a prefix of the %d-byte input under the limit", len(km.Value), len(value))
			}
			if Header(km, HeaderStage) == "" || Header(km, HeaderError) == "" {
				t.Fatalf("dead letter without stage or error: %v", km.Headers)
			}
			if Header(km, HeaderSourceTopic) != "raw" || Header(km, HeaderSourcePartition) != "3" || Header(km, HeaderSourceOffset) != "42" {
				t.Fatalf("dead letter origin headers %v", km.Headers)
			}
			if n, _ := strconv.Atoi(Header(km, HeaderPayloadBytes)); n != len(value) {
				t.Fatalf("payload bytes header %d, input %d", n, len(value))
			}
			if out.Failure != nil && out.Failure.Stage == "produce" && !strings.Contains(Header(km, HeaderError), "message limit") {
				t.Fatalf("produce failure without its reason: %q", Header(km, HeaderError))
			}
			dl, err := DeadLetterFromMessage(km)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := pipeline.MarshalRecord(dl)
			if err := schemas.Validate(schemas.DeadLetter, b); err != nil {
				t.Fatalf("dead letter record invalid: %v\n%s", err, b)
			}
		default:
			t.Fatalf("message to topic %q", km.Topic)
		}
		if !json.Valid(km.Value) && km.Topic == "c" {
			t.Fatal("clean value is not JSON")
		}
	})
}
