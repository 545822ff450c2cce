// Package hashtab is the langid stage's hash table, on disk and in memory the same bytes: 64-bit
// FNV-1a hashes of lower-case strings (code point by code point) mapped to a fixed number of value
// bytes, with only a 32-bit fingerprint of each key kept. Parse uses the bytes it is given as the
// table, without copying, so a table embedded in the binary costs no start-up time and no Go heap
// (the garbage collector neither scans it nor counts it towards its pacing), and only the pages
// lookups touch become resident. The build tools (internal/modelgen, internal/lexgen) and the stage
// share this code, so the hash function cannot drift between them; the header carries a check value
// besides.
package hashtab

import (
	"encoding/binary"
	"errors"
	"io"
	"math/bits"
)

// Start and Step are FNV-1a over code points, so the hash of a string extends to the hash of a
// longer string that starts with it in one step.
const Start uint64 = 14695981039346656037

// Step extends a hash by one code point.
func Step(h uint64, r rune) uint64 {
	h ^= uint64(r)
	h *= 1099511628211
	return h
}

// String hashes s code point by code point.
func String(s string) uint64 {
	h := Start
	for _, r := range s {
		h = Step(h, r)
	}
	return h
}

// mix spreads the bits, since FNV-1a leaves short inputs poorly mixed.
func mix(h uint64) uint64 {
	h ^= h >> 31
	h *= 0x9e3779b97f4a7c15
	h ^= h >> 29
	return h
}

// Table maps hashes to Width value bytes. The slot comes from the high bits of the mixed hash
// and the fingerprint from its low 32 bits, so a false match needs two keys agreeing on both
// within one probe run: negligible for a table of about a million keys.
type Table struct {
	Width int
	size  uint64
	fps   []byte // little-endian uint32 per slot, 0 = empty
	vals  []byte // Width bytes per slot
	n     int
}

// loadFactor is the share of slots in use: misses, the common case for 4- and 5-grams, probe a
// run of about six slots, which is one cache line of fingerprints.
const loadFactor = 0.7

// New returns an empty table sized for n keys.
func New(n, width int) *Table {
	size := uint64(float64(n)/loadFactor) + 1
	return &Table{Width: width, size: size, fps: make([]byte, 4*size), vals: make([]byte, int(size)*width)}
}

// Len is the number of keys.
func (t *Table) Len() int { return t.n }

// Bytes is the memory the table spans.
func (t *Table) Bytes() int { return len(t.fps) + len(t.vals) }

func (t *Table) start(h uint64) (uint64, uint32) {
	h = mix(h)
	slot, _ := bits.Mul64(h, t.size)
	return slot, uint32(h) | 1
}

// Find returns the values of h (a Width-byte slice into the table, not to be written) or nil.
func (t *Table) Find(h uint64) []byte {
	i, fp := t.start(h)
	for {
		switch binary.LittleEndian.Uint32(t.fps[4*i:]) {
		case fp:
			return t.vals[int(i)*t.Width : int(i+1)*t.Width]
		case 0:
			return nil
		}
		if i++; i == t.size {
			i = 0
		}
	}
}

// Put stores v under h, or ORs it into the values already there. Only for tables made by New.
func (t *Table) Put(h uint64, v []byte) {
	i, fp := t.start(h)
	for {
		cur := binary.LittleEndian.Uint32(t.fps[4*i:])
		if cur == 0 || cur == fp {
			if cur == 0 {
				if uint64(t.n+1) >= t.size {
					panic("hashtab: table full")
				}
				t.n++
				binary.LittleEndian.PutUint32(t.fps[4*i:], fp)
			}
			dst := t.vals[int(i)*t.Width : int(i+1)*t.Width]
			for k := range dst {
				dst[k] |= v[k]
			}
			return
		}
		if i++; i == t.size {
			i = 0
		}
	}
}

const magic = "DPHASHTAB2"

// headerSize is the magic, the check value and three uint64: width, size, keys.
const headerSize = len(magic) + 8 + 3*8

// check is the hash of a fixed string, stored in the header so that a table written with another
// hash function is refused.
var check = String("depeche langid éß")

// WriteTo writes the header, then the fingerprints, then the values.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	head := make([]byte, headerSize)
	copy(head, magic)
	p := head[len(magic):]
	binary.LittleEndian.PutUint64(p, check)
	binary.LittleEndian.PutUint64(p[8:], uint64(t.Width))
	binary.LittleEndian.PutUint64(p[16:], t.size)
	binary.LittleEndian.PutUint64(p[24:], uint64(t.n))
	var total int64
	for _, b := range [][]byte{head, t.fps, t.vals} {
		n, err := w.Write(b)
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Parse returns the table that WriteTo wrote into data, using data itself as its memory: data must
// outlive the table and must not change. The table is read-only: Put on it is an error of the
// caller's.
func Parse(data []byte) (*Table, error) {
	if len(data) < headerSize || string(data[:len(magic)]) != magic {
		return nil, errors.New("hashtab: bad header")
	}
	p := data[len(magic):]
	if binary.LittleEndian.Uint64(p) != check {
		return nil, errors.New("hashtab: written with another hash function; rebuild the table")
	}
	width := binary.LittleEndian.Uint64(p[8:])
	size := binary.LittleEndian.Uint64(p[16:])
	n := binary.LittleEndian.Uint64(p[24:])
	if width == 0 || width > 64 || size == 0 || n >= size || size > 1<<32 {
		return nil, errors.New("hashtab: bad sizes")
	}
	body := data[headerSize:]
	if uint64(len(body)) != size*(4+width) {
		return nil, errors.New("hashtab: length does not match the header")
	}
	return &Table{Width: int(width), size: size, fps: body[:4*size], vals: body[4*size:], n: int(n)}, nil
}
