package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages"
)

// seedLines replicates the seeds to n raw records (with a publication date, as a newsroom feed has),
// as JSON lines: the input of the end-to-end replay benchmarks.
func seedLines(tb testing.TB, n int) []byte {
	files, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seeds: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	var sb strings.Builder
	for i := range n {
		b, _ := json.Marshal(pipeline.Raw{ID: fmt.Sprintf("doc-%d", i), Text: texts[i%len(texts)], Published: "2024-05-04"})
		sb.Write(b)
		sb.WriteByte('\n')
	}
	return []byte(sb.String())
}

// BenchmarkReplay is the end-to-end replay (read, decode, every stage, encode, write) on the
// seeds' mix; "none" is the I/O floor with no stage but normalize, to compare against.
func BenchmarkReplay(b *testing.B) {
	const docs = 1000
	input := seedLines(b, docs)
	all, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		b.Fatal(err)
	}
	floor, _ := stages.Build(nil, stages.Options{})
	for _, bc := range []struct {
		name    string
		st      []pipeline.Stage
		workers int
	}{
		{"stages=all/workers=1", all, 1},
		{"stages=all/workers=all", all, 0},
		{"stages=none/workers=1", floor, 1},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(input)))
			for b.Loop() {
				r := &pipeline.Runner{Stages: bc.st, Workers: bc.workers}
				sink := pipeline.NewLinesSink(io.Discard, io.Discard, pipeline.Version)
				src := pipeline.NewLineReader(strings.NewReader(string(input)), "bench", 0)
				if err := r.Run(context.Background(), src, sink); err != nil {
					b.Fatal(err)
				}
				if sink.Written != docs {
					b.Fatalf("wrote %d of %d", sink.Written, docs)
				}
			}
			b.ReportMetric(float64(docs*b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
