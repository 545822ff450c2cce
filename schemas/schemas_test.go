package schemas_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/schemas"
	"github.com/depeche-news/depeche/stages"
)

// A record written by an earlier release must still validate: if this fails, the schema change is
// breaking and needs a new major version file (clean.v2.json) instead of an edit.
func TestPreviousRecordsStillValidate(t *testing.T) {
	b, err := os.ReadFile("testdata/clean.v1.sample.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := schemas.Validate(schemas.Clean, b); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRejects(t *testing.T) {
	sample, _ := os.ReadFile("testdata/clean.v1.sample.json")
	tests := []struct {
		name, schema, record string
	}{
		{"clean: unknown lang", schemas.Clean, strings.Replace(string(sample), `"lang":"fr"`, `"lang":"de"`, 1)},
		{"clean: confidence over 1", schemas.Clean, strings.Replace(string(sample), `0.99`, `1.5`, 1)},
		{"clean: missing text", schemas.Clean, strings.Replace(string(sample), `"text":"Niger : les soldats russes\nVendredi 3 mai 2024, fin mars, depuis 2020.",`, ``, 1)},
		{"clean: entity type", schemas.Clean, strings.Replace(string(sample), `"type":"LOC"`, `"type":"GPE"`, 1)},
		{"clean: date with value and from", schemas.Clean, strings.Replace(string(sample), `"value":"2024-05-03"`, `"value":"2024-05-03","from":"2024-05-03"`, 1)},
		{"clean: date not ISO", schemas.Clean, strings.Replace(string(sample), `"value":"2024-05-03"`, `"value":"3 mai 2024"`, 1)},
		{"clean: unknown field", schemas.Clean, strings.Replace(string(sample), `"title":`, `"titel":"x","title":`, 1)},
		{"raw: no body", schemas.Raw, `{"source":{"uri":"x"}}`},
		{"raw: published not a date", schemas.Raw, `{"source":{"uri":"x"},"text":"a","published":"yesterday"}`},
		{"deadletter: no error", schemas.DeadLetter, `{"schema":{"name":"depeche.deadletter","version":"1.0.0"},"stage":"decode","origin":{},"pipeline_version":"0.1.0"}`},
		{"not JSON", schemas.Raw, `{"source":`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := schemas.Validate(tt.schema, []byte(tt.record)); err == nil {
				t.Errorf("accepted %s", tt.record)
			}
		})
	}
}

// Every record the pipeline emits for the seeds, and every dead letter for poison input,
// validates against its schema.
func TestPipelineOutputValidates(t *testing.T) {
	st, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		t.Fatal(err)
	}
	r := &pipeline.Runner{Stages: st, MaxDocBytes: 1 << 20}
	var docs, dead int
	sink := &collect{fn: func(out *pipeline.Output) {
		var b []byte
		var err error
		name := schemas.Clean
		if out.Failure != nil {
			name = schemas.DeadLetter
			b, err = pipeline.MarshalRecord(pipeline.NewDeadLetter(out, pipeline.Version))
			dead++
		} else {
			b, err = pipeline.MarshalRecord(out.Doc)
			docs++
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := schemas.Validate(name, b); err != nil {
			t.Errorf("%s: %v\n%s", out.Msg.Origin, err, b)
		}
	}}
	src, err := pipeline.NewFileSource(filepath.Join("..", "seeds"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Run(context.Background(), src, sink); err != nil {
		t.Fatal(err)
	}
	poison := strings.Join([]string{
		`{"id":"bad-json",`,
		`["an","array"]`,
		`{"id":"empty","text":"   "}`,
		`{"id":"big","text":"` + strings.Repeat("a", 1<<20+1) + `"}`,
		"{\"id\":\"binary\",\"text\":\"\\u0000\\u0001\\u0002\"}",
		"{\"id\":\"utf8\",\"text\":\"caf\xe9\"}",
		`{"id":"ok","text":"Le 3 mai 2024, le gouvernement a annoncé une réforme.","published":"2024-05-04"}`,
	}, "\n")
	r2 := &pipeline.Runner{Stages: st, MaxDocBytes: 1 << 20}
	if err := r2.Run(context.Background(), pipeline.NewLineReader(strings.NewReader(poison), "poison", 0), sink); err != nil {
		t.Fatal(err)
	}
	if docs != 6 || dead != 6 {
		t.Errorf("got %d records and %d dead letters, want 6 and 6", docs, dead)
	}
	// Raw records as ingest would publish them.
	for _, raw := range []string{`{"id":"a","source":{"uri":"file:a.txt"},"ingested_at":"2024-05-04T09:00:00Z","text":"x","published":"2024-05-04T09:00:00+02:00","lang":"fr"}`} {
		if err := schemas.Validate(schemas.Raw, []byte(raw)); err != nil {
			t.Error(err)
		}
	}
}

type collect struct{ fn func(*pipeline.Output) }

func (c *collect) Write(_ context.Context, out *pipeline.Output) error { c.fn(out); return nil }
func (c *collect) Flush(context.Context) error                         { return nil }
