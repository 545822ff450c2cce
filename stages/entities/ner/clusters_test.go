package ner

import (
	"fmt"
	"strings"
	"testing"
)

// clusterText is a tiny corpus where city names and verbs of motion each share their contexts.
func clusterText() [][]string {
	var text [][]string
	cities := []string{"Paris", "Lyon", "Berlin", "Madrid", "Rome", "Oslo"}
	people := []string{"Alice", "Bob", "Carol", "Dave", "Erin", "Frank"}
	verbs := []string{"walked", "drove", "flew", "cycled"}
	for i := 0; i < 60; i++ {
		c, p, v := cities[i%len(cities)], people[(i/2)%len(people)], verbs[i%len(verbs)]
		text = append(text, strings.Fields(fmt.Sprintf("yesterday %s %s to the city of %s .", p, v, c)))
		text = append(text, strings.Fields(fmt.Sprintf("the mayor of %s met %s in the hall .", c, p)))
	}
	return text
}

func TestLearnClusters(t *testing.T) {
	l := NewLexicon()
	l.Add("Paris", ClassCapital)
	n := l.LearnClusters(clusterText(), ClusterConfig{MinCount: 3, Seed: 1})
	if n == 0 {
		t.Fatal("no word clustered")
	}
	path := func(w string) uint64 { return l.words[w] >> clusterShift }
	// Shared prefix length of two cluster paths (both have their leading 1 at ClusterDepth).
	shared := func(a, b string) int {
		pa, pb := path(a), path(b)
		k := 0
		for d := ClusterDepth - 1; d >= 0 && (pa>>d)&1 == (pb>>d)&1; d-- {
			k++
		}
		return k
	}
	for _, w := range []string{"paris", "alice", "walked", "the"} {
		if p := path(w); p>>ClusterDepth != 1 {
			t.Errorf("%s: path %b lacks its leading bit at depth %d", w, p, ClusterDepth)
		}
	}
	tests := []struct{ a, b, other string }{
		{"paris", "oslo", "alice"},
		{"lyon", "berlin", "walked"},
		{"alice", "frank", "madrid"},
		{"walked", "flew", "rome"},
	}
	for _, tc := range tests {
		if s, o := shared(tc.a, tc.b), shared(tc.a, tc.other); s <= o {
			t.Errorf("%s~%s share %d bits, %s~%s share %d: want more for the first pair", tc.a, tc.b, s, tc.a, tc.other, o)
		}
	}
	if l.words["paris"]&ClassCapital == 0 {
		t.Errorf("clusters overwrote the gazetteer class of paris: %b", l.words["paris"])
	}
	if _, ok := l.words["yesterdays"]; ok {
		t.Error("unseen word got an entry")
	}
	// Same text and seed, same clusters.
	l2 := NewLexicon()
	l2.LearnClusters(clusterText(), ClusterConfig{MinCount: 3, Seed: 1})
	for w, v := range l2.words {
		if l.words[w]>>clusterShift != v>>clusterShift {
			t.Fatalf("%s: clusters differ between two runs", w)
		}
	}
}

func TestLearnClustersEdgeCases(t *testing.T) {
	for _, text := range [][][]string{nil, {{}}, {{"a"}}, {{"a", "a", "a"}}} {
		l := NewLexicon()
		l.LearnClusters(text, ClusterConfig{})
	}
}
