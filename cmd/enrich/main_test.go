package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func noenv(string) string { return "" }

// The five seed records are the project's golden files: any change in what the pipeline emits for
// them shows up here as a reviewable diff (regenerate with go test ./cmd/enrich -update).
func TestReplaySeedsGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "seeds.jsonl")
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"--replay", "../../seeds", "--out", out}, nil, &bytes.Buffer{}, &stderr, noenv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seeds.golden.jsonl")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/enrich -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("record %d differs from the golden file (go test ./cmd/enrich -update to accept):\n got: %.400s\nwant: %.400s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, golden has %d", len(gl), len(wl))
	}
	if n := strings.Count(stderr.String(), "\n"); n < 6 {
		t.Errorf("want a summary line per record and a total, got:\n%s", stderr.String())
	}
	// A second run gives the same bytes: replay is deterministic whatever the scheduling.
	out2 := filepath.Join(t.TempDir(), "again.jsonl")
	if code := run(context.Background(), []string{"--replay", "../../seeds", "--out", out2, "--workers", "1"}, nil, &bytes.Buffer{}, &bytes.Buffer{}, noenv); code != 0 {
		t.Fatal("second run failed")
	}
	again, _ := os.ReadFile(out2)
	if !bytes.Equal(got, again) {
		t.Error("a replay with one worker differs from one with several")
	}
}

func TestReplayStdinAndDeadLetters(t *testing.T) {
	in := strings.Join([]string{
		`{"id":"a","text":"Le gouvernement a présenté vendredi 3 mai 2024 son projet de loi sur l'énergie.","published":"2024-05-04"}`,
		`not json`,
		`{"id":"b","text":""}`,
	}, "\n")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--replay", "-", "--out", "-"}, strings.NewReader(in), &stdout, &stderr, noenv)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if lines := strings.Split(strings.TrimSpace(stdout.String()), "\n"); len(lines) != 1 || !strings.Contains(lines[0], `"id":"a"`) {
		t.Errorf("stdout should hold the one clean record, got:\n%s", stdout.String())
	}
	for _, want := range []string{`"stage":"decode"`, `"stage":"validate"`, `"error":"empty document"`, "2 dead letters"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %s:\n%s", want, stderr.String())
		}
	}
}

func TestFlagsAndEnvironment(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
		wantErr  string
	}{
		{"help", []string{"--help"}, nil, 0, "DEPECHE_REPLAY"},
		{"nothing to do", nil, nil, 2, "nothing to do"},
		{"unknown stage", []string{"--replay", "x", "--stages", "sentiment"}, nil, 2, `unknown stage "sentiment"`},
		{"bad bias from env", []string{"--replay", "x"}, map[string]string{"DEPECHE_DATE_BIAS": "sideways"}, 2, "--date-bias"},
		{"missing input", []string{"--replay", "does-not-exist", "--out", "-"}, nil, 1, "does-not-exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), tt.args, nil, &bytes.Buffer{}, &stderr, func(k string) string { return tt.env[k] })
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}
