// Command benchtable reads `go test -bench` output (with -count N) on stdin and prints one markdown
// table: the median of every metric of every benchmark. Medians, because the machines this runs on
// are shared and noisy; compare rows of one run, not runs of different days.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func main() {
	if err := table(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

type bench struct {
	pkg, name string
	metrics   map[string][]float64
}

func table(r io.Reader, w io.Writer) error {
	var order []string
	benches := map[string]*bench{}
	var units []string
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(p, "github.com/depeche-news/depeche/")
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "Benchmark")
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		key := pkg + " " + name
		b, ok := benches[key]
		if !ok {
			b = &bench{pkg: pkg, name: name, metrics: map[string][]float64{}}
			benches[key] = b
			order = append(order, key)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			u := f[i+1]
			b.metrics[u] = append(b.metrics[u], v)
			if !slices.Contains(units, u) {
				units = append(units, u)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return fmt.Errorf("no benchmark lines on input")
	}
	// Throughput first, then cost.
	rank := map[string]int{"docs/s": 0, "exprs/s": 1, "tokens/s": 2, "texts/s": 3, "pages/s": 4, "MB/s": 5, "ns/op": 6, "B/op": 7, "allocs/op": 8}
	sort.SliceStable(units, func(i, j int) bool {
		ri, oki := rank[units[i]]
		rj, okj := rank[units[j]]
		switch {
		case oki && okj:
			return ri < rj
		case oki != okj:
			return oki
		}
		return units[i] < units[j]
	})
	fmt.Fprintf(w, "| package | benchmark | runs | %s |\n|---|---|---|%s\n", strings.Join(units, " | "), strings.Repeat("---|", len(units)))
	for _, k := range order {
		b := benches[k]
		cells := make([]string, len(units))
		runs := 0
		for i, u := range units {
			vs := b.metrics[u]
			runs = max(runs, len(vs))
			if len(vs) == 0 {
				cells[i] = ""
				continue
			}
			cells[i] = format(median(vs))
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s |\n", b.pkg, b.name, runs, strings.Join(cells, " | "))
	}
	return nil
}

func median(vs []float64) float64 {
	s := slices.Clone(vs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

func format(v float64) string {
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
