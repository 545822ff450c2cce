package dates

import "strings"

// The tense of the clause around a year-less date. CONVENTIONS §3 picks the year closest to the
// anchor and §5 leaves tense out of the gold, so where the two disagree the system decides. They
// disagree about six months out: in a 19 November article, "was arrested in April" is closer to
// April 2020 than to April 2019, and news reports the past. The nearest cue word in the clause
// decides; no cue, no change.

type tense uint8

const (
	tenseNone tense = iota
	tensePast
	tenseFuture
	// tensePresent is a cue that the clause's verb says neither: a modal or a present auxiliary
	// ("they could trade their way to a successful Christmas", "it is on par with"). It ends the
	// search as tenseNone.
	tensePresent
)

func (t tense) tense() tense {
	if t == tensePresent {
		return tenseNone
	}
	return t
}

// tenseWindow is how many words on each side of a date may hold its clause's verb.
const tenseWindow = 10

// clauseTense looks outward from the expression [ts, te) for the nearest tense cue, within its
// sentence and line.
func (p *parser) clauseTense(ts, te int) tense {
	leftOpen, rightOpen := true, true
	for d := 1; d <= tenseWindow && (leftOpen || rightOpen); d++ {
		if leftOpen {
			k := ts - d
			if k < 0 || p.toks[k+1].nl || p.sentenceEnd(k) {
				leftOpen = false
			} else if t := p.tenseCue(k); t != tenseNone {
				return t.tense()
			}
		}
		if rightOpen {
			k := te - 1 + d
			if k >= len(p.toks) || p.toks[k].nl || p.sentenceEnd(k) {
				rightOpen = false
			} else if t := p.tenseCue(k); t != tenseNone {
				return t.tense()
			}
		}
	}
	return tenseNone
}

// weekdayFuture says whether a bare weekday [ts, te) is governed by a verb in the future: the
// nearest tense cue before it in its clause is a future auxiliary or form ("will testify
// Thursday", "will be away to West Ham on Saturday", "sera à Paris lundi", "va se rendre à Paris
// lundi"), and no past tense follows it in the clause ("approved an amendment on Tuesday that will
// grant"). Participles and nouns that only suggest plans ("is set", "plans", "expected to") do not
// count: a weekday is a week from the anchor either way, and on the 371 web pages of
// ../shared/data/boilerplate they were wrong as often as right ("the band's set Monday night (Nov.
// 18)", "lower than Tuesday's").
func (p *parser) weekdayFuture(ts, te int) bool {
	for k := ts - 1; k >= 0 && k >= ts-tenseWindow; k-- {
		if p.toks[k+1].nl || p.sentenceEnd(k) {
			return false
		}
		if t := p.tenseCue(k); t != tenseNone {
			if t != tenseFuture || !p.futureAux(k) {
				return false
			}
			for j := te; j < len(p.toks) && j < te+tenseWindow; j++ {
				if p.toks[j].nl || p.sentenceEnd(j) {
					break
				}
				if p.tenseCue(j) == tensePast {
					return false
				}
			}
			return true
		}
	}
	return false
}

// deadline says whether the expression starting at token ts opens with "by", "until", "till" or
// "jusqu'à": a weekday there is a deadline, which news sets ahead.
func (p *parser) deadline(ts int) bool {
	return p.isW(ts, "by", "until", "till") || p.isW(ts, "jusqu") && p.isP(ts+1, "'")
}

// futureAux says whether token k, a future cue, is a future auxiliary or a verb in the future
// tense rather than a word that suggests plans.
func (p *parser) futureAux(k int) bool {
	switch w := p.toks[k].low; w {
	case "will", "shall", "ll", "won", "going":
		return true
	case "upcoming", "plans", "planning", "venir":
		return false
	default:
		return !plannedEN[w] && !strings.HasPrefix(w, "prevu") && !strings.HasPrefix(w, "programmee")
	}
}

// sentenceEnd says whether token k closes the clause: the end of a sentence, a dash between
// clauses or a quotation mark (a quote has its own tense: "the “sometime late Q1” timeline that was
// disclosed").
func (p *parser) sentenceEnd(k int) bool {
	t := &p.toks[k]
	if t.kind != tPunct {
		return false
	}
	switch t.low {
	case ".", "!", "?", ";", "“", "”", "«", "»", "\"":
		return true
	case "-": // every dash is folded to "-"; an en or em dash between clauses ends one
		r := p.text[t.bs:t.be]
		return r == "–" || r == "—"
	}
	return false
}

// tenseCue is what token k says of its clause's tense.
func (p *parser) tenseCue(k int) tense {
	t := &p.toks[k]
	if t.kind != tWord {
		return tenseNone
	}
	w := t.low
	if p.lang != "fr" {
		if c := p.tenseCueEN(k, w); c != tenseNone {
			return c
		}
	}
	if p.lang != "en" {
		return p.tenseCueFR(k, w)
	}
	return tenseNone
}

var (
	// Participles that put the clause in the future after "is" or before "to" ("is scheduled for",
	// "expected to"), in the past after "was" ("was due to be released in September"), and say
	// nothing as adjectives ("tariffs planned for Oct. 15").
	plannedEN = set("scheduled", "slated", "due", "expected", "planned", "set")
	pastEN    = set("said", "told", "took", "made", "came", "went", "began", "saw", "left", "met", "held",
		"gave", "found", "became", "wrote", "got", "brought", "thought", "sent", "spent", "paid", "sold",
		"led", "fell", "rose", "struck", "ran", "knew", "grew", "drew", "threw", "flew", "fought",
		"caught", "bought", "built", "broke", "chose", "spoke", "stood", "felt", "kept", "heard", "meant",
		"sat", "wore", "shot", "lost", "won", "forgot", "hid", "froze", "stole", "swore", "tore", "woke",
		"overtook", "withdrew", "undertook")
	presentEN = set("is", "are", "am", "has", "have", "does", "do", "can", "could", "would", "should",
		"might", "may", "must")
	// Words in -ed that are no past tense.
	notPastEN = set("need", "indeed", "speed", "seed", "feed", "breed", "bleed", "greed", "proceed",
		"succeed", "exceed", "united", "hundred", "kindred", "naked", "wicked", "sacred", "beloved",
		"based", "related", "limited", "advanced", "detailed", "experienced", "interested", "concerned",
		"supposed", "used", "red", "bed", "shed", "wed", "embed", "weed", "deed", "reed", "biased",
		"talented", "skilled", "qualified", "armed", "named")
)

func (p *parser) tenseCueEN(k int, w string) tense {
	t := p.tok(k)
	switch {
	case w == "will", w == "shall", w == "upcoming", w == "plans", w == "planning":
		return tenseFuture
	case w == "ll" && p.isP(k-1, "'"), w == "going" && p.isW(k+1, "to"):
		return tenseFuture
	case w == "won" && p.isP(k+1, "'"): // "won't"
		return tenseFuture
	case plannedEN[w]:
		switch {
		case p.isW(k-1, "was", "were", "once"):
			return tensePast
		case p.isW(k-1, "is", "are", "am", "be", "been", "being", "s") || p.isW(k+1, "to"):
			return tenseFuture
		}
		return tenseNone
	case w == "was", w == "were", w == "had", w == "did", w == "ago", w == "back" && p.isW(k+1, "in", "on", "at"):
		return tensePast
	case presentEN[w]:
		return tensePresent
	case t.cap, p.isW(k-1, "is", "are", "am", "be", "being", "to", "not"):
		return tenseNone // a name ("Met Office"), a passive or an infinitive ("will be held")
	case w == "followed" && p.isW(k+1, "by"):
		return tenseNone
	case pastEN[w]:
		return tensePast
	case len(w) >= 5 && strings.HasSuffix(w, "ed") && !notPastEN[w]:
		if t := p.tok(k - 1); t != nil && t.kind == tPunct && t.low == "-" && t.glued {
			return tenseNone // "so-called", "Paris-based"
		}
		return tensePast
	}
	return tenseNone
}

var (
	futureFR = set("sera", "seront", "serons", "aura", "auront", "fera", "feront", "ira", "iront", "pourra",
		"pourront", "faudra", "devra", "devront", "devrait", "devraient", "doit", "doivent", "viendra", "viendront",
		"tiendra", "tiendront", "prevu", "prevue", "prevus", "prevues", "programmee", "programmees")
	pastFR = set("ont", "avait", "avaient", "etait", "etaient", "fut", "furent", "eut", "eurent", "avons",
		"avez")
	notImparfait = set("portrait", "souhait", "extrait", "attrait", "retrait", "parfait", "bienfait",
		"forfait", "distrait", "abstrait", "trait", "lait", "fait", "methait", "minerait")
)

func (p *parser) tenseCueFR(k int, w string) tense {
	switch {
	case futureFR[w]:
		return tenseFuture
	case (w == "va" || w == "vont") && p.infinitive(k+1):
		return tenseFuture
	case w == "venir" && p.isW(k-1, "a"):
		return tenseFuture // "à venir"
	case len(w) >= 6 && (strings.HasSuffix(w, "eront") || strings.HasSuffix(w, "iront")),
		len(w) >= 7 && (strings.HasSuffix(w, "era") || strings.HasSuffix(w, "ira")):
		return tenseFuture // "débutera", "se réuniront"
	case pastFR[w]:
		return tensePast
	case w == "a" && p.text[p.toks[k].bs:p.toks[k].be] == "a" && p.participle(k+1):
		return tensePast // "a annoncé" (not "à")
	case etreFR[w] && p.participle(k+1) && (p.isW(k-1, "se") || p.isW(k-2, "s") && p.isP(k-1, "'") || p.motionVerb(k+1)):
		return tensePast // "s'est tenu", "se sont réunis", "est parti" (not "est prévu", "est situé")
	case w == "y" && p.isW(k-1, "il") && p.isW(k+1, "a"):
		return tensePast // "il y a deux ans"
	case len(w) >= 6 && (strings.HasSuffix(w, "ait") || strings.HasSuffix(w, "aient")) && !notImparfait[w]:
		return tensePast // imparfait: "annonçait", "étaient"
	}
	return tenseNone
}

// etreFR are the present forms of "être", which make a passé composé with a pronominal verb or a
// verb of motion; with any other participle they are a present passive or an adjective ("est
// prévu", "est situé", "sont attendus").
var etreFR = set("est", "sont", "suis", "sommes", "etes", "es")

// motionFR are the participles, in the masculine singular, of the verbs that take "être" in the
// passé composé.
var motionFR = set("parti", "arrive", "venu", "revenu", "devenu", "intervenu", "survenu", "parvenu",
	"entre", "rentre", "sorti", "monte", "descendu", "ne", "mort", "decede", "reste", "tombe", "retourne",
	"passe", "alle")

// motionVerb says whether token k is the participle of a verb that takes "être" in the passé
// composé, in any gender and number ("partie", "arrivés", "décédée"), past an adverb.
func (p *parser) motionVerb(k int) bool {
	if p.isW(k, "pas", "jamais", "deja", "bien", "aussi", "encore", "finalement") {
		k++
	}
	t := p.tok(k)
	if t == nil || t.kind != tWord {
		return false
	}
	w := strings.TrimSuffix(strings.TrimSuffix(t.low, "s"), "e")
	return motionFR[w] || motionFR[w+"e"] // "arrivée" → "arriv" + "e", "née" → "n" + "e"
}

// infinitive says whether token k reads as a French infinitive ("va annoncer", "vont se réunir").
func (p *parser) infinitive(k int) bool {
	if p.isW(k, "se", "s", "en", "y", "le", "la", "les", "l", "lui", "leur") {
		k++
		if p.isP(k, "'") {
			k++
		}
	}
	t := p.tok(k)
	if t == nil || t.kind != tWord {
		return false
	}
	w := t.low
	return len(w) >= 4 && (strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir") || strings.HasSuffix(w, "re"))
}

// participle says whether token k reads as a French past participle ("annoncé", "pris", "dit", "eu"),
// past an adverb ("a déjà annoncé", "n'a pas dit").
func (p *parser) participle(k int) bool {
	if p.isW(k, "pas", "jamais", "deja", "toujours", "bien", "aussi", "encore", "egalement", "finalement", "notamment") {
		k++
	}
	if p.isW(k, "un", "une", "des", "les", "la", "le", "de", "du", "plus", "lieu", "ete") {
		return p.isW(k, "ete") // "a été" is; "a une", "a lieu" are not
	}
	t := p.tok(k)
	if t == nil || t.kind != tWord {
		return false
	}
	w := t.low
	for _, s := range []string{"e", "es", "i", "is", "it", "u", "us", "t", "ert"} {
		if strings.HasSuffix(w, s) && len(w) > len(s) {
			return true
		}
	}
	return false
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
