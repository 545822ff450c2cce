package canon

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// runRuneByRune is the definition run keeps to: the rune-by-rune loop it replaced.
func (t *tokenizer) runRuneByRune(text string) {
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

// FuzzTokenizer: run, with its ASCII fast path, gives the tokens and folded keys of the rune-by-rune
// definition, for any text, valid UTF-8 or not.
func FuzzTokenizer(f *testing.F) {
	for _, s := range []string{
		"", "Les États-Unis (EU) et l’armée américaine", "U.S. Army's base in Niger", "ŒUVRE Straße",
		"e\u0301tats-unis", "a  b   c    d", "x-\u2010y", "\xff\xfeAB\x80c", "naïve café 123abc",
		strings.Repeat("Ab1 ", 40), "l'EI d’Agadez", "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789 @[`{", "\tTab\u00a0nbsp\u202fnnbsp",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var got, want tokenizer
		got.run(text)
		want.runRuneByRune(text)
		if !slices.Equal(got.toks, want.toks) {
			t.Fatalf("tokens of %q:\n got %+v\nwant %+v", text, got.toks, want.toks)
		}
		if string(got.arena) != string(want.arena) {
			t.Fatalf("keys of %q: got %q, want %q", text, got.arena, want.arena)
		}
	})
}
