// Package entities is the named-entity stage: it finds people (PER), places (LOC), organisations
// (ORG) and other names (MISC: nationalities, events, works) in a document's clean text, in French
// or English, and gives each mention a canonical name shared across surface forms and languages.
//
// Recognition is statistical (package ner: a CoNLL-style tokenizer and an averaged-perceptron
// sequence model per language, trained by cmd/train-ner and embedded from models/). Canonical names
// and the demonyms the French training data leaves untagged come from package canon. The stage does
// not nest entities, tag dates or numbers, or resolve pronouns.
package entities

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/entities/canon"
	"github.com/depeche-news/depeche/stages/entities/models"
	"github.com/depeche-news/depeche/stages/entities/ner"
	"github.com/depeche-news/depeche/stages/entities/truecase"
)

// Languages are the languages with an embedded model.
var Languages = models.Languages

// Options configures the recogniser. The zero value is the production setting.
type Options struct {
	// Models replaces the embedded models (tests, or a model retrained on a user's data), keyed by
	// language ("fr", "en").
	Models map[string]*ner.Model
	// NoCanon skips canonical-name linking and demonym rules: Canonical is the surface text.
	NoCanon bool
	// NoNet runs the models' perceptrons without their nets (ner.Net): about 12 % more documents
	// a second through the whole pipeline, 2.4 F1 less on English WikiNEuRal and 0.4 on French.
	NoNet bool
}

// Recognizer is the entities stage. It is read-only after New and safe for concurrent use.
type Recognizer struct {
	models map[string]*ner.Model
	canon  linker
	// scratch holds *recogScratch: a document's tokens are its largest garbage (about 11 bytes per
	// byte of text), so they are reused across documents.
	scratch sync.Pool
}

// recogScratch is the per-call working memory of Recognize.
type recogScratch struct {
	toks   []ner.Token
	words  []string
	labels []int
	title  []bool // per token: on a line in title case
}

// maxPooledTokens keeps a huge document's token slice out of the pool (2.5 MB of tokens).
const maxPooledTokens = 1 << 16

// linker is what the stage needs from package canon; nil when canon linking is off.
type linker interface {
	Scan(lang, text string) *canon.Mentions
	LinkMentions(lang, text string, ents []pipeline.Entity, m *canon.Mentions)
}

// New builds the stage over opts.Models, or over the embedded models, which a process decodes once.
func New(opts Options) (*Recognizer, error) {
	r := &Recognizer{models: opts.Models}
	if r.models == nil {
		ms, err := models.Shared()
		if err != nil {
			return nil, fmt.Errorf("entities: %w", err)
		}
		r.models = ms
	}
	if len(r.models) == 0 {
		return nil, fmt.Errorf("entities: no model")
	}
	if opts.NoNet {
		bare := make(map[string]*ner.Model, len(r.models))
		for lang, m := range r.models {
			bare[lang] = m.WithoutNet()
		}
		r.models = bare
	}
	if !opts.NoCanon {
		l, err := newLinker()
		if err != nil {
			return nil, fmt.Errorf("entities: %w", err)
		}
		r.canon = l
	}
	return r, nil
}

// Name implements pipeline.Stage.
func (*Recognizer) Name() string { return "entities" }

// Process implements pipeline.Stage: it sets d.Entities (never nil) from d.Text.
func (r *Recognizer) Process(ctx context.Context, d *pipeline.Doc) error {
	if d.HasFlag(pipeline.FlagOtherLanguage) {
		d.Entities = d.Entities[:0]
		if d.Entities == nil {
			d.Entities = []pipeline.Entity{}
		}
		return nil
	}
	lang := d.LangOrHint()
	if r.models[lang] == nil {
		lang = r.guessLang(d.Text)
	}
	ents, err := r.recognize(ctx, lang, d.Text, d.Dates)
	if err != nil {
		return err
	}
	d.Entities = outsideDates(ents, d.Dates)
	return nil
}

// outsideDates drops the person, place and organisation names that lie inside a date expression
// the dates stage found ("in mid-April" read as a place, "May" of "May 3" as a person): a date is
// not a name (CoNLL). MISC is kept, for holidays ("Christmas", "Ramadan") are dates and events
// both, but for the name of a day or a month ("Sept" of "Sept. 30"). Both lists are in text order.
func outsideDates(ents []pipeline.Entity, dates []pipeline.Date) []pipeline.Entity {
	if len(dates) == 0 {
		return ents
	}
	out := ents[:0]
	k := 0
	for _, e := range ents {
		for k < len(dates) && dates[k].End <= e.Start {
			k++
		}
		inside := false
		for j := k; j < len(dates) && dates[j].Start <= e.Start; j++ {
			if e.End <= dates[j].End {
				inside = true
				break
			}
		}
		if inside && (e.Type != "MISC" || calendarWord(e.Text)) {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Recognize returns the entities of text in lang (a language without a model falls back to the
// stop-word vote), in text order.
func (r *Recognizer) Recognize(ctx context.Context, lang, text string) ([]pipeline.Entity, error) {
	return r.recognize(ctx, lang, text, nil)
}

// recognize is Recognize, knowing the date expressions of text (in text order) that the dates
// stage found: a place or organisation does not run into one.
func (r *Recognizer) recognize(ctx context.Context, lang, text string, dates []pipeline.Date) ([]pipeline.Entity, error) {
	m := r.models[lang]
	if m == nil {
		lang = r.guessLang(text)
		m = r.models[lang]
	}
	sc, _ := r.scratch.Get().(*recogScratch)
	if sc == nil {
		sc = &recogScratch{words: make([]string, 0, 64)}
	}
	defer r.release(sc)
	// About one token per five bytes of news text: sized once instead of grown a dozen times.
	if want := len(text)/5 + 16; cap(sc.toks) < want {
		sc.toks = make([]ner.Token, 0, want)
	}
	toks := ner.AppendTokens(sc.toks[:0], text)
	sc.toks = toks
	bounds := ner.Sentences(toks)
	web := webAddresses(text)
	var title []bool
	if lang == "en" {
		title = titleLines(toks, &sc.words, &sc.title)
	}
	ents := make([]pipeline.Entity, 0, len(toks)/12)
	var capitalised map[string]bool // capitalisedWithin's answers, by word
	words, labels := sc.words, sc.labels
	defer func() { sc.words, sc.labels = words, labels }()
	for k := 0; k+1 < len(bounds); k++ {
		if k&63 == 63 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("entities: %w", err)
			}
		}
		sent := toks[bounds[k]:bounds[k+1]]
		words = words[:0]
		for _, t := range sent {
			words = append(words, t.Text)
		}
		// A headline in title case is read as running text would write it (the first word of a
		// sentence keeps its capital).
		if title != nil {
			for i := 1; i < len(sent); i++ {
				if title[bounds[k]+i] && truecase.Lowered(words[i]) {
					words[i] = strings.ToLower(words[i])
				}
			}
		}
		labels = m.Predict(words, labels)
		for _, sp := range splitNames(sent, ner.Spans(labels)) {
			// Articles stay out of entities (CoNLL and the project's guidelines); the English silver
			// data sometimes tags "the Pentagon" whole.
			for sp.End-sp.Start > 1 && leadingArticle[sent[sp.Start].Text] {
				sp.Start++
			}
			// "the House Intelligence Committee Tuesday", "in Gaza Friday": English writes the day
			// right after a name, and the model took it in. People keep theirs ("Theresa May").
			if sp.Type == "ORG" || sp.Type == "LOC" {
				sp.End = beforeDate(sent, sp.Start, sp.End, dates)
			}
			// A quote that the span does not close or open, and a possessive apostrophe
			// ("Indigenous Peoples’ lands"), are not part of a name; a title's own marks are
			// ("Where Is the Love?", "La Résurrection de ‘F’", "Yahoo!").
			sp.Start, sp.End = trimMarks(sent, sp.Start, sp.End)
			// Nor is a dash, an ampersand or a comma at its edge ("owned by Alibaba — responded",
			// "Olive & Herb"), nor a bracket it does not open or close ("CBP) Air and Marine
			// Operations"); and a span that starts with the end of a word ("We're On It" read
			// from "'re") is none.
			sp.Start, sp.End = trimEdges(sent, sp.Start, sp.End)
			// "Sacramento-based McClatchy", "British Columbia-based Carbon Engineering": the
			// place that qualifies a name is no part of it (alone, "Paris-based" stays the
			// model's).
			for sp.End-sp.Start > 1 && qualifier(sent[sp.Start].Text) {
				sp.Start++
			}
			// A person's name ends in a word: the model took tennis scores in ("Denis Shapovalov
			// defeated Taylor Fritz 7-6 (6), 6-3"). Other names may end in a number ("Air Base
			// 101", "Windows 10").
			if sp.Type == "PER" {
				for sp.End-sp.Start > 1 && strings.IndexFunc(sent[sp.End-1].Text, unicode.IsLetter) < 0 {
					sp.End--
				}
			}
			// An e-mail address or a web address is no part of a name, though the tokenizer
			// splits it into words ("Iain Duncan Smith Iain.duncansmith.mp@parliament.uk").
			for sp.Start < sp.End && inWeb(web, sent[sp.Start]) {
				sp.Start++
			}
			for sp.End > sp.Start && inWeb(web, sent[sp.End-1]) {
				sp.End--
			}
			if sp.Start == sp.End {
				continue
			}
			// A title alone is no name: "le Premier ministre", "Deputy Premier Natalio Wheatley"
			// (the French silver data tags that "Premier" PER, and the model learnt it; with the
			// net, some come out ORG).
			if sp.End-sp.Start == 1 && (loneTitles[sent[sp.Start].Text] || loneState(sent, sp.Start, sp.End) || commonAcronyms[lang][sent[sp.Start].Text]) {
				continue
			}
			// Nor is a vitamin ("vitamin C" came out MISC in every health article), nor an answer
			// ("“Yes, we needed to win this game”": the model knows the band).
			if sp.End-sp.Start == 1 && (vitamin(sent, sp.Start) || answer(sent, sp.Start)) {
				continue
			}
			// Nor, in English, a common word that starts a sentence and that the text never
			// capitalises elsewhere: "Summary Studies show…", "Yup, you read it right!", "Click
			// here", "Positioning: Marking". The model saw capitals in mid-sentence only on names.
			if lang == "en" && sp.End-sp.Start == 1 && startsSentence(sent, sp.Start) && truecase.Common(sent[sp.Start].Text) {
				w := sent[sp.Start].Text
				named, ok := capitalised[w]
				if !ok {
					// Each word is looked for once: a long page may start many sentences with it.
					if capitalised == nil {
						capitalised = map[string]bool{}
					}
					named = capitalisedWithin(toks, bounds, title, w)
					capitalised[w] = named
				}
				if !named {
					continue
				}
			}
			// Nor a unit or a currency by its amount: the "C" of "1.5°C" (a climate report had
			// nine places "C"), the "Rs" of "Rs 24 lakh".
			if sp.End-sp.Start == 1 && (afterDegree(sent, sp.Start) || currencyAmount(sent, sp.Start)) {
				continue
			}
			// A list of months or days is a blog's archive or a calendar, not a name ("Dec Nov Oct
			// Sep Aug" came out MISC, "Mar Feb Jan" a person).
			if sp.End-sp.Start > 1 && onlyDaysOrMonths(sent[sp.Start:sp.End]) {
				continue
			}
			// After "Mr.", "Ms." or "Mme" comes a person, whatever the model made of the
			// name ("Ms. Alley" came out a place).
			if sp.End-sp.Start > 1 && canon.AddressForm(sent[sp.Start].Text) {
				sp.Type = "PER"
			}
			// "le ministre de la Santé" names a post, not the ministry (the French silver data
			// tags the field O); "le ministre de l'Agriculture Marc Fesneau" read as one name is
			// the field, then the minister.
			if p := portfolioAfterMinister(sent, sp.Start, sp.End); p > 0 {
				if sp.Start+p == sp.End {
					continue
				}
				sp.Start += p
				sp.Type = "PER"
			}
			// "le chef de l'Etat Miloš Zeman" read as one organisation is the post, then the
			// head of state.
			if headOfState(sent, sp.Start, sp.End) {
				sp.Start++
				sp.Type = "PER"
			}
			a, b := sent[sp.Start], sent[sp.End-1]
			surface := text[a.Byte:b.ByteEnd]
			ents = append(ents, pipeline.Entity{
				Text: surface, Type: sp.Type, Start: a.Start, End: b.End, Canonical: surface,
			})
		}
	}
	ents = definedAcronyms(toks, ents)
	ents = propagate(text, toks, ents, web)
	addressed(ents)
	if r.canon != nil {
		m := r.canon.Scan(lang, text)
		ents = knownNames(ents, m.Names)
		ents = replaceInside(ents, m.Designations)
		ents = mergeDemonyms(ents, m.Demonyms)
		ents = addMissed(ents, m.Distinct)
		ents = addMissed(ents, m.CapsCountries)
		r.canon.LinkMentions(lang, text, ents, m)
	}
	agreeTypes(ents)
	return ents, nil
}

// release returns sc to the pool, without the document's strings (the pool must not keep a text
// alive) and without a huge document's tokens.
func (r *Recognizer) release(sc *recogScratch) {
	if cap(sc.toks) > maxPooledTokens {
		return
	}
	clear(sc.toks)
	clear(sc.words[:cap(sc.words)])
	r.scratch.Put(sc)
}

// webAddresses returns the byte ranges of the e-mail addresses ("jo.gideon.mp@parliament.uk") and
// web addresses ("https://…", "www.…") of text, in order. A Twitter handle ("@NGRSenate") is none.
func webAddresses(text string) [][2]int {
	var out [][2]int
	isWord := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c >= 0x80
	}
	for i := 0; i < len(text); i++ {
		switch {
		case text[i] == '@':
			a := i
			for a > 0 && (isWord(text[a-1]) || text[a-1] == '.' || text[a-1] == '+') {
				a--
			}
			b, dot := i+1, false
			for b < len(text) && (isWord(text[b]) || text[b] == '.' && b+1 < len(text) && isWord(text[b+1])) {
				dot = dot || text[b] == '.'
				b++
			}
			if a < i && dot {
				out = append(out, [2]int{a, b})
				i = b
			}
		case text[i] == 'h' && (strings.HasPrefix(text[i:], "http://") || strings.HasPrefix(text[i:], "https://")),
			text[i] == 'w' && strings.HasPrefix(text[i:], "www.") && (i == 0 || !isWord(text[i-1])):
			b := i
			for b < len(text) && text[b] != ' ' && text[b] != '\n' && text[b] != '\t' {
				b++
			}
			for b > i && strings.IndexByte(".,;:!?)\"'", text[b-1]) >= 0 {
				b-- // the sentence's own punctuation
			}
			out = append(out, [2]int{i, b})
			i = b
		}
	}
	return out
}

// inWeb reports whether token t lies inside one of the ranges web (webAddresses, in text order: a
// reference list may hold hundreds).
func inWeb(web [][2]int, t ner.Token) bool {
	i := sort.Search(len(web), func(i int) bool { return web[i][1] > t.Byte })
	return i < len(web) && t.Byte >= web[i][0] && t.ByteEnd <= web[i][1]
}

// titleLines marks the tokens of the lines written in title case (truecase.Title), using line as
// scratch for a line's words and marks for the result; nil when there is none.
func titleLines(toks []ner.Token, line *[]string, marks *[]bool) []bool {
	var title []bool
	for a := 0; a < len(toks); {
		b := a + 1
		for b < len(toks) && !toks[b].LineStart {
			b++
		}
		words := (*line)[:0]
		for _, t := range toks[a:b] {
			words = append(words, t.Text)
		}
		*line = words
		if truecase.Title(words) {
			if title == nil {
				if cap(*marks) < len(toks) {
					*marks = make([]bool, len(toks))
				}
				title = (*marks)[:len(toks)]
				clear(title)
			}
			for i := a; i < b; i++ {
				title[i] = true
			}
		}
		a = b
	}
	return title
}

var leadingArticle = map[string]bool{"the": true, "a": true, "an": true}

// loneTitles are the capitalised titles that the model sometimes calls a person on their own.
var loneTitles = map[string]bool{
	"Premier": true, "Première": true, "Président": true, "Présidente": true, "Ministre": true,
	"President": true, "Minister": true, "Chancellor": true, "Chancelier": true, "Chancelière": true,
}

// qualifier says whether w is an English compound that qualifies the name after it: "X-based",
// "X-born", "X-owned", "X-backed", "X-led", "X-headquartered".
func qualifier(w string) bool {
	i := strings.LastIndexByte(w, '-')
	if i <= 0 {
		return false
	}
	switch strings.ToLower(w[i+1:]) {
	case "based", "born", "owned", "backed", "led", "headquartered":
		return true
	}
	return false
}

// nameSeparators are tokens no person's name holds: the model ran lists of names ("Alex •
// Elliott • Harvey • Sam") and a name and the next one across a dash ("John Bolton — Morrison's
// supervisor") into one person. listMarks, the bullets and bars among them, no name of any type
// holds ("Grandpa • Henchman • Junimos • Krobus" came out one MISC); a title may hold a dash or
// a slash ("Pale Blue Dot / Lift Off").
var (
	nameSeparators = map[string]bool{"•": true, "·": true, "|": true, "—": true, "–": true, "-": true, "/": true}
	listMarks      = map[string]bool{"•": true, "·": true, "|": true}
)

// splitsAt says whether a span of type typ is cut at token t.
func splitsAt(typ string, t ner.Token) bool {
	if typ == "PER" {
		return nameSeparators[t.Text]
	}
	return listMarks[t.Text]
}

// splitNames cuts every span of sent at the separators inside it (splitsAt), into one name per
// stretch between them.
func splitNames(sent []ner.Token, spans []ner.Span) []ner.Span {
	for k, sp := range spans {
		if !slices.ContainsFunc(sent[sp.Start:sp.End], func(t ner.Token) bool { return splitsAt(sp.Type, t) }) {
			continue
		}
		out := slices.Clone(spans[:k])
		for _, sp := range spans[k:] {
			a := sp.Start
			for i := sp.Start; i <= sp.End; i++ {
				if i == sp.End || splitsAt(sp.Type, sent[i]) {
					if i > a {
						out = append(out, ner.Span{Start: a, End: i, Type: sp.Type})
					}
					a = i + 1
				}
			}
		}
		return out
	}
	return spans
}

// vitamin says whether token i of sent is a vitamin's letter: "vitamin C", "vitamine B12".
func vitamin(sent []ner.Token, i int) bool {
	w := sent[i].Text
	if i == 0 || w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for j := 1; j < len(w); j++ {
		if w[j] < '0' || w[j] > '9' {
			return false
		}
	}
	switch strings.ToLower(sent[i-1].Text) {
	case "vitamin", "vitamins", "vitamine", "vitamines":
		return true
	}
	return false
}

// startsSentence says whether token i of sent is the first of its sentence with a letter
// ("124. What do you…", "“Yes, …"), a time of day before it aside ("7:00 PM Arrives at the
// trailer").
func startsSentence(sent []ner.Token, i int) bool {
	return i <= firstWord(sent)
}

// firstWord is the index of the first token of sent with a letter (len(sent) if none), a time of
// day's "AM" or "PM" aside.
func firstWord(sent []ner.Token) int {
	for k, t := range sent {
		if strings.IndexFunc(t.Text, unicode.IsLetter) < 0 {
			continue
		}
		if k > 0 && meridiem(t.Text) && strings.IndexFunc(sent[k-1].Text, unicode.IsDigit) >= 0 {
			continue
		}
		return k
	}
	return len(sent)
}

// meridiem says whether w is "AM" or "PM", as English writes them after a time.
func meridiem(w string) bool {
	switch strings.ToLower(strings.ReplaceAll(w, ".", "")) {
	case "am", "pm":
		return true
	}
	return false
}

// capitalisedWithin says whether word w occurs in toks (cut into sentences at bounds) after the
// first word of a sentence, outside the title-case lines (title; nil: none): where a capital
// marks a name.
func capitalisedWithin(toks []ner.Token, bounds []int, title []bool, w string) bool {
	for k := 0; k+1 < len(bounds); k++ {
		sent := toks[bounds[k]:bounds[k+1]]
		for i := firstWord(sent) + 1; i < len(sent); i++ {
			if sent[i].Text == w && (title == nil || !title[bounds[k]+i]) {
				return true
			}
		}
	}
	return false
}

// afterDegree says whether token i of sent is the scale of a temperature: "C", "F" or "K" right
// after "°" ("1.5°C", "20 °F").
func afterDegree(sent []ner.Token, i int) bool {
	switch sent[i].Text {
	case "C", "F", "K":
		return i > 0 && sent[i-1].Text == "°"
	}
	return false
}

// currencies are the currency abbreviations the models tag as names before an amount.
var currencies = map[string]bool{"Rs": true, "INR": true, "USD": true, "EUR": true, "GBP": true, "CHF": true, "JPY": true, "CAD": true, "AUD": true, "CNY": true}

// currencyAmount says whether token i of sent is a currency before its amount: "Rs 24 lakh", "Rs.
// 599", "USD 1.2 billion".
func currencyAmount(sent []ner.Token, i int) bool {
	if !currencies[sent[i].Text] {
		return false
	}
	j := i + 1
	if j < len(sent) && sent[j].Text == "." {
		j++
	}
	if j >= len(sent) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(sent[j].Text)
	return unicode.IsDigit(r)
}

// answer says whether token i of sent is "Yes" or "No" answering: first in its sentence, its quote
// or its clause after a colon or a dash, and before a comma, a full stop, an exclamation mark or an
// ellipsis, or the end of the sentence. In a list ("Chick Corea, Yes, Gentle Giant") it is the band.
func answer(sent []ner.Token, i int) bool {
	switch sent[i].Text {
	case "Yes", "No", "Oui", "Non":
	default:
		return false
	}
	if i > 0 {
		switch sent[i-1].Text {
		case "\"", "“", "«", "'", "‘", ":", "-", "–", "—":
		default:
			return false
		}
	}
	if i+1 == len(sent) {
		return true
	}
	switch sent[i+1].Text {
	case ",", ".", "!", "…", "...":
		return true
	}
	return false
}

// loneState says whether span [a, b) of sent is "State" alone, or "État" alone in the compounds
// "X d'État" and "d'État à État": "coup d'État", "chef d'Etat", "secrétaire d'État", "secretary of
// State" name no place or body. The French silver data tags "hommes d'État" LOC (21 "État" LOC
// against 25 O in WikiNEuRal FR train) and the models learnt it: on the 371 web pages of
// ../shared/data/boilerplate, 15 such "État" and "State" came out LOC or ORG. "l'État" alone
// stays the model's: Europeana's gold tags the State as a body ORG. Within a name they stay
// ("État islamique", "State Department"; "États-Unis" is one token), and "the States" is the
// United States.
func loneState(sent []ner.Token, a, b int) bool {
	if b-a != 1 {
		return false
	}
	if sent[a].Text == "State" {
		return true
	}
	if !etat(sent[a].Text) || a == 0 {
		return false
	}
	switch strings.ToLower(sent[a-1].Text) {
	case "d'", "d’":
		return true
	case "à":
		return a >= 2 && etat(sent[a-2].Text)
	}
	return false
}

func etat(w string) bool { return w == "État" || w == "Etat" || w == "ÉTAT" || w == "ETAT" }

// commonAcronyms are, per language, acronyms of common nouns, and the English pronoun "I", which
// the models tag on web pages (a tech site's "AI" came out ORG 46 times, "CPU" MISC 40 times; an
// interview's "I" ORG, and one sense per discourse copied it to every "I" of the page). The
// training data tags them O nearly always ("TV": 52 O, 16 in entities, in WikiNEuRal EN). Within
// a longer name they stay ("Google AI"). French keeps "PC" and "I", which its training data tags
// as names more often than not (a game "sur PC", "épisode I").
var commonAcronyms = map[string]map[string]bool{
	"en": {
		"I": true, "AI": true, "API": true, "CEO": true, "CFO": true, "CTO": true, "COO": true,
		"CPU": true, "GPU": true, "RAM": true, "SSD": true, "DNA": true, "RNA": true, "LED": true,
		"PC": true, "USB": true, "SUV": true, "VPN": true, "URL": true, "PDF": true, "FAQ": true,
		"GDP": true, "IPO": true, "ETF": true, "NFT": true, "VIP": true,
		// Recipes' units: "1 Tbsp. balsamic vinegar" came out MISC 25 times in one meal plan.
		"Tbsp": true, "TBSP": true, "Tsp": true, "TSP": true,
	},
	"fr": {"PDG": true, "PIB": true, "TVA": true, "ADN": true, "IA": true, "VIP": true},
}

// portfolioAfterMinister returns how many tokens at the start of span [a, b) of sent name a
// ministry's field right after "ministre de la", "ministre de l'", "ministre des" or "ministre du"
// (0 when none do). The field is one or two words ("Santé", "Affaires étrangères").
func portfolioAfterMinister(sent []ner.Token, a, b int) int {
	k := a - 1
	if k < 1 {
		return 0
	}
	switch strings.ToLower(sent[k].Text) {
	case "la", "l'", "l’":
		if strings.ToLower(sent[k-1].Text) != "de" {
			return 0
		}
		k -= 2
	case "des", "du":
		k--
	default:
		return 0
	}
	if k < 0 {
		return 0
	}
	if w := strings.ToLower(sent[k].Text); w != "ministre" && w != "ministres" {
		return 0
	}
	for n := min(2, b-a); n >= 1; n-- {
		if canon.IsPortfolio(spanText(sent, a, a+n)) {
			return n
		}
	}
	return 0
}

// headOfState says whether span [a, b) of sent is "État" after "chef de l'", then a name: "le chef
// de l'Etat Miloš Zeman". "l'État islamique" and "l'État Islamique" stay whole.
func headOfState(sent []ner.Token, a, b int) bool {
	if b-a < 2 || a < 3 || !etat(sent[a].Text) {
		return false
	}
	if l := sent[a-1].Text; l != "l'" && l != "l’" && l != "L'" && l != "L’" {
		return false
	}
	if strings.ToLower(sent[a-2].Text) != "de" || strings.ToLower(sent[a-3].Text) != "chef" {
		return false
	}
	next := sent[a+1].Text
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsUpper(r) && strings.ToLower(next) != "islamique"
}

// spanText is tokens [a, b) of sent joined by single spaces.
func spanText(sent []ner.Token, a, b int) string {
	var sb strings.Builder
	for k := a; k < b; k++ {
		if k > a {
			sb.WriteByte(' ')
		}
		sb.WriteString(sent[k].Text)
	}
	return sb.String()
}

// openMark and closeMark are the quotes a name may sit between; an apostrophe may also close a
// possessive.
var openMark = map[string]bool{"'": true, "‘": true, "\"": true, "“": true, "«": true, "„": true}
var closeMark = map[string]bool{"'": true, "’": true, "\"": true, "”": true, "»": true}

// trimMarks narrows tokens [a, b) of sent to leave out the quotes around it, a leading quote that
// nothing in the span closes and a trailing quote or apostrophe that nothing in the span opened.
func trimMarks(sent []ner.Token, a, b int) (int, int) {
	opened := func(from, to int) bool {
		for k := from; k < to; k++ {
			if openMark[sent[k].Text] {
				return true
			}
		}
		return false
	}
	closed := func(from, to int) bool {
		for k := from; k < to; k++ {
			if closeMark[sent[k].Text] {
				return true
			}
		}
		return false
	}
	for b-a > 2 && openMark[sent[a].Text] && closeMark[sent[b-1].Text] {
		a, b = a+1, b-1 // “Red Sox Nation”
	}
	for a < b && openMark[sent[a].Text] && !closed(a+1, b) {
		a++
	}
	for a < b && closeMark[sent[b-1].Text] && !opened(a, b-1) {
		b--
	}
	return a, b
}

// edgeMarks are the tokens no name begins or ends with: dashes and joiners that the model took in
// from around a name. clitics are the ends of English words that the tokenizer splits off ("We" +
// "'re"): a span that starts with one began inside a word ("We're On It" came out "'re On It").
var (
	edgeMarks = map[string]bool{"-": true, "–": true, "—": true, "&": true, ",": true, ";": true, ":": true}
	clitics   = map[string]bool{"'s": true, "’s": true, "'re": true, "’re": true, "'ve": true, "’ve": true,
		"'ll": true, "’ll": true, "'d": true, "’d": true, "'m": true, "’m": true, "n't": true, "n’t": true}
)

// trimEdges narrows tokens [a, b) of sent to leave out the leading and trailing edgeMarks; a span
// that starts with a clitic is no name, and comes back empty. A dash before a year stays: it
// joins a season's years ("1995 – 96 UEFA Champions League", as the training data tags it).
func trimEdges(sent []ner.Token, a, b int) (int, int) {
	for a < b && edgeMarks[sent[a].Text] {
		if a+1 < b && strings.Trim(sent[a+1].Text, "0123456789") == "" {
			break
		}
		a++
	}
	if a < b && clitics[sent[a].Text] {
		return a, a
	}
	for a < b && edgeMarks[sent[b-1].Text] {
		b--
	}
	return unbracketed(sent, a, b)
}

// unbracketed narrows tokens [a, b) of sent to the part that holds no bracket it does not close or
// open: "(CBP) Air and Marine Operations" read from "CBP)" is the operations, "Chapter 28 (Flight
// of the Prince" the chapter, "Jang Noksu] More Reviews" the name.
func unbracketed(sent []ner.Token, a, b int) (int, int) {
	var open []int // the opening brackets not closed yet
	for i := a; i < b; i++ {
		switch sent[i].Text {
		case "(", "[":
			open = append(open, i)
		case ")", "]":
			if len(open) > 0 {
				open = open[:len(open)-1]
				continue
			}
			// Closed without being opened: the name starts after it, or ends before it when
			// that leaves the longer part.
			if i-a >= b-i-1 {
				return unbracketed(sent, a, i)
			}
			a = i + 1
		}
	}
	if len(open) > 0 {
		b = open[0]
	}
	for a < b && edgeMarks[sent[b-1].Text] {
		b--
	}
	return a, b
}

// agreeTypes gives every mention of a name the type most of its mentions in the text have, when
// that type is at least twice as frequent as any other (one sense per discourse, for types): a
// tutorial's "Python" tagged MISC 155 times and PER 52, or "Obama" PER 6 times and MISC twice,
// are one thing each. Below that margin the text may well name two things, and the mentions keep
// their own types. It runs last, on mentions of the same surface and canonical name, so that
// what linking told apart ("Ford" linked to "John M. Ford", "Ford" the carmaker) stays apart,
// and propagated mentions and surnames count. In documents of 20 or 100 consecutive sentences
// (scripts/ner_docs.py) it gains wikigold 0.3–0.4 F1 and WikiNEuRal 0.0–0.2.
func agreeTypes(ents []pipeline.Entity) {
	if len(ents) < 3 {
		return
	}
	types := [...]string{"PER", "LOC", "ORG", "MISC"}
	type name struct{ text, canonical string }
	counts := make(map[name]*[len(types)]int, len(ents))
	for _, e := range ents {
		c := counts[name{e.Text, e.Canonical}]
		if c == nil {
			c = new([len(types)]int)
			counts[name{e.Text, e.Canonical}] = c
		}
		if k := slices.Index(types[:], e.Type); k >= 0 {
			c[k]++
		}
	}
	// The type each name takes: "" where its mentions agree already or no type wins two to one.
	win := make(map[name]string, len(counts))
	for n, c := range counts {
		best := 0
		for k := range c {
			if c[k] > c[best] {
				best = k
			}
		}
		mixed, wins := false, true
		for k, v := range c {
			if k != best && v > 0 {
				mixed = true
				wins = wins && c[best] >= 2*v
			}
		}
		if mixed && wins {
			win[n] = types[best]
		}
	}
	if len(win) == 0 {
		return
	}
	for i, e := range ents {
		if t := win[name{e.Text, e.Canonical}]; t != "" {
			ents[i].Type = t
		}
	}
}

// maxPropagate is the longest name, in tokens, that propagate looks for.
const maxPropagate = 6

// addressed makes persons of the other mentions of a surname the text writes after a form of
// address: "Ms. Alley" makes "Alley" and "Kirstie Alley" persons where the tagger read a place (an
// article on the actress had 40 "Alley" places and "Ms. Alley" 4 times). A two-word name keeps
// MISC, which may be a title; the linker then takes "Kirstie Alley" for the full name.
func addressed(ents []pipeline.Entity) {
	var surnames map[string]bool
	for _, e := range ents {
		form, rest, ok := strings.Cut(e.Text, " ")
		if e.Type == "PER" && ok && canon.AddressForm(form) && rest != "" && !strings.ContainsRune(rest, ' ') {
			if surnames == nil {
				surnames = map[string]bool{}
			}
			surnames[rest] = true
		}
	}
	if surnames == nil {
		return
	}
	for i := range ents {
		e := &ents[i]
		if e.Type == "PER" {
			continue
		}
		first, last, two := strings.Cut(e.Text, " ")
		switch {
		case !two && surnames[e.Text]:
			e.Type = "PER"
		case two && e.Type != "MISC" && surnames[last] && !strings.ContainsRune(last, ' ') && isCapitalised(first):
			e.Type = "PER"
		}
	}
}

// propagate tags the mentions the model missed of names it found elsewhere in the same text (one
// sense per discourse): the same capitalised token sequence gets the same type, and a person's
// surname alone ("Bazoum" after "Mohamed Bazoum") is that person. It only fills gaps; it never
// changes an entity the model found.
func propagate(text string, toks []ner.Token, ents []pipeline.Entity, web [][2]int) []pipeline.Entity {
	if len(ents) == 0 {
		return ents
	}
	known := make(map[string]string, len(ents))
	// A one-word name the text also writes in lower case is a common word some line capitalised
	// ("Holly The leaves…" tagged a person would make every "The" one), so it is not spread. The
	// test reads the text, so it is made only for the words that would be spread.
	var common map[string]bool
	isCommon := func(w string) bool {
		c, ok := common[w]
		if !ok {
			if common == nil {
				common = map[string]bool{}
			}
			c = canon.WrittenInLowerCase(text, w)
			common[w] = c
		}
		return c
	}
	for _, e := range ents {
		if _, ok := known[e.Text]; !ok && isCapitalised(e.Text) {
			known[e.Text] = e.Type
		}
		if e.Type == "PER" {
			if i := strings.LastIndexByte(e.Text, ' '); i > 0 {
				last := e.Text[i+1:]
				if _, ok := known[last]; !ok && isCapitalised(last) && utf8.RuneCountInString(last) >= 3 {
					known[last] = "PER"
				}
			}
		}
	}
	var added []pipeline.Entity
	k := 0 // first entity not ending before token i
	for i := 0; i < len(toks); i++ {
		for k < len(ents) && ents[k].End <= toks[i].Start {
			k++
		}
		if k < len(ents) && ents[k].Start < toks[i].End || !isCapitalised(toks[i].Text) || inWeb(web, toks[i]) {
			continue
		}
		best := -1
		for j := i; j < len(toks) && j-i < maxPropagate; j++ {
			if k < len(ents) && ents[k].Start < toks[j].End || j > i && inWeb(web, toks[j]) {
				break // would overlap an entity or an address
			}
			if j > i && toks[j].Byte != toks[j-1].ByteEnd && text[toks[j-1].ByteEnd:toks[j].Byte] != " " {
				break // names do not span line breaks or odd spacing
			}
			if w := text[toks[i].Byte:toks[j].ByteEnd]; known[w] != "" && (strings.ContainsRune(w, ' ') || !isCommon(w)) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		surface := text[toks[i].Byte:toks[best].ByteEnd]
		added = append(added, pipeline.Entity{Text: surface, Type: known[surface], Start: toks[i].Start, End: toks[best].End, Canonical: surface})
		i = best
	}
	return mergeByStart(ents, added)
}

// beforeDate returns where the span sent[a:b] ends once a date expression that starts inside it,
// after its first token, with the name of a day or a month, and runs to its end or beyond is cut
// off: b when there is none. Other dates may be part of a name: "Medical News Today".
func beforeDate(sent []ner.Token, a, b int, dates []pipeline.Date) int {
	if len(dates) == 0 {
		return b
	}
	k, _ := slices.BinarySearchFunc(dates, sent[a].End, func(d pipeline.Date, start int) int { return cmp.Compare(d.Start, start) })
	for ; k < len(dates) && dates[k].Start < sent[b-1].End; k++ {
		if dates[k].End < sent[b-1].End {
			continue
		}
		for i := a + 1; i < b; i++ {
			if sent[i].Start == dates[k].Start && dayOrMonth[strings.ToLower(sent[i].Text)] {
				return i
			}
		}
	}
	return b
}

// dayOrMonth are the English names of days and months, which a name may run into.
var dayOrMonth = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
}

// daysMonthsFR are the French names of days and months and their abbreviations, which a calendar
// or an archive list may capitalise.
var daysMonthsFR = map[string]bool{
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"janvier": true, "février": true, "mars": true, "avril": true, "mai": true, "juin": true, "juillet": true,
	"août": true, "septembre": true, "octobre": true, "novembre": true, "décembre": true,
	"janv": true, "févr": true, "avr": true, "juil": true, "déc": true,
}

// calendarWord says whether w is one word naming a day or a month, in English or French ("Sept",
// "Sept.", "mardi").
func calendarWord(w string) bool {
	w = strings.ToLower(strings.TrimSuffix(w, "."))
	return dayOrMonth[w] || daysMonthsFR[w]
}

// onlyDaysOrMonths says whether every word of toks is the name of a day or a month, in English or
// French (dots and commas between them allowed).
func onlyDaysOrMonths(toks []ner.Token) bool {
	words := 0
	for _, t := range toks {
		if t.Text == "." || t.Text == "," {
			continue
		}
		w := strings.ToLower(t.Text)
		if !dayOrMonth[w] && !daysMonthsFR[w] {
			return false
		}
		words++
	}
	return words > 1
}

// definedAcronyms tags the acronyms the text defines in parentheses next to a name the model found,
// where the model left them untagged: "État islamique (EI)", "the Associated Press (AP)", and
// the other way round, "l'EI (État islamique)". A definition is the surest sign that a short
// capital form is a name, and two-letter ones are those the model misses most. The acronym takes
// the name's type; propagate then tags its other mentions, and canon
// gives them all the name's canonical. Only the initials of the name's words count ("Niger (NE)"
// defines nothing).
func definedAcronyms(toks []ner.Token, ents []pipeline.Entity) []pipeline.Entity {
	if len(ents) == 0 {
		return ents
	}
	var added []pipeline.Entity
	k := 0 // first entity not ending before token i
	for i := 1; i+2 < len(toks); i++ {
		if toks[i].Text != "(" {
			continue
		}
		for k < len(ents) && ents[k].End <= toks[i-1].Start {
			k++
		}
		// The entity that ends right before "(", if any, and the one after it.
		var before, after *pipeline.Entity
		if k < len(ents) && ents[k].End == toks[i-1].End {
			before = &ents[k]
		}
		for j := k; j < len(ents) && ents[j].Start <= toks[i+1].Start; j++ {
			if ents[j].Start == toks[i+1].Start {
				after = &ents[j]
			}
		}
		switch {
		case before != nil && after == nil && toks[i+2].Text == ")" && canon.Abbreviates(toks[i+1].Text, before.Text):
			t := toks[i+1]
			added = append(added, pipeline.Entity{Text: t.Text, Type: before.Type, Start: t.Start, End: t.End, Canonical: t.Text})
		case after != nil && (k == len(ents) || ents[k].Start >= toks[i-1].End) && canon.Abbreviates(toks[i-1].Text, after.Text):
			j := i + 1
			for j < len(toks) && toks[j].Start < after.End {
				j++
			}
			if j < len(toks) && toks[j].Text == ")" {
				t := toks[i-1]
				added = append(added, pipeline.Entity{Text: t.Text, Type: after.Type, Start: t.Start, End: t.End, Canonical: t.Text})
			}
		}
	}
	return mergeByStart(ents, added)
}

// replaceInside puts each span of over (in text order) in place of the entities that lie inside it
// ("Santé" LOC in "ministère de la Santé"), unless one of them reaches beyond it: the model's longer
// name stands.
func replaceInside(ents, over []pipeline.Entity) []pipeline.Entity {
	if len(over) == 0 {
		return ents
	}
	out := make([]pipeline.Entity, 0, len(ents)+len(over))
	k := 0
	for _, s := range over {
		j := k
		for j < len(ents) && ents[j].End <= s.Start {
			j++
		}
		out = append(out, ents[k:j]...)
		k = j
		for j < len(ents) && ents[j].Start >= s.Start && ents[j].End <= s.End {
			j++
		}
		if j < len(ents) && ents[j].Start < s.End {
			continue // an entity reaches beyond s: keep the model's
		}
		out = append(out, s)
		k = j
	}
	return append(out, ents[k:]...)
}

// mergeByStart merges two lists of entities in text order that do not overlap each other into one.
func mergeByStart(ents, added []pipeline.Entity) []pipeline.Entity {
	if len(added) == 0 {
		return ents
	}
	out := make([]pipeline.Entity, 0, len(ents)+len(added))
	a, b := 0, 0
	for a < len(ents) || b < len(added) {
		if b == len(added) || a < len(ents) && ents[a].Start < added[b].Start {
			out = append(out, ents[a])
			a++
		} else {
			out = append(out, added[b])
			b++
		}
	}
	return out
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// knownNames fits the model's spans to the known multi-word names of the text (canon's countries
// and curated aliases): where the model found one or more names inside a known one and none that
// reach beyond it, they become the known name, with its type. The model splits a long name at a
// word that is a name of its own ("Alliance des États" ORG + "Sahel" LOC for "Alliance des États
// du Sahel") or keeps only that word ("Russie" in "Fédération de Russie"). Where the model found
// nothing, nothing is added: a known name written in a sentence that uses it otherwise ("nations
// unies" in lower case is filtered by the scan; a capitalised heading is the model's to judge).
func knownNames(ents, known []pipeline.Entity) []pipeline.Entity {
	if len(known) == 0 || len(ents) == 0 {
		return ents
	}
	out := ents[:0:0]
	i := 0
	for _, k := range known {
		for i < len(ents) && ents[i].End <= k.Start {
			out = append(out, ents[i])
			i++
		}
		j := i
		for j < len(ents) && ents[j].Start < k.End {
			j++
		}
		// ents[i:j] overlap k.
		if j == i || ents[i].Start < k.Start || ents[j-1].End > k.End {
			continue
		}
		if j-i == 1 && ents[i].Start == k.Start && ents[i].End == k.End {
			continue // the model has it already, with its own type
		}
		e := k
		e.Canonical = e.Text
		out = append(out, e)
		i = j
	}
	return append(out, ents[i:]...)
}

// mergeDemonyms adds the gazetteer's demonym mentions that overlap no entity the model found (the
// model wins where it found something; where it said O, the gazetteer fills in), keeping text order.
// One exception: when the model's entity is exactly a demonym ("Russes" tagged LOC, "Chinese"
// tagged LOC), the demonym reading wins, since a nationality word alone is MISC by the guidelines.
func mergeDemonyms(model, dem []pipeline.Entity) []pipeline.Entity {
	if len(dem) == 0 {
		return model
	}
	out := make([]pipeline.Entity, 0, len(model)+len(dem))
	i, j := 0, 0
	for i < len(model) || j < len(dem) {
		switch {
		case j == len(dem) || (i < len(model) && model[i].Start <= dem[j].Start):
			e := model[i]
			i++
			if j < len(dem) && dem[j].Start == e.Start && dem[j].End == e.End {
				e = dem[j]
				j++
			}
			out = append(out, e)
		default:
			e := dem[j]
			j++
			overlap := false
			for _, m := range model {
				if m.Start < e.End && e.Start < m.End {
					overlap = true
					break
				}
				if m.Start >= e.End {
					break
				}
			}
			if !overlap {
				out = append(out, e)
			}
		}
	}
	return out
}

// addMissed adds the mentions of extra (in text order) that overlap no entity of ents: names the
// tables know in a shape no common word has ("selon BFMTV", "How much is macOS worth to you?"),
// which the model missed.
func addMissed(ents, extra []pipeline.Entity) []pipeline.Entity {
	var add []pipeline.Entity
	j := 0
	for _, e := range extra {
		for j < len(ents) && ents[j].End <= e.Start {
			j++
		}
		if j < len(ents) && ents[j].Start < e.End {
			continue // overlaps ents[j]
		}
		e.Canonical = e.Text
		add = append(add, e)
	}
	return mergeByStart(ents, add)
}

// Stop words that are frequent in one language and rare in the other; a tie goes to French, the
// larger share of the project's sources.
var (
	stopFR = map[string]bool{"le": true, "la": true, "les": true, "des": true, "du": true, "et": true,
		"est": true, "une": true, "dans": true, "pour": true, "qui": true, "que": true, "sur": true,
		"au": true, "aux": true, "pas": true, "par": true, "avec": true, "il": true, "elle": true, "ont": true,
		"sont": true, "été": true, "l'": true, "d'": true, "l’": true, "d’": true, "ce": true, "cette": true}
	stopEN = map[string]bool{"the": true, "of": true, "and": true, "to": true, "is": true, "was": true,
		"for": true, "that": true, "with": true, "by": true, "as": true, "at": true, "from": true,
		"it": true, "are": true, "be": true, "has": true, "have": true, "were": true, "which": true,
		"this": true, "his": true, "her": true, "their": true, "said": true, "its": true, "an": true}
)

// guessLang votes over at most the first 2,000 words; it is cheap and only used when no language
// was detected or hinted.
func (r *Recognizer) guessLang(text string) string {
	fr, en := 0, 0
	n := 0
	for len(text) > 0 && n < 2000 {
		i := strings.IndexFunc(text, isWordStart)
		if i < 0 {
			break
		}
		text = text[i:]
		j := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' })
		if j < 0 {
			j = len(text)
		}
		if j == 0 {
			_, w := utf8.DecodeRuneInString(text)
			text = text[w:]
			continue
		}
		w := strings.ToLower(text[:j])
		text = text[j:]
		n++
		if stopFR[w] || (len(w) > 2 && (strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "d'") || strings.HasPrefix(w, "l’") || strings.HasPrefix(w, "d’"))) {
			fr++
		}
		if stopEN[w] {
			en++
		}
	}
	lang := "fr"
	if en > fr {
		lang = "en"
	}
	if r.models[lang] == nil {
		for _, l := range Languages {
			if r.models[l] != nil {
				return l
			}
		}
		for l := range r.models {
			return l
		}
	}
	return lang
}

func isWordStart(r rune) bool { return unicode.IsLetter(r) }
