package langid

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// testsetPath is lingua's accuracy test set as shipped in the team's shared data; the evaluation
// below runs only where it exists (the repository's own tests use testdata/sample.tsv).
const testsetPath = "../../../shared/data/langid/testset.tsv"

type cell struct{ right, total int }

// evalRows scores rows and returns accuracy cells keyed "fr/sentence", "oth/single-word", … and the
// calibration table (per confidence bucket).
func evalRows(id *Identifier, rows []tsvRow) (map[string]*cell, map[string]*cell) {
	acc := map[string]*cell{}
	cal := map[string]*cell{}
	for _, r := range rows {
		v := id.Identify("", r.text, -1)
		g := r.lang
		if g != "fr" && g != "en" {
			g = "oth"
		}
		ok := v.Lang == r.lang || (g == "oth" && v.Lang != "fr" && v.Lang != "en")
		keys := []string{g + "/" + r.class}
		if g != r.lang {
			keys = append(keys, r.lang+"/"+r.class)
		}
		for _, k := range keys {
			if acc[k] == nil {
				acc[k] = &cell{}
			}
			acc[k].total++
			if ok {
				acc[k].right++
			}
		}
		for _, th := range []float64{0.5, 0.8, 0.9, 0.95, 0.99} {
			if v.Confidence >= th {
				k := fmt.Sprintf(">=%.2f", th)
				if cal[k] == nil {
					cal[k] = &cell{}
				}
				cal[k].total++
				if ok {
					cal[k].right++
				}
			}
		}
	}
	return acc, cal
}

func formatAcc(acc map[string]*cell) string {
	var b strings.Builder
	for _, g := range []string{"fr", "en", "oth"} {
		for _, c := range []string{"sentence", "word-pair", "single-word"} {
			x := acc[g+"/"+c]
			if x == nil {
				b.WriteString("    - ")
				continue
			}
			fmt.Fprintf(&b, " %5.1f", 100*float64(x.right)/float64(x.total))
		}
		b.WriteString(" |")
	}
	return b.String()
}

func formatCal(cal map[string]*cell) string {
	var b strings.Builder
	for _, k := range []string{">=0.50", ">=0.80", ">=0.90", ">=0.95", ">=0.99"} {
		if x := cal[k]; x != nil {
			fmt.Fprintf(&b, " %s: %.2f%% of %d;", k, 100*float64(x.right)/float64(x.total), x.total)
		}
	}
	return b.String()
}

// TestTestset reports accuracy and calibration on lingua's full test set when it is present.
func TestTestset(t *testing.T) {
	rows := readTestset(t, testsetPath)
	id, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc, cal := evalRows(id, rows)
	t.Logf("fr sent/pair/word | en | oth:%s", formatAcc(acc))
	t.Logf("calibration:%s", formatCal(cal))
	// targetBias and temperature were chosen on the odd-numbered items; the even ones are held out.
	var odd, even []tsvRow
	for _, r := range rows {
		if r.id[len(r.id)-1]%2 == 1 {
			odd = append(odd, r)
		} else {
			even = append(even, r)
		}
	}
	acc, cal = evalRows(id, even)
	t.Logf("even half: fr | en | oth:%s", formatAcc(acc))
	t.Logf("even half: calibration:%s", formatCal(cal))
	if os.Getenv("LANGID_SWEEP") != "" {
		for _, b := range []float64{-0.3, -0.2, -0.1, 0, 0.1, 0.2} {
			id.w.bias = b
			acc, _ := evalRows(id, odd)
			full, _ := evalRows(id, rows)
			t.Logf("full set, bias %.2f:%s", b, formatAcc(full))
			t.Logf("odd half, bias %.2f:%s", b, formatAcc(acc))
		}
		id.w = defaultWeights
		for _, tp := range []float64{1, 1.5, 2, 3, 4} {
			id.w.temp = tp
			_, cal := evalRows(id, odd)
			t.Logf("odd half, temperature %.1f:%s", tp, formatCal(cal))
		}
		id.w = defaultWeights
	}
}

func TestTestsetErrors(t *testing.T) {
	cls := os.Getenv("LANGID_ERRORS")
	if cls == "" {
		t.Skip("set LANGID_ERRORS=class")
	}
	path := testsetPath
	if p := os.Getenv("LANGID_DEV"); p != "" {
		path = p
	}
	rows := readTestset(t, path)
	id, _ := New(Options{})
	var b strings.Builder
	for _, r := range rows {
		if r.class != cls {
			continue
		}
		v := id.Identify("", r.text, -1)
		g := r.lang
		if g != "fr" && g != "en" {
			g = "oth"
		}
		ok := v.Lang == r.lang || (g == "oth" && v.Lang != "fr" && v.Lang != "en")
		if !ok {
			fmt.Fprintf(&b, "%s>%s:%s(%.2f) ", r.lang, strings.TrimPrefix(v.Lang+v.Reason, "und"+ReasonOther), r.text, v.Confidence)
		}
	}
	t.Log(b.String())
}

type tsvRow struct{ id, lang, class, text string }

func readTestset(t testing.TB, path string) []tsvRow {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("test set not available: %v", err)
	}
	defer f.Close()
	var rows []tsvRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan()
	for sc.Scan() {
		p := strings.SplitN(sc.Text(), "\t", 4)
		if len(p) == 4 {
			rows = append(rows, tsvRow{p[0], p[1], p[2], p[3]})
		}
	}
	return rows
}
