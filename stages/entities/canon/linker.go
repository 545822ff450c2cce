// Package canon gives named entities their canonical English names and codes, and finds
// nationality and demonym words (MISC) with a gazetteer.
//
// It does two things for the entities stage:
//   - Demonyms finds demonyms in French and English text ("russes", "américaines", "Nigerien",
//     "occidentales") in one pass over tokens with map look-ups. A statistical tagger trained on
//     WikiNEuRal French cannot find them: that data tags lower-case adjectives O.
//   - Link fills Entity.Canonical (and Entity.Code for countries and their demonyms) so that every
//     surface form of an entity, in either language, gets one English name: "États-Unis", "USA",
//     "US" → United States (US); "américaines" → American (US); "Moscou" → Moscow; "EI" → Islamic
//     State after "État islamique (EI)"; "Poutine" → Vladimir Putin; "Austin" → Lloyd Austin after
//     "Lloyd Austin" in the same text. Structural rules name air bases, airports, ministries and
//     Soviet aircraft types ("ministère russe de la Défense" → Ministry of Defence (Russia)).
//
// What it knows comes from embedded tables, loaded once by New: the countries gazetteer
// (data/countries.tsv, from mledoze/countries, ODbL 1.0: see data/README.md), CLDR region names in
// English and French (golang.org/x/text/language/display), and curated aliases (data/aliases.tsv,
// data/demonyms_extra.tsv) for organisations, people whose names are spelt differently in French,
// cities, regions and peoples.
//
// It does not find person, organisation or place names (the tagger does), does not resolve an
// unknown name to a knowledge base (an entity it does not know keeps its name as written, without
// the titles and lower-case articles that are not part of it), and does not decide between a
// demonym it found and an overlapping entity of the tagger: the caller keeps the tagger's span when
// they overlap. Compound adjectives such as "franco-russe" or "anti-American" are not matched. A
// capital used for its government ("Washington a décidé") keeps the city as canonical
// ("Washington, D.C."), which the seeds gold and its scorer accept for the country.
package canon

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

//go:embed data/countries.tsv data/aliases.tsv data/demonyms_extra.tsv
var dataFS embed.FS

// entry is what a name resolves to.
type entry struct {
	canonical string
	code      string
	// acronym: the table knows the name only as a short acronym ("PAM" for the World Food
	// Programme), which a name written in lower case does not match ("Pam").
	acronym bool
}

// demonym is one demonym form. Codes lists the countries it may refer to, the preferred one first;
// it is empty for peoples and regions that are not one country ("occidental", "Arab").
type demonym struct {
	canonical string
	codes     []string
}

// gazHit is what one folded key (one or more tokens) means to the scan over text.
type gazHit struct {
	demFR, demEN         *demonym
	countryFR, countryEN string // country code when the key is a country's name in that language
	block                bool   // a multi-word name (organisation, region) whose words are not demonyms
	// name is the type of a multi-word curated name (aliases.tsv) or country name ("Alliance des
	// États du Sahel" ORG, "Fédération de Russie" LOC), "" for any other key.
	name string
	// prefix: the key is a proper prefix, at a token boundary, of a longer key, so the scan goes on
	// to the next token. A key that is only a prefix has nothing else set.
	prefix bool
}

// Linker holds the tables. It is read-only after New and safe for concurrent use.
type Linker struct {
	places map[string]entry // countries (with code), cities, regions
	orgs   map[string]entry
	people map[string]entry
	misc   map[string]entry
	demFR  map[string]*demonym
	demEN  map[string]*demonym

	curated map[string]bool // place keys that came from aliases.tsv

	gaz map[string]*gazHit
	// firstKeys has the bit keyBit(k) set for every gazetteer key: the scan asks it before the map
	// for a text's every token, most of which start no key.
	firstKeys *[firstKeyWords]uint64

	countryName    map[string]string // code → English common name
	countryDemonym map[string]string // code → English demonym
}

// preferredCountry settles a demonym that the gazetteer gives to several countries: a territory
// shares the demonym of the state it belongs to, and the state is what news means. New fails when a
// shared demonym is missing here, so a gazetteer update cannot silently pick one at random.
var preferredCountry = map[string]string{
	"MP US": "US", "CD CG": "CD", "DM DO": "DO", "BQ NL": "NL", "FR TF": "FR", "IN IO": "IN",
	"NO SJ": "NO", "GG JE": "GG", "VG VI": "VI", "MF SX": "MF", "AS WS": "WS",
}

// confusable adds a second reading to a country's demonyms: French and English writers often write
// "nigérian(e)" (Nigeria) for "nigérien(ne)" (Niger). Which one is meant is decided per text (see
// resolve): the second reading only when the text names Niger and never Nigeria.
var confusable = map[string]string{"NG": "NE"}

// dropDemonym lists gazetteer demonyms that are wrong or mean something else: "Américan" is a typo
// for the Northern Mariana Islands, "Malouin" is someone from Saint-Malo, and "Djibouti",
// "Gibraltar" are place names.
var dropDemonym = map[string]bool{
	"american:MP": true, "americans:MP": true, "malouin": true, "malouinne": true,
	"djibouti": true, "gibraltar": true,
}

// countryRow holds the columns of data/countries.tsv that the Linker uses.
type countryRow struct {
	code, enCommon, enOfficial, frCommon, frOfficial string
	enDemonym, frDemonymM, frDemonymF                string
	capital                                          string
	alt                                              []string
}

// New loads the embedded tables. It is meant to be called once per process.
func New() (*Linker, error) {
	l := &Linker{
		places:         map[string]entry{},
		curated:        map[string]bool{},
		orgs:           map[string]entry{},
		people:         map[string]entry{},
		misc:           map[string]entry{},
		demFR:          map[string]*demonym{},
		demEN:          map[string]*demonym{},
		gaz:            map[string]*gazHit{},
		countryName:    map[string]string{},
		countryDemonym: map[string]string{},
	}
	rows, err := readCountries()
	if err != nil {
		return nil, err
	}
	if err := l.loadAliases(); err != nil {
		return nil, err
	}
	l.loadCountries(rows)
	if err := l.loadDemonyms(rows); err != nil {
		return nil, err
	}
	if err := l.loadExtraDemonyms(); err != nil {
		return nil, err
	}
	l.buildGazetteer(rows)
	return l, nil
}

func readTSV(name string, fn func(lineNo int, cols []string) error) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return fmt.Errorf("canon: open %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(n, strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("canon: %s line %d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("canon: read %s: %w", name, err)
	}
	return nil
}

func readCountries() ([]countryRow, error) {
	var rows []countryRow
	err := readTSV("data/countries.tsv", func(n int, c []string) error {
		if n == 1 {
			return nil // header
		}
		if len(c) != 11 {
			return fmt.Errorf("want 11 columns, got %d", len(c))
		}
		r := countryRow{code: c[0], enCommon: c[1], enOfficial: c[2], frCommon: c[3], frOfficial: c[4],
			enDemonym: c[5], frDemonymM: c[7], frDemonymF: c[8], capital: c[9]}
		for _, a := range strings.Split(c[10], "|") {
			if a = strings.TrimSpace(a); a != "" {
				r.alt = append(r.alt, a)
			}
		}
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func (l *Linker) loadAliases() error {
	return readTSV("data/aliases.tsv", func(_ int, c []string) error {
		if len(c) != 4 {
			return fmt.Errorf("want 4 columns, got %d", len(c))
		}
		var m map[string]entry
		switch c[0] {
		case "ORG":
			m = l.orgs
		case "PER":
			m = l.people
		case "LOC":
			m = l.places
		case "MISC":
			m = l.misc
		default:
			return fmt.Errorf("unknown type %q", c[0])
		}
		for _, form := range append([]string{c[1]}, strings.Split(c[3], "|")...) {
			k := keyOf(form)
			if k == "" {
				continue
			}
			// Short acronyms must be written as acronyms; longer ones are distinctive enough that
			// the British "Nato" and "Isis" still count.
			e := entry{canonical: c[1], code: c[2], acronym: isAllCaps(form) && letters(form) <= 3}
			if old, ok := m[k]; ok {
				if old.canonical != e.canonical {
					return fmt.Errorf("%s form %q is both %q and %q", c[0], form, old.canonical, e.canonical)
				}
				e.acronym = e.acronym && old.acronym // "Hamas" and "HAMAS": any spelling will do
			}
			m[k] = e
			if c[0] == "LOC" {
				l.curated[k] = true
			}
		}
		return nil
	})
}

// isCode says whether a gazetteer alternative spelling is a bare ISO code ("AD", "IT", "IN"), which
// would turn ordinary words into countries. "US" and "UK" are kept: news uses them as names.
func isCode(s string) bool {
	if s == "US" || s == "UK" {
		return false
	}
	return len(s) == 2 && strings.ToUpper(s) == s
}

// dropAlt lists gazetteer alternative spellings that are words or names of something else in
// English and French news: demonyms ("Thai", "Saudi", "Togolese", "Lao"), a common noun ("Island"
// for Iceland), given names and surnames ("Dominique", "Mann"), a common noun in Thai ("Prathet").
var dropAlt = map[string]bool{
	"Island": true, "Mann": true, "Saudi": true, "Thai": true, "Togolese": true, "Dominique": true,
	"Lao": true, "Prathet": true,
}

// countryNames returns a row's names in French and English, most authoritative first: common names,
// official names, then CLDR's names, which add forms such as "Birmanie", "Turkey", "Congo-Kinshasa".
func countryNames(r countryRow) (fr, en, both []string) {
	fr = []string{r.frCommon, r.frOfficial}
	en = []string{r.enCommon, r.enOfficial}
	if reg, err := language.ParseRegion(r.code); err == nil {
		fr = append(fr, splitParen(display.French.Regions().Name(reg))...)
		en = append(en, splitParen(display.English.Regions().Name(reg))...)
	}
	for _, a := range r.alt {
		if !isCode(a) && !dropAlt[a] {
			both = append(both, a)
		}
	}
	return fr, en, both
}

// withoutArticle drops a leading French or English article from a key: the gazetteer writes
// "Les états-unis d'Amérique", text writes "des États-Unis d'Amérique".
func withoutArticle(k string) string {
	for _, a := range []string{"les ", "le ", "la ", "l ", "the "} {
		if rest, ok := strings.CutPrefix(k, a); ok {
			return rest
		}
	}
	return ""
}

// splitParen turns CLDR's "Myanmar (Birmanie)" into the whole and its two names.
func splitParen(s string) []string {
	i := strings.IndexByte(s, '(')
	j := strings.LastIndexByte(s, ')')
	if i <= 0 || j < i {
		return []string{s}
	}
	return []string{s, strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1 : j])}
}

func (l *Linker) loadCountries(rows []countryRow) {
	for _, r := range rows {
		l.countryName[r.code] = r.enCommon
	}
	// Common names of every country before any official or alternative name, so that an alternative
	// spelling ("Congo" for the Republic) never takes a name that another country is commonly called.
	for pass := 0; pass < 3; pass++ {
		for _, r := range rows {
			fr, en, both := countryNames(r)
			var names []string
			switch pass {
			case 0:
				names = []string{r.enCommon, r.frCommon}
			case 1:
				names = append(append(names, fr...), en...)
			case 2:
				names = both
			}
			e := entry{canonical: r.enCommon, code: r.code}
			for _, n := range names {
				for _, k := range []string{keyOf(n), withoutArticle(keyOf(n))} {
					if _, ok := l.places[k]; !ok && k != "" {
						l.places[k] = e
					}
				}
			}
		}
	}
	// Capitals: a city keeps its own name and has no country code; the curated aliases loaded
	// before already gave French names and better English spellings ("Washington, D.C.").
	for _, r := range rows {
		if k := keyOf(r.capital); k != "" {
			if _, ok := l.places[k]; !ok {
				l.places[k] = entry{canonical: r.capital}
			}
		}
	}
}

// splitDemonym splits a gazetteer cell that names several peoples: "Antiguan, Barbudan",
// "Kittitian or Nevisian", "Antiguaise et barbudienne".
func splitDemonym(s string) []string {
	var out []string
	for _, a := range strings.Split(s, ",") {
		for _, b := range strings.Split(a, " or ") {
			for _, c := range strings.Split(b, " et ") {
				if c = strings.TrimSpace(c); c != "" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// frPlural is the regular French plural of an adjective: -al → -aux, nothing after s/x/z, else -s.
func frPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"):
		return w
	case strings.HasSuffix(w, "al"):
		return w[:len(w)-2] + "aux"
	default:
		return w + "s"
	}
}

// enPlural is the plural of an English demonym noun; adjectives in -ese, -ish, -ch, -s ("Chinese",
// "Polish", "French", "Swiss") have none.
func enPlural(w string) (string, bool) {
	lw := strings.ToLower(w)
	for _, suf := range []string{"ese", "ish", "ch", "sh", "s", "x", "z"} {
		if strings.HasSuffix(lw, suf) {
			return "", false
		}
	}
	return w + "s", true
}

func frForms(m, f string) []string {
	forms := []string{m, frPlural(m)}
	if f != "" {
		forms = append(forms, f, frPlural(f))
	}
	return forms
}

func addDemonym(m map[string]*demonym, form, canonical, code string) {
	k := keyOf(form)
	if k == "" || dropDemonym[k] || dropDemonym[k+":"+code] {
		return
	}
	d, ok := m[k]
	if !ok {
		d = &demonym{canonical: canonical}
		m[k] = d
	}
	if code == "" {
		return
	}
	for _, c := range d.codes {
		if c == code {
			return
		}
	}
	d.codes = append(d.codes, code)
}

func (l *Linker) loadDemonyms(rows []countryRow) error {
	for _, r := range rows {
		en := splitDemonym(r.enDemonym)
		if len(en) == 0 {
			continue
		}
		l.countryDemonym[r.code] = en[0]
		for _, form := range en {
			addDemonym(l.demEN, form, en[0], r.code)
			if p, ok := enPlural(form); ok {
				addDemonym(l.demEN, p, en[0], r.code)
			}
		}
		ms, fs := splitDemonym(r.frDemonymM), splitDemonym(r.frDemonymF)
		for i, m := range ms {
			f := ""
			if i < len(fs) {
				f = fs[i]
			}
			for _, form := range frForms(m, f) {
				addDemonym(l.demFR, form, en[0], r.code)
			}
		}
	}
	for _, m := range []map[string]*demonym{l.demFR, l.demEN} {
		for k, d := range m {
			if len(d.codes) > 1 {
				sorted := append([]string(nil), d.codes...)
				sort.Strings(sorted)
				pref, ok := preferredCountry[strings.Join(sorted, " ")]
				if !ok {
					return fmt.Errorf("canon: demonym %q is shared by %v and preferredCountry does not say which is meant", k, sorted)
				}
				d.codes = append([]string{pref}, without(d.codes, pref)...)
				d.canonical = l.countryDemonym[pref]
			}
			if len(d.codes) == 1 {
				if alt, ok := confusable[d.codes[0]]; ok {
					d.codes = append(d.codes, alt)
				}
			}
		}
	}
	return nil
}

func without(s []string, x string) []string {
	var out []string
	for _, v := range s {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}

func (l *Linker) loadExtraDemonyms() error {
	return readTSV("data/demonyms_extra.tsv", func(_ int, c []string) error {
		if len(c) != 4 {
			return fmt.Errorf("want 4 columns, got %d", len(c))
		}
		lang, canonical, code, forms := c[0], c[1], c[2], strings.Split(c[3], "|")
		switch lang {
		case "fr":
			if len(forms) != 2 {
				return fmt.Errorf("French demonym %q: want masculine|feminine", canonical)
			}
			for _, form := range frForms(forms[0], forms[1]) {
				addDemonym(l.demFR, form, canonical, code)
			}
		case "en":
			for _, form := range forms {
				if w, ok := strings.CutSuffix(form, "!"); ok {
					addDemonym(l.demEN, w, canonical, code)
					continue
				}
				addDemonym(l.demEN, form, canonical, code)
				addDemonym(l.demEN, form+"s", canonical, code)
			}
		default:
			return fmt.Errorf("unknown language %q", lang)
		}
		return nil
	})
}

// buildGazetteer merges what the scan over text needs into one map keyed by folded token sequences,
// so that each token costs one map look-up.
func (l *Linker) buildGazetteer(rows []countryRow) {
	hit := func(k string) *gazHit {
		h, ok := l.gaz[k]
		if !ok {
			h = &gazHit{}
			l.gaz[k] = h
		}
		return h
	}
	for k, d := range l.demFR {
		hit(k).demFR = d
	}
	for k, d := range l.demEN {
		hit(k).demEN = d
	}
	for _, r := range rows {
		fr, en, both := countryNames(r)
		for _, n := range append(fr, both...) {
			for _, k := range []string{keyOf(n), withoutArticle(keyOf(n))} {
				if k != "" && hit(k).countryFR == "" {
					l.gaz[k].countryFR = r.code
				}
			}
		}
		for _, n := range append(en, both...) {
			for _, k := range []string{keyOf(n), withoutArticle(keyOf(n))} {
				if k != "" && hit(k).countryEN == "" {
					l.gaz[k].countryEN = r.code
				}
			}
		}
	}
	// Curated country names (aliases.tsv rows with a code) count in either language.
	for k, e := range l.places {
		if e.code != "" && l.curated[k] {
			h := hit(k)
			if h.countryFR == "" {
				h.countryFR = e.code
			}
			if h.countryEN == "" {
				h.countryEN = e.code
			}
		}
	}
	for _, t := range []struct {
		m   map[string]entry
		typ string
	}{{l.places, "LOC"}, {l.orgs, "ORG"}, {l.misc, "MISC"}} {
		for k := range t.m {
			if strings.IndexByte(k, ' ') > 0 {
				h := hit(k)
				h.block = true
				h.name = t.typ
			}
		}
	}
	for k, h := range l.gaz {
		if (h.countryFR != "" || h.countryEN != "") && strings.IndexByte(k, ' ') > 0 {
			h.name = "LOC"
		}
	}
	for k := range l.gaz {
		for i := 0; i < len(k); i++ {
			if k[i] == ' ' {
				hit(k[:i]).prefix = true
			}
		}
	}
	l.firstKeys = new([firstKeyWords]uint64)
	for k := range l.gaz {
		b := keyBit(k)
		l.firstKeys[b/64] |= 1 << (b % 64)
	}
}

// firstKeyWords sizes the filter: 32,768 bits for about 4,400 keys, so a token that is no key
// passes it one time in eight.
const firstKeyWords = 512

// keyBit is a key's bit in firstKeys (FNV-1a).
func keyBit[S string | []byte](k S) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(k); i++ {
		h ^= uint32(k[i])
		h *= 16777619
	}
	return h % (firstKeyWords * 64)
}

// mayStartKey reports whether a one-token key might be k: false means it is none.
func (l *Linker) mayStartKey(k []byte) bool {
	b := keyBit(k)
	return l.firstKeys[b/64]&(1<<(b%64)) != 0
}

// letters counts the letters of s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
