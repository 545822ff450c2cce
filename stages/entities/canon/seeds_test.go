package canon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/depeche-news/depeche/pipeline"
	"golang.org/x/text/unicode/norm"
)

// seedGold is the part of a seeds-gold file (shared/data/seeds-gold) these tests use.
type seedGold struct {
	Doc          string `json:"doc"`
	Lang         string `json:"lang"`
	ContentLines []int  `json:"content_lines"`
	ContentText  string `json:"content_text"`
	Entities     []struct {
		Text      string `json:"text"`
		Line      int    `json:"line"`
		Span      [2]int `json:"span"`
		Type      string `json:"type"`
		Canonical string `json:"canonical"`
	} `json:"entities"`
}

// seedDoc is a seed's content text with its gold entities at code-point offsets into that text.
type seedDoc struct {
	name, lang, text string
	gold             []pipeline.Entity
}

func loadSeeds(t testing.TB) []seedDoc {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seeds gold in testdata/seeds: %v", err)
	}
	var docs []seedDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var g seedGold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		lines := strings.Split(g.ContentText, "\n")
		if len(lines) != len(g.ContentLines) {
			t.Fatalf("%s: %d content lines, %d in content_text", f, len(g.ContentLines), len(lines))
		}
		lineStart := map[int]int{}
		off := 0
		for i, n := range g.ContentLines {
			lineStart[n] = off
			off += len([]rune(lines[i])) + 1
		}
		rs := []rune(g.ContentText)
		d := seedDoc{name: filepath.Base(f), lang: g.Lang, text: g.ContentText}
		for _, e := range g.Entities {
			s, ok := lineStart[e.Line]
			if !ok {
				t.Fatalf("%s: entity %q on line %d, not a content line", f, e.Text, e.Line)
			}
			start, end := s+e.Span[0], s+e.Span[1]
			if got := string(rs[start:end]); got != e.Text {
				t.Fatalf("%s: span of %q reads %q", f, e.Text, got)
			}
			d.gold = append(d.gold, pipeline.Entity{Text: e.Text, Type: e.Type, Start: start, End: end, Canonical: e.Canonical})
		}
		docs = append(docs, d)
	}
	return docs
}

// ckey is the scorer's comparison key (tools/score_records.py): accents stripped, case folded,
// letters and digits only.
func ckey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// scorerEquivalents is the scorer's leniency: a demonym or capital may be answered with its
// country's common or official name or code.
func scorerEquivalents(t testing.TB) map[string]map[string]bool {
	rows, err := readCountries()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, r := range rows {
		names := []string{ckey(r.enCommon), ckey(r.enOfficial), ckey(r.code)}
		for _, k := range []string{r.enDemonym, r.capital} {
			if k == "" {
				continue
			}
			if out[ckey(k)] == nil {
				out[ckey(k)] = map[string]bool{}
			}
			for _, n := range names {
				out[ckey(k)][n] = true
			}
		}
	}
	return out
}

func canonicalOK(eq map[string]map[string]bool, gold, got string) bool {
	g, p := ckey(gold), ckey(got)
	return g == p || eq[g][p]
}

// TestSeedsLink links every gold entity of the five seeds (types and spans from the gold, canonical
// cleared) and checks its canonical as the records scorer does.
func TestSeedsLink(t *testing.T) {
	l := newLinker(t)
	eq := scorerEquivalents(t)
	ok, n := 0, 0
	for _, d := range loadSeeds(t) {
		ents := make([]pipeline.Entity, len(d.gold))
		copy(ents, d.gold)
		for i := range ents {
			ents[i].Canonical = ""
		}
		l.Link(d.lang, d.text, ents)
		for i, e := range ents {
			n++
			if canonicalOK(eq, d.gold[i].Canonical, e.Canonical) {
				ok++
			} else {
				t.Logf("%s: %q (%s) → %q, gold %q", d.name, e.Text, e.Type, e.Canonical, d.gold[i].Canonical)
			}
		}
	}
	acc := float64(ok) / float64(n)
	t.Logf("canonical accuracy over %d gold entities: %.3f", n, acc)
	if acc < 0.99 {
		t.Errorf("canonical accuracy %.3f (%d/%d), want ≥ 0.99", acc, ok, n)
	}
}

// TestSeedsDemonyms compares Demonyms with the gold MISC entities of the seeds' content lines:
// exact span matches for precision and recall, and the canonical of each match.
func TestSeedsDemonyms(t *testing.T) {
	l := newLinker(t)
	eq := scorerEquivalents(t)
	tp, np, ng, canOK := 0, 0, 0, 0
	for _, d := range loadSeeds(t) {
		gold := map[[2]int]pipeline.Entity{}
		for _, e := range d.gold {
			if e.Type == "MISC" {
				gold[[2]int{e.Start, e.End}] = e
			}
		}
		ng += len(gold)
		got := l.Demonyms(d.lang, d.text)
		np += len(got)
		seen := map[[2]int]bool{}
		for _, e := range got {
			k := [2]int{e.Start, e.End}
			g, ok := gold[k]
			if !ok {
				t.Logf("%s: spurious %q at %d", d.name, e.Text, e.Start)
				continue
			}
			seen[k] = true
			tp++
			if canonicalOK(eq, g.Canonical, e.Canonical) {
				canOK++
			} else {
				t.Logf("%s: %q → %q, gold %q", d.name, e.Text, e.Canonical, g.Canonical)
			}
		}
		var missed []string
		for k, g := range gold {
			if !seen[k] {
				missed = append(missed, g.Text)
			}
		}
		sort.Strings(missed)
		if len(missed) > 0 {
			t.Logf("%s: missed %q", d.name, missed)
		}
	}
	p, r := float64(tp)/float64(np), float64(tp)/float64(ng)
	t.Logf("demonyms vs gold MISC: P %.3f (%d/%d) R %.3f (%d/%d), canonical %d/%d", p, tp, np, r, tp, ng, canOK, tp)
	// The gold's only non-demonym MISC is an aircraft type ("Iliouchine-76"), which is the tagger's.
	if p < 1 || r < 0.98 || canOK != tp {
		t.Errorf("P %.3f R %.3f canonical %d/%d: want P 1, R ≥ 0.98, every canonical right", p, r, canOK, tp)
	}
}

func newLinker(t testing.TB) *Linker {
	t.Helper()
	l, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return l
}
