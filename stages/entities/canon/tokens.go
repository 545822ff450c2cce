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
	in := false
	var cur token
	// Separator state since the previous token.
	gapRunes, spaces, hyphens, apos := 0, 0, 0, 0
	other := false
	ri := 0
	for bi, r := range text {
		if isWordRune(r) || (in && unicode.Is(unicode.Mn, r)) {
			if !in {
				in = true
				cur = token{start: ri, bs: bi, ks: len(t.arena)}
				switch {
				case len(t.toks) == 0:
					cur.before = gapStart
				case other || gapRunes == 0:
					cur.before = gapBreak
				case hyphens == 1 && gapRunes == 1:
					cur.before = gapHyphen
				case apos == 1 && gapRunes == 1:
					cur.before = gapApos
				case spaces == gapRunes && spaces <= 3:
					cur.before = gapSpace
				default:
					cur.before = gapBreak
				}
				cur.upper = unicode.IsUpper(r)
				cur.lower = unicode.IsLower(r)
			}
			t.arena = appendFold(t.arena, r)
		} else {
			if in {
				in = false
				cur.end, cur.be = ri, bi
				cur.ke = len(t.arena)
				t.toks = append(t.toks, cur)
				gapRunes, spaces, hyphens, apos, other = 0, 0, 0, 0, false
			}
			gapRunes++
			switch {
			case isSpace(r):
				spaces++
			case isHyphen(r):
				hyphens++
			case isApos(r):
				apos++
			default:
				other = true
			}
		}
		ri++
	}
	if in {
		cur.end, cur.be = ri, len(text)
		cur.ke = len(t.arena)
		t.toks = append(t.toks, cur)
	}
}

func (t *tokenizer) key(i int) []byte { return t.arena[t.toks[i].ks:t.toks[i].ke] }

// keyOf folds a whole name the way the tokenizer does, joining its tokens with single spaces, so
// "États-Unis", "Etats Unis" and "ÉTATS-UNIS" share the key "etats unis" and "U.S." is "u s".
func keyOf(s string) string {
	var t tokenizer
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
