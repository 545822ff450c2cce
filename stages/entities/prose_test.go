package entities

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/entities/ner"
)

// The comparison with github.com/jdkato/prose/v2, the Go NER a user would otherwise pick. prose's
// stock model is English-only and knows two types (PERSON, GPE); called the documented way
// (prose.NewDocument(text)) it rebuilds that model for every document, so it is measured here the
// fast way: one model, built once, shared through prose.UsingModel. prose stays in tests only.

var (
	proseOnce  sync.Once
	proseModel *prose.Model
)

func sharedProseModel(tb testing.TB) *prose.Model {
	tb.Helper()
	proseOnce.Do(func() {
		doc, err := prose.NewDocument("Warm up.")
		if err == nil {
			proseModel = doc.Model
		}
	})
	if proseModel == nil {
		tb.Fatal("prose: no model")
	}
	return proseModel
}

// proseEntities runs prose's stock pipeline (segmentation, tagging, extraction) with the shared
// model, mapping its labels to ours (PERSON → PER, GPE → LOC).
func proseEntities(tb testing.TB, m *prose.Model, text string) []goldEntity {
	doc, err := prose.NewDocument(text, prose.UsingModel(m))
	if err != nil {
		tb.Fatal(err)
	}
	var out []goldEntity
	for _, e := range doc.Entities() {
		typ := map[string]string{"PERSON": "PER", "GPE": "LOC"}[e.Label]
		if typ == "" {
			typ = e.Label
		}
		out = append(out, goldEntity{Text: e.Text, Type: typ})
	}
	return out
}

// seedF1 scores predictions against gold as TestSeedsEntities does (a multiset of case-folded
// text and type per document, micro-averaged).
type seedF1 struct{ tp, np, ng int }

func (s *seedF1) add(gold, pred []goldEntity) {
	g := map[[2]string]int{}
	for _, e := range gold {
		g[[2]string{strings.ToLower(e.Text), e.Type}]++
	}
	s.ng += len(gold)
	s.np += len(pred)
	for _, e := range pred {
		k := [2]string{strings.ToLower(e.Text), e.Type}
		if g[k] > 0 {
			g[k]--
			s.tp++
		}
	}
}

func (s seedF1) f1() float64 {
	p, r := float64(s.tp)/float64(max(s.np, 1)), float64(s.tp)/float64(max(s.ng, 1))
	return 2 * p * r / max(p+r, 1e-9)
}

// TestVersusProse measures both recognisers' entity F1 on the seed articles, on the English one
// alone (prose's only language) and on all five, so the README can state the comparison.
func TestVersusProse(t *testing.T) {
	r := recognizer(t)
	m := sharedProseModel(t)
	var oursEN, proseEN, oursAll, proseAll seedF1
	for _, g := range readSeeds(t) {
		d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		var ours []goldEntity
		for _, e := range d.Entities {
			ours = append(ours, goldEntity{Text: e.Text, Type: e.Type})
		}
		theirs := proseEntities(t, m, g.ContentText)
		oursAll.add(g.Entities, ours)
		proseAll.add(g.Entities, theirs)
		if g.Lang == "en" {
			oursEN.add(g.Entities, ours)
			proseEN.add(g.Entities, theirs)
		}
	}
	t.Logf("seed entity F1, English seed: depeche %.3f, prose %.3f (prose found %d, correct %d)",
		oursEN.f1(), proseEN.f1(), proseEN.np, proseEN.tp)
	t.Logf("seed entity F1, all five seeds: depeche %.3f, prose %.3f (prose found %d, correct %d)",
		oursAll.f1(), proseAll.f1(), proseAll.np, proseAll.tp)
	if proseEN.np == 0 {
		t.Fatal("prose found no entity in the English seed: the comparison measures nothing")
	}
	if oursEN.f1() <= proseEN.f1() {
		t.Errorf("on the English seed depeche F1 %.3f is not above prose's %.3f", oursEN.f1(), proseEN.f1())
	}
}

// BenchmarkVersusProse runs both recognisers on the same seed texts in the same run. tokens/s
// counts the same tokens for both (ner.Tokenize's), so the two figures divide into a ratio.
// depeche includes canonical-name linking; prose includes its sentence segmenter and POS tagger,
// which its extractor needs.
func BenchmarkVersusProse(b *testing.B) {
	seeds := readSeeds(b)
	tokens := 0
	for _, g := range seeds {
		tokens += len(ner.Tokenize(g.ContentText))
	}
	b.Run("depeche", func(b *testing.B) {
		r := recognizer(b)
		b.ReportAllocs()
		for b.Loop() {
			for _, g := range seeds {
				d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
				if err := r.Process(context.Background(), d); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
		b.ReportMetric(float64(len(seeds)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	b.Run("prose-shared-model", func(b *testing.B) {
		m := sharedProseModel(b)
		b.ReportAllocs()
		for b.Loop() {
			for _, g := range seeds {
				proseEntities(b, m, g.ContentText)
			}
		}
		b.ReportMetric(float64(tokens*b.N)/b.Elapsed().Seconds(), "tokens/s")
		b.ReportMetric(float64(len(seeds)*b.N)/b.Elapsed().Seconds(), "docs/s")
	})
}
