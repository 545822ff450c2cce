package ner

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Word clusters: words that occur in similar contexts get the same binary cluster path, so the
// model can type a name it saw rarely (or never, as a training entity) from names that behave
// alike ("Ljubljana" ~ "Zagreb", "Ferrari" ~ "Renault"), and a context word it never saw next to a
// name from its neighbours ("album" ~ "single"). The paths come from bisecting k-means over
// positive-PMI context vectors (the words two to the left and right), learned from unlabelled
// text: the training sentences' words, never their labels. They are stored in the lexicon (bits
// clusterShift and up of a word's value), so they cost no extra look-up per token.

const (
	clusterShift = 32
	// ClusterDepth is the depth of the binary cluster tree: up to 1<<ClusterDepth leaves.
	ClusterDepth = 10
	clusterCtx   = 1000 // context vocabulary: the most frequent words
	clusterIters = 8
)

// ClusterConfig controls LearnClusters.
type ClusterConfig struct {
	MinCount int    // words seen fewer times get no cluster (default 3)
	Seed     uint64 // seeds the k-means initialisation
}

// LearnClusters assigns a cluster path to every lower-cased word seen at least cfg.MinCount times
// in text and stores it in l. The path is a ClusterDepth-bit code with a leading 1 bit, so its
// prefixes (coarser clusters) are path >> k.
func (l *Lexicon) LearnClusters(text [][]string, cfg ClusterConfig) int {
	l.thaw()
	if cfg.MinCount == 0 {
		cfg.MinCount = 3
	}
	ids := map[string]int32{}
	var counts []int32
	var sents [][]int32
	for _, s := range text {
		row := make([]int32, len(s))
		for i, w := range s {
			lw := strings.ToLower(w)
			id, ok := ids[lw]
			if !ok {
				id = int32(len(counts))
				ids[lw] = id
				counts = append(counts, 0)
			}
			counts[id]++
			row[i] = id
		}
		sents = append(sents, row)
	}
	// Context vocabulary: the most frequent words, plus sentence start and end.
	order := make([]int32, len(counts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return int(counts[b] - counts[a]) })
	nctx := min(clusterCtx, len(order))
	ctxOf := make([]int32, len(counts))
	for i := range ctxOf {
		ctxOf[i] = -1
	}
	for k, id := range order[:nctx] {
		ctxOf[id] = int32(k)
	}
	const bos, eos = clusterCtx, clusterCtx + 1
	const ctxSlots = clusterCtx + 2
	dims := 4 * ctxSlots // offsets -2, -1, +1, +2
	// Target words and their (word, dim) co-occurrence pairs, counted by sorting.
	target := make([]int32, len(counts))
	var words []string
	for w, id := range ids {
		if counts[id] >= int32(cfg.MinCount) {
			target[id] = 1
			words = append(words, w)
		}
	}
	slices.Sort(words)
	for i, w := range words {
		target[ids[w]] = int32(i) + 1 // 0: not clustered
	}
	var pairs []uint64
	for _, row := range sents {
		for i, id := range row {
			t := target[id]
			if t == 0 {
				continue
			}
			for k, off := range [4]int{-2, -1, 1, 2} {
				j := i + off
				c := int32(-1)
				switch {
				case j < 0:
					c = bos
				case j >= len(row):
					c = eos
				default:
					c = ctxOf[row[j]]
				}
				if c < 0 {
					continue
				}
				pairs = append(pairs, uint64(t-1)<<32|uint64(k*ctxSlots+int(c)))
			}
		}
	}
	slices.Sort(pairs)
	// Sparse PPMI vectors, L2-normalised.
	type entry struct {
		dim int32
		v   float32
	}
	vecs := make([][]entry, len(words))
	dimTotal := make([]float64, dims)
	wordTotal := make([]float64, len(words))
	total := 0.0
	for i := 0; i < len(pairs); {
		j := i
		for j < len(pairs) && pairs[j] == pairs[i] {
			j++
		}
		w, d := int(pairs[i]>>32), int32(pairs[i])
		n := float32(j - i)
		vecs[w] = append(vecs[w], entry{d, n})
		dimTotal[d] += float64(n)
		wordTotal[w] += float64(n)
		total += float64(n)
		i = j
	}
	for w, v := range vecs {
		norm := 0.0
		k := 0
		for _, e := range v {
			pmi := math.Log(float64(e.v) * total / (wordTotal[w] * dimTotal[e.dim]))
			if pmi <= 0 {
				continue
			}
			v[k] = entry{e.dim, float32(pmi)}
			norm += pmi * pmi
			k++
		}
		v = v[:k]
		if norm > 0 {
			inv := float32(1 / math.Sqrt(norm))
			for i := range v {
				v[i].v *= inv
			}
		}
		vecs[w] = v
	}
	dot := func(w int, c []float32) float32 {
		s := float32(0)
		for _, e := range vecs[w] {
			s += c[e.dim] * e.v
		}
		return s
	}
	addTo := func(w int, c []float32) {
		for _, e := range vecs[w] {
			c[e.dim] += e.v
		}
	}
	path := bisect(len(words), dims, ClusterDepth, cfg.Seed, dot, addTo, func(w int) bool { return len(vecs[w]) > 0 })
	for i, w := range words {
		l.words[w] = l.words[w]&^(clusterMask<<clusterShift) | uint64(path[i])<<clusterShift
	}
	return len(words)
}

// clusterMask covers a cluster path (ClusterDepth bits and the leading 1) once shifted down.
const clusterMask = 1<<(ClusterDepth+1) - 1

// clusterOf is the cluster path in a lexicon code (0: none).
func clusterOf(code uint64) uint64 { return code >> clusterShift & clusterMask }

// Embedding clusters: the same kind of binary paths, made outside the training data from word
// vectors trained on a large corpus (cmd/train-ner -embedding-clusters), stored above the
// training-text clusters.
const (
	embShift = 48
	// EmbDepth is the depth of the embedding cluster paths.
	EmbDepth = 12
	embMask  = 1<<(EmbDepth+1) - 1
)

// AddEmbeddingClusters reads "word<TAB>path" lines (path: the binary digits of a cluster path of
// EmbDepth levels with a leading 1), the first limit of them (0: all), and stores each path with
// its lower-cased word.
func (l *Lexicon) AddEmbeddingClusters(r io.Reader, limit int) (int, error) {
	l.thaw()
	sc := bufio.NewScanner(r)
	n := 0
	for line := 1; sc.Scan() && (limit == 0 || n < limit); line++ {
		w, p, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return n, fmt.Errorf("embedding clusters line %d: no tab", line)
		}
		path, err := strconv.ParseUint(p, 2, 64)
		if err != nil || path>>EmbDepth != 1 {
			return n, fmt.Errorf("embedding clusters line %d: bad path %q", line, p)
		}
		lw := strings.ToLower(w)
		l.words[lw] = l.words[lw]&^(embMask<<embShift) | path<<embShift
		n++
	}
	return n, sc.Err()
}

// bisect clusters n items by bisecting spherical k-means: every cluster is split in two, depth
// times, and each item gets its binary path (a leading 1, then one bit per split). The items are
// unit vectors of dims dimensions that the callers store as they like: dot is an item's dot product
// with a centroid, addTo adds an item to one; an item without a vector (hasVec false) is never
// drawn as a seed.
func bisect(n, dims, depth int, seed uint64, dot func(w int, c []float32) float32, addTo func(w int, c []float32), hasVec func(w int) bool) []uint32 {
	rng := rand.New(rand.NewPCG(seed, 0x636c75))
	path := make([]uint32, n)
	for i := range path {
		path[i] = 1
	}
	members := [][]int{make([]int, n)}
	for i := range members[0] {
		members[0][i] = i
	}
	cent := [2][]float32{make([]float32, dims), make([]float32, dims)}
	side := []bool{}
	for level := 0; level < depth; level++ {
		var next [][]int
		for _, mem := range members {
			if len(mem) < 2 {
				for _, w := range mem {
					path[w] <<= 1
				}
				next = append(next, mem, nil)
				continue
			}
			side = grow(side, len(mem))
			for k := range side {
				side[k] = false
			}
			// Seeds: two random members with a vector; the centroids are normalised after every
			// pass (spherical k-means), or the larger half would swallow the other.
			for _, c := range cent {
				clear(c)
			}
			a, b := mem[rng.IntN(len(mem))], mem[rng.IntN(len(mem))]
			for try := 0; try < 8 && (!hasVec(a) || a == b || !hasVec(b)); try++ {
				a, b = mem[rng.IntN(len(mem))], mem[rng.IntN(len(mem))]
			}
			addTo(a, cent[0])
			addTo(b, cent[1])
			for it := 0; it < clusterIters; it++ {
				changed := 0
				for k, w := range mem {
					s := dot(w, cent[1]) > dot(w, cent[0])
					if s != side[k] || it == 0 {
						changed++
					}
					side[k] = s
				}
				for _, c := range cent {
					clear(c)
				}
				for k, w := range mem {
					if side[k] {
						addTo(w, cent[1])
					} else {
						addTo(w, cent[0])
					}
				}
				for _, c := range cent {
					norm := float32(0)
					for _, v := range c {
						norm += v * v
					}
					if norm > 0 {
						inv := 1 / float32(math.Sqrt(float64(norm)))
						for d := range c {
							c[d] *= inv
						}
					}
				}
				if changed == 0 {
					break
				}
			}
			var left, right []int
			for k, w := range mem {
				path[w] <<= 1
				if side[k] {
					path[w] |= 1
					right = append(right, w)
				} else {
					left = append(left, w)
				}
			}
			next = append(next, left, right)
		}
		members = next
	}
	return path
}

// ClusterVectors gives each of the word vectors (dense, any length, one per word) a cluster path
// of EmbDepth levels, written as AddEmbeddingClusters reads it: the vectors are normalised and
// clustered as the training-text clusters are (bisect).
func ClusterVectors(vecs [][]float32, seed uint64) []string {
	if len(vecs) == 0 {
		return nil
	}
	dims := len(vecs[0])
	unit := make([][]float32, len(vecs))
	for i, v := range vecs {
		if len(v) != dims {
			panic("ner: word vectors of different lengths")
		}
		norm := 0.0
		for _, x := range v {
			norm += float64(x) * float64(x)
		}
		u := make([]float32, dims)
		if norm > 0 {
			inv := 1 / math.Sqrt(norm)
			for d, x := range v {
				u[d] = float32(float64(x) * inv)
			}
		}
		unit[i] = u
	}
	dot := func(w int, c []float32) float32 {
		s := float32(0)
		for d, x := range unit[w] {
			s += c[d] * x
		}
		return s
	}
	addTo := func(w int, c []float32) {
		for d, x := range unit[w] {
			c[d] += x
		}
	}
	hasVec := func(w int) bool {
		for _, x := range unit[w] {
			if x != 0 {
				return true
			}
		}
		return false
	}
	paths := bisect(len(unit), dims, EmbDepth, seed, dot, addTo, hasVec)
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = strconv.FormatUint(uint64(p), 2)
	}
	return out
}
