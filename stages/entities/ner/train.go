package ner

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"
)

// Sentence is one labelled training or test sentence.
type Sentence struct {
	Words  []string
	Labels []int
}

// ReadCoNLL reads "token<TAB>tag" lines with blank lines between sentences (the tag is the last
// whitespace-separated column). IOB1 input and stray I- tags are repaired to IOB2, as conlleval
// reads them.
func ReadCoNLL(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Sentence
	var cur Sentence
	flush := func() {
		if len(cur.Words) > 0 {
			repairIOB(cur.Labels)
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "-DOCSTART-") {
			flush()
			continue
		}
		var cols []string
		if strings.Contains(s, "\t") {
			cols = strings.Split(s, "\t")
		} else {
			cols = strings.Fields(s)
		}
		if len(cols) < 2 {
			return nil, fmt.Errorf("conll line %d: want token and tag, got %q", line, s)
		}
		y := LabelIndex(cols[len(cols)-1])
		if y < 0 {
			return nil, fmt.Errorf("conll line %d: unknown tag %q", line, cols[len(cols)-1])
		}
		cur.Words = append(cur.Words, cols[0])
		cur.Labels = append(cur.Labels, y)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll line %d: %w", line, err)
	}
	flush()
	return out, nil
}

func repairIOB(ls []int) {
	for i, y := range ls {
		if isInside(y) && (i == 0 || (ls[i-1] != y && ls[i-1] != y-1)) {
			ls[i] = y - 1
		}
	}
}

// ReadCoNLLFile reads a CoNLL file, gunzipping it when its name ends in ".gz".
func ReadCoNLLFile(path string) ([]Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	s, err := ReadCoNLL(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// WithUppercased returns data with about share of its sentences (picked with seed) repeated in
// capitals right after themselves, with their labels: news headlines and datelines are often in
// capitals ("NIGER : USA ET RUSSIE"), which Wikipedia text never is. A copy sits next to its
// original so both fall in the same fold of the learned name lists.
func WithUppercased(data []Sentence, share float64, seed uint64) []Sentence {
	rng := rand.New(rand.NewPCG(seed, 0x5550))
	out := make([]Sentence, 0, len(data)+int(share*float64(len(data)))+1)
	for _, s := range data {
		out = append(out, s)
		if rng.Float64() >= share {
			continue
		}
		u := Sentence{Words: make([]string, len(s.Words)), Labels: s.Labels}
		for i, w := range s.Words {
			u.Words[i] = strings.ToUpper(w)
		}
		out = append(out, u)
	}
	return out
}

// TrainConfig controls Train. The zero value of a field means its default.
type TrainConfig struct {
	Lang    string
	Bits    uint     // weight table rows = 1<<Bits (default 21)
	Epochs  int      // passes over the data (default 12); with Dev, the best epoch is kept
	Seed    uint64   // shuffling seed: same data + same seed = same model
	Lexicon *Lexicon // gazetteer words, stored in the model (may be nil)
	// Folds > 1 adds name lists learned from the training data itself (see Lexicon), built
	// across that many contiguous folds.
	Folds int
	Dev   []Sentence
	// DevIgnore lists entity types left out of the dev score (e.g. MISC for a corpus without it).
	DevIgnore []string
	// Prune zeroes quantised weights whose magnitude is at most Prune, to shrink the file.
	Prune int
	// WordDropout hides a token's word-identity features (exact, lower-cased and folded form) with
	// this probability at each training visit, so context, shape and affix features learn to carry
	// unseen names (other domains have many).
	WordDropout float64
	// Margin is added to the score of every wrong label during training (loss-augmented decoding),
	// so updates continue until the gold path wins by a margin that grows with its Hamming
	// distance to the alternatives: a cheap large-margin variant of the perceptron.
	Margin int
	Log    io.Writer
}

type trainSet struct {
	rows []uint32 // feature rows of every token of every sentence, concatenated
	off  []int32  // off[t]..off[t+1] are token t's rows (tokens numbered across sentences)
	sent []int32  // sent[s] is the first token of sentence s
}

func buildFeatures(data []Sentence, bits uint, lexFor func(int) *Lexicon) *trainSet {
	ts := &trainSet{}
	shift := 64 - bits
	var infos []tokInfo
	var gaz, feats []uint64
	tok := int32(0)
	for si, s := range data {
		n := len(s.Words)
		lex := lexFor(si)
		ts.sent = append(ts.sent, tok)
		infos = grow(infos, n)
		for i, w := range s.Words {
			infos[i] = analyse(w)
		}
		var g []uint64
		if lex != nil {
			gaz = grow(gaz, 2*n)
			lex.annotate(s.Words, gaz[:n], gaz[n:])
			g = gaz
		}
		feats = grow(feats, n*maxFeatures)
		featurize(s.Words, infos, g, feats)
		for i := 0; i < n; i++ {
			ts.off = append(ts.off, int32(len(ts.rows)))
			for _, h := range feats[i*maxFeatures : (i+1)*maxFeatures] {
				if h != 0 {
					ts.rows = append(ts.rows, uint32(h>>shift))
				}
			}
			tok++
		}
	}
	ts.sent = append(ts.sent, tok)
	ts.off = append(ts.off, int32(len(ts.rows)))
	return ts
}

// Train fits a model on data with the averaged structured perceptron (Collins 2002): decode each
// sentence with the current weights, and where the best path differs from the gold one, add the
// gold path's features and subtract the predicted path's. The averaged weights (the mean over all
// steps, kept with the lazy w − u/c trick) are what is returned, quantised to int16.
func Train(data []Sentence, cfg TrainConfig) (*Model, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("ner: train: no sentences")
	}
	if cfg.Bits == 0 {
		cfg.Bits = 21
	}
	if cfg.Bits < 8 || cfg.Bits > 24 {
		return nil, fmt.Errorf("ner: train: bits %d out of range 8..24", cfg.Bits)
	}
	if cfg.Epochs == 0 {
		cfg.Epochs = 12
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format, args...)
		}
	}
	t0 := time.Now()
	lexFor := func(int) *Lexicon { return cfg.Lexicon }
	if cfg.Folds > 1 {
		base := cfg.Lexicon
		if base == nil {
			base = NewLexicon()
		}
		full := base.clone()
		full.learn(data)
		cfg.Lexicon = full
		folds := make([]*Lexicon, cfg.Folds)
		cut := func(k int) int { return k * len(data) / cfg.Folds }
		for k := range folds {
			folds[k] = base.clone()
			rest := append(slices.Clip(data[:cut(k)]), data[cut(k+1):]...)
			folds[k].learn(rest)
		}
		lexFor = func(si int) *Lexicon {
			k := si * cfg.Folds / len(data)
			for si < cut(k) {
				k--
			}
			for si >= cut(k+1) {
				k++
			}
			return folds[k]
		}
		logf("lexicon: %d words and phrases, %d folds (%.1fs)\n", full.Len(), cfg.Folds, time.Since(t0).Seconds())
	}
	ts := buildFeatures(data, cfg.Bits, lexFor)
	logf("features: %d sentences, %d tokens, %d feature occurrences (%.1fs)\n",
		len(data), len(ts.off)-1, len(ts.rows), time.Since(t0).Seconds())

	rows := 1 << cfg.Bits
	W := make([]int32, rows*NumLabels)
	U := make([]int64, rows*NumLabels)
	T := make([]int32, (NumLabels+1)*NumLabels)
	TU := make([]int64, len(T))
	c := int64(1)

	// The word-identity features are always the 2nd to 4th of a token (see featurize).
	const wordFirst, wordLast = 1, 3
	var drop []bool
	update := func(tok int32, y int, d int32, dropped bool) {
		for j, r := range ts.rows[ts.off[tok]:ts.off[tok+1]] {
			if dropped && j >= wordFirst && j <= wordLast {
				continue
			}
			k := int(r)*NumLabels + y
			W[k] += d
			U[k] += int64(d) * c
		}
	}
	updT := func(a, b int, d int32) {
		k := a*NumLabels + b
		T[k] += d
		TU[k] += int64(d) * c
	}

	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6e6572))
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	var emit, score []int32
	var back []uint8
	var pred []int
	var best *Model
	bestF := -1.0
	for ep := 1; ep <= cfg.Epochs; ep++ {
		te := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, si := range order {
			s := data[si]
			n := len(s.Words)
			base := ts.sent[si]
			emit = grow(emit, n*NumLabels)
			drop = grow(drop, n)
			for i := 0; i < n; i++ {
				drop[i] = cfg.WordDropout > 0 && rng.Float64() < cfg.WordDropout
				var acc [NumLabels]int32
				for j, r := range ts.rows[ts.off[base+int32(i)]:ts.off[base+int32(i)+1]] {
					if drop[i] && j >= wordFirst && j <= wordLast {
						continue
					}
					row := W[int(r)*NumLabels : int(r)*NumLabels+NumLabels]
					for y := range acc {
						acc[y] += row[y]
					}
				}
				if cfg.Margin > 0 {
					for y := range acc {
						if y != s.Labels[i] {
							acc[y] += int32(cfg.Margin)
						}
					}
				}
				copy(emit[i*NumLabels:], acc[:])
			}
			score = grow(score, n*NumLabels)
			back = grow(back, n*NumLabels)
			pred = grow(pred, n)
			tr := columns(T)
			viterbi(n, emit, &tr, score, back, pred)
			prevG, prevP := NumLabels, NumLabels
			for i := 0; i < n; i++ {
				g, p := s.Labels[i], pred[i]
				if g != p {
					errs++
					update(base+int32(i), g, 1, drop[i])
					update(base+int32(i), p, -1, drop[i])
				}
				if g != p || prevG != prevP {
					updT(prevG, g, 1)
					updT(prevP, p, -1)
				}
				prevG, prevP = g, p
			}
			c++
		}
		m := average(W, U, T, TU, c, cfg)
		msg := fmt.Sprintf("epoch %d: %d token errors, %.1fs", ep, errs, time.Since(te).Seconds())
		if len(cfg.Dev) > 0 {
			r := Evaluate(m, cfg.Dev, cfg.DevIgnore...)
			msg += fmt.Sprintf(", dev P %.2f R %.2f F1 %.2f", r.P, r.R, r.F1)
			if r.F1 > bestF {
				bestF, best = r.F1, m
			}
		} else {
			best = m
		}
		logf("%s\n", msg)
	}
	return best, nil
}

// average returns the averaged, quantised model.
func average(W []int32, U []int64, T []int32, TU []int64, c int64, cfg TrainConfig) *Model {
	fc := float64(c)
	maxAbs := 0.0
	for k := range W {
		if W[k] == 0 && U[k] == 0 {
			continue
		}
		maxAbs = math.Max(maxAbs, math.Abs(float64(W[k])-float64(U[k])/fc))
	}
	for k := range T {
		maxAbs = math.Max(maxAbs, math.Abs(float64(T[k])-float64(TU[k])/fc))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	// Emission sums add up ~40 weights per token, so the int32 accumulator has room; int16 per
	// weight keeps four significant digits of the largest weight.
	scale := 32767 / maxAbs
	q := func(w, u int64) int16 {
		v := math.Round((float64(w) - float64(u)/fc) * scale)
		return int16(max(-32767, min(32767, v)))
	}
	m := &Model{Lang: cfg.Lang, Bits: cfg.Bits, Scale: float32(scale), Gaz: cfg.Lexicon}
	dense := make([]int16, len(W))
	for k := range W {
		if W[k] == 0 && U[k] == 0 {
			continue
		}
		v := q(int64(W[k]), U[k])
		if int(max(v, -v)) <= cfg.Prune {
			v = 0
		}
		dense[k] = v
	}
	m.tab = compact(dense)
	m.Trans = make([]int16, len(T))
	for k := range T {
		m.Trans[k] = q(int64(T[k]), TU[k])
	}
	return m
}

// Result is an entity-level exact-match score (span and type), micro-averaged, in percent.
type Result struct {
	Gold, Pred, Correct int
	P, R, F1            float64
	PerType             map[string][3]int // gold, pred, correct
}

// Evaluate scores m on labelled sentences, CoNLL style (an entity counts when its span and type
// both match), leaving out the entity types in ignore.
func Evaluate(m *Model, data []Sentence, ignore ...string) Result {
	gold := make([][]int, len(data))
	pred := make([][]int, len(data))
	for i, s := range data {
		gold[i] = s.Labels
		pred[i] = m.Predict(s.Words, nil)
	}
	return Score(gold, pred, ignore...)
}

// Score compares predicted label sequences with gold ones (same sentences, same lengths) at the
// entity level, exactly as the official scorer (shared/tools/ner_score.py) does.
func Score(gold, pred [][]int, ignore ...string) Result {
	res := Result{PerType: map[string][3]int{}}
	for i := range gold {
		gs, ps := Spans(gold[i]), Spans(pred[i])
		gset := map[Span]bool{}
		for _, g := range gs {
			if slices.Contains(ignore, g.Type) {
				continue
			}
			gset[g] = true
			res.Gold++
			pt := res.PerType[g.Type]
			pt[0]++
			res.PerType[g.Type] = pt
		}
		for _, p := range ps {
			if slices.Contains(ignore, p.Type) {
				continue
			}
			res.Pred++
			pt := res.PerType[p.Type]
			pt[1]++
			if gset[p] {
				res.Correct++
				pt[2]++
			}
			res.PerType[p.Type] = pt
		}
	}
	res.P, res.R, res.F1 = prf(res.Correct, res.Gold, res.Pred)
	return res
}

func prf(c, g, p int) (float64, float64, float64) {
	var prec, rec, f float64
	if p > 0 {
		prec = 100 * float64(c) / float64(p)
	}
	if g > 0 {
		rec = 100 * float64(c) / float64(g)
	}
	if prec+rec > 0 {
		f = 2 * prec * rec / (prec + rec)
	}
	return prec, rec, f
}

// Blend averages models trained on the same data with different seeds (and so the same lexicon
// and table size) into one: a cheap ensemble that smooths the perceptron's dependence on the
// order of the examples.
func Blend(models []*Model) (*Model, error) {
	if len(models) == 0 {
		return nil, fmt.Errorf("ner: blend: no model")
	}
	if len(models) == 1 {
		return models[0], nil
	}
	first := models[0]
	for _, m := range models[1:] {
		if m.Bits != first.Bits || m.Lang != first.Lang || m.Gaz.Len() != first.Gaz.Len() {
			return nil, fmt.Errorf("ner: blend: models differ in language, table size or lexicon")
		}
	}
	sum := make([]float32, len(first.tab.blocks)*64*NumLabels)
	tsum := make([]float64, len(first.Trans))
	for _, m := range models {
		inv := 1 / float64(m.Scale) / float64(len(models))
		m.tab.each(func(r int, row []int16) {
			for y, v := range row {
				sum[r*NumLabels+y] += float32(float64(v) * inv)
			}
		})
		for k, v := range m.Trans {
			tsum[k] += float64(v) * inv
		}
	}
	maxAbs := 0.0
	for _, v := range sum {
		maxAbs = math.Max(maxAbs, math.Abs(float64(v)))
	}
	for _, v := range tsum {
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	scale := 32767 / maxAbs
	out := &Model{Lang: first.Lang, Bits: first.Bits, Scale: float32(scale), Gaz: first.Gaz,
		Trans: make([]int16, len(tsum))}
	dense := make([]int16, len(sum))
	for k, v := range sum {
		dense[k] = int16(math.Round(float64(v) * scale))
	}
	out.tab = compact(dense)
	for k, v := range tsum {
		out.Trans[k] = int16(math.Round(v * scale))
	}
	return out, nil
}
