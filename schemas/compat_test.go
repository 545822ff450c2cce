package schemas_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/depeche-news/depeche/schemas"
)

// TestSchemasStayCompatible compares each schema with the copy frozen at its first release. Within a
// major version a schema may add optional fields and widen what it accepts, never remove a field,
// add a required one or narrow an enum: consumers written against 1.0.0 must keep working. A breaking
// change needs a new file (clean.v2.json), with its own frozen copy.
func TestSchemasStayCompatible(t *testing.T) {
	for _, tc := range []struct{ current, frozen string }{
		{schemas.Clean, "testdata/clean.v1.0.0.frozen.json"},
		{schemas.Raw, "testdata/raw.v1.0.0.frozen.json"},
	} {
		t.Run(tc.current, func(t *testing.T) {
			cur, err := schemas.File(tc.current)
			if err != nil {
				t.Fatal(err)
			}
			old, err := os.ReadFile(tc.frozen)
			if err != nil {
				t.Fatal(err)
			}
			for _, problem := range breakingChanges(t, old, cur) {
				t.Error(problem)
			}
		})
	}
}

// breakingChanges lists what a schema change takes away from consumers, recursively over
// properties and $defs.
func breakingChanges(t *testing.T, oldB, newB []byte) []string {
	var o, n map[string]any
	if err := json.Unmarshal(oldB, &o); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(newB, &n); err != nil {
		t.Fatal(err)
	}
	var out []string
	compare("", o, n, &out)
	return out
}

func compare(path string, o, n map[string]any, out *[]string) {
	if n == nil {
		*out = append(*out, fmt.Sprintf("%s: removed", path))
		return
	}
	for _, r := range stringList(n["required"]) {
		if !slices.Contains(stringList(o["required"]), r) {
			*out = append(*out, fmt.Sprintf("%s: %q became required", path, r))
		}
	}
	if oe := o["enum"]; oe != nil {
		for _, v := range oe.([]any) {
			if !slices.Contains(n["enum"].([]any), v) {
				*out = append(*out, fmt.Sprintf("%s: enum lost %v", path, v))
			}
		}
	}
	if o["const"] != nil && n["const"] != o["const"] {
		*out = append(*out, fmt.Sprintf("%s: const changed from %v to %v", path, o["const"], n["const"]))
	}
	if o["type"] != nil && fmt.Sprint(o["type"]) != fmt.Sprint(n["type"]) {
		*out = append(*out, fmt.Sprintf("%s: type changed from %v to %v", path, o["type"], n["type"]))
	}
	for _, key := range []string{"properties", "$defs"} {
		op, _ := o[key].(map[string]any)
		np, _ := n[key].(map[string]any)
		for name, ov := range op {
			nv, _ := np[name].(map[string]any)
			compare(path+"/"+key+"/"+name, ov.(map[string]any), nv, out)
		}
	}
}

func stringList(v any) []string {
	var s []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			s = append(s, fmt.Sprint(x))
		}
	}
	return s
}

// The comparison itself must catch what it claims to: a removed field, a new required field and a
// narrowed enum are each reported.
func TestBreakingChangesAreDetected(t *testing.T) {
	old := `{"required":["id"],"properties":{"id":{"type":"string"},"lang":{"enum":["fr","en","und"]},"title":{"type":"string"}}}`
	for name, changed := range map[string]string{
		"removed field": `{"required":["id"],"properties":{"id":{"type":"string"},"lang":{"enum":["fr","en","und"]}}}`,
		"new required":  `{"required":["id","title"],"properties":{"id":{"type":"string"},"lang":{"enum":["fr","en","und"]},"title":{"type":"string"}}}`,
		"narrowed enum": `{"required":["id"],"properties":{"id":{"type":"string"},"lang":{"enum":["fr","en"]},"title":{"type":"string"}}}`,
		"type changed":  `{"required":["id"],"properties":{"id":{"type":"integer"},"lang":{"enum":["fr","en","und"]},"title":{"type":"string"}}}`,
	} {
		if got := breakingChanges(t, []byte(old), []byte(changed)); len(got) == 0 {
			t.Errorf("%s: not detected", name)
		}
	}
	widened := `{"required":["id"],"properties":{"id":{"type":"string"},"lang":{"enum":["fr","en","und","de"]},"title":{"type":"string"},"author":{"type":"string"}}}`
	if got := breakingChanges(t, []byte(old), []byte(widened)); len(got) != 0 {
		t.Errorf("a compatible change was reported: %v", got)
	}
}
