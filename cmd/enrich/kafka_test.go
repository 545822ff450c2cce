package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	kafkago "github.com/segmentio/kafka-go"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/internal/ingest"
	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
	"github.com/depeche-news/depeche/schemas"
	"github.com/depeche-news/depeche/stages"
)

// fastGroup makes consumer-group joins and rebalances against kfake take milliseconds.
func fastGroup(c *kafka.SourceConfig) {
	c.SessionTimeout = 6 * time.Second
	c.HeartbeatInterval = 200 * time.Millisecond
	c.RebalanceTimeout = 2 * time.Second
	c.CommitInterval = 50 * time.Millisecond
	c.MaxWait = 100 * time.Millisecond
}

func startBroker(t *testing.T, partitions int32, topics ...string) []string {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topics...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// worker runs enrich --brokers in-process, as the command would, until stop is called.
type worker struct {
	stop    context.CancelFunc
	done    chan int
	stderr  *syncBuffer
	metrics chan string
}

func startWorker(t *testing.T, args ...string) *worker {
	t.Helper()
	tuneSource = fastGroup
	w := &worker{done: make(chan int, 1), stderr: &syncBuffer{}, metrics: make(chan string, 1)}
	metricsBound = func(addr string) { w.metrics <- addr }
	ctx, cancel := context.WithCancel(context.Background())
	w.stop = cancel
	go func() {
		w.done <- run(ctx, args, nil, &bytes.Buffer{}, w.stderr, noenv)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-w.done:
		case <-time.After(20 * time.Second):
			t.Error("worker did not stop")
		}
		tuneSource, metricsBound = nil, nil
	})
	return w
}

func (w *worker) wait(t *testing.T) int {
	t.Helper()
	w.stop()
	select {
	case code := <-w.done:
		w.done <- code // for Cleanup
		return code
	case <-time.After(30 * time.Second):
		t.Fatalf("worker did not drain in time; log:\n%s", w.stderr)
	}
	return -1
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// waitTopic polls a topic until it holds at least n messages; it gives up at once if the worker
// exits.
func (w *worker) waitTopic(t *testing.T, ctx context.Context, brokers []string, topic string, n int) []kafkago.Message {
	t.Helper()
	for {
		select {
		case code := <-w.done:
			w.done <- code
			t.Fatalf("the worker exited (%d) before %s held %d messages", code, topic, n)
		default:
		}
		msgs, err := kafka.ReadTopic(ctx, brokers, topic, kafka.Security{})
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

// replayRecords runs the batch replay of path and returns its records by id.
func replayRecords(t *testing.T, path string, extra ...string) map[string][]byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "replay.jsonl")
	var stderr bytes.Buffer
	args := append([]string{"--replay", path, "--out", out, "--summary=false"}, extra...)
	if code := run(context.Background(), args, nil, &bytes.Buffer{}, &stderr, noenv); code != 0 {
		t.Fatalf("replay: exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs := map[string][]byte{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var d struct{ ID string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		recs[d.ID] = slices.Clone(sc.Bytes())
	}
	return recs
}

// publishInputs publishes inputs with the ingest code (what cmd/ingest --brokers does).
// It returns the records' ids and a JSON-lines file of the raw records as published (ingest stamps
// ingested_at, which the dates stage may anchor on), for the batch replay to compare with.
func publishInputs(t *testing.T, ctx context.Context, p *kafka.Producer, paths ...string) ([]string, string) {
	t.Helper()
	var ids []string
	var raws []*pipeline.Raw
	st, err := ingest.Read(ctx, paths, nil, 0, time.Now(), func(r *pipeline.Raw) error {
		raws = append(raws, r)
		ids = append(ids, r.ID)
		return nil
	}, func(m *pipeline.Message) { t.Errorf("ingest rejected %s: %v", m.Origin, m.Err) })
	if err != nil || st.Records == 0 {
		t.Fatalf("ingest read %d records: %v", st.Records, err)
	}
	if err := p.Publish(ctx, raws...); err != nil {
		t.Fatal(err)
	}
	var lines bytes.Buffer
	for _, r := range raws {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		lines.Write(b)
		lines.WriteByte('\n')
	}
	published := filepath.Join(t.TempDir(), "published.jsonl")
	if err := os.WriteFile(published, lines.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return ids, published
}

// poison is a message that must come out on the dead-letter topic with the given stage.
type poison struct {
	name, key string
	value     []byte
	stage     string
	reason    string
}

func poisons(maxDoc int) []poison {
	big, _ := json.Marshal(pipeline.Raw{ID: "p-big", Text: strings.Repeat("Un paragraphe beaucoup trop long. ", maxDoc/30)})
	nul, _ := json.Marshal(pipeline.Raw{ID: "p-nul", Text: "PK\x03\x04\x00\x00\x00\x08\x00binary\x00\x00zip"})
	return []poison{
		{"invalid JSON", "p-json", []byte(`{"id":"p-json","text":"unterminated`), "decode", "invalid JSON"},
		{"invalid UTF-8", "p-utf8", []byte("{\"id\":\"p-utf8\",\"text\":\"caf\xe9 cr\xe8me\"}"), "decode", "invalid UTF-8"},
		{"over the size limit", "p-big", big, "validate", "too large"},
		{"binary blob", "p-blob", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xfe\x00\x01binary"), "decode", "invalid UTF-8"},
		{"binary in a record", "p-nul", nul, "validate", "binary"},
		{"empty text", "p-empty", []byte(`{"id":"p-empty","source":{"uri":"x"},"text":"  \n "}`), "validate", "empty"},
		{"not an object", "p-array", []byte(`["a","b"]`), "decode", "JSON object"},
	}
}

// The issue-2 integration test: seeds in through the ingest code, an enrich worker in between,
// clean records and dead letters out; the Kafka path gives the replay's bytes.
func TestKafkaEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const raw, clean, dlq = "it.raw", "it.clean", "it.dlq"
	brokers := startBroker(t, 3, raw, clean, dlq)
	const maxDoc = 100_000

	p, err := kafka.NewProducer(brokers, raw, kafka.Security{}, 4<<20)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// Poison first, then the seeds: the seeds coming out proves the worker kept going.
	ps := poisons(maxDoc)
	for _, x := range ps {
		if err := p.PublishMessages(ctx, kafkago.Message{Key: []byte(x.key), Value: x.value}); err != nil {
			t.Fatal(err)
		}
	}
	seedIDs, seedRaws := publishInputs(t, ctx, p, "../../seeds")
	mixedIDs, mixedRaws := publishInputs(t, ctx, p, "testdata/kafka-mixed.jsonl")
	ids := append(slices.Clone(seedIDs), mixedIDs...)

	w := startWorker(t, "--brokers", strings.Join(brokers, ","), "--raw-topic", raw, "--clean-topic", clean,
		"--dlq-topic", dlq, "--group", "it", "--metrics-addr", "127.0.0.1:0", "--max-doc-bytes", fmt.Sprint(maxDoc))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("worker log:\n%s", w.stderr)
		}
	})
	cleanMsgs := w.waitTopic(t, ctx, brokers, clean, len(ids))
	dead := w.waitTopic(t, ctx, brokers, dlq, len(ps))
	maddr := <-w.metrics
	metricsText := httpGet(t, "http://"+maddr+"/metrics")
	if code := w.wait(t); code != 0 {
		t.Fatalf("worker exit %d:\n%s", code, w.stderr)
	}
	if len(cleanMsgs) != len(ids) || len(dead) != len(ps) {
		t.Fatalf("%d clean records and %d dead letters, want %d and %d", len(cleanMsgs), len(dead), len(ids), len(ps))
	}

	// Clean records: keyed by id, valid, byte-identical to the batch replay of the same raw records.
	replayed := replayRecords(t, seedRaws, "--max-doc-bytes", fmt.Sprint(maxDoc))
	for id, r := range replayRecords(t, mixedRaws, "--max-doc-bytes", fmt.Sprint(maxDoc)) {
		replayed[id] = r
	}
	if len(replayed) != len(ids) {
		t.Fatalf("replay gave %d records for %d inputs", len(replayed), len(ids))
	}
	for _, m := range cleanMsgs {
		id := string(m.Key)
		if !slices.Contains(ids, id) {
			t.Errorf("clean record keyed %q is no input id", id)
			continue
		}
		if err := schemas.Validate(schemas.Clean, m.Value); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		if !bytes.Equal(m.Value, replayed[id]) {
			t.Errorf("%s: Kafka record differs from the batch replay:\nkafka:  %.300s\nreplay: %.300s", id, m.Value, replayed[id])
		}
		if h := kafka.Header(m, kafka.HeaderSourceTopic); h != raw {
			t.Errorf("%s: source topic header %q", id, h)
		}
		if kafka.Header(m, kafka.HeaderTimings) == "" {
			t.Errorf("%s: no timings header", id)
		}
	}
	var seeds []kafkago.Message
	for _, m := range cleanMsgs {
		if slices.Contains(seedIDs, string(m.Key)) {
			seeds = append(seeds, m)
		}
	}
	if len(seeds) != 5 {
		t.Errorf("%d seed records out, want 5", len(seeds))
	}
	checkSeedRecords(t, seeds)

	// Dead letters: one per poison, the original payload as value, the reason in headers.
	rawMsgs, err := kafka.ReadTopic(ctx, brokers, raw, kafka.Security{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ps {
		t.Run(x.name, func(t *testing.T) {
			var got *kafkago.Message
			for i := range dead {
				if bytes.Equal(dead[i].Value, x.value) {
					got = &dead[i]
				}
			}
			if got == nil {
				t.Fatalf("no dead letter carries the payload %.60q", x.value)
			}
			h := func(k string) string { return kafka.Header(*got, k) }
			if h(kafka.HeaderStage) != x.stage {
				t.Errorf("stage header %q, want %q", h(kafka.HeaderStage), x.stage)
			}
			if !strings.Contains(h(kafka.HeaderError), x.reason) {
				t.Errorf("error header %q does not say %q", h(kafka.HeaderError), x.reason)
			}
			if h(kafka.HeaderSchema) != pipeline.DeadLetterSchemaName+"/"+pipeline.DeadLetterSchemaVersion || h(kafka.HeaderPipelineVersion) != pipeline.Version {
				t.Errorf("schema/pipeline headers %q %q", h(kafka.HeaderSchema), h(kafka.HeaderPipelineVersion))
			}
			// Rebuilt as a record, the dead letter follows the dead-letter schema, like replay's.
			dl, err := kafka.DeadLetterFromMessage(*got)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := pipeline.MarshalRecord(dl)
			if err := schemas.Validate(schemas.DeadLetter, b); err != nil {
				t.Errorf("dead letter %s: %v", b, err)
			}
			// The origin headers point at the raw message itself.
			var src *kafkago.Message
			for i := range rawMsgs {
				if bytes.Equal(rawMsgs[i].Value, x.value) {
					src = &rawMsgs[i]
				}
			}
			if src == nil || h(kafka.HeaderSourceTopic) != raw || h(kafka.HeaderSourcePartition) != fmt.Sprint(src.Partition) ||
				h(kafka.HeaderSourceOffset) != fmt.Sprint(src.Offset) {
				t.Errorf("origin headers %s/%s@%s do not point at the raw message", h(kafka.HeaderSourceTopic), h(kafka.HeaderSourcePartition), h(kafka.HeaderSourceOffset))
			}
		})
	}
	for _, want := range []string{fmt.Sprintf(`depeche_records_total{result="clean"} %d`, len(ids)), fmt.Sprintf(`depeche_records_total{result="failed"} %d`, len(ps)),
		`depeche_dead_letters_total{stage="decode"} 4`, fmt.Sprintf(`depeche_kafka_written_total{topic="it.clean"} %d`, len(ids))} {
		if !strings.Contains(metricsText, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// goldSeed is what the seeds' gold annotations say (testdata/seeds-gold, copied from
// ../shared/data/seeds-gold).
type goldSeed struct {
	Doc              string
	Lang             string
	Title            string
	BoilerplateLines []int `json:"boilerplate_lines"`
	ContentLines     []int `json:"content_lines"`
	Dates            []struct {
		Value any
		Grain string
	}
	Entities []struct{ Canonical, Type string }
}

// checkSeedRecords checks what the wired stages promise for the seeds: languages, titles,
// boilerplate gone, a key date and entities. A stage not wired yet is not checked.
func checkSeedRecords(t *testing.T, msgs []kafkago.Message) {
	t.Helper()
	wired := stages.Names()
	has := func(s string) bool { return slices.Contains(wired, s) }
	for _, m := range msgs {
		var d pipeline.Doc
		if err := json.Unmarshal(m.Value, &d); err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(filepath.Base(d.Source.URI), ".txt")
		b, err := os.ReadFile(filepath.Join("testdata", "seeds-gold", base+".json"))
		if err != nil {
			t.Errorf("%s: no gold: %v", d.Source.URI, err)
			continue
		}
		var g goldSeed
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatal(err)
		}
		if d.Text == "" {
			t.Errorf("%s: empty text", base)
		}
		if has("langid") && d.Lang != g.Lang {
			t.Errorf("%s: lang %q, gold %q", base, d.Lang, g.Lang)
		}
		if has("boilerplate") {
			if strings.Join(strings.Fields(d.Title), " ") != strings.Join(strings.Fields(g.Title), " ") {
				t.Errorf("%s: title %q, gold %q", base, d.Title, g.Title)
			}
			page, _ := os.ReadFile(filepath.Join("..", "..", "seeds", base+".txt"))
			lines := strings.Split(string(page), "\n")
			content := map[string]bool{} // a headline repeated as boilerplate also stays as content
			for _, n := range g.ContentLines {
				if n-1 < len(lines) {
					content[strings.TrimSpace(lines[n-1])] = true
				}
			}
			for _, n := range g.BoilerplateLines {
				if n-1 < len(lines) {
					if l := strings.TrimSpace(lines[n-1]); len([]rune(l)) >= 25 && !content[l] && strings.Contains(d.Text, l) {
						t.Errorf("%s: boilerplate line %d still in the text: %q", base, n, l)
					}
				}
			}
		}
		if has("dates") && len(g.Dates) > 0 {
			found := false
			for _, gd := range g.Dates {
				for _, rd := range d.Dates {
					if v, ok := gd.Value.(string); ok && gd.Grain == "day" && (rd.Value == v || rd.From == v) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%s: none of the gold day dates found (got %d dates)", base, len(d.Dates))
			}
		}
		if has("entities") && len(g.Entities) > 0 {
			gold := map[string]bool{}
			for _, e := range g.Entities {
				gold[e.Canonical] = true
			}
			hits := 0
			for _, e := range d.Entities {
				if gold[e.Canonical] {
					hits++
				}
			}
			if hits == 0 {
				t.Errorf("%s: none of the %d gold entities found", base, len(g.Entities))
			}
		}
	}
}

// A worker that cannot be configured says why and exits 1, without echoing a secret.
func TestWorkerConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"SASL without password", []string{"--brokers", "127.0.0.1:1", "--sasl-mechanism", "plain", "--sasl-username", "u"}, "needs a username and a password"},
		{"unknown SASL mechanism", []string{"--brokers", "127.0.0.1:1", "--sasl-mechanism", "kerberos", "--sasl-username", "u", "--sasl-password", "hunter2-secret"}, "unknown SASL mechanism"},
		{"missing CA file", []string{"--brokers", "127.0.0.1:1", "--tls-ca", "/nonexistent/ca.pem"}, "CA file"},
		{"empty broker list", []string{"--brokers", " , "}, "no broker"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), append(tc.args, "--metrics-addr", "off"), nil, &bytes.Buffer{}, &stderr, noenv)
			if code != 1 || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr.String(), tc.want)
			}
			if strings.Contains(stderr.String(), "hunter2-secret") {
				t.Error("the password was printed")
			}
		})
	}
}
