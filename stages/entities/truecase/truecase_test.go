package truecase

import (
	"strings"
	"testing"
)

func TestTitle(t *testing.T) {
	for _, c := range []struct {
		line string // words separated by spaces, as the tokenizer splits them
		want bool
	}{
		{"MacBook Pro With Scissor Keyboard Expected in First Half", true},
		{"Provided You Have A Solid Internet Connection , The Streaming Quality Seems To Be Mostly Excellent", true},
		{"Movie Theaters In San Francisco Refuse To Open Over Concessions Ban", true},
		{"Samsung Launches 870 QVO SSDs in Capacities Up to 8TB", true},
		{"Amazon Liable for Defective Third-Party Products Rules CA Appellate Court", true},
		// Running text: a word in lower case.
		{"Apple is expected to release a new MacBook Pro in the first half", false},
		{"Le Niger et la Russie renforcent leur coopération militaire", false},
		// Names in a row, not a headline: too few common words, or a list.
		{"Donald Trump And Joe Biden", false},
		{"Keck Observatory : Twin Telescopes on Mauna Kea", false},
		{"June 24 – Bristow , VA @ Jiffy Lube Live", false},
		{"Grandpa • Henchman • Junimos • Krobus • Old Mariner", false},
		// Too short to tell a headline from a name.
		{"Pepsi Center Opens", false},
		{"July 30 – Noblesville , IN @ Ruoff Home Mortgage Music Center", false},
		// Capitals throughout: the model reads those as they are.
		{"NIGER : FIN DE RELATION AVEC LES USA", false},
		{"", false},
	} {
		if got := Title(strings.Fields(c.line)); got != c.want {
			t.Errorf("Title(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

func TestLowered(t *testing.T) {
	for _, c := range []struct {
		word string
		want bool
	}{
		{"Keyboard", true},
		{"Expected", true},
		{"Weight-Loss", true},
		{"Third-Party", false}, // "Third" names things ("Third Reich", "Third Avenue")
		{"The", true},          // minor
		{"Your", true},         // closed class, though WikiNEuRal capitalises it in titles
		{"World", false},
		{"Apple", false},   // capitalised in mid-sentence more often than not
		{"Price", true},    // a surname too, but mostly a word
		{"MacBook", false}, // written so on purpose
		{"NFL", false},
		{"keyboard", false}, // already in lower case
		{"Zamazenta", false},
	} {
		if got := Lowered(c.word); got != c.want {
			t.Errorf("Lowered(%q) = %v, want %v", c.word, got, c.want)
		}
	}
}

// TestWordList: en.txt must stay sorted and in lower case, for Common's binary search.
func TestWordList(t *testing.T) {
	words := enWords()
	if len(words) < 50_000 {
		t.Fatalf("en.txt has %d words", len(words))
	}
	for i, w := range words {
		if w == "" || w != strings.ToLower(w) || strings.ContainsAny(w, " \t\r") {
			t.Fatalf("line %d: %q", i+1, w)
		}
		if i > 0 && words[i-1] >= w {
			t.Fatalf("line %d: %q after %q: not sorted or repeated", i+1, w, words[i-1])
		}
	}
	for _, w := range []string{"keyboard", "expected", "quality", "the"} {
		if !Common(w) {
			t.Errorf("%q missing", w)
		}
	}
}

func BenchmarkTitle(b *testing.B) {
	prose := strings.Fields("Russian soldiers have taken up residence at a base in Niamey that also hosts the US army , a US official told Reuters")
	headline := strings.Fields("MacBook Pro With Scissor Keyboard Expected in First Half of 2020")
	b.Run("prose", func(b *testing.B) {
		for b.Loop() {
			Title(prose)
		}
	})
	b.Run("headline", func(b *testing.B) {
		for b.Loop() {
			Title(headline)
		}
	})
}

func FuzzTitle(f *testing.F) {
	for _, s := range []string{"MacBook Pro With Scissor Keyboard Expected in First Half", "A-B- -C Ⅻ Éé ÉTÉ", "\xff\xfe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		words := strings.Fields(line)
		title := Title(words)
		for _, w := range words {
			if Lowered(w) && strings.ToLower(w) == w {
				t.Errorf("Lowered(%q): already in lower case", w)
			}
		}
		if title && len(words) < 4 {
			t.Errorf("Title(%q) with %d words", line, len(words))
		}
	})
}
