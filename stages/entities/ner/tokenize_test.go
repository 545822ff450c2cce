package ner

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"elisions", "l'armée d'Al-Qaïda jusqu'à qu'il", []string{"l'", "armée", "d'", "Al-Qaïda", "jusqu'", "à", "qu'", "il"}},
		{"curly apostrophe", "l’État islamique s’est", []string{"l’", "État", "islamique", "s’", "est"}},
		{"capital elision", "L'ONU et D'Artagnan", []string{"L'", "ONU", "et", "D'", "Artagnan"}},
		{"kept apostrophes", "aujourd'hui O'Neill prud'homme", []string{"aujourd'hui", "O'Neill", "prud'homme"}},
		{"hyphenated names", "Saint-Louis, Jean-Marie Le Pen, c'est-à-dire", []string{"Saint-Louis", ",", "Jean-Marie", "Le", "Pen", ",", "c'", "est-à-dire"}},
		{"guillemets", "« Nous partons », a-t-il dit.", []string{"«", "Nous", "partons", "»", ",", "a-t-il", "dit", "."}},
		{"english clitics", "Russia's army didn't go", []string{"Russia", "'s", "army", "did", "n't", "go"}},
		{"pre-tokenised", "l' homme de Russia 's celle -ci do n't", []string{"l'", "homme", "de", "Russia", "'s", "celle", "-ci", "do", "n't"}},
		{"acronyms and initials", "the U.S. and J. K. Rowling, e.g. Mr. Smith", []string{"the", "U.S.", "and", "J.", "K.", "Rowling", ",", "e.g.", "Mr.", "Smith"}},
		{"sentence end", "He left. Then", []string{"He", "left", ".", "Then"}},
		{"numbers", "3,5 % de 1.000 à 7:00 ...", []string{"3,5", "%", "de", "1.000", "à", "7:00", "..."}},
		{"ampersand and dash", "AT&T Iran–Iraq - Paris", []string{"AT&T", "Iran–Iraq", "-", "Paris"}},
		{"dangling apostrophe", "les Girls' club '", []string{"les", "Girls", "'", "club", "'"}},
		{"emoji", "Paris 🇫🇷 ok", []string{"Paris", "🇫", "🇷", "ok"}},
		{"empty", "", nil},
		{"spaces only", " \n\t ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := texts(Tokenize(tc.in))
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Tokenize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTokenOffsets(t *testing.T) {
	in := "Été 🙂 à l’Élysée\nÉmmanuel"
	toks := Tokenize(in)
	want := []struct {
		text       string
		start, end int
		line       bool
	}{
		{"Été", 0, 3, true}, {"🙂", 4, 5, false}, {"à", 6, 7, false}, {"l’", 8, 10, false},
		{"Élysée", 10, 16, false}, {"Émmanuel", 17, 25, true},
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens %q, want %d", len(toks), texts(toks), len(want))
	}
	runes := []rune(in)
	for i, w := range want {
		tk := toks[i]
		if tk.Text != w.text || tk.Start != w.start || tk.End != w.end || tk.LineStart != w.line {
			t.Errorf("token %d = %q [%d,%d) line=%v, want %q [%d,%d) line=%v", i, tk.Text, tk.Start, tk.End, tk.LineStart, w.text, w.start, w.end, w.line)
		}
		if string(runes[tk.Start:tk.End]) != tk.Text || in[tk.Byte:tk.ByteEnd] != tk.Text {
			t.Errorf("token %d offsets do not select %q", i, tk.Text)
		}
	}
}

func TestSentences(t *testing.T) {
	toks := Tokenize("Il part. Elle reste à St. Louis. 3 jours\nNouvelle ligne")
	b := Sentences(toks)
	var got []string
	for k := 0; k+1 < len(b); k++ {
		got = append(got, strings.Join(texts(toks[b[k]:b[k+1]]), " "))
	}
	want := []string{"Il part .", "Elle reste à St. Louis .", "3 jours", "Nouvelle ligne"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences:\n got %q\nwant %q", got, want)
	}
	if b := Sentences(nil); len(b) != 1 {
		t.Errorf("Sentences(nil) = %v, want [0]", b)
	}
}

// checkTokens verifies the invariants every tokenisation keeps, whatever the input.
func checkTokens(t *testing.T, in string, toks []Token) {
	t.Helper()
	prevEnd, prevByte := 0, 0
	for i, tk := range toks {
		if tk.Text == "" || tk.Start >= tk.End || tk.Byte >= tk.ByteEnd {
			t.Fatalf("token %d is empty: %+v", i, tk)
		}
		if tk.Start < prevEnd || tk.Byte < prevByte {
			t.Fatalf("token %d overlaps the previous one: %+v", i, tk)
		}
		if in[tk.Byte:tk.ByteEnd] != tk.Text {
			t.Fatalf("token %d: byte offsets select %q, not %q", i, in[tk.Byte:tk.ByteEnd], tk.Text)
		}
		if got := utf8.RuneCountInString(in[:tk.Byte]); got != tk.Start {
			t.Fatalf("token %d %q: start %d, but %d code points precede it", i, tk.Text, tk.Start, got)
		}
		if got := tk.Start + utf8.RuneCountInString(tk.Text); got != tk.End {
			t.Fatalf("token %d %q: end %d, want %d", i, tk.Text, tk.End, got)
		}
		prevEnd, prevByte = tk.End, tk.ByteEnd
	}
}

func TestTokenizeInvalidUTF8(t *testing.T) {
	in := "Paris\xff\xfe l'\xc3 État \x00 fin"
	toks := Tokenize(in)
	checkTokens(t, in, toks)
	if toks[0].Text != "Paris" {
		t.Errorf("first token %q, want Paris", toks[0].Text)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"l'armée d'Al-Qaïda", "« Bonjour » a-t-il dit.", "U.S. e.g. Mr. Smith's", "3,5 % 7:00 ...",
		"Russia 's do n't", "\xff\xfe'", "--'-'-", "a.b.c.d.e.f", "🙂🇫🇷", "l' ' '' d’",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		toks := Tokenize(in)
		checkTokens(t, in, toks)
		b := Sentences(toks)
		if b[0] != 0 || b[len(b)-1] != len(toks) {
			t.Fatalf("Sentences bounds %v for %d tokens", b, len(toks))
		}
	})
}
