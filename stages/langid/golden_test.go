package langid

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/seeds.golden.json")

// TestSeedsGolden runs the stage over the repository's seed pages and compares the verdicts with
// testdata/seeds.golden.json (go test -run TestSeedsGolden -update rewrites it), so that any
// change of the model or the scoring shows up as a reviewable diff.
func TestSeedsGolden(t *testing.T) {
	paths, err := filepath.Glob("../../seeds/*.txt")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seed pages found: %v", err)
	}
	id := newTestIdentifier(t)
	got := map[string]Verdict{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.Base(p)] = id.Identify("", string(b), -1)
	}
	out, _ := json.MarshalIndent(got, "", "  ")
	out = append(out, '\n')
	const golden = "testdata/seeds.golden.json"
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(out) {
		t.Errorf("verdicts differ from %s (rerun with -update if intended):\n%s", golden, out)
	}
}
