package langid

import (
	"bufio"
	"embed"
	"fmt"
	"math"
	"strings"
	"unicode"
)

// freqFiles holds, per language, up to 10,000 frequent words, most frequent first (see
// model/NOTICE for their provenance and licences).
//
//go:embed model/freq/*.txt
var freqFiles embed.FS

// freqFloor is the rank given to a word missing from a language's list: a bit past the list's end,
// because a list of 10,000 words misses many words that are merely less common.
const freqFloor = 50000

// wordFreq maps a lower-case word's hash to ln(freqFloor/rank) per language (0 when not listed).
// Frequent words are what single words and word pairs hinge on: "attention" and "nations" are
// spelt the same in French and English, and only how common they are tells the two apart.
type wordFreq map[uint64][numLangs]float32

func loadWordFreq() (wordFreq, error) {
	f := wordFreq{}
	for l, code := range langCodes {
		data, err := freqFiles.ReadFile("model/freq/" + code + ".txt")
		if err != nil {
			return nil, fmt.Errorf("langid word list %s: %w", code, err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		rank := 0
		seen := map[uint64]bool{}
	lines:
		for sc.Scan() {
			w := strings.TrimSpace(sc.Text())
			if w == "" {
				continue
			}
			h := hashStart
			for _, r := range w {
				if !unicode.IsLetter(r) {
					continue lines
				}
				h = hashStep(h, unicode.ToLower(r))
			}
			if seen[h] {
				continue
			}
			seen[h] = true
			rank++
			v := f[h]
			v[l] = float32(math.Log(freqFloor / float64(rank)))
			f[h] = v
		}
	}
	return f, nil
}
