package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEndpoints(t *testing.T) {
	m := New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, errc, err := m.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr

	clean := &pipeline.Output{Msg: &pipeline.Message{}, Doc: &pipeline.Doc{}, Timings: map[string]int64{"normalize": 10, "dates": 250}}
	failed := &pipeline.Output{Msg: &pipeline.Message{}, Failure: &pipeline.Failure{Stage: "dates", Reason: "x"}, Timings: map[string]int64{"normalize": 5, "dates": 30000000}}
	m.Processed(clean, time.Millisecond)
	m.Processed(clean, time.Millisecond)
	m.Processed(failed, 30*time.Second)
	m.Processed(&pipeline.Output{Msg: &pipeline.Message{}, Failure: &pipeline.Failure{Stage: "decode", Reason: "bad"}}, 0)
	m.Fetched("depeche.raw", 2, 41)
	m.Written("depeche.clean", 2)
	m.WriteFailed("depeche.clean", errors.New("broker down"))
	m.DeadLettered("dates")
	m.CommitFailed(errors.New("coordinator"))
	m.Committed(3)
	m.ClientError("reader", errors.New("eof"))

	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz: %d %q", code, body)
	}
	tests := []struct {
		name      string
		ready, up bool
		reason    string
		code      int
		says      string
	}{
		{"starting", false, true, "starting", 503, "starting"},
		{"ready", true, true, "", 200, "ready"},
		{"brokers down", true, false, "", 503, "unreachable"},
		{"draining", false, true, "draining", 503, "draining"},
	}
	for _, tc := range tests {
		m.SetReady(tc.ready, tc.reason)
		m.SetBrokerUp(tc.up)
		if code, body := get(t, base+"/readyz"); code != tc.code || !strings.Contains(body, tc.says) {
			t.Errorf("%s: /readyz %d %q, want %d and %q", tc.name, code, body, tc.code, tc.says)
		}
	}
	_, text := get(t, base+"/metrics")
	for _, want := range []string{
		`depeche_records_total{result="clean"} 2`,
		`depeche_records_total{result="failed"} 2`,
		`depeche_stage_records_total{result="ok",stage="normalize"} 3`,
		`depeche_stage_records_total{result="failed",stage="dates"} 1`,
		`depeche_stage_records_total{result="failed",stage="decode"} 1`,
		`depeche_stage_duration_seconds_count{stage="dates"} 3`,
		`depeche_kafka_consumer_lag{partition="2",topic="depeche.raw"} 41`,
		`depeche_kafka_written_total{topic="depeche.clean"} 2`,
		`depeche_kafka_write_errors_total{topic="depeche.clean"} 1`,
		`depeche_dead_letters_total{stage="dates"} 1`,
		`depeche_kafka_commits_total 1`,
		`depeche_kafka_commit_errors_total 1`,
		`depeche_kafka_client_errors_total{client="reader"} 1`,
		`depeche_kafka_broker_up 1`,
		`depeche_ready 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("server: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Error("server did not stop with its context")
	}
}

func TestServeRejectsBusyAddress(t *testing.T) {
	m := New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, _, err := m.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := New().Serve(ctx, addr); err == nil {
		t.Error("a second server on the same address must fail clearly")
	}
}
