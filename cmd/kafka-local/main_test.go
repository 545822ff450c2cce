package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
)

func noenv(string) string { return "" }

// kafka-local serves the three topics, says plainly that it is in memory and not for production,
// and --consume prints what a topic holds.
func TestLocalBrokerAndConsume(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	addrc := make(chan string, 1)
	var stderr bytes.Buffer
	done := make(chan int, 1)
	bctx, stop := context.WithCancel(ctx)
	go func() {
		done <- run(bctx, []string{"--port", "0", "--partitions", "2"}, &bytes.Buffer{}, &stderr, noenv, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case code := <-done:
		t.Fatalf("kafka-local exited %d: %s", code, stderr.String())
	}
	for _, want := range []string{"in memory", "NOT PRODUCTION", "depeche.raw", "depeche.clean", "depeche.dlq"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, stderr.String())
		}
	}
	p, err := kafka.NewProducer([]string{addr}, kafka.DefaultRawTopic, kafka.Security{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	raws := []*pipeline.Raw{{ID: "a", Text: "un"}, {ID: "b", Text: "deux"}, {ID: "c", Text: "trois"}}
	if err := p.Publish(ctx, raws...); err != nil {
		t.Fatal(err)
	}
	p.Close()

	var out bytes.Buffer
	if code := run(ctx, []string{"--consume", kafka.DefaultRawTopic, "--brokers", addr}, &out, &stderr, noenv, nil); code != 0 {
		t.Fatalf("--consume exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Errorf("--consume printed %d lines, want 3:\n%s", n, out.String())
	}
	out.Reset()
	if code := run(ctx, []string{"--consume", kafka.DefaultRawTopic, "--brokers", addr, "--meta"}, &out, &stderr, noenv, nil); code != 0 {
		t.Fatalf("--consume --meta exit %d", code)
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m struct {
			Key     string
			Headers map[string]string
			Value   pipeline.Raw
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil || m.Key != m.Value.ID || m.Headers[kafka.HeaderSchema] == "" {
			t.Errorf("--meta line %s: %v", line, err)
		}
	}
	stop()
	if code := <-done; code != 0 {
		t.Errorf("kafka-local exit %d on interrupt", code)
	}
	if code := run(ctx, []string{"--consume", "nope", "--brokers", "127.0.0.1:1"}, &out, &bytes.Buffer{}, noenv, nil); code != 1 {
		t.Errorf("--consume with no broker: exit %d, want 1", code)
	}
}
