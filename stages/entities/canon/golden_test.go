package canon

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// TestGolden writes, for each seed, the demonyms found and the canonical of every gold entity, one
// line each, and compares with testdata/golden; a change shows up as a reviewable diff. Regenerate
// with: go test ./stages/entities/canon -run Golden -update
func TestGolden(t *testing.T) {
	l := newLinker(t)
	for _, d := range loadSeeds(t) {
		var b strings.Builder
		for _, e := range l.Demonyms(d.lang, d.text) {
			fmt.Fprintf(&b, "demonym %d-%d %q → %s %s\n", e.Start, e.End, e.Text, e.Canonical, e.Code)
		}
		ents := append([]pipeline.Entity(nil), d.gold...)
		l.Link(d.lang, d.text, ents)
		for _, e := range ents {
			fmt.Fprintf(&b, "link %s %d-%d %q → %s %s\n", e.Type, e.Start, e.End, e.Text, e.Canonical, e.Code)
		}
		path := filepath.Join("testdata", "golden", strings.TrimSuffix(d.name, ".json")+".txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got := b.String(); got != string(want) {
			t.Errorf("%s differs from %s; run with -update and review the diff", d.name, path)
		}
	}
}
