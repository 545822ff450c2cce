package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"
)

// sliceSource yields the given messages.
type sliceSource struct {
	msgs []*Message
	i    int
}

func (s *sliceSource) Next(ctx context.Context) (*Message, error) {
	if s.i == len(s.msgs) {
		return nil, io.EOF
	}
	s.i++
	return s.msgs[s.i-1], nil
}

type memSink struct {
	mu   sync.Mutex
	outs []*Output
}

func (s *memSink) Write(_ context.Context, o *Output) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outs = append(s.outs, o)
	return nil
}
func (s *memSink) Flush(context.Context) error { return nil }

func textMsg(id, text string) *Message {
	return &Message{Raw: &Raw{ID: id, Text: text}}
}

// A stage that finishes documents in shuffled order must not reorder the output, and every
// message is acknowledged only after its own output was written, in input order.
func TestRunnerKeepsInputOrderAndAcksAfterWrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	delays := make([]time.Duration, 200)
	for i := range delays {
		delays[i] = time.Duration(rng.IntN(2000)) * time.Microsecond
	}
	slow := StageFunc{"shuffle", func(ctx context.Context, d *Doc) error {
		var i int
		fmt.Sscanf(d.ID, "m%d", &i)
		time.Sleep(delays[i])
		d.Title = d.ID
		return nil
	}}
	sink := &memSink{}
	var acked []string
	var msgs []*Message
	for i := range delays {
		m := textMsg(fmt.Sprintf("m%d", i), "x")
		m.Done = func() {
			// Done runs after Write: the sink already holds this output.
			if got := sink.outs[len(sink.outs)-1].ID; got != m.Raw.ID {
				t.Errorf("ack of %s after writing %s", m.Raw.ID, got)
			}
			acked = append(acked, m.Raw.ID)
		}
		msgs = append(msgs, m)
	}
	r := &Runner{Stages: []Stage{slow}, Workers: 8}
	if err := r.Run(context.Background(), &sliceSource{msgs: msgs}, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.outs) != len(delays) || len(acked) != len(delays) {
		t.Fatalf("wrote %d, acked %d, want %d", len(sink.outs), len(acked), len(delays))
	}
	for i, o := range sink.outs {
		if want := fmt.Sprintf("m%d", i); o.ID != want || acked[i] != want {
			t.Fatalf("position %d: wrote %s acked %s, want %s", i, o.ID, acked[i], want)
		}
	}
}

func TestRunnerTurnsBadInputIntoFailures(t *testing.T) {
	boom := StageFunc{"boom", func(ctx context.Context, d *Doc) error {
		switch d.Raw.Text {
		case "panic":
			panic("stage bug")
		case "error":
			return errors.New("cannot parse")
		case "hang":
			time.Sleep(time.Second) // ignores its context on purpose
		}
		return nil
	}}
	tests := []struct {
		name      string
		msg       *Message
		wantStage string
		wantErr   string
	}{
		{"decode error", &Message{Err: fmt.Errorf("%w: x", ErrBadJSON)}, "decode", "invalid JSON"},
		{"empty", textMsg("e", "  \n "), "validate", "empty document"},
		{"too large", textMsg("l", strings.Repeat("a", 2000)), "validate", "too large"},
		{"binary", textMsg("b", "\x00\x01\x02PNG"), "validate", "binary"},
		{"invalid utf-8", textMsg("u", "caf\xe9"), "validate", "invalid UTF-8"},
		{"panic", textMsg("p", "panic"), "boom", "panic: stage bug"},
		{"error", textMsg("x", "error"), "boom", "cannot parse"},
		{"deadline", textMsg("h", "hang"), "boom", "deadline of 50ms exceeded"},
		{"fine", textMsg("f", "fine"), "", ""},
	}
	r := &Runner{Stages: []Stage{boom}, MaxDocBytes: 1000, Deadline: 50 * time.Millisecond}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := r.Process(tt.msg)
			if tt.wantStage == "" {
				if out.Failure != nil || out.Doc == nil {
					t.Fatalf("want a clean record, got failure %+v", out.Failure)
				}
				return
			}
			if out.Failure == nil {
				t.Fatal("want a failure, got a record")
			}
			if out.Failure.Stage != tt.wantStage || !strings.Contains(out.Failure.Reason, tt.wantErr) {
				t.Errorf("got %s: %q, want %s: %q", out.Failure.Stage, out.Failure.Reason, tt.wantStage, tt.wantErr)
			}
		})
	}
}

// Cancelling the context stops reading but still writes, in order, everything already read.
func TestRunnerCancellationDrainsInFlight(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n int
	src := sourceFunc(func(ctx context.Context) (*Message, error) {
		n++
		if n == 50 {
			cancel()
		}
		return textMsg(fmt.Sprintf("m%d", n), "x"), nil
	})
	sink := &memSink{}
	err := (&Runner{Workers: 4}).Run(ctx, src, sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(sink.outs) < 49 {
		t.Fatalf("only %d outputs written after cancel at 50", len(sink.outs))
	}
	for i, o := range sink.outs {
		if o.ID != fmt.Sprintf("m%d", i+1) {
			t.Fatalf("output %d is %s", i, o.ID)
		}
	}
}

type sourceFunc func(ctx context.Context) (*Message, error)

func (f sourceFunc) Next(ctx context.Context) (*Message, error) { return f(ctx) }

func TestRecordIDIsStable(t *testing.T) {
	a := &Raw{Source: SourceRef{URI: "file:a.txt"}, Text: "hello"}
	b := &Raw{Source: SourceRef{URI: "file:a.txt"}, Text: "hello"}
	c := &Raw{Source: SourceRef{URI: "file:b.txt"}, Text: "hello"}
	if RecordID(a) != RecordID(b) || RecordID(a) == RecordID(c) {
		t.Error("ids must depend on source and content only")
	}
	if RecordID(&Raw{ID: "given"}) != "given" {
		t.Error("an input id must be kept")
	}
}

func TestLineReader(t *testing.T) {
	in := "{\"id\":\"a\",\"text\":\"x\",\"uri\":\"u\"}\n\n  \n" + `{"id":"b","text":"` + strings.Repeat("y", 300) + `"}` + "\nnot json\r\n{\"id\":\"c\",\"text\":\"z\"}"
	lr := NewLineReader(strings.NewReader(in), "in.jsonl", 100)
	var got []string
	for {
		m, err := lr.Next(context.Background())
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case m.Err != nil:
			got = append(got, fmt.Sprintf("err@%d:%v", m.Origin.Line, errors.Is(m.Err, ErrTooLarge) || errors.Is(m.Err, ErrBadJSON)))
		default:
			got = append(got, m.Raw.ID+"@"+fmt.Sprint(m.Origin.Line)+":"+m.Raw.Source.URI)
		}
	}
	want := "a@1:u err@4:true err@5:true c@6:"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
