package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
	"github.com/depeche-news/depeche/schemas"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }

func noenv(string) string { return "" }

// replayIDs are the record ids enrich --replay gives the inputs under path.
func replayIDs(t *testing.T, path string) []string {
	t.Helper()
	src, err := pipeline.NewFileSource(path, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for {
		m, err := src.Next(context.Background())
		if err == io.EOF {
			return ids
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.Err == nil {
			ids = append(ids, pipeline.RecordID(m.Raw))
		}
	}
}

func TestIngestToStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"../../seeds"}, nil, &stdout, &stderr, noenv, fixedNow); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := replayIDs(t, "../../seeds")
	out := slices.Clone(stdout.Bytes())
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 16<<20)
	var got []string
	for sc.Scan() {
		if err := schemas.Validate(schemas.Raw, sc.Bytes()); err != nil {
			t.Errorf("line %d: %v", len(got)+1, err)
		}
		var r pipeline.Raw
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.IngestedAt != "2026-11-23T21:00:00Z" || !strings.HasPrefix(r.Source.URI, "seeds/") || r.Text == "" {
			t.Errorf("record %+v", r.Source)
		}
		got = append(got, r.ID)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") || len(got) != 5 {
		t.Errorf("ids %v, replay gives %v", got, want)
	}
	// What ingest writes replays to the same ids: the JSON lines are valid replay input.
	f := filepath.Join(t.TempDir(), "raw.jsonl")
	os.WriteFile(f, out, 0o644)
	if again := replayIDs(t, f); strings.Join(again, ",") != strings.Join(want, ",") {
		t.Errorf("replaying ingest's output gives ids %v, want %v", again, want)
	}
}

func TestIngestRejectsBadInputs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Une page correcte."), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("caf\xe9"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.jsonl"), []byte("{\"id\":\"ok\",\"text\":\"x\"}\n{\"id\":\n"), 0o644)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{dir}, nil, &stdout, &stderr, noenv, fixedNow)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if n := strings.Count(stdout.String(), "\n"); n != 2 {
		t.Errorf("%d records written, want the 2 good ones:\n%s", n, stdout.String())
	}
	for _, want := range []string{"b.txt", "invalid UTF-8", "c.jsonl:2", "invalid JSON", "2 inputs skipped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestIngestHelpAndUsage(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, nil, io.Discard, &stderr, noenv, fixedNow); code != 0 {
		t.Errorf("--help exit %d", code)
	}
	for _, want := range []string{"DEPECHE_BROKERS", "DEPECHE_RAW_TOPIC", "DEPECHE_SASL_PASSWORD", "Examples:"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("--help lacks %s", want)
		}
	}
	if code := run(context.Background(), nil, nil, io.Discard, io.Discard, noenv, fixedNow); code != 2 {
		t.Errorf("no PATH: exit %d, want 2", code)
	}
}

func TestIngestPublishes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(3, "in.raw"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	brokers := c.ListenAddrs()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.txt"), bytes.Repeat([]byte("Trop long. "), 20_000), 0o644)
	env := map[string]string{"DEPECHE_BROKERS": strings.Join(brokers, ","), "DEPECHE_RAW_TOPIC": "in.raw", "DEPECHE_MAX_MESSAGE_BYTES": "100000"}
	var stderr bytes.Buffer
	code := run(ctx, []string{"../../seeds", dir}, nil, io.Discard, &stderr, func(k string) string { return env[k] }, fixedNow)
	if code != 1 || !strings.Contains(stderr.String(), "over the topic's message limit") {
		t.Errorf("exit %d, want 1 with the oversized page reported:\n%s", code, stderr.String())
	}
	msgs, err := kafka.ReadTopic(ctx, brokers, "in.raw", kafka.Security{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range replayIDs(t, "../../seeds") {
		want[id] = true
	}
	if len(msgs) != len(want) {
		t.Fatalf("%d messages published, want %d", len(msgs), len(want))
	}
	for _, m := range msgs {
		raw, err := pipeline.DecodeRaw(m.Value)
		if err != nil || !want[string(m.Key)] || raw.ID != string(m.Key) {
			t.Errorf("message keyed %q: %v", m.Key, err)
		}
		if h := kafka.Header(m, kafka.HeaderSchema); h != "depeche.raw/"+pipeline.RawSchemaVersion {
			t.Errorf("schema header %q", h)
		}
	}
}
