package canon

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/entities/truecase"
)

// resolved is what Link decided for one entity before the document-level rules.
type resolved struct {
	canonical, code string
	known           bool   // found in a table or by a rule, not just cleaned up
	key             string // folded key of the cleaned surface
	tokens          int    // tokens in the cleaned surface
	titled          bool   // a title or article was cut off to make key ("Lord Stanley" → "stanley")
	table           string // the table that knew the name: PER, LOC, ORG, MISC (also demonyms), or ""
	retype          string // the type the entity gets instead of the tagger's, or ""
	linked          bool   // known only as the surname of a full name no table knows
}

// minContext is the length, in bytes, from which a text counts as an article rather than a lone
// sentence or headline: about three sentences of news.
const minContext = 400

// seats are the organisations named after their building: a place in "à l'Élysée", the
// institution in "l'Élysée a démenti". The tagger sees the context, so its type stands.
var seats = map[string]bool{
	"Pentagon": true, "White House": true, "Kremlin": true, "Élysée Palace": true,
	"Ministry of Foreign Affairs (France)": true, "Downing Street": true,
}

// elisions are French clitics glued to a name by an apostrophe ("l'EI", "d'Agadez"), and articles
// are words a tagger sometimes includes ("la Russie", "the Pentagon"); names are looked up with and
// without them, and "Le Caire", "La Haye", "The Hague" stay found because the full form is tried first.
var elisions = map[string]bool{"l": true, "d": true, "qu": true, "j": true, "s": true, "n": true, "c": true, "jusqu": true, "lorsqu": true, "puisqu": true}

var articles = map[string]bool{"le": true, "la": true, "les": true, "l": true, "the": true, "du": true, "des": true, "de": true}

// titles precede a person's name and are not part of it (the seeds gold leaves them out of spans).
var titles = map[string]bool{
	"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true, "mr": true, "mrs": true, "ms": true, "dr": true,
	"pr": true, "me": true, "mgr": true, "president": true, "presidente": true, "general": true,
	"colonel": true, "capitaine": true, "captain": true, "lieutenant": true, "commandant": true,
	"marechal": true, "amiral": true, "admiral": true, "ministre": true, "minister": true, "premier": true,
	"prime": true, "sir": true, "dame": true, "lord": true, "lady": true, "senateur": true, "senatrice": true,
	"senator": true, "depute": true, "deputee": true, "juge": true, "judge": true,
	"maitre": true, "roi": true, "reine": true, "king": true, "queen": true, "prince": true, "princesse": true,
	"princess": true, "cheikh": true, "sheikh": true, "emir": true, "imam": true, "ayatollah": true,
	"chancelier": true, "chanceliere": true, "chancellor": true, "secretary": true, "governor": true,
	"gouverneur": true, "mayor": true, "maire": true, "pape": true, "pope": true,
	// English abbreviations: "Gov. Kristi Noem", "Lt Col Alexander Vindman", "Sen.", "Rep."
	"gov": true, "sen": true, "rep": true, "gen": true, "lt": true, "col": true, "sgt": true,
	"capt": true, "adm": true, "prof": true,
}

// offices are the titles of offices, which no one bears as a name: they go from a canonical name
// even before a surname alone ("President Trump" is Trump, as "Mr. Trump" is), unlike "Lady Gaga",
// "King Vidor", "Captain Beefheart" or "Maître Gims".
var offices = map[string]bool{
	"president": true, "presidente": true, "senator": true, "senateur": true, "senatrice": true, "sen": true,
	"governor": true, "gouverneur": true, "gov": true, "secretary": true, "chancellor": true, "chancelier": true,
	"chanceliere": true, "minister": true, "ministre": true, "mayor": true, "maire": true, "rep": true,
	"depute": true, "deputee": true,
}

// addressForms are the abbreviated forms of address that only a person's name follows: they go
// from a canonical name even before a surname alone ("Mr. Trump" is Trump, "Mme Borne" Borne),
// where another title may belong to the name ("Lady Gaga"). Not "M." (also an initial: "M. M.
// Robinson High School"; "M. Pokora" is a singer's name) nor "Dr." ("Dr. Vidya" is a film).
var addressForms = map[string]bool{"mr": true, "mrs": true, "ms": true, "mme": true, "mmes": true, "mlle": true, "mlles": true}

// AddressForm reports whether word ("Mr.", "Mme") is a form of address (addressForms), which
// the entities stage takes for the sign of a person.
func AddressForm(word string) bool {
	return addressForms[strings.ToLower(strings.TrimSuffix(word, "."))]
}

// Link fills Canonical, and Code where one exists, of every entity in place, overwriting what was
// there. text is the document the entities' Start/End (code points) point into; it is used for
// acronyms defined in parentheses ("État islamique (EI)"), for linking a surname to the full name
// written elsewhere in the document, and for deciding which country an ambiguous demonym means.
// It changes an entity's Type in three cases only, where the tables or the text contradict the
// tagger: a lone "person" that only the place, organisation or other tables know; a "place" that
// only the curated organisations know; and a one-word "place" or "organisation" that is the surname
// of a person named in full in the text.
// Entities whose offsets do not fit text are still linked by their Text alone.
func (l *Linker) Link(lang, text string, ents []pipeline.Entity) {
	l.LinkMentions(lang, text, ents, nil)
}

// LinkMentions is Link with what Scan found in the same text and language, when the caller has it,
// so that the text is not read a second time for its mentions of countries.
func (l *Linker) LinkMentions(lang, text string, ents []pipeline.Entity, m *Mentions) {
	if len(ents) == 0 {
		return
	}
	var counts map[string]int
	countsDone := false
	if m != nil {
		counts, countsDone = m.countries, true
	}
	docCounts := func() map[string]int {
		if !countsDone {
			t := getTokenizer()
			t.run(text)
			_, counts = l.scan(lang, t, false)
			putTokenizer(t)
			countsDone = true
		}
		return counts
	}
	res := make([]resolved, len(ents))
	// A name recurs in an article ("Niger" ten times): base depends only on the type, the surface
	// and the document, so each distinct pair is resolved once.
	type mention struct{ typ, text string }
	seen := make(map[mention]int, len(ents))
	for i := range ents {
		m := mention{ents[i].Type, ents[i].Text}
		if j, ok := seen[m]; ok {
			res[i] = res[j]
			continue
		}
		seen[m] = i
		res[i] = l.base(lang, ents[i].Type, ents[i].Text, docCounts)
		if ents[i].Type == "ORG" && stateForm(ents[i].Text) {
			// "La Fédération de Russie va doter le Niger": a country's official name is the
			// country, even as an actor (CoNLL; the French silver data tags it LOC). "la
			// France" stays an organisation when it plays football: it has no state form.
			if r := l.base(lang, "LOC", ents[i].Text, docCounts); r.known && r.code != "" {
				r.retype = "LOC"
				res[i] = r
			}
		}
	}
	defs := l.acronyms(lang, text, ents, res, docCounts)

	var trust nameTrust // each name is judged once, however often its surname recurs
	names := l.fullNames(ents, res, func(j int) bool { return trust.fullName(lang, text, ents, ents[j].Text) })
	for i := range ents {
		r := &res[i]
		if d, ok := defs[r.key]; ok && r.key != "" {
			r.canonical, r.code, r.known = d.canonical, d.code, true // its type: after this loop
		} else if ents[i].Type == "PER" || (!r.known && r.tokens == 1) {
			if j := names.nearest(ents, r.key, ents[i].Start); j >= 0 {
				if ents[i].Type == "PER" {
					r.canonical, r.code, r.known, r.linked = res[j].canonical, res[j].code, true, !res[j].known
				} else if trust.looksLikeName(text, ents[j].Text, ents[i].Text) {
					r.canonical, r.code, r.known, r.linked = res[j].canonical, res[j].code, true, !res[j].known
					if trust.writtenMidSentence(text, ents, ents[j].Text) {
						// The tagger called a surname a place or an organisation ("Buttigieg",
						// "Bloomberg" after "Michael Bloomberg"); the full name says who it is.
						r.retype = "PER"
					}
				}
			} else if ents[i].Type == "PER" && !r.known && !r.titled {
				// A lone name the tagger calls a person but that only the other tables know is a
				// typing error ("la compagnie paramilitaire Wagner", "Washington a décidé"); a real
				// person of that name would have a full name in the text, found just above. In a
				// text long enough for that to hold, the entity also takes the type of the table
				// that knew it, so that its type and its canonical name tell one story; a lone
				// sentence ("les explorateurs Stanley et Livingstone") keeps the tagger's type.
				if e, table, ok := l.lookupTable(lang, "", r.key, docCounts); ok && (!e.acronym || isAllCaps(ents[i].Text)) {
					r.canonical, r.code, r.known = e.canonical, e.code, true
					if len(text) >= minContext {
						r.retype = table
					}
				}
			}
		} else if ents[i].Type == "LOC" && r.table == "ORG" && !seats[r.canonical] {
			// A "place" that no place table knows but the curated organisations do is the
			// organisation: "l'État islamique a revendiqué", "l'OTAN". The other way round stays
			// as tagged: "la France" is an organisation when it plays football.
			r.retype = "ORG"
		}
	}
	// An acronym defined in the text takes its long form's type, as the tables may have corrected
	// it: "British Virgin Islands (BVI)" makes the BVI a place, "État islamique (EI)", which the
	// tagger may call a place, an organisation.
	for i := range ents {
		if d, ok := defs[res[i].key]; ok && res[i].key != "" && d.long >= 0 {
			typ := ents[d.long].Type
			if t := res[d.long].retype; t != "" {
				typ = t
			}
			if typ != ents[i].Type {
				res[i].retype = typ
			}
		}
	}
	// An unknown name written in headline capitals and in running text gets one canonical, the
	// running-text spelling ("JOE BLOGGS" and "Joe Bloggs" → "Joe Bloggs").
	var spelled map[string]string
	for i := range res {
		if r := res[i]; !r.known && r.key != "" && hasLower(r.canonical) {
			if spelled == nil {
				spelled = map[string]string{}
			}
			if _, ok := spelled[r.key]; !ok {
				spelled[r.key] = r.canonical
			}
		}
	}
	// respelled maps each such canonical in capitals to its new spelling, for the mentions linked
	// to it too: "Inaba" after "CARRIE ANN INABA" took the name's canonical as it then was.
	var respelled map[string]string
	for i := range ents {
		r := res[i]
		if r.known || hasLower(r.canonical) {
			continue
		}
		to := r.canonical
		if s, ok := spelled[r.key]; ok {
			to = s
		} else if ents[i].Type == "PER" || ents[i].Type == "LOC" {
			// A person or place the text writes only in capitals ("TAYLOR SWIFT", "LOS
			// ANGELES" in a headline) is named as running text would write it, so that it
			// meets its other pages' mentions; acronyms and codes ("USB-C", "NYC") stay.
			to = titleCased(r.canonical)
		}
		if to != r.canonical {
			if respelled == nil {
				respelled = map[string]string{}
			}
			if _, ok := respelled[r.canonical]; !ok {
				respelled[r.canonical] = to
			}
		}
	}
	for i := range ents {
		r := res[i]
		if s, ok := respelled[r.canonical]; ok && (!r.known || r.linked) {
			r.canonical = s
		}
		ents[i].Canonical, ents[i].Code = r.canonical, r.code
		if r.retype != "" {
			ents[i].Type = r.retype
		}
	}
}

// nameTrust remembers looksLikeName and writtenMidSentence for one text: both read the whole
// text, and a long page may name the same person a thousand times.
type nameTrust struct {
	looks map[[2]string]bool
	mid   map[string]bool
	full  map[string]bool
}

func (m *nameTrust) looksLikeName(text, name, short string) bool {
	k := [2]string{name, short}
	v, ok := m.looks[k]
	if !ok {
		if m.looks == nil {
			m.looks = map[[2]string]bool{}
		}
		v = looksLikeName(text, name, short)
		m.looks[k] = v
	}
	return v
}

func (m *nameTrust) fullName(lang, text string, ents []pipeline.Entity, name string) bool {
	v, ok := m.full[name]
	if !ok {
		if m.full == nil {
			m.full = map[string]bool{}
		}
		v = fullName(lang, text, name, func() bool { return m.writtenMidSentence(text, ents, name) })
		m.full[name] = v
	}
	return v
}

// fullName reports whether name, a span of two words or more the tagger calls a person, may lend
// itself to the surname alone. A word in lower case before the last is no name's ("Taylor told
// Dempsey") but for the particles; and in English a common word before the last (truecase.Common:
// "Maybe Instagram likes it", "Porting Mercurial to Python 3", the nickname "Canine Dion") is a
// capital of the line or the sentence, unless the name is written in mid-sentence, where a
// capital means a name, and the text never writes the word in lower case ("Miles Davis" in a text
// without "miles").
func fullName(lang, text, name string, midSentence func() bool) bool {
	words := strings.Fields(name)
	for _, w := range words[:len(words)-1] {
		bare := strings.TrimRight(w, ".,")
		if particles[w] || particles[strings.ToLower(w)] || titles[keyOf(bare)] {
			continue // "Gov. Kristi Noem", "Captain Jack Sparrow": a title is no common word here
		}
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			return false
		}
		if lang == "en" && truecase.Lowered(bare) && (!midSentence() || WrittenInLowerCase(text, w)) {
			return false
		}
	}
	return true
}

func (m *nameTrust) writtenMidSentence(text string, ents []pipeline.Entity, name string) bool {
	v, ok := m.mid[name]
	if !ok {
		if m.mid == nil {
			m.mid = map[string]bool{}
		}
		v = writtenMidSentence(text, ents, name)
		m.mid[name] = v
	}
	return v
}

// looksLikeName reports whether name, a full name the tagger calls a person, may name short, a
// one-word mention the tagger typed as something else. Headlines in title case make false full
// names ("Do Coinbase", "Walking Vincent", "Dion's Instagram", "50 Dell"), so every word but the
// last must be capitalised or a particle ("van der", "de", "bin"), none may be a word the text
// also writes in lower case ("do", "walking"; not "Julian", "Pete"), and short must not be one
// either ("Safe Browsing" … "browsing"). A first name that is also a common word ("Bill Gates" in
// a text about a bill) fails too: the cost is a surname left unlinked, not a wrong person.
func looksLikeName(text, name, short string) bool {
	if WrittenInLowerCase(text, short) {
		return false
	}
	words := strings.Fields(name)
	if len(words) < 2 {
		return false
	}
	for _, w := range words[:len(words)-1] {
		if particles[w] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
			return false
		}
		if WrittenInLowerCase(text, w) {
			return false
		}
	}
	return true
}

// writtenMidSentence reports whether one of the person mentions written as name follows a letter,
// digit, comma or bracket on its line ("co-founder Julian Assange", "CEO Tim Cook"), where a
// capital means a name, rather than a line start, a full stop, a colon, a quote or a dash, where
// any word has one ("Maybe Instagram likes it", "Next: Seeking Solitude").
func writtenMidSentence(text string, ents []pipeline.Entity, name string) bool {
	pos := runeCursor{text: text}
	for k := range ents {
		if ents[k].Type != "PER" || ents[k].Text != name {
			continue
		}
		b, ok := pos.byteAt(ents[k].Start)
		if !ok {
			continue
		}
		before := strings.TrimRight(text[:b], " \t\u00a0")
		r, _ := utf8.DecodeLastRuneInString(before)
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == '(' || r == ')' {
			return true
		}
	}
	return false
}

// particles are the lower-case words inside people's names.
var particles = map[string]bool{
	"de": true, "du": true, "des": true, "d'": true, "la": true, "le": true, "van": true, "von": true,
	"der": true, "den": true, "ter": true, "zu": true, "da": true, "di": true, "del": true, "della": true,
	"dos": true, "das": true, "bin": true, "ibn": true, "al": true, "el": true, "ben": true, "y": true,
}

// WrittenInLowerCase reports whether text also writes word, a capitalised word, in lower case as a
// word of running text: then it is a common word ("Do", "The", "Walking") that a headline, a
// sentence start or a title-case line capitalised, not a name. Acronyms are names whatever their
// lower case means ("US" and "us", "AI" and "ai"), and a lower-case form inside a web address or a
// command ("amazon.com", "/usr/bin/openssl") says nothing.
func WrittenInLowerCase(text, word string) bool {
	low := strings.ToLower(word)
	if low == word || isAllCaps(word) {
		return false
	}
	return containsWord(text, low)
}

func isAllCaps(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n >= 2
}

// containsWord reports whether w occurs in text as a word of running text: after a space, a line
// start or an opening bracket or quote, and before a space, the end or a closing mark (a full stop
// only when a space or the end follows it).
func containsWord(text, w string) bool {
	for from := 0; ; {
		i := strings.Index(text[from:], w)
		if i < 0 {
			return false
		}
		a, b := from+i, from+i+len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:a])
		after, size := utf8.DecodeRuneInString(text[b:])
		if (a == 0 || opensWord(before)) && (b == len(text) || closesWord(after, text[b+size:])) {
			return true
		}
		from = a + 1
	}
}

func opensWord(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("(\"“«‘'’[", r)
}

func closesWord(r rune, rest string) bool {
	if r == '.' {
		next, _ := utf8.DecodeRuneInString(rest)
		return rest == "" || unicode.IsSpace(next)
	}
	return unicode.IsSpace(r) || strings.ContainsRune(",;:!?)\"”»’'-]", r)
}

// stateForms are the first words of countries' official names ("Fédération de Russie", "Republic
// of Korea", "République française"), folded as keyOf folds them.
var stateForms = map[string]bool{
	"federation": true, "republique": true, "republic": true, "royaume": true, "kingdom": true,
	"etat": true, "state": true, "principaute": true, "principality": true, "emirats": true,
	"sultanat": true, "sultanate": true, "commonwealth": true, "confederation": true,
}

// stateForm says whether name begins with the form of a state, two words or more.
func stateForm(name string) bool {
	first, rest, ok := strings.Cut(strings.TrimSpace(name), " ")
	return ok && strings.TrimSpace(rest) != "" && stateForms[keyOf(first)]
}

// titleCased writes a name in capitals with a capital at the start of each word and after a
// hyphen or an apostrophe ("JEAN-PIERRE", "D'ARTAGNAN"), when every word is made of letters and it
// reads as a name: two words or more (a hyphen parts two), one of four letters or more ("LOS
// ANGELES", "MIAMI-DADE"), or one word of six letters or more ("CALIFORNIA"). Anything else is
// returned as it is: acronyms and codes ("USVI", "EVGA", "USB-C").
func titleCased(s string) string {
	longest, words := 0, 0
	for _, w := range strings.Fields(s) {
		words++
		n := 0
		for _, r := range w {
			switch {
			case unicode.IsLetter(r):
				n++
				longest = max(longest, n)
			case r == '-':
				words++ // "MIAMI-DADE" is two words
				n = 0
			case r == '\'' || r == '’' || r == '.':
				n = 0
			default:
				return s
			}
		}
	}
	if !(words >= 2 && longest >= 4 || longest >= 6) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		if unicode.IsLetter(r) {
			if start {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = false
			continue
		}
		b.WriteRune(r)
		start = true
	}
	return b.String()
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// nameIndex maps the shorter forms of people's full names (each proper suffix of the name as
// written, and of its canonical: "austin" for "Lloyd Austin", "putin" for "Vladimir Poutine") to
// the entities that carry the full name, in text order.
type nameIndex map[string][]int

func (l *Linker) fullNames(ents []pipeline.Entity, res []resolved, ok func(int) bool) nameIndex {
	var full []int
	for i := range ents {
		if ents[i].Type == "PER" && res[i].tokens >= 2 && ok(i) {
			full = append(full, i)
		}
	}
	if len(full) == 0 {
		return nil
	}
	sort.SliceStable(full, func(a, b int) bool { return ents[full[a]].Start < ents[full[b]].Start })
	idx := nameIndex{}
	for _, j := range full {
		seen := map[string]bool{}
		for _, k := range []string{res[j].key, keyOf(res[j].canonical)} {
			for p := 0; p < len(k); p++ {
				if k[p] != ' ' {
					continue
				}
				suf := k[p+1:]
				if suf != "" && !seen[suf] {
					seen[suf] = true
					idx[suf] = append(idx[suf], j)
				}
			}
		}
	}
	return idx
}

// nearest is the full name ending with key that comes last before start, else the first after it
// (a headline may use the surname before the article gives the full name).
func (x nameIndex) nearest(ents []pipeline.Entity, key string, start int) int {
	list := x[key]
	if len(list) == 0 {
		return -1
	}
	n := sort.Search(len(list), func(i int) bool { return ents[list[i]].Start > start })
	if n > 0 {
		return list[n-1]
	}
	return list[0]
}

// base resolves one surface form with the tables and rules, without looking at the rest of the text.
func (l *Linker) base(lang, typ, surface string, docCounts func() map[string]int) resolved {
	r := l.baseForm(lang, typ, surface, docCounts)
	if r.known {
		return r
	}
	// A span that swallowed its own acronym, "État islamique (EI)", is the name before it; a name
	// with parentheses of its own ("Congo (Rép. dém.)") was tried whole first.
	if trimmed := strings.TrimSpace(surface); strings.HasSuffix(trimmed, ")") {
		if i := strings.LastIndexByte(trimmed, '('); i > 0 && strings.TrimSpace(trimmed[:i]) != "" {
			inner := strings.TrimSpace(trimmed[i+1 : len(trimmed)-1])
			if r2 := l.baseForm(lang, typ, trimmed[:i], docCounts); r2.known || isAcronym(inner) {
				return r2
			}
		}
	}
	return r
}

func (l *Linker) baseForm(lang, typ, surface string, docCounts func() map[string]int) resolved {
	t := getTokenizer()
	defer putTokenizer(t)
	t.run(surface)
	a, b := 0, len(t.toks)
	if a == b {
		s := strings.Join(strings.Fields(surface), " ")
		return resolved{canonical: s}
	}
	// A lower-case elision is not part of the name ("l'EI", "d'Agadez"); a capitalised one may be
	// ("L'Équipe", "J'ai confiance en toi"), so it is cut only for the look-up below.
	for b-a > 1 && elisions[string(t.key(a))] && t.toks[a+1].before == gapApos && t.toks[a].lower {
		a++
	}
	if b-a > 1 && string(t.key(b-1)) == "s" && t.toks[b-1].before == gapApos {
		b-- // possessive: "Niger's"
	}
	keyAt := func(a, b int) string { return keyOf(surface[t.toks[a].bs:t.toks[b-1].be]) }
	try := func(a, b int, noDemonym bool) (resolved, bool) {
		k := keyAt(a, b)
		lt := typ
		if noDemonym {
			lt = "name:" + typ
		}
		e, table, ok := l.lookupTable(lang, lt, k, docCounts)
		if ok && e.acronym && !isAllCaps(surface[t.toks[a].bs:t.toks[b-1].be]) {
			ok = false // "Pam" is not the PAM
		}
		if !ok {
			e, ok = l.rules(lang, surface, t, a, b, docCounts)
		}
		return resolved{canonical: e.canonical, code: e.code, known: ok, key: k, tokens: b - a, table: table}, ok
	}
	if r, ok := try(a, b, false); ok {
		return r
	}
	// Titles before a person's name ("le général", "M.", "President") and articles go for the
	// look-up and for matching a surname with a full name elsewhere in the text.
	a1, capArticle := a, false
	for b-a1 > 1 && (articles[string(t.key(a1))] || (typ == "PER" && titles[string(t.key(a1))]) ||
		(elisions[string(t.key(a1))] && t.toks[a1+1].before == gapApos)) {
		capArticle = capArticle || (articles[string(t.key(a1))] && !t.toks[a1].lower)
		a1++
	}
	if a1 > a {
		// After a capitalised article only a name will do: "The Australian" is a newspaper, not
		// the demonym, while "La Russie" is Russia.
		if r, ok := try(a1, b, capArticle); ok {
			return r
		}
	}
	// A name no table knows keeps what is part of it: lower-case articles and titles go ("la Télé
	// Sahel", "le président Mohamed Bazoum"; before a person, an article goes only with a title),
	// a capitalised title goes only when a full name remains
	// ("President Joe Biden"), since it may be part of the name ("Lady Gaga", "King Vidor"), and a
	// capitalised article stays ("Le Monde", "The Guardian", "Le Pen").
	c, sawTitle := a, false
	for b-c > 1 {
		k := string(t.key(c))
		// "M. Jean Dupont" loses its title, "M. G. Ramachandran" keeps its initial.
		isTitle := typ == "PER" && titles[k] && t.toks[c+1].end-t.toks[c+1].start > 1
		if !(articles[k] || isTitle) || !(t.toks[c].lower || (isTitle && (b-c-1 >= 2 || addressForms[k] || offices[k]))) {
			break
		}
		sawTitle = sawTitle || isTitle
		c++
	}
	if typ == "PER" && !sawTitle {
		c = a // an article alone before a person's name is part of it: "le Corbusier"
	}
	keyFrom := c
	if typ == "PER" {
		keyFrom = a1
	}
	end := len(surface)
	if b < len(t.toks) {
		end = t.toks[b-1].be // possessive cut off
	}
	return resolved{canonical: trimName(surface[t.toks[c].bs:end]), key: keyAt(keyFrom, b), tokens: b - keyFrom, titled: keyFrom > a}
}

// lookup tries the tables in an order that depends on the tagger's type. The type is a hint, not a
// filter: a tagger that calls the Pentagon a place still gets "Pentagon". For people only the people
// table is tried here ("George Washington" is not a city); Link falls back to the other tables for a
// lone unknown name with no full name in the text.
func (l *Linker) lookup(lang, typ, k string, docCounts func() map[string]int) (entry, bool) {
	e, _, ok := l.lookupTable(lang, typ, k, docCounts)
	return e, ok
}

// lookupTable is lookup that also says which table knew the name, as an entity type.
func (l *Linker) lookupTable(lang, typ, k string, docCounts func() map[string]int) (entry, string, bool) {
	// typ "name:X" is X without the demonym table.
	noDemonym := strings.HasPrefix(typ, "name:")
	typ = strings.TrimPrefix(typ, "name:")
	var order []table
	switch typ {
	case "PER":
		order = orderPER
	case "LOC":
		order = orderLOC
	case "ORG":
		order = orderORG
	case "MISC":
		order = orderMISC
	default:
		order = orderAny
	}
	for _, t := range order {
		var e entry
		var ok bool
		switch t {
		case tablePeople:
			e, ok = l.people[k]
		case tablePlaces:
			e, ok = l.places[k]
		case tableOrgs:
			e, ok = l.orgs[k]
		case tableMisc:
			e, ok = l.misc[k]
		case tableDemonyms:
			if noDemonym {
				continue
			}
			d := l.demonymByKey(lang, k)
			if d == nil {
				continue
			}
			var counts map[string]int
			if len(d.codes) > 1 {
				counts = docCounts()
			}
			c, code := l.resolve(d, counts)
			e, ok = entry{canonical: c, code: code}, true
		}
		if ok {
			return e, tableTypes[t], true
		}
	}
	return entry{}, "", false
}

// table names one of the Linker's tables, for the order in which lookup tries them.
type table uint8

const (
	tablePeople table = iota
	tablePlaces
	tableOrgs
	tableMisc
	tableDemonyms
)

// tableTypes is the entity type of what each table knows.
var tableTypes = [...]string{tablePeople: "PER", tablePlaces: "LOC", tableOrgs: "ORG", tableMisc: "MISC", tableDemonyms: "MISC"}

var (
	orderPER  = []table{tablePeople}
	orderLOC  = []table{tablePlaces, tableOrgs, tableMisc, tableDemonyms, tablePeople}
	orderORG  = []table{tableOrgs, tablePlaces, tableMisc, tablePeople}
	orderMISC = []table{tableDemonyms, tableMisc, tableOrgs, tablePlaces, tablePeople}
	orderAny  = []table{tableOrgs, tablePlaces, tableMisc, tableDemonyms}
)

func (l *Linker) demonymByKey(lang, k string) *demonym {
	switch lang {
	case "fr":
		if d := l.demFR[k]; d != nil {
			return d
		}
		return l.demEN[k]
	case "en":
		if d := l.demEN[k]; d != nil {
			return d
		}
		return l.demFR[k]
	}
	if d := l.demFR[k]; d != nil {
		return d
	}
	return l.demEN[k]
}

// cleanSurface collapses the spaces of a name.
func cleanSurface(s string) string { return strings.Join(strings.Fields(s), " ") }

// trimName is the canonical of a name no table knows: the surface with its spaces collapsed and
// without trailing punctuation that is not part of it (a comma, a closing guillemet), while "Jr.",
// "Against Me !" and a quote opened inside the name keep theirs.
func trimName(s string) string {
	s = cleanSurface(s)
	for s != "" {
		r, n := utf8.DecodeLastRuneInString(s)
		drop := false
		switch r {
		case ' ', ',', ';', ':', '«', '»', '“', '”', '"':
			drop = true
		case ')':
			drop = !strings.ContainsRune(s, '(')
		case ']':
			drop = !strings.ContainsRune(s, '[')
		case '’', '\'':
			drop = !strings.ContainsAny(s[:len(s)-n], "‘'")
		}
		if !drop {
			break
		}
		s = strings.TrimRightFunc(s[:len(s)-n], unicode.IsSpace)
	}
	return s
}

// acronyms reads definitions written in parentheses next to an entity: "État islamique (EI)",
// "Associated Press (AP)", and the other way round, "l'EI (État islamique)". The acronym then
// gets the long form's canonical everywhere in the text, and its type.
func (l *Linker) acronyms(lang, text string, ents []pipeline.Entity, res []resolved, docCounts func() map[string]int) map[string]acronymDef {
	if strings.IndexByte(text, '(') < 0 {
		return nil
	}
	var defs map[string]acronymDef
	pos := runeCursor{text: text}
	var byStart map[int]int
	for i, e := range ents {
		if e.Start < 0 || e.End <= e.Start {
			continue
		}
		b, ok := pos.byteAt(e.End)
		if !ok {
			continue
		}
		inner, at := parenAfter(text, b, e.End)
		if inner == "" {
			continue
		}
		var acr, long string
		var longRes resolved
		longAt := -1
		switch {
		case isAcronym(inner) && !isAcronym(e.Text):
			acr, long, longRes, longAt = keyOf(inner), e.Text, res[i], i
		case isAcronym(e.Text) && !isAcronym(inner):
			acr, long = res[i].key, inner // the key, not the text: "l'EI" is "ei"
			if byStart == nil {
				byStart = make(map[int]int, len(ents))
				for j, f := range ents {
					byStart[f.Start] = j
				}
			}
			if j, ok := byStart[at]; ok {
				longRes, longAt = res[j], j
			} else {
				longRes = l.base(lang, e.Type, inner, docCounts)
			}
		default:
			continue
		}
		if acr == "" || !initialsFit(acr, keyOf(long)) {
			continue
		}
		if defs == nil {
			defs = map[string]acronymDef{}
		}
		defs[acr] = acronymDef{entry{canonical: longRes.canonical, code: longRes.code}, longAt}
	}
	return defs
}

// acronymDef is what an acronym means in one text: the long form's canonical name and, where the
// model tagged the long form, that entity's index.
type acronymDef struct {
	entry
	long int
}

// parenAfter returns the text inside parentheses that open right after rune offset end, at byte b
// (up to two spaces between), and the rune offset where it starts.
func parenAfter(text string, b, end int) (string, int) {
	i, r := b, end
	for n := 0; i < len(text) && n < 2; n++ {
		c, size := utf8.DecodeRuneInString(text[i:])
		if !isSpace(c) {
			break
		}
		i, r = i+size, r+1
	}
	if i >= len(text) || text[i] != '(' {
		return "", 0
	}
	i, r = i+1, r+1
	start, startRune := i, r
	for n := 0; i < len(text) && n <= 80; n++ {
		c, size := utf8.DecodeRuneInString(text[i:])
		switch c {
		case ')':
			return strings.TrimSpace(text[start:i]), startRune
		case '(', '\n':
			return "", 0
		}
		i += size
	}
	return "", 0
}

// runeCursor turns the rune offsets of entities (character offsets, as records carry them) into
// byte offsets of text, walking forward from the last one asked: entities come in text order, so
// the walk is one pass instead of a []rune copy of the text.
type runeCursor struct {
	text string
	r, b int // rune offset r is at byte b
}

// byteAt returns the byte offset of rune offset r, false past the end of the text.
func (c *runeCursor) byteAt(r int) (int, bool) {
	if r < c.r {
		c.r, c.b = 0, 0
	}
	for c.r < r {
		if c.b >= len(c.text) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(c.text[c.b:])
		c.r, c.b = c.r+1, c.b+size
	}
	return c.b, true
}

// isAcronym: 2 to 10 characters without spaces, at least two capitals and capitals for at least half
// the letters ("EI", "ONU", "AQMI", "DoD", "U.S.").
func isAcronym(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 10 || strings.ContainsAny(s, " \t\n") {
		return false
	}
	up, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				up++
			}
		}
	}
	return up >= 2 && 2*up >= letters
}

// initialsFit checks that an acronym can come from a long form: its letters occur in order in the
// long form, the first one at the start. It keeps "Niamey (AFP)" from making AFP mean Niamey.
func initialsFit(acr, long string) bool {
	acr = strings.ReplaceAll(acr, " ", "")
	if acr == "" || long == "" || acr[0] != long[0] {
		return false
	}
	j := 0
	for i := 0; i < len(long) && j < len(acr); i++ {
		if long[i] == acr[j] {
			j++
		}
	}
	return j == len(acr)
}

// Abbreviates reports whether acr, written as an acronym, is made of the initials of long's words,
// in order, from the first word on; words may be skipped ("Organisation du traité de l'Atlantique
// nord" → OTAN, "Al-Qaïda au Maghreb islamique" → AQMI, "Associated Press" → AP). It is stricter
// than the letters-in-order test the linker applies to acronyms the tagger found: the entities
// stage uses it to tag an acronym the tagger missed, where "Texas (TX)" or "Niger (NE)" must not
// pass.
func Abbreviates(acr, long string) bool {
	if !isAcronym(acr) || isAcronym(long) {
		return false
	}
	// Keys fold case and accents and split words at spaces, hyphens and apostrophes.
	a, words := strings.ReplaceAll(keyOf(acr), " ", ""), strings.Fields(keyOf(long))
	if a == "" || len(words) == 0 || a[0] != words[0][0] {
		return false
	}
	j := 0
	for _, w := range words {
		if j < len(a) && w[0] == a[j] {
			j++
		}
	}
	return j == len(a)
}
