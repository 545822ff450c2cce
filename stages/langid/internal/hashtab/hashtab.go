// Package hashtab is the langid stage's on-disk and in-memory hash table: 64-bit FNV-1a hashes of
// lower-case strings (code point by code point) mapped to a fixed number of value bytes, with only
// a 32-bit fingerprint of each key kept. The table is written in slot order, so that loading it
// is a sequential copy rather than a million random inserts: the stage starts in a fraction of the
// time. The build tools (internal/modelgen, internal/lexgen) and the stage share this code, so
// the hash function cannot drift between them; the file header carries a check value besides.
package hashtab

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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

// finish mixes the bits, since FNV-1a leaves the low bits of short inputs poorly spread.
func finish(h uint64) uint64 {
	h ^= h >> 31
	h *= 0x9e3779b97f4a7c15
	h ^= h >> 29
	return h
}

// Table maps hashes to Width value bytes. A false match needs another key with the same 32-bit
// fingerprint within one short probe run, which a table of about a million keys at most 2/3 full
// makes negligible.
type Table struct {
	Width int
	mask  uint64
	fps   []uint32
	vals  []byte
	n     int
}

// New returns an empty table sized for n keys.
func New(n, width int) *Table {
	size := uint64(1)
	for size < uint64(n)*3/2 {
		size <<= 1
	}
	return &Table{Width: width, mask: size - 1, fps: make([]uint32, size), vals: make([]byte, int(size)*width)}
}

// Len is the number of keys.
func (t *Table) Len() int { return t.n }

// Bytes is the memory the table holds.
func (t *Table) Bytes() int { return 4*len(t.fps) + len(t.vals) }

// Find returns the values of h (a Width-byte slice into the table) or nil.
func (t *Table) Find(h uint64) []byte {
	h = finish(h)
	fp := uint32(h>>32) | 1
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.fps[i] {
		case fp:
			return t.vals[int(i)*t.Width : int(i+1)*t.Width]
		case 0:
			return nil
		}
	}
}

// Put stores v under h, or ORs it into the values already there.
func (t *Table) Put(h uint64, v []byte) {
	h = finish(h)
	fp := uint32(h>>32) | 1
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		if t.fps[i] == 0 || t.fps[i] == fp {
			if t.fps[i] == 0 {
				t.n++
			}
			t.fps[i] = fp
			dst := t.vals[int(i)*t.Width : int(i+1)*t.Width]
			for k := range dst {
				dst[k] |= v[k]
			}
			return
		}
	}
}

const magic = "DPHASHTAB1"

// check is the hash of a fixed string, stored in the header so that a table written with another
// hash function is refused.
var check = String("depeche langid éß")

// WriteTo writes the table in slot order: per occupied slot, the gap since the previous one
// (uvarint), the fingerprint and the values.
func (t *Table) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var tmp [binary.MaxVarintLen64]byte
	bw.WriteString(magic)
	binary.Write(bw, binary.LittleEndian, check)
	bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(t.Width))])
	bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(t.fps)))])
	bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(t.n))])
	last := -1
	for i, fp := range t.fps {
		if fp == 0 {
			continue
		}
		bw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(i-last))])
		binary.LittleEndian.PutUint32(tmp[:4], fp)
		bw.Write(tmp[:4])
		bw.Write(t.vals[i*t.Width : (i+1)*t.Width])
		last = i
	}
	return 0, bw.Flush()
}

// Parse loads a table written by WriteTo from memory (an embedded file, say), without copying the
// input.
func Parse(data []byte) (*Table, error) {
	if len(data) < len(magic)+8 || string(data[:len(magic)]) != magic {
		return nil, errors.New("hashtab: bad header")
	}
	if binary.LittleEndian.Uint64(data[len(magic):]) != check {
		return nil, errors.New("hashtab: written with another hash function; rebuild the table")
	}
	p := data[len(magic)+8:]
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(p)
		if n <= 0 {
			return 0, false
		}
		p = p[n:]
		return v, true
	}
	width, ok1 := uvarint()
	size, ok2 := uvarint()
	n, ok3 := uvarint()
	if !ok1 || !ok2 || !ok3 || width == 0 || width > 64 || size == 0 || size&(size-1) != 0 ||
		size > 1<<28 || n > size {
		return nil, errors.New("hashtab: bad sizes")
	}
	w := int(width)
	// New sizes a table to under 3 slots per key, and each key takes at least 5+w bytes: anything
	// else is corrupt, and must not make us allocate gigabytes.
	if size > 3*n+64 || n > uint64(len(p)/(5+w)) {
		return nil, errors.New("hashtab: sizes do not match the data")
	}
	t := &Table{Width: w, mask: size - 1, fps: make([]uint32, size), vals: make([]byte, int(size)*w), n: int(n)}
	slot := -1
	for k := range n {
		gap, ok := uvarint()
		if !ok || gap == 0 || gap > size || int64(slot)+int64(gap) >= int64(size) {
			return nil, fmt.Errorf("hashtab: key %d: bad slot", k)
		}
		slot += int(gap)
		if len(p) < 4+w {
			return nil, fmt.Errorf("hashtab: key %d: truncated", k)
		}
		fp := binary.LittleEndian.Uint32(p)
		if fp == 0 {
			return nil, fmt.Errorf("hashtab: key %d: zero fingerprint", k)
		}
		t.fps[slot] = fp
		copy(t.vals[slot*w:(slot+1)*w], p[4:4+w])
		p = p[4+w:]
	}
	if len(p) != 0 {
		return nil, errors.New("hashtab: trailing bytes")
	}
	return t, nil
}
