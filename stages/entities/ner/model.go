// Package ner is a statistical named-entity recogniser for French and English news text: a
// tokenizer that follows the CoNLL conventions of the training data (French elisions split off,
// hyphenated names kept whole, code-point offsets), hashed lexical features, and a first-order
// linear-chain model over BIO labels (PER, LOC, ORG, MISC) trained as an averaged structured
// perceptron and decoded with Viterbi. Weights are quantised to int16 and stored sparsely, on disk
// and in memory (only live rows; see table). Most features of a token depend on one word only, so
// Predict sums those once per distinct word and reuses the sums (see wordSums): the scores are
// exactly the per-token sums, at about half the cost on news text. On amd64 processors with AVX2,
// the two innermost loops (summing weight rows, one Viterbi step) run in assembly (simd_amd64.s),
// with the same integers and the same tie-breaking as the Go loops they stand for.
//
// It does not link entities to canonical names, find lower-case demonyms the training data leaves
// untagged, or resolve coreference: the entities stage and its canon package do that.
package ner

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Labels are the BIO labels, in the order the weight rows use.
var Labels = []string{"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"}

// NumLabels is len(Labels).
const NumLabels = 9

// Types are the entity types, indexed by (label+1)/2 - 1 for a B- or I- label.
var Types = []string{"PER", "LOC", "ORG", "MISC"}

// LabelIndex returns the index of a BIO label, or -1.
func LabelIndex(s string) int {
	for i, l := range Labels {
		if l == s {
			return i
		}
	}
	return -1
}

func isInside(y int) bool { return y > 0 && y%2 == 0 }

// allowed says whether label b may follow label a (a == NumLabels is the sentence start): an I-X
// must continue a B-X or I-X, which keeps every decoded span well formed.
func allowed(a, b int) bool {
	if !isInside(b) {
		return true
	}
	return a != NumLabels && a != 0 && (a == b || a == b-1)
}

// Model is a trained recogniser for one language. It is read-only after loading and safe for
// concurrent use.
type Model struct {
	Lang  string
	Bits  uint    // the weight table has 1<<Bits rows
	Scale float32 // real weight = int16 / Scale
	tab   table   // the non-zero weight rows
	Trans []int16 // (NumLabels+1) × NumLabels: from (row; the last row is the start) to (column)
	Gaz   *Lexicon
	Net   *Net // nil: the perceptron alone

	pool  sync.Pool
	edge  edges
	trans struct {
		once sync.Once
		t    transitions
	}
}

// scratch holds one decode's buffers, reused through the model's pool.
type scratch struct {
	cache  *wordCache
	sums   []*wordSums
	spill  []wordSums
	infos  []tokInfo
	gaz    []uint64
	starts []phraseStart
	ctx    []uint64            // the sentence's multi-token feature hashes, token after token
	ends   []int32             // where each token's features end in ctx
	rows   []*[NumLabels]int16 // their weight rows
	emit   []int32
	score  []int32
	back   []uint8
	out    []int
}

func (m *Model) getScratch() *scratch {
	if s, ok := m.pool.Get().(*scratch); ok {
		return s
	}
	return &scratch{}
}

func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/4)
	}
	return b[:n]
}

// Predict labels one sentence of tokens. The result has one label index per word and is valid
// until the next call with the same dst.
func (m *Model) Predict(words []string, dst []int) []int {
	s := m.getScratch()
	defer m.pool.Put(s)
	n := len(words)
	dst = grow(dst, n)
	if n == 0 {
		return dst
	}
	m.emissions(s, words)
	s.score = grow(s.score, n*NumLabels)
	s.back = grow(s.back, n*NumLabels)
	viterbi(n, s.emit, m.transitions(), s.score, s.back, dst)
	return dst
}

// emissions sets s.emit to the emission scores of words (n × NumLabels): the summed weights of
// each token's features, as featurize lists them, with the single-token ones summed per word.
func (m *Model) emissions(s *scratch, words []string) {
	n := len(words)
	if s.cache == nil {
		s.cache = new(wordCache)
	}
	lex := m.Gaz != nil
	// Each token's word sums, from the cache or computed into it. Three words of one sentence
	// may want the same set of two; an evicted one is computed again into spill.
	s.sums = grow(s.sums, n)
	s.infos = grow(s.infos, n)
	s.gaz = grow(s.gaz, 2*n)
	s.starts = grow(s.starts, n)
	for i, w := range words {
		s.sums[i] = s.cache.get(m, wordKey(w), w)
	}
	s.spill = grow(s.spill, n)[:0]
	for i, w := range words {
		e := s.sums[i]
		if k := wordKey(w); e.key != k {
			s.spill = append(s.spill, wordSums{})
			e = &s.spill[len(s.spill)-1]
			m.fill(e, k, w, true)
			s.sums[i] = e
		}
		s.infos[i] = e.info
		s.gaz[i] = e.code
		s.starts[i] = e.start
	}
	var gaz []uint64
	if lex {
		gaz = s.gaz
		m.Gaz.matchPhrases(words, s.starts, gaz[n:])
	}
	bos, eos := m.sentinels()
	var sent sentence
	sent.reset(s.infos, gaz)
	s.emit = grow(s.emit, n*NumLabels)
	// The multi-token features of the whole sentence are hashed first and their weight rows
	// fetched after, in one loop of independent loads: the rows are mostly out of cache, and the
	// processor overlaps many more misses that way than when hashing and fetching alternate.
	s.ctx = s.ctx[:0]
	s.ends = grow(s.ends, n)
	var o [maxFeatures]uint64
	shift := 64 - m.Bits
	// bagSums[k] is the sum of the first k rows of the sentence bag, which every token of a
	// capitalised run gets as far as its slots allow; filled when the first such token comes.
	var bagSums [bagMax + 1][NumLabels]int32
	bagDone := false
	for i := 0; i < n; i++ {
		e := s.sums[i]
		acc := e.self
		p, p2, nx, nx2 := bos, bos, eos, eos
		if i > 0 {
			p = s.sums[i-1]
		}
		if i > 1 {
			p2 = s.sums[i-2]
		}
		if i+1 < n {
			nx = s.sums[i+1]
		}
		if i+2 < n {
			nx2 = s.sums[i+2]
		}
		addTo(&acc, &p.asPrev)
		addTo(&acc, &p2.asPrev2)
		addTo(&acc, &nx.asNext)
		addTo(&acc, &nx2.asNext2)
		if m.Net != nil && (p2.upper || p.upper || e.upper || nx.upper || nx2.upper) {
			m.Net.emit(&[netPos]*netWord{&p2.net, &p.net, &e.net, &nx.net, &nx2.net}, &acc)
		}
		// The multi-token features go after as many slots as the single-token ones take, so the
		// sentence bag stops where featurize stops it.
		k0 := e.nSelf + p.nAsPrev + 1 + nx.nAsNext + 1
		b := featBuf{o: o[:], k: k0}
		if nb := sent.contextFeatures(&b, i); nb > 0 {
			if !bagDone {
				for j, bw := range sent.bag {
					bagSums[j+1] = bagSums[j]
					addRows(&bagSums[j+1], []*[NumLabels]int16{m.tab.row(f1(tSentBag, bw) >> shift)})
				}
				bagDone = true
			}
			addTo(&acc, &bagSums[nb])
		}
		copy(s.emit[i*NumLabels:], acc[:])
		s.ctx = append(s.ctx, o[k0:b.k]...)
		s.ends[i] = int32(len(s.ctx))
	}
	s.rows = grow(s.rows, len(s.ctx))
	for k, h := range s.ctx {
		s.rows[k] = m.tab.row(h >> shift)
	}
	start := int32(0)
	for i := 0; i < n; i++ {
		addRows((*[NumLabels]int32)(s.emit[i*NumLabels:(i+1)*NumLabels]), s.rows[start:s.ends[i]])
		start = s.ends[i]
	}
}

const negInf = math.MinInt32 / 2

// transitions are transition scores as viterbi reads them. cols[y] is the column of transitions
// into y, as int32: each label's candidates are then one contiguous array, and fixed-size array
// pointers spare the bounds checks of the innermost loop, which runs 53 times a token.
type transitions struct {
	cols  [NumLabels][NumLabels]int32
	start [NumLabels]int32 // from the sentence start
}

// columns arranges trans ((NumLabels+1) × NumLabels, as Model.Trans) for viterbi.
func columns[T int16 | int32](trans []T) (t transitions) {
	for a := 0; a < NumLabels; a++ {
		for y := 0; y < NumLabels; y++ {
			t.cols[y][a] = int32(trans[a*NumLabels+y])
		}
	}
	for y := 0; y < NumLabels; y++ {
		t.start[y] = int32(trans[NumLabels*NumLabels+y])
	}
	return t
}

// transitions returns m.Trans arranged for viterbi, once per model (Trans is read-only after
// loading).
func (m *Model) transitions() *transitions {
	m.trans.once.Do(func() { m.trans.t = columns(m.Trans) })
	return &m.trans.t
}

// viterbi finds the best label sequence given emission scores (n × NumLabels) and transition
// scores, honouring allowed().
func viterbi(n int, emit []int32, tr *transitions, score []int32, back []uint8, out []int) {
	for y := 0; y < NumLabels; y++ {
		if allowed(NumLabels, y) {
			score[y] = emit[y] + tr.start[y]
		} else {
			score[y] = negInf
		}
	}
	for i := 1; i < n; i++ {
		viterbiStep((*[NumLabels]int32)(score[(i-1)*NumLabels:]), (*[NumLabels]int32)(score[i*NumLabels:]),
			(*[NumLabels]int32)(emit[i*NumLabels:]), (*[NumLabels]uint8)(back[i*NumLabels:]), &tr.cols)
	}
	last := score[(n-1)*NumLabels : n*NumLabels]
	best := 0
	for y := 1; y < NumLabels; y++ {
		if last[y] > last[best] {
			best = y
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = best
		if i > 0 {
			best = int(back[i*NumLabels+best])
		}
	}
}

// viterbiStepGeneric sets one token's scores cur and back-pointers bk from the token before's
// scores prev, the token's emission scores em and the transition columns tc (viterbiStep picks it
// or an assembly version).
func viterbiStepGeneric(prev, cur, em *[NumLabels]int32, bk *[NumLabels]uint8, tc *[NumLabels][NumLabels]int32) {
	for y := 0; y < NumLabels; y++ {
		t := &tc[y]
		best, arg := int32(negInf), 0
		if isInside(y) {
			// allowed() admits only B-X and I-X before I-X: two candidates, not nine, tried in
			// the same order so ties break the same way.
			if v := prev[y-1] + t[y-1]; v > best {
				best, arg = v, y-1
			}
			if v := prev[y] + t[y]; v > best {
				best, arg = v, y
			}
		} else {
			best, arg = best9(prev, t)
		}
		cur[y] = best + em[y]
		bk[y] = uint8(arg)
	}
}

// best9 is the best of prev[a] + t[a] over the nine labels, the first on ties, unrolled: it runs
// five times a token.
func best9(prev, t *[NumLabels]int32) (int32, int) {
	best, arg := int32(negInf), 0
	if v := prev[0] + t[0]; v > best {
		best, arg = v, 0
	}
	if v := prev[1] + t[1]; v > best {
		best, arg = v, 1
	}
	if v := prev[2] + t[2]; v > best {
		best, arg = v, 2
	}
	if v := prev[3] + t[3]; v > best {
		best, arg = v, 3
	}
	if v := prev[4] + t[4]; v > best {
		best, arg = v, 4
	}
	if v := prev[5] + t[5]; v > best {
		best, arg = v, 5
	}
	if v := prev[6] + t[6]; v > best {
		best, arg = v, 6
	}
	if v := prev[7] + t[7]; v > best {
		best, arg = v, 7
	}
	if v := prev[8] + t[8]; v > best {
		best, arg = v, 8
	}
	return best, arg
}

// Span is a decoded entity: words [Start, End) of a sentence, of type Type.
type Span struct {
	Start, End int
	Type       string
}

// Spans turns a BIO label sequence into entity spans.
func Spans(labels []int) []Span {
	var out []Span
	for i := 0; i < len(labels); {
		y := labels[i]
		if y == 0 {
			i++
			continue
		}
		t := (y+1)/2 - 1
		j := i + 1
		for j < len(labels) && labels[j] == 2*(t+1) {
			j++
		}
		out = append(out, Span{Start: i, End: j, Type: Types[t]})
		i = j
	}
	return out
}

// File format (all gzip-compressed): magic, then little-endian header fields, the transition
// matrix, the gazetteer, then the non-zero weight rows as (row delta, NumLabels zig-zag values)
// varints. Rows are stored sparsely so a model with few live features is small on disk even when
// its table is large in memory.
const magic = "depeche-ner\x00"

// Save writes the model.
//
// The file is zstd-compressed: it decompresses three times as fast as gzip (36 against 105 ms for
// the English model), which is most of the model's load time. Load reads gzip too.
func (m *Model) Save(w io.Writer) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	bw := bufio.NewWriter(zw)
	var buf [binary.MaxVarintLen64]byte
	putU := func(v uint64) { bw.Write(buf[:binary.PutUvarint(buf[:], v)]) }
	putI := func(v int64) { bw.Write(buf[:binary.PutVarint(buf[:], v)]) }
	putS := func(s string) { putU(uint64(len(s))); bw.WriteString(s) }
	bw.WriteString(magic)
	putU(FeatureVersion)
	putS(m.Lang)
	putU(uint64(m.Bits))
	putU(uint64(math.Float32bits(m.Scale)))
	putU(NumLabels)
	for _, l := range Labels {
		putS(l)
	}
	for _, v := range m.Trans {
		putI(int64(v))
	}
	m.Gaz.write(putU, putS)
	putU(uint64(m.tab.live()))
	prev := 0
	m.tab.each(func(r int, row []int16) {
		putU(uint64(r - prev))
		prev = r
		for _, v := range row {
			putI(int64(v))
		}
	})
	m.Net.write(putU, putS)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("ner: save: %w", err)
	}
	return nil
}

func zeroRow(r []int16) bool {
	for _, v := range r {
		if v != 0 {
			return false
		}
	}
	return true
}

// decompress reads a zstd (Save) or gzip (models written before 2026-11-24) model file.
func decompress(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4)
	if bytes.Equal(head, []byte{0x28, 0xb5, 0x2f, 0xfd}) {
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		return io.ReadAll(zr)
	}
	// klauspost's inflater reads the standard format about twice as fast as compress/gzip.
	zr, err := kgzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// ErrFormat is returned for a model file that is not one or was written by incompatible code.
var ErrFormat = errors.New("ner: not a model file of this version")

// Load reads a model written by Save.
func Load(r io.Reader) (*Model, error) {
	data, err := decompress(r)
	if err != nil {
		return nil, fmt.Errorf("ner: load: %w", err)
	}
	// Varints are decoded straight from the byte slice: going through an io.ByteReader costs
	// more than the decompression itself for a model of a few million weights.
	pos := 0
	var rerr error
	// truncated records the first short read and stops every later one.
	truncated := func() {
		if rerr == nil {
			rerr = io.ErrUnexpectedEOF
		}
		pos = len(data)
	}
	getU := func() uint64 {
		v, n := binary.Uvarint(data[pos:])
		if n <= 0 {
			truncated()
			return 0
		}
		pos += n
		return v
	}
	getI := func() int64 {
		v, n := binary.Varint(data[pos:])
		if n <= 0 {
			truncated()
			return 0
		}
		pos += n
		return v
	}
	getB := func() []byte {
		n := getU()
		if n > uint64(len(data)-pos) {
			truncated()
			return nil
		}
		b := data[pos : pos+int(n) : pos+int(n)]
		pos += int(n)
		return b
	}
	getS := func() string { return string(getB()) }
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, ErrFormat
	}
	pos = len(magic)
	if v := getU(); v != FeatureVersion {
		return nil, fmt.Errorf("%w: feature version %d, want %d", ErrFormat, v, FeatureVersion)
	}
	m := &Model{Lang: getS(), Bits: uint(getU())}
	m.Scale = math.Float32frombits(uint32(getU()))
	if m.Bits < 8 || m.Bits > 24 || rerr != nil {
		return nil, fmt.Errorf("%w: table bits %d", ErrFormat, m.Bits)
	}
	if nl := getU(); nl != NumLabels {
		return nil, fmt.Errorf("%w: %d labels", ErrFormat, nl)
	}
	for _, l := range Labels {
		if got := getS(); got != l {
			return nil, fmt.Errorf("%w: label %q, want %q", ErrFormat, got, l)
		}
	}
	m.Trans = make([]int16, (NumLabels+1)*NumLabels)
	for i := range m.Trans {
		m.Trans[i] = int16(getI())
	}
	m.Gaz = readLexicon(getU, getB)
	rows := 1 << m.Bits
	live := getU()
	if live > uint64(rows) {
		return nil, fmt.Errorf("%w: %d live rows in a table of %d", ErrFormat, live, rows)
	}
	tb := newTableBuilder(rows, int(live))
	row := 0
	var w [NumLabels]int16
	for k := uint64(0); k < live && rerr == nil; k++ {
		d := getU()
		if k > 0 && d == 0 || d >= uint64(rows-row) {
			return nil, fmt.Errorf("%w: row %d+%d out of order or range", ErrFormat, row, d)
		}
		row += int(d)
		for y := range w {
			w[y] = int16(getI())
		}
		tb.add(row, w[:])
	}
	if pos < len(data) { // files written before the net have none
		if m.Net, err = readNet(getU, getB); err != nil {
			return nil, err
		}
	}
	if rerr != nil {
		return nil, fmt.Errorf("ner: load: %w", rerr)
	}
	m.tab = tb.done()
	return m, nil
}
