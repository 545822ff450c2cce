package boilerplate

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/lexicon.txt
var lexiconData string

//go:embed data/stop_en.txt
var stopEN string

//go:embed data/stop_fr.txt
var stopFR string

// matchMode says how a lexicon phrase has to meet a line.
type matchMode uint8

const (
	matchExact    matchMode = iota + 1 // the whole line
	matchPrefix                        // the first words of a short line
	matchHeading                       // exact, or prefix of a very short line; opens a rail
	matchEndRail                       // heading whose section runs to the end of the page
	matchContains                      // the phrase anywhere in a short line, on word boundaries
)

// maxContainsWords bounds the lines a "contains" phrase can decide: a call to action is short,
// running text that happens to use the words is not.
const maxContainsWords = 30

// Lines longer than these are sentences, not chrome, whatever they start with.
const (
	maxPrefixWords  = 14
	maxHeadingWords = 8
	maxPhraseWords  = 12
)

type containsPhrase struct {
	phrase string // folded, starting with the key word
	entry
}

type entry struct {
	kind  string
	mode  matchMode
	words int // words in the phrase
}

// lexicon holds the folded phrases. Both maps are keyed by folded text; prefix holds the phrases
// that may start a line, so a lookup tries the line's first one to maxPhraseWords words.
type lexicon struct {
	exact  map[string]entry
	prefix map[string]entry
	// contains holds the "contains" phrases by their first word.
	contains map[string][]containsPhrase
	stop     map[string]struct{}
	// words classes every word the features count, so a line costs one lookup per word.
	words *wordTable
	// phraseGate holds the keys of the "contains" phrases' first words (hashSet).
	phraseGate *hashSet
}

// Word classes in lexicon.words.
const (
	wordStop   = 1 << iota // French or English stop word
	wordDate               // part of a date stamp
	wordFiller             // little word inside a date stamp
	wordCredit             // a word of photo credits ("photo", "getty", …)
)

// legalWords are the vocabulary of disclaimers, trademark and copyright notices. Each has its own
// bit in lexicon.legal so a line can count the different ones it holds.
var legalWords = strings.Fields(`trademark trademarks registered copyright copyrighted rights reserved website
	reproduced permission dealing retrieved citation reprint reprinting republish republished redistributed prohibited
	terms privacy policy disclaimer liability affiliate affiliates commission consent
	droits reserves marque marques deposees mentions legales conditions utilisation responsabilite
	reproduction interdite autorisation prealable`)

var creditWords = strings.Fields(`credit credits photo photos getty shutterstock afp`)

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{exact: map[string]entry{}, prefix: map[string]entry{}, contains: map[string][]containsPhrase{}, stop: map[string]struct{}{}}
	sc := bufio.NewScanner(strings.NewReader(lexiconData))
	var buf []byte
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			return nil, fmt.Errorf("boilerplate lexicon line %d: want KIND<tab>MATCH<tab>PHRASE, got %q", n, line)
		}
		var mode matchMode
		switch parts[1] {
		case "exact":
			mode = matchExact
		case "prefix":
			mode = matchPrefix
		case "heading":
			mode = matchHeading
		case "endrail":
			mode = matchEndRail
		case "contains":
			mode = matchContains
		default:
			return nil, fmt.Errorf("boilerplate lexicon line %d: unknown match %q", n, parts[1])
		}
		buf = foldLine(buf[:0], parts[2])
		key := string(buf)
		if key == "" || strings.Count(key, " ")+1 > maxPhraseWords {
			return nil, fmt.Errorf("boilerplate lexicon line %d: phrase %q is empty or longer than %d words", n, parts[2], maxPhraseWords)
		}
		e := entry{kind: parts[0], mode: mode, words: strings.Count(key, " ") + 1}
		if mode == matchContains {
			first, _, _ := strings.Cut(key, " ")
			lx.contains[first] = append(lx.contains[first], containsPhrase{phrase: key, entry: e})
			continue
		}
		if _, dup := lx.exact[key]; !dup {
			lx.exact[key] = e
		}
		if mode != matchExact {
			if _, dup := lx.prefix[key]; !dup {
				lx.prefix[key] = e
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("boilerplate lexicon: %w", err)
	}
	for _, list := range []string{stopEN, stopFR} {
		for _, w := range strings.Split(list, "\n") {
			// The stop lists carry a few entries with stuck punctuation ("ans,"); folding splits
			// them into plain words.
			buf = foldLine(buf[:0], w)
			for _, t := range strings.Fields(string(buf)) {
				if t != "0" {
					lx.stop[t] = struct{}{}
				}
			}
		}
	}
	lx.words = newWordTable(len(lx.stop) + len(dateWords) + len(dateFiller) + len(creditWords) + len(legalWords))
	for w := range lx.stop {
		lx.words.add(w, wordStop, 0)
	}
	for w := range dateWords {
		lx.words.add(w, wordDate, 0)
	}
	for w := range dateFiller {
		lx.words.add(w, wordFiller, 0)
	}
	for _, w := range creditWords {
		lx.words.add(w, wordCredit, 0)
	}
	for i, w := range legalWords {
		lx.words.add(w, 0, 1<<(i%64))
	}
	n = 0
	for _, cs := range lx.contains {
		n += len(cs)
	}
	lx.phraseGate = newHashSet(n)
	for _, cs := range lx.contains {
		for _, c := range cs {
			ws := strings.Fields(c.phrase)
			if len(ws) == 1 {
				lx.phraseGate.add(unigramKey(hashWord([]byte(ws[0]))))
			} else {
				lx.phraseGate.add(bigramKey(hashWord([]byte(ws[0])), hashWord([]byte(ws[1]))))
			}
		}
	}
	if len(lx.exact) == 0 || len(lx.stop) == 0 {
		return nil, fmt.Errorf("boilerplate lexicon: empty data")
	}
	return lx, nil
}

// lookup finds the lexicon entry for a folded line of the given number of words.
//
// phrases says whether the line holds the first word of a "contains" phrase (line.phrase), so
// lines without one skip that search.
func (lx *lexicon) lookup(folded string, words int, endsSentence, phrases bool) (entry, bool) {
	if e, ok := lx.exact[folded]; ok {
		return e, true
	}
	// Try ever longer word prefixes, longest match wins.
	var best entry
	found := false
	w := 0
	if words > maxPrefixWords {
		w = maxPhraseWords // a sentence, not chrome that starts like one: contains only
	}
	for i := 0; i <= len(folded) && w < maxPhraseWords; i++ {
		if i < len(folded) && folded[i] != ' ' {
			continue
		}
		w++
		e, ok := lx.prefix[folded[:i]]
		if !ok {
			continue
		}
		if e.mode == matchHeading || e.mode == matchEndRail {
			// A heading that runs on is a sentence ("Latest figures show a rise."). One-word
			// phrases ("More …", "Related …") allow less run-on than "Les derniers articles …".
			limit := e.words + 5
			if e.words == 1 {
				limit = 4
			}
			if words > maxHeadingWords || words > limit || endsSentence {
				continue
			}
		}
		best, found = e, true
	}
	if found || !phrases || words > 2*maxContainsWords {
		return best, found
	}
	return lx.lookupContains(folded, words)
}

// lookupContains finds a "contains" phrase anywhere in the folded line, on word boundaries.
// Phrases of four words or more are specific enough ("for your personal non commercial use") to
// decide lines up to twice as long as the others.
func (lx *lexicon) lookupContains(folded string, words int) (entry, bool) {
	start := 0
	for i := 0; i <= len(folded); i++ {
		if i < len(folded) && folded[i] != ' ' {
			continue
		}
		if cands, ok := lx.contains[folded[start:i]]; ok {
			rest := folded[start:]
			for _, c := range cands {
				if (words <= maxContainsWords || c.words >= 4) && strings.HasPrefix(rest, c.phrase) && (len(rest) == len(c.phrase) || rest[len(c.phrase)] == ' ') {
					return c.entry, true
				}
			}
		}
		start = i + 1
	}
	return entry{}, false
}
