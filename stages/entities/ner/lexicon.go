package ner

import (
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexicon holds the name lists the model uses as features, stored inside the model so the model and
// the lists it was trained with cannot drift apart:
//   - words: lower-cased word → class bits. Bits 0–7 come from gazetteers (countries, demonyms,
//     capitals); bits 8–12 are learned from the training data (the entity types the word occurs in,
//     and whether it is mostly inside an entity).
//   - phrases: hash of a (lower-cased) token sequence that was an entity in the training data → its
//     majority type, how often that sequence is an entity at all, and whether its type varies.
//
// Learned lists are built per fold during training (each sentence sees lists made without it), so
// the model learns how far to trust them on unseen text instead of learning to copy them.
type Lexicon struct {
	words   map[string]uint64
	phrases map[uint64]uint64
	maxLen  int
	// filter holds a bit for every key of phrases (nil: not built, ask phrases). A phrase's next
	// word is looked up after four in ten words of news text and nine in ten of those are no
	// phrase; the 64 KB filter stays in the core's cache and turns most of them away before the
	// map, which does not.
	filter *phraseFilter
	// frozen holds the words instead of words in a loaded lexicon (words is then nil); the
	// methods that change a lexicon thaw it back into the map first.
	frozen *wordTable
}

// thaw moves a loaded lexicon's words back into the map, for the methods that change it.
func (l *Lexicon) thaw() {
	if l.frozen == nil {
		return
	}
	l.words = make(map[string]uint64, l.frozen.len())
	for i := 0; i < l.frozen.len(); i++ {
		l.words[l.frozen.word(i)] = l.frozen.codes[i]
	}
	l.frozen = nil
}

// Gazetteer class bits (the learned ones start at bit 8).
const (
	ClassPlace   = 1
	ClassDemonym = 2
	ClassCapital = 4
	learnedShift = 8
)

// NewLexicon returns an empty lexicon.
func NewLexicon() *Lexicon {
	return &Lexicon{words: map[string]uint64{}, phrases: map[uint64]uint64{}}
}

// Add marks every word of phrase (split with Tokenize) with class.
func (l *Lexicon) Add(phrase string, class uint64) {
	l.thaw()
	for _, t := range Tokenize(phrase) {
		if analyse(t.Text).flags&flPunct != 0 {
			continue
		}
		l.words[strings.ToLower(t.Text)] |= class
	}
}

// Len is the number of words and phrases.
func (l *Lexicon) Len() int {
	if l == nil {
		return 0
	}
	if l.frozen != nil {
		return l.frozen.len() + len(l.phrases)
	}
	return len(l.words) + len(l.phrases)
}

func (l *Lexicon) clone() *Lexicon {
	l.thaw()
	return &Lexicon{words: maps.Clone(l.words), phrases: maps.Clone(l.phrases), maxLen: l.maxLen, filter: l.filter}
}

type phraseFilter [1 << (phraseFilterBits - 6)]uint64

const phraseFilterBits = 19

func filterBit(h uint64) uint64 { return mix(h) >> (64 - phraseFilterBits) }

// indexPhrases builds the filter of phrases; it must follow every change of phrases.
func (l *Lexicon) indexPhrases() {
	f := new(phraseFilter)
	for h := range l.phrases {
		b := filterBit(h)
		f[b>>6] |= 1 << (b & 63)
	}
	l.filter = f
}

// phrase returns the entry of phrase hash h, 0 when there is none.
func (l *Lexicon) phrase(h uint64) uint64 {
	if f := l.filter; f != nil {
		if b := filterBit(h); f[b>>6]&(1<<(b&63)) == 0 {
			return 0
		}
	}
	return l.phrases[h]
}

const maxPhrase = 6

// A phrase entry's value: its code (majority type, entity-ratio bucket, ambiguity) in the low
// bits, and whether the hash is a whole phrase and/or a proper prefix of a longer one.
const (
	phraseCode = 1<<6 - 1
	phraseBit  = 1 << 6
	prefixBit  = 1 << 7
)

// phraseHash hashes a token sequence, lower-cased so that headlines in capitals still match (the
// model sees the case through its shape features); a separator keeps "a b"+"c" apart from "a"+"b c".
func phraseHash(h uint64, w string) uint64 {
	for _, r := range w {
		h ^= uint64(unicode.ToLower(r))
		h *= fnvPrime
	}
	h ^= 0x1f
	h *= fnvPrime
	return h
}

// learn adds the entity words and phrases of data.
func (l *Lexicon) learn(data []Sentence) {
	l.thaw()
	type counts struct{ total, ent int32 }
	wordTotal := map[string]int32{}
	wordType := map[string][4]int32{}
	phraseType := map[uint64][4]int32{}
	prefixes := map[uint64]bool{} // proper prefixes of entity phrases: the matcher stops elsewhere
	for _, s := range data {
		for _, w := range s.Words {
			wordTotal[strings.ToLower(w)]++
		}
		for _, sp := range Spans(s.Labels) {
			if sp.End-sp.Start > maxPhrase {
				continue
			}
			t := slices.Index(Types, sp.Type)
			h := uint64(fnvOffset)
			for k, w := range s.Words[sp.Start:sp.End] {
				if k > 0 {
					prefixes[h] = true
				}
				h = phraseHash(h, w)
				lw := strings.ToLower(w)
				c := wordType[lw]
				c[t]++
				wordType[lw] = c
			}
			c := phraseType[h]
			c[t]++
			phraseType[h] = c
		}
	}
	// How often each entity phrase occurs at all (as an entity or not).
	phraseTotal := map[uint64]int32{}
	for _, s := range data {
		for i := range s.Words {
			h := uint64(fnvOffset)
			for j := i; j < len(s.Words) && j-i < maxPhrase; j++ {
				h = phraseHash(h, s.Words[j])
				if _, ok := phraseType[h]; ok {
					phraseTotal[h]++
				}
			}
		}
	}
	for w, c := range wordType {
		var bits uint64
		sum := int32(0)
		for t, n := range c {
			sum += n
			if n >= 1 && 4*n >= sum {
				bits |= 1 << (learnedShift + t)
			}
		}
		if 2*sum >= wordTotal[w] {
			bits |= 1 << (learnedShift + 4)
		}
		l.words[w] |= bits
	}
	for h, c := range phraseType {
		best, sum := 0, int32(0)
		for t, n := range c {
			sum += n
			if n > c[best] {
				best = t
			}
		}
		ratio := float64(sum) / float64(max(phraseTotal[h], sum))
		bucket := uint64(0)
		switch {
		case ratio >= 0.8:
			bucket = 3
		case ratio >= 0.5:
			bucket = 2
		case ratio >= 0.2:
			bucket = 1
		}
		amb := uint64(0)
		if 10*c[best] < 8*sum {
			amb = 1
		}
		l.phrases[h] |= uint64(best+1) | bucket<<3 | amb<<5 | phraseBit
	}
	for h := range prefixes {
		l.phrases[h] |= prefixBit
	}
	l.maxLen = maxPhrase
	l.indexPhrases()
}

// code returns a word's lexicon code: its class bits, and its cluster path from clusterShift up.
func (l *Lexicon) code(w string) uint64 {
	// Lower-case without allocating for the common short ASCII word.
	var buf [64]byte
	if len(w) <= len(buf) && isASCII(w) {
		b := buf[:len(w)]
		for j := 0; j < len(w); j++ {
			c := w[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[j] = c
		}
		if l.frozen != nil {
			return l.frozen.get(b)
		}
		return l.words[string(b)]
	}
	if l.frozen != nil {
		return l.frozen.get([]byte(strings.ToLower(w)))
	}
	return l.words[strings.ToLower(w)]
}

// annotate writes each word's code to classes and each word's phrase-match code to phrases.
func (l *Lexicon) annotate(words []string, classes, phrases []uint64) {
	starts := make([]phraseStart, len(words))
	for i, w := range words {
		classes[i] = l.code(w)
		starts[i] = l.phraseStart(w)
	}
	l.matchPhrases(words, starts, phrases)
}

// phraseStart is what phrase matching needs of a word as the first of a phrase, a function of the
// word alone (so Predict caches it with the word's sums): the phrase hash so far and the entry
// found for it, 0 when no known phrase starts with the word.
type phraseStart struct{ h, c uint64 }

func (l *Lexicon) phraseStart(w string) phraseStart {
	// Entities start with a capital, a digit or (French) a lower-case head noun; skipping
	// punctuation-only starts saves most look-ups.
	r, _ := utf8.DecodeRuneInString(w)
	if len(l.phrases) == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return phraseStart{}
	}
	h := phraseHash(fnvOffset, w)
	return phraseStart{h, l.phrases[h]} // every stored entry has phraseBit or prefixBit set
}

// matchPhrases writes each word's phrase-match code to phrases: the longest known phrase starting
// at the first unmatched word, greedily left to right, with the word's position in it (begin,
// inside, end or single). starts holds each word's phraseStart.
func (l *Lexicon) matchPhrases(words []string, starts []phraseStart, phrases []uint64) {
	clear(phrases)
	if l.maxLen == 0 {
		return
	}
	for i := 0; i < len(words); {
		h, c := starts[i].h, starts[i].c
		bestLen, bestCode := 0, uint64(0)
		for j := i; c != 0; {
			if c&phraseBit != 0 {
				bestLen, bestCode = j-i+1, c&phraseCode
			}
			if c&prefixBit == 0 {
				break
			}
			if j++; j >= len(words) || j-i >= l.maxLen {
				break
			}
			h = phraseHash(h, words[j])
			c = l.phrase(h)
		}
		if bestLen == 0 {
			i++
			continue
		}
		for k := 0; k < bestLen; k++ {
			pos := uint64(1) // inside
			switch {
			case bestLen == 1:
				pos = 0
			case k == 0:
				pos = 2
			case k == bestLen-1:
				pos = 3
			}
			phrases[i+k] = bestCode<<2 | pos | 1<<8
		}
		i += bestLen
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (l *Lexicon) write(putU func(uint64), putS func(string)) {
	if l == nil {
		putU(0)
		putU(0)
		return
	}
	if t := l.frozen; t != nil {
		// Read-only: a loaded model may be predicting in other goroutines while it is saved.
		idx := make([]int, t.len())
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return strings.Compare(t.word(a), t.word(b)) })
		putU(uint64(len(idx)))
		for _, i := range idx {
			putS(t.word(i))
			putU(t.codes[i])
		}
	} else {
		keys := slices.Sorted(maps.Keys(l.words))
		putU(uint64(len(keys)))
		for _, k := range keys {
			putS(k)
			putU(l.words[k])
		}
	}
	hs := slices.Sorted(maps.Keys(l.phrases))
	putU(uint64(len(hs)))
	putU(uint64(l.maxLen))
	prev := uint64(0)
	for _, h := range hs {
		putU(h - prev)
		prev = h
		putU(l.phrases[h])
	}
}

// readLexicon reads what write wrote; getB returns the bytes of a string without copying them.
func readLexicon(getU func() uint64, getB func() []byte) *Lexicon {
	n := getU()
	l := &Lexicon{phrases: map[uint64]uint64{}}
	// The words (hundreds of thousands with embedding clusters) go into one string and a flat
	// table (wordTable), not a map of strings.
	var buf []byte
	ends := make([]uint32, 0, min(n, 1<<22))
	codes := make([]uint64, 0, min(n, 1<<22))
	for k := uint64(0); k < n; k++ {
		w := getB()
		if len(w) == 0 || len(buf)+len(w) > 1<<31 {
			break
		}
		buf = append(buf, w...)
		ends = append(ends, uint32(len(buf)))
		codes = append(codes, getU())
	}
	l.frozen = newWordTable(string(buf), ends, codes)
	np := getU()
	if np == 0 {
		if n == 0 {
			return nil
		}
		return l
	}
	l.maxLen = int(min(getU(), maxPhrase))
	h := uint64(0)
	for k := uint64(0); k < np && k < 1<<24; k++ {
		h += getU()
		l.phrases[h] = getU()
	}
	l.indexPhrases()
	return l
}
