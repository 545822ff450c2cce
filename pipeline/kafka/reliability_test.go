package kafka

import (
	"context"
	"encoding/json"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/depeche-news/depeche/pipeline"
)

// Issue 7, test 4: every kind of poison lands on the dead-letter topic with headers naming the
// stage, the error, the source topic/partition/offset and the schema version, and the partition
// keeps flowing (a single partition, with good records before and after the poison).
func TestPoisonPillsToDeadLetters(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, brokers := startCluster(t, 1)
	const maxDoc = 50_000
	good := textRaws(40, "g")
	big, _ := json.Marshal(pipeline.Raw{ID: "p-big", Text: strings.Repeat("Un paragraphe trop long. ", maxDoc/20)})
	type poison struct {
		name   string
		value  []byte
		stage  string
		reason string
	}
	poisons := []poison{
		{"invalid JSON", []byte(`{"id":"p-json","text":"unterminated`), "decode", pipeline.ErrBadJSON.Error()},
		{"invalid UTF-8", []byte("{\"id\":\"p-utf8\",\"text\":\"caf\xe9\"}"), "decode", pipeline.ErrInvalidUTF8.Error()},
		{"over the size limit", big, "validate", pipeline.ErrTooLarge.Error()},
		{"binary blob", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"), "decode", pipeline.ErrInvalidUTF8.Error()},
		{"binary text", []byte(`{"id":"p-nul","text":"\u0000\u0001\u0002\u0003 PK"}`), "validate", pipeline.ErrBinary.Error()},
		{"empty text", []byte(`{"id":"p-empty","text":" \n\t "}`), "validate", pipeline.ErrEmpty.Error()},
		{"stage panics", []byte(`{"id":"p-panic","text":"BOOM goes the stage"}`), "explode", "panic: boom"},
		{"tombstone", nil, "decode", pipeline.ErrBadJSON.Error()},
	}
	var msgs []kafkago.Message
	for _, r := range good[:20] {
		m, _ := RawMessage(rawTopic, r)
		msgs = append(msgs, m)
	}
	for _, p := range poisons {
		msgs = append(msgs, kafkago.Message{Topic: rawTopic, Value: p.value})
	}
	for _, r := range good[20:] {
		m, _ := RawMessage(rawTopic, r)
		msgs = append(msgs, m)
	}
	publishMessages(t, brokers, msgs...)

	explode := stageFunc("explode", func(_ context.Context, d *pipeline.Doc) error {
		if strings.Contains(d.Raw.Text, "BOOM") {
			panic("boom")
		}
		return nil
	})
	w := startWorker(t, brokers, "poison", []pipeline.Stage{copyText, explode}, func(w *Worker) { w.Runner.MaxDocBytes = maxDoc })
	clean := waitTopic(t, ctx, brokers, cleanTopic, len(good))
	dead := waitTopic(t, ctx, brokers, dlqTopic, len(poisons))
	w.stop(t)
	d := checkDelivery(t, ids(good), clean)
	checkPartitionOrder(t, clean)
	if len(clean) != len(good) || len(dead) != len(poisons) {
		t.Fatalf("%d clean, %d dead letters; want %d and %d", len(clean), len(dead), len(good), len(poisons))
	}
	for i, p := range poisons {
		t.Run(p.name, func(t *testing.T) {
			m := dead[i] // one partition: dead letters keep input order
			h := func(k string) string { return Header(m, k) }
			if string(m.Value) != string(p.value) {
				t.Errorf("value %.40q is not the original payload %.40q", m.Value, p.value)
			}
			if h(HeaderStage) != p.stage || !strings.Contains(h(HeaderError), p.reason) {
				t.Errorf("stage %q error %q; want %q and %q", h(HeaderStage), h(HeaderError), p.stage, p.reason)
			}
			if want := strconv.Itoa(20 + i); h(HeaderSourceTopic) != rawTopic || h(HeaderSourcePartition) != "0" || h(HeaderSourceOffset) != want {
				t.Errorf("origin %s/%s@%s, want %s/0@%s", h(HeaderSourceTopic), h(HeaderSourcePartition), h(HeaderSourceOffset), rawTopic, want)
			}
			if h(HeaderSchema) != "depeche.deadletter/"+pipeline.DeadLetterSchemaVersion || h(HeaderPipelineVersion) == "" {
				t.Errorf("schema %q, pipeline version %q", h(HeaderSchema), h(HeaderPipelineVersion))
			}
		})
	}
	t.Logf("poison: %d good + %d poison records in one partition; lost %d, duplicates %d", len(good), len(poisons), len(d.lost), d.duplicates)
}

// Issue 7, test 2: with records finishing in shuffled order, the only offsets ever committed are
// those of a contiguous finished prefix: at every OffsetCommit the broker receives, every record
// below the committed offset has its output durably written.
func TestCommitsOnlyFinishedPrefix(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	n := 1500
	if testing.Short() {
		n = 400
	}
	cluster, brokers := startCluster(t, 3)
	raws := textRaws(n, "o")
	publish(t, brokers, raws...)

	// The recording sink says which source offsets are durable: written, then flushed.
	type po struct {
		p int
		o int64
	}
	var mu sync.Mutex
	written, durable := map[po]bool{}, map[po]bool{}
	sink := testSink(t, brokers)
	rec := &recordingSink{Sink: sink, onWrite: func(o *pipeline.Output) {
		mu.Lock()
		written[po{o.Msg.Origin.Partition, o.Msg.Origin.Offset}] = true
		mu.Unlock()
	}}
	flush := func(ctx context.Context) error {
		mu.Lock()
		snapshot := make([]po, 0, len(written))
		for k := range written {
			snapshot = append(snapshot, k)
		}
		mu.Unlock()
		if err := sink.Flush(ctx); err != nil {
			return err
		}
		mu.Lock()
		for _, k := range snapshot {
			durable[k] = true
		}
		mu.Unlock()
		return nil
	}
	commits, violations := 0, 0
	cluster.ControlKey(int16(kmsg.OffsetCommit), func(req kmsg.Request) (kmsg.Response, error, bool) {
		cluster.KeepControl()
		r := req.(*kmsg.OffsetCommitRequest)
		mu.Lock()
		defer mu.Unlock()
		for _, tp := range r.Topics {
			for _, p := range tp.Partitions {
				commits++
				for o := int64(0); o < p.Offset; o++ {
					if !durable[po{int(p.Partition), o}] {
						violations++
						t.Errorf("commit of %d/%d while %d/%d is not durably written", p.Partition, p.Offset, p.Partition, o)
						break
					}
				}
			}
		}
		return nil, nil, false // observe only
	})
	src := testSource(t, brokers, "ooo", func(c *SourceConfig) { c.Flush = flush; c.CommitInterval = 5 * time.Millisecond; c.MaxUncommitted = 50 })
	r := &pipeline.Runner{Stages: []pipeline.Stage{jitterStage(3 * time.Millisecond)}, Workers: 8, MaxInFlight: 64}
	if err := r.Run(ctx, &countingSource{src, n}, rec); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(ctx); err != nil {
		t.Fatal(err)
	}
	sink.Close()
	got := committedOffsets(t, ctx, brokers, "ooo", 3)
	total := int64(0)
	for _, p := range sortedKeys(got) {
		total += got[p]
	}
	if total != int64(n) {
		t.Errorf("committed offsets %v sum to %d, want %d", got, total, n)
	}
	if commits < 5 {
		t.Errorf("only %d partition commits observed; the test proves nothing", commits)
	}
	clean := waitTopic(t, ctx, brokers, cleanTopic, n)
	d := checkDelivery(t, ids(raws), clean)
	t.Logf("out-of-order: %d records, 8 workers, %d partition commits checked, %d violations; lost %d, duplicates %d", n, commits, violations, len(d.lost), d.duplicates)
}

type recordingSink struct {
	*Sink
	onWrite func(*pipeline.Output)
}

func (s *recordingSink) Write(ctx context.Context, o *pipeline.Output) error {
	if err := s.Sink.Write(ctx, o); err != nil {
		return err
	}
	s.onWrite(o)
	return nil
}

// Done may come in any order: the committable offset is always the end of the contiguous
// finished prefix of each partition.
func TestFinishedPrefixTracking(t *testing.T) {
	s := &Source{cfg: SourceConfig{MaxUncommitted: 1 << 30}, parts: map[int]*partition{}, pending: map[int]kafkago.Message{}}
	var entries []*entry
	for p := range 2 {
		for o := range 50 {
			e := &entry{msg: kafkago.Message{Partition: p, Offset: int64(100 + o)}}
			entries = append(entries, e)
			if s.parts[p] == nil {
				s.parts[p] = &partition{}
			}
			s.parts[p].queue = append(s.parts[p].queue, e)
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	order := rng.Perm(len(entries))
	finished := map[[2]int64]bool{}
	for _, i := range order {
		e := entries[i]
		s.finish(e)
		finished[[2]int64{int64(e.msg.Partition), e.msg.Offset}] = true
		got := s.Committable()
		for p := range 2 {
			want := int64(100)
			for finished[[2]int64{int64(p), want}] {
				want++
			}
			if want == 100 {
				if _, ok := got[p]; ok {
					t.Fatalf("partition %d committable at %d before its first record finished", p, got[p])
				}
				continue
			}
			if got[p] != want {
				t.Fatalf("partition %d: committable %d, want %d", p, got[p], want)
			}
		}
	}
}

// Issue 7, test 7: a pathological input (5 MB in one paragraph) is cancelled by its deadline and
// goes to the dead letters (truncated to the topic's limit, saying so); so does a stage that
// ignores its context; the worker stays live.
func TestPerRecordDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, brokers := startCluster(t, 1, kfake.BrokerConfigs(map[string]string{"message.max.bytes": strconv.Itoa(8 << 20)}))
	huge := &pipeline.Raw{ID: "huge", Text: strings.Repeat("Le 3 mai 2024 à Niamey, une phrase sans fin ", 5<<20/44)}
	stuck := &pipeline.Raw{ID: "stuck", Text: "STUCK forever"}
	before, after := textRaws(10, "b"), textRaws(10, "a")
	var all []*pipeline.Raw
	all = append(all, before...)
	all = append(all, huge, stuck)
	all = append(all, after...)
	p, err := NewProducer(brokers, rawTopic, Security{}, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Publish(ctx, all...); err != nil {
		t.Fatal(err)
	}
	p.Close()

	// A stage quadratic in the paragraph length that honours its context, and one that does not.
	quadratic := stageFunc("quadratic", func(ctx context.Context, d *pipeline.Doc) error {
		text := d.Raw.Text
		for i := 0; i < len(text); i++ {
			if i%1024 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			_ = strings.Count(text[i:], "mai")
		}
		return nil
	})
	ignores := stageFunc("ignores-ctx", func(_ context.Context, d *pipeline.Doc) error {
		if strings.HasPrefix(d.Raw.Text, "STUCK") {
			time.Sleep(20 * time.Second)
		}
		return nil
	})
	const deadline = 300 * time.Millisecond
	start := time.Now()
	w := startWorker(t, brokers, "deadline", []pipeline.Stage{quadratic, ignores}, func(w *Worker) {
		w.Runner.Deadline = deadline
		w.Runner.MaxDocBytes = 6 << 20
		w.Source.MaxBytes = 16 << 20
	})
	clean := waitTopic(t, ctx, brokers, cleanTopic, len(before)+len(after))
	dead := waitTopic(t, ctx, brokers, dlqTopic, 2)
	took := time.Since(start)
	w.stop(t)
	d := checkDelivery(t, append(ids(before), ids(after)...), clean)
	if len(dead) != 2 {
		t.Fatalf("%d dead letters, want 2", len(dead))
	}
	for i, want := range []struct{ id, stage string }{{"huge", "quadratic"}, {"stuck", "ignores-ctx"}} {
		m := dead[i]
		if string(m.Key) != want.id || Header(m, HeaderStage) != want.stage || !strings.Contains(Header(m, HeaderError), "deadline") {
			t.Errorf("dead letter %d: key %s stage %q error %q; want %s, %s, a deadline", i, m.Key, Header(m, HeaderStage), Header(m, HeaderError), want.id, want.stage)
		}
	}
	if Header(dead[0], HeaderTruncated) != "true" || len(dead[0].Value) > 1_000_000 || Header(dead[0], HeaderPayloadBytes) == "" {
		t.Errorf("5 MB payload: truncated=%q, %d bytes kept, payload bytes header %q", Header(dead[0], HeaderTruncated), len(dead[0].Value), Header(dead[0], HeaderPayloadBytes))
	}
	// The stuck stage sleeps 20 s; everything came out long before.
	if took > 15*time.Second {
		t.Errorf("took %s: the deadline did not free the worker", took)
	}
	t.Logf("deadline: %d records (one of 5 MB, one stuck), deadline %s, all out in %s; lost %d, duplicates %d", len(all), deadline, took.Round(time.Millisecond), len(d.lost), d.duplicates)
}

// Issue 7, test 6: SIGTERM under load stops fetching, finishes what is in flight, flushes,
// commits and leaves the group; a restarted worker then produces no duplicate.
func TestGracefulDrain(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	n := 3000
	if testing.Short() {
		n = 1000
	}
	_, brokers := startCluster(t, 3)
	raws := textRaws(n, "d")
	publish(t, brokers, raws...)
	st := []pipeline.Stage{copyText, sleepStage(time.Millisecond)}
	w1 := startWorker(t, brokers, "drain", st, func(w *Worker) { w.CloseTimeout = 5 * time.Second })
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= n/4 })
	t0 := time.Now()
	w1.stop(t)
	drained := time.Since(t0)
	if w1.err != context.Canceled {
		t.Fatalf("drain returned %v, want context.Canceled", w1.err)
	}
	first := w1.stats.Clean
	if first >= n {
		t.Fatalf("the first worker finished all %d records before the drain; make the stage slower", n)
	}
	committed := committedOffsets(t, ctx, brokers, "drain", 3)
	var sum int64
	for _, o := range committed {
		sum += max(o, 0)
	}
	if sum != int64(first) {
		t.Errorf("after the drain the group committed %d records, the worker wrote %d", sum, first)
	}
	t.Logf("restart at %s", time.Since(t0))
	w2 := startWorker(t, brokers, "drain", st)
	clean := waitTopic(t, ctx, brokers, cleanTopic, n)
	t.Logf("all out at %s", time.Since(t0))
	time.Sleep(200 * time.Millisecond) // a duplicate would show up now
	w2.stop(t)
	clean, _ = ReadTopic(ctx, brokers, cleanTopic, Security{})
	d := checkDelivery(t, ids(raws), clean)
	if d.duplicates != 0 {
		t.Errorf("%d duplicates after a graceful drain and restart", d.duplicates)
	}
	t.Logf("drain: %d records, SIGTERM after %d written, drained in %s; lost %d, duplicates %d", n, first, drained.Round(time.Millisecond), len(d.lost), d.duplicates)
}

// A worker pointed at a topic that does not exist says so once, instead of waiting silently.
func TestMissingTopicIsLogged(t *testing.T) {
	_, brokers := startCluster(t, 1)
	var logs syncBuffer
	w := startWorker(t, brokers, "missing", []pipeline.Stage{copyText}, func(w *Worker) {
		w.Source.Topic = "no.such.topic"
		w.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(logs.String(), "no.such.topic") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	w.stop(t)
	if got := logs.String(); strings.Count(got, "topic missing") != 1 || !strings.Contains(got, "topic=no.such.topic") {
		t.Errorf("want one warning naming the missing topic, got:\n%s", got)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A record still stuck when the close timeout runs out is abandoned: the worker stops in time,
// does not commit it, and the next worker of the group processes it (nothing lost).
func TestDrainTimeoutAbandonsAndRedelivers(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, brokers := startCluster(t, 1)
	raws := textRaws(50, "k")
	publish(t, brokers, raws...)
	release := make(chan struct{})
	defer close(release)
	wedge := stageFunc("wedge", func(_ context.Context, d *pipeline.Doc) error {
		if d.ID == raws[20].ID {
			<-release // ignores its context, like a stage stuck in a loop
		}
		return nil
	})
	const closeTimeout = 300 * time.Millisecond
	w1 := startWorker(t, brokers, "abandon", []pipeline.Stage{copyText, wedge}, func(w *Worker) {
		w.CloseTimeout = closeTimeout
		w.Runner.Deadline = time.Hour
	})
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= 20 })
	time.Sleep(100 * time.Millisecond)
	t0 := time.Now()
	w1.stop(t)
	if took := time.Since(t0); took > closeTimeout+5*time.Second {
		t.Errorf("stopping took %s with a close timeout of %s", took, closeTimeout)
	}
	if w1.stats.Clean != 20 {
		t.Errorf("the first worker wrote %d records, want the 20 before the wedged one", w1.stats.Clean)
	}
	w2 := startWorker(t, brokers, "abandon", []pipeline.Stage{copyText})
	clean := waitTopic(t, ctx, brokers, cleanTopic, len(raws))
	w2.stop(t)
	d := checkDelivery(t, ids(raws), clean)
	t.Logf("abandon: %d records, one wedged at SIGTERM, stopped in time; lost %d, duplicates %d", len(raws), len(d.lost), d.duplicates)
}
