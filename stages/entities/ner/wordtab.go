package ner

import (
	"hash/maphash"
	"math/bits"
)

// wordTable is a loaded model's word → lexicon code map, read-only. With embedding clusters a
// lexicon holds about 400,000 words; as a Go map they took most of the model's load time in
// insertions, and 400,000 string pointers for every garbage collection to scan. Here the words are
// one string, and the table is open addressing over flat, pointer-free slices, built in one pass.
type wordTable struct {
	words string   // every word, concatenated, in the order they were added
	ends  []uint32 // entry i's word is words[ends[i-1]:ends[i]] (ends[-1] being 0)
	codes []uint64
	slots []uint32 // entry index + 1; 0 is an empty slot. len is a power of two, at least 2 × entries
	seed  maphash.Seed
}

// newWordTable builds the table of words (concatenated in all, each ending at ends[i]) and codes.
// The words must be distinct.
func newWordTable(all string, ends []uint32, codes []uint64) *wordTable {
	t := &wordTable{words: all, ends: ends, codes: codes, seed: maphash.MakeSeed()}
	n := 1 << bits.Len(uint(2*len(ends)))
	t.slots = make([]uint32, n)
	mask := uint64(n - 1)
	for i := range ends {
		h := maphash.String(t.seed, t.word(i)) & mask
		for t.slots[h] != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = uint32(i) + 1
	}
	return t
}

func (t *wordTable) word(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.words[start:t.ends[i]]
}

func (t *wordTable) len() int { return len(t.ends) }

// get returns the code of w (0 when absent).
func (t *wordTable) get(w []byte) uint64 {
	mask := uint64(len(t.slots) - 1)
	for h := maphash.Bytes(t.seed, w) & mask; ; h = (h + 1) & mask {
		e := t.slots[h]
		if e == 0 {
			return 0
		}
		if t.word(int(e-1)) == string(w) {
			return t.codes[e-1]
		}
	}
}
