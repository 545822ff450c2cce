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
	"math"
	"unicode/utf8"
)

// Language indices into every per-language array. The order must match internal/modelgen.
const (
	langFR = iota
	langEN
	langDE
	langES
	langIT
	langNL
	langPT
	numLangs
)

var langCodes = [numLangs]string{"fr", "en", "de", "es", "it", "nl", "pt"}

// quantScale is the number of quantisation steps per nat of -ln p (see internal/modelgen).
const quantScale = 12

const maxOrder = 5

//go:generate go run ./internal/modelgen -out model/ngrams.bin.gz
// The lexicon needs Debian's Tesseract and Hunspell files: see model/NOTICE for its rebuild.

// modelData is lingua-go's 1- to 5-gram models for fr, en, de, es, it, nl, pt, merged into one table
// and quantised to a byte per language (Apache-2.0, see model/NOTICE).
//
//go:embed model/ngrams.bin.gz
var modelData []byte

// table is an open-addressing hash table from an n-gram's hash to its quantised conditional
// probability in each language. Only a 32-bit fingerprint of the 64-bit hash is kept: the slot
// already fixes the low bits, so a false match needs two n-grams agreeing on both within one short
// probe run, which a table of about a million entries makes negligible. One lookup answers all
// seven languages, which is what makes scoring seven languages as cheap as scoring one.
type table struct {
	mask uint64
	fps  []uint32
	vals [][numLangs]uint8
	// logp maps a quantised byte back to ln p (index 0 unused: absent).
	logp [256]float64
	// size is the number of n-grams stored, for reporting.
	size int
}

// hashStart and hashStep are FNV-1a over code points, so the hash of an n-gram extends to the
// hash of the (n+1)-gram that starts with it in one step.
const hashStart uint64 = 14695981039346656037

func hashStep(h uint64, r rune) uint64 {
	h ^= uint64(r)
	h *= 1099511628211
	// FNV-1a mixes the low bits poorly for small inputs; a final xor-shift is applied at lookup.
	return h
}

// hashBytes hashes UTF-8 text code point by code point, as the scorer does.
func hashBytes(b []byte) uint64 {
	h := hashStart
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		h = hashStep(h, r)
		b = b[n:]
	}
	return h
}

func finish(h uint64) uint64 {
	h ^= h >> 31
	h *= 0x9e3779b97f4a7c15
	h ^= h >> 29
	return h
}

func fingerprint(h uint64) uint32 { return uint32(h>>32) | 1 }

func (t *table) lookup(h uint64) *[numLangs]uint8 {
	h = finish(h)
	fp := fingerprint(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.fps[i] {
		case fp:
			return &t.vals[i]
		case 0:
			return nil
		}
	}
}

func (t *table) insert(h uint64, v [numLangs]uint8) {
	h = finish(h)
	fp := fingerprint(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.fps[i] == 0 {
			t.fps[i] = fp
			t.vals[i] = v
			return
		}
		if t.fps[i] == fp {
			// Two n-grams sharing a fingerprint in one probe run: keep the first; see table.
			return
		}
	}
}

// loadTable decodes the embedded model (format written by internal/modelgen).
func loadTable(data []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("langid model: %w", err)
	}
	r := bufio.NewReaderSize(zr, 1<<16)
	magic := make([]byte, 9)
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != "DPLANGID1" {
		return nil, errors.New("langid model: bad header")
	}
	n, err := r.ReadByte()
	if err != nil || int(n) != numLangs {
		return nil, errors.New("langid model: unexpected language count")
	}
	codes := make([]byte, 2*numLangs)
	if _, err := io.ReadFull(r, codes); err != nil {
		return nil, fmt.Errorf("langid model: %w", err)
	}
	for i, c := range langCodes {
		if string(codes[2*i:2*i+2]) != c {
			return nil, fmt.Errorf("langid model: language %d is %q, want %q", i, codes[2*i:2*i+2], c)
		}
	}
	total, err := binary.ReadUvarint(r)
	if err != nil || total > 1<<26 {
		return nil, errors.New("langid model: bad n-gram count")
	}
	size := uint64(1)
	for size < total*3/2 {
		size <<= 1
	}
	t := &table{mask: size - 1, fps: make([]uint32, size), vals: make([][numLangs]uint8, size), size: int(total)}
	var key []byte
	var inserted uint64
	var v [numLangs]uint8
	for order := 1; order <= maxOrder; order++ {
		count, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("langid model: order %d: %w", order, err)
		}
		key = key[:0]
		for range count {
			p, err1 := r.ReadByte()
			s, err2 := r.ReadByte()
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("langid model: order %d: truncated", order)
			}
			if int(p) > len(key) {
				return nil, errors.New("langid model: corrupt prefix")
			}
			key = key[:p]
			for range s {
				b, err := r.ReadByte()
				if err != nil {
					return nil, fmt.Errorf("langid model: %w", err)
				}
				key = append(key, b)
			}
			if _, err := io.ReadFull(r, v[:]); err != nil {
				return nil, fmt.Errorf("langid model: %w", err)
			}
			h := hashBytes(key)
			t.insert(h, v)
			inserted++
		}
	}
	if inserted != total {
		return nil, fmt.Errorf("langid model: %d n-grams, header says %d", inserted, total)
	}
	for q := 1; q < 256; q++ {
		t.logp[q] = -float64(q-1) / quantScale
	}
	t.logp[0] = math.NaN()
	return t, nil
}
