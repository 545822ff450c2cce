package boilerplate

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// mode says how much main-content selection the classifier does.
type mode uint8

const (
	// modeText is a naive rendering of a whole page: menus, rails and footers included. The
	// classifier finds the article's region and keeps only what lies in it.
	modeText mode = iota
	// modeExtracted is the output of an HTML main-content extractor: the region is already
	// chosen, only chrome that slipped into it is removed.
	modeExtracted
)

// Kinds of removed blocks that the classifier itself assigns (the others come from the lexicon).
const (
	kindNavigation    = "navigation"
	kindRelated       = "related"
	kindComment       = "comment"
	kindByline        = "byline"
	kindAuthorBio     = "author-bio"
	kindCredit        = "credit"
	kindCaption       = "caption"
	kindDateline      = "dateline"
	kindDuplicate     = "duplicate-title"
	kindTags          = "tags"
	kindFooter        = "footer"
	kindTemplate      = "template"
	kindOutsideBefore = kindNavigation
)

// page is the classifier's working set for one document.
type page struct {
	lines []line
	// latin reports that the page's running text is French or English (or close enough for the
	// stop lists to count); otherwise the length and punctuation cues carry the decision alone.
	latin bool
	title int // index of the headline, -1 if none
}

// classify decides every line of p. It only sets line.kind ("" = content) and p.title.
func (s *Stripper) classify(p *page, m mode, givenTitle, host string) {
	ls := p.lines
	p.title = -1
	if len(ls) == 0 {
		return
	}
	p.latin = pageIsLatin(ls)

	// 1. The line on its own: lexicon and shape.
	for i := range ls {
		l := &ls[i]
		e, ok := s.lex.lookup(l.folded, l.words, l.endsSentence(), l.phrase)
		if !ok {
			e, ok = s.labelled(l)
		}
		if !ok && taggedLinks(l.text) {
			e, ok = entry{kind: kindRelated, mode: matchExact}, true
		}
		if ok {
			l.lexKind, l.lexMode = e.kind, e.mode
		}
		l.strong = isStrong(l, p.latin)
		if l.lexMode == matchPrefix && l.strong && l.words > 6 && !noticeKinds[l.lexKind] && l.phrase {
			// The prefix does not decide a sentence; a call to action inside it still does.
			if e, ok := s.lex.lookupContains(l.folded, l.words); ok {
				l.lexKind, l.lexMode = e.kind, e.mode
			}
		}
		l.kind = shapeKind(l, m)
	}

	// 2. Context: rails of teasers under a heading, comment sections, tag lists; lines the page
	// repeats (menus and teaser lists show the same headlines twice, articles do not).
	if m == modeText {
		markRepeats(ls)
	}
	applyRails(ls, m)
	markCaptions(ls, -1)
	if s.templates != nil {
		s.templates.apply(host, p)
	}

	// 3. Region of the article.
	lo, hi := 0, len(ls)
	if m == modeText {
		lo, hi = region(ls, p.latin, false)
	}

	// 4. Headline.
	p.title = findTitle(ls, lo, givenTitle)
	if m == modeExtracted && !s.opts.HTMLTitleInText && givenTitle != "" {
		// The headline lives in Doc.Title. A body line that is the headline run into the
		// standfirst ("Title There are more…", an extractor artefact) goes; a line that is the
		// headline alone stays, since the page's body shows it.
		g := string(foldLine(nil, givenTitle))
		for i := range ls {
			if f := ls[i].folded; len(g) >= 20 && ls[i].words < 60 && strings.HasPrefix(f, g+" ") {
				ls[i].kind = kindDuplicate
			}
		}
		p.title = -1
	}

	// A list the article's last paragraph introduces ("… tour dates:") ends the article: its
	// short items count against the region but belong to it.
	if m == modeText && hi > lo && hi < len(ls) && ls[hi].kind == "" && ls[hi].end == ':' && ls[hi].words <= 30 {
		j := hi + 1
		for j < len(ls) && ls[j].kind == "" && !ls[j].repeated && !ls[j].strong && ls[j].words <= 25 {
			j++
		}
		if j-hi > 2 {
			hi = j
		}
	}

	// The standfirst sits between the headline and the article's header stamps (byline, date),
	// so the region, which starts at the body, leaves it out: a paragraph there is kept.
	standfirst := -1
	if m == modeText && p.title >= 0 && p.title < lo && lo-p.title <= 12 {
		for i := p.title + 1; i < lo; i++ {
			if ls[i].kind == "" && ls[i].strong && ls[i].end != 'e' {
				standfirst = i
				break
			}
		}
	}

	for i := range ls {
		l := &ls[i]
		if i == p.title {
			l.kind = ""
			continue
		}
		if l.kind != "" || i == standfirst {
			continue
		}
		if i < lo || i >= hi {
			switch {
			case i < lo:
				l.kind = kindOutsideBefore
			case l.words >= 4 && !l.strong:
				l.kind = kindRelated
			default:
				l.kind = kindFooter
			}
		}
	}

	// An author box just after the article: a name, then a short bio.
	if hi < len(ls) && hi > lo && isNameLine(&ls[hi]) && ls[hi].lexKind == "" && !ls[hi].inRail && (ls[hi].kind == kindFooter || ls[hi].kind == kindRelated) {
		ls[hi].kind = kindByline
		for j := hi + 1; j < len(ls) && j <= hi+2 && ls[j].lexKind == "" && !ls[j].inRail && ls[j].words <= 60 && (ls[j].kind == kindFooter || ls[j].kind == kindRelated); j++ {
			ls[j].kind = kindAuthorBio
		}
	}

	// A link or address the article introduces ("… une boîte mail dédiée :") is the article's.
	for i := lo + 1; i < hi; i++ {
		l := &ls[i]
		if ls[i-1].kind == "" && ls[i-1].end == ':' && l.lexKind == "" && l.words <= 8 && (l.linkish || isContact(l.text)) {
			l.kind = ""
		}
	}

	// 5. Finer context inside the article.
	if m == modeText {
		// An extractor has already dropped menus and teaser lists; runs of short lines left in
		// its output are the article's own lists.
		markMenus(ls, p.title)
		markTeaserRuns(ls, p.title)
	} else {
		markTailHeadlines(ls, p.title)
	}
	markAuthorBox(ls, p.title, m)
	markSelfBio(ls, p.title)
	markDuplicates(ls, p.title)
}

// markSelfBio marks an author's bio written as one paragraph, name included, among the last
// lines of the article ("Will Knight is a senior writer for WIRED, covering artificial
// intelligence. He was previously…"), and the short lines after it ("Senior Writer", "Featured
// Video"): the article has ended. A line further up, or one followed by more paragraphs, is the
// article's own ("Smith is a reporter who covered the trial" may be news).
func markSelfBio(ls []line, title int) {
	last := lastContent(ls)
	for i := last; i >= 0 && i > last-4; i-- {
		l := &ls[i]
		if l.kind != "" || i == title || !isSelfBio(l) {
			continue
		}
		if articleWordsBefore(ls, i) < 80 {
			return
		}
		for j := i + 1; j <= last; j++ {
			if ls[j].kind == "" && ls[j].words > 12 {
				return
			}
		}
		l.kind = kindAuthorBio
		markContent(ls, i+1, last, kindAuthorBio)
		return
	}
}

// bioVerbs follow the name that opens a self-contained bio (folded forms).
var bioVerbs = []string{"is a ", "is an ", "is the ", "has been a ", "has written for ", "writes for ", "writes about ",
	"covers ", "est un ", "est une ", "est journaliste ", "est redacteur ", "est redactrice ", "ecrit pour "}

// bioRoles are the trades a journalist's bio names (folded, as whole words): narrower than
// bioWords, which also take "is a" and "based in" once a name line has said whose box it is.
var bioRoles = []string{" writer ", " reporter ", " editor ", " correspondent ", " journalist ", " columnist ",
	" contributor ", " author ", " covers ", " covering ", " journaliste ", " redacteur ", " redactrice ",
	" correspondant ", " correspondante ", " chroniqueur ", " chroniqueuse ", " pigiste "}

// isSelfBio says whether l is a bio that names its subject first: one to three capitalised words,
// then a verb of bios ("is a", "writes for", "est journaliste"), and a journalist's trade.
func isSelfBio(l *line) bool {
	if l.words < 8 || l.words > 90 {
		return false
	}
	// The folded line has dropped the punctuation, so its first words are the name's ("Perry
	// Bacon Jr." → "perry bacon jr").
	words := strings.Fields(l.text)
	rest := l.folded
	for k := 0; k < 3 && k < len(words); k++ {
		if r, _ := utf8.DecodeRuneInString(words[k]); !unicode.IsUpper(r) {
			return false
		}
		_, rest, _ = strings.Cut(rest, " ")
		if slices.ContainsFunc(bioVerbs, func(v string) bool { return strings.HasPrefix(rest, v) }) {
			f := " " + l.folded + " "
			return slices.ContainsFunc(bioRoles, func(r string) bool { return strings.Contains(f, r) })
		}
	}
	return false
}

// pageIsLatin reports whether the stop lists describe the page's longer lines.
func pageIsLatin(ls []line) bool {
	words, stops := 0, 0
	for i := range ls {
		if ls[i].words >= 8 {
			words += ls[i].words
			stops += ls[i].stops
		}
	}
	if words == 0 {
		return true
	}
	return float64(stops)/float64(words) >= 0.22
}

// isStrong reports a paragraph of running text: long enough, made of sentences, full of the
// function words that menus and teaser lists lack.
func isStrong(l *line, latin bool) bool {
	if l.linkish && l.words < 30 || l.hashtags*3 > l.words || l.glued {
		return false
	}
	if l.end == 'e' && l.words < 40 {
		return false // a truncated teaser ("… ce que…")
	}
	if !latin {
		return l.words >= 15 || l.words >= 8 && l.endsSentence()
	}
	d := l.stopDensity()
	switch {
	case l.words >= 30:
		return d >= 0.15
	case l.words >= 20:
		return d >= 0.25 || d >= 0.18 && l.endsSentence()
	case l.words >= 12:
		// Headlines run this long too; paragraphs end their sentences.
		return d >= 0.25 && (l.endsSentence() || l.end == ':' || l.end == ',')
	case l.words >= 7:
		return d >= 0.3 && l.endsSentence()
	}
	return false
}

// noticeKinds are kinds whose prefix phrases decide a line even when it reads as a sentence: a
// disclaimer or a subscription prompt is written in full sentences.
var noticeKinds = map[string]bool{kindFooter: true, "cookie": true}

// shapeKind classifies a line from its own text alone, "" when it may be content.
func shapeKind(l *line, m mode) string {
	if l.lexKind != "" && l.lexMode != matchHeading && l.lexMode != matchEndRail {
		// A prefix entry on a long line is a sentence that happens to start like chrome.
		if l.lexMode == matchExact || l.lexMode == matchContains || !l.strong || l.words <= 6 || noticeKinds[l.lexKind] {
			if l.lexKind == kindCredit && l.words > 6 {
				return kindCaption // a description with its credit
			}
			return l.lexKind
		}
	}
	if l.lexMode == matchHeading || l.lexMode == matchEndRail {
		return l.lexKind
	}
	if isRailHeading(l) {
		l.lexKind, l.lexMode = kindRelated, matchHeading
		return kindRelated
	}
	if l.words == 0 {
		// Only symbols or emoji: a widget.
		return kindNavigation
	}
	if m == modeText && onlyNumbers(l.folded) {
		return kindNavigation // counters and pagers: "0", "1 / 8"
	}
	if l.copyright && l.words <= 30 {
		if l.words <= 6 {
			return kindCredit
		}
		if strings.Contains(l.folded, "rights reserved") || strings.Contains(l.folded, "droits reserves") || strings.Contains(l.folded, "copyright") {
			return kindFooter
		}
		return kindCaption
	}
	if isCookieNotice(l) {
		return "cookie"
	}
	if isLegalNotice(l) {
		return kindFooter
	}
	if l.hashtags > 0 && l.hashtags*2 >= l.words {
		return kindTags
	}
	if l.words <= 4 && isContact(l.text) {
		return kindByline // a reporter's e-mail address or social handle
	}
	if isShareBar(l.folded, l.words) {
		return "share"
	}
	if l.words <= 60 && isAgencyCaption(l) {
		return kindCaption
	}
	if isDateline(l) {
		return kindDateline
	}
	if isByline(l) {
		return kindByline
	}
	if l.linkish && l.words <= 6 && m == modeText {
		return kindNavigation
	}

	return ""
}

// isDateline recognises a date stamp: a short line made of date words that holds a number or a
// relative time ("Publié le 3 mai 2024 à 10h05", "Updated: Nov 19, 2019", "6 minutes ago").
func isDateline(l *line) bool {
	if l.words == 0 || l.words > 16 && (l.separators == 0 || l.words > 24) {
		return false
	}
	f := l.folded
	hasNum := strings.Contains(f, "0")
	rel := strings.HasSuffix(f, " ago") || strings.HasPrefix(f, "il y a ")
	if !hasNum && !rel {
		return false
	}
	if l.dates == 0 && !numericDate(l.text) {
		return false
	}
	if l.separators > 0 && l.dates >= 1 && l.dates+l.filler >= 3 {
		return true
	}
	return float64(l.dates+l.filler) >= 0.7*float64(l.words)
}

// isByline recognises "By Jane Doe", "Par Jean Dupont et Marie Martin", "Robert Burns, AP
// National Security Writer".
func isByline(l *line) bool {
	if l.words >= 3 && l.words <= 8 && l.end == 0 && strings.IndexByte(l.text, ',') > 0 && hasBioWords(l.folded) && isHeadlineLike(l) {
		return true
	}
	if l.words < 2 || l.words > 12 || l.endsSentence() && l.end != '.' {
		return false
	}
	f := l.folded
	var rest string
	switch {
	case strings.HasPrefix(f, "by "):
		rest = l.text[3:]
	case strings.HasPrefix(f, "par "):
		rest = l.text[4:]
	default:
		return false
	}
	// The rest must be names: capitalised words, with "and"/"et"/"de" and punctuation between.
	caps, other := 0, 0
	for _, w := range strings.Fields(rest) {
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			caps++
		case w == "and" || w == "et" || w == "de" || w == "du" || w == "des" || w == "la" || w == "le" || w == "van" || w == "von" || w == "|" || w == "-" || w == "–" || w == "," || w == "and," || unicode.IsDigit(r):
		default:
			other++
		}
	}
	return caps >= 1 && other <= caps/2
}

// applyRails switches the lines under a rail heading ("Recent Posts", "La rédaction vous
// conseille") to the heading's kind until a real paragraph shows the article goes on. A comment
// heading after the article runs to the end of the page.
func applyRails(ls []line, m mode) {
	railKind := ""
	seenWords := 0 // words of strong paragraphs so far: a comment heading above the article is a menu link
	for i := range ls {
		l := &ls[i]
		if l.lexMode == matchEndRail && l.kind != "" {
			if seenWords >= 80 || m == modeExtracted && seenWords >= 40 {
				for j := i; j < len(ls); j++ {
					if ls[j].kind == "" || ls[j].kind == kindRelated {
						ls[j].kind = kindComment
					}
				}
				return
			}
			railKind = l.lexKind
			continue
		}
		if isCommentMarker(l) && seenWords >= 80 {
			for j := i; j < len(ls); j++ {
				if ls[j].kind == "" || ls[j].kind == kindRelated {
					ls[j].kind = kindComment
				}
			}
			return
		}
		if l.lexMode == matchHeading && l.kind != "" {
			railKind = l.lexKind
			continue
		}
		if railKind != "" {
			if l.strong && (l.words >= 20 || railKind == kindTags) {
				railKind = ""
			} else if railKind == kindTags && l.words > 5 {
				railKind = ""
			} else {
				if l.kind == "" {
					l.kind = railKind
				}
				l.inRail = true
				continue
			}
		}
		if l.strong && l.kind == "" {
			seenWords += l.words
		}
	}
}

// region finds the article as the stretch of lines with the most running text in it and the
// least chrome (a maximum-sum window, as in Finn's BTE): paragraphs count for, short lines and
// lines already known as chrome count against.
func region(ls []line, latin, ignoreRepeats bool) (int, int) {
	best, bestLo, bestHi := 0.0, 0, 0
	sum, lo := 0.0, 0
	total := 0
	for i := range ls {
		total += len(ls[i].text)
	}
	at := 0
	lead := leadParagraph(ls)
	for i := range ls {
		v := lineValue(ls, i, lead, latin, ignoreRepeats)
		// Forms, teaser walls and footers fill the end of a page; an article rarely starts
		// there: running text in the last part of the page counts for less.
		if f := float64(at) / float64(total+1); v > 0 && f > tailStart {
			v *= 1 - (f-tailStart)*tailSlope
		}
		at += len(ls[i].text)
		if sum <= 0 {
			sum, lo = 0, i
		}
		sum += v
		if sum > best {
			best, bestLo, bestHi = sum, lo, i+1
		}
	}
	if bestHi == 0 {
		if !ignoreRepeats {
			// Every paragraph is shown twice (a quote page, a print copy): repetition says
			// nothing here, so look again without it.
			return region(ls, latin, true)
		}
		return 0, 0
	}
	return bestLo, bestHi
}

// tailStart and tailSlope shape the position prior of region.
const (
	tailStart = 0.5
	tailSlope = 1.0
)

func lineValue(ls []line, i, lead int, latin, ignoreRepeats bool) float64 {
	l := &ls[i]
	if l.kind != "" {
		return -3
	}
	w := float64(l.words)
	switch {
	case l.strong && i == lead:
		// The first paragraph under the headline's stamps (date, byline) opens the article,
		// even when it is the article's only paragraph.
		return w * 2
	case l.strong:
		if l.repeated && !ignoreRepeats {
			return 0 // a teaser list shown twice; an article is not
		}
		// An article's paragraphs come in runs; a lone paragraph between headlines and time
		// stamps is a teaser's summary, the more so under a headline or an author's name.
		if (i == 0 || !ls[i-1].strong) && (i+1 == len(ls) || !ls[i+1].strong) {
			if l.words <= 60 && i > 0 && (ls[i-1].kind == "" && (isHeadlineLike(&ls[i-1]) || isNameLine(&ls[i-1])) || ls[i-1].kind == kindDateline) {
				return -2 // summaries are short: a long paragraph under a headline is an article
			}
			return w * 0.4
		}
		return w
	case l.glued:
		return -3
	case l.repeated:
		return -3
	case isHeadlineLike(l):
		return -2.5
	case l.words >= 8 && (!latin || l.stopDensity() >= 0.2) && !l.linkish && l.end != 'e':
		// A sentence next to a paragraph belongs with it; in a list of other lines it is a teaser.
		if i > 0 && ls[i-1].strong || i+1 < len(ls) && ls[i+1].strong {
			return w * 0.3
		}
		return -1
	case l.words >= 4 && l.end == '.' && i > 0 && ls[i-1].strong && (!latin || l.stopDensity() >= 0.2) && !l.linkish:
		// A short sentence right after a paragraph is the article's last word ("The other three
		// were admitted."), not a teaser: it may close the region, not break it.
		return w * 0.3
	case l.words <= 3:
		return -2
	default:
		return -1.5
	}
}

// findTitle picks the headline: the given title when the page has it, else the last plausible
// headline line before the article's first paragraph (its first copy, if the page repeats it).
func findTitle(ls []line, lo int, given string) int {
	if given != "" {
		g := string(foldLine(nil, given))
		for i := range ls {
			if ls[i].folded == g {
				return i
			}
		}
		return -1
	}
	start := lo
	if start >= len(ls) {
		start = len(ls) - 1
	}
	cand := -1
	for i := start; i >= 0 && i >= lo-12; i-- {
		l := &ls[i]
		if l.kind != "" && l.kind != kindRelated && l.kind != kindNavigation {
			continue
		}
		if l.lexKind != "" || l.words < 3 || l.words > 30 || l.linkish || l.end == 'e' {
			continue
		}
		if l.strong && l.end == '.' {
			continue // a paragraph (the standfirst, or the first paragraph itself)
		}
		cand = i
		break
	}
	if cand < 0 {
		if lo < len(ls) && ls[lo].kind == "" && ls[lo].words >= 2 && !ls[lo].strong {
			return lo
		}
		return -1
	}
	for i := 0; i < cand; i++ {
		if ls[i].folded == ls[cand].folded {
			return i
		}
	}
	return cand
}

// markMenus turns runs of very short lines without punctuation inside the article into
// navigation: share bars and tag clouds, not subheads (a subhead stands alone between paragraphs).
func markMenus(ls []line, title int) {
	for i := 0; i < len(ls); {
		j := i
		for j < len(ls) && j != title && ls[j].kind == "" && ls[j].words <= 3 && !ls[j].endsSentence() {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				ls[k].kind = kindNavigation
			}
		}
		if j == i {
			j++
		}
		i = j
	}
}

// markCaptions removes image alt texts: a short fragment next to a caption or credit, or whose
// words the adjacent caption repeats.
func markCaptions(ls []line, title int) {
	for i := range ls {
		l := &ls[i]
		if l.kind != "" || i == title || l.words > 8 || l.endsSentence() {
			continue
		}
		for _, j := range [2]int{i - 1, i + 1} {
			if j < 0 || j >= len(ls) {
				continue
			}
			n := &ls[j]
			if n.kind == kindCaption || n.kind == kindCredit {
				if l.startsLower || strings.Contains(n.folded, l.folded) {
					l.kind = kindCaption
					break
				}
			}
		}
	}
}

// markAuthorBox removes an author box at the end of the article: a name alone on its line,
// followed by at most two short lines (the bio), then nothing that is content.
func markAuthorBox(ls []line, title int, m mode) {
	last := lastContent(ls)
	for i := last; i >= 0 && i > last-4; i-- {
		l := &ls[i]
		if l.kind != "" || i == title {
			continue
		}
		if !isNameLine(l) {
			continue
		}
		// Everything after the name that is still content must be short: a bio, not the article.
		ok := true
		n := 0
		for j := i + 1; j <= last; j++ {
			if ls[j].kind == "" {
				n++
				if ls[j].words > 60 || n > 2 {
					ok = false
				}
			}
		}
		if !ok {
			return
		}
		// There must be article before it.
		if articleWordsBefore(ls, i) < 40 {
			return
		}
		if m == modeExtracted {
			// An extractor's output ends with the article's own short lines (results, notes):
			// there the box must read as a bio.
			bio := false
			for j := i + 1; j <= last; j++ {
				bio = bio || ls[j].kind == "" && hasBioWords(ls[j].folded)
			}
			if !bio {
				return
			}
		}
		l.kind = kindByline
		markContent(ls, i+1, last, kindAuthorBio)
		return
	}
}

// markContent gives kind to the content lines from..to (inclusive).
func markContent(ls []line, from, to int, kind string) {
	for j := from; j <= to; j++ {
		if ls[j].kind == "" {
			ls[j].kind = kind
		}
	}
}

// lastContent is the index of the page's last content line, or -1.
func lastContent(ls []line) int {
	last := -1
	for i := range ls {
		if ls[i].kind == "" {
			last = i
		}
	}
	return last
}

// articleWordsBefore counts the words of the real paragraphs kept before line i.
func articleWordsBefore(ls []line, i int) int {
	n := 0
	for j := 0; j < i; j++ {
		if ls[j].kind == "" && ls[j].strong {
			n += ls[j].words
		}
	}
	return n
}

// isNameLine reports a line that is only a person's name: one to four capitalised words (not a
// heading in capitals).
func isNameLine(l *line) bool {
	if l.words < 1 || l.words > 4 || l.end != 0 || l.digits > 0 || l.words > 1 && l.upper == l.letter {
		return false
	}
	for _, w := range strings.Fields(l.text) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && w != "de" && w != "van" && w != "von" && w != "da" && w != "le" {
			return false
		}
	}
	return true
}

// markDuplicates removes later copies of the headline.
func markDuplicates(ls []line, title int) {
	if title < 0 {
		return
	}
	t := ls[title].folded
	for i := range ls {
		if i != title && ls[i].folded == t {
			ls[i].kind = kindDuplicate
		}
	}
}

// isHeadlineLike reports a line in headline case: several words, most of them capitalised, no
// closing period. Alone between paragraphs it is a subhead; in a row of such lines it is a teaser
// list, which is why it counts against a region rather than deciding the line.
func isHeadlineLike(l *line) bool {
	if l.words < 4 || l.words > 16 || l.end == '.' || l.end == ',' {
		return false
	}
	caps, n := 0, 0
	for _, w := range strings.Fields(l.text) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		n++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return n >= 4 && caps*10 >= n*6
}

// markRepeats turns lines that occur more than once on the page into chrome, unless they are
// running text (a repeated paragraph or pull quote keeps its first copy).
func markRepeats(ls []line) {
	// The folded form writes every number 0, so that "12 Comments" meets the lexicon's "0
	// comments"; here numbers tell lines apart: "10:32 AM" and "11:02 AM", the stamps of a live
	// blog's entries, are two lines, not one shown twice.
	keys := make([]string, len(ls))
	count := make(map[string]int, len(ls))
	for i := range ls {
		keys[i] = ls[i].folded
		if strings.ContainsAny(ls[i].text, "0123456789") {
			keys[i] = strings.ToLower(ls[i].text)
		}
		count[keys[i]]++
	}
	// A page that shows its article twice (a print and a screen copy) repeats most of its
	// running text: there the first copy is the article.
	strongWords, repeatedWords := 0, 0
	for i := range ls {
		if ls[i].strong {
			strongWords += ls[i].words
			if count[keys[i]] > 1 {
				repeatedWords += ls[i].words
			}
		}
	}
	dupPage := repeatedWords*2 >= strongWords
	seen := make(map[string]bool, len(ls))
	for i := range ls {
		l := &ls[i]
		if count[keys[i]] < 2 || l.kind != "" || l.words == 0 {
			continue
		}
		first := !seen[keys[i]]
		seen[keys[i]] = true
		switch {
		case l.strong && !first:
			l.kind = kindDuplicate
		case l.strong:
			l.repeated = !dupPage
		default:
			l.repeated = true
		}
	}
}

// isCommentMarker recognises the line that opens a reader comment: "jdoe says:", "Marie a dit :",
// "Anonymous wrote:", "… on May 3, 2019 at 4:36 am said:".
func isCommentMarker(l *line) bool {
	if l.end != ':' || l.words > 20 {
		return false
	}
	f := l.folded
	return strings.HasSuffix(f, " says") || strings.HasSuffix(f, " said") || strings.HasSuffix(f, " wrote") ||
		strings.HasSuffix(f, " dit") || strings.HasSuffix(f, " a ecrit") || strings.HasSuffix(f, " ecrit")
}

// markTeaserRuns removes runs of three or more headline-shaped lines inside the article region:
// a list of other stories. A run introduced by a line ending in ":" is the article's own list.
func markTeaserRuns(ls []line, title int) {
	teaser := func(i int) bool {
		l := &ls[i]
		return i != title && l.kind == "" && !l.strong && l.words >= 3 && l.words <= 25 &&
			l.end != '.' && l.end != ',' && l.end != ':' && !l.bullet
	}
	for i := 0; i < len(ls); {
		j := i
		for j < len(ls) && teaser(j) {
			j++
		}
		if j-i >= 3 {
			prev := i - 1
			for prev >= 0 && ls[prev].kind != "" {
				prev--
			}
			if prev < 0 || ls[prev].end != ':' {
				for k := i; k < j; k++ {
					ls[k].kind = kindRelated
				}
			}
		}
		if j == i {
			j++
		}
		i = j
	}
}

// labelled recognises "LABEL: rest" and "LABEL » rest" lines whose label is a lexicon phrase ("À lire
// aussi : …", "Read more: …", "Photo : AFP", "Tags: …"), whatever the length of the rest. The
// line takes the label's kind; a rail heading so used names one teaser, so it opens no rail.
func (s *Stripper) labelled(l *line) (entry, bool) {
	t := l.text
	if len(t) > 52 {
		t = t[:52]
	}
	k := -1
	for i := 0; i < len(t); i++ {
		if t[i] == ':' || t[i] == '|' || t[i] == 0xC2 && i+1 < len(t) && t[i+1] == 0xBB {
			k = i
			break
		}
	}
	if k <= 0 || k > 48 {
		return entry{}, false
	}
	var buf [64]byte
	f := foldLine(buf[:0], t[:k])
	e, ok := s.lex.exact[string(f)]
	if !ok {
		return entry{}, false
	}
	switch e.kind {
	case kindNavigation:
		// "SEE MORE: Hong Kong protests: 800 students under siege" names another article, as
		// "Read more: …" does; "See more" alone is a button.
		if moreLabels[string(f)] && len(strings.Fields(l.text[k+1:])) >= 4 {
			return entry{kind: kindRelated, mode: matchExact, words: e.words}, true
		}
		return entry{}, false
	case kindFooter, "loading", "cookie":
		// "France : …", "Contact : …" open headlines and sentences as often as menus.
		return entry{}, false
	}
	if e.mode == matchHeading || e.mode == matchEndRail {
		if e.kind == kindTags {
			return entry{kind: kindTags, mode: matchExact, words: e.words}, true
		}
		return entry{kind: e.kind, mode: matchExact, words: e.words}, true
	}
	return e, true
}

// taggedLinks recognises a row of other articles' headlines, each tagged with a word in capitals
// in brackets, run together by the renderer: "China furious at Macron [INSIGHT]|Lakers vs Nets:
// NBA make final decision [VIDEO]Hong Kong 'threatened…' [REACTION]" (British tabloids' "Don't
// miss" boxes). Two tags after text are needed; a lone "[CNET]" credit is another matter.
func taggedLinks(text string) bool {
	tags := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '[' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == ' ') {
			j++
		}
		if j < len(text) && text[j] == ']' && j-i > 3 && i > 0 {
			tags++
			i = j
		}
	}
	return tags >= 2
}

// moreLabels are the navigation buttons that, as a label, introduce another article's headline.
var moreLabels = map[string]bool{"see more": true, "voir plus": true}

// railNouns and railQualifiers make up headings of lists of other articles that the lexicon does
// not spell out ("Most Read Stories", "Dernières vidéos", "Other posts you may like").
var railNouns, railQualifiers = map[string]bool{}, map[string]bool{}

func init() {
	for _, w := range strings.Fields("articles article posts post stories story news actualites actus actu videos infos headlines reads publications billets reportages dossiers") {
		railNouns[w] = true
	}
	for _, w := range strings.Fields("latest recent related popular more most top other others similar trending recommended read viewed shared commented derniers dernieres recents recentes populaires lus similaires autres lies associes meme aussi recommandes plus nos") {
		railQualifiers[w] = true
	}
}

func isRailHeading(l *line) bool {
	if l.words < 2 || l.words > 6 || l.endsSentence() || l.end == ',' {
		return false
	}
	noun, qual := false, false
	for _, w := range strings.Fields(l.folded) {
		noun = noun || railNouns[w]
		qual = qual || railQualifiers[w]
	}
	return noun && qual
}

// isCookieNotice recognises a consent banner: it speaks of cookies to the reader ("we", "vous").
// A news paragraph about cookie regulation reports, it does not address the reader.
func isCookieNotice(l *line) bool {
	if l.words > 80 || !strings.Contains(l.folded, "cookie") {
		return false
	}
	for _, w := range strings.Fields(l.folded) {
		switch w {
		case "we", "our", "you", "your", "nous", "vous", "votre", "vos", "notre", "nos", "accept", "accepter", "acceptez":
			return true
		}
	}
	return false
}

// isLegalNotice recognises a disclaimer or trademark notice: at least three different words of
// legal vocabulary (data/legal words in lexicon.go) in a line that is not long running text.
func isLegalNotice(l *line) bool {
	return l.words >= 4 && l.words <= 120 && bits.OnesCount64(l.legal) >= 3
}

func onlyNumbers(folded string) bool {
	for i := 0; i < len(folded); i++ {
		if folded[i] != '0' && folded[i] != ' ' {
			return false
		}
	}
	return true
}

// numericDate finds a date written in figures: 07/01/2018, 2019-11-19, 19.11.2019.
func numericDate(s string) bool {
	run, groups := 0, 0
	var sep byte
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run > 0 && run <= 4 {
			groups++
			if groups == 3 {
				return true
			}
			if i < len(s) && (s[i] == '/' || s[i] == '-' || s[i] == '.') && (sep == 0 || sep == s[i]) {
				sep = s[i]
				run = 0
				continue
			}
		}
		run, groups, sep = 0, 0, 0
	}
	return false
}

// leadParagraph finds the paragraph under the article's header: the first paragraph of the page
// that follows a date stamp or byline within three lines. Teaser lists repeat such stamps; the
// article's header comes once, so only the first counts. -1 if none.
func leadParagraph(ls []line) int {
	for i := range ls {
		if ls[i].kind != kindDateline && ls[i].kind != kindByline {
			continue
		}
		for j := i + 1; j < len(ls) && j <= i+3; j++ {
			if ls[j].strong {
				return j
			}
		}
	}
	return -1
}

// markTailHeadlines removes what an extractor often keeps after the article: a list of other
// stories' headlines (two or more headline-case lines, with or without their summaries) after the
// last paragraph of the article.
func markTailHeadlines(ls []line, title int) {
	last := -1
	heads := 0
	for i := len(ls) - 1; i >= 0; i-- {
		l := &ls[i]
		if l.kind != "" || i == title {
			continue
		}
		if isHeadlineLike(l) {
			heads++
			continue
		}
		if l.strong && l.words >= 30 {
			last = i
			break
		}
	}
	if last < 0 || heads < 2 {
		return
	}
	// Only headlines and their one-sentence summaries may follow the article's last paragraph,
	// and a headline must come first.
	prevHead := false
	for i := last + 1; i < len(ls); i++ {
		l := &ls[i]
		if l.kind != "" || i == title {
			continue
		}
		h := isHeadlineLike(l)
		if !h && (!prevHead || l.words > 30) {
			return
		}
		prevHead = h
	}
	for i := last + 1; i < len(ls); i++ {
		if ls[i].kind == "" && i != title {
			ls[i].kind = kindRelated
		}
	}
}

// isContact recognises a line that is an e-mail address or a social-network handle, alone or
// after a name ("Natasha Turak@NatashaTurak").
func isContact(s string) bool {
	if strings.Contains(s, "twitter.com/") || strings.Contains(s, "facebook.com/") || strings.Contains(s, "instagram.com/") {
		return strings.Count(s, " ") <= 2
	}
	at := strings.IndexByte(s, '@')
	if at < 0 || at+1 >= len(s) || strings.IndexByte(s[at:], ' ') >= 0 {
		return false // the address or handle ends the line
	}
	return true
}

// shareWords are the words of a row of share buttons.
var shareWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`facebook twitter x email e mail linkedin reddit pinterest whatsapp print share
		partager imprimer envoyer tumblr telegram messenger copy link lien copier sms flipboard google
		instagram youtube rss tweet pocket comments commentaires`) {
		shareWords[w] = true
	}
}

// isShareBar recognises "Facebook Twitter Email LinkedIn Reddit Pinterest".
func isShareBar(folded string, words int) bool {
	if words < 2 || words > 12 {
		return false
	}
	for folded != "" {
		w, rest, _ := strings.Cut(folded, " ")
		if !shareWords[w] && w != "0" {
			return false
		}
		folded = rest
	}
	return true
}

// agencySuffixes end a photo caption's credit ("… in Hanoi. J. Scott Applewhite / AP file").
var agencySuffixes = []string{" ap", " ap file", " ap photo", " reuters", " reuters file", " afp", " getty images",
	" afp via getty images", " epa", " shutterstock", " dr", " maxppp", " abaca", " sipa", " hans lucas"}

// isAgencyCaption recognises a caption by its credit: "… / AP file", "… (Photo: X/AFP)", or a
// gallery counter at its start ("1of4Grass Valley's …").
func isAgencyCaption(l *line) bool {
	s := l.text
	if len(s) > 4 && s[0] >= '0' && s[0] <= '9' {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if strings.HasPrefix(s[i:], "of") && i+2 < len(s) && s[i+2] >= '0' && s[i+2] <= '9' {
			return true
		}
	}
	if strings.Contains(s, "(AP Photo") || strings.Contains(s, "(AFP Photo") || strings.Contains(s, "(Photo") ||
		strings.Contains(s, "(REUTERS/") || strings.Contains(s, "(Getty") || strings.Contains(l.folded, " file photo") {
		return true
	}
	if strings.IndexByte(s, '/') < 0 || !strings.Contains(s, " / ") && !strings.Contains(s, "/AP") && !strings.Contains(s, "/AFP") && !strings.Contains(s, "/Reuters") {
		return false
	}
	for _, suf := range agencySuffixes {
		if strings.HasSuffix(l.folded, suf) {
			return true
		}
	}
	return false
}

// bioWords mark an author's biography.
var bioWords = []string{" is a ", " is an ", " est un ", " est une ", " writes ", " writer", " reporter", " editor",
	" correspondent", " journalist", "journaliste", " redacteur", " redactrice", " auteur", " author", " covers ",
	" contributor", " columnist", " chroniqueur", " chroniqueuse", " based in ", " basee a ", " base a "}

func hasBioWords(folded string) bool {
	f := " " + folded + " "
	for _, w := range bioWords {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}
