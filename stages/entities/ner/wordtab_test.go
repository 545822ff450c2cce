package ner

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// wordsOf is a lexicon's words and codes, loaded (frozen) or not.
func wordsOf(l *Lexicon) map[string]uint64 {
	if l.frozen == nil {
		return l.words
	}
	m := map[string]uint64{}
	for i := 0; i < l.frozen.len(); i++ {
		m[l.frozen.word(i)] = l.frozen.codes[i]
	}
	return m
}

func frozenOf(words map[string]uint64) *Lexicon {
	var all strings.Builder
	var ends []uint32
	var codes []uint64
	for _, w := range slices.Sorted(maps.Keys(words)) {
		all.WriteString(w)
		ends = append(ends, uint32(all.Len()))
		codes = append(codes, words[w])
	}
	return &Lexicon{phrases: map[uint64]uint64{}, frozen: newWordTable(all.String(), ends, codes)}
}

// TestWordTable: a loaded lexicon answers code() as the map it was made from does, for every word
// in it and for words not in it (prefixes, extensions, case, non-ASCII), and thaws back into it.
func TestWordTable(t *testing.T) {
	words := map[string]uint64{"paris": 1 | 5<<clusterShift, "é": 2, "états-unis": 3, "a": 4, "ab": 5, "abc": 6}
	for i := 0; i < 5000; i++ {
		words[fmt.Sprintf("w%dx", i*7919)] = uint64(i) + 100
	}
	ref := &Lexicon{words: words, phrases: map[uint64]uint64{}}
	l := frozenOf(words)
	if l.Len() != ref.Len() {
		t.Fatalf("Len %d, want %d", l.Len(), ref.Len())
	}
	probes := []string{"", "Paris", "PARIS", "pari", "parisx", "É", "États-Unis", "ÉTATS-UNIS", "b", "abcd", "w0x", "w7919x", "w7919", "zzz", strings.Repeat("a", 100)}
	for w := range words {
		probes = append(probes, w, strings.ToUpper(w), w+"s")
	}
	for _, p := range probes {
		if got, want := l.code(p), ref.code(p); got != want {
			t.Errorf("code(%q) = %d, want %d", p, got, want)
		}
	}
	l.thaw()
	if l.frozen != nil || !maps.Equal(l.words, words) {
		t.Error("thaw did not give back the words")
	}
	empty := frozenOf(nil)
	if empty.code("paris") != 0 || empty.Len() != 0 {
		t.Error("empty table answers")
	}
}

// TestFrozenLexiconChanges: changing a loaded lexicon thaws it first.
func TestFrozenLexiconChanges(t *testing.T) {
	l := frozenOf(map[string]uint64{"paris": ClassCapital})
	l.Add("Paris Lyon", ClassPlace)
	if l.frozen != nil || l.code("paris") != ClassCapital|ClassPlace || l.code("lyon") != ClassPlace {
		t.Errorf("Add on a loaded lexicon: paris %b, lyon %b", l.code("paris"), l.code("lyon"))
	}
}

func BenchmarkLexiconCode(b *testing.B) {
	words := map[string]uint64{}
	var probes []string
	for i := 0; i < 400_000; i++ {
		w := fmt.Sprintf("w%d", i*7919)
		words[w] = uint64(i)
		if i%97 == 0 {
			probes = append(probes, w, w+"q")
		}
	}
	for _, c := range []struct {
		name string
		l    *Lexicon
	}{{"map", &Lexicon{words: words}}, {"frozen", frozenOf(words)}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				c.l.code(probes[i%len(probes)])
			}
		})
	}
}
