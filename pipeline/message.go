package pipeline

import (
	"context"
	"fmt"
)

// Origin says where a message was read from, for dead letters and logs. It is not part of the clean
// record (a record must not change when the same input is replayed from another place).
type Origin struct {
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Topic     string `json:"topic,omitempty"`
	Partition int    `json:"partition,omitempty"`
	Offset    int64  `json:"offset,omitempty"`
}

func (o Origin) String() string {
	switch {
	case o.Topic != "":
		return fmt.Sprintf("%s/%d@%d", o.Topic, o.Partition, o.Offset)
	case o.Line > 0:
		return fmt.Sprintf("%s:%d", o.File, o.Line)
	default:
		return o.File
	}
}

// Message is one input as it travels from a source through the runner to a sink.
type Message struct {
	// Raw is the decoded input; nil when Err is set.
	Raw *Raw
	// Payload is the input as received (a JSON line, a Kafka value), kept for dead letters. Sources
	// that build Raw themselves (a directory of .txt files) leave it nil.
	Payload []byte
	// Err is a decode error: the message goes straight to the dead letters under stage "decode".
	Err    error
	Origin Origin
	// Done, when set, is called once the message's output (clean record or dead letter) has been
	// written by the sink. The Kafka source commits offsets from it, so a crash before Done
	// re-delivers the message instead of losing it.
	Done func()
}

// Failure says why a message produced a dead letter instead of a clean record.
type Failure struct {
	Stage  string `json:"stage"`
	Reason string `json:"error"`
}

// Output is what the runner hands to a sink for one message: a clean Doc or a Failure, never both.
type Output struct {
	Msg     *Message
	Doc     *Doc
	Failure *Failure
	// ID is the record id (of the Doc, or derived for a failure when the input could be decoded).
	ID string
	// Timings are per-stage durations in microseconds, always measured (metrics, headers), put in
	// the record only when the runner is asked to.
	Timings map[string]int64
}

// Source yields messages until it returns io.EOF.
type Source interface {
	Next(ctx context.Context) (*Message, error)
}

// Sink writes outputs in the order it receives them.
type Sink interface {
	Write(ctx context.Context, out *Output) error
	// Flush makes every output written so far durable (a file flush, a producer flush).
	Flush(ctx context.Context) error
}
