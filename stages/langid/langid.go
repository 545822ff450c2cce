// Package langid is the language-identification stage: it says whether a document is French,
// English, or neither ("und"), with a calibrated confidence, the reason when it cannot tell, and the
// share of each language on pages that mix them.
//
// It scores text against seven languages at once — French and English, which the pipeline serves,
// and German, Spanish, Italian, Dutch and Portuguese, the neighbours whose text a French/English
// detector would otherwise swallow — with lingua-go's character n-gram models merged into one
// compact table. Short texts (under 120 letters) also get a character Markov score over the same
// table, the frequency rank of their words and a word lexicon, because single words and word
// pairs are where n-grams alone go wrong. Documents are scored paragraph by paragraph; the input's
// language hint only shifts the odds. Sources and licences of the embedded data: model/NOTICE;
// measured accuracy and calibration: README.md.
//
// It does not name languages outside the seven: Polish or Swedish text comes out as und with the
// nearest of the five neighbours as the reason, and text in another script as "other script".
package langid

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/depeche-news/depeche/pipeline"
)

// Options configures an Identifier. Zero values mean the documented defaults.
type Options struct {
	// MinLetters is the fewest letters a text needs for a verdict; below it the answer is und with
	// reason "too short". Default 4: lingua's single-word test items have at least five letters,
	// and three letters ("les", "the", "die") are already ambiguous across the seven languages.
	MinLetters int
	// MaxLetters bounds the letters scored per document, so a huge page costs bounded time; the rest
	// is not looked at. Default 100,000.
	MaxLetters int
	// MinShare is the smallest share of letters a language must cover to be listed in LangShares
	// (the list is given only when two or more languages reach it). Default 0.05.
	MinShare float64
	// HintWeight is the log-odds added to the language the input's hint names. The hint is a prior:
	// it settles short, ambiguous text but cannot overturn clear evidence. Default ln 4 (the hint is
	// taken to be right four times out of five); negative disables it.
	HintWeight float64
}

func (o *Options) setDefaults() {
	if o.MinLetters <= 0 {
		o.MinLetters = 4
	}
	if o.MaxLetters <= 0 {
		o.MaxLetters = 100_000
	}
	if o.MinShare <= 0 {
		o.MinShare = 0.05
	}
	if o.HintWeight == 0 {
		o.HintWeight = math.Log(4)
	}
	if o.HintWeight < 0 {
		o.HintWeight = 0
	}
}

// Validate reports options that cannot work.
func (o Options) Validate() error {
	if o.MinLetters < 0 || o.MaxLetters < 0 {
		return errors.New("langid: MinLetters and MaxLetters must not be negative")
	}
	if o.MinShare < 0 || o.MinShare >= 1 {
		return fmt.Errorf("langid: MinShare %v not in [0, 1)", o.MinShare)
	}
	if o.MaxLetters > 0 && o.MinLetters > o.MaxLetters {
		return errors.New("langid: MinLetters exceeds MaxLetters")
	}
	return nil
}

// Identifier is the langid stage. It is safe for concurrent use.
type Identifier struct {
	opts  Options
	table *table
	freq  wordFreq
	lex   *lexicon
	pool  sync.Pool
	// w holds the scoring weights; a field so that the evaluation can vary them.
	w weights
	// StartUp is how long New took to load the models.
	StartUp time.Duration
}

// The tables are mapped in place and the frequency map built once per process, shared by every
// Identifier.
var (
	loadOnce   sync.Once
	loadedTab  *table
	loadedFreq wordFreq
	loadedLex  *lexicon
	loadErr    error
)

// New returns an Identifier with the models ready (about 20 ms, once per process), so that the
// first document is as fast as the others.
func New(opts Options) (*Identifier, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts.setDefaults()
	start := time.Now()
	loadOnce.Do(func() {
		var errTab, errLex, errFreq error
		loadedTab, errTab = loadTable(modelData)
		loadedLex, errLex = loadLexicon(lexiconData)
		loadedFreq, errFreq = loadWordFreq()
		loadErr = errors.Join(errTab, errLex, errFreq)
	})
	if loadErr != nil {
		return nil, fmt.Errorf("langid: loading models: %w", loadErr)
	}
	id := &Identifier{opts: opts, table: loadedTab, freq: loadedFreq, lex: loadedLex, w: defaultWeights}
	id.StartUp = time.Since(start)
	id.pool.New = func() any { return new(scratch) }
	return id, nil
}

// Name implements pipeline.Stage.
func (id *Identifier) Name() string { return "langid" }

// Reasons given with und.
const (
	ReasonNoLetters   = "no letters"
	ReasonTooShort    = "too short"
	ReasonOtherScript = "other script"
	ReasonOther       = "other language: " // followed by the closest of de, es, it, nl, pt, or "unknown"
)

// Process implements pipeline.Stage: it sets d.Lang, d.LangConfidence, d.LangReason and, on mixed
// pages, d.LangShares, from d.Title and d.Text, with d.Raw.Lang as a prior.
func (id *Identifier) Process(ctx context.Context, d *pipeline.Doc) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("langid: %w", err)
	}
	hint := -1
	if d.Raw != nil {
		hint = hintIndex(d.Raw.Lang)
	}
	v := id.Identify(d.Title, d.Text, hint)
	d.Lang, d.LangConfidence, d.LangReason, d.LangShares = v.Lang, v.Confidence, v.Reason, v.Shares
	if v.Reason == ReasonOtherScript || strings.HasPrefix(v.Reason, ReasonOther) {
		d.AddFlag(pipeline.FlagOtherLanguage)
	}
	return nil
}

// Verdict is the stage's answer for one document.
type Verdict struct {
	Lang       string               `json:"lang"` // "fr", "en" or "und"
	Confidence float64              `json:"confidence"`
	Reason     string               `json:"reason,omitempty"` // why und
	Shares     []pipeline.LangShare `json:"shares,omitempty"`
}

func hintIndex(s string) int {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fr", "fra", "fre", "french", "fr-fr", "fr-ca", "fr-be", "fr-ch":
		return langFR
	case "en", "eng", "english", "en-us", "en-gb":
		return langEN
	}
	return -1
}

// unit is the verdict on one stretch of text.
type unit struct {
	letters  int
	nonLatin int
	foreign  int
	lang     int     // best language, -1 when nothing was scored
	conf     float64 // probability that lang's group (fr, en, or "neither") is right
}

// Identify is Process without the record: title and text of a document, and the index of the
// hinted language (-1 for none).
func (id *Identifier) Identify(title, text string, hint int) Verdict {
	s := id.pool.Get().(*scratch)
	defer id.pool.Put(s)
	s.units = s.units[:0]
	budget := id.opts.MaxLetters
	// Paragraphs are scored one by one so that a quoted paragraph in another language is seen as
	// such; short lines (bylines, captions) are pooled with the lines after them until the pool has
	// enough letters to say something, and a short last pool joins the one before it.
	chunks := chunkParagraphs(text, s.chunks[:0])
	s.chunks = chunks
	prefix := ""
	if t := strings.TrimSpace(title); t != "" {
		if countLetters(t, minUnitLetters) >= minUnitLetters {
			u := id.classify("", t, hint, s, budget)
			budget -= u.letters
			s.units = append(s.units, u)
		} else {
			prefix = t
		}
	}
	for _, c := range chunks {
		if budget <= 0 {
			break
		}
		u := id.classify(prefix, text[c[0]:c[1]], hint, s, budget)
		prefix = ""
		budget -= u.letters
		s.units = append(s.units, u)
	}
	if prefix != "" {
		s.units = append(s.units, id.classify("", prefix, hint, s, budget))
	}
	return id.decide(s.units)
}

// minUnitLetters is the fewest letters a paragraph needs to be scored on its own.
const minUnitLetters = 40

// chunkParagraphs splits text at newlines into byte ranges of consecutive paragraphs holding at
// least minUnitLetters letters each (the last range may hold fewer when it is the only one).
func chunkParagraphs(text string, out [][2]int) [][2]int {
	start, letters := -1, 0
	pos := 0
	for pos <= len(text) {
		end := strings.IndexByte(text[pos:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += pos
		}
		n := countLetters(text[pos:end], minUnitLetters)
		if n > 0 {
			if start < 0 {
				start = pos
			}
			letters += n
			if letters >= minUnitLetters {
				out = append(out, [2]int{start, end})
				start, letters = -1, 0
			}
		}
		pos = end + 1
	}
	if start >= 0 {
		if len(out) > 0 {
			out[len(out)-1][1] = len(text)
		} else {
			out = append(out, [2]int{start, len(text)})
		}
	}
	return out
}

// countLetters counts the letters of s, stopping once it reaches limit.
func countLetters(s string, limit int) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= limit {
				break
			}
		}
	}
	return n
}

// langUnknown marks a unit in a Latin-script language other than the seven.
const langUnknown = numLangs

// foreignShare is the share of letters outside the seven languages' alphabets from which a text is
// taken to be in another language: Polish and Czech text run at 5–10 %, a French article
// naming Wałęsa twice at well under 1 %.
const foreignShare = 0.03

// longText is where lingua switches from all five n-gram orders to trigrams alone.
const longText = 120

// maxFit is the worst fit (analysis.fit) a long text may have in the language it is given: beyond
// it, none of the seven languages writes it. On lingua's French and English test sentences the fit
// is at most 2.9 and on the 4,700 French and English paragraphs of the 371 web pages of
// ../shared/data/boilerplate at most 3.1 (lists of names, references); Indonesian, which has no
// letter the seven lack, fits English at 3.3 (median of the Debian installation guide's
// sentences) and French at 3.4, and was called English or French.
const maxFit = 3.2

// The Markov chain's back-off penalty and floor (nats), fixed by construction: a missing context
// costs about what a rare continuation does, an unknown letter about what lingua's rarest does.
const (
	chainBackoff = -1.0
	chainFloor   = -14.0
)

// weights are the scoring weights. See README.md for how each was chosen.
type weights struct {
	// chain scales the Markov log-likelihood per letter; ×5 puts it on lingua's scale, which
	// sums five orders.
	chain float64
	// freq weighs the mean ln(freqFloor/rank) of the words (short texts only).
	freq float64
	// lex weighs the share of the words the lexicon knows in each language (short texts only).
	lex float64
	// bias is the log-odds head start French and English get over the five neighbours.
	bias float64
	// temp is the softmax temperature that calibrates the confidence.
	temp float64
}

var defaultWeights = weights{chain: 0.5, freq: 2, lex: 3, bias: -0.2, temp: 2}

// classify scores prefix+text as one unit.
func (id *Identifier) classify(prefix, text string, hint int, s *scratch, budget int) unit {
	a := id.table.analyse(prefix, text, s, budget)
	u := unit{letters: a.letters, nonLatin: a.nonLatin, foreign: a.foreign, lang: -1}
	if a.letters == 0 || a.letters-a.nonLatin < id.opts.MinLetters {
		return u
	}
	// Polish, Czech, Romanian, Turkish, the Nordic languages… write letters that none of the seven
	// does; the n-gram models know nothing of them, so they are caught here. A few such letters
	// are names ("Erdoğan", "Wałęsa") in a French or English text; a language uses them often.
	if float64(a.foreign) >= foreignShare*float64(a.letters) {
		u.lang = langUnknown
		// Uncalibrated (lingua's test set has no such language): each foreign letter is taken to
		// cut the chance that this is one of the seven after all by 40 %.
		u.conf = min(0.99, 1-math.Exp(-float64(a.foreign)/2))
		return u
	}
	var sc [numLangs]float64
	if a.letters >= longText {
		sc = a.score
	} else {
		ll := id.table.chainScore(s, chainBackoff, chainFloor)
		fq, known := id.wordScores(s)
		for l := range numLangs {
			sc[l] = a.score[l] + id.w.chain*maxOrder*ll[l]/float64(a.letters) + id.w.freq*fq[l] + id.w.lex*known[l]
		}
	}
	m := a.allowed & a.scored
	if m == 0 {
		return u
	}
	if a.letters >= longText {
		best := -1
		for l := range numLangs {
			if m.has(l) && (best < 0 || sc[l] > sc[best]) {
				best = l
			}
		}
		if f := a.fit(best); f > maxFit {
			u.lang = langUnknown
			// Uncalibrated, as for foreign letters: no test set has these languages.
			u.conf = min(0.99, 0.5+(f-maxFit))
			return u
		}
	}
	var logit [numLangs]float64
	best := math.Inf(-1)
	for l := range numLangs {
		if !m.has(l) {
			continue
		}
		v := sc[l]
		if l == langFR || l == langEN {
			v += id.w.bias
		}
		logit[l] = v / id.w.temp
		// The hint is a prior on the calibrated posterior, so it goes in after the temperature.
		if l == hint {
			logit[l] += id.opts.HintWeight
		}
		if logit[l] > best {
			best = logit[l]
			u.lang = l
		}
	}
	var p [numLangs]float64
	sum := 0.0
	for l := range numLangs {
		if m.has(l) {
			p[l] = math.Exp(logit[l] - best)
			sum += p[l]
		}
	}
	switch u.lang {
	case langFR, langEN:
		u.conf = p[u.lang] / sum
	default:
		u.conf = 1 - (p[langFR]+p[langEN])/sum
	}
	return u
}

// decide turns the units of a document into its verdict: the language holding most letters wins,
// and the others are reported as shares.
func (id *Identifier) decide(units []unit) Verdict {
	letters, nonLatin := 0, 0
	var by [numLangs + 1]int
	var confBy [numLangs + 1]float64
	decided := 0
	for _, u := range units {
		letters += u.letters
		nonLatin += u.nonLatin
		if u.lang >= 0 {
			by[u.lang] += u.letters
			confBy[u.lang] += u.conf * float64(u.letters)
			decided += u.letters
		}
	}
	switch {
	case letters == 0:
		return Verdict{Lang: "und", Reason: ReasonNoLetters}
	case 2*nonLatin > letters:
		return Verdict{Lang: "und", Confidence: float64(nonLatin) / float64(letters), Reason: ReasonOtherScript}
	case decided == 0:
		return Verdict{Lang: "und", Reason: ReasonTooShort}
	}
	// French and English are compared with the neighbours pooled: a page half Spanish, half
	// Italian is still neither French nor English.
	other := decided - by[langFR] - by[langEN]
	win := langFR
	if by[langEN] > by[langFR] {
		win = langEN
	}
	v := Verdict{}
	if other > by[win] {
		best := langDE
		for l := langDE; l <= langUnknown; l++ {
			if by[l] > by[best] {
				best = l
			}
		}
		oc := 0.0
		for l := langDE; l <= langUnknown; l++ {
			oc += confBy[l]
		}
		name := "unknown"
		if best < numLangs {
			name = langCodes[best]
		}
		v = Verdict{Lang: "und", Confidence: oc / float64(other), Reason: ReasonOther + name}
	} else {
		v = Verdict{Lang: langCodes[win], Confidence: confBy[win] / float64(by[win])}
	}
	v.Confidence = math.Round(v.Confidence*1e4) / 1e4
	for l := range numLangs + 1 {
		if sh := float64(by[l]) / float64(decided); by[l] > 0 && sh >= id.opts.MinShare {
			code := "und"
			if l < numLangs {
				code = langCodes[l]
			}
			v.Shares = append(v.Shares, pipeline.LangShare{Lang: code, Share: math.Round(sh*1e4) / 1e4})
		}
	}
	if len(v.Shares) < 2 {
		v.Shares = nil
	}
	sort.SliceStable(v.Shares, func(i, j int) bool { return v.Shares[i].Share > v.Shares[j].Share })
	return v
}
