package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// troubled is a stage that fails as its document's text says: "panic", "error", "hang" (sleeps
// for hang, ignoring its context) or "slow" (30 ms); it marks every document it passes.
func troubled(hang time.Duration) Stage {
	return StageFunc{"boom", func(ctx context.Context, d *Doc) error {
		switch d.Raw.Text {
		case "panic":
			panic("stage bug")
		case "error":
			return errors.New("cannot parse")
		case "hang":
			time.Sleep(hang) // ignores its context on purpose
		case "slow":
			time.Sleep(30 * time.Millisecond)
		}
		d.Title = "seen " + d.Text
		return nil
	}}
}

func TestRunnerTurnsBadInputIntoFailures(t *testing.T) {
	boom := troubled(time.Second)
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

// A batch gives every document what it would get alone: its own failure, its own deadline (the
// time spent on it, not on the batch), and a clean record when its stages pass, even when another
// document of the batch hangs in a stage that ignores its context.
func TestRunnerBatchKeepsDocumentsApart(t *testing.T) {
	upper := StageFunc{"upper", func(ctx context.Context, d *Doc) error {
		d.Text = strings.ToUpper(d.Raw.Text)
		return nil
	}}
	// "slow" documents take 30 ms each: under the deadline alone, over it for the batch.
	r := &Runner{Stages: []Stage{upper, troubled(300 * time.Millisecond)}, Deadline: 50 * time.Millisecond}
	r.setDefaults()
	names := r.StageNames()
	texts := []string{"fine", "slow", "panic", " ", "slow", "error", "hang", "slow", "last"}
	want := map[string]string{"panic": "boom: panic: stage bug", " ": "validate: empty document",
		"error": "boom: cannot parse", "hang": "boom: per-record deadline of 50ms exceeded"}
	var msgs []*Message
	for i, text := range texts {
		msgs = append(msgs, textMsg(fmt.Sprintf("m%d", i), text))
	}
	outs := make([]*Output, len(msgs))
	var order []int
	r.processBatch(msgs, names, func(k int, out *Output) {
		if outs[k] != nil {
			t.Errorf("output %d handed on twice", k)
		}
		outs[k] = out
		order = append(order, k)
	})
	// The documents before the hung one were handed on as they finished, not held for the batch.
	if !slices.Equal(order[:6], []int{3, 0, 1, 2, 4, 5}) {
		t.Errorf("outputs handed on in the order %v", order)
	}
	for i, out := range outs {
		text := texts[i]
		if out.Msg != msgs[i] {
			t.Fatalf("output %d is not message %d's", i, i)
		}
		if w, ok := want[text]; ok {
			if out.Failure == nil || !strings.HasPrefix(out.Failure.Stage+": "+out.Failure.Reason, w) {
				t.Errorf("%q: got %+v, want failure %q", text, out.Failure, w)
			}
			continue
		}
		if out.Failure != nil || out.Doc == nil {
			t.Errorf("%q: got failure %+v, want a clean record", text, out.Failure)
			continue
		}
		if got, w := out.Doc.Title, "seen "+strings.ToUpper(text); got != w || out.Doc.Lang != "und" {
			t.Errorf("%q: title %q lang %q, want %q und", text, got, out.Doc.Lang, w)
		}
		if single := r.process(msgs[i], names); single.Doc.Title != out.Doc.Title {
			t.Errorf("%q: alone %q, in a batch %q", text, single.Doc.Title, out.Doc.Title)
		}
	}
}

// Through Run, workers take batches (the first stage runs ahead of the second by more documents
// than there are workers), the outputs still come in input order, and each is observed once.
func TestRunnerBatchesInOrder(t *testing.T) {
	var firsts, seconds, lead atomic.Int64
	first := StageFunc{"first", func(ctx context.Context, d *Doc) error {
		firsts.Add(1)
		return nil
	}}
	second := StageFunc{"second", func(ctx context.Context, d *Doc) error {
		if l := firsts.Load() - seconds.Add(1); l > lead.Load() {
			lead.Store(l)
		}
		d.Title = d.Raw.ID
		return nil
	}}
	var msgs []*Message
	for i := range 500 {
		msgs = append(msgs, textMsg(fmt.Sprintf("m%d", i), "x"))
	}
	sink := &memSink{}
	var observed sync.Map
	r := &Runner{Stages: []Stage{first, second}, Workers: 2, Batch: 16,
		Observer: observerFunc(func(out *Output, _ time.Duration) {
			if _, again := observed.LoadOrStore(out.ID, true); again {
				t.Errorf("%s observed twice", out.ID)
			}
		})}
	if err := r.Run(context.Background(), &sliceSource{msgs: msgs}, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.outs) != len(msgs) {
		t.Fatalf("wrote %d of %d", len(sink.outs), len(msgs))
	}
	for i, o := range sink.outs {
		if want := fmt.Sprintf("m%d", i); o.ID != want || o.Doc == nil || o.Doc.Title != want {
			t.Fatalf("position %d: %s", i, o.ID)
		}
		if _, ok := observed.Load(o.ID); !ok {
			t.Errorf("%s not observed", o.ID)
		}
	}
	if l := lead.Load(); l <= int64(r.Workers) {
		t.Errorf("the first stage ran at most %d documents ahead of the second: no batches", l)
	}
}

// The byte budget keeps large documents from filling the in-flight slots: with room for one
// 100 KiB document, the reader reads the next only once the one before is written.
func TestRunnerBoundsBytesInFlight(t *testing.T) {
	sink := &memSink{}
	big := strings.Repeat("a", 100<<10)
	reads := 0
	src := sourceFunc(func(ctx context.Context) (*Message, error) {
		sink.mu.Lock()
		written := len(sink.outs)
		sink.mu.Unlock()
		if reads-written > 1 {
			t.Errorf("reading document %d with %d in flight", reads, reads-written)
		}
		if reads == 20 {
			return nil, io.EOF
		}
		reads++
		return textMsg(fmt.Sprintf("m%d", reads), big), nil
	})
	r := &Runner{Workers: 2, MaxInFlightBytes: 2 * byteUnit}
	if err := r.Run(context.Background(), src, sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.outs) != 20 {
		t.Fatalf("wrote %d of 20", len(sink.outs))
	}
}

type observerFunc func(*Output, time.Duration)

func (f observerFunc) Processed(out *Output, elapsed time.Duration) { f(out, elapsed) }
