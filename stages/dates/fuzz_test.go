package dates

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

// FuzzProcess feeds arbitrary text to the stage: it must never panic, and every date it reports
// must point at its own text with rune offsets inside the document.
func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"Vendredi 3 mai 2024, des militaires ont été déployés.",
		"Le salon se tiendra du 13 au 15 juin. Deux jours plus tard, vendredi, fin.",
		"At 6 p.m. on Friday (May 3), protesters gathered; since March 2020; the '80s.",
		"Publié le 3 mai 2024 à 10h15 — 49.3, 3-1, 7-2, sept personnes, 03/05/2024, 2018Q4",
		"il y a trois semaines, in a week, last 2 days, upcoming two weeks, le premier mercredi du mois prochain",
		"du 28 décembre au 3 janvier\xff\xfe entre le 13 et le dix-huit",
	} {
		f.Add(s, "fr", false)
		f.Add(s, "", true)
	}
	past, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	future, err := New(Options{Bias: Future})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, lang string, fut bool) {
		n := past
		if fut {
			n = future
		}
		ref := "2024-05-04T09:00:00+02:00"
		d := &pipeline.Doc{Text: text, Lang: lang}
		if len(text)%2 == 0 {
			d.Published, d.PublishedSource = &ref, "input"
		}
		if len(text) > 10 {
			d.Boilerplate = []pipeline.Block{{Text: text[len(text)/2:], Kind: "boilerplate"}}
		}
		if err := n.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		runes := utf8.RuneCountInString(text)
		for _, x := range d.Dates {
			if x.Start < 0 || x.End > runes || x.Start >= x.End {
				t.Fatalf("bad span %d..%d of %d runes: %+v", x.Start, x.End, runes, x)
			}
			if !strings.Contains(text, x.Text) {
				t.Fatalf("date text %q not in the document", x.Text)
			}
			if x.Value == "" && x.From == "" && x.To == "" {
				t.Fatalf("date without a value: %+v", x)
			}
			if x.Grain == "" {
				t.Fatalf("date without a grain: %+v", x)
			}
		}
	})
}
