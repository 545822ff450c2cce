package ner

import (
	"bytes"
	"strings"
	"testing"
)

func sent(s string) Sentence {
	var out Sentence
	for _, f := range strings.Fields(s) {
		w, tag, _ := strings.Cut(f, "/")
		out.Words = append(out.Words, w)
		if tag == "" {
			tag = "O"
		}
		out.Labels = append(out.Labels, LabelIndex(tag))
	}
	return out
}

func TestLexiconLearnAnnotate(t *testing.T) {
	l := NewLexicon()
	l.Add("Niger", ClassPlace)
	l.learn([]Sentence{
		sent("New/B-LOC York/I-LOC City/I-LOC is/O big"),
		sent("New/B-LOC York/I-LOC is/O big"),
		sent("Bank/B-ORG of/I-ORG England/I-ORG"),
		sent("the/O new/O bank/O"),
	})
	words := strings.Fields("In NEW YORK CITY and New York , the Bank of England and Niger")
	classes := make([]uint64, len(words))
	phrases := make([]uint64, len(words))
	l.annotate(words, classes, phrases)
	code := func(i int) (typ, pos uint64) {
		c := phrases[i]
		if c == 0 {
			return 0, 99
		}
		return (c >> 2) & 7, c & 3
	}
	// Longest match, case-insensitive: "NEW YORK CITY" is one LOC phrase (type index LOC+1 = 2).
	for i, want := range []uint64{2, 1, 3} {
		if typ, pos := code(1 + i); typ != 2 || pos != want {
			t.Errorf("%q: type %d pos %d, want LOC (2) pos %d", words[1+i], typ, pos, want)
		}
	}
	if typ, pos := code(5); typ != 2 || pos != 2 {
		t.Errorf("New: type %d pos %d, want LOC begin", typ, pos)
	}
	if typ, _ := code(9); typ != 3 {
		t.Errorf("Bank of England: type %d, want ORG (3)", typ)
	}
	if phrases[0] != 0 || phrases[4] != 0 || phrases[8] != 0 {
		t.Errorf("words outside names matched: %v", phrases)
	}
	if classes[13]&ClassPlace == 0 {
		t.Errorf("Niger lacks its gazetteer class: %b", classes[13])
	}
	if classes[1]&(1<<(learnedShift+1)) == 0 {
		t.Errorf("new: learned LOC bit missing: %b", classes[1])
	}
}

// The phrase filter may let a missing phrase through to the map, never turn a present one away;
// and it must turn most absent ones away, or it buys nothing. Checked on a trained lexicon and on
// the same lexicon loaded back from the model file.
func TestPhraseFilter(t *testing.T) {
	m := trainSample(t)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	loaded, err := Load(&b)
	if err != nil {
		t.Fatal(err)
	}
	for name, l := range map[string]*Lexicon{"trained": m.Gaz, "loaded": loaded.Gaz} {
		if l == nil || l.filter == nil || len(l.phrases) == 0 {
			t.Fatalf("%s: no phrases or no filter", name)
		}
		for h, c := range l.phrases {
			if got := l.phrase(h); got != c {
				t.Fatalf("%s: phrase %x: %d through the filter, %d in the map", name, h, got, c)
			}
		}
		passed := 0
		const tries = 100000
		for i := range uint64(tries) {
			h := mix(i + 12345)
			if _, ok := l.phrases[h]; ok {
				continue
			}
			if l.phrase(h) != 0 {
				t.Fatalf("%s: absent phrase %x found", name, h)
			}
			if b := filterBit(h); l.filter[b>>6]&(1<<(b&63)) != 0 {
				passed++
			}
		}
		// One bit per key in 2^19: about len(phrases)/2^19 of absent hashes pass.
		if want := tries * len(l.phrases) * 2 / (1 << phraseFilterBits); passed > want+100 {
			t.Errorf("%s: %d of %d absent hashes pass the filter (%d phrases)", name, passed, tries, len(l.phrases))
		}
	}
}
