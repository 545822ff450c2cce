package langid

import (
	"unicode"
)

// langMask is a set of language indices.
type langMask uint8

const allLangs langMask = 1<<numLangs - 1

func (m langMask) has(l int) bool { return m&(1<<l) != 0 }

// charLangs says which of the seven languages write a letter, for the letters that narrow the
// choice. It is lingua's charsToLanguagesMapping and unique characters restricted to the seven
// languages the model knows (letters of no language here are left out: they narrow nothing).
var charLangs = func() map[rune]langMask {
	m := map[rune]langMask{}
	add := func(chars string, langs ...int) {
		var mask langMask
		for _, l := range langs {
			mask |= 1 << l
		}
		for _, c := range chars {
			m[c] |= mask
		}
	}
	add("ãõ", langPT)
	add("îû", langFR)
	add("ñ", langES)
	add("ë", langNL, langFR)
	add("èù", langFR, langIT)
	add("êô", langFR, langPT)
	add("ìò", langIT)
	add("à", langFR, langIT, langPT)
	add("â", langFR, langPT)
	add("äö", langDE)
	add("ü", langDE, langES)
	add("ç", langFR, langPT)
	add("óáíú", langES, langPT)
	add("é", langFR, langIT, langPT, langES)
	add("ß", langDE)
	return m
}()

// analysis is what the n-gram model says about one piece of text.
type analysis struct {
	letters int // letters in the words scored
	words   int
	// score is lingua's summed log-probability per language, divided by the number of distinct
	// letters the language's unigram model knows when all five orders are used; valid where
	// scored has the language.
	score  [numLangs]float64
	scored langMask
	// allowed is the set of languages the characters leave possible (lingua's rule filter).
	allowed langMask
	// nonLatin counts letters outside the Latin script.
	nonLatin int
	// foreign counts Latin letters that none of the seven languages writes (ł, ř, ş, ø, …).
	foreign int
	// tri and triN are, per language, the summed log-probability and the number of the text's
	// distinct trigrams that its model knows, for long texts (trigrams alone): how well the
	// language fits at all (fit).
	tri  [numLangs]float64
	triN [numLangs]int
}

// fit is the mean negative log-probability of the text's trigrams that language l knows: about 2.1
// for French or English prose in its own model, 2.6 for a Danish or Swedish sentence in the
// English one, 3.3 for Indonesian. Only long texts have it (0 otherwise).
func (a *analysis) fit(l int) float64 {
	if a.triN[l] == 0 {
		return 0
	}
	return -a.tri[l] / float64(a.triN[l]+1)
}

// scratch holds the per-call buffers, reused through a sync.Pool so that scoring allocates nothing
// in the steady state.
type scratch struct {
	units  []unit
	chunks [][2]int
	runes  []rune
	ends   []int // end offset in runes of each word
	seen   seenSet
	grams  *gramCache
}

// gramCache keeps the table's answers for the n-grams looked up lately by one goroutine (it lives in
// the scratch pool). The table is 18 MB and a look-up there costs two cache misses, the fingerprint
// and then the values; a few thousand trigrams make most of any French or English text, so most
// look-ups end here, in 96 KB.
type gramCache [1 << gramCacheBits]gramEntry

const gramCacheBits = 12

type gramEntry struct {
	key        uint64 // the n-gram's hash, when set
	set, found bool
	val        [numLangs]byte
}

// lookup is t.lookup through the cache. The slice it returns is valid until the next call.
func (s *scratch) lookup(t *table, h uint64) []byte {
	if s.grams == nil {
		s.grams = new(gramCache)
	}
	e := &s.grams[(h*0x9e3779b97f4a7c15)>>(64-gramCacheBits)]
	if !e.set || e.key != h {
		v := t.lookup(h)
		*e = gramEntry{key: h, set: true, found: v != nil}
		copy(e.val[:], v)
	}
	if !e.found {
		return nil
	}
	return e.val[:]
}

// analyse scores text against all seven languages, the way lingua-go's detector does (ngrams of
// length 1–5 for short texts, trigrams alone from 120 letters on; each distinct n-gram once; a
// missing n-gram backs off to its prefixes), with lingua's character rules. maxLetters bounds the work
// on huge inputs.
func (t *table) analyse(prefix, text string, s *scratch, maxLetters int) analysis {
	var a analysis
	s.runes = s.runes[:0]
	s.ends = s.ends[:0]
	s.appendWords(prefix, maxLetters, &a)
	if prefix != "" {
		s.endWord()
	}
	s.appendWords(text, maxLetters, &a)
	s.endWord()
	a.letters = len(s.runes)
	a.words = len(s.ends)
	a.allowed = allLangs
	if a.words == 0 {
		return a
	}
	a.allowed = allowedByChars(s.runes, s.ends)

	lo, hi := 1, maxOrder
	if a.letters >= 120 {
		lo, hi = 3, 3
	}
	var sums [maxOrder + 1][numLangs]float64
	var unigrams [numLangs]int
	s.seen.reset(a.letters * (hi - lo + 1))
	var hs [maxOrder + 1]uint64
	start := 0
	for _, end := range s.ends {
		w := s.runes[start:end]
		start = end
		for i := range w {
			h := hashStart
			top := min(hi, len(w)-i)
			for k := 1; k <= top; k++ {
				h = hashStep(h, w[i+k-1])
				hs[k] = h
			}
			for n := lo; n <= top; n++ {
				if !s.seen.add(hs[n] ^ uint64(n)<<58) {
					continue
				}
				need := allLangs
				for k := n; k >= 1 && need != 0; k-- {
					v := s.lookup(t, hs[k])
					if v == nil {
						continue
					}
					for l := range numLangs {
						if need.has(l) && v[l] != 0 {
							sums[n][l] += t.logp[v[l]]
							need &^= 1 << l
							if lo == 3 && k == 3 {
								a.tri[l] += t.logp[v[l]]
								a.triN[l]++
							}
						}
					}
				}
				if n == 1 {
					for l := range numLangs {
						if !need.has(l) {
							unigrams[l]++
						}
					}
				}
			}
		}
	}
	for l := range numLangs {
		total := 0.0
		for n := lo; n <= hi; n++ {
			// lingua drops an order for a language whose n-grams were all missing.
			if sums[n][l] < 0 {
				total += sums[n][l]
			}
		}
		if lo == 1 && unigrams[l] > 0 {
			total /= float64(unigrams[l])
		}
		if total != 0 {
			a.score[l] = total
			a.scored |= 1 << l
		}
	}
	return a
}

// appendWords appends the lower-cased letters of text to s.runes, marking word ends, until
// maxLetters letters are held, and counts the letters that are not Latin or that no language here
// writes.
func (s *scratch) appendWords(text string, maxLetters int, a *analysis) {
	for _, r := range text {
		if !unicode.IsLetter(r) {
			s.endWord()
			if len(s.runes) >= maxLetters {
				break
			}
			continue
		}
		if len(s.runes) >= maxLetters {
			break
		}
		r = unicode.ToLower(r)
		if r > 0x7f && !sevenLetters[r] {
			if unicode.Is(unicode.Latin, r) {
				a.foreign++
			} else {
				a.nonLatin++
			}
		}
		s.runes = append(s.runes, r)
	}
}

// sevenLetters are the non-ASCII letters that French, English, German, Spanish, Italian, Dutch and
// Portuguese write.
var sevenLetters = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "àâæçéèêëîïôœùûüÿäöüßñáíóúãõìòº" {
		m[r] = true
	}
	return m
}()

// endWord closes the word being appended, if any.
func (s *scratch) endWord() {
	last := 0
	if n := len(s.ends); n > 0 {
		last = s.ends[n-1]
	}
	if len(s.runes) > last {
		s.ends = append(s.ends, len(s.runes))
	}
}

// charLangTable is charLangs as an array indexed by code point (every narrowing letter is below
// U+0100).
var charLangTable = func() (t [0x100]langMask) {
	for r, m := range charLangs {
		if int(r) >= len(t) {
			panic("langid: narrowing letter beyond the table")
		}
		t[r] = m
	}
	return t
}()

// allowedByChars is lingua's filterLanguagesByRules for the seven languages: a language stays
// possible when at least half the words contain a letter it writes among the narrowing letters;
// if no language reaches half, all stay.
func allowedByChars(runes []rune, ends []int) langMask {
	var counts [numLangs]int
	start := 0
	var seenChars [8]rune
	for _, end := range ends {
		w := runes[start:end]
		start = end
		// Each distinct narrowing letter of a word counts once, as in lingua.
		nseen := 0
		for _, r := range w {
			// An array, not the map: this runs for every letter of the page.
			if r >= rune(len(charLangTable)) {
				continue
			}
			m := charLangTable[r]
			if m == 0 {
				continue
			}
			dup := false
			for _, c := range seenChars[:nseen] {
				if c == r {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			if nseen < len(seenChars) {
				seenChars[nseen] = r
				nseen++
			}
			for l := range numLangs {
				if m.has(l) {
					counts[l]++
				}
			}
		}
	}
	half := float64(len(ends)) * 0.5
	var allowed langMask
	for l := range numLangs {
		if float64(counts[l]) >= half && counts[l] > 0 {
			allowed |= 1 << l
		}
	}
	if allowed == 0 {
		return allLangs
	}
	return allowed
}

// seenSet is a set of 64-bit hashes that is cleared in O(1) by bumping a generation stamp.
type seenSet struct {
	keys  []uint64
	stamp []uint32
	gen   uint32
	mask  int
}

func (s *seenSet) reset(n int) {
	size := 64
	for size < 2*n {
		size <<= 1
	}
	if size > len(s.keys) {
		s.keys = make([]uint64, size)
		s.stamp = make([]uint32, size)
		s.gen = 0
	}
	s.mask = size - 1
	s.gen++
	if s.gen == 0 {
		clear(s.stamp)
		s.gen = 1
	}
}

// add reports whether h was new.
func (s *seenSet) add(h uint64) bool {
	h = finish(h)
	for i := int(h) & s.mask; ; i = (i + 1) & s.mask {
		if s.stamp[i] != s.gen {
			s.stamp[i] = s.gen
			s.keys[i] = h
			return true
		}
		if s.keys[i] == h {
			return false
		}
	}
}

// chainScore is the log-likelihood of the words under each language's character Markov model
// (order up to 5, stupid backoff to shorter contexts, a floor for letters a language never wrote).
func (t *table) chainScore(s *scratch, backoff, floor float64) [numLangs]float64 {
	var ll [numLangs]float64
	var hs [maxOrder + 1]uint64
	start := 0
	for _, end := range s.ends {
		w := s.runes[start:end]
		start = end
		for i := range w {
			// hs[k] = hash of the k-gram ending at i.
			lo := max(0, i-maxOrder+1)
			for k := i - lo + 1; k >= 1; k-- {
				h := hashStart
				for j := i - k + 1; j <= i; j++ {
					h = hashStep(h, w[j])
				}
				hs[k] = h
			}
			need := allLangs
			pen := 0.0
			for k := i - lo + 1; k >= 1 && need != 0; k-- {
				v := s.lookup(t, hs[k])
				if v != nil {
					for l := range numLangs {
						if need.has(l) && v[l] != 0 {
							ll[l] += t.logp[v[l]] + pen
							need &^= 1 << l
						}
					}
				}
				pen += backoff
			}
			for l := range numLangs {
				if need.has(l) {
					ll[l] += floor
				}
			}
		}
	}
	return ll
}
