package canon

import (
	"strings"
	"unicode"

	"github.com/depeche-news/depeche/pipeline"
)

// rules name the entities whose English form follows from their structure rather than from a list:
// aircraft types ("Iliouchine-76" → "Ilyushin Il-76"), numbered air bases ("base aérienne 101" →
// "Air Base 101"), airports ("aéroport de Niamey" → "Niamey Airport") and ministries ("ministère russe
// de la Défense" → "Ministry of Defence (Russia)"). Tokens [a, b) of t are the entity's surface.
func (l *Linker) rules(lang, surface string, t *tokenizer, a, b int, docCounts func() map[string]int) (entry, bool) {
	if e, ok := l.aircraft(surface, t, a, b); ok {
		return e, true
	}
	if e, ok := airBase(surface, t, a, b); ok {
		return e, true
	}
	if e, ok := l.airport(lang, surface, t, a, b, docCounts); ok {
		return e, true
	}
	return l.ministry(t, a, b)
}

type maker struct{ name, prefix string }

// aircraftMakers maps French and English spellings of Soviet and Russian aircraft makers, and their
// type prefixes, to the English maker and prefix. "Su-" and "Yak-" alone are left out: "SU-76" is a
// self-propelled gun.
var aircraftMakers = map[string]maker{
	"iliouchine": {"Ilyushin", "Il"}, "ilyushin": {"Ilyushin", "Il"}, "il": {"Ilyushin", "Il"},
	"tupolev": {"Tupolev", "Tu"}, "toupolev": {"Tupolev", "Tu"}, "tu": {"Tupolev", "Tu"},
	"antonov": {"Antonov", "An"}, "an": {"Antonov", "An"},
	"soukhoi": {"Sukhoi", "Su"}, "sukhoi": {"Sukhoi", "Su"},
	"yakovlev": {"Yakovlev", "Yak"}, "iakovlev": {"Yakovlev", "Yak"},
	"mikoyan": {"Mikoyan", "MiG"}, "mig": {"Mikoyan", "MiG"},
}

func isPrefixOnly(k string, m maker) bool { return strings.EqualFold(k, m.prefix) }

func startsWithDigit(s string) bool {
	for _, r := range s {
		return unicode.IsDigit(r)
	}
	return false
}

func (l *Linker) aircraft(surface string, t *tokenizer, a, b int) (entry, bool) {
	if b-a < 2 || b-a > 3 {
		return entry{}, false
	}
	m, ok := aircraftMakers[string(t.key(a))]
	if !ok {
		return entry{}, false
	}
	i := a + 1
	if isPrefixOnly(string(t.key(a)), m) {
		// "Il-76", "Su-25": a bare prefix needs its hyphen, or "an 2024" would be an aircraft.
		if b-a != 2 || t.toks[i].before != gapHyphen {
			return entry{}, false
		}
	} else if b-a == 3 {
		if !isPrefixOnly(string(t.key(i)), m) {
			return entry{}, false
		}
		i++
	}
	num := surface[t.toks[i].bs:t.toks[i].be]
	if !startsWithDigit(num) {
		return entry{}, false
	}
	return entry{canonical: m.name + " " + m.prefix + "-" + strings.ToUpper(num)}, true
}

// airBase: "base aérienne 101", "BA 101", "Air Base 101" → "Air Base 101".
func airBase(surface string, t *tokenizer, a, b int) (entry, bool) {
	num := surface[t.toks[b-1].bs:t.toks[b-1].be]
	if !startsWithDigit(num) {
		return entry{}, false
	}
	k := t.joined(a, b-1)
	switch k {
	case "base aerienne", "air base", "ba", "airbase":
		return entry{canonical: "Air Base " + num}, true
	case "base navale", "naval base":
		return entry{canonical: "Naval Base " + num}, true
	}
	return entry{}, false
}

// airport: "aéroport (international) (de) X" and "X (International) Airport" → "X (International)
// Airport", with X in English when it is a known place ("aéroport de Moscou" → "Moscow Airport").
func (l *Linker) airport(lang, surface string, t *tokenizer, a, b int, docCounts func() map[string]int) (entry, bool) {
	intl := false
	var x0, x1 int
	switch {
	case string(t.key(a)) == "aeroport" && b-a >= 2:
		i := a + 1
		if k := string(t.key(i)); k == "international" || k == "internationale" {
			intl = true
			i++
		}
		if i < b {
			switch string(t.key(i)) {
			case "de", "d", "du":
				i++
			}
		}
		x0, x1 = i, b
	case string(t.key(b-1)) == "airport" && b-a >= 2:
		j := b - 1
		if string(t.key(j-1)) == "international" {
			intl = true
			j--
		}
		x0, x1 = a, j
	default:
		return entry{}, false
	}
	if x0 >= x1 {
		return entry{}, false
	}
	xs := surface[t.toks[x0].bs:t.toks[x1-1].be]
	name := cleanSurface(xs)
	if e, ok := l.lookup(lang, "LOC", keyOf(xs), docCounts); ok {
		name = e.canonical
	}
	if intl {
		return entry{canonical: name + " International Airport"}, true
	}
	return entry{canonical: name + " Airport"}, true
}

// portfolios maps the folded name of a ministry's field, in French or English, to English.
var portfolios = map[string]string{
	"defense": "Defence", "defence": "Defence", "armees": "Armed Forces", "forces armees": "Armed Forces",
	"affaires etrangeres": "Foreign Affairs", "foreign affairs": "Foreign Affairs", "exterieur": "Foreign Affairs",
	"interieur": "Interior", "interior": "Interior", "internal affairs": "Interior",
	"justice": "Justice", "sante": "Health", "health": "Health",
	"economie": "Economy", "economy": "Economy", "finances": "Finance", "finance": "Finance",
	"economie et des finances": "Economy and Finance", "economy and finance": "Economy and Finance",
	"education": "Education", "education nationale": "Education", "agriculture": "Agriculture",
	"culture": "Culture", "travail": "Labour", "labour": "Labour", "labor": "Labour",
	"energie": "Energy", "energy": "Energy", "commerce": "Trade", "trade": "Trade",
	"transports": "Transport", "transport": "Transport", "environnement": "Environment", "environment": "Environment",
	"communication": "Communication", "information": "Information",
	"sante publique": "Health", "affaires sociales": "Social Affairs", "transition ecologique": "Ecological Transition",
	"europe et des affaires etrangeres": "Foreign Affairs", "enseignement superieur": "Higher Education",
	"outre mer": "Overseas",
}

// IsPortfolio reports whether s names a ministry's field ("Santé", "l'Intérieur" without its
// article, "Affaires étrangères", "Defence"), in French or English.
func IsPortfolio(s string) bool {
	_, ok := portfolios[keyOf(s)]
	return ok
}

var ministryGlue = map[string]bool{"de": true, "des": true, "du": true, "d": true, "la": true, "l": true, "of": true, "the": true}

// ministry: "ministère russe de la Défense", "ministère de la Défense du Niger", "Russian Defence
// Ministry", "Ministry of Defence of Russia" → "Ministry of Defence (Russia)"; no country, no
// parentheses. The words left once the country and the glue are removed must name a known field.
func (l *Linker) ministry(t *tokenizer, a, b int) (entry, bool) {
	head := -1
	for i := a; i < b; i++ {
		switch string(t.key(i)) {
		case "ministere", "ministry":
			head = i
		}
	}
	if head < 0 || (head != a && string(t.key(head)) == "ministere") {
		return entry{}, false
	}
	country := ""
	var field []string
	for i := a; i < b; i++ {
		k := string(t.key(i))
		if i == head {
			continue
		}
		if d := l.demonymByKey("", k); d != nil && len(d.codes) > 0 && country == "" {
			country = l.countryName[d.codes[0]]
			continue
		}
		// A country after "de/du/of": "du Niger", "of Russia", "de la Russie".
		if ministryGlue[k] {
			j := i
			for j < b && ministryGlue[string(t.key(j))] {
				j++
			}
			if j < b && country == "" {
				if e, ok := l.places[t.joined(j, b)]; ok && e.code != "" {
					country = e.canonical
					break
				}
			}
			continue
		}
		field = append(field, k)
	}
	// The field keeps its inner glue ("économie et des finances"): rebuild it from the tokens.
	name, ok := portfolios[strings.Join(field, " ")]
	if !ok {
		name, ok = portfolios[fieldWithGlue(t, head, a, b)]
	}
	if !ok {
		return entry{}, false
	}
	c := "Ministry of " + name
	if country != "" {
		c += " (" + country + ")"
	}
	return entry{canonical: c}, true
}

// fieldWithGlue is the French field after "ministère (demonym) de la", glue words kept inside.
func fieldWithGlue(t *tokenizer, head, a, b int) string {
	i := head + 1
	for i < b && !ministryGlue[string(t.key(i))] {
		i++ // the demonym
	}
	for i < b && ministryGlue[string(t.key(i))] {
		i++
	}
	if i >= b {
		return ""
	}
	return t.joined(i, b)
}

// designations finds, in text order, the names of ministries, numbered bases and aircraft types
// written out (see Mentions.Designations).
//
// An aircraft type is a Soviet or Russian maker and a number: "Iliouchine-76", "Il-76", "Soukhoï
// Su-25", MISC as CoNLL types products.
//
// A numbered base is "base aérienne 101", "base navale 2", "Air Base 101", "Naval Base 2": the
// model tags "Air Base" without its number, and nothing in "la base aérienne 201", which French
// writes in lower case. It is a place, as the gazetteers' bases are.
//
// A ministry is French: "ministère russe de la Défense", "le ministère des Affaires étrangères",
// "ministère de l'Intérieur". The tagger, which learnt from silver data that tags them O as often
// as ORG, mostly misses them, or keeps the field alone ("Santé" as a place). The field must be a
// known one, written with its capital, as French writes a ministry's name; "le ministère de la
// santé" stays a common noun. English needs no rule: the tagger finds "the Ministry of Defence"
// and "the Russian Defence Ministry".
func (l *Linker) designations(lang string, t *tokenizer, text string) []pipeline.Entity {
	var out []pipeline.Entity
	toks := t.toks
	for i := 0; i < len(toks); i++ {
		// Most tokens are none of these: string(key) in a switch or a map index does not allocate.
		k := t.key(i)
		if len(k) < 2 || i+1 == len(toks) || toks[i+1].before == gapBreak {
			continue
		}
		switch string(k) {
		case "base", "air", "naval", "ministere", "ministeres":
		default:
			if !toks[i].upper {
				continue
			}
		}
		if j := i + 2; (string(k) == "base" || string(k) == "air" || string(k) == "naval") && j < len(toks) &&
			toks[i+1].before == gapSpace && toks[j].before == gapSpace && startsWithDigit(text[toks[j].bs:toks[j].be]) {
			if _, ok := airBase(text, t, i, j+1); ok { // airBase reads the number at its byte offsets in text
				a, b := toks[i], toks[j]
				out = append(out, pipeline.Entity{Text: text[a.bs:b.be], Type: "LOC", Start: a.start, End: b.end})
				i = j
			}
			continue
		}
		if _, ok := aircraftMakers[string(k)]; ok && toks[i].upper {
			// "Iliouchine-76", "Il-76", "Iliouchine Il-76": hyphens only, so that "Antonov 12 ans"
			// (a surname and an age) is not read as a type.
			for _, b := range [2]int{i + 3, i + 2} {
				if b <= len(toks) && toks[b-1].before == gapHyphen && (b == i+2 || toks[i+1].before == gapSpace) {
					if _, ok := l.aircraft(text, t, i, b); ok {
						x, y := toks[i], toks[b-1]
						out = append(out, pipeline.Entity{Text: text[x.bs:y.be], Type: "MISC", Start: x.start, End: y.end})
						i = b - 1 // "Iliouchine Il-76" holds "Il-76"
						break
					}
				}
			}
			continue
		}
		if lang == "en" || string(k) != "ministere" && string(k) != "ministeres" {
			continue
		}
		j := i + 1
		if j < len(toks) && toks[j].before == gapSpace && !toks[j].upper {
			if d := l.demonymByKey(lang, string(t.key(j))); d != nil {
				j++ // "ministère russe de la Défense"
			}
		}
		glue := j
		for j < len(toks) && toks[j].before.joins() && ministryGlue[string(t.key(j))] && !toks[j].upper {
			j++
		}
		if j == glue || j >= len(toks) || !toks[j].upper || !toks[j].before.joins() {
			continue
		}
		// The longest known field: "Affaires étrangères", "Économie et des Finances".
		end := -1
		for k := j + 1; k <= len(toks) && k <= j+4; k++ {
			if k > j+1 && !toks[k-1].before.joins() {
				break
			}
			if _, ok := portfolios[t.joined(j, k)]; ok {
				end = k
			}
		}
		if end < 0 {
			continue
		}
		a, b := toks[i], toks[end-1]
		out = append(out, pipeline.Entity{Text: text[a.bs:b.be], Type: "ORG", Start: a.start, End: b.end})
		i = end - 1
	}
	return out
}
