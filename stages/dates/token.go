package dates

import (
	"unicode"
	"unicode/utf8"
)

type tkind uint8

const (
	tWord tkind = iota + 1
	tNum
	tPunct
)

// token is one word, digit run or punctuation mark. Letters and digits are split apart even when
// glued ("1er", "15th", "2018Q4", "18h30"); Glued says so, because "18h30" and "18 h 30" do not mean
// the same to every rule.
type token struct {
	kind  tkind
	low   string // folded word (lower case, no accents), the digits, or the punctuation rune
	num   int    // value of a digit run (capped), or -1
	ndig  int    // number of digits
	rs    int    // first rune offset
	re    int    // rune offset after the token
	bs    int    // first byte offset
	be    int    // byte offset after the token
	cap   bool   // the word starts with an upper-case letter
	glued bool   // no space between this token and the previous one
	nl    bool   // a newline lies between this token and the previous one

	// filled by the parser from its lexicon, once per token
	lx    lex
	inLx  bool
	phr   []phrase
	start bool // a rule may start here
	core  bool // more than a determiner or preposition: a date needs one of these nearby
}

// tokenize splits text into tokens. The folded words share one buffer, so a document costs a few
// allocations however long it is.
type foldSpan struct{ a, b, tok int }

func tokenize(text string, toks []token, fold []byte, spans []foldSpan) ([]token, []byte, []foldSpan) {
	toks = toks[:0]
	fold = fold[:0]
	spans = spans[:0] // fold offsets of each word token, turned into strings at the end
	runeOff := 0
	glued := false
	nl := false
	i := 0
	for i < len(text) {
		c := text[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case r == ' ' || r == '\t' || r == '\r' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			glued = false
			i += size
			runeOff++
		case r == '\n':
			glued, nl = false, true
			i += size
			runeOff++
		case r >= '0' && r <= '9':
			start, rstart := i, runeOff
			n, nd := 0, 0
			for i < len(text) && text[i] >= '0' && text[i] <= '9' {
				if n < 1_000_000 {
					n = n*10 + int(text[i]-'0')
				}
				nd++
				i++
				runeOff++
			}
			toks = append(toks, token{kind: tNum, low: text[start:i], num: n, ndig: nd, rs: rstart, re: runeOff, bs: start, be: i, glued: glued, nl: nl})
			glued, nl = true, false
		case unicode.IsLetter(r):
			start, rstart := i, runeOff
			fstart := len(fold)
			upper := unicode.IsUpper(r)
			for i < len(text) {
				c := text[i]
				var r rune
				size := 1
				if c < utf8.RuneSelf {
					r = rune(c)
				} else {
					r, size = utf8.DecodeRuneInString(text[i:])
				}
				if c >= '0' && c <= '9' || !unicode.IsLetter(r) {
					break
				}
				fold = appendFolded(fold, r)
				i += size
				runeOff++
			}
			spans = append(spans, foldSpan{fstart, len(fold), len(toks)})
			toks = append(toks, token{kind: tWord, num: -1, rs: rstart, re: runeOff, bs: start, be: i, cap: upper, glued: glued, nl: nl})
			glued, nl = true, false
		default:
			if r == utf8.RuneError && size == 1 {
				// Invalid UTF-8 is a separator: it can never be part of a date.
				glued = false
				i++
				runeOff++
				continue
			}
			low := punctName(r)
			if low == "" {
				low = text[i : i+size]
			}
			toks = append(toks, token{kind: tPunct, low: low, num: -1, rs: runeOff, re: runeOff + 1, bs: i, be: i + size, glued: glued, nl: nl})
			i += size
			runeOff++
			glued, nl = true, false
		}
	}
	all := string(fold)
	for _, s := range spans {
		toks[s.tok].low = all[s.a:s.b]
	}
	return toks, fold, spans
}

// punctName gives one spelling to the many forms of the same mark.
func punctName(r rune) string {
	switch r {
	case '\'', '’', 'ʼ', '‘':
		return "'"
	case '-', '–', '—', '‐', '‑', '−':
		return "-"
	case '/':
		return "/"
	case '.':
		return "."
	case ',':
		return ","
	case ':':
		return ":"
	case '(':
		return "("
	case ')':
		return ")"
	}
	return ""
}

// appendFolded appends r in lower case without its accent.
func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	switch r {
	case 'à', 'â', 'ä', 'á', 'ã', 'À', 'Â', 'Ä', 'Á':
		return append(b, 'a')
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return append(b, 'e')
	case 'î', 'ï', 'í', 'Î', 'Ï':
		return append(b, 'i')
	case 'ô', 'ö', 'ó', 'Ô', 'Ö':
		return append(b, 'o')
	case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü':
		return append(b, 'u')
	case 'ç', 'Ç':
		return append(b, 'c')
	case 'œ', 'Œ':
		return append(b, 'o', 'e')
	case 'ÿ', 'Ÿ':
		return append(b, 'y')
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}
