package dates

import (
	"strings"
	"unicode"
)

// The grammar: a hand-written matcher over tokens. Each rule is a small function that reads roles
// (month, weekday, unit, marker, part…) from the lexicon (lexicon.go), fixed phrases (phrases.go)
// and holidays (holidays.go); rules name directly only connectors and function words ("il y a",
// "plus tard", "of", "du … au"). A rule returns the expression it read and the index of the token
// after it; expression keeps the longest reading. No regular expression is used: a token is looked
// up once, and every rule looks at most a few tokens ahead, so the stage is linear in its input.

type ekind int8

const (
	kCal          ekind = iota + 1 // calendar fields: year, month, day, weekday (any subset), month or year part
	kRelDay                        // ref ± n units, day grain ("hier", "il y a 3 jours", "in a week")
	kCtxDay                        // previous date in the text (else ref) ± n units ("la veille", "deux jours plus tard")
	kUnit                          // the unit containing ref, shifted by n ("la semaine dernière"), or a part of it
	kLastN                         // the n units before or after the current one ("les 2 derniers mois")
	kUpcoming                      // the unit n units ahead ("upcoming two weeks")
	kQuarter                       // a quarter, with or without its year
	kSeason                        // a season, with or without its year
	kDecade                        // "les années 1980"
	kWeekend                       // a weekend relative to ref
	kRange                         // sub[0] to sub[1]
	kWeekdayCount                  // "3 fridays from now", "2 thursdays ago"
	kNthWeekday                    // "le premier mercredi du mois prochain", "last Monday of March"
	kNthUnit                       // "le dernier jour d'octobre", "first week of october 2014"
	kDayOfMonth                    // "20 of next month"
	kHoliday                       // a named holiday, n indexes holidayTable
	kWeekOf                        // the week containing sub[0]
)

type expr struct {
	kind   ekind
	ts, te int // token range [ts, te)

	y       int
	hasY    bool
	m, d    int
	wd      int  // 1..7 or 0
	wdMark  mark // marker on a weekday
	wdShift int  // explicit week shift for a weekday ("lundi de la semaine prochaine")
	hasWk   bool
	wdPlus  int // "lundi en huit": ref + wdPlus days, then the weekday on or after
	after2  bool
	mark    mark // marker on a year-less date or month
	part    part
	n       int
	u       unit
	q       int
	season  int
	open    prep // prSince/prAfter/prUntil/prBefore once applied
	sub     []expr

	hasTime bool
	hour    int
	min     int
	minG    bool // the time states minutes
	tzMin   int  // explicit zone offset in minutes, when hasTZ
	hasTZ   bool

	relY      int // with hasRelY: the year relative to the anchor's ("en mai de l'année dernière": -1)
	hasRelY   bool
	ctx       bool // counts from the previous date of the text when there is one
	sameYear  bool // "de la même année": the year of the previous date
	ctxWd     bool // weekday resolved from an offset phrase before it ("deux jours plus tard, vendredi")
	ctxOffset int
}

type parser struct {
	text  string
	toks  []token
	words wordTable
	lang  string // "fr", "en" or "" (both)
	dmy   bool   // numeric dates are day first
	out   []expr
	depth int
	curPr prep // the governing word of the expression being read
}

func (p *parser) tok(i int) *token {
	if i < 0 || i >= len(p.toks) {
		return nil
	}
	return &p.toks[i]
}

func (p *parser) lexAt(i int) (lex, bool) {
	if i < 0 || i >= len(p.toks) {
		return lex{}, false
	}
	t := &p.toks[i]
	return t.lx, t.inLx
}

// annotate looks every word up once, so the rules read roles from the token itself.
func (p *parser) annotate() {
	for i := range p.toks {
		t := &p.toks[i]
		switch t.kind {
		case tNum:
			t.start, t.core = true, true
		case tPunct:
			t.start = t.low == "'"
		case tWord:
			w := p.words[t.low]
			t.lx, t.inLx, t.phr = w.lx, w.inLx, w.phr
			t.start = t.inLx || len(t.phr) > 0
			if !t.start {
				_, acro := acronyms[p.text[t.bs:t.be]]
				t.start = acro || w.starts
			}
			l := t.lx
			t.core = t.start && (!t.inLx || l.month != 0 || l.weekday != 0 || l.num != 0 || l.ordinal != 0 ||
				l.unit != uNone || l.mark != mNone || l.part != pNone || l.season != 0 || len(t.phr) > 0) &&
				t.low != "de" && t.low != "a"
		}
	}
}

// word is token i's folded text when it is a word on the same line as the token after it, else "".
func (p *parser) word(i int) string {
	t, next := p.tok(i), p.tok(i+1)
	if t == nil || t.kind != tWord || next != nil && next.nl {
		return ""
	}
	return t.low
}

func (p *parser) isW(i int, words ...string) bool {
	t := p.tok(i)
	if t == nil || t.kind != tWord {
		return false
	}
	for _, w := range words {
		if t.low == w {
			return true
		}
	}
	return false
}

func (p *parser) isP(i int, s string) bool {
	t := p.tok(i)
	return t != nil && t.kind == tPunct && t.low == s
}

func (p *parser) isNum(i int) bool {
	t := p.tok(i)
	return t != nil && t.kind == tNum
}

// boundary reports whether nothing that could continue a number follows token i-1: end of text,
// a newline, or punctuation other than the separators of numbers and times.
func (p *parser) numEnd(i int) bool {
	t := p.tok(i)
	if t == nil || t.nl {
		return true
	}
	if t.kind == tNum {
		return false
	}
	if t.kind == tPunct {
		switch t.low {
		case "%", "€", "$", "£", "½", "¼", "¾":
			return false
		case "/", "-", ":":
			// "2012: il devient" ends the number; "10:15", "03/05", "2019-2020", "4-FIBF" do not
			if nx := p.tok(i + 1); nx != nil && t.glued && nx.glued {
				return false
			}
			return !p.isNum(i + 1)
		case ".", ",":
			return !p.isNum(i+1) || !t.glued || !p.tok(i+1).glued
		case "'", "’", "′":
			// "23'" is a match's minute and "6'" feet; "2019's" is a possessive
			nx := p.tok(i + 1)
			return !t.glued || nx != nil && nx.glued && nx.low == "s"
		}
		return true
	}
	return true
}

// parseAll finds every expression in reading order.
func (p *parser) parseAll() {
	for i := 0; i < len(p.toks); {
		if !p.canStart(i) || !p.nearCore(i) {
			i++
			continue
		}
		e, end, ok := p.expression(i)
		if ok && end > i {
			p.out = append(p.out, e)
			i = end
			continue
		}
		i++
	}
	p.shareCoordinated()
}

// shareCoordinated gives a date the month and year that the date coordinated with it writes out
// for both: "le 3 et le 5 mai 2018", "on 3 and 5 May 2018", "en février et mai 2018", "le 3 avril
// et le 5 mai 2018" (the first left alone was the 3rd closest to the anchor, and February and
// April those of the anchor's year).
func (p *parser) shareCoordinated() {
	for k := 0; k+1 < len(p.out); k++ {
		a, b := &p.out[k], p.out[k+1]
		if a.kind != kCal || b.kind != kCal || a.hasY || a.hasRelY || a.mark != mNone || a.ctx ||
			a.after2 || b.m == 0 || !p.coordinated(a.te, b.ts) {
			continue
		}
		switch {
		case a.m == 0 && a.d != 0 && a.wd == 0 && b.d != 0:
			a.m = b.m // "le 3 et le 5 mai"
		case a.m != 0 && (a.d == 0) == (b.d == 0):
			// "février et mai", "le 3 avril et le 5 mai": same grain, the year alone
		default:
			continue
		}
		if b.hasY {
			a.y, a.hasY = b.y, true
		}
	}
}

// coordinated reports whether tokens [i, j) join two dates as one list: "et", "and", "ou", "or"
// or "&", with "le", "en", "in", "on" or "the" after it when the second date did not take it.
func (p *parser) coordinated(i, j int) bool {
	if j-i < 1 || j-i > 2 || !p.isW(i, "et", "and", "ou", "or") && p.tok(i).low != "&" {
		return false
	}
	return j-i == 1 || p.isW(i+1, "le", "en", "in", "on", "the")
}

var starters = map[string]bool{"il": true, "de": true, "d": true, "des": true, "h": true, "s": true, "t": true, "week": true, "weekend": true, "annees": true, "a": true,
	"at": true, "anytime": true, "sometimes": true, "quelques": true, "few": true, "couple": true,
	"ides": true, "q": true, "quinzaine": true, "mois": true, "noel": true, "christmas": true}

func (p *parser) canStart(i int) bool { return p.toks[i].start }

// nearCore reports whether a token that carries meaning lies within the next few: a run of
// determiners and prepositions alone is never a date, and most words of a text are those.
func (p *parser) nearCore(i int) bool {
	for k := i; k < i+4 && k < len(p.toks); k++ {
		if p.toks[k].core {
			return true
		}
	}
	return false
}

// expression reads one date expression starting at token i, with its governing words.
func (p *parser) expression(i int) (expr, int, bool) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 4 {
		return expr{}, 0, false
	}
	// A clock time first: "At 6 p.m. on Friday (May 3)", "à 18h le 3 mai".
	if h, mi, minG, j, ok := p.clock(i, true); ok {
		k := j
		if p.isW(k, "on", "le") {
			k++
		}
		if e, end, ok := p.expression(k); ok && dayGrained(e) && !e.hasTime {
			e.hasTime, e.hour, e.min, e.minG = true, h, mi, minG
			e.ts = i
			return e, end, true
		}
	}

	best, bestEnd, found := expr{}, 0, false
	try := func(e expr, end int, ok bool) {
		if ok && end > bestEnd {
			best, bestEnd, found = e, end, true
		}
	}

	// Rules that own their first words ("il y a", "dans 3 jours", fixed phrases).
	try(p.relative(i))
	try(p.phraseAt(i))
	if found && best.kind == kCtxDay && p.isW(bestEnd, "du", "de", "of") {
		// "le lendemain du 13 février": the offset counts from the date named
		k := bestEnd + 1
		if p.isW(k, "la", "the") {
			k++
		}
		if d, end, ok := p.dayMonth(k, true); ok && d.d != 0 && d.m != 0 {
			best.sub = []expr{d}
			bestEnd = end
		}
	}

	// Governing preposition and determiner.
	pr, j := p.governor(i)
	gov := j > i
	k := j
	if l, ok := p.lexAt(k); ok && l.det && !p.startsPhrase(k) {
		k++
		if p.isP(k, "'") {
			k++
		}
		gov = true
	} else if p.isP(k, "'") && k > i {
		k++
	}
	p.curPr = pr
	for _, s := range []int{k, j} {
		if s >= len(p.toks) {
			break
		}
		// Each rule fails on its first token when that token cannot start it; testing the roles
		// here first saves the calls, which is most of the stage's time on ordinary text.
		t := &p.toks[s]
		l := t.lx
		num := t.kind == tNum
		counts := num || l.num != 0 || l.ordinal != 0
		if counts || l.mark != mNone || t.start && !t.inLx {
			try(p.relative(s))
		}
		if len(t.phr) > 0 || t.cap {
			try(p.phraseAt(s))
		}
		if l.unit != uNone || l.mark != mNone {
			try(p.unitMark(s))
		}
		if l.part != pNone || counts || t.cap {
			try(p.partExpr(s))
		}
		if counts || t.cap {
			try(p.quarter(s))
		}
		if l.season != 0 || l.mark != mNone || t.low == "current" {
			try(p.season(s))
		}
		if num || t.low == "annees" || t.low == "'" {
			try(p.decade(s))
		}
		if t.low == "week" || t.low == "weekend" || l.mark != mNone {
			try(p.weekend(s))
		}
		if counts || l.mark == mLast {
			try(p.nthWeekday(s))
			try(p.nthUnit(s))
		}
		if counts {
			try(p.dayOfUnit(s))
			try(p.dayRange(s, pr))
		}
		if holidayFirst[t.low] || l.mark != mNone {
			try(p.holidayAt(s))
		}
		if l.unit == uWeek {
			try(p.weekOf(s))
		}
		try(p.cal(s, gov || s > i, pr))
		if s == j {
			break
		}
	}
	if !found {
		return expr{}, 0, false
	}
	e, end := best, bestEnd
	coreStart := e.ts

	// Ranges: "du 13 au 15 juin", "entre le 28 février et le 2 mars", "June 13-15".
	if r, rend, ok := p.rangeFrom(e, end, pr); ok {
		e, end = r, rend
	} else if pr == prBetween && e.kind != kRange || pr == prFrom && e.kind == kCal && e.hasY && e.m == 0 && e.d == 0 {
		return expr{}, 0, false
	}
	// Suffixes: markers, week shifts, clock times, parts of the day.
	e, end = p.suffixes(e, end)

	switch pr {
	case prSince, prAfter:
		if e.kind != kRange && e.kind != kRelDay && e.kind != kCtxDay {
			e.open = prSince
		}
	case prUntil, prBefore:
		if e.kind != kRange && e.kind != kRelDay && e.kind != kCtxDay {
			e.open = prUntil
		}
	}
	// "du 26 juillet" without a range end: "du" is "of the", not part of the date.
	if (pr == prFrom) && e.kind != kRange {
		e.ts = coreStart
		if t := p.tok(coreStart - 1); t != nil && (t.low == "le" || t.low == "the") && coreStart-1 > i {
			e.ts = coreStart - 1
		}
	} else {
		e.ts = i
	}
	e.te = end
	return e, end, true
}

func dayGrained(e expr) bool {
	switch e.kind {
	case kCal:
		return e.d != 0 || e.wd != 0
	case kRelDay, kCtxDay:
		return true
	}
	return false
}

// governor reads the words that govern a date: "depuis", "à partir du", "jusqu'au", "in", "since".
func (p *parser) governor(i int) (prep, int) {
	l, ok := p.lexAt(i)
	j := i
	switch {
	case p.isW(i, "a") && p.isW(i+1, "partir") && (p.isW(i+2, "du", "de", "des", "d")):
		j = i + 3
		if p.isP(j, "'") {
			j++
		}
		return prSince, j
	case p.isW(i, "des") && (p.text[p.toks[i].bs:p.toks[i].be] == "dès" || p.text[p.toks[i].bs:p.toks[i].be] == "Dès"):
		return prSince, i + 1 // "dès lundi", "dès 2025" (folded, it would be "des")
	case p.isW(i, "anytime") && p.isW(i+1, "after"):
		return prAfter, i + 2
	case p.isW(i, "sometimes", "sometime") && p.isW(i+1, "before"):
		return prBefore, i + 2
	case p.isW(i, "au") && p.isW(i+1, "cours") && p.isW(i+2, "de", "du"):
		return prPlain, i + 3
	case ok && l.prep != prNone:
		j = i + 1
		if l.prep == prUntil && p.isP(j, "'") { // jusqu'au, jusqu'à, jusqu'en
			j++
			if p.isW(j, "au", "a", "en") {
				j++
			}
		}
		return l.prep, j
	case p.isW(i, "a") && p.lang != "en": // "à la mi-mars", "à 18 heures"
		return prAt, i + 1
	case p.isW(i, "at") && p.lang != "fr":
		return prAt, i + 1
	case p.isW(i, "de") && p.lang != "en": // "de 2010 à 2015": only ever the start of a range
		return prFrom, i + 1
	case p.isW(i, "d") && p.isP(i+1, "'") && p.isW(i+2, "ici") && p.lang != "en":
		// "d'ici 2030", "d'ici à la fin de l'année": by then
		j := i + 3
		if p.isW(j, "a") {
			j++
		}
		return prUntil, j
	case p.isW(i, "d") && p.isP(i+1, "'") && p.lang != "en": // "d'avril 2018 à avril 2020"
		return prFrom, i + 2
	case p.isW(i, "of") && p.lang != "fr":
		return prNone, i
	}
	return prNone, i
}

// startsPhrase reports whether a fixed phrase begins at i (so its determiner must stay).
func (p *parser) startsPhrase(i int) bool {
	_, end, ok := p.phraseAt(i)
	return ok && end > i
}

// phraseAt matches the fixed phrases and capital acronyms.
func (p *parser) phraseAt(i int) (expr, int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != tWord {
		return expr{}, 0, false
	}
	if t.cap && t.be-t.bs == 3 {
		if a, ok := acronyms[p.text[t.bs:t.be]]; ok {
			return phraseExpr(a, i, i+1), i + 1, true
		}
	}
	for _, ph := range t.phr {
		k := i
		ok := true
		for _, w := range ph.words {
			tk := p.tok(k)
			if tk == nil || tk.low != w {
				ok = false
				break
			}
			k++
		}
		if ok {
			if ph.kind == phRefDay && p.lang != "en" && p.figurative(i, k) {
				return expr{}, 0, false
			}
			if ph.kind == phRefDay && p.lang == "en" && p.possessiveEra(k) {
				return expr{}, 0, false
			}
			if ph.kind == phRefDay && t.cap && p.acronymBefore(i) {
				return expr{}, 0, false // "via USA Today, said": a newspaper
			}
			return phraseExpr(ph, i, k), k, true
		}
	}
	return expr{}, 0, false
}

// acronymBefore reports a word in capitals (two letters or more) right before token i, itself not in
// capitals, on its line: a capitalised "Today" after one is a title ("USA Today", "BBC Today").
func (p *parser) acronymBefore(i int) bool {
	t, prev := p.tok(i), p.tok(i-1)
	if prev == nil || t.nl || prev.kind != tWord || prev.be-prev.bs < 2 || strings.ToUpper(p.text[t.bs:t.be]) == p.text[t.bs:t.be] {
		return false // "PROTESTS ERUPT TODAY" is a headline in capitals
	}
	for _, r := range p.text[prev.bs:prev.be] {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// figurative reports a French "d'hier", "d'aujourd'hui" or "de demain" (tokens i to k) coordinated
// with another: "les chefs d'hier à aujourd'hui", "la musique d'hier, d'aujourd'hui et de demain"
// speak of the past and the present, not of a day. The first of the two has "d'" or "de": "hier
// et demain" are days.
func (p *parser) figurative(i, k int) bool {
	// of reports a "d'" or "de" ending at j, and the token before it.
	of := func(j int) (int, bool) {
		switch {
		case p.isP(j, "'") && p.isW(j-1, "d"):
			return j - 2, true
		case p.isW(j, "de"):
			return j - 1, true
		}
		return j, false
	}
	// deicticEnd reports a deictic ending at j, and the token before it.
	deicticEnd := func(j int) (int, bool) {
		switch {
		case p.isW(j, "hier", "demain"):
			return j - 1, true
		case p.isW(j, "hui") && p.isP(j-1, "'") && p.isW(j-2, "aujourd"):
			return j - 3, true
		}
		return j, false
	}
	coordinator := func(j int) bool { return p.isW(j, "a", "et", "ou") || p.isP(j, ",") }
	before, hasOf := of(i - 1)
	// "la culture de demain", "le monde d'hier", "la musique symphonique chorale d'hier": an era,
	// after a noun that names no event ("la réunion de demain", "les chiffres d'hier" are days),
	// with up to two adjectives between.
	if hasOf {
		for j := before; j >= before-2; j-- {
			if eraNouns[p.word(j)] {
				return true
			}
			if p.word(j) == "" || p.tok(j).cap {
				break
			}
		}
	}
	// "d'hier à aujourd'hui": this one first.
	if hasOf && coordinator(k) {
		j := k + 1
		if p.isW(j, "d") && p.isP(j+1, "'") {
			j += 2
		} else if p.isW(j, "de") {
			j++
		}
		if p.isW(j, "hier", "demain") || p.isW(j, "aujourd") && p.isP(j+1, "'") && p.isW(j+2, "hui") {
			return true
		}
	}
	// "d'hier à aujourd'hui": this one second.
	if coordinator(before) {
		if b, ok := deicticEnd(before - 1); ok {
			_, firstOf := of(b)
			return firstOf
		}
	}
	return false
}

// possessiveEra reports an English "today's", "yesterday's" or "tomorrow's" (ending before token k)
// whose noun names an era's things rather than a day's: "today's challenges", "yesterday's heroes",
// "in today's world", "today's most advanced AI systems" (up to three words between). "Today's
// sale", "today's hearing" stay days.
func (p *parser) possessiveEra(k int) bool {
	if !p.isP(k, "'") || !p.isW(k+1, "s") {
		return false
	}
	for j := k + 2; j < k+6; j++ {
		w := p.word(j)
		if w == "" {
			return false
		}
		if eraNounsEN[w] {
			return true
		}
	}
	return false
}

// eraNounsEN are the nouns after which "today's", "yesterday's" and "tomorrow's" name an era.
var eraNounsEN = set("world", "society", "societies", "generation", "generations", "youth", "kids",
	"children", "teens", "teenagers", "students", "culture", "economy", "politics", "technology",
	"technologies", "problems", "challenges", "standards", "workforce", "workplace", "leaders",
	"businesses", "companies", "consumers", "families", "parents", "systems", "devices", "smartphones",
	"phones", "cars", "vehicles", "computers", "climate", "environment", "landscape", "age", "era",
	"music", "art", "media", "journalism", "science", "medicine", "management", "heroes", "stars",
	"party", "democrats", "republicans", "conservatives", "liberals", "athletes", "players", "codebases",
	"software", "web", "internet", "cities", "women", "men", "people", "americans", "europe", "america")

// eraNouns are the nouns after which "de demain", "d'hier" and "d'aujourd'hui" name an era rather
// than a day (folded).
var eraNouns = set("monde", "france", "europe", "afrique", "societe", "societes", "ville", "villes",
	"ecole", "ecoles", "metier", "metiers", "emplois", "culture", "cultures", "creations", "generation",
	"generations", "citoyens", "leaders", "champions", "energie", "energies", "mobilite", "mobilites",
	"agriculture", "medecine", "hopital", "industrie", "economie", "defis", "enjeux", "technologies",
	"talents", "territoires", "heros", "stars", "musique", "musiques", "cinema", "democratie",
	"planete", "humanite", "modele", "modeles", "solutions", "innovations", "journalisme", "presse",
	"voiture", "voitures", "habitat", "gauche", "droite", "republique", "armee", "armees", "guerres",
	"batailles", "combats", "luttes", "villages", "paysages", "artistes", "ecrivains", "auteurs")

func phraseExpr(ph phrase, i, k int) expr {
	e := expr{ts: i, te: k, n: ph.n, u: ph.u, part: ph.p}
	switch ph.kind {
	case phRefDay:
		e.kind, e.u = kRelDay, uDay
	case phCtxDay:
		e.kind, e.u = kCtxDay, uDay
	case phUnit:
		e.kind = kUnit
		for _, w := range ph.words {
			e.ctx = e.ctx || w == "following" || w == "suit" || w == "la" // "cette année-là"
		}
	case phPart:
		e.kind = kUnit
	}
	return e
}

// count reads a small cardinal: digits, a number word ("trois", "twenty-one") or "a few".
func (p *parser) count(i int) (int, int, bool) {
	t := p.tok(i)
	if t == nil {
		return 0, 0, false
	}
	if t.kind == tNum {
		if t.ndig > 4 || p.midNumber(i) {
			return 0, 0, false // "10,000 years ago", "1 000 ans"
		}
		return t.num, i + 1, true
	}
	if p.isW(i, "a") && p.isW(i+1, "few", "couple") {
		n := 3
		if p.isW(i+1, "couple") {
			n = 2
		}
		j := i + 2
		if p.isW(j, "of") {
			j++
		}
		return n, j, true
	}
	if p.isW(i, "few", "quelques", "several", "plusieurs") {
		return 3, i + 1, true
	}
	return p.numWord(i)
}

// midNumber reports a digit run that continues a larger number: "000" in "10,000" or "1 000".
func (p *parser) midNumber(i int) bool {
	prev := p.tok(i - 1)
	if prev == nil {
		return false
	}
	if prev.kind == tNum && !p.toks[i].nl {
		return true
	}
	return prev.kind == tPunct && (prev.low == "," || prev.low == ".") && prev.glued && p.toks[i].glued && p.isNum(i-2)
}

// numWord reads a spelled number up to 31: "quinze", "dix-huit", "vingt et un", "twenty-one".
func (p *parser) numWord(i int) (int, int, bool) {
	l, ok := p.lexAt(i)
	if !ok || l.num == 0 {
		return 0, 0, false
	}
	n := int(l.num)
	j := i + 1
	if n == 10 || n == 20 || n == 30 { // dix-huit, vingt-deux, vingt et un, twenty-one
		k := j
		if p.isP(k, "-") {
			k++
		} else if p.isW(k, "et") {
			k++
		}
		if l2, ok := p.lexAt(k); ok && l2.num > 0 && l2.num < 10 && k > j {
			return n + int(l2.num), k + 1, true
		}
	}
	return n, j, true
}

// ordinal reads "1er", "2e", "3rd", "premier", "third".
func (p *parser) ordinal(i int) (int, int, bool) {
	t := p.tok(i)
	if t == nil {
		return 0, 0, false
	}
	if t.kind == tNum && t.ndig <= 2 {
		if s := p.tok(i + 1); s != nil && s.kind == tWord && s.glued && ordSuffix[s.low] {
			return t.num, i + 2, true
		}
		return 0, 0, false
	}
	if l, ok := p.lexAt(i); ok && l.ordinal > 0 {
		return int(l.ordinal), i + 1, true
	}
	return 0, 0, false
}

var ordSuffix = map[string]bool{"er": true, "re": true, "ere": true, "e": true, "eme": true, "em": true,
	"st": true, "nd": true, "rd": true, "th": true}

// relative reads offsets from now or from the text: "il y a 3 jours", "dans 2 mois", "in a week",
// "two days ago", "3 years from today", "deux jours plus tard", "les 2 derniers mois", "last 2 weeks",
// "upcoming two weeks", "3 fridays from now".
func (p *parser) relative(i int) (expr, int, bool) {
	sign := 0
	j := i
	switch {
	case p.isW(i, "il") && p.isW(i+1, "y") && p.isW(i+2, "a"):
		sign, j = -1, i+3
	case p.isW(i, "dans") && p.lang != "en":
		sign, j = 1, i+1
	case p.isW(i, "in") && p.lang != "fr":
		sign, j = 1, i+1
	}
	if sign != 0 {
		if sign > 0 && p.isW(i, "in") && p.sinceFirst(i) {
			return expr{}, 0, false // "their first title in 44 years" is a duration
		}
		if n, k, ok := p.count(j); ok {
			if l, ok := p.lexAt(k); ok && l.unit != uNone {
				if p.isW(i, "in") && p.isW(j, "a", "an") && p.rateBefore(i) && p.clauseTense(i, k+1) != tenseFuture {
					return expr{}, 0, false // "50 cigarettes in a day", "twice in a month" are rates
				}
				return expr{kind: kRelDay, n: sign * n, u: l.unit, ts: i}, k + 1, true
			}
		}
		return expr{}, 0, false
	}
	// "last 2 days", "next three weeks", "past 2 years", "upcoming two weeks"
	if l, ok := p.lexAt(i); ok && (l.mark == mLast || l.mark == mNext) && p.lang != "fr" {
		if n, k, ok := p.count(i + 1); ok {
			if lu, ok := p.lexAt(k); ok && lu.unit != uNone {
				if p.isW(i, "upcoming") {
					return expr{kind: kUpcoming, n: n, u: lu.unit, ts: i}, k + 1, true
				}
				if l.mark == mLast {
					n = -n
				}
				return expr{kind: kLastN, n: n, u: lu.unit, ts: i}, k + 1, true
			}
		}
	}
	n, k, ok := p.count(i)
	if !ok {
		return expr{}, 0, false
	}
	// "2 derniers jours", "3 prochaines semaines", "two upcoming weeks". English puts "last" and
	// "next" before the count ("the last 12 weeks"): in "it jumped to 12 last week" the number
	// counts something else.
	if l, ok := p.lexAt(k); ok && (l.mark == mLast || l.mark == mNext) && (p.lang == "fr" || p.isW(k, "upcoming")) {
		if lu, ok := p.lexAt(k + 1); ok && lu.unit != uNone {
			if p.isW(k, "upcoming") {
				return expr{kind: kUpcoming, n: n, u: lu.unit, ts: i}, k + 2, true
			}
			if l.mark == mLast {
				n = -n
			}
			return expr{kind: kLastN, n: n, u: lu.unit, ts: i}, k + 2, true
		}
	}
	// "3 fridays from now", "2 thursdays ago"
	if l, ok := p.lexAt(k); ok && l.weekday > 0 && !l.wdAbb && p.tok(k).low[len(p.tok(k).low)-1] == 's' {
		if p.isW(k+1, "from") && p.isW(k+2, "now", "today") {
			return expr{kind: kWeekdayCount, n: n, wd: int(l.weekday), ts: i}, k + 3, true
		}
		if p.isW(k+1, "ago", "back") {
			return expr{kind: kWeekdayCount, n: -n, wd: int(l.weekday), ts: i}, k + 2, true
		}
	}
	lu, ok := p.lexAt(k)
	if !ok || lu.unit == uNone {
		return expr{}, 0, false
	}
	u := lu.unit
	k++
	// "three days after Easter", "deux semaines avant le 1er mai"
	if p.isW(k, "after", "before", "apres", "avant") {
		sign := 1
		if p.isW(k, "before", "avant") {
			sign = -1
		}
		a := k + 1
		if p.isW(a, "le", "la", "l", "the") {
			a++
			if p.isP(a, "'") {
				a++
			}
		}
		if d, end, ok := p.dayAnchor(a); ok {
			return expr{kind: kCtxDay, n: sign * n, u: u, sub: []expr{d}, ts: i}, end, true
		}
	}
	switch {
	case p.isW(k, "ago", "back"):
		return expr{kind: kRelDay, n: -n, u: u, ts: i}, k + 1, true
	case p.isW(k, "hence"):
		return expr{kind: kRelDay, n: n, u: u, ts: i}, k + 1, true
	case p.isW(k, "from") && p.isW(k+1, "now", "today"):
		return expr{kind: kRelDay, n: n, u: u, ts: i}, k + 2, true
	case p.isW(k, "plus") && p.isW(k+1, "tard"), p.isW(k, "later"):
		end := k + 1
		if p.isW(k, "plus") {
			end = k + 2
		}
		return expr{kind: kCtxDay, n: n, u: u, ts: i}, end, true
	case p.isW(k, "plus") && p.isW(k+1, "tot"), p.isW(k, "auparavant", "earlier"):
		end := k + 1
		if p.isW(k, "plus") {
			end = k + 2
		}
		return expr{kind: kCtxDay, n: -n, u: u, ts: i}, end, true
	case p.isW(k, "apres", "after") && p.numEnd(k+1) && (p.tok(k+1) == nil || p.tok(k+1).kind != tWord):
		// "trois jours après," counts from the date before; "trois ans après son arrivée" counts
		// from an event, which is no date
		return expr{kind: kCtxDay, n: n, u: u, ts: i}, k + 1, true
	}
	// "2 semaines passées", "3 mois suivant"
	if l, ok := p.lexAt(k); ok && (l.mark == mLast || l.mark == mNextWeek || l.mark == mNext) && p.lang != "en" {
		if l.mark == mLast {
			n = -n
		}
		return expr{kind: kLastN, n: n, u: u, ts: i}, k + 1, true
	}
	return expr{}, 0, false
}

// sinceFirst reports an English "in N years" that measures a gap ("the first time in 20 years",
// "the highest level in a decade") rather than pointing to the future.
func (p *parser) sinceFirst(i int) bool {
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		t := &p.toks[k]
		if t.nl {
			return false
		}
		if t.kind != tWord {
			if t.low == ";" {
				return false
			}
			continue
		}
		switch t.low {
		case "first", "time", "highest", "lowest", "most", "least", "best", "worst", "biggest", "largest", "longest":
			return true
		}
	}
	return false
}

// rateBefore says whether a count or a frequency comes just before token i ("50 cigarettes in a
// day", "once or twice in a month", "52 weeks in a year").
func (p *parser) rateBefore(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		if p.isNum(k) || p.isW(k, "once", "twice", "thrice", "times", "several", "many", "few") {
			return true
		}
		if p.sentenceEnd(k) {
			return false
		}
	}
	return false
}

// dayAnchor reads a date that names one day, for offsets counted from it: a holiday or a
// day-month date.
func (p *parser) dayAnchor(i int) (expr, int, bool) {
	if e, end, ok := p.holidayAt(i); ok {
		return e, end, true
	}
	if e, end, ok := p.dayMonth(i, true); ok && e.d != 0 && e.m != 0 {
		return e, end, true
	}
	return expr{}, 0, false
}

func (p *parser) isDet(i int) bool {
	l, ok := p.lexAt(i)
	return ok && l.det
}

// unitMark reads a unit with a marker: "semaine dernière", "an dernier", "last week", "next year".
func (p *parser) unitMark(i int) (expr, int, bool) {
	l, ok := p.lexAt(i)
	if !ok {
		return expr{}, 0, false
	}
	if l.unit != uNone && l.unit != uDay {
		if p.pluralUnit(i) {
			return expr{}, 0, false // "ces dernières années", "les années suivantes" are vague
		}
		if lm, ok := p.lexAt(i + 1); ok && lm.mark != mNone && lm.mark != mThis {
			return expr{kind: kUnit, u: l.unit, n: markShift(lm.mark), ts: i, ctx: ctxMarker(p.tok(i + 1).low)}, i + 2, true
		}
		if p.isW(i+1, "qui") && p.isW(i+2, "suit", "vient") {
			return expr{kind: kUnit, u: l.unit, n: 1, ts: i}, i + 3, true
		}
		return expr{}, 0, false
	}
	if l.mark != mNone && l.mark != mNextWeek && !frFinal[p.tok(i).low] {
		j := i + 1
		if lu, ok := p.lexAt(j); ok && lu.unit != uNone && lu.unit != uDay && !p.pluralUnit(j) {
			return expr{kind: kUnit, u: lu.unit, n: markShift(l.mark), ts: i, ctx: ctxMarker(p.tok(i).low) || p.anaphoricNext(i)}, j + 1, true
		}
	}
	return expr{}, 0, false
}

// pluralUnit reports a unit in the plural ("années", "years") or after a plural determiner
// ("les mois", "ces derniers mois").
func (p *parser) pluralUnit(i int) bool {
	t := p.tok(i)
	if t.low != "mois" && t.low[len(t.low)-1] == 's' {
		return true
	}
	for k := i - 1; k >= i-2 && k >= 0; k-- {
		if p.isW(k, "les", "ces", "des", "these", "those") {
			return true
		}
	}
	return false
}

// anaphoricNext reports "the next" at token i used as "the following": "King was abducted in
// August 2016. The next year, the Taliban released a video" is 2017, as "the next day" is the day
// after the one just named. After a preposition it counts from now ("over the next year", "in the
// next month"), as "next year" alone does.
func (p *parser) anaphoricNext(i int) bool {
	return p.lang != "fr" && p.isW(i, "next") && p.isW(i-1, "the") &&
		!p.isW(i-2, "in", "over", "during", "within", "for", "through", "throughout", "into", "by", "until", "till")
}

// ctxMarker reports a marker that counts from the date the text last named, not from the
// anchor: "l'année suivante", "the following week", "the previous day".
func ctxMarker(w string) bool {
	switch w {
	case "suivant", "suivante", "suivants", "suivantes", "precedent", "precedente", "following", "previous", "prior":
		return true
	}
	return false
}

// frFinal are the French markers that mean "final" before their noun: "la dernière année de son
// mandat" is not "l'année dernière".
var frFinal = map[string]bool{"dernier": true, "derniere": true, "derniers": true, "dernieres": true}

func markShift(m mark) int {
	switch m {
	case mLast:
		return -1
	case mNext, mNextWeek:
		return 1
	}
	return 0
}

// partExpr reads a part of a month, year or relative unit: "fin mars", "mi-avril", "Fin 2023",
// "début du mois d'avril", "in mid-April", "late last month", "early next year", "end of April",
// "the beginning of the year", "la première quinzaine d'avril", "first half of May".
func (p *parser) partExpr(i int) (expr, int, bool) {
	var pt part
	j := i
	if l, ok := p.lexAt(i); ok && l.part != pNone {
		pt = l.part
		j = i + 1
	} else if o, k, ok := p.ordinal(i); ok && (o == 1 || o == 2) && p.isW(k, "quinzaine", "half", "semestre") {
		pt = pFirstHalf
		if o == 2 {
			pt = pSecondHalf
		}
		j = k + 1
		if p.isW(k, "semestre") { // a half of a year, which it must name
			if y, k2, ok := p.year(j, false); ok {
				return expr{kind: kCal, y: y, hasY: true, part: pt, ts: i}, k2, true
			}
			return expr{}, 0, false
		}
	} else if p.isW(i, "h", "s") && p.tok(i).cap && p.isNum(i+1) && p.tok(i+1).glued && p.tok(i+1).ndig == 1 &&
		(p.tok(i+1).num == 1 || p.tok(i+1).num == 2) {
		// "H1 2024", "S2 2023": only with the year
		pt = pFirstHalf
		if p.tok(i+1).num == 2 {
			pt = pSecondHalf
		}
		if y, k2, ok := p.year(i+2, false); ok {
			return expr{kind: kCal, y: y, hasY: true, part: pt, ts: i}, k2, true
		}
		return expr{}, 0, false
	} else {
		return expr{}, 0, false
	}
	if p.isP(j, "-") && p.tok(j).glued {
		j++
	}
	// "of", "of the", "de", "du", "d'", "de l'", "du mois de"
	k := j
	for steps := 0; steps < 4; steps++ {
		switch {
		case p.isW(k, "of", "de", "du", "d", "the", "la", "l"):
			k++
			if p.isP(k, "'") {
				k++
			}
			continue
		case p.isW(k, "mois") && (p.isW(k+1, "de", "d")):
			k += 2
			if p.isP(k, "'") {
				k++
			}
			continue
		}
		break
	}
	// a month, with or without a year
	if m, k2, ok := p.month(k, true); ok {
		e := expr{kind: kCal, m: m, part: pt, ts: i}
		if y, k3, ok := p.year(k2, false); ok {
			e.y, e.hasY = y, true
			k2 = k3
		}
		return e, k2, true
	}
	// "la fin de l'année 1944", "the end of the year 2012"
	if p.isW(k, "annee", "year", "an") {
		k1 := k + 1
		if p.isW(k1, "of", "de") { // "the end of the year of 2007"
			k1++
		}
		if y, k2, ok := p.year(k1, false); ok {
			return expr{kind: kCal, y: y, hasY: true, part: pt, ts: i}, k2, true
		}
	}
	// a year
	if y, k2, ok := p.year(k, false); ok {
		return expr{kind: kCal, y: y, hasY: true, part: pt, ts: i}, k2, true
	}
	// a relative unit: "last month", "next year", "this week", "the month", "l'année"
	if e, k2, ok := p.unitMark(k); ok {
		e.part = pt
		e.ts = i
		return e, k2, true
	}
	if e, k2, ok := p.phraseAt(k); ok && e.kind == kUnit && e.part == pNone {
		e.part = pt
		e.ts = i
		return e, k2, true
	}
	if l, ok := p.lexAt(k); ok && l.unit != uNone && l.unit != uDay && k > j {
		return expr{kind: kUnit, u: l.unit, part: pt, ts: i}, k + 1, true
	}
	if p.isW(k, "around") {
		if e, k2, ok := p.unitMark(k + 1); ok {
			e.part = pt
			e.ts = i
			return e, k2, true
		}
	}
	return expr{}, 0, false
}

// month reads a month name (and the "." of an abbreviation). An abbreviation, or an ambiguous full
// name, is accepted only when strong is set (a day, a year or a part is next to it).
func (p *parser) month(i int, strong bool) (int, int, bool) {
	l, ok := p.lexAt(i)
	if !ok || l.month == 0 {
		return 0, 0, false
	}
	if t := p.tok(i); !t.cap && (t.low == "may" || t.low == "march") {
		// English writes its months with a capital; in lower case before a word they are the verbs
		// ("Python 3 may want", "3 march on"). Lower-case text ("the ides of march") keeps them.
		word := func(k int) bool { n := p.tok(k); return n != nil && n.kind == tWord && !n.cap }
		if word(i+1) && (!p.isOrdinalWord(i+1) || word(i+2)) { // "march first" is a date, "may first need" not
			return 0, 0, false
		}
	}
	j := i + 1
	if l.monthAbb {
		if p.isP(j, ".") && p.tok(j).glued {
			j++
		} else if !strong {
			return 0, 0, false
		}
		if !strong && !p.isNum(j) {
			return 0, 0, false
		}
	}
	return int(l.month), j, true
}

// year reads a four-digit year (with "AD"/"BC"), or, when short is set, a two-digit one.
func (p *parser) year(i int, short bool) (int, int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != tNum {
		return 0, 0, false
	}
	y := 0
	switch {
	case t.ndig == 4 && t.num >= 1000 && t.num <= 2999:
		y = t.num
	case short && t.ndig == 2:
		y = t.num + 2000
		if t.num >= 50 {
			y = t.num + 1900
		}
	default:
		return 0, 0, false
	}
	j := i + 1
	if e, ok := p.era(j); ok {
		if p.isW(j, "bc", "b", "av") {
			y = -y
		}
		j = e
	}
	if s := p.tok(j); s != nil && s.glued && (s.kind == tNum || s.kind == tWord) {
		return 0, 0, false
	}
	if !p.numEnd(j) {
		return 0, 0, false
	}
	return y, j, true
}

// era reads "AD", "A.D.", "BC", "B.C.", "av. J.-C." after a year.
func (p *parser) era(i int) (int, bool) {
	switch {
	case p.isW(i, "ad", "bc"):
		return i + 1, true
	case p.isW(i, "a", "b") && p.isP(i+1, ".") && p.isW(i+2, "d", "c") && p.isP(i+3, "."):
		return i + 4, true
	}
	return 0, false
}

// dayNum reads a day of the month: "3", "03", "1er", "15th", "premier", "third", "quinze".
func (p *parser) dayNum(i int, words bool) (int, int, bool) {
	t := p.tok(i)
	if t == nil {
		return 0, 0, false
	}
	if t.kind == tNum {
		if t.ndig > 2 || t.num < 1 || t.num > 31 {
			return 0, 0, false
		}
		if s := p.tok(i + 1); s != nil && s.kind == tWord && s.glued && ordSuffix[s.low] {
			return t.num, i + 2, true
		}
		return t.num, i + 1, true
	}
	if !words {
		return 0, 0, false
	}
	if o, k, ok := p.ordinal(i); ok && o <= 31 {
		return o, k, true
	}
	if n, k, ok := p.numWord(i); ok && n >= 2 && n <= 31 {
		return n, k, true // never "a" or "un": "a December 2014 release"
	}
	return 0, 0, false
}

// weekday reads a weekday name; an abbreviation needs its "." or a date right after it.
func (p *parser) weekday(i int) (int, int, bool, bool) {
	l, ok := p.lexAt(i)
	if !ok || l.weekday == 0 {
		return 0, 0, false, false
	}
	t := p.tok(i)
	if t.low[len(t.low)-1] == 's' && t.low != "tues" && t.low != "thurs" && p.lang != "fr" {
		return 0, 0, false, false // "fridays" is a count, not a day
	}
	if nx := p.tok(i + 1); t.cap && nx != nil && nx.cap && !nx.glued && (nx.low == "night" || nx.low == "live" || nx.low == "club") {
		return 0, 0, false, false // "Saturday Night Live", "Monday Night Football"
	}
	j := i + 1
	if l.wdAbb {
		// "jeu.", "mer.", "sun." end sentences as words far more often than as days: an
		// abbreviation is a weekday only when a date follows it
		if p.isP(j, ".") && p.tok(j).glued {
			return int(l.weekday), j + 1, true, true
		}
		return int(l.weekday), j, true, true
	}
	return int(l.weekday), j, true, false
}

// cal reads calendar dates: weekdays, day-month-year in words or digits, months, governed years.
func (p *parser) cal(i int, gov bool, pr prep) (expr, int, bool) {
	// "last sunday", "next wednesday", "ce lundi", "next March", "last May"
	if l, ok := p.lexAt(i); ok && l.mark != mNone && l.mark != mNextWeek {
		if wd, j, ok, abb := p.weekday(i + 1); ok && !abb {
			if d, end, ok := p.dayMonth(j, true); ok && d.d != 0 && d.m != 0 {
				d.wd, d.ts = wd, i // "ce mardi 7 mai": the date says which Tuesday
				return d, end, true
			}
			e := expr{kind: kCal, wd: wd, wdMark: l.mark, ts: i}
			return e, j, true
		}
		if l.mark != mThis {
			if m, j, ok := p.month(i+1, false); ok && !p.isNum(j) {
				return expr{kind: kCal, m: m, mark: l.mark, ts: i}, j, true
			}
		}
	}
	if wd, j, ok, abb := p.weekday(i); ok {
		// "Friday (May 3)", "Wednesday, April 10", "vendredi 3 mai 2024", "Tuesday the 19th"
		k := j
		paren := false
		comma := false
		if p.isP(k, ",") {
			k++
			comma = true
		} else if p.isP(k, "(") {
			k++
			paren = true
		}
		if p.isW(k, "le", "the") && !paren {
			k++
		}
		if e, end, ok := p.dayMonth(k, true); ok && e.d != 0 {
			if paren {
				if !p.isP(end, ")") {
					return expr{}, 0, false
				}
				end++
			}
			e.wd = wd
			e.ts = i
			return e, end, true
		}
		if !comma && !paren {
			// "jeudi 15", "Thu 15th": a weekday and a day of the month
			if d, end, ok := p.dayNum(k, false); ok && p.numEnd(end) && !p.isUnitAt(end) {
				if t := p.tok(end); t == nil || t.kind != tWord || !p.startsNoun(end) {
					return expr{kind: kCal, wd: wd, d: d, ts: i}, end, true
				}
			}
		}
		if abb {
			return expr{}, 0, false
		}
		return expr{kind: kCal, wd: wd, ts: i}, j, true
	}
	if e, end, ok := p.dayMonth(i, gov); ok {
		e.ts = i
		return e, end, true
	}
	// a year alone needs a governing word: "en 2019", "depuis 2020", "in 2014"
	if t := p.tok(i); t != nil && t.kind == tNum && t.ndig == 4 && t.num >= 1000 && t.num <= 2999 &&
		(p.isP(i+1, "-") || p.isW(i+1, "a", "au", "to", "through", "thru")) && (gov || pr != prNone || p.isP(i+1, "-")) {
		// a range of years "1960 - 1961", "2019-2021", "de 2019 à 2021"
		if y2, end2, ok := p.year(i+2, false); ok && y2 > t.num && y2-t.num < 200 {
			return expr{kind: kRange, sub: []expr{{kind: kCal, y: t.num, hasY: true}, {kind: kCal, y: y2, hasY: true}}, ts: i}, end2, true
		}
	}
	if y, end, ok := p.year(i, false); ok {
		// a year alone needs a preposition that governs time ("en", "in", "depuis", "since",
		// "avant"), never "de" or "à" ("plus de 2000 personnes", "de 1000 à 2015"), and no plural
		// noun after it ("in 2000 cases", "by 2000 votes")
		if p.countedNoun(end) {
			return expr{}, 0, false
		}
		if p.isW(i-1, "over") {
			return expr{}, 0, false // "over 1500 m" is a quantity
		}
		switch pr {
		case prPlain, prSince, prUntil, prBefore, prAfter, prFrom, prBetween:
			// prFrom and prBetween: the caller keeps it only as the start of a range
			return expr{kind: kCal, y: y, hasY: true, ts: i}, end, true
		}
		if p.isW(i-1, "annee", "year", "horizon", "exercice") || p.isW(i-1, "an") && p.lang != "en" {
			return expr{kind: kCal, y: y, hasY: true, ts: i}, end, true
		}
	}
	return expr{}, 0, false
}

// functionWords end in "s" without being plural nouns.
var functionWords = map[string]bool{"les": true, "des": true, "ses": true, "ces": true, "mes": true,
	"tes": true, "nos": true, "vos": true, "leurs": true, "plus": true, "sans": true, "dans": true,
	"sous": true, "vers": true, "chez": true, "puis": true, "mais": true, "depuis": true, "alors": true,
	"apres": true, "was": true, "is": true, "has": true, "his": true, "its": true, "this": true, "as": true,
	"us": true, "thus": true, "whereas": true, "always": true, "perhaps": true, "nous": true, "vous": true,
	"ils": true, "elles": true, "lors": true, "pas": true, "tres": true, "jamais": true, "toujours": true}

// countedNoun reports a lower-case plural word at i that a number before it would count.
func (p *parser) countedNoun(i int) bool {
	t := p.tok(i)
	if t == nil || t.kind != tWord || t.cap || t.nl || len(t.low) < 3 {
		return false
	}
	last := t.low[len(t.low)-1]
	if last != 's' && last != 'x' {
		return false
	}
	if functionWords[t.low] {
		return false
	}
	if l, ok := p.lexAt(i); ok && (l.month != 0 || l.weekday != 0 || l.prep != prNone || l.mark != mNone) {
		return false
	}
	return true
}

func (p *parser) isUnitAt(i int) bool {
	l, ok := p.lexAt(i)
	return ok && l.unit != uNone
}

// startsNoun reports whether the word at i continues a noun phrase after a number ("15 personnes"),
// which rules out reading the number as a day.
func (p *parser) startsNoun(i int) bool {
	l, ok := p.lexAt(i)
	if !ok {
		return !glue[p.tok(i).low]
	}
	return !(l.prep != prNone || l.andWord || l.toWord || l.month != 0 || l.mark != mNone)
}

// dayMonth reads the day-month-year family: "3 mai 2024", "1er janvier", "May 3, 2024",
// "the 1st of March", "juillet 2012", "03/05/2024", "2015-03-03", "31-Oct-74", "le 16".
func (p *parser) dayMonth(i int, gov bool) (expr, int, bool) {
	if e, end, ok := p.numeric(i); ok {
		return e, end, true
	}
	// DAY [of|de] MONTH [YEAR]
	if d, j, ok := p.dayNum(i, true); ok {
		k := j
		if p.isW(k, "of", "de", "d") {
			k++
			if p.isP(k, "'") {
				k++
			}
		}
		if p.isP(k, "-") || p.isP(k, "/") { // "31-Oct-74", "31/Oct/1974"
			if m, k2, ok := p.month(k+1, true); ok && p.isP(k2, p.tok(k).low) {
				if y, k3, ok := p.year(k2+1, true); ok && validDate(y, m, d) {
					return expr{kind: kCal, y: y, hasY: true, m: m, d: d}, k3, true
				}
			}
		}
		numeric := p.tok(i).kind == tNum
		if m, k2, ok := p.month(k, true); ok {
			e := expr{kind: kCal, m: m, d: d}
			end := k2
			if p.isP(end, ",") && p.isNum(end+1) {
				if y, k3, ok := p.year(end+1, false); ok {
					e.y, e.hasY, end = y, true, k3
				}
			} else if y, k3, ok := p.year(end, true); ok {
				e.y, e.hasY, end = y, true, k3
			}
			if !validDate(yearOr(e), m, d) {
				return expr{}, 0, false
			}
			return e, end, true
		}
		// "le 16", "the 24", "on the 15th": a day alone, governed, at the end of its phrase
		sinceDay := (p.curPr == prSince || p.curPr == prUntil) && p.isW(i-1, "du", "au")
		// French "le 16" is a date; English "the 24" is as often a rank or a count, so it needs "on"
		bareOK := p.isW(i-1, "le") && p.lang != "en" || p.isW(i-1, "on") || p.isW(i-1, "the") && p.isW(i-2, "on")
		score := p.isW(j, "a", "to") && p.isNum(j+1) // "le 4 à 0"
		if numeric && gov && p.tok(i-1) != nil && (bareOK || sinceDay) && p.numEnd(j) && !p.isUnitAt(j) && !score {
			if t := p.tok(j); t == nil || t.kind != tWord || !p.startsNoun(j) {
				return expr{kind: kCal, d: d}, j, true
			}
		}
		// "on the first" is a day; "on the first and last days" counts days
		if !numeric && p.isW(i-1, "the") && p.isW(i-2, "on") && p.numEnd(j) && p.tok(i).kind == tWord && !p.isW(j, "and", "or") {
			if o, _, ok := p.ordinal(i); ok && o == d {
				if t := p.tok(j); t == nil || t.kind != tWord || !p.startsNoun(j) {
					return expr{kind: kCal, d: d}, j, true
				}
			}
		}
	}
	// MONTH [the] DAY [,] [YEAR]  /  MONTH [,|de|of] YEAR  /  MONTH
	if m, j, ok := p.month(i, true); ok {
		abb := false
		if l, _ := p.lexAt(i); l.monthAbb {
			abb = true
		}
		k := j
		if p.isW(k, "the") {
			k++
		}
		// French puts the day first: "en juin 12 pesticides" counts pesticides
		if d, k2, ok := p.dayNum(k, true); ok && p.lang != "fr" && (p.tok(k).kind == tNum || p.tok(k).kind == tWord && p.isOrdinalWord(k)) {
			// not "May 2024" read as a day, not "March 3 people"
			e := expr{kind: kCal, m: m, d: d}
			end := k2
			if p.isP(end, ",") && p.isNum(end+1) {
				if y, k3, ok := p.year(end+1, false); ok {
					e.y, e.hasY, end = y, true, k3
				}
			} else if y, k3, ok := p.year(end, false); ok {
				e.y, e.hasY, end = y, true, k3
			}
			// "March 3 people" may be a verb, "the March 3 primaries" is a date: a capital after a
			// word is the month's
			weak := p.isW(i, "may", "march") && p.lang != "fr" && !(p.tok(i).cap && i > 0 && p.tok(i-1).kind == tWord)
			if validDate(yearOr(e), m, d) && (e.hasY || p.numEnd(end) || !p.isNum(end)) {
				if t := p.tok(end); e.hasY || !weak || t == nil || t.kind != tWord || !p.startsNoun(end) || p.tok(k).kind == tWord {
					return e, end, true
				}
			}
		}
		k = j
		if p.isP(k, ",") || p.isW(k, "de", "of", "d") {
			k++
			if p.isP(k, "'") {
				k++
			}
		}
		if y, k2, ok := p.year(k, false); ok {
			return expr{kind: kCal, m: m, y: y, hasY: true}, k2, true
		}
		if abb {
			return expr{}, 0, false
		}
		if !p.bareMonthOK(i, gov) {
			return expr{}, 0, false
		}
		return expr{kind: kCal, m: m}, j, true
	}
	if p.isW(i, "mois") && p.isW(i+1, "de", "d") {
		k := i + 2
		if p.isP(k, "'") {
			k++
		}
		if m, j, ok := p.month(k, true); ok {
			e := expr{kind: kCal, m: m}
			if y, k2, ok := p.year(j, false); ok {
				e.y, e.hasY, j = y, true, k2
			}
			return e, j, true
		}
	}
	return expr{}, 0, false
}

func (p *parser) isOrdinalWord(i int) bool {
	l, ok := p.lexAt(i)
	return ok && l.ordinal > 0
}

// bareMonthOK decides whether a month name with no day and no year is the month: governed ("en
// mars", "in March"), followed by a marker ("mars dernier"), or a name that is nothing else.
func (p *parser) bareMonthOK(i int, gov bool) bool {
	if t := p.tok(i); t.cap && p.lang != "en" && i > 0 && p.tok(i-1).kind == tWord && !p.tok(i-1).cap {
		return false // "le Champ de Juillet", "la monarchie de Juillet"
	}
	if gov && p.isW(i-1, "on") {
		return false // "on May" is not English for the month
	}
	if gov {
		return true
	}
	if l, ok := p.lexAt(i + 1); ok && (l.mark == mLast || l.mark == mNext) {
		return true
	}
	if p.isW(i+1, "after") && p.isW(i+2, "next") {
		return true
	}
	t := p.tok(i)
	switch t.low {
	case "may", "march":
		return false
	}
	if p.lang == "en" || (p.lang == "" && t.cap) {
		return t.cap
	}
	return !t.cap
}

func yearOr(e expr) int {
	if e.hasY {
		return e.y
	}
	return 2024 // a leap year: "29 février" is valid until a year says otherwise
}

// glue words follow a date without being counted by it ("le 16 à 18h", "May 3 at noon").
var glue = map[string]bool{"a": true, "at": true, "vers": true, "pour": true, "with": true, "when": true,
	"and": true, "or": true, "et": true, "ou": true, "as": true, "for": true, "that": true, "it": true,
	"he": true, "she": true, "they": true, "we": true, "il": true, "elle": true, "ils": true, "on": true,
	"was": true, "were": true, "is": true, "will": true, "a.m": true, "am": true, "pm": true, "h": true}

var badBefore = map[string]bool{"n": true, "no": true, "loi": true, "decret": true, "article": true,
	"art": true, "law": true, "number": true, "numero": true, "ordonnance": true, "arrete": true, "version": true}

// numeric reads dates in digits: "03/05/2024", "1/3/2013", "2015-03-03", "17/02", "2/15",
// "10.31.1974", "2/2013", "2014-10", "2014/10", "20 02 2014", "18q4", "2018Q4".
func (p *parser) numeric(i int) (expr, int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != tNum {
		return expr{}, 0, false
	}
	if prev := p.tok(i - 1); prev != nil {
		if prev.kind == tPunct && (prev.low == "°" || prev.low == "#" || prev.low == "º") {
			return expr{}, 0, false
		}
		if prev.kind == tWord && badBefore[prev.low] {
			return expr{}, 0, false
		}
		if prev.kind == tPunct && prev.glued && t.glued && (prev.low == "/" || prev.low == "-" || prev.low == "." || prev.low == ":") {
			return expr{}, 0, false
		}
		if prev.kind == tNum && !t.nl {
			return expr{}, 0, false
		}
	}
	// quarters written "2018Q4", "18q4"
	if q := p.tok(i + 1); q != nil && q.kind == tWord && q.glued && q.low == "q" {
		if n := p.tok(i + 2); n != nil && n.kind == tNum && n.glued && n.num >= 1 && n.num <= 4 && p.numEnd(i+3) {
			y := t.num
			if t.ndig == 2 {
				y += 2000
			} else if t.ndig != 4 {
				return expr{}, 0, false
			}
			return expr{kind: kQuarter, q: n.num, y: y, hasY: true}, i + 3, true
		}
	}
	sep := p.tok(i + 1)
	if sep == nil || sep.kind != tPunct || (sep.low != "/" && sep.low != "-" && sep.low != ".") {
		return p.spaced(i)
	}
	spaced := !sep.glued
	if spaced && sep.low != "/" {
		return expr{}, 0, false
	}
	b := p.tok(i + 2)
	if b == nil || b.kind != tNum || (spaced == b.glued) {
		return expr{}, 0, false
	}
	s := sep.low
	// third part?
	var c *token
	end := i + 3
	if s2 := p.tok(i + 3); s2 != nil && s2.kind == tPunct && s2.low == s && s2.glued == !spaced {
		if c3 := p.tok(i + 4); c3 != nil && c3.kind == tNum && c3.glued == !spaced {
			c = c3
			end = i + 5
		}
	}
	if !p.numEnd(end) {
		return expr{}, 0, false
	}
	if c != nil {
		var y, m, d int
		switch {
		case t.ndig == 4: // Y-M-D
			y, m, d = t.num, b.num, c.num
		case c.ndig == 4 || c.ndig == 2:
			y = c.num
			if c.ndig == 2 {
				y = twoDigitYear(c.num)
			}
			if p.dmy {
				d, m = t.num, b.num
			} else {
				m, d = t.num, b.num
			}
		default:
			return expr{}, 0, false
		}
		if t.ndig > 4 || b.ndig > 2 || !validDate(y, m, d) {
			return expr{}, 0, false
		}
		return expr{kind: kCal, y: y, hasY: true, m: m, d: d}, end, true
	}
	// two parts
	switch {
	case t.ndig == 4 && b.ndig == 2 && (s == "-" || s == "/") && b.num == (t.num+1)%100 && t.num >= 1000 && t.num <= 2999:
		// "2010/11", "2023-24": a season across two years
		return expr{kind: kRange, sub: []expr{{kind: kCal, y: t.num, hasY: true}, {kind: kCal, y: t.num + 1, hasY: true}}}, end, true
	case t.ndig == 4 && b.ndig == 2 && (s == "-" || s == "/") && b.num >= 1 && b.num <= 12 && t.num >= 1000 && t.num <= 2999 && !spaced:
		return expr{kind: kCal, y: t.num, hasY: true, m: b.num}, end, true
	case s == "/" && b.ndig == 4 && t.ndig <= 2 && t.num >= 1 && t.num <= 12 && b.num >= 1000 && b.num <= 2999:
		return expr{kind: kCal, y: b.num, hasY: true, m: t.num}, end, true
	case s == "/" && t.ndig <= 2 && b.ndig <= 2 && !spaced && !p.ratingContext(i, end) && !p.fraction(i, t.num, b.num):
		d, m := t.num, b.num
		if !p.dmy {
			d, m = m, d
		}
		if !validDate(2024, m, d) {
			return expr{}, 0, false
		}
		return expr{kind: kCal, m: m, d: d}, end, true
	}
	return expr{}, 0, false
}

// fraction reports a day/month look-alike that reads as a fraction ("1/2", "3/4", "2 h. 1/2")
// and has no preposition or determiner to make it a date ("le 1/2" stays a date).
func (p *parser) fraction(i, a, b int) bool {
	if a >= b || b > 8 {
		return false
	}
	return !p.isW(i-1, "le", "du", "au", "on", "since", "depuis", "until", "by", "from", "the")
}

// ratingContext reports a day/month look-alike that is a mark or a score: "9/10 sur Gamekult",
// "note de 16/20", "rated 4/5".
func (p *parser) ratingContext(i, end int) bool {
	if p.isW(end, "sur", "out", "points", "pts", "voix", "votes") {
		return true
	}
	return p.isW(i-1, "note", "notes", "score", "rated", "rating", "de", "of")
}

// spaced reads French "20 02 2014" and "20 2 14": three numbers that only a date explains.
func (p *parser) spaced(i int) (expr, int, bool) {
	if p.lang == "en" || !p.dmy {
		return expr{}, 0, false
	}
	a, b, c := p.tok(i), p.tok(i+1), p.tok(i+2)
	if b == nil || c == nil || b.kind != tNum || c.kind != tNum || b.glued || c.glued || b.nl || c.nl {
		return expr{}, 0, false
	}
	if a.ndig > 2 || b.ndig > 2 || (c.ndig != 2 && c.ndig != 4) || !p.numEnd(i+3) {
		return expr{}, 0, false
	}
	y := c.num
	if c.ndig == 2 {
		y = twoDigitYear(c.num)
	}
	if !validDate(y, b.num, a.num) || (c.ndig == 4 && (y < 1900 || y > 2100)) {
		return expr{}, 0, false
	}
	if t := p.tok(i + 3); t != nil && t.kind == tWord && p.startsNoun(i+3) {
		return expr{}, 0, false
	}
	return expr{kind: kCal, y: y, hasY: true, m: b.num, d: a.num}, i + 3, true
}

func twoDigitYear(n int) int {
	if n < 50 {
		return 2000 + n
	}
	return 1900 + n
}

// quarter reads "premier trimestre 2024", "the 4th qtr of 2018", "Q1 2024", "third quarter".
func (p *parser) quarter(i int) (expr, int, bool) {
	q, j := 0, i
	needYear := false
	if o, k, ok := p.ordinal(i); ok && o >= 1 && o <= 4 {
		if p.isP(k, "-") && p.tok(k).glued { // "first-quarter results"
			k++
		}
		if l, ok := p.lexAt(k); ok && l.quarter {
			q, j = o, k+1
		}
	} else if p.isW(i, "q", "t") {
		// "Q1", "Q4 2018"; the French "T1" is also a flat size, so it needs its year ("T1 2024")
		if n := p.tok(i + 1); n != nil && n.kind == tNum && n.glued && n.num >= 1 && n.num <= 4 && n.ndig == 1 && p.tok(i).cap {
			q, j = n.num, i+2
			needYear = p.isW(i, "t")
		}
	}
	if q == 0 {
		return expr{}, 0, false
	}
	e := expr{kind: kQuarter, q: q, ts: i}
	k := j
	if p.isW(k, "of", "de") {
		k++
	}
	if y, k2, ok := p.year(k, false); ok {
		e.y, e.hasY = y, true
		return e, k2, true
	}
	if needYear {
		return expr{}, 0, false
	}
	if l, ok := p.lexAt(j); ok && (l.mark == mLast || l.mark == mNext) {
		e.mark = l.mark
		return e, j + 1, true
	}
	return e, j, true
}

// season reads "cet été", "l'été 2023", "this summer", "last winter", "au printemps".
func (p *parser) season(i int) (expr, int, bool) {
	mk := mNone
	j := i
	if l, ok := p.lexAt(i); ok && l.mark != mNone && l.mark != mNextWeek {
		mk, j = l.mark, i+1
	} else if p.isW(i, "current") {
		mk, j = mThis, i+1
	}
	l, ok := p.lexAt(j)
	if !ok || l.season == 0 {
		return expr{}, 0, false
	}
	if p.isW(j, "fall") && mk == mNone && !p.isNum(j+1) {
		return expr{}, 0, false
	}
	e := expr{kind: kSeason, season: int(l.season), mark: mk, ts: i}
	k := j + 1
	if t := p.tok(j); mk == mNone && t.cap && j > 0 && !p.tok(j-1).cap && !p.isNum(k) && p.tok(j-1).kind == tWord {
		return expr{}, 0, false // "le Printemps arabe", "le Printemps de Bourges"
	}
	if y, k2, ok := p.year(k, false); ok {
		e.y, e.hasY = y, true
		return e, k2, true
	}
	if mk != mNone {
		return e, k, true // "cet été", "last winter"
	}
	// Without a year or "cet", a season is a date only after a preposition of time ("au
	// printemps", "en hiver", "à l'été", "in the autumn"), or with "dernier" after its
	// determiner ("l'été dernier"): "l'hiver est rude", "le printemps de Prague", "ont été" are not.
	b := i - 1
	for b >= 0 && (p.isP(b, "'") || p.isW(b, "l", "le", "la", "the")) {
		b--
	}
	hasDet := b < i-1
	if lm, ok := p.lexAt(k); ok && (lm.mark == mLast || lm.mark == mNext) && hasDet {
		e.mark = lm.mark
		return e, k + 1, true
	}
	if p.isW(b, "en", "in", "au", "during", "pendant", "durant", "over") ||
		hasDet && p.isW(b, "a", "depuis", "since", "des", "jusqu") {
		// "a été" is "has been" and "a depuis été battu" no date; "à l'été", "depuis l'été" are
		return e, k, true
	}
	return expr{}, 0, false
}

// decade reads "les années 1980", "les années 80", "the 1980s", "the '80s", "the 1980's".
func (p *parser) decade(i int) (expr, int, bool) {
	if p.isW(i, "annees") {
		if t := p.tok(i + 1); t != nil && t.kind == tNum {
			y := t.num
			if t.ndig == 2 && y%10 == 0 {
				y = 1900 + y
			} else if t.ndig != 4 || y%10 != 0 || y < 1000 || y > 2999 {
				return expr{}, 0, false
			}
			return expr{kind: kDecade, y: y, ts: i}, i + 2, true
		}
	}
	j := i
	if p.isP(j, "'") {
		j++
	}
	// Four-digit decades take the years year reads: "RTX 3080s" are graphics cards.
	if t := p.tok(j); t != nil && t.kind == tNum && t.num%10 == 0 && (t.ndig == 4 && t.num >= 1000 && t.num <= 2999 || t.ndig == 2) {
		if s := p.tok(j + 1); s != nil && s.kind == tWord && s.glued && s.low == "s" && p.lang != "fr" {
			if t.ndig == 2 && j == i && p.ageBefore(i) {
				return expr{}, 0, false // "in his 20s", "her early 30s" are ages
			}
			y := t.num
			if t.ndig == 2 {
				y += 1900
			}
			return expr{kind: kDecade, y: y, ts: i}, j + 2, true
		}
		// "the 1990's", "the '80's": the apostrophe some writers put in the plural. Without "the"
		// (or "early", "mid", "late") before, "1990's Unison" is a possessive, not a decade.
		if s := p.tok(j + 2); s != nil && p.isP(j+1, "'") && p.tok(j+1).glued && s.kind == tWord && s.glued &&
			s.low == "s" && p.lang != "fr" && p.isW(i-1, "the", "early", "mid", "late") {
			y := t.num
			if t.ndig == 2 {
				y += 1900
			}
			return expr{kind: kDecade, y: y, ts: i}, j + 3, true
		}
	}
	return expr{}, 0, false
}

// ageBefore says whether a possessive comes before token i, past "early", "mid" or "late".
func (p *parser) ageBefore(i int) bool {
	k := i - 1
	if p.isP(k, "-") {
		k--
	}
	if p.isW(k, "early", "mid", "late") {
		k--
	}
	return p.isW(k, "his", "her", "their", "my", "your", "our", "its")
}

// weekend reads "le week-end", "ce week-end", "over the weekend", "le week-end des 6 et 7 avril".
func (p *parser) weekend(i int) (expr, int, bool) {
	mk := mNone
	j := i
	if l, ok := p.lexAt(i); ok && (l.mark == mThis || l.mark == mLast || l.mark == mNext) {
		mk, j = l.mark, i+1
	}
	if mk == mNone && !p.isW(i-1, "le", "the", "du", "au", "over", "during", "pendant", "durant", "this", "ce") {
		return expr{}, 0, false // "un week-end d'étude", "every weekend"
	}
	k := j
	switch {
	case p.isW(k, "week") && p.isP(k+1, "-") && p.isW(k+2, "end", "ends"):
		k += 3
	case p.isW(k, "weekend", "week") && (p.tok(k).low == "weekend" || p.isW(k+1, "end")):
		k++
		if p.isW(k, "end") {
			k++
		}
	default:
		return expr{}, 0, false
	}
	if l, ok := p.lexAt(k); ok && (l.mark == mLast || l.mark == mNext) && mk == mNone {
		mk = l.mark
		k++
	}
	e := expr{kind: kWeekend, mark: mk, ts: i}
	// "des 6 et 7 avril", "du 6 au 7 avril", "of May 4-5"
	if p.isW(k, "des", "du", "of") {
		if r, end, ok := p.expression(k + 1); ok && r.kind == kCal && r.d != 0 {
			if r2, end2, ok := p.rangeFrom(r, end, prBetween); ok {
				r2.ts = i
				return r2, end2, true
			}
			e.sub = []expr{r}
			return e, end, true
		}
		if p.isW(k, "des") {
			if d, j2, ok := p.dayNum(k+1, false); ok && (p.isW(j2, "et") || p.isW(j2, "au")) {
				if r, end, ok := p.dayMonth(j2+1, true); ok && r.d != 0 && r.m != 0 {
					first := r
					first.d = d
					return expr{kind: kRange, sub: []expr{first, r}, ts: i}, end, true
				}
			}
		}
	}
	return e, k, true
}

// nthWeekday reads "le premier mercredi du mois prochain", "first tuesday of october",
// "last Monday of March", "the first Monday of this month", "third tuesday of september 2014".
func (p *parser) nthWeekday(i int) (expr, int, bool) {
	n, j := 0, i
	if o, k, ok := p.ordinal(i); ok && o <= 5 {
		n, j = o, k
	} else if l, ok := p.lexAt(i); ok && l.mark == mLast && !p.isW(i, "past", "previous", "passe", "passee") {
		n, j = -1, i+1
	} else {
		return expr{}, 0, false
	}
	wd, k, ok, _ := p.weekday(j)
	if !ok {
		return expr{}, 0, false
	}
	if !p.isW(k, "of", "in", "du", "de", "d") {
		return expr{}, 0, false
	}
	k++
	if p.isP(k, "'") {
		k++
	}
	if p.isW(k, "the") {
		k++
	}
	if m, k2, ok := p.month(k, true); ok {
		sub := expr{kind: kCal, m: m}
		if y, k3, ok := p.year(k2, false); ok {
			sub.y, sub.hasY, k2 = y, true, k3
		}
		return expr{kind: kNthWeekday, n: n, wd: wd, sub: []expr{sub}, ts: i}, k2, true
	}
	if e, k2, ok := p.unitMark(k); ok && e.u == uMonth {
		return expr{kind: kNthWeekday, n: n, wd: wd, sub: []expr{e}, ts: i}, k2, true
	}
	if e, k2, ok := p.phraseAt(k); ok && e.kind == kUnit && e.u == uMonth {
		return expr{kind: kNthWeekday, n: n, wd: wd, sub: []expr{e}, ts: i}, k2, true
	}
	if p.isW(k, "month", "mois") {
		return expr{kind: kNthWeekday, n: n, wd: wd, sub: []expr{{kind: kUnit, u: uMonth}}, ts: i}, k + 1, true
	}
	return expr{}, 0, false
}

// weekOf reads "la semaine du 14 octobre", "the week of October 14th": the week that contains the day.
func (p *parser) weekOf(i int) (expr, int, bool) {
	if !p.isW(i, "semaine", "week") || !p.isW(i+1, "du", "of") {
		return expr{}, 0, false
	}
	if e, end, ok := p.dayMonth(i+2, true); ok && e.d != 0 && e.m != 0 {
		return expr{kind: kWeekOf, sub: []expr{e}, ts: i}, end, true
	}
	return expr{}, 0, false
}

// rangeFrom extends a date into a range when a connector and a second date follow it.
func (p *parser) rangeFrom(a expr, end int, pr prep) (expr, int, bool) {
	if a.kind != kCal || a.hasTime {
		return expr{}, 0, false
	}
	k := end
	switch {
	case (pr == prBetween || p.isW(a.ts-1, "les", "des")) && p.isW(k, "et", "and"):
		k++
	case p.isP(k, "-"):
		k++
	case p.isW(k, "au", "to", "through", "thru", "till", "until"):
		k++
	case p.isW(k, "a") && p.lang != "en" && pr == prFrom:
		k++
	case p.isW(k, "jusqu") && p.isP(k+1, "'") && p.isW(k+2, "au"):
		k += 3
	case p.isP(k, "/") && a.m != 0 && a.d == 0 && !a.hasY: // "April/May 2011"
		k++
	default:
		return expr{}, 0, false
	}
	if p.isW(k, "le", "the") {
		k++
	}
	// the second end: a full date piece, or a bare day that borrows the month of the first
	var b expr
	bend := 0
	if y, e2, ok := p.year(k, false); ok && a.hasY && a.m == 0 && a.d == 0 {
		b, bend = expr{kind: kCal, y: y, hasY: true}, e2
	} else if e, e2, ok := p.cal(k, true, prNone); ok && e.kind == kCal {
		b, bend = e, e2
	} else if d, e2, ok := p.dayNum(k, true); ok {
		b, bend = expr{kind: kCal, d: d}, e2
	} else {
		return expr{}, 0, false
	}
	if b.wd != 0 && b.d == 0 {
		if a.wd != 0 && a.d == 0 && a.m == 0 && b.m == 0 && (pr == prFrom || pr == prBetween || p.isW(a.ts-1, "de", "du")) {
			// "du lundi au mercredi", "la nuit de samedi à dimanche"
			return expr{kind: kRange, sub: []expr{a, b}, ts: a.ts}, bend, true
		}
		return expr{}, 0, false
	}
	// A range of bare days needs "du", "entre" or "from" ("du 13 au 18"), never "3-1".
	if a.m == 0 && b.m == 0 && a.y == 0 && !(pr == prFrom || pr == prBetween) {
		return expr{}, 0, false
	}
	if a.d != 0 && b.d == 0 || a.d == 0 && b.d != 0 && a.m == 0 {
		return expr{}, 0, false
	}
	if a.d == 0 && a.m == 0 {
		// years: "entre 2019 et 2021", "from 2019 to 2021"
		if a.hasY && b.hasY && b.m == 0 && b.d == 0 && b.wd == 0 && b.y > a.y {
			return expr{kind: kRange, sub: []expr{a, b}, ts: a.ts}, bend, true
		}
		return expr{}, 0, false
	}
	if a.m == 0 {
		a.m = b.m
	}
	if !a.hasY && b.hasY {
		a.y, a.hasY = b.y, true
		if a.m > b.m {
			a.y--
		}
	}
	if a.d != 0 && a.m != 0 && !validDate(yearOr(a), a.m, a.d) {
		return expr{}, 0, false
	}
	if a.m != 0 && b.m == 0 {
		b.m = a.m
	}
	if b.d != 0 && b.m != 0 && !validDate(yearOr(b), b.m, b.d) {
		return expr{}, 0, false
	}
	if a.m == b.m && a.d != 0 && b.d != 0 && b.d < a.d && (a.y == b.y || !b.hasY) {
		return expr{}, 0, false
	}
	return expr{kind: kRange, sub: []expr{a, b}, ts: a.ts}, bend, true
}

// suffixes reads what may follow a date: "dernier"/"prochain", "de la semaine prochaine", "en huit",
// "after next", a clock time, a part of the day.
func (p *parser) suffixes(e expr, end int) (expr, int) {
	if e.kind == kCal && e.d != 0 && e.m != 0 && e.wd == 0 && p.isP(end, ",") {
		// "Jul 18, Fri"
		if wd, j, ok, _ := p.weekday(end + 1); ok && p.numEnd(j) {
			e.wd = wd
			end = j
		}
	}
	if e.kind == kCal && !e.hasY && e.m != 0 {
		// "le 17 mai de la même année", "on May 17 of that year": the year of the previous date
		k := end
		if p.isW(k, "de", "of") {
			k++
		}
		switch {
		case p.isW(k, "la") && p.isW(k+1, "meme") && p.isW(k+2, "annee"):
			e.sameYear, end = true, k+3
		case p.isW(k, "the") && p.isW(k+1, "same") && p.isW(k+2, "year"), p.isW(k, "that") && p.isW(k+1, "year"):
			e.sameYear, end = true, k+2
			if p.isW(k, "the") {
				end = k + 3
			}
		case p.isW(k, "cette") && p.isW(k+1, "annee") && p.isP(k+2, "-") && p.isW(k+3, "la"):
			e.sameYear, end = true, k+4
		}
	}
	if e.kind == kCal && !e.hasY && e.m != 0 && !e.sameYear {
		if rel, j, ok := p.relativeYear(end); ok {
			e.relY, e.hasRelY, end = rel, true, j
		}
	}
	if e.kind == kCal && !e.hasY && !e.hasRelY {
		if l, ok := p.lexAt(end); ok && (l.mark == mLast || l.mark == mNext || l.mark == mNextWeek) && !p.isUnitAt(end+1) {
			if e.wd != 0 && e.d == 0 {
				e.wdMark = l.mark
			} else {
				e.mark = l.mark
				if l.mark == mNextWeek {
					// "le 28 août suivant": the next 28 August after the date the text just named
					e.mark, e.ctx = mNext, true
				}
			}
			end++
		} else if e.wd != 0 && e.d == 0 {
			end = p.weekSuffix(&e, end)
		} else if p.isW(end, "after") && p.isW(end+1, "next") && e.d == 0 {
			e.after2 = true
			end += 2
		}
	}
	if dayGrained(e) || e.kind == kRange {
		k := end
		if p.isP(k, ",") {
			k++
		}
		if h, mi, minG, j, ok := p.clock(k, false); ok && e.kind != kRange {
			e.hasTime, e.hour, e.min, e.minG = true, h, mi, minG
			end = j
			if off, j2, ok := p.zone(end); ok {
				e.hasTZ, e.tzMin, end = true, off, j2
			}
		}
	}
	if dayGrained(e) && p.isW(end, "matin", "soir", "midi", "morning", "afternoon", "evening", "night") {
		end++
	} else if dayGrained(e) && p.isW(end, "apres") && p.isP(end+1, "-") && p.isW(end+2, "midi") {
		end += 3
	} else if dayGrained(e) && p.isW(end, "au", "dans") && p.isW(end+1, "soir", "matin", "la") {
		if p.isW(end+1, "la") && p.isW(end+2, "soiree", "matinee", "journee", "nuit") {
			end += 3
		} else if !p.isW(end+1, "la") {
			end += 2
		}
	} else if dayGrained(e) && p.isW(end, "in") && p.isW(end+1, "the") && p.isW(end+2, "morning", "afternoon", "evening") {
		end += 3
	}
	return e, end
}

// relativeYear reads the year named relative to the anchor's after a month or a day of one: "May
// this year", "May last year", "mai de cette année", "mai de l'année dernière", "mars l'an prochain".
func (p *parser) relativeYear(k int) (int, int, bool) {
	switch {
	case p.isW(k, "this", "last", "next") && p.isW(k+1, "year"):
		return map[string]int{"this": 0, "last": -1, "next": 1}[p.tok(k).low], k + 2, true
	case p.isW(k, "de") && p.isW(k+1, "cette") && p.isW(k+2, "annee"):
		return 0, k + 3, true
	}
	if p.isW(k, "de") {
		k++
	}
	if !p.isW(k, "l") || !p.isP(k+1, "'") || !p.isW(k+2, "an", "annee") {
		return 0, 0, false
	}
	switch {
	case p.isW(k+3, "dernier", "derniere", "passe", "passee"):
		return -1, k + 4, true
	case p.isW(k+3, "prochain", "prochaine"):
		return 1, k + 4, true
	}
	return 0, 0, false
}

// weekSuffix reads what places a bare weekday in a given week.
func (p *parser) weekSuffix(e *expr, end int) int {
	k := end
	switch {
	case p.isW(k, "en") && (p.isW(k+1, "huit") || p.isNum(k+1) && p.tok(k+1).num == 8):
		e.wdPlus = 7
		return k + 2
	case p.isW(k, "en") && (p.isW(k+1, "quinze") || p.isNum(k+1) && p.tok(k+1).num == 15):
		e.wdPlus = 14
		return k + 2
	case p.isW(k, "d") && p.isP(k+1, "'") && p.isW(k+2, "apres"):
		e.wdMark = mNextWeek
		return k + 3
	case p.isW(k, "after") && p.isW(k+1, "next"):
		e.after2 = true
		return k + 2
	}
	j := k
	if p.isW(j, "de", "of", "from") {
		j++
	}
	if p.isW(j, "la", "the") {
		j++
	}
	if p.isW(j, "semaine", "week") {
		if l, ok := p.lexAt(j + 1); ok && l.mark != mNone && l.mark != mThis {
			e.hasWk, e.wdShift = true, markShift(l.mark)
			return j + 2
		}
		if p.isW(j+1, "d") && p.isP(j+2, "'") && p.isW(j+3, "apres") {
			e.hasWk, e.wdShift = true, 1
			return j + 4
		}
	}
	if l, ok := p.lexAt(j); ok && l.mark != mNone && p.isW(j+1, "semaine", "week") {
		e.hasWk, e.wdShift = true, markShift(l.mark)
		return j + 2
	}
	if p.isW(k, "last", "next", "this") && p.isW(k+1, "week") && p.isP(k+2, "'") {
		return k
	}
	return end
}

// clock reads "18h", "18h30", "18 heures", "à 18 h 30", "6 p.m.", "6:30 pm", "10:15", "midi".
// lead says the time comes before its date and needs its preposition ("At 6 p.m. on Friday").
func (p *parser) clock(i int, lead bool) (int, int, bool, int, bool) {
	j := i
	if p.isW(j, "a", "at", "vers", "around") {
		j++
	} else if lead {
		return 0, 0, false, 0, false
	}
	if p.isW(j, "midi", "noon") {
		return 12, 0, false, j + 1, true
	}
	if p.isW(j, "minuit", "midnight") {
		return 0, 0, false, j + 1, true
	}
	t := p.tok(j)
	if t == nil || t.kind != tNum || t.ndig > 2 || t.num > 24 {
		return 0, 0, false, 0, false
	}
	h := t.num
	k := j + 1
	mi, minG := 0, false
	switch {
	case p.isW(k, "h", "heures", "heure", "hrs"):
		k++
		if m := p.tok(k); m != nil && m.kind == tNum && m.ndig == 2 && m.num < 60 {
			mi, minG = m.num, true
			k++
		}
	case p.isP(k, ":") && p.isNum(k+1) && p.tok(k+1).ndig == 2 && p.tok(k+1).num < 60:
		mi, minG = p.tok(k+1).num, true
		k += 2
	}
	ampm := 0
	switch {
	case p.isW(k, "am", "pm"):
		ampm = 1
		if p.tok(k).low == "pm" {
			ampm = 2
		}
		k++
	case p.isW(k, "a", "p") && p.isP(k+1, ".") && p.isW(k+2, "m"):
		ampm = 1
		if p.tok(k).low == "p" {
			ampm = 2
		}
		k += 3
		if p.isP(k, ".") {
			k++
		}
	}
	if k == j+1 {
		return 0, 0, false, 0, false // a bare number is not a time
	}
	if ampm != 0 {
		if h > 12 {
			return 0, 0, false, 0, false
		}
		if h == 12 {
			h = 0
		}
		if ampm == 2 {
			h += 12
		}
	}
	if h > 23 {
		return 0, 0, false, 0, false
	}
	return h, mi, minG, k, true
}

var zones = map[string]int{"utc": 0, "gmt": 0, "z": 0, "cet": 60, "cest": 120, "bst": 60, "est": -300,
	"edt": -240, "cst": -360, "cdt": -300, "pst": -480, "pdt": -420}

// zone reads an explicit time zone after a clock time ("16h CET", "8:00 GMT").
func (p *parser) zone(i int) (int, int, bool) {
	t := p.tok(i)
	if t == nil || t.kind != tWord {
		return 0, 0, false
	}
	raw := p.text[t.bs:t.be]
	if raw != stringsToUpper(raw) {
		return 0, 0, false
	}
	off, ok := zones[t.low]
	if !ok {
		return 0, 0, false
	}
	return off, i + 1, true
}

func stringsToUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// dayRange reads a range whose first end is a bare day: "13 au 15 juillet", "du 13 au 18",
// "1-8 september", "from 13th to 15th July".
func (p *parser) dayRange(i int, pr prep) (expr, int, bool) {
	d, j, ok := p.dayNum(i, pr == prFrom || pr == prBetween)
	if !ok {
		return expr{}, 0, false
	}
	r, end, ok := p.rangeFrom(expr{kind: kCal, d: d, ts: i}, j, pr)
	if !ok {
		return expr{}, 0, false
	}
	if r.sub[1].m == 0 {
		// "du 13 au 18" and "entre le 13 et le 18" are dates; "de 8 à 9 degrés", "from 2 to 3"
		// are counts
		if p.lang == "en" || !(p.isW(i-1, "du") || p.isW(i-1, "le") && p.isW(i-2, "entre")) {
			return expr{}, 0, false
		}
		if t := p.tok(end); t != nil && t.kind == tWord && p.startsNoun(end) {
			return expr{}, 0, false // "du 13 au 18 ans"
		}
	}
	return r, end, true
}

// nthUnit reads "3eme jour d'octobre", "le dernier jour d'octobre 2015", "first week of october
// 2014", "the 5th last day of May", "third last week of 2018".
func (p *parser) nthUnit(i int) (expr, int, bool) {
	n, j := 0, i
	if o, k, ok := p.ordinal(i); ok && o <= 31 {
		n, j = o, k
		if l, ok := p.lexAt(j); ok && l.mark == mLast && !p.isW(j, "past", "previous") {
			n, j = -n, j+1
		}
	} else if l, ok := p.lexAt(i); ok && l.mark == mLast && !p.isW(i, "past", "previous", "passe", "passee") {
		n, j = -1, i+1
	} else {
		return expr{}, 0, false
	}
	l, ok := p.lexAt(j)
	if !ok || (l.unit != uDay && l.unit != uWeek) {
		return expr{}, 0, false
	}
	k := j + 1
	if !p.isW(k, "of", "in", "de", "d", "du") {
		return expr{}, 0, false
	}
	k++
	if p.isP(k, "'") {
		k++
	}
	e := expr{kind: kNthUnit, n: n, u: l.unit, ts: i}
	if m, k2, ok := p.month(k, true); ok {
		sub := expr{kind: kCal, m: m}
		if y, k3, ok := p.year(k2, false); ok {
			sub.y, sub.hasY, k2 = y, true, k3
		}
		e.sub = []expr{sub}
		return e, k2, true
	}
	if y, k2, ok := p.year(k, false); ok {
		e.sub = []expr{{kind: kCal, y: y, hasY: true}}
		return e, k2, true
	}
	return expr{}, 0, false
}

// dayOfUnit reads "20 of next month", "the 20th of the current month", "20th day of next month".
func (p *parser) dayOfUnit(i int) (expr, int, bool) {
	d, j, ok := p.dayNum(i, true)
	if !ok {
		return expr{}, 0, false
	}
	if p.isW(j, "day", "jour") {
		j++
	}
	if !p.isW(j, "of", "du", "de") {
		return expr{}, 0, false
	}
	j++
	if p.isW(j, "the", "la") {
		j++
	}
	if p.isW(j, "current") && p.isW(j+1, "month") {
		return expr{kind: kDayOfMonth, d: d, ts: i}, j + 2, true
	}
	if e, k, ok := p.unitMark(j); ok && e.u == uMonth {
		return expr{kind: kDayOfMonth, d: d, n: e.n, ts: i}, k, true
	}
	if e, k, ok := p.phraseAt(j); ok && e.kind == kUnit && e.u == uMonth && e.part == pNone {
		return expr{kind: kDayOfMonth, d: d, n: e.n, ts: i}, k, true
	}
	return expr{}, 0, false
}
