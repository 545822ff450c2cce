package ner

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// referenceEmissions sums every feature of every token as featurize lists them, the way training
// sees a sentence: the definition the cached per-word sums of Predict must reproduce exactly.
func referenceEmissions(m *Model, words []string) []int32 {
	n := len(words)
	infos := make([]tokInfo, n)
	for i, w := range words {
		infos[i] = analyse(w)
	}
	var gaz []uint64
	if m.Gaz != nil {
		gaz = make([]uint64, 2*n)
		m.Gaz.annotate(words, gaz[:n], gaz[n:])
	}
	feats := make([]uint64, n*maxFeatures)
	featurize(words, infos, gaz, feats)
	emit := make([]int32, 0, n*NumLabels)
	for i := 0; i < n; i++ {
		var live []uint64
		for _, h := range feats[i*maxFeatures : (i+1)*maxFeatures] {
			if h != 0 {
				live = append(live, h)
			}
		}
		acc := m.sum(live)
		if m.Net != nil {
			// The net's shares computed afresh for each window, not taken from the cache.
			var win [netPos]*netWord
			for p := range netPos {
				win[p] = new(netWord)
				j := i + p - netWin
				if j < 0 || j >= n {
					m.Net.pad(win[p])
				} else {
					m.Net.word(win[p], words[j], m.Gaz.code(words[j]))
				}
			}
			upper := false
			for j := max(0, i-netWin); j < min(n, i+netWin+1); j++ {
				upper = upper || hasUpper(words[j])
			}
			if upper {
				m.Net.emit(&win, &acc)
			}
		}
		emit = append(emit, acc[:]...)
	}
	return emit
}

func loadShipped(t *testing.T, lang string) *Model {
	t.Helper()
	f, err := os.Open("../models/" + lang + ".model")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCachedEmissionsExact checks that Predict's per-word sums change nothing: over the sample
// sentences (and the same sentences again, so the second pass reads a warm cache, and with words
// forced to share a cache set), every emission score equals the plain per-token sum.
func TestCachedEmissionsExact(t *testing.T) {
	sents := readSample(t, "fr-test-sample.conll.gz")
	extra := [][]string{
		{"x"}, {"Paris"}, {"Bank", "of", "England", "said", "so", "."},
		strings.Fields("LE PRÉSIDENT EMMANUEL MACRON À MOSCOU"),
		// the same word many times, and many distinct words: set collisions within a sentence
		strings.Fields("a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H a b c Paris Paris"),
	}
	for _, lang := range []string{"fr", "en"} {
		m := loadShipped(t, lang)
		s := m.getScratch()
		for pass := 0; pass < 2; pass++ {
			for k, sent := range sents {
				check(t, m, s, lang, k, sent.Words)
			}
			for k, words := range extra {
				check(t, m, s, lang, -k, words)
			}
		}
		// Four words that share a cache set of two ways, in one sentence: the later ones evict
		// the earlier ones, which are then summed again into spill.
		check(t, m, s, lang, 99, append(slices.Clone(colliding), "Paris", "a", "dit", colliding[0]))
		m.pool.Put(s)
	}
}

// colliding holds three words with the cache set of "Paris", which has two ways.
var colliding = func() []string {
	var out []string
	set := cacheSet(wordKey("Paris"))
	for i := 0; len(out) < 3; i++ {
		if w := "Mot" + strconv.Itoa(i); cacheSet(wordKey(w)) == set {
			out = append(out, w)
		}
	}
	return append(out, "Paris")
}()

func check(t *testing.T, m *Model, s *scratch, lang string, k int, words []string) {
	t.Helper()
	m.emissions(s, words)
	want := referenceEmissions(m, words)
	if got := s.emit[:len(words)*NumLabels]; !slices.Equal(got, want) {
		t.Fatalf("%s sentence %d %q: cached emissions differ from the per-token sums", lang, k, words)
	}
}

// The shipped models carry nets that change some labels, and WithoutNet is exactly the
// perceptron: the labels of the same model with its net removed.
func TestWithoutNet(t *testing.T) {
	sents := readSample(t, "fr-test-sample.conll.gz")
	m := loadShipped(t, "fr")
	if m.Net == nil {
		t.Fatal("the shipped French model has no net")
	}
	bare := m.WithoutNet()
	ref := loadShipped(t, "fr")
	ref.SetNet(nil)
	changed := 0
	for _, s := range sents {
		a := slices.Clone(bare.Predict(s.Words, nil))
		if b := ref.Predict(s.Words, nil); !slices.Equal(a, b) {
			t.Fatalf("%q: WithoutNet %v, the model without its net %v", s.Words, a, b)
		}
		if !slices.Equal(a, m.Predict(s.Words, nil)) {
			changed++
		}
	}
	if changed == 0 {
		t.Errorf("the net changed none of %d sentences", len(sents))
	}
	if m.Net == nil || bare.Net != nil {
		t.Error("WithoutNet changed the model it was called on, or kept the net")
	}
}
