package ner

import (
	"fmt"
	"slices"
	"strconv"
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

// TestClusterVectors: vectors pointing the same way share a longer path than vectors that do
// not, whatever their length, and the paths read back into a lexicon beside the training-text
// clusters and the gazetteer classes without disturbing them.
func TestClusterVectors(t *testing.T) {
	words := []string{"paris", "lyon", "oslo", "alice", "bob", "carol", "walked", "flew", "drove"}
	axes := map[byte][]float32{'c': {1, 0.1, 0}, 'p': {0, 1, 0.1}, 'v': {0.1, 0, 1}}
	group := "cccpppvvv"
	var vecs [][]float32
	for i := range words {
		a := axes[group[i]]
		scale := float32(i + 1) // lengths differ: only directions count
		vecs = append(vecs, []float32{a[0] * scale, a[1]*scale + 0.01*float32(i), a[2] * scale})
	}
	paths := ClusterVectors(vecs, 1)
	if len(paths) != len(words) {
		t.Fatalf("%d paths for %d words", len(paths), len(words))
	}
	if again := ClusterVectors(vecs, 1); !slices.Equal(again, paths) {
		t.Error("same vectors and seed, different paths")
	}
	shared := func(a, b string) int {
		k := 0
		for k < len(a) && k < len(b) && a[k] == b[k] {
			k++
		}
		return k
	}
	for i := range words {
		if len(paths[i]) != EmbDepth+1 || paths[i][0] != '1' {
			t.Fatalf("%s: path %q, want %d binary digits after a leading 1", words[i], paths[i], EmbDepth)
		}
		for j := range words {
			for k := range words {
				if group[i] == group[j] && group[i] != group[k] && shared(paths[i], paths[j]) <= shared(paths[i], paths[k]) {
					t.Errorf("%s~%s share %d digits, %s~%s %d: want more for the first pair",
						words[i], words[j], shared(paths[i], paths[j]), words[i], words[k], shared(paths[i], paths[k]))
				}
			}
		}
	}

	l := NewLexicon()
	l.Add("Paris", ClassCapital)
	l.LearnClusters(clusterText(), ClusterConfig{MinCount: 3, Seed: 1})
	before := l.words["paris"]
	var b strings.Builder
	for i, w := range words {
		fmt.Fprintf(&b, "%s\t%s\n", strings.ToUpper(w[:1])+w[1:], paths[i])
	}
	n, err := l.AddEmbeddingClusters(strings.NewReader(b.String()), 0)
	if err != nil || n != len(words) {
		t.Fatalf("AddEmbeddingClusters: %d words, %v", n, err)
	}
	code := l.words["paris"]
	if code&classMask != before&classMask || clusterOf(code) != clusterOf(before) {
		t.Errorf("paris: class and text cluster %b, %b before the embedding clusters; %b, %b after",
			before&classMask, clusterOf(before), code&classMask, clusterOf(code))
	}
	if got := strconv.FormatUint(code>>embShift, 2); got != paths[0] {
		t.Errorf("paris: embedding path %s, want %s", got, paths[0])
	}
	// LearnClusters after the embedding clusters keeps them too.
	l.LearnClusters(clusterText(), ClusterConfig{MinCount: 3, Seed: 1})
	if l.words["paris"] != code {
		t.Errorf("paris: %b after relearning the text clusters, want %b", l.words["paris"], code)
	}
	if n, _ := NewLexicon().AddEmbeddingClusters(strings.NewReader(b.String()), 4); n != 4 {
		t.Errorf("limit 4 read %d words", n)
	}
	for _, bad := range []string{"paris 1" + strings.Repeat("0", EmbDepth), "paris\t1012", "paris\t" + strings.Repeat("1", EmbDepth+2), "paris\t0" + strings.Repeat("1", EmbDepth)} {
		if _, err := NewLexicon().AddEmbeddingClusters(strings.NewReader(bad+"\n"), 0); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
