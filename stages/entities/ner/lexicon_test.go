package ner

import (
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
