package canon

import (
	"strings"
	"unicode"

	"github.com/depeche-news/depeche/pipeline"
)

// match is a demonym found by scan, with typ set a known multi-word name, or with country set a
// country's name: tokens [i, j) of the tokenizer.
type match struct {
	i, j    int
	d       *demonym
	typ     string
	country bool // a country's name alone ("USA", "RUSSIE"): Mentions.CapsCountries
}

// demonymFor returns the demonym a key means in lang, or nil. English demonyms are proper adjectives
// and must be capitalised ("Polish", not "polish"); French ones are written in either case. Text of
// unknown language tries French, then English.
func (h *gazHit) demonymFor(lang string, tok token) *demonym {
	switch lang {
	case "fr":
		return h.demFR
	case "en":
		if tok.upper {
			return h.demEN
		}
		return nil
	}
	if h.demFR != nil {
		return h.demFR
	}
	if tok.upper {
		return h.demEN
	}
	return nil
}

func (h *gazHit) countryFor(lang string) string {
	switch lang {
	case "fr":
		return h.countryFR
	case "en":
		return h.countryEN
	}
	if h.countryFR != "" {
		return h.countryFR
	}
	return h.countryEN
}

// scan walks the tokens once. At each token it extends the key while it is a prefix of a multi-word
// name and keeps the longest name that applies. A country's name (with a capital somewhere:
// "Niger", "république du Congo") counts a mention of
// the country and hides the demonyms inside it ("République centrafricaine", "French Guiana");
// a known multi-word organisation or region ("Union européenne", "océan Indien") hides them too.
// Demonyms glued to another word by a hyphen ("anti-américain", "franco-russe") are not matches.
// With wantMatches it returns the demonyms and the known multi-word names it found (knownNameEdges);
// without, only the counts.
func (l *Linker) scan(lang string, t *tokenizer, wantMatches bool) (found []match, counts map[string]int) {
	var buf []byte
	toks := t.toks
	for i := 0; i < len(toks); {
		buf = append(buf[:0], t.key(i)...)
		bestJ, country, name := -1, "", ""
		var dem *demonym
		upper := false
		if !l.mayStartKey(buf) {
			i++
			continue
		}
		for j := i + 1; ; j++ {
			upper = upper || toks[j-1].upper
			h := l.gaz[string(buf)]
			if h != nil {
				n := ""
				if h.name != "" && j-i > 1 && knownNameEdges(lang, t, i, j) {
					n = h.name
				}
				if c := h.countryFor(lang); c != "" && upper {
					bestJ, country, dem, name = j, c, nil, n
				} else if d := h.demonymFor(lang, toks[i]); d != nil {
					bestJ, country, dem, name = j, "", d, ""
				} else if h.block && j-i > 1 {
					bestJ, country, dem, name = j, "", nil, n
				}
			}
			if h == nil || !h.prefix || j >= len(toks) || !toks[j].before.joins() {
				break
			}
			buf = append(buf, ' ')
			buf = append(buf, t.key(j)...)
		}
		if name != "" && wantMatches {
			found = append(found, match{i: i, j: bestJ, typ: name})
		} else if country != "" && wantMatches && lang == "fr" {
			found = append(found, match{i: i, j: bestJ, country: true})
		}
		switch {
		case bestJ < 0:
			i++
			continue
		case country != "":
			if counts == nil {
				counts = map[string]int{}
			}
			counts[country]++
		case name == "" && dem != nil && wantMatches && l.standalone(t, i, bestJ):
			found = append(found, match{i: i, j: bestJ, d: dem})
		}
		i = bestJ
	}
	return found, counts
}

// capitalLine says whether the line holding text[from:to] has no lower-case letter.
func capitalLine(text string, from, to int) bool {
	lo := strings.LastIndexByte(text[:from], '\n') + 1
	hi := strings.IndexByte(text[to:], '\n')
	if hi < 0 {
		hi = len(text)
	} else {
		hi += to
	}
	for _, r := range text[lo:hi] {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// distinctShape says whether w is written as no common word is: four capitals or more and no
// lower-case letter, or a capital right after a lower-case letter.
func distinctShape(w string) bool {
	upper, lower, camel := 0, false, false
	prevLower := false
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
			camel = camel || prevLower
			prevLower = false
		case unicode.IsLower(r):
			lower, prevLower = true, true
		default:
			prevLower = false
		}
	}
	return camel || !lower && upper >= 4
}

// knownNameEdges says whether tokens [i, j) may stand as a known name in place of the model's
// spans: they start with a capital and not with an article ("The Netherlands": the stage leaves
// articles out of names), and in English end with one too. "groupe État islamique" and "Islamic
// State group" are forms of Islamic State for linking, but the descriptor is no part of the name;
// French writes lower-case words inside names ("Organisation mondiale de la santé").
func knownNameEdges(lang string, t *tokenizer, i, j int) bool {
	if !t.toks[i].upper {
		return false
	}
	switch string(t.key(i)) {
	case "the", "le", "la", "les", "l":
		return false
	}
	return lang != "en" || t.toks[j-1].upper
}

// standalone rejects demonyms that are part of a longer word or of a named government body.
func (l *Linker) standalone(t *tokenizer, i, j int) bool {
	toks := t.toks
	if toks[i].before == gapHyphen || (j < len(toks) && toks[j].before == gapHyphen) {
		return false
	}
	// "ministère russe de la Défense" is one ORG, demonym included (CoNLL style, and the seeds gold);
	// "le président russe" keeps its MISC.
	if i > 0 && j < len(toks) && toks[i].before == gapSpace {
		switch string(t.key(i - 1)) {
		case "ministere", "ministeres":
			switch string(t.key(j)) {
			case "de", "des", "du", "d":
				return false
			}
		}
	}
	// "Russian Defence Ministry", "Russian Ministry of Defence": the same in English.
	for k := j; k < len(toks) && k < j+3; k++ {
		if toks[k].before != gapSpace {
			break
		}
		if s := string(t.key(k)); s == "ministry" || s == "ministries" {
			return !toks[j].upper
		}
	}
	return true
}

// resolve picks the country a demonym means in this text: the preferred one, unless the text never
// names it but names another candidate (the one it names most). "nigériane" in a text that names
// Niger and not Nigeria is Nigerien; in a text about Niger that also names Nigeria ("le président
// nigérian Bola Tinubu"), it stays Nigerian.
func (l *Linker) resolve(d *demonym, counts map[string]int) (canonical, code string) {
	if len(d.codes) == 0 {
		return d.canonical, ""
	}
	best := d.codes[0]
	if counts[best] == 0 {
		n := 0
		for _, c := range d.codes[1:] {
			if counts[c] > n {
				best, n = c, counts[c]
			}
		}
	}
	if best == d.codes[0] {
		return d.canonical, best
	}
	if name, ok := l.countryDemonym[best]; ok {
		return name, best
	}
	return d.canonical, best
}

// Demonyms returns the nationality and demonym words of text as MISC entities, in text order, with
// Start/End in Unicode code points, Canonical the English demonym ("Russian", "Nigerien", "Western")
// and Code the ISO 3166 alpha-2 code of the country where the word names one country's people.
// lang is "fr" or "en"; any other value tries both languages.
func (l *Linker) Demonyms(lang, text string) []pipeline.Entity { return l.Scan(lang, text).Demonyms }

// Mentions is what one pass over a document's text finds: its demonyms (as Demonyms returns them)
// and how often it names each country, which settles what an ambiguous demonym means. LinkMentions
// takes it, so that a document is read once for both.
type Mentions struct {
	Demonyms []pipeline.Entity
	// Names are the known multi-word names of the text (a country's: "Fédération de Russie";
	// aliases.tsv's: "Alliance des États du Sahel") that start with a capital, typed, in text order;
	// Canonical is left empty. "groupe État islamique" is a form of Islamic State for linking, but
	// the lower-case word is no part of the name.
	Names []pipeline.Entity
	// Distinct are the one-word names of the curated organisations and products written in a
	// shape no common word has: in capitals, four letters or more ("BFMTV", "OCDE", "UNESCO"), or
	// with a capital after a lower-case letter ("macOS", "iPhone", "WeWork"). The recogniser adds
	// those it missed. Canonical is left empty.
	Distinct []pipeline.Entity
	// Designations are names that canon's rules read whole and the model splits or misses: French
	// ministries ("ministère russe de la Défense"), numbered bases ("base aérienne 101", "Air
	// Base 101") and aircraft types ("Iliouchine-76"). The recogniser puts them in place of whatever the model found inside them.
	// Canonical is left empty.
	Designations []pipeline.Entity
	// CapsCountries are the countries a French text names on a line written in capitals ("NIGER :
	// FIN DE RELATION AVEC LES USA"), three letters or more; Type LOC, Canonical left empty.
	// Capitals take away the model's best clue there, and the gazetteer still knows them. English
	// is left out: "TURKEY", "CHINA" and "CHAD" are also words and names.
	CapsCountries []pipeline.Entity
	countries     map[string]int
}

// Scan reads text once for its demonyms and its mentions of countries.
func (l *Linker) Scan(lang, text string) *Mentions {
	t := getTokenizer()
	defer putTokenizer(t)
	t.run(text)
	found, counts := l.scan(lang, t, true)
	ms := &Mentions{countries: counts, Designations: l.designations(lang, t, text)}
	for _, tok := range t.toks {
		w := text[tok.bs:tok.be]
		if !distinctShape(w) {
			continue
		}
		k := keyOf(w)
		typ := ""
		if _, ok := l.orgs[k]; ok {
			typ = "ORG"
		} else if _, ok := l.misc[k]; ok {
			typ = "MISC"
		}
		if typ != "" {
			ms.Distinct = append(ms.Distinct, pipeline.Entity{Text: w, Type: typ, Start: tok.start, End: tok.end})
		}
	}
	if len(found) == 0 {
		return ms
	}
	out := make([]pipeline.Entity, 0, len(found))
	for _, m := range found {
		a, b := t.toks[m.i], t.toks[m.j-1]
		if m.country {
			if b.end-a.start >= 3 && capitalLine(text, a.bs, b.be) {
				ms.CapsCountries = append(ms.CapsCountries, pipeline.Entity{Text: text[a.bs:b.be], Type: "LOC", Start: a.start, End: b.end})
			}
			continue
		}
		if m.typ != "" {
			ms.Names = append(ms.Names, pipeline.Entity{Text: text[a.bs:b.be], Type: m.typ, Start: a.start, End: b.end})
			continue
		}
		canonical, code := l.resolve(m.d, counts)
		out = append(out, pipeline.Entity{
			Text: text[a.bs:b.be], Type: "MISC", Start: a.start, End: b.end,
			Canonical: canonical, Code: code,
		})
	}
	if len(out) > 0 {
		ms.Demonyms = out
	}
	return ms
}
