package stages_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages"
)

// BenchmarkStage measures every stage alone on the seeds' mix, each fed what the stages before it
// produce (as in the pipeline), one document per op: docs/s, MB/s of the text the stage reads,
// tokens/s (whitespace-separated words of that text, one measure for every stage) and, with
// -benchmem, bytes and allocations per document. Each op works on a shallow copy of the prepared
// document, which costs one small allocation of its own.
func BenchmarkStage(b *testing.B) {
	paths, _ := filepath.Glob("../seeds/*.txt")
	if len(paths) == 0 {
		b.Fatal("no seeds in ../seeds")
	}
	all, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name()
	}
	// before[k][j] is seed j as stage k receives it.
	before := make([][]*pipeline.Doc, len(all))
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		raw := &pipeline.Raw{Text: string(text), Published: "2024-05-04", Source: pipeline.SourceRef{URI: p}}
		d := pipeline.NewDoc(raw, pipeline.RecordID(raw), pipeline.Version, names)
		for k, s := range all {
			cp := *d
			before[k] = append(before[k], &cp)
			if err := s.Process(context.Background(), d); err != nil {
				b.Fatalf("%s on %s: %v", s.Name(), p, err)
			}
		}
	}
	for k, s := range all {
		docs := before[k]
		var bytes, words int
		for _, d := range docs {
			in := stageInput(k, d)
			bytes += len(in)
			words += len(strings.Fields(in))
		}
		b.Run(s.Name(), func(b *testing.B) {
			b.SetBytes(int64(bytes / len(docs)))
			i := 0
			for b.Loop() {
				d := *docs[i%len(docs)]
				i++
				if err := s.Process(context.Background(), &d); err != nil {
					b.Fatal(err)
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(b.N)/sec, "docs/s")
			b.ReportMetric(float64(words)/float64(len(docs))*float64(b.N)/sec, "tokens/s")
		})
	}
}

// stageInput is the text a stage reads: normalize reads the raw input, the others the clean text.
func stageInput(k int, d *pipeline.Doc) string {
	if k == 0 {
		return d.Raw.Text
	}
	return d.Text
}
