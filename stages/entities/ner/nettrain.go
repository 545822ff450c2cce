package ner

import (
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// NetConfig sets up TrainNet.
type NetConfig struct {
	Epochs int     // passes over the data (default 12)
	Seed   uint64  // initial weights and shuffling
	Rate   float32 // learning rate of the first pass, ×0.85 each pass after (default 0.005)
	// Weights are the candidate values of Net.Weight, in units of the model's Scale; the one
	// that scores best on the dev set is kept (default 2, 4, 8, 12, 16, 24).
	Weights []float32
	Log     io.Writer
}

// SetNet gives m the net n (nil: none). The word cache and the sentinels are dropped: they hold
// the words' shares of the previous net. It is for training, before the model is shared: it must
// not run while m predicts.
func (m *Model) SetNet(n *Net) {
	m.Net = n
	m.pool = sync.Pool{}
	m.edge = edges{}
}

// WithoutNet returns m without its net: the perceptron alone, sharing m's weights and lexicon.
func (m *Model) WithoutNet() *Model {
	if m.Net == nil {
		return m
	}
	return &Model{Lang: m.Lang, Bits: m.Bits, Scale: m.Scale, tab: m.tab, Trans: m.Trans, Gaz: m.Gaz}
}

// TrainNet trains a net for model m on data and keeps it in m, its weight chosen on dev among
// cfg.Weights; with a single weight, dev may be empty (a final model trained on dev too).
// vectors gives words (lower case) their vectors, all of one length; the words of m's lexicon
// that have one are numbered in its codes, and their projected vectors stored in the net.
// Training is deterministic: the same data, vectors and config give the same net.
func TrainNet(m *Model, data, dev []Sentence, vectors map[string][]float32, cfg NetConfig) error {
	if m.Gaz == nil {
		return fmt.Errorf("ner: train net: the model has no lexicon to number the words in")
	}
	if len(data) == 0 || len(dev) == 0 && len(cfg.Weights) != 1 {
		return fmt.Errorf("ner: train net: needs training sentences, and dev ones to choose its weight")
	}
	dims := 0
	for _, v := range vectors {
		dims = len(v)
		break
	}
	if dims == 0 {
		return fmt.Errorf("ner: train net: no vectors")
	}
	if cfg.Epochs == 0 {
		cfg.Epochs = 12
	}
	if cfg.Rate == 0 {
		cfg.Rate = 0.005
	}
	if len(cfg.Weights) == 0 {
		cfg.Weights = []float32{2, 4, 8, 12, 16, 24}
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format, args...)
		}
	}
	t0 := time.Now()
	words := m.Gaz.numberVectors(func(w string) bool { return len(vectors[w]) == dims })
	if len(words) > netMask {
		return fmt.Errorf("ner: train net: %d words with vectors, at most %d", len(words), netMask)
	}
	// The vectors at a third of their size: GloVe's components reach ±4, and the projection starts
	// from unit-variance weights.
	vec := func(w string) []float32 {
		if c := m.Gaz.code(w); c>>netShift&netMask == 0 {
			return nil
		}
		return vectors[strings.ToLower(w)]
	}
	t := newNetTrainer(dims, cfg.Seed)
	type ex struct {
		toks []netTok
		y    []int
	}
	prep := func(s Sentence) ex {
		toks := make([]netTok, len(s.Words))
		for i, w := range s.Words {
			toks[i] = netTok{e: vec(w), caps: capsClass(w)}
		}
		return ex{toks, s.Labels}
	}
	train := make([]ex, len(data))
	for i, s := range data {
		train[i] = prep(s)
	}
	order := make([]int, len(train))
	for i := range order {
		order[i] = i
	}
	rate := cfg.Rate
	for ep := 0; ep < cfg.Epochs; ep++ {
		t.rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		loss := 0.0
		n := 0
		for _, k := range order {
			e := train[k]
			for i := range e.toks {
				loss += t.step(e.toks, i, e.y[i], rate)
				n++
			}
		}
		rate *= 0.85
		logf("net epoch %d: loss %.4f (%.0fs)\n", ep+1, loss/float64(max(n, 1)), time.Since(t0).Seconds())
	}
	net := t.net(words, vectors)
	best, bestF := float32(0), -1.0
	for _, w := range cfg.Weights {
		net.Weight = w * m.Scale
		m.SetNet(net)
		if len(cfg.Weights) == 1 {
			best = net.Weight
			break
		}
		r := Evaluate(m, dev)
		logf("net weight %g: dev F1 %.2f\n", w, r.F1)
		if r.F1 > bestF {
			best, bestF = net.Weight, r.F1
		}
	}
	net.Weight = best
	m.SetNet(net)
	logf("net: %d words with vectors, weight %g (%.0fs)\n", len(words), best/m.Scale, time.Since(t0).Seconds())
	return nil
}

// numberVectors numbers the words that has accepts, in sorted order from 1, in their codes, and
// returns them in that order.
func (l *Lexicon) numberVectors(has func(w string) bool) []string {
	l.thaw()
	var out []string
	for _, w := range slices.Sorted(maps.Keys(l.words)) {
		c := l.words[w] &^ (netMask << netShift)
		if has(w) && len(out) < netMask {
			out = append(out, w)
			c |= uint64(len(out)) << netShift
		}
		l.words[w] = c
	}
	return out
}

type netTok struct {
	e    []float32 // the word's vector, nil without one
	caps int
}

// netTrainer holds a net in training: the projection is learnt with the rest, from vectors, and
// folded into the stored per-word projections at the end.
type netTrainer struct {
	dims int
	P    []float32 // netK × dims
	W1   [netPos][netIn][netH]float32
	B1   [netH]float32
	W2   [NumLabels][netH]float32
	B2   [NumLabels]float32
	rng  *rand.Rand
	// buffers of one step
	z  [netPos][netIn]float32
	h  [netH]float32
	dz [netPos][netK]float32
}

func newNetTrainer(dims int, seed uint64) *netTrainer {
	t := &netTrainer{dims: dims, P: make([]float32, netK*dims), rng: rand.New(rand.NewPCG(seed, 0x6e6574))}
	for i := range t.P {
		t.P[i] = float32(t.rng.NormFloat64() * math.Sqrt(1/float64(dims)))
	}
	s1 := math.Sqrt(2 / float64(netPos*netIn))
	for p := range t.W1 {
		for k := range t.W1[p] {
			for j := range t.W1[p][k] {
				t.W1[p][k][j] = float32(t.rng.NormFloat64() * s1)
			}
		}
	}
	s2 := math.Sqrt(1 / float64(netH))
	for y := range t.W2 {
		for j := range t.W2[y] {
			t.W2[y][j] = float32(t.rng.NormFloat64() * s2)
		}
	}
	return t
}

const netVecScale = 1.0 / 3

// step makes one stochastic gradient step on token i of toks (gold label y) and returns its loss.
func (t *netTrainer) step(toks []netTok, i, y int, rate float32) float64 {
	// Forward.
	for p := range netPos {
		z := &t.z[p]
		clear(z[:])
		j := i + p - netWin
		if j < 0 || j >= len(toks) {
			z[netPad] = 1
			continue
		}
		if e := toks[j].e; e != nil {
			for k := range netK {
				row := t.P[k*t.dims : (k+1)*t.dims]
				var s float32
				for q, v := range e {
					s += row[q] * v
				}
				z[k] = s * netVecScale
			}
		} else {
			z[netUnk] = 1
		}
		z[netK+toks[j].caps] = 1
	}
	var a [netH]float32
	a = t.B1
	for p := range netPos {
		for k, v := range t.z[p] {
			if v != 0 {
				axpy(&a, &t.W1[p][k], v)
			}
		}
	}
	for j, v := range a {
		t.h[j] = min(max(v, 0), netClip)
	}
	var o [NumLabels]float32
	mx := float32(math.Inf(-1))
	for l := range NumLabels {
		s := t.B2[l]
		for j, v := range t.h {
			s += t.W2[l][j] * v
		}
		o[l] = s
		mx = max(mx, s)
	}
	var sum float64
	for _, v := range o {
		sum += math.Exp(float64(v - mx))
	}
	// Backward: softmax minus the gold one-hot.
	var g [NumLabels]float32
	for l, v := range o {
		g[l] = float32(math.Exp(float64(v-mx)) / sum)
	}
	loss := -math.Log(float64(g[y]) + 1e-12)
	g[y] -= 1
	var dh [netH]float32
	for j := range netH {
		if a[j] <= 0 || a[j] >= netClip {
			continue
		}
		var s float32
		for l := range NumLabels {
			s += t.W2[l][j] * g[l]
		}
		dh[j] = s
	}
	for l := range NumLabels {
		axpy(&t.W2[l], &t.h, -rate*g[l])
		t.B2[l] -= rate * g[l]
	}
	for p := range netPos {
		dz := &t.dz[p]
		clear(dz[:])
		for k, v := range t.z[p] {
			w := &t.W1[p][k]
			if k < netK {
				var s float32
				for j, d := range dh {
					s += w[j] * d
				}
				dz[k] = s
			}
			if v != 0 {
				axpy(w, &dh, -rate*v)
			}
		}
	}
	axpy(&t.B1, &dh, -rate)
	for p := range netPos {
		j := i + p - netWin
		if j < 0 || j >= len(toks) || toks[j].e == nil {
			continue
		}
		e := toks[j].e
		for k, d := range t.dz[p] {
			if d == 0 {
				continue
			}
			row := t.P[k*t.dims : (k+1)*t.dims]
			c := -rate * d * netVecScale
			for q, v := range e {
				row[q] += c * v
			}
		}
	}
	return loss
}

// net returns the trained net, with the projected vectors of words (numbered from 1 in order)
// quantised to int8.
func (t *netTrainer) net(words []string, vectors map[string][]float32) *Net {
	n := &Net{W1: t.W1, B1: t.B1, W2: t.W2, B2: t.B2}
	proj := make([]float32, len(words)*netK)
	var top float32
	for i, w := range words {
		e := vectors[w]
		for k := range netK {
			row := t.P[k*t.dims : (k+1)*t.dims]
			var s float32
			for q, v := range e {
				s += row[q] * v
			}
			s *= netVecScale
			proj[i*netK+k] = s
			top = max(top, float32(math.Abs(float64(s))))
		}
	}
	if top == 0 {
		top = 1
	}
	n.vecScale = top / 127
	n.vecs = make([]int8, len(proj))
	for i, v := range proj {
		n.vecs[i] = int8(math.Round(float64(v / n.vecScale)))
	}
	return n
}
