package ner

import (
	"unicode"
	"unicode/utf8"
)

// Features are hashed: every feature is a 64-bit hash of its template id and its parts, and the
// model keeps one weight row per hash bucket. Nothing is allocated per token and no feature strings
// exist at run time; the cost is a few collisions, which the training absorbs.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix is the splitmix64 finaliser: it spreads a combination of hashes over all 64 bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func hashRune(h uint64, r rune) uint64 {
	// Hash the code point itself (not its UTF-8 bytes): same distribution, fewer steps.
	h ^= uint64(r)
	h *= fnvPrime
	return h
}

// tokInfo is what the feature templates need of one token, computed once per token.
type tokInfo struct {
	word   uint64 // exact form
	lower  uint64 // lower-cased
	fold   uint64 // lower-cased, accents removed (OCR and all-caps text drop accents)
	shape  uint64 // collapsed shape: "Xx", "X", "d", "Xx-Xx", ...
	pre    [4]uint64
	suf    [4]uint64
	flags  uint64 // capitalisation and character-class pattern, packed
	length int
}

const (
	flInitCap = 1 << iota
	flAllCap
	flHasDigit
	flAllDigit
	flHasHyphen
	flHasLower
	flPunct
	flHasApos
	flHasDot
)

// Sentinels for positions outside the sentence.
var (
	bosInfo = tokInfo{word: mix(1), lower: mix(1), fold: mix(1), shape: mix(1), flags: 1 << 20}
	eosInfo = tokInfo{word: mix(2), lower: mix(2), fold: mix(2), shape: mix(2), flags: 1 << 21}
)

func shapeClass(r rune) rune {
	switch {
	case unicode.IsUpper(r):
		return 'X'
	case unicode.IsLetter(r):
		return 'x'
	case unicode.IsDigit(r):
		return 'd'
	case isApostrophe(r):
		return '\''
	case isHyphen(r):
		return '-'
	}
	return r
}

// foldRune lower-cases r and removes the accent of the common Latin letters.
func foldRune(r rune) rune {
	r = unicode.ToLower(r)
	if r < 0xe0 || r > 0x17f {
		return r
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}

func analyse(s string) tokInfo {
	var ti tokInfo
	w, l, f, sh := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	var last4 [4]rune
	n := 0
	var prevClass rune = -1
	upper, lower, digit, other := 0, 0, 0, 0
	var flags uint64
	for _, r := range s {
		lr := unicode.ToLower(r)
		w = hashRune(w, r)
		l = hashRune(l, lr)
		f = hashRune(f, foldRune(r))
		c := shapeClass(r)
		if c != prevClass {
			sh = hashRune(sh, c)
			prevClass = c
		}
		if n < 4 {
			ti.pre[n] = l
		}
		last4[n&3] = lr
		n++
		switch c {
		case 'X':
			upper++
		case 'x':
			lower++
		case 'd':
			digit++
		case '-':
			flags |= flHasHyphen
		case '\'':
			flags |= flHasApos
		case '.':
			flags |= flHasDot
			other++
		default:
			other++
		}
	}
	// Words shorter than k runes get the whole word as their k-prefix/suffix.
	for k := n; k < 4; k++ {
		if n > 0 {
			ti.pre[k] = ti.pre[n-1]
		}
	}
	for k := 1; k <= 4; k++ {
		h := uint64(fnvOffset)
		m := k
		if m > n {
			m = n
		}
		for j := n - m; j < n; j++ {
			h = hashRune(h, last4[j&3])
		}
		ti.suf[k-1] = h
	}
	first, _ := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(first) {
		flags |= flInitCap
	}
	if upper > 0 && lower == 0 {
		flags |= flAllCap
	}
	if digit > 0 {
		flags |= flHasDigit
		if upper+lower+other == 0 {
			flags |= flAllDigit
		}
	}
	if lower > 0 {
		flags |= flHasLower
	}
	if upper+lower+digit == 0 {
		flags |= flPunct
	}
	ti.word, ti.lower, ti.fold, ti.shape, ti.flags, ti.length = w, l, f, sh, flags, n
	return ti
}

// Template ids. Changing the templates changes the meaning of every weight: bump FeatureVersion.
const (
	tBias = iota + 1
	tWord
	tLower
	tFold
	tShape
	tPre1
	tPre2
	tPre3
	tPre4
	tSuf1
	tSuf2
	tSuf3
	tSuf4
	tFlags
	tLen
	tLowerM1
	tLowerM2
	tLowerP1
	tLowerP2
	tBigramM1
	tBigramP1
	tShapeM1
	tShapeP1
	tShapeTri
	tFirst
	tLowerM1Shape
	tShapeLowerP1
	tSuf3M1
	tSuf3P1
	tFlagsM1
	tFlagsP1
	tGazetteer
	tGazetteerCtx
	tWordM1
	tWordP1
	tPhrase
	tPhraseShape
	tRunLast
	tRunFirst
	tRunPrev
	tRunNext
	tRunPrev2
	tSentBag
	tClus4
	tClus6
	tClus8
	tClusFull
	tClusM1
	tClusP1
	tClusRunLast
	tEmb4
	tEmb6
	tEmb8
	tEmbFull
	tEmbM1
	tEmbP1
	tEmbRunLast
)

// FeatureVersion names the feature templates above; a model trained with other templates is refused.
const FeatureVersion = 9

func f1(t int, a uint64) uint64 { return mix(a ^ uint64(t)*0x9e3779b97f4a7c15) }
func f2(t int, a, b uint64) uint64 {
	return mix(a ^ (b<<23 | b>>41) ^ uint64(t)*0x9e3779b97f4a7c15)
}
func f3(t int, a, b, c uint64) uint64 {
	return mix(a ^ (b<<23 | b>>41) ^ (c<<47 | c>>17) ^ uint64(t)*0x9e3779b97f4a7c15)
}

// connectors may join the capitalised words of one name ("Bank of England", "Côte d'Ivoire").
var connectors = func() map[uint64]bool {
	m := map[uint64]bool{}
	for _, w := range []string{"of", "the", "and", "&", "for", "de", "du", "des", "la", "le", "les",
		"d'", "d’", "l'", "l’", "et", "von", "van", "der", "den", "di", "da", "del", "y", "on", "upon", "-"} {
		m[analyse(w).lower] = true
	}
	return m
}()

// maxFeatures is the number of features one token gets (an upper bound).
const maxFeatures = 64

const bagMax = 12

// featBuf collects the feature hashes of one token.
type featBuf struct {
	o []uint64 // maxFeatures slots
	k int      // slots used
}

func (b *featBuf) add(h uint64) { b.o[b.k] = h; b.k++ }

// A token's features come in two kinds. Most depend on a single token: the token itself, or one
// of the four around it, each seen through its word and its lexicon code alone. Predict sums the
// weights of those once per distinct word and reuses the sums (see wordCache). The rest look at
// several tokens at once (bigrams, shape and flag pairs, the capitalised run, the sentence's bag).
// Each template is defined once, below, for training and prediction alike.

// classMask keeps a code's class bits (gazetteer and learned), below the net's vector number.
const classMask = 1<<netShift - 1

// selfFeatures are a token's features of its own word; code is its lexicon code (lex: the model
// has a lexicon).
func selfFeatures(b *featBuf, t *tokInfo, code uint64, lex bool) {
	// Bias and the word-identity features come first, in this order: training's word dropout
	// finds them at slots 1 to 3.
	b.add(f1(tBias, 0))
	b.add(f1(tWord, t.word))
	b.add(f1(tLower, t.lower))
	b.add(f1(tFold, t.fold))
	b.add(f1(tShape, t.shape))
	b.add(f1(tPre1, t.pre[0]))
	b.add(f1(tPre2, t.pre[1]))
	b.add(f1(tPre3, t.pre[2]))
	b.add(f1(tPre4, t.pre[3]))
	b.add(f1(tSuf1, t.suf[0]))
	b.add(f1(tSuf2, t.suf[1]))
	b.add(f1(tSuf3, t.suf[2]))
	b.add(f1(tSuf4, t.suf[3]))
	b.add(f1(tFlags, t.flags))
	ln := t.length
	if ln > 12 {
		ln = 12
	}
	b.add(f2(tLen, uint64(ln), t.flags&(flInitCap|flAllCap)))
	if !lex {
		return
	}
	if g := code & classMask; g != 0 {
		b.add(f2(tGazetteer, g, t.flags&(flInitCap|flAllCap)))
	}
	if c := clusterOf(code); c != 0 {
		b.add(f1(tClus4, c>>(ClusterDepth-4)))
		b.add(f1(tClus6, c>>(ClusterDepth-6)))
		b.add(f1(tClus8, c>>(ClusterDepth-8)))
		b.add(f2(tClusFull, c, t.flags&(flInitCap|flAllCap)))
	}
	if e := code >> embShift; e != 0 {
		b.add(f1(tEmb4, e>>(EmbDepth-4)))
		b.add(f1(tEmb6, e>>(EmbDepth-6)))
		b.add(f1(tEmb8, e>>(EmbDepth-8)))
		b.add(f2(tEmbFull, e, t.flags&(flInitCap|flAllCap)))
	}
}

// prevFeatures are what the token before gives a token: p is that token, or bosInfo (real false).
func prevFeatures(b *featBuf, p *tokInfo, code uint64, lex, real bool) {
	b.add(f1(tLowerM1, p.lower))
	b.add(f1(tSuf3M1, p.suf[2]))
	b.add(f1(tWordM1, p.word))
	if lex && real {
		if c := clusterOf(code); c != 0 {
			b.add(f1(tClusM1, c))
		}
		if e := code >> embShift; e != 0 {
			b.add(f1(tEmbM1, e>>(EmbDepth-8)))
		}
	}
}

// nextFeatures are what the token after gives a token: p is that token, or eosInfo (real false).
func nextFeatures(b *featBuf, p *tokInfo, code uint64, lex, real bool) {
	b.add(f1(tLowerP1, p.lower))
	b.add(f1(tSuf3P1, p.suf[2]))
	b.add(f1(tWordP1, p.word))
	if lex && real {
		if c := clusterOf(code); c != 0 {
			b.add(f1(tClusP1, c))
		}
		if e := code >> embShift; e != 0 {
			b.add(f1(tEmbP1, e>>(EmbDepth-8)))
		}
	}
}

// prev2Features and next2Features are what the tokens two before and two after give.
func prev2Features(b *featBuf, p *tokInfo) { b.add(f1(tLowerM2, p.lower)) }
func next2Features(b *featBuf, p *tokInfo) { b.add(f1(tLowerP2, p.lower)) }

// sentence is what the multi-token features need of one sentence.
type sentence struct {
	infos []tokInfo
	gaz   []uint64 // nil, or 2n lexicon codes: n word codes, then n phrase-match codes
	bag   []uint64
	// The capitalised run ("Golden Gate Bridge", "Bank of England") around the current token:
	// every word of a run sees the run's first and last words and the words around it, so the
	// type of an unseen name can follow its head word ("Bridge", "University") or its trigger
	// ("river", "album") wherever it sits. runStart is -1 outside a run.
	runStart, runEnd int
	bagBuf           [bagMax]uint64
}

func (s *sentence) reset(infos []tokInfo, gaz []uint64) {
	s.infos, s.gaz = infos, gaz
	s.runStart, s.runEnd = -1, -1
	// The sentence's first lower-case content words (4+ letters) are the bag the names in it see.
	s.bag = s.bagBuf[:0]
	for i := 0; i < len(infos) && len(s.bag) < bagMax; i++ {
		if infos[i].flags&(flInitCap|flAllCap|flHasDigit|flPunct) == 0 && infos[i].length >= 4 {
			s.bag = append(s.bag, infos[i].lower)
		}
	}
}

func (s *sentence) at(i int) *tokInfo {
	if i < 0 {
		return &bosInfo
	}
	if i >= len(s.infos) {
		return &eosInfo
	}
	return &s.infos[i]
}

// code is the lexicon code of token i (0 outside the sentence or without a lexicon).
func (s *sentence) code(i int) uint64 {
	if s.gaz == nil || i < 0 || i >= len(s.infos) {
		return 0
	}
	return s.gaz[i]
}

// contextFeatures adds token i's multi-token features but for the sentence bag, and returns how
// many of the bag's words the token gets (see bagFeatures). Tokens must be visited in order (the
// capitalised run is tracked as it goes).
func (s *sentence) contextFeatures(b *featBuf, i int) (nbag int) {
	infos, n := s.infos, len(s.infos)
	if i >= s.runEnd {
		s.runStart, s.runEnd = -1, -1
		if infos[i].flags&(flInitCap|flAllCap) != 0 {
			j := i + 1
			for j < n {
				if infos[j].flags&(flInitCap|flAllCap) != 0 {
					j++
					continue
				}
				if j+1 < n && connectors[infos[j].lower] && infos[j+1].flags&(flInitCap|flAllCap) != 0 {
					j += 2
					continue
				}
				break
			}
			s.runStart, s.runEnd = i, j
		}
	}
	t := &infos[i]
	m1, p1 := s.at(i-1), s.at(i+1)
	b.add(f2(tBigramM1, m1.lower, t.lower))
	b.add(f2(tBigramP1, t.lower, p1.lower))
	b.add(f2(tShapeM1, m1.shape, t.shape))
	b.add(f2(tShapeP1, t.shape, p1.shape))
	b.add(f3(tShapeTri, m1.shape, t.shape, p1.shape))
	if i == 0 {
		b.add(f2(tFirst, t.shape, t.lower))
	}
	b.add(f2(tLowerM1Shape, m1.lower, t.shape))
	b.add(f2(tShapeLowerP1, t.shape, p1.lower))
	b.add(f2(tFlagsM1, m1.flags, t.flags))
	b.add(f2(tFlagsP1, t.flags, p1.flags))
	if s.gaz != nil {
		g, gm, gp := s.code(i)&classMask, s.code(i-1)&classMask, s.code(i+1)&classMask
		if g|gm|gp != 0 {
			b.add(f3(tGazetteerCtx, gm, g, gp))
		}
		if ph := s.gaz[n+i]; ph != 0 {
			b.add(f1(tPhrase, ph))
			b.add(f2(tPhraseShape, ph, t.shape))
		}
	}
	if s.runStart >= 0 {
		runStart, runEnd := s.runStart, s.runEnd
		pos := uint64(1)
		switch {
		case runEnd-runStart == 1:
			pos = 0
		case i == runStart:
			pos = 2
		case i == runEnd-1:
			pos = 3
		}
		b.add(f2(tRunLast, infos[runEnd-1].lower, pos))
		b.add(f2(tRunFirst, infos[runStart].lower, pos))
		b.add(f1(tRunPrev, s.at(runStart-1).lower))
		b.add(f1(tRunNext, s.at(runEnd).lower))
		b.add(f1(tRunPrev2, s.at(runStart-2).lower))
		if s.gaz != nil {
			if c := clusterOf(s.gaz[runEnd-1]); c != 0 {
				b.add(f2(tClusRunLast, c>>(ClusterDepth-8), pos))
			}
			if e := s.gaz[runEnd-1] >> embShift; e != 0 {
				b.add(f2(tEmbRunLast, e>>(EmbDepth-8), pos))
			}
		}
		// Topic words of the sentence ("album", "river", "club") type the names in it: as many
		// as the token has slots left for.
		nbag = max(0, min(len(s.bag), maxFeatures-b.k))
	}
	return nbag
}

// bagFeatures adds the first n words of the sentence bag, as contextFeatures counted them. They
// are the same for every token that gets them, so Predict sums their weights once per sentence.
func (s *sentence) bagFeatures(b *featBuf, n int) {
	for _, bw := range s.bag[:n] {
		b.add(f1(tSentBag, bw))
	}
}

// featurize writes the feature hashes of every token of one sentence into out (len(toks) rows of
// maxFeatures, unused slots left 0 and skipped) and returns the most used by one token. gaz, when
// not nil, holds 2n lexicon codes: n word codes, then n phrase-match codes.
func featurize(words []string, infos []tokInfo, gaz []uint64, out []uint64) int {
	n := len(words)
	var s sentence
	s.reset(infos[:n], gaz)
	lex := gaz != nil
	used := 0
	for i := 0; i < n; i++ {
		b := featBuf{o: out[i*maxFeatures : (i+1)*maxFeatures]}
		selfFeatures(&b, &infos[i], s.code(i), lex)
		prevFeatures(&b, s.at(i-1), s.code(i-1), lex, i > 0)
		prev2Features(&b, s.at(i-2))
		nextFeatures(&b, s.at(i+1), s.code(i+1), lex, i+1 < n)
		next2Features(&b, s.at(i+2))
		s.bagFeatures(&b, s.contextFeatures(&b, i))
		clear(b.o[b.k:])
		used = max(used, b.k)
	}
	return used
}
