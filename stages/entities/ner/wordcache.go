package ner

import "sync"

// wordSums is what one distinct word contributes to the emission scores wherever it occurs: the
// summed weights of its own features (self) and of the features it gives the tokens around it
// (asPrev: to the token after it, which sees it as its previous word; asPrev2: to the token two
// after; asNext and asNext2 likewise before it). In news text a few thousand words make most
// tokens, so summing these once per word instead of once per token saves two thirds of the
// weight look-ups, and the analysis and lexicon look-up of the word as well.
type wordSums struct {
	key                     uint64 // wordKey of the word; 0 is an empty slot
	info                    tokInfo
	code                    uint64 // lexicon code
	start                   phraseStart
	self, asPrev, asPrev2   [NumLabels]int32
	asNext, asNext2         [NumLabels]int32
	nSelf, nAsPrev, nAsNext int     // feature counts (the sentence bag stops at maxFeatures)
	net                     netWord // the word's share of the net's hidden layer (Model.Net)
	upper                   bool    // the word has a capital letter: the net scores its window
}

// cacheBits sizes the per-goroutine cache: 4096 words, about 5.3 MB (1.4 MB before the net's
// shares joined the sums). Over the NER test sets
// (distinct Wikipedia sentences, a cold cache) two tokens in three find their word there; over a
// stream of news from a few sites, more.
const cacheBits = 12

// wordCache is a two-way set-associative cache of wordSums. It belongs to one model (it lives in
// the model's scratch pool), so the sums are always those of that model's weights. Direct-mapped,
// two words of a site's vocabulary that shared a slot evicted each other on every page (about
// one word in ten of the seeds' French pages shares a slot with another): with two ways, a set
// holds both, and a miss evicts the way used less recently.
type wordCache struct {
	sets  [1 << (cacheBits - 1)][2]wordSums
	older [1 << (cacheBits - 1)]uint8 // the way to evict next in each set
}

// get returns the sums of word w (key k), filled on a miss.
func (c *wordCache) get(m *Model, k uint64, w string) *wordSums {
	set := cacheSet(k)
	ways := &c.sets[set]
	switch k {
	case ways[0].key:
		c.older[set] = 1
		return &ways[0]
	case ways[1].key:
		c.older[set] = 0
		return &ways[1]
	}
	v := c.older[set] & 1
	e := &ways[v]
	m.fill(e, k, w, true)
	c.older[set] = 1 - v
	return e
}

// wordKey is a 64-bit FNV-1a hash of the word's bytes and length, never 0. Two words with the
// same key would share sums; at 64 bits that is as unlikely as the feature hashes colliding.
func wordKey(w string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= fnvPrime
	}
	h ^= uint64(len(w))
	h *= fnvPrime
	if h == 0 {
		h = 1
	}
	return h
}

func cacheSet(key uint64) int { return int((key * 0x9e3779b97f4a7c15) >> (64 - cacheBits + 1)) }

// sum adds the weight rows of feats.
func (m *Model) sum(feats []uint64) (acc [NumLabels]int32) {
	shift := 64 - m.Bits
	var rows [maxFeatures]*[NumLabels]int16
	for k, h := range feats {
		rows[k] = m.tab.row(h >> shift)
	}
	addRows(&acc, rows[:len(feats)])
	return acc
}

// addRowsGeneric adds weight rows to acc: the innermost loop of prediction (addRows picks it or
// an assembly version). The nine sums stay in registers for the whole loop, written out once:
// added in place (acc[y] += row[y] in a loop), every row was nine loads, nine read-modify-writes
// of memory and a loop of its own, and it took a quarter of the recogniser's time. The sums are
// the same integers in either order.
func addRowsGeneric(acc *[NumLabels]int32, rows []*[NumLabels]int16) {
	a0, a1, a2, a3, a4, a5, a6, a7, a8 := acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8]
	for _, r := range rows {
		a0 += int32(r[0])
		a1 += int32(r[1])
		a2 += int32(r[2])
		a3 += int32(r[3])
		a4 += int32(r[4])
		a5 += int32(r[5])
		a6 += int32(r[6])
		a7 += int32(r[7])
		a8 += int32(r[8])
	}
	acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7], acc[8] = a0, a1, a2, a3, a4, a5, a6, a7, a8
}

func addTo(acc *[NumLabels]int32, v *[NumLabels]int32) {
	for y := range acc {
		acc[y] += v[y]
	}
}

// fill computes the sums of word w (key k) into e. real is false for the sentence-boundary
// sentinels, whose info is given.
func (m *Model) fill(e *wordSums, k uint64, w string, real bool) {
	e.key = k
	lex := m.Gaz != nil
	if real {
		e.info = analyse(w)
		e.code, e.start = 0, phraseStart{}
		if lex {
			e.code, e.start = m.Gaz.code(w), m.Gaz.phraseStart(w)
		}
	}
	var o [maxFeatures]uint64
	b := featBuf{o: o[:]}
	selfFeatures(&b, &e.info, e.code, lex)
	e.self, e.nSelf = m.sum(o[:b.k]), b.k
	b.k = 0
	prevFeatures(&b, &e.info, e.code, lex, real)
	e.asPrev, e.nAsPrev = m.sum(o[:b.k]), b.k
	b.k = 0
	prev2Features(&b, &e.info)
	e.asPrev2 = m.sum(o[:b.k])
	b.k = 0
	nextFeatures(&b, &e.info, e.code, lex, real)
	e.asNext, e.nAsNext = m.sum(o[:b.k]), b.k
	b.k = 0
	next2Features(&b, &e.info)
	e.asNext2 = m.sum(o[:b.k])
	e.upper = false
	if m.Net != nil {
		if real {
			e.upper = m.Net.word(&e.net, w, e.code)
		} else {
			m.Net.pad(&e.net)
		}
	}
}

// edges holds the sums of the sentence-boundary sentinels, computed once per model.
type edges struct {
	once     sync.Once
	bos, eos wordSums
}

func (m *Model) sentinels() (bos, eos *wordSums) {
	m.edge.once.Do(func() {
		m.edge.bos.info, m.edge.eos.info = bosInfo, eosInfo
		m.fill(&m.edge.bos, 0, "", false)
		m.fill(&m.edge.eos, 0, "", false)
	})
	return &m.edge.bos, &m.edge.eos
}

// addRows names the nine labels one by one; this fails to compile if their number changes.
var _ = [1]struct{}{}[NumLabels-9]
