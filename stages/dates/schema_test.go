package dates

import (
	"context"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/schemas"
)

// TestRecordsValidate checks every date the stage writes on the benchmark rows (both biases)
// against the clean-record schema: ISO values, one of the four shapes, a known grain.
func TestRecordsValidate(t *testing.T) {
	for _, bias := range []Bias{Past, Future} {
		n, err := New(Options{Bias: bias})
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range []string{"news-cases.jsonl", "duckling-fr.jsonl.gz", "duckling-en.jsonl.gz"} {
			for _, row := range loadRows(t, file) {
				d := rowDoc(row)
				d.ID, d.Source.URI, d.Lang = row.ID, "bench:"+row.ID, row.Lang
				d.Schema = pipeline.SchemaRef{Name: pipeline.CleanSchemaName, Version: pipeline.CleanSchemaVersion}
				d.Boilerplate, d.Entities = []pipeline.Block{}, []pipeline.Entity{}
				d.Pipeline = pipeline.Info{Version: "test", Stages: []string{"dates"}}
				if err := n.Process(context.Background(), d); err != nil {
					t.Fatal(err)
				}
				b, err := pipeline.MarshalRecord(d)
				if err != nil {
					t.Fatal(err)
				}
				if err := schemas.Validate(schemas.Clean, b); err != nil {
					t.Errorf("%s (%v): %v\n%s", row.ID, bias, err, b)
				}
			}
		}
	}
}
