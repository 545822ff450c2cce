package boilerplate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one non-empty block of the page with the features the classifier reads.
type line struct {
	text   string // trimmed
	folded string // comparison form (foldLine)

	words  int // words; a run of CJK characters counts one word per two characters
	stops  int // FR + EN stop words
	runes  int
	letter int
	upper  int
	digits int
	dates  int // words of a date stamp: month, weekday, number, "ago", "updated", …
	filler int // the little words between them ("le", "at", "of", …)

	end         byte // last meaningful character class: '.', '?', '!', ':', ',', 'e' (ellipsis), 0
	startsLower bool
	linkish     bool // URL, e-mail, or "word.com"
	copyright   bool // ©, "(c)", "crédit", "getty images", …
	bullet      bool // starts with a list marker or pipe-separated items
	separators  int  // " | ", " · ", " • ", " > " between items (menus, breadcrumbs)
	hashtags    int  // words written #like-this

	// decisions
	lexKind  string
	lexMode  matchMode
	kind     string // boilerplate kind; "" = content
	strong   bool   // a real paragraph of running text
	repeated bool   // the page shows this line more than once
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
	for _, w := range strings.Fields(`0 janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
		janv fevr avr juil sept oct nov dec
		lundi mardi mercredi jeudi vendredi samedi dimanche
		january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
		am pm h min mn utc gmt cet cest est edt pst pdt bst ist heure heures hour hours minute minutes
		day days jour jours week weeks semaine semaines ago
		updated update published posted publie mis modifie mise actualise
		er th st nd rd today yesterday aujourd hui hier`) {
		dateWords[w] = struct{}{}
	}
	for _, w := range strings.Fields(`il y a le la on at the of de du in a et and by par jour`) {
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
	var last rune
	var prev rune = ' '
	for i, r := range s {
		l.runes++
		switch {
		case unicode.IsLetter(r):
			l.letter++
			if unicode.IsUpper(r) {
				l.upper++
			}
			if first {
				l.startsLower = unicode.IsLower(r)
			}
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				cjk++
			}
			first = false
		case unicode.IsDigit(r):
			l.digits++
			first = false
		case r == '©':
			l.copyright = true
		case r == '#' && (prev == ' ' || i == 0) && i+1 < len(s) && s[i+1] != ' ' && !(s[i+1] >= '0' && s[i+1] <= '9'):
			l.hashtags++
		case (r == '|' || r == '·' || r == '•' || r == '>' || r == '/') && prev == ' ' && i+len(string(r)) < len(s) && s[i+len(string(r))] == ' ':
			l.separators++
		}
		if !unicode.IsSpace(r) {
			last = r
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
	t := strings.TrimRight(s, " \"'”’»)]*")
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
	_ = last
	if strings.Contains(s, "://") || strings.Contains(s, "www.") || containsDomain(s) {
		l.linkish = true
	}

	buf = foldLine(buf, s)
	l.folded = string(buf)
	words := 0
	start := 0
	for i := 0; i <= len(buf); i++ {
		if i < len(buf) && buf[i] != ' ' {
			continue
		}
		if i > start {
			w := buf[start:i]
			words++
			if _, ok := lx.stop[string(w)]; ok {
				l.stops++
			}
			if _, ok := dateWords[string(w)]; ok {
				l.dates++
			} else if _, ok := dateFiller[string(w)]; ok {
				l.filler++
			}
		}
		start = i + 1
	}
	// CJK scripts write no spaces: count characters instead so long paragraphs still look long.
	if cjk > 0 {
		words += cjk / 2
	}
	l.words = words
	if !l.copyright {
		f := l.folded
		l.copyright = strings.Contains(f, "credit photo") || strings.Contains(f, "photo credit") ||
			strings.Contains(f, "getty images") || strings.Contains(s, "(c)") || strings.Contains(f, "shutterstock") ||
			strings.Contains(f, "credits photo") || strings.Contains(f, "photo afp") || strings.Contains(f, "afp photo")
	}
	return buf
}

// containsDomain reports a host name written in the text ("lemonde.fr", "example.com").
func containsDomain(s string) bool {
	for _, tld := range [...]string{".com", ".fr", ".org", ".net", ".co.uk", ".io", ".info"} {
		i := strings.Index(s, tld)
		if i <= 0 {
			continue
		}
		j := i + len(tld)
		if j < len(s) {
			c := s[j]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				continue
			}
		}
		c := s[i-1]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			return true
		}
	}
	return false
}
