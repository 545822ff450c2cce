package main

import (
	"strings"
	"testing"
)

func TestTableTakesMedians(t *testing.T) {
	in := `goos: linux
pkg: github.com/depeche-news/depeche/cmd/enrich
BenchmarkReplay/stages=all/workers=1-2   2  900 ns/op  3.00 MB/s  1000 docs/s  10 allocs/op
BenchmarkReplay/stages=all/workers=1-2   2  100 ns/op  1.00 MB/s  3000 docs/s  10 allocs/op
BenchmarkReplay/stages=all/workers=1-2   2  500 ns/op  2.00 MB/s  2000 docs/s  10 allocs/op
pkg: github.com/depeche-news/depeche/stages/dates
BenchmarkNormalize-2  100  42.5 ns/op  90000 exprs/s
PASS
`
	var out strings.Builder
	if err := table(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{
		"| package | benchmark | runs | docs/s | exprs/s | MB/s | ns/op | allocs/op |",
		"| cmd/enrich | Replay/stages=all/workers=1 | 3 | 2000 |  | 2.00 | 500 | 10.00 |",
		"| stages/dates | Normalize | 1 |  | 90000 |  | 42.50 |  |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks\n%s\ngot:\n%s", want, got)
		}
	}
	if err := table(strings.NewReader("PASS\n"), &out); err == nil {
		t.Error("no benchmark lines must be an error")
	}
}
