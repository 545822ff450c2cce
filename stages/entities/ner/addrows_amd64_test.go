//go:build !purego

package ner

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The assembly sums must be the generic loop's, to the bit: rows of extreme and random weights,
// every length up to past maxFeatures, accumulators that start anywhere.
func TestAddRowsAVX2(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2 on this processor")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pool := make([][NumLabels]int16, 200)
	for i := range pool {
		for y := range pool[i] {
			switch rng.IntN(4) {
			case 0:
				pool[i][y] = math.MaxInt16
			case 1:
				pool[i][y] = math.MinInt16
			default:
				pool[i][y] = int16(rng.Uint32())
			}
		}
	}
	for n := 0; n <= maxFeatures+20; n++ {
		for trial := 0; trial < 20; trial++ {
			rows := make([]*[NumLabels]int16, n)
			for k := range rows {
				rows[k] = &pool[rng.IntN(len(pool))]
			}
			var want, got [NumLabels]int32
			for y := range want {
				want[y] = int32(rng.Uint32() >> 8)
				got[y] = want[y]
			}
			addRowsGeneric(&want, rows)
			addRowsAVX2(&got, rows)
			if got != want {
				t.Fatalf("%d rows: AVX2 %v, generic %v", n, got, want)
			}
		}
	}
}
