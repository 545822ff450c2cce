// Package dates is the date stage: it finds the date expressions of a French or English article
// ("vendredi 3 mai 2024", "le 13 avril", "fin mars", "depuis 2020", "la semaine passée", "in
// mid-April", "on Friday (May 3)", "03/05/2024") and gives each its normalised value at its grain,
// resolved against the article's anchor (its publication date), following
// shared/data/dates/CONVENTIONS.md.
//
// The anchor is the input's publication date when there is one, else a publication stamp found in
// the page ("Publié le 3 mai 2024 à 10h15", "Published May 3, 2024", a dateline), in the text or in
// the boilerplate the previous stage removed, else the latest full date of the article. Year-less
// dates and bare weekdays lean to the past by default (news reports what happened); Future is
// Duckling's forward-leaning setting, for scoring against its corpus.
//
// The grammar is hand-written: a tokenizer, word tables per language (lexicon.go, phrases.go) and
// small matching rules (parse.go). Tense is read only where it settles the year of a year-less date
// that the closest-year rule would put on the wrong side of the anchor (tense.go). It does not
// output clock times that have no date, durations ("pendant trois jours"), ages or vague references
// ("depuis des années"), and it knows only the holidays listed in holidays.go.
package dates

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

// Bias says which way year-less dates and bare weekdays lean.
type Bias int

const (
	// Past is the news setting: "jeudi" is the latest Thursday on or before the anchor, "le 13
	// avril" the 13 April closest to it.
	Past Bias = iota
	// Future is Duckling's setting: "lundi" is the next Monday, "31 octobre" the next 31 October.
	Future
)

// ParseBias reads "past" or "future".
func ParseBias(s string) (Bias, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "past", "":
		return Past, nil
	case "future":
		return Future, nil
	}
	return Past, fmt.Errorf("date bias %q: want past or future", s)
}

func (b Bias) String() string {
	if b == Future {
		return "future"
	}
	return "past"
}

// Options configures the normalizer. The zero value is the news setting.
type Options struct {
	Bias Bias
}

// Normalizer is the dates stage. It is read-only after New and safe for concurrent use.
type Normalizer struct {
	bias                       Bias
	wordsFR, wordsEN, wordsAny wordTable
	pool                       sync.Pool
}

// MaxTextBytes bounds the text the stage reads; longer documents are cut there and flagged, so one
// huge page cannot stall a worker.
const MaxTextBytes = 4 << 20

type scratch struct {
	toks  []token
	fold  []byte
	spans []foldSpan
	p     parser
}

// New builds the stage; the word tables are built once per process.
func New(opts Options) (*Normalizer, error) {
	if opts.Bias != Past && opts.Bias != Future {
		return nil, fmt.Errorf("dates: unknown bias %d", opts.Bias)
	}
	loadLexicons()
	n := &Normalizer{
		bias:     opts.Bias,
		wordsFR:  buildWords(lexFR, buildPhrases(frPhrases)),
		wordsEN:  buildWords(lexEN, buildPhrases(enPhrases)),
		wordsAny: buildWords(lexAny, buildPhrases(append(append([]phrase{}, frPhrases...), enPhrases...))),
	}
	n.pool.New = func() any { return &scratch{} }
	return n, nil
}

// Name implements pipeline.Stage.
func (n *Normalizer) Name() string { return "dates" }

// Process implements pipeline.Stage.
func (n *Normalizer) Process(ctx context.Context, d *pipeline.Doc) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("dates: %w", err)
	}
	text := d.Text
	if len(text) > MaxTextBytes {
		text = text[:MaxTextBytes]
		for len(text) > 0 && !utf8.RuneStart(text[len(text)-1]) {
			text = text[:len(text)-1]
		}
		d.AddFlag("dates_text_truncated")
	}
	lang := d.LangOrHint()
	sc := n.pool.Get().(*scratch)
	defer n.pool.Put(sc)

	exprs := n.parse(sc, text, lang)
	anchor := n.findAnchor(sc, d, text, exprs, lang)
	d.Anchor = &pipeline.Anchor{Date: anchor.date, Source: anchor.source}
	if anchor.setPublished && d.Published == nil {
		v := anchor.date
		d.Published = &v
		d.PublishedSource = "page"
	}
	if d.HasFlag(pipeline.FlagOtherLanguage) {
		// The anchor stays: a page's own date stamp is worth having in any language.
		d.Dates = d.Dates[:0]
		return nil
	}
	r := resolver{ref: anchor.ref, hasRef: anchor.ok, bias: n.bias, lang: lang}
	if lang == "" {
		r.lang = guessLang(sc.toks)
	}
	d.Dates = d.Dates[:0]
	toks := sc.toks
	for i := range exprs {
		e := exprs[i]
		r.clause = clause{p: &sc.p, ts: e.ts, te: e.te}
		v, ok := r.resolve(e)
		if !ok || !inRange(v) {
			continue
		}
		r.remember(v)
		r.noteNamed(e)
		start, end := toks[e.ts].rs, toks[e.te-1].re
		out := pipeline.Date{
			Text:  text[toks[e.ts].bs:toks[e.te-1].be],
			Start: start,
			End:   end,
		}
		fill(&out, v, anchor)
		if v.approx {
			out.Flags = append(out.Flags, "holiday_approx")
		}
		if v.mismatch {
			out.Flags = append(out.Flags, "weekday_mismatch")
			d.AddFlag("weekday_mismatch")
		}
		d.Dates = append(d.Dates, out)
	}
	if d.Dates == nil {
		d.Dates = []pipeline.Date{}
	}
	return nil
}

// parse tokenizes text and reads its expressions; the result lives in sc until the next call.
func (n *Normalizer) parse(sc *scratch, text, lang string) []expr {
	sc.toks, sc.fold, sc.spans = tokenize(text, sc.toks, sc.fold, sc.spans)
	p := &sc.p
	*p = parser{text: text, toks: sc.toks, lang: lang, out: p.out[:0]}
	switch lang {
	case "fr":
		p.words, p.dmy = n.wordsFR, true
	case "en":
		p.words, p.dmy = n.wordsEN, false
	default:
		p.words = n.wordsAny
		p.dmy = guessLang(sc.toks) != "en"
	}
	p.annotate()
	p.parseAll()
	n.contextWeekdays(p)
	return p.out
}

// contextWeekdays applies what an offset phrase says about the date right after it: a bare weekday
// ("Deux jours plus tard, vendredi") is that many days after the previous date, and an explicit
// date ("a few days later, on April 1, 2003") needs no help. In both cases the offset phrase is not
// a date of its own.
func (n *Normalizer) contextWeekdays(p *parser) {
	out := p.out[:0]
	for i := 0; i < len(p.out); i++ {
		e := p.out[i]
		if e.kind == kCtxDay && e.u == uDay && i+1 < len(p.out) {
			w := p.out[i+1]
			gap := w.ts - e.te
			if w.kind == kCal && w.wd != 0 && w.d == 0 && w.m == 0 && w.wdMark == mNone && !w.hasWk &&
				gap <= 1 && (gap == 0 || p.isP(e.te, ",")) {
				w.ctxWd, w.ctxOffset = true, e.n
				out = append(out, w)
				i++
				continue
			}
		}
		if e.kind == kCtxDay && len(e.sub) == 0 && i+1 < len(p.out) {
			// "a few days later, on April 1, 2003": the date that follows says when
			w := p.out[i+1]
			if w.kind == kCal && w.d != 0 && w.m != 0 && w.ts-e.te <= 1 && (w.ts == e.te || p.isP(e.te, ",")) {
				continue
			}
		}
		if e.kind == kCal && e.wd != 0 && e.d == 0 && e.m == 0 && len(out) > 0 {
			// "on Dec. 18, a Wednesday": the weekday names the date before it
			if prev := &out[len(out)-1]; prev.kind == kCal && prev.d != 0 && e.ts == prev.te+2 &&
				p.isP(prev.te, ",") && p.isW(prev.te+1, "a", "an", "un") {
				if prev.wd == 0 {
					prev.wd = e.wd
				}
				continue
			}
		}
		out = append(out, e)
	}
	p.out = out
}

// guessLang picks fr or en from function words, for numeric day/month order when no language is known.
func guessLang(toks []token) string {
	fr, en := 0, 0
	for i := range toks {
		switch toks[i].low {
		case "le", "la", "les", "des", "du", "et", "est", "une", "dans":
			fr++
		case "the", "of", "and", "is", "was", "in", "to":
			en++
		}
	}
	if en > fr {
		return "en"
	}
	return "fr"
}

// inRange keeps values whose years ISO 8601 writes with four digits ("dans 9999 ans" is not one).
func inRange(v res) bool {
	for _, z := range []day{v.from, v.to} {
		if y, _, _ := z.civil(); y < -9999 || y > 9999 {
			return false
		}
	}
	return true
}

// fill writes a resolved value into the record's shape.
func fill(out *pipeline.Date, v res, a anchorInfo) {
	g := v.g
	if v.hasTime {
		g = gHour
		if v.minG {
			g = gMinute
		}
		out.Value = formatTime(v, a)
		out.Grain = g.String()
		return
	}
	out.Grain = g.String()
	switch {
	case v.point && v.open == prNone:
		out.Value = formatAt(v.from, g)
	case v.open == prSince:
		out.From, out.Open = formatAt(v.from, g), "after"
	case v.open == prUntil:
		out.To, out.Open = formatAt(v.from, g), "before"
	default:
		out.From, out.To = formatAt(v.from, g), formatAt(v.to, g)
	}
}

// formatAt writes a value at its grain; a week is its Monday and a quarter its first day.
func formatAt(z day, g grain) string {
	switch g {
	case gWeek, gQuarter, gDay, gHour, gMinute:
		return format(z, gDay)
	}
	return format(z, g)
}

// formatTime writes a date with its clock time, in the anchor's offset when it has one.
func formatTime(v res, a anchorInfo) string {
	z := v.from
	h, m := v.hour, v.min
	if v.hasTZ && a.hasOffset {
		mins := h*60 + m + (a.offsetMin - v.tzMin)
		for mins < 0 {
			mins += 24 * 60
			z--
		}
		for mins >= 24*60 {
			mins -= 24 * 60
			z++
		}
		h, m = mins/60, mins%60
	}
	b := []byte(format(z, gDay))
	b = append(b, 'T')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, m)
	if a.hasOffset {
		b = append(b, a.offset...)
	}
	return string(b)
}
