package boilerplate

// wordTable is an open-addressing hash table from folded words to their classes. It replaces a
// Go map on the hottest path of the stage (one lookup per word of every page): a plain FNV hash
// over a few bytes and a comparison cost about a third of a map access.
type wordTable struct {
	keys  []string
	class []uint8
	legal []uint64
	mask  uint64
}

func newWordTable(n int) *wordTable {
	size := 1
	for size < n*4 {
		size <<= 1
	}
	return &wordTable{keys: make([]string, size), class: make([]uint8, size), legal: make([]uint64, size), mask: uint64(size - 1)}
}

func hashWord(w []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range w {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func (t *wordTable) slot(w string) int {
	h := hashWord([]byte(w)) & t.mask
	for t.keys[h] != "" && t.keys[h] != w {
		h = (h + 1) & t.mask
	}
	return int(h)
}

func (t *wordTable) add(w string, class uint8, legal uint64) {
	i := t.slot(w)
	t.keys[i] = w
	t.class[i] |= class
	t.legal[i] |= legal
}

// get returns the classes of w, whose hashWord is hw; the conversion in the comparison does not
// allocate.
func (t *wordTable) get(w []byte, hw uint64) (uint8, uint64) {
	h := hw & t.mask
	for {
		k := t.keys[h]
		if k == "" {
			return 0, 0
		}
		if k == string(w) {
			return t.class[h], t.legal[h]
		}
		h = (h + 1) & t.mask
	}
}

// hashSet is a set of 64-bit hashes with open addressing (0 marks an empty slot). It gates the
// search for "contains" phrases: a line is searched only when it holds the first word pair of
// one (or the word of a one-word phrase). A false positive only costs that search.
type hashSet struct {
	slots []uint64
	mask  uint64
}

func newHashSet(n int) *hashSet {
	size := 1
	for size < n*4 {
		size <<= 1
	}
	return &hashSet{slots: make([]uint64, size), mask: uint64(size - 1)}
}

func (s *hashSet) add(h uint64) {
	if h == 0 {
		h = 1
	}
	i := h & s.mask
	for s.slots[i] != 0 && s.slots[i] != h {
		i = (i + 1) & s.mask
	}
	s.slots[i] = h
}

func (s *hashSet) has(h uint64) bool {
	if h == 0 {
		h = 1
	}
	i := h & s.mask
	for {
		switch s.slots[i] {
		case h:
			return true
		case 0:
			return false
		}
		i = (i + 1) & s.mask
	}
}

// Keys of hashSet for phrases: one word, or the first two words.
const unigramSalt = 0x9e3779b97f4a7c15

func unigramKey(h uint64) uint64     { return h ^ unigramSalt }
func bigramKey(h1, h2 uint64) uint64 { return h1*31 ^ h2 }
