package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// DeadLetter is the JSON form of a failed message, for sinks that write files. (The Kafka sink
// sends the original payload as the message value and these fields as headers instead.)
type DeadLetter struct {
	ID            string    `json:"id,omitempty"`
	Schema        SchemaRef `json:"schema"`
	Stage         string    `json:"stage"`
	Error         string    `json:"error"`
	Origin        Origin    `json:"origin"`
	Pipeline      string    `json:"pipeline_version"`
	Payload       string    `json:"payload,omitempty"`
	PayloadBase64 string    `json:"payload_base64,omitempty"`
	Truncated     bool      `json:"payload_truncated,omitempty"`
}

// Dead letters keep at most this much of the payload: enough to find and replay the input, never
// a second copy of a 5 MB page.
const maxDeadPayload = 64 << 10

// NewDeadLetter describes a failed output.
func NewDeadLetter(out *Output, version string) *DeadLetter {
	dl := &DeadLetter{
		ID:       out.ID,
		Schema:   SchemaRef{Name: DeadLetterSchemaName, Version: DeadLetterSchemaVersion},
		Stage:    out.Failure.Stage,
		Error:    out.Failure.Reason,
		Origin:   out.Msg.Origin,
		Pipeline: version,
	}
	p := out.Msg.Payload
	if p == nil && out.Msg.Raw != nil {
		p, _ = json.Marshal(out.Msg.Raw)
	}
	if len(p) > maxDeadPayload {
		p, dl.Truncated = p[:maxDeadPayload], true
	}
	if utf8.Valid(p) {
		dl.Payload = string(p)
	} else {
		dl.PayloadBase64 = base64.StdEncoding.EncodeToString(p)
	}
	return dl
}

// recordBufs holds MarshalRecord's work buffers; the record returned is a copy of the right size.
var recordBufs = sync.Pool{New: func() any { return new([]byte) }}

// MarshalRecord encodes a clean record the one way every sink uses, so that replay and Kafka give
// byte-identical records: no HTML escaping, no trailing newline.
func MarshalRecord(v any) ([]byte, error) {
	if d, ok := v.(*Doc); ok && d != nil {
		buf := recordBufs.Get().(*[]byte)
		b, ok := appendDoc((*buf)[:0], d)
		out := bytes.Clone(b)
		if cap(b) <= 1<<20 {
			*buf = b
			recordBufs.Put(buf)
		}
		if ok {
			return out, nil
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}

// LinesSink writes clean records as JSON lines to one writer and dead letters to another.
type LinesSink struct {
	out, dlq *bufio.Writer
	version  string
	// Written and Failed count what went to each writer.
	Written, Failed int
	// OnWrite, when set, is called after each clean record (the replay summary uses it).
	OnWrite func(d *Doc)
}

// NewLinesSink writes records to out and dead letters to dlq (which may be nil to send them to
// out as well, marked by their schema name).
func NewLinesSink(out, dlq io.Writer, version string) *LinesSink {
	s := &LinesSink{out: bufio.NewWriterSize(out, 256<<10), version: version}
	s.dlq = s.out
	if dlq != nil {
		s.dlq = bufio.NewWriterSize(dlq, 64<<10)
	}
	return s
}

// Write implements Sink.
func (s *LinesSink) Write(_ context.Context, out *Output) error {
	var v any = out.Doc
	w := s.out
	if out.Failure != nil {
		v, w = NewDeadLetter(out, s.version), s.dlq
	}
	b, err := MarshalRecord(v)
	if err != nil {
		return fmt.Errorf("encoding record: %w", err)
	}
	w.Write(b)
	if err := w.WriteByte('\n'); err != nil {
		return err
	}
	if out.Failure != nil {
		s.Failed++
	} else {
		s.Written++
		if s.OnWrite != nil {
			s.OnWrite(out.Doc)
		}
	}
	return nil
}

// Flush implements Sink.
func (s *LinesSink) Flush(context.Context) error {
	if err := s.out.Flush(); err != nil {
		return err
	}
	return s.dlq.Flush()
}
