package dates

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden writes every date and the anchor the stage finds on the seed pages and the news
// cases, so that any change in output shows up as a reviewable diff (go test -update to accept).
func TestGolden(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	type docOut struct {
		Doc       string           `json:"doc"`
		Anchor    *pipeline.Anchor `json:"anchor"`
		Published *string          `json:"published"`
		Dates     []pipeline.Date  `json:"dates"`
	}
	var out []docOut
	for _, g := range loadSeedGold(t) {
		d := seedDoc(t, g)
		if err := n.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		out = append(out, docOut{g.Doc, d.Anchor, d.Published, d.Dates})
	}
	for _, row := range loadRows(t, "news-cases.jsonl") {
		d := rowDoc(row)
		if err := n.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		out = append(out, docOut{row.ID, d.Anchor, nil, d.Dates})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, o := range out {
		if err := enc.Encode(o); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join("testdata", "dates.golden.jsonl")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./stages/dates -run TestGolden -update)", err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		gotLines, wantLines := bytes.Split(buf.Bytes(), []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range max(len(gotLines), len(wantLines)) {
			var g, w []byte
			if i < len(gotLines) {
				g = gotLines[i]
			}
			if i < len(wantLines) {
				w = wantLines[i]
			}
			if !bytes.Equal(g, w) {
				t.Errorf("line %d differs from %s (go test -update to accept):\n got: %s\nwant: %s", i+1, path, g, w)
				break
			}
		}
	}
}
