package langid

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

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

func TestExperiment(t *testing.T) {
	if os.Getenv("LANGID_EXPERIMENT") == "" {
		t.Skip("set LANGID_EXPERIMENT=1")
	}
	rows := readTestset(t, "/work/shared/data/langid/testset.tsv")
	tb, err := loadTable(modelData)
	if err != nil {
		t.Fatal(err)
	}
	var s scratch
	as := make([]analysis, len(rows))
	for i, r := range rows {
		as[i] = tb.analyse("", r.text, &s, 1<<20)
	}
	classes := []string{"sentence", "word-pair", "single-word"}
	for _, b := range []float64{-1, 0, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5} {
		ok := map[string][2]int{}
		for i, r := range rows {
			a := as[i]
			m := a.allowed & a.scored
			c, oth := -1, -1
			for _, l := range []int{langFR, langEN} {
				if m.has(l) && (c < 0 || a.score[l] > a.score[c]) {
					c = l
				}
			}
			for l := langDE; l < numLangs; l++ {
				if m.has(l) && (oth < 0 || a.score[l] > a.score[oth]) {
					oth = l
				}
			}
			pred := "und"
			if c >= 0 && (oth < 0 || a.score[c]+b >= a.score[oth]) {
				pred = langCodes[c]
			}
			g := r.lang
			if g != "fr" && g != "en" {
				g = "oth"
			}
			right := pred == r.lang || (g == "oth" && pred == "und")
			k := g + "/" + r.class
			v := ok[k]
			v[1]++
			if right {
				v[0]++
			}
			ok[k] = v
		}
		line := fmt.Sprintf("b=%5.2f", b)
		for _, g := range []string{"fr", "en", "oth"} {
			for _, c := range classes {
				v := ok[g+"/"+c]
				line += fmt.Sprintf(" %5.1f", 100*float64(v[0])/float64(v[1]))
			}
			line += " |"
		}
		t.Log(line)
	}
}

func TestExperimentErrors(t *testing.T) {
	if os.Getenv("LANGID_EXPERIMENT") == "" {
		t.Skip("set LANGID_EXPERIMENT=1")
	}
	rows := readTestset(t, "/work/shared/data/langid/testset.tsv")
	tb, _ := loadTable(modelData)
	var s scratch
	n := 0
	for _, r := range rows {
		if r.class != os.Getenv("CLS") {
			continue
		}
		a := tb.analyse("", r.text, &s, 1<<20)
		m := a.allowed & a.scored
		best := -1
		for l := range numLangs {
			if m.has(l) && (best < 0 || a.score[l] > a.score[best]) {
				best = l
			}
		}
		pred := "und"
		if best >= 0 {
			pred = langCodes[best]
		}
		tgt := r.lang == "fr" || r.lang == "en"
		ptgt := pred == "fr" || pred == "en"
		if tgt != ptgt || (tgt && pred != r.lang) {
			n++
			if n < 80 {
				t.Logf("%s %s -> %s  %q", r.id, r.lang, pred, r.text)
			}
		}
	}
}

func TestExperimentDump(t *testing.T) {
	out := os.Getenv("LANGID_DUMP")
	if out == "" {
		t.Skip("set LANGID_DUMP=file")
	}
	rows := readTestset(t, "/work/shared/data/langid/testset.tsv")
	tb, _ := loadTable(modelData)
	var s scratch
	f, _ := os.Create(out)
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	for _, r := range rows {
		a := tb.analyse("", r.text, &s, 1<<20)
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%d", r.id, r.lang, r.class, a.letters, a.allowed, a.scored)
		for l := range numLangs {
			fmt.Fprintf(w, "\t%.4f", a.score[l])
		}
		ll := tb.chainScore(&s, -1, -14)
		for l := range numLangs {
			fmt.Fprintf(w, "\t%.4f", ll[l])
		}
		fmt.Fprintf(w, "\t%s\n", r.text)
	}
}
