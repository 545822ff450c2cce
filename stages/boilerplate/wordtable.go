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

// get returns the classes of w; the conversion in the comparison does not allocate.
func (t *wordTable) get(w []byte) (uint8, uint64) {
	h := hashWord(w) & t.mask
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
