package ner

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTrainNetWeight: the net's weight is chosen on dev among the candidates, or, with a single
// candidate, fixed without dev (the shipped models train on their dev files too, so nothing is
// left to choose on); with several candidates and no dev, training refuses.
func TestTrainNetWeight(t *testing.T) {
	data := readSample(t, "fr-train-sample.conll.gz")[:300]
	dev := readSample(t, "fr-test-sample.conll.gz")[:100]
	rng := rand.New(rand.NewPCG(1, 2))
	vectors := map[string][]float32{}
	for _, s := range append(append([]Sentence{}, data...), dev...) {
		for _, w := range s.Words {
			w = strings.ToLower(w)
			if _, ok := vectors[w]; !ok {
				v := make([]float32, 8)
				for i := range v {
					v[i] = float32(rng.NormFloat64())
				}
				vectors[w] = v
			}
		}
	}
	model := func() *Model {
		m, err := Train(data, TrainConfig{Lang: "fr", Bits: 16, Epochs: 2, Seed: 7, Folds: 2, Lexicon: NewLexicon()})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, tc := range []struct {
		name    string
		dev     []Sentence
		weights []float32
		want    float32 // in units of the model's scale; 0: an error
	}{
		{"fixed, no dev", nil, []float32{4}, 4},
		{"fixed, dev only logged", dev, []float32{12}, 12},
		{"chosen on dev", dev, []float32{2, 4}, -1},
		{"to choose, no dev", nil, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := model()
			err := TrainNet(m, data, tc.dev, vectors, NetConfig{Epochs: 1, Seed: 1, Weights: tc.weights})
			if tc.want == 0 {
				if err == nil {
					t.Fatal("trained a net with no dev to choose its weight on")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.Net == nil {
				t.Fatal("no net")
			}
			got := m.Net.Weight / m.Scale
			if tc.want > 0 && got != tc.want {
				t.Errorf("weight %g × scale, want %g", got, tc.want)
			}
			if tc.want < 0 && got != 2 && got != 4 {
				t.Errorf("weight %g × scale, not one of the candidates 2, 4", got)
			}
		})
	}
}
