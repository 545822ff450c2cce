package langid

import (
	"bytes"
	"testing"
)

// TestGramCache: the cached look-up answers what the table answers, for n-grams of real text (found
// and missing, looked up again and again) and for keys forced to share one cache slot.
func TestGramCache(t *testing.T) {
	id := newTestIdentifier(t)
	tab := id.table
	var keys []uint64
	for _, w := range []string{"les soldats russes partagent une base", "the Pentagon said", "zqxj", "Straße ñandú"} {
		rs := []rune(w)
		for i := range rs {
			h := uint64(hashStart)
			for j := i; j < len(rs) && j < i+maxOrder; j++ {
				h = hashStep(h, rs[j])
				keys = append(keys, h)
			}
		}
	}
	// Keys that map to the slot of keys[0]: the cache must tell them apart.
	slot := func(h uint64) uint64 { return (h * 0x9e3779b97f4a7c15) >> (64 - gramCacheBits) }
	for h := uint64(1); len(keys) < 400; h++ {
		if slot(h) == slot(keys[0]) {
			keys = append(keys, h, keys[0])
		}
	}
	var s scratch
	found := 0
	for round := 0; round < 3; round++ {
		for _, h := range keys {
			want := tab.lookup(h)
			got := s.lookup(tab, h)
			if (got == nil) != (want == nil) || !bytes.Equal(got, want) {
				t.Fatalf("key %#x: cached %v, table %v", h, got, want)
			}
			if want != nil {
				found++
			}
		}
	}
	if found == 0 || found == 3*len(keys) {
		t.Fatalf("%d of %d look-ups found: the test needs both kinds", found, 3*len(keys))
	}
}
