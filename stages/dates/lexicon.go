package dates

import "sync"

// The lexicons are data: one table per language mapping a folded word (lower case, accents
// removed) to the roles it can play in a date expression. The grammar in parse.go is shared by both
// languages and asks only for roles ("a month", "a past marker", "a unit"), so adding a word is one
// line here and never a change to the parser.

type unit int8

const (
	uNone unit = iota
	uDay
	uWeek
	uMonth
	uQuarter
	uYear
)

// mark is a marker word that overrides the default year or weekday inference.
type mark int8

const (
	mNone     mark = iota
	mLast          // dernier, passé, last, past, previous
	mNext          // prochain, next, coming, upcoming
	mThis          // ce, cette, this, current
	mNextWeek      // suivant, d'après: a weekday in the following week (Duckling)
)

// part is a part of a month, year or week.
type part int8

const (
	pNone  part = iota
	pEarly      // début, early, beginning of
	pMid        // mi-, mid, middle of
	pLate       // fin, late, end of
	pFirstHalf
	pSecondHalf
)

// prep says what a governing word does to the expression it introduces.
type prep int8

const (
	prNone    prep = iota
	prPlain        // en, le, in, on, during: part of the span, no change of meaning
	prSince        // depuis, since, à partir de: open interval after
	prUntil        // jusqu'à, until, through: open interval before (the named unit included)
	prBefore       // avant, before: open interval before
	prAfter        // après, after: open interval after
	prFrom         // du, from: may start a range
	prBetween      // entre, between: starts a range with "et" / "and"
	prAt           // à, at: clock times; a year after it is not a date ("de 1000 à 2015")
)

// lex is everything a word can be. A word may have several roles ("sept" is a number and, after a
// day, a month abbreviation; "second" is an ordinal and a unit).
type lex struct {
	month    int8 // 1..12
	monthAbb bool // abbreviation: needs a day or year next to it to count as a month
	weekday  int8 // 1..7 = Monday..Sunday
	wdAbb    bool // abbreviation ("mer", "sun"): needs a "." or a date next to it
	num      int16
	ordinal  int16 // premier=1, third=3
	unit     unit
	mark     mark
	part     part
	prep     prep
	det      bool // le, la, l', les, the: a determiner that may open a span
	season   int8 // 1 spring .. 4 winter
	quarter  bool // trimestre, quarter
	ago      bool // ago, back
	later    bool // plus tard, later, after (offset words)
	andWord  bool // et, and
	toWord   bool // au, to, thru, through, till, until (range connector)
	yearWord bool // an, année, year (for "l'an dernier")
}

type lexicon map[string]lex

var (
	lexOnce sync.Once
	lexFR   lexicon
	lexEN   lexicon
	lexAny  lexicon // both languages, for documents whose language is unknown
)

type lexEntry struct {
	words []string
	l     lex
}

func loadLexicons() {
	lexOnce.Do(func() {
		lexFR = build(frTable)
		lexEN = build(enTable)
		lexAny = build(concat(enTable, frTable))
	})
}

func build(table []lexEntry) lexicon {
	m := lexicon{}
	for _, e := range table {
		for _, w := range e.words {
			old := m[w]
			merge(&old, e.l)
			m[w] = old
		}
	}
	return m
}

// merge overlays the non-zero roles of b onto a.
func merge(a *lex, b lex) {
	if b.month != 0 {
		a.month, a.monthAbb = b.month, b.monthAbb
	}
	if b.weekday != 0 {
		a.weekday, a.wdAbb = b.weekday, b.wdAbb
	}
	if b.num != 0 {
		a.num = b.num
	}
	if b.ordinal != 0 {
		a.ordinal = b.ordinal
	}
	if b.unit != uNone {
		a.unit = b.unit
	}
	if b.mark != mNone {
		a.mark = b.mark
	}
	if b.part != pNone {
		a.part = b.part
	}
	if b.prep != prNone {
		a.prep = b.prep
	}
	a.det = a.det || b.det
	if b.season != 0 {
		a.season = b.season
	}
	a.quarter = a.quarter || b.quarter
	a.ago = a.ago || b.ago
	a.later = a.later || b.later
	a.andWord = a.andWord || b.andWord
	a.toWord = a.toWord || b.toWord
	a.yearWord = a.yearWord || b.yearWord
}

func months(names ...string) []lexEntry {
	// names come in groups: month number is the index of the group, words separated by "|".
	var out []lexEntry
	for i, g := range names {
		for _, w := range splitBar(g) {
			abb := false
			if w[len(w)-1] == '.' { // marked abbreviation
				w, abb = w[:len(w)-1], true
			}
			out = append(out, lexEntry{[]string{w}, lex{month: int8(i + 1), monthAbb: abb}})
		}
	}
	return out
}

func weekdays(names ...string) []lexEntry {
	var out []lexEntry
	for i, g := range names {
		for _, w := range splitBar(g) {
			abb := false
			if w[len(w)-1] == '.' {
				w, abb = w[:len(w)-1], true
			}
			out = append(out, lexEntry{[]string{w}, lex{weekday: int8(i + 1), wdAbb: abb}})
		}
	}
	return out
}

func nums(start int, names ...string) []lexEntry {
	var out []lexEntry
	for i, g := range names {
		if g == "" {
			continue
		}
		out = append(out, lexEntry{splitBar(g), lex{num: int16(start + i)}})
	}
	return out
}

func ordinals(start int, names ...string) []lexEntry {
	var out []lexEntry
	for i, g := range names {
		if g == "" {
			continue
		}
		out = append(out, lexEntry{splitBar(g), lex{ordinal: int16(start + i)}})
	}
	return out
}

func splitBar(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '|' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			break
		}
		s = s[i+1:]
	}
	return out
}

func concat(parts ...[]lexEntry) []lexEntry {
	var out []lexEntry
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Words are folded: lower case, no accents ("décembre" → "decembre"). A trailing "." in a month
// list marks an abbreviation that is a month only next to a day or a year ("sept" is also seven).
var frTable = concat(
	months("janvier|janv.|jan.", "fevrier|fevr.|fev.", "mars|mar.", "avril|avr.",
		"mai", "juin", "juillet|juil.|jui.", "aout", "septembre|sept.|sep.",
		"octobre|oct.", "novembre|nov.", "decembre|dec."),
	weekdays("lundi|lun.", "mardi|mar.", "mercredi|mer.", "jeudi|jeu.", "vendredi|ven.", "samedi|sam.", "dimanche|dim."),
	nums(1, "un|une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
		"onze", "douze", "treize", "quatorze", "quinze", "seize"),
	nums(20, "vingt"), nums(30, "trente"),
	ordinals(1, "premier|premiere", "deuxieme|second|seconde", "troisieme", "quatrieme", "cinquieme"),
	[]lexEntry{
		{[]string{"jour", "jours", "journee", "journees"}, lex{unit: uDay}},
		{[]string{"semaine", "semaines"}, lex{unit: uWeek}},
		{[]string{"mois"}, lex{unit: uMonth}},
		{[]string{"an", "ans", "annee", "annees"}, lex{unit: uYear, yearWord: true}},
		{[]string{"trimestre", "trimestres"}, lex{unit: uQuarter, quarter: true}},
		{[]string{"dernier", "derniere", "derniers", "dernieres", "passe", "passee", "passes", "passees", "precedent", "precedente"}, lex{mark: mLast}},
		{[]string{"prochain", "prochaine", "prochains", "prochaines"}, lex{mark: mNext}},
		{[]string{"suivant", "suivante", "suivants", "suivantes"}, lex{mark: mNextWeek}},
		{[]string{"ce", "cet", "cette", "ces"}, lex{mark: mThis}},
		{[]string{"debut"}, lex{part: pEarly}},
		{[]string{"mi", "milieu"}, lex{part: pMid}},
		{[]string{"fin"}, lex{part: pLate}},
		{[]string{"en", "dans", "courant", "vers"}, lex{prep: prPlain}},
		{[]string{"depuis"}, lex{prep: prSince}},
		{[]string{"jusqu", "jusque"}, lex{prep: prUntil}},
		{[]string{"avant"}, lex{prep: prBefore}},
		{[]string{"apres"}, lex{prep: prAfter, later: true}},
		{[]string{"du"}, lex{prep: prFrom}},
		{[]string{"entre"}, lex{prep: prBetween}},
		{[]string{"le", "la", "l", "les", "au", "aux"}, lex{det: true}},
		{[]string{"printemps"}, lex{season: 1}},
		{[]string{"ete"}, lex{season: 2}},
		{[]string{"automne"}, lex{season: 3}},
		{[]string{"hiver"}, lex{season: 4}},
		{[]string{"et"}, lex{andWord: true}},
		{[]string{"au"}, lex{toWord: true}},
		{[]string{"tard"}, lex{later: true}},
	},
)

var enTable = concat(
	months("january|jan.", "february|feb.", "march|mar.", "april|apr.", "may", "june|jun.",
		"july|jul.", "august|aug.", "september|sept.|sep.", "october|oct.", "november|nov.", "december|dec."),
	weekdays("monday|mon.|mondays", "tuesday|tue.|tues.|tuesdays", "wednesday|wed.|wednesdays",
		"thursday|thu.|thur.|thurs.|thursdays", "friday|fri.|fridays", "saturday|sat.|saturdays", "sunday|sun.|sundays"),
	nums(1, "one|a|an", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"),
	nums(30, "thirty"),
	ordinals(1, "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
		"eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
		"nineteenth", "twentieth"),
	ordinals(30, "thirtieth"),
	[]lexEntry{
		{[]string{"day", "days"}, lex{unit: uDay}},
		{[]string{"week", "weeks"}, lex{unit: uWeek}},
		{[]string{"month", "months"}, lex{unit: uMonth}},
		{[]string{"year", "years", "yr", "yrs"}, lex{unit: uYear, yearWord: true}},
		{[]string{"quarter", "quarters", "qtr", "qtrs"}, lex{unit: uQuarter, quarter: true}},
		{[]string{"last", "past", "previous"}, lex{mark: mLast}},
		{[]string{"next", "coming", "upcoming", "following"}, lex{mark: mNext}},
		{[]string{"this", "current"}, lex{mark: mThis}},
		{[]string{"early", "beginning", "start"}, lex{part: pEarly}},
		{[]string{"mid", "middle"}, lex{part: pMid}},
		{[]string{"late", "end"}, lex{part: pLate}},
		{[]string{"in", "on", "during", "over", "around"}, lex{prep: prPlain}},
		{[]string{"by"}, lex{prep: prUntil}}, // "by 2030", "by Friday": a deadline
		{[]string{"since"}, lex{prep: prSince}},
		{[]string{"until", "till", "through", "thru"}, lex{prep: prUntil, toWord: true}},
		{[]string{"before"}, lex{prep: prBefore}},
		{[]string{"after"}, lex{prep: prAfter, later: true}},
		{[]string{"from"}, lex{prep: prFrom}},
		{[]string{"between"}, lex{prep: prBetween}},
		{[]string{"the"}, lex{det: true}},
		{[]string{"spring"}, lex{season: 1}},
		{[]string{"summer"}, lex{season: 2}},
		{[]string{"autumn", "fall"}, lex{season: 3}},
		{[]string{"winter"}, lex{season: 4}},
		{[]string{"and"}, lex{andWord: true}},
		{[]string{"to"}, lex{toWord: true}},
		{[]string{"ago", "back"}, lex{ago: true}},
		{[]string{"later", "hence"}, lex{later: true}},
	},
)

// wordTable answers, in one look-up per word, what annotate needs to know of a folded word: its
// lexicon entry, the fixed phrases it starts, and whether a holiday name or another rule starts with
// it. (Five maps looked up per word were a sixth of the stage's time.)
type wordTable map[string]wordInfo

type wordInfo struct {
	lx     lex
	inLx   bool
	phr    []phrase
	starts bool // holidayFirst or starters
}

func buildWords(lx lexicon, phr phraseTable) wordTable {
	m := make(wordTable, len(lx)+len(phr))
	for w, l := range lx {
		e := m[w]
		e.lx, e.inLx = l, true
		m[w] = e
	}
	for w, ps := range phr {
		e := m[w]
		e.phr = ps
		m[w] = e
	}
	for _, set := range []map[string]bool{holidayFirst, starters} {
		for w, ok := range set {
			if ok {
				e := m[w]
				e.starts = true
				m[w] = e
			}
		}
	}
	return m
}
