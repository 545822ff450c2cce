package langid

import (
	"os"
	"sort"
	"testing"
)

// TestDevSet scores the development set built by internal/devset (LANGID_DEV=path), on which
// the weights are chosen, and with LANGID_SWEEP=1 sweeps them.
func TestDevSet(t *testing.T) {
	path := os.Getenv("LANGID_DEV")
	if path == "" {
		t.Skip("set LANGID_DEV to the development set (internal/devset)")
	}
	rows := readTestset(t, path)
	id := newTestIdentifier(t)
	acc, cal := evalRows(id, rows)
	t.Logf("dev, default weights:%s", formatAcc(acc))
	t.Logf("dev calibration:%s", formatCal(cal))
}

func TestDevSweep(t *testing.T) {
	path := os.Getenv("LANGID_DEV")
	if path == "" || os.Getenv("LANGID_SWEEP") == "" {
		t.Skip("set LANGID_DEV and LANGID_SWEEP")
	}
	rows := readTestset(t, path)
	id := newTestIdentifier(t)
	defer func() { id.w = defaultWeights }()
	type res struct {
		w    weights
		mean float64
		line string
	}
	var all []res
	for _, c := range []float64{0, 0.25, 0.5, 1} {
		for _, f := range []float64{1, 2, 3} {
			for _, l := range []float64{1, 2, 3} {
				for _, b := range []float64{-0.4, -0.2, 0, 0.2} {
					id.w = weights{chain: c, freq: f, lex: l, bias: b, temp: 2}
					acc, _ := evalRows(id, rows)
					m := meanAcc(acc)
					all = append(all, res{id.w, m, formatAcc(acc)})
				}
			}
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mean > all[j].mean })
	for _, r := range all[:15] {
		t.Logf("%+v mean %.2f:%s", r.w, 100*r.mean, r.line)
	}
}

func meanAcc(acc map[string]*cell) float64 {
	s := 0.0
	for _, g := range []string{"fr", "en", "oth"} {
		for _, c := range []string{"sentence", "word-pair", "single-word"} {
			x := acc[g+"/"+c]
			s += float64(x.right) / float64(x.total)
		}
	}
	return s / 9
}
