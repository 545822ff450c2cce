package langid

import (
	_ "embed"

	"github.com/depeche-news/depeche/stages/langid/internal/hashtab"
)

// lexiconData lists about 1.1 million lower-case words with the set of the seven languages that
// spell them (Tesseract word lists and the French Hunspell dictionary; see model/NOTICE and
// internal/lexgen). It answers "is this a word of language X", which n-grams only approximate:
// "purent" and "devez" are French verb forms whose letters look Italian.
//
//go:embed model/lexicon.tab
var lexiconData string

type lexicon struct{ *hashtab.Table }

func loadLexicon(data string) (*lexicon, error) {
	t, err := readTable(data, 1, "lexicon")
	if err != nil {
		return nil, err
	}
	return &lexicon{t}, nil
}

func (x *lexicon) lookup(h uint64) langMask {
	if v := x.Find(h); v != nil {
		return langMask(v[0])
	}
	return 0
}

// wordScores returns, per language, the mean over the analysed words of the word's frequency
// score (ln(freqFloor/rank), 0 when unlisted) and the share of the words the lexicon knows.
func (id *Identifier) wordScores(s *scratch) (freq, known [numLangs]float64) {
	start := 0
	for _, end := range s.ends {
		h := hashStart
		for _, r := range s.runes[start:end] {
			h = hashStep(h, r)
		}
		start = end
		if v, ok := id.freq[h]; ok {
			for l := range numLangs {
				freq[l] += float64(v[l])
			}
		}
		if m := id.lex.lookup(h); m != 0 {
			for l := range numLangs {
				if m.has(l) {
					known[l]++
				}
			}
			// A word that the neighbours spell and neither French nor English does
			// ("esperti", "usuario") is evidence against both, not merely none for them.
			if !m.has(langFR) && !m.has(langEN) {
				known[langFR]--
				known[langEN]--
			}
		}
	}
	if n := float64(len(s.ends)); n > 0 {
		for l := range numLangs {
			freq[l] /= n
			known[l] /= n
		}
	}
	return freq, known
}
