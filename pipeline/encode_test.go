package pipeline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"testing"
)

// viaEncodingJSON is the definition appendDoc must match.
func viaEncodingJSON(t testing.TB, d *Doc) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})
}

func checkDoc(t testing.TB, name string, d *Doc) {
	t.Helper()
	want := viaEncodingJSON(t, d)
	got, ok := appendDoc(nil, d)
	if !ok || !bytes.Equal(got, want) {
		t.Fatalf("%s:\nappendDoc     %s\nencoding/json %s", name, got, want)
	}
}

// fill sets every field reachable from v to a non-zero value (k picks which), so that a field
// added to the record types and forgotten by appendDoc makes TestAppendDoc fail.
func fill(v reflect.Value, k int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{"x", "é \"q\" \\ <a&b> \u2028 \x01\t\n", "2024-05-03"}[k%3])
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(k*37 + 1))
	case reflect.Float64:
		v.SetFloat([]float64{0.5, 1e-7, 3, 1e21, 0.123456789}[k%5])
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct && v.Type().Elem().Name() == "Raw" {
			return // not serialised
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), k)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), k+i)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), k)
		fill(v.Index(1), k+1)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for _, key := range []string{"zeta", "alpha", "mid"} {
			val := reflect.New(v.Type().Elem()).Elem()
			fill(val, k+len(key))
			m.SetMapIndex(reflect.ValueOf(key), val)
		}
		v.Set(m)
	}
}

// TestAppendDoc holds appendDoc to encoding/json: every field set, every optional field absent,
// nil and empty slices, and the records of the seed pages.
func TestAppendDoc(t *testing.T) {
	for k := range 6 {
		d := &Doc{}
		fill(reflect.ValueOf(d).Elem(), k)
		checkDoc(t, "every field", d)
	}
	checkDoc(t, "zero", &Doc{})
	d := NewDoc(&Raw{Text: "x"}, "id", "v", []string{"langid"})
	checkDoc(t, "new", d)
	d.Anchor = &Anchor{Source: "published"}
	d.LangShares = []LangShare{}
	d.Dates = []Date{{Text: "mai", Grain: "month"}}
	checkDoc(t, "partial", d)
	for _, f := range []float64{0, math.Copysign(0, -1), 1, 0.9999999999999999, 1e-6, 9.99e-7, 1e20, 1e21, 1.5e-300, 123456.789} {
		d.LangConfidence = f
		checkDoc(t, "float", d)
	}
	d.LangConfidence = math.NaN()
	if _, ok := appendDoc(nil, d); ok {
		t.Error("NaN encoded")
	}
	if _, err := MarshalRecord(d); err == nil {
		t.Error("MarshalRecord accepted a NaN")
	}

	f, err := os.Open("../cmd/enrich/testdata/seeds.golden.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var d Doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		checkDoc(t, d.ID, &d)
		if got, _ := MarshalRecord(&d); !bytes.Equal(got, sc.Bytes()) {
			t.Errorf("%s: the golden record does not round-trip", d.ID)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no golden records")
	}
}

func FuzzAppendDoc(f *testing.F) {
	f.Add("L'État «x»", "\u2028\x00\xff\"\\", 0.5, 3, "grain")
	f.Fuzz(func(t *testing.T, a, b string, x float64, n int, c string) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		d := &Doc{ID: a, Text: b, Title: c, LangConfidence: x, Published: &a,
			LangShares: []LangShare{{Lang: c, Share: x / 3}},
			Dates:      []Date{{Text: b, Start: n, End: -n, Value: a, Grain: c, Flags: []string{b}}},
			Entities:   []Entity{{Text: a, Type: b, Start: n, Canonical: c, Code: b}},
			Pipeline:   Info{Version: a, Stages: []string{b, c}, Timings: map[string]int64{a: int64(n), b: 2}}}
		checkDoc(t, "fuzz", d)
	})
}

// BenchmarkMarshalRecord encodes the seed pages' golden records: appendDoc (what MarshalRecord
// does for a clean record) against encoding/json.
func BenchmarkMarshalRecord(b *testing.B) {
	data, err := os.ReadFile("../cmd/enrich/testdata/seeds.golden.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var docs []*Doc
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte{'\n'}) {
		var d Doc
		if err := json.Unmarshal(line, &d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, &d)
	}
	b.Run("appendDoc", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, err := MarshalRecord(d); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				viaEncodingJSON(b, d)
			}
		}
		b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
}
