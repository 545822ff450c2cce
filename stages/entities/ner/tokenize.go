package ner

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one token of a text. Start and End are Unicode code points into the text (End
// exclusive), as the pipeline's offsets are; Byte and ByteEnd are byte offsets into the same text so
// callers can slice it without re-counting.
type Token struct {
	Text      string
	Start     int
	End       int
	Byte      int
	ByteEnd   int
	LineStart bool // first token after a line break (or of the text): a paragraph starts here
}

// elisionsFR are the French words that lose their vowel before another vowel ("l'État",
// "jusqu'à"): the training data writes them as their own token, apostrophe included.
var elisionsFR = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "jusqu": true, "lorsqu": true, "puisqu": true, "quoiqu": true, "presqu": true,
}

// cliticsEN are the English clitics the training data splits off ("Russia's" → "Russia" "'s").
var cliticsEN = []string{"s", "t", "m", "d", "ll", "ve", "re"}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

func isHyphen(r rune) bool { return r == '-' || r == '‐' || r == '‑' }

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

// asciiWord is isWordRune for ASCII: most runes of the text, and for punctuation the general test
// ends in two searches of Unicode's mark tables.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// runeAt decodes the rune at byte i of s (utf8.RuneError with width 1 for a bad byte, 0 at the end).
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	return utf8.DecodeRuneInString(s[i:])
}

// Tokenize splits text into tokens the way the CoNLL training data is tokenised: words (with inner
// hyphens kept, "Saint-Louis", "Al-Qaïda"), numbers with inner separators ("3,5", "1.000"),
// acronyms with dots ("U.S."), French elisions as their own token ("l'", "qu'", with ' or ’), English
// clitics split ("'s", "n't"), and every other punctuation mark or symbol as its own token (except
// runs of dots, "..."). Invalid UTF-8 bytes become one-code-point symbol tokens, as
// utf8.RuneCountInString counts them, so offsets stay consistent. It never fails.
func Tokenize(text string) []Token {
	return AppendTokens(nil, text)
}

// AppendTokens is Tokenize appending to toks, so a caller can reuse its slice.
func AppendTokens(toks []Token, text string) []Token {
	cp := 0 // code point index of byte i
	lineStart := true
	i := 0
	for i < len(text) {
		r, w := runeAt(text, i)
		if r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' {
			lineStart = true
			i += w
			cp++
			continue
		}
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			i += w
			cp++
			continue
		}
		start, startCP := i, cp
		if isWordRune(r) {
			end, endCP := scanWord(text, i, cp)
			// "l' homme": pre-tokenised text puts a space after the elision; "l" + "'" is still
			// the elided article.
			if a, aw := runeAt(text, end); isApostrophe(a) && elisionsFR[strings.ToLower(text[i:end])] {
				if nx, _ := runeAt(text, end+aw); !isWordRune(nx) {
					end, endCP = end+aw, endCP+1
				}
			}
			toks = appendWord(toks, text, start, end, startCP, endCP, lineStart)
			i, cp = end, endCP
		} else if n := leadingAffix(text, i, r, w); n > 0 {
			// "'s", "n't" or "-ci" standing alone in pre-tokenised text.
			end, endCP := i+n, cp+utf8.RuneCountInString(text[i:i+n])
			toks = append(toks, Token{Text: text[i:end], Start: cp, End: endCP, Byte: i, ByteEnd: end, LineStart: lineStart})
			i, cp = end, endCP
		} else {
			// A run of dots stays whole ("..."), any other mark is one token.
			i += w
			cp++
			if r == '.' {
				for {
					r2, w2 := runeAt(text, i)
					if r2 != '.' {
						break
					}
					i += w2
					cp++
				}
			}
			toks = append(toks, Token{Text: text[start:i], Start: startCP, End: cp, Byte: start, ByteEnd: i, LineStart: lineStart})
		}
		lineStart = false
	}
	return toks
}

// frenchEnclitics follow a verb or pronoun after a hyphen ("celle-ci", "dit-il"); pre-tokenised text
// writes them as their own token ("celle -ci").
var frenchEnclitics = map[string]bool{"ci": true, "là": true, "il": true, "elle": true, "ils": true,
	"elles": true, "on": true, "t": true, "moi": true, "toi": true, "nous": true, "vous": true,
	"le": true, "la": true, "les": true, "lui": true, "leur": true, "y": true, "en": true, "même": true}

// leadingAffix returns the byte length of a clitic or enclitic that starts at byte i after a space
// ("'s", "'ll", "n't" is handled in words; "-ci"), or 0.
func leadingAffix(text string, i int, r rune, w int) int {
	if i > 0 && !unicode.IsSpace(lastRune(text[:i])) {
		return 0
	}
	if !isApostrophe(r) && !isHyphen(r) {
		return 0
	}
	j := i + w
	for {
		r2, w2 := runeAt(text, j)
		if w2 == 0 || !unicode.IsLetter(r2) {
			break
		}
		j += w2
	}
	if j == i+w {
		return 0
	}
	if nx, _ := runeAt(text, j); isWordRune(nx) || isApostrophe(nx) || isHyphen(nx) {
		return 0
	}
	tail := text[i+w : j]
	if isApostrophe(r) && clitic(tail) || isHyphen(r) && frenchEnclitics[tail] {
		return j - i
	}
	return 0
}

// abbreviations keep their final dot ("Mr.", "St.", "etc.").
var abbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true,
	"jr": true, "sr": true, "mt": true, "no": true, "vs": true, "inc": true, "ltd": true, "co": true,
	"corp": true, "etc": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true,
	"gov": true, "sen": true, "rep": true, "prof": true, "mme": true, "mlle": true, "mgr": true,
	"av": true, "bd": true, "ste": true, "cf": true, "ex": true, "al": true, "ep": true}

// scanWord returns the end (byte, code point) of the word starting at byte i. Inner hyphens,
// apostrophes and dots are kept when a word rune follows them; the apostrophe cases are split again
// by appendWord.
func scanWord(text string, i, cp int) (int, int) {
	letters := 0 // letters since the last dot, to recognise acronyms ("U.S.")
	allDotted := true
	dotted := false
	start := i
	for {
		// ASCII letters and digits, the most of any word, without decoding.
		for i < len(text) && text[i] < utf8.RuneSelf && asciiWord[text[i]] {
			i++
			cp++
			letters++
		}
		r, w := runeAt(text, i)
		if w == 0 {
			return i, cp
		}
		if isWordRune(r) {
			i += w
			cp++
			letters++
			continue
		}
		next, nw := runeAt(text, i+w)
		switch {
		case (isHyphen(r) || isApostrophe(r) || r == '–' || r == '&') && nw > 0 && isWordRune(next):
			i += w
			cp++
			allDotted = false
			continue
		case (r == ',' || r == '.' || r == ':') && nw > 0 && unicode.IsDigit(next) && i > 0 && unicode.IsDigit(lastRune(text[:i])):
			i += w
			cp++
			continue
		case r == '.' && letters == 1 && allDotted && (unicode.IsUpper(lastRune(text[:i])) || dotted || nw > 0 && unicode.IsLetter(next)):
			// "U.S.", "e.g.", "J. K. Rowling", "M. Macron": a single capital followed by a dot,
			// or single letters between dots, are initials or acronyms; the dot belongs to them.
			i += w
			cp++
			letters = 0
			dotted = true
			if nw > 0 && unicode.IsLetter(next) {
				continue
			}
			return i, cp
		case r == '.' && allDotted && !dotted && abbreviations[strings.ToLower(text[start:i])]:
			return i + w, cp + 1
		}
		return i, cp
	}
}

// mayHaveApostrophe reports whether s has a byte that is ' or starts ’ or ʼ.
func mayHaveApostrophe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\'' || c == 0xe2 || c == 0xca {
			return true
		}
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// appendWord appends the word text[b:e] (code points cb..ce), splitting French elisions off its
// front and English clitics off its back.
func appendWord(toks []Token, text string, b, e, cb, ce int, lineStart bool) []Token {
	for {
		// Find the first apostrophe inside the word. Most words have none: ' is ASCII, and ’ and ʼ
		// start with bytes no accented Latin letter starts with.
		if !mayHaveApostrophe(text[b:e]) {
			break
		}
		k, kcp := -1, cb
		for j := b; j < e; {
			r, w := runeAt(text, j)
			if isApostrophe(r) {
				k = j
				break
			}
			j += w
			kcp++
		}
		if k < 0 {
			break
		}
		_, aw := runeAt(text, k)
		head := text[b:k]
		if strings.EqualFold(head, "n") && strings.EqualFold(text[k+aw:e], "t") {
			break // "n't" standing alone: the English negation, not "n'"
		}
		tail := text[k+aw : e]
		if elisionsFR[strings.ToLower(head)] {
			toks = append(toks, Token{Text: text[b : k+aw], Start: cb, End: kcp + 1, Byte: b, ByteEnd: k + aw, LineStart: lineStart})
			lineStart = false
			b, cb = k+aw, kcp+1
			continue
		}
		if clitic(tail) {
			// "don't" → "do" "n't"; "Russia's" → "Russia" "'s".
			hb, hcp := k, kcp
			if strings.EqualFold(tail, "t") && strings.HasSuffix(strings.ToLower(head), "n") && len(head) > 1 {
				hb, hcp = k-1, kcp-1
			}
			toks = append(toks, Token{Text: text[b:hb], Start: cb, End: hcp, Byte: b, ByteEnd: hb, LineStart: lineStart})
			toks = append(toks, Token{Text: text[hb:e], Start: hcp, End: ce, Byte: hb, ByteEnd: e})
			return toks
		}
		break // "aujourd'hui", "O'Neill", "prud'homme": one word
	}
	if b == e {
		return toks
	}
	return append(toks, Token{Text: text[b:e], Start: cb, End: ce, Byte: b, ByteEnd: e, LineStart: lineStart})
}

func clitic(tail string) bool {
	for _, c := range cliticsEN {
		if strings.EqualFold(tail, c) {
			return true
		}
	}
	return false
}

// Sentences groups tokens into sentences: a break after ".", "!", "?" or "…" when the next token
// opens a sentence (capital, digit, quote or dash), and at every line start. It returns the index
// of each sentence's first token, plus len(toks) at the end.
func Sentences(toks []Token) []int {
	bounds := []int{0}
	if len(toks) == 0 {
		return bounds
	}
	for i := 1; i < len(toks); i++ {
		if toks[i].LineStart || (endsSentence(toks[i-1].Text) && opensSentence(toks[i].Text)) || i-bounds[len(bounds)-1] >= maxSentence {
			bounds = append(bounds, i)
		}
	}
	return append(bounds, len(toks))
}

// maxSentence caps a sentence's length so one odd page (a table without full stops) still decodes
// in bounded work per sentence.
const maxSentence = 250

func endsSentence(t string) bool {
	switch t {
	case ".", "!", "?", "…", "...", "!?", "?!":
		return true
	}
	return false
}

func opensSentence(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '«' || r == '"' || r == '“' || r == '—' || r == '–' || r == '-'
}
