package langid

import (
	_ "embed"
	"fmt"
	"math"
	"unsafe"

	"github.com/depeche-news/depeche/stages/langid/internal/hashtab"
)

// Language indices into every per-language array. The order must match internal/modelgen and
// internal/lexgen.
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

//go:generate go run ./internal/modelgen -out model/ngrams.tab
// The lexicon needs Debian's Tesseract and Hunspell files: see model/NOTICE for its rebuild.

// modelData is lingua-go's 1- to 5-gram models for fr, en, de, es, it, nl, pt, merged into one
// hash table with one quantised byte per language (Apache-2.0, see model/NOTICE). One lookup
// answers all seven languages, which is what makes scoring seven languages as cheap as one.
//
//go:embed model/ngrams.tab
var modelData string

// table is the n-gram table with its dequantisation.
type table struct {
	*hashtab.Table
	// logp maps a quantised byte back to ln p (index 0 unused: absent).
	logp [256]float64
}

// hashStart and hashStep hash text code point by code point, as the build tools did.
const hashStart = hashtab.Start

func hashStep(h uint64, r rune) uint64 { return hashtab.Step(h, r) }

// lookup returns the quantised probabilities of the n-gram hashed to h, or nil.
func (t *table) lookup(h uint64) []byte { return t.Find(h) }

// readTable maps an embedded table. The tables are stored as they sit in memory and used in place
// (embedded strings live in the binary's read-only data), so loading them is free, they add
// nothing to the Go heap, and only the pages that lookups touch become resident.
func readTable(data string, width int, what string) (*hashtab.Table, error) {
	t, err := hashtab.Parse(unsafe.Slice(unsafe.StringData(data), len(data)))
	if err != nil {
		return nil, fmt.Errorf("langid %s: %w", what, err)
	}
	if t.Width != width {
		return nil, fmt.Errorf("langid %s: %d bytes per key, want %d", what, t.Width, width)
	}
	return t, nil
}

func loadTable(data string) (*table, error) {
	ht, err := readTable(data, numLangs, "model")
	if err != nil {
		return nil, err
	}
	t := &table{Table: ht}
	for q := 1; q < 256; q++ {
		t.logp[q] = -float64(q-1) / quantScale
	}
	t.logp[0] = math.NaN()
	return t, nil
}

// finish mixes a hash for the per-call seen set.
func finish(h uint64) uint64 {
	h ^= h >> 31
	h *= 0x9e3779b97f4a7c15
	h ^= h >> 29
	return h
}
