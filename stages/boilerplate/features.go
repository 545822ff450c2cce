package boilerplate

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one non-empty block of the page with the features the classifier reads.
type line struct {
	text   string // trimmed
	folded string // comparison form (foldLine)

	foldOff, foldEnd int // folded's place in the page's arena while parsing

	words  int // words; a run of CJK characters counts one word per two characters
	stops  int // FR + EN stop words
	runes  int
	letter int
	upper  int
	digits int
	legal  uint64 // one bit per different word of legal vocabulary
	dates  int    // words of a date stamp: month, weekday, number, "ago", "updated", …
	filler int    // the little words between them ("le", "at", "of", …)

	end         byte // last meaningful character class: '.', '?', '!', ':', ',', 'e' (ellipsis), 0
	startsLower bool
	linkish     bool // URL, e-mail, or "word.com"
	copyright   bool // ©, "(c)", "crédit", "getty images", …
	bullet      bool // starts with a list marker or pipe-separated items
	glued       bool // a headline run into its summary ("…Steakhouse" + "A party of six…")
	separators  int  // " | ", " · ", " • ", " > " between items (menus, breadcrumbs)
	hashtags    int  // words written #like-this

	// decisions
	lexKind  string
	lexMode  matchMode
	kind     string // boilerplate kind; "" = content
	strong   bool   // a real paragraph of running text
	repeated bool   // the page shows this line more than once
	inRail   bool   // under a rail heading
	phrase   bool   // holds the first word of a lexicon "contains" phrase
}

func (l *line) stopDensity() float64 {
	if l.words == 0 {
		return 0
	}
	return float64(l.stops) / float64(l.words)
}

func (l *line) endsSentence() bool {
	return l.end == '.' || l.end == '!' || l.end == '?'
}

// dateWords are the folded words a date stamp is made of, in French and English.
var dateWords = map[string]struct{}{}

func init() {
	for _, w := range strings.Fields(`janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
		janv fevr avr juil sept oct nov dec
		lundi mardi mercredi jeudi vendredi samedi dimanche
		january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
		ago updated update published posted publie mis modifie mise actualise
		today yesterday aujourd hui hier`) {
		dateWords[w] = struct{}{}
	}
	// Numbers and units count towards a stamp only next to one of the words above: a row of
	// figures or "every 2-3 hours" is no date stamp.
	for _, w := range strings.Fields(`0 am pm h min mn utc gmt cet cest est edt pst pdt bst ist heure heures
		hour hours minute minutes day days jours week weeks semaine semaines er th st nd rd
		il y a le la on at the of de du in a et and by par jour`) {
		dateFiller[w] = struct{}{}
	}
}

var dateFiller = map[string]struct{}{}

// measure fills the features of l from its text. buf is scratch space; the updated buffer is
// returned so callers can reuse it.
func (lx *lexicon) measure(l *line, buf []byte) []byte {
	s := l.text
	cjk := 0
	first := true
	var prev rune = ' '
	for i, r := range s {
		l.runes++
		if r < utf8.RuneSelf {
			// ASCII fast path: most of a French or English page.
			c := byte(r)
			switch {
			case c >= 'a' && c <= 'z':
				l.letter++
				if first {
					l.startsLower = true
				}
				first = false
			case c >= 'A' && c <= 'Z':
				l.letter++
				l.upper++
				first = false
			case c >= '0' && c <= '9':
				l.digits++
				first = false
			case c == '#' && (prev == ' ' || i == 0) && i+1 < len(s) && s[i+1] != ' ' && !(s[i+1] >= '0' && s[i+1] <= '9'):
				l.hashtags++
			case (c == '|' || c == '>' || c == '/') && prev == ' ' && i+1 < len(s) && s[i+1] == ' ':
				l.separators++
			}
			prev = r
			continue
		}
		switch {
		case unicode.IsLetter(r):
			l.letter++
			if unicode.IsUpper(r) {
				l.upper++
			}
			if first {
				l.startsLower = unicode.IsLower(r)
			}
			if r >= 0x3040 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				cjk++
			}
			first = false
		case unicode.IsDigit(r):
			l.digits++
			first = false
		case r == '©':
			l.copyright = true
		case (r == '·' || r == '•') && prev == ' ' && i+len(string(r)) < len(s) && s[i+len(string(r))] == ' ':
			l.separators++
		}
		prev = r
	}
	if s != "" {
		r, _ := utf8.DecodeRuneInString(s)
		switch r {
		case '•', '·', '-', '*', '▪', '►', '▶', '→', '»', '◦', '●', '■':
			l.bullet = true
		}
	}
	// Trailing quotes and brackets close a sentence: look through them for its punctuation.
	t := trimClosers(s)
	if t == "" {
		t = s
	}
	switch {
	case strings.HasSuffix(t, "…") || strings.HasSuffix(t, "..."):
		l.end = 'e'
	case strings.HasSuffix(t, "."), strings.HasSuffix(t, "。"):
		l.end = '.'
	case strings.HasSuffix(t, "!"):
		l.end = '!'
	case strings.HasSuffix(t, "?"):
		l.end = '?'
	case strings.HasSuffix(t, ":"):
		l.end = ':'
	case strings.HasSuffix(t, ","), strings.HasSuffix(t, ";"):
		l.end = ','
	}
	// The folded form is appended to the page's arena; parse turns the arena into one string
	// and gives each line its slice of it (one allocation per page, not per line).
	off := len(buf)
	buf = foldLine(buf, s)
	l.foldOff, l.foldEnd = off, len(buf)
	f := buf[off:]
	words := 0
	start := 0
	creditWord := false
	var prevHash uint64
	for i := 0; i <= len(f); i++ {
		if i < len(f) && f[i] != ' ' {
			continue
		}
		if i > start {
			words++
			w := f[start:i]
			hw := hashWord(w)
			if lx.phraseGate.has(unigramKey(hw)) || words > 1 && lx.phraseGate.has(bigramKey(prevHash, hw)) {
				l.phrase = true
			}
			prevHash = hw
			c, legal := lx.words.get(w, hw)
			l.legal |= legal
			if c != 0 {
				if c&wordCredit != 0 {
					creditWord = true
				}
				if c&wordStop != 0 {
					l.stops++
				}
				if c&wordDate != 0 {
					l.dates++
				} else if c&wordFiller != 0 {
					l.filler++
				}
			}
		}
		start = i + 1
	}
	// CJK scripts write no spaces: count characters instead so long paragraphs still look long.
	if cjk > 0 {
		words += cjk / 2
	}
	l.words = words
	// A glued teaser needs a four-word headline and a three-word summary.
	l.glued = l.words >= 7 && isGlued(s)
	// Links only matter on lines short enough to be menus or link lists.
	if l.words < 30 && strings.IndexByte(s, '.') >= 0 && (strings.Contains(s, "://") || strings.Contains(s, "www.") || containsDomain(s)) {
		l.linkish = true
	}
	if !l.copyright && l.words <= 40 && (creditWord || strings.IndexByte(s, '(') >= 0 || strings.IndexByte(s, ':') >= 0) {
		l.copyright = strings.Contains(s, "hoto:") || strings.Contains(s, "hoto :") || strings.Contains(s, " (C) ") ||
			strings.Contains(s, "redit:") || strings.Contains(s, "redit :") || strings.Contains(s, "rédit :") ||
			strings.Contains(s, "Photo/") || strings.Contains(s, "photo/") || bytes.Contains(f, []byte("file photo")) ||
			strings.HasSuffix(s, "(AP)") || strings.HasSuffix(s, "(AFP)") || strings.HasSuffix(s, "(Reuters)") ||
			bytes.Contains(f, []byte("credit photo")) || bytes.Contains(f, []byte("photo credit")) ||
			bytes.Contains(f, []byte("getty images")) || strings.Contains(s, "(c)") || bytes.Contains(f, []byte("shutterstock")) ||
			bytes.Contains(f, []byte("credits photo")) || bytes.Contains(f, []byte("photo afp")) || bytes.Contains(f, []byte("afp photo"))
	}
	return buf
}

// containsDomain reports a host name written in the text ("lemonde.fr", "example.com").
func containsDomain(s string) bool {
	for i := 1; i < len(s)-2; i++ {
		if s[i] != '.' || !isAlnum(s[i-1]) {
			continue
		}
		rest := s[i+1:]
		for _, tld := range [...]string{"com", "fr", "org", "net", "co.uk", "io", "info"} {
			if strings.HasPrefix(rest, tld) && (len(rest) == len(tld) || !isAlnum(rest[len(tld)])) {
				return true
			}
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isGlued finds a teaser whose headline and summary a naive renderer ran together: a headline in
// title case ("Customers Leave Without Paying $690 Bill At Troy Steakhouse") directly followed,
// without a space, by a capitalised sentence ("A party of six left…"). Inside words ("iPhone",
// "McDonald", "YouTube") the part before the capital is too short to be a headline.
func isGlued(s string) bool {
	words, caps := 0, 0
	wordStart := true
	spacesLeft := strings.Count(s, " ") // kept up to date so the test below stays linear
	for i := 0; i+2 < len(s); i++ {
		c := s[i]
		if c == ' ' {
			wordStart = true
			spacesLeft--
			continue
		}
		if wordStart {
			words++
			if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				caps++
			}
			if words >= 6 && caps*2 < words {
				return false // running text, not a headline
			}
			wordStart = false
			continue
		}
		n := s[i+1]
		if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') && n >= 'A' && n <= 'Z' {
			m := s[i+2]
			if (m >= 'a' && m <= 'z' || m == ' ') && words >= 4 && caps*10 >= words*7 && i >= 3 &&
				isLowerASCII(s[i-1]) == isLowerASCII(c) && spacesLeft >= 3 {
				return true
			}
		}
	}
	return false
}

func isLowerASCII(c byte) bool { return c >= 'a' && c <= 'z' }

// trimClosers drops the quotes, brackets and stars that may follow a sentence's punctuation.
func trimClosers(s string) string {
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		switch r {
		case ' ', '"', '\'', '”', '’', '»', ')', ']', '*':
			s = s[:len(s)-n]
		default:
			return s
		}
	}
	return s
}
