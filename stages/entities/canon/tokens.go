package canon

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// gap says what separates a token from the one before it. Only short, same-line separators let two
// tokens belong to one name ("États-Unis", "Côte d'Ivoire", "South Korean"); punctuation or a line
// break ends a name.
type gap uint8

const (
	gapStart  gap = iota // first token of the text
	gapSpace             // one to three spaces, no line break
	gapHyphen            // exactly one hyphen
	gapApos              // exactly one apostrophe (l'armée, d'Ivoire)
	gapBreak             // anything else
)

func (g gap) joins() bool { return g == gapSpace || g == gapHyphen || g == gapApos }

// token is a run of letters and digits. start/end are in Unicode code points into the text it came
// from; the folded key (lower case, no accents) is key bytes [ks, ke) of the tokenizer's arena.
type token struct {
	start, end int // code points
	bs, be     int // bytes
	ks, ke     int
	before     gap
	upper      bool // first letter is upper case
	lower      bool // first letter is lower case
}

// foldTab maps runes below foldMax (Latin, Greek, Cyrillic, Latin Extended Additional as in "Việt
// Nam") to their lower-case letter without diacritics. Built once from NFD so it agrees with Unicode,
// and looked up per rune so folding a token does not allocate.
const foldMax = 0x1f00

var foldTab [foldMax]rune

func init() {
	for r := rune(0); r < foldMax; r++ {
		d := norm.NFD.String(string(r))
		base, _ := utf8.DecodeRuneInString(d)
		foldTab[r] = unicode.ToLower(base)
	}
}

// appendFold appends r folded (lower case, accents and ligatures resolved) to b. Combining marks
// vanish, so text in decomposed form folds like composed text.
func appendFold(b []byte, r rune) []byte {
	switch r {
	case 'œ', 'Œ':
		return append(b, 'o', 'e')
	case 'æ', 'Æ':
		return append(b, 'a', 'e')
	case 'ß':
		return append(b, 's', 's')
	}
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	if r < foldMax {
		r = foldTab[r]
	} else {
		r = unicode.ToLower(r)
	}
	return utf8.AppendRune(b, r)
}

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

func isApos(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' || r == '\u2018' }

func isSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t' }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// tokenizer splits text into tokens in one pass. It is not safe for concurrent use: each call of
// the Linker takes its own from tokenizers and puts it back, so buffers are reused across calls.
type tokenizer struct {
	arena []byte
	toks  []token
}

var tokenizers = sync.Pool{New: func() any { return new(tokenizer) }}

func getTokenizer() *tokenizer { return tokenizers.Get().(*tokenizer) }

// putTokenizer returns t to the pool unless a huge text made its buffers too big to keep.
func putTokenizer(t *tokenizer) {
	if cap(t.arena) <= 1<<20 && cap(t.toks) <= 1<<16 {
		tokenizers.Put(t)
	}
}

// run tokenizes text, replacing what the tokenizer held.
func (t *tokenizer) run(text string) {
	t.arena = t.arena[:0]
	t.toks = t.toks[:0]
	var st scanState
	ri := 0
	for bi := 0; bi < len(text); {
		if c := text[bi]; c < utf8.RuneSelf {
			if !asciiWord[c] {
				st.separator(t, rune(c), ri, bi)
				bi, ri = bi+1, ri+1
				continue
			}
			// Most of news text is ASCII words: a run of them is folded in one loop.
			st.wordRune(t, rune(c), ri, bi)
			j := bi + 1
			for j < len(text) && text[j] < utf8.RuneSelf && asciiWord[text[j]] {
				j++
			}
			t.arena = appendLowerASCII(t.arena, text[bi:j])
			bi, ri = j, ri+j-bi
			continue
		}
		r, size := utf8.DecodeRuneInString(text[bi:])
		if isWordRune(r) || (st.in && unicode.Is(unicode.Mn, r)) {
			st.wordRune(t, r, ri, bi)
			t.arena = appendFold(t.arena, r)
		} else {
			st.separator(t, r, ri, bi)
		}
		bi, ri = bi+size, ri+1
	}
	if st.in {
		st.cur.end, st.cur.be = ri, len(text)
		st.cur.ke = len(t.arena)
		t.toks = append(t.toks, st.cur)
	}
}

// asciiWord marks the ASCII letters and digits (isWordRune below 0x80).
var asciiWord = func() (w [utf8.RuneSelf]bool) {
	for c := range w {
		w[c] = isWordRune(rune(c))
	}
	return w
}()

// appendLowerASCII appends s, ASCII letters and digits only, in lower case: appendFold of each byte.
func appendLowerASCII(b []byte, s string) []byte {
	n := len(b)
	b = append(b, s...)
	for i := n; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// scanState is run's state between runes: the token being read, and the separators since the
// previous one.
type scanState struct {
	in                              bool
	cur                             token
	gapRunes, spaces, hyphens, apos int
	other                           bool
}

// wordRune handles a letter or digit at rune ri, byte bi (the caller folds it into the arena).
func (st *scanState) wordRune(t *tokenizer, r rune, ri, bi int) {
	if st.in {
		return
	}
	st.in = true
	st.cur = token{start: ri, bs: bi, ks: len(t.arena)}
	switch {
	case len(t.toks) == 0:
		st.cur.before = gapStart
	case st.other || st.gapRunes == 0:
		st.cur.before = gapBreak
	case st.hyphens == 1 && st.gapRunes == 1:
		st.cur.before = gapHyphen
	case st.apos == 1 && st.gapRunes == 1:
		st.cur.before = gapApos
	case st.spaces == st.gapRunes && st.spaces <= 3:
		st.cur.before = gapSpace
	default:
		st.cur.before = gapBreak
	}
	st.cur.upper = unicode.IsUpper(r)
	st.cur.lower = unicode.IsLower(r)
}

// separator handles any other rune at rune ri, byte bi: it ends the token being read.
func (st *scanState) separator(t *tokenizer, r rune, ri, bi int) {
	if st.in {
		st.in = false
		st.cur.end, st.cur.be = ri, bi
		st.cur.ke = len(t.arena)
		t.toks = append(t.toks, st.cur)
		st.gapRunes, st.spaces, st.hyphens, st.apos, st.other = 0, 0, 0, 0, false
	}
	st.gapRunes++
	switch {
	case isSpace(r):
		st.spaces++
	case isHyphen(r):
		st.hyphens++
	case isApos(r):
		st.apos++
	default:
		st.other = true
	}
}

func (t *tokenizer) key(i int) []byte { return t.arena[t.toks[i].ks:t.toks[i].ke] }

// keyOf folds a whole name the way the tokenizer does, joining its tokens with single spaces, so
// "États-Unis", "Etats Unis" and "ÉTATS-UNIS" share the key "etats unis" and "U.S." is "u s".
func keyOf(s string) string {
	t := getTokenizer()
	defer putTokenizer(t)
	// Dots go first so that "U.S." is "us" like "US", and "D.C." is "dc".
	t.run(strings.ReplaceAll(s, ".", ""))
	return t.joined(0, len(t.toks))
}

// joined is the key of tokens [i, j).
func (t *tokenizer) joined(i, j int) string {
	n := 0
	for k := i; k < j; k++ {
		n += t.toks[k].ke - t.toks[k].ks + 1
	}
	b := make([]byte, 0, n)
	for k := i; k < j; k++ {
		if k > i {
			b = append(b, ' ')
		}
		b = append(b, t.key(k)...)
	}
	return string(b)
}
