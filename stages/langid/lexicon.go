package langid

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// lexiconData lists about 1.1 million lower-case words with the set of the seven languages that
// spell them (Tesseract word lists and the French Hunspell dictionary; see model/NOTICE and
// internal/lexgen).
//
//go:embed model/lexicon.bin.gz
var lexiconData []byte

// lexicon is a hash set of words carrying a language mask per word, with the same fingerprint
// scheme as table. It answers "is this a word of language X", which n-grams only approximate:
// "purent" and "devez" are French verb forms whose letters look Italian.
type lexicon struct {
	mask  uint64
	fps   []uint32
	langs []langMask
}

func loadLexicon(data []byte) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("langid lexicon: %w", err)
	}
	r := bufio.NewReaderSize(zr, 1<<16)
	magic := make([]byte, 10)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != "DPLEXICON1" {
		return nil, errors.New("langid lexicon: bad header")
	}
	total, err := binary.ReadUvarint(r)
	if err != nil || total > 1<<26 {
		return nil, errors.New("langid lexicon: bad word count")
	}
	size := uint64(1)
	for size < total*3/2 {
		size <<= 1
	}
	x := &lexicon{mask: size - 1, fps: make([]uint32, size), langs: make([]langMask, size)}
	var key []byte
	for range total {
		p, err1 := r.ReadByte()
		s, err2 := r.ReadByte()
		if err1 != nil || err2 != nil {
			return nil, errors.New("langid lexicon: truncated")
		}
		if int(p) > len(key) {
			return nil, errors.New("langid lexicon: corrupt prefix")
		}
		key = key[:p]
		for range s {
			b, err := r.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("langid lexicon: %w", err)
			}
			key = append(key, b)
		}
		m, err := r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("langid lexicon: %w", err)
		}
		h := hashBytes(key)
		x.insert(h, langMask(m))
	}
	return x, nil
}

func (x *lexicon) insert(h uint64, m langMask) {
	h = finish(h)
	fp := fingerprint(h)
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		if x.fps[i] == 0 {
			x.fps[i] = fp
			x.langs[i] = m
			return
		}
		if x.fps[i] == fp {
			x.langs[i] |= m
			return
		}
	}
}

func (x *lexicon) lookup(h uint64) langMask {
	h = finish(h)
	fp := fingerprint(h)
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		switch x.fps[i] {
		case fp:
			return x.langs[i]
		case 0:
			return 0
		}
	}
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
