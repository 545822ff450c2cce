package stages_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages"
)

// The conformance suite every stage passes (in the spirit of testing/slogtest): deterministic,
// leaves the raw input alone, survives hostile input, honours cancellation, and keeps every span's
// offsets pointing at its own text. A new stage is covered as soon as it is wired in stages.go.

func inputs(t *testing.T) map[string]*pipeline.Raw {
	t.Helper()
	in := map[string]*pipeline.Raw{
		"empty":        {Text: ""},
		"blank lines":  {Text: "\n\n \n\t\n"},
		"one word":     {Text: "Niger"},
		"invalid utf8": {Text: "caf\xe9 \xff\xfe le 3 mai 2024 à Niamey"},
		"control":      {Text: "a\x00b\x01c\x1b[31m le 3 mai"},
		"mixed fr en": {Text: "Le président Emmanuel Macron s'est rendu à Berlin le 3 mai 2024.\n" +
			"\"We will not back down,\" said Joe Biden on Friday (May 3) in Washington.\n" +
			"Les États-Unis et la Russie ont discuté fin mars à Genève."},
		"huge paragraph":  {Text: strings.Repeat("Le 3 mai 2024, les soldats russes sont arrivés à Niamey selon Reuters. ", 12000)},
		"many lines":      {Text: strings.Repeat("Recent Posts\nLe Niger et la Russie\n\n", 5000)},
		"html":            {HTML: "<html><head><title>Titre</title></head><body><nav>Accueil</nav><article><h1>Le Niger</h1><p>Le 3 mai 2024, à Niamey.</p></article></body></html>"},
		"emoji and marks": {Text: "🇳🇪 Niger 🔥 e\u0301te\u0301 le 3 mai 2024 — « Poutine » ’ l’ONU d’Agadez"},
		"numbers":         {Text: "49.3 3-1 7-2 sept personnes 1000 soldats 100 millions de dollars car et"},
	}
	seeds, _ := filepath.Glob("../seeds/*.txt")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		in["seed "+filepath.Base(p)] = &pipeline.Raw{Text: string(b), Source: pipeline.SourceRef{URI: p}}
	}
	return in
}

func chains(t *testing.T) map[string][]pipeline.Stage {
	t.Helper()
	out := map[string][]pipeline.Stage{}
	all, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		t.Fatal(err)
	}
	out["all"] = all
	for _, n := range stages.Names() {
		st, err := stages.Build([]string{n}, stages.Options{DateBias: "past"})
		if err != nil {
			t.Fatal(err)
		}
		out[n] = st
	}
	return out
}

func runChain(ctx context.Context, st []pipeline.Stage, raw *pipeline.Raw) (*pipeline.Doc, error) {
	d := pipeline.NewDoc(raw, "x", pipeline.Version, nil)
	for _, s := range st {
		if err := s.Process(ctx, d); err != nil {
			return d, err
		}
	}
	return d, nil
}

func TestStageConformance(t *testing.T) {
	ins := inputs(t)
	for chainName, st := range chains(t) {
		for name, raw := range ins {
			t.Run(chainName+"/"+name, func(t *testing.T) {
				if testing.Short() && strings.HasPrefix(name, "huge") {
					t.Skip("huge input in -short mode")
				}
				before := *raw
				d1, err1 := runChain(context.Background(), st, raw)
				if !reflect.DeepEqual(before, *raw) {
					t.Fatal("a stage modified the raw input")
				}
				d2, err2 := runChain(context.Background(), st, raw)
				if (err1 == nil) != (err2 == nil) {
					t.Fatalf("errors differ between runs: %v / %v", err1, err2)
				}
				if err1 != nil {
					return // a clear error is an acceptable answer to hostile input
				}
				j1, _ := json.Marshal(d1)
				j2, _ := json.Marshal(d2)
				if string(j1) != string(j2) {
					t.Fatal("two runs over the same input differ")
				}
				checkSpans(t, d1)
			})
		}
	}
}

func checkSpans(t *testing.T, d *pipeline.Doc) {
	t.Helper()
	text := []rune(d.Text)
	check := func(kind, s string, start, end int) {
		if start < 0 || end <= start || end > len(text) {
			t.Errorf("%s %q: offsets [%d,%d) outside text of %d code points", kind, s, start, end, len(text))
			return
		}
		if got := string(text[start:end]); got != s {
			t.Errorf("%s: text[%d:%d] = %q, record says %q", kind, start, end, got, s)
		}
	}
	for _, x := range d.Dates {
		check("date", x.Text, x.Start, x.End)
		if x.Value == "" && x.From == "" && x.To == "" {
			t.Errorf("date %q has no value", x.Text)
		}
	}
	for _, e := range d.Entities {
		check("entity", e.Text, e.Start, e.End)
		if e.Canonical == "" {
			t.Errorf("entity %q has no canonical name", e.Text)
		}
		switch e.Type {
		case "PER", "ORG", "LOC", "MISC":
		default:
			t.Errorf("entity %q has type %q", e.Text, e.Type)
		}
	}
	if d.LangConfidence < 0 || d.LangConfidence > 1 {
		t.Errorf("lang_confidence %v", d.LangConfidence)
	}
}

// A cancelled context must not make a stage panic or fail for another reason: it either finishes
// (short work need not look at the context) or returns an error that says it was cancelled.
func TestStagesHonourCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	raw := &pipeline.Raw{Text: strings.Repeat("Le 3 mai 2024, les soldats russes sont arrivés à Niamey. ", 2000)}
	for name, st := range chains(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := runChain(ctx, st, raw); err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled run failed with %v, want nil or context.Canceled", err)
			}
		})
	}
}

// TestOtherLanguageLeftAlone: a page in a language or script the pipeline does not serve keeps its
// text and language verdict but gets no dates or entities, and says why; French and English pages
// with the same kind of content get both.
func TestOtherLanguageLeftAlone(t *testing.T) {
	all, err := stages.Build(stages.Names(), stages.Options{DateBias: "past"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		other      bool
	}{
		{"german", "Die Bundesregierung hat am Mittwoch in Berlin einen Gesetzentwurf vorgelegt. Hier sollen die Patienten " +
			"ihre Daten einsehen können, sagte Gesundheitsminister Karl Lauterbach am 3. Mai 2024.", true},
		{"russian", "Правительство представило в среду в Москве законопроект о реформе страхования по безработице.", true},
		{"french", "Le gouvernement a présenté mercredi à Paris un projet de loi. Hier, le ministre Gabriel Attal l'a défendu le 3 mai 2024.", false},
		{"english", "The government presented a bill in London on Wednesday. Yesterday, Prime Minister Rishi Sunak defended it on May 3, 2024.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := runChain(context.Background(), all, &pipeline.Raw{Text: tc.text, Published: "2024-05-04"})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.HasFlag(pipeline.FlagOtherLanguage); got != tc.other {
				t.Fatalf("flag %s = %v, want %v (lang %s, reason %q)", pipeline.FlagOtherLanguage, got, tc.other, d.Lang, d.LangReason)
			}
			if d.Entities == nil || d.Dates == nil {
				t.Errorf("entities %v and dates %v must be lists, not null", d.Entities, d.Dates)
			}
			if tc.other && (len(d.Entities) > 0 || len(d.Dates) > 0) {
				t.Errorf("lang %s (%s): %d entities and %d dates, want none", d.Lang, d.LangReason, len(d.Entities), len(d.Dates))
			}
			if !tc.other && (len(d.Entities) == 0 || len(d.Dates) == 0) {
				t.Errorf("lang %s: %d entities and %d dates, want some of each", d.Lang, len(d.Entities), len(d.Dates))
			}
		})
	}
}
