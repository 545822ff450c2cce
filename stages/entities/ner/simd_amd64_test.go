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

// The assembly step must pick the generic step's scores and back-pointers, ties included: values
// drawn from a handful make ties common, and the scores of labels Viterbi rules out are negInf.
func TestViterbiStepAVX2(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2 on this processor")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	draw := func(spread int) int32 {
		switch rng.IntN(8) {
		case 0:
			return negInf
		case 1:
			return negInf - int32(rng.IntN(100))
		}
		return int32(rng.IntN(2*spread+1) - spread)
	}
	for trial := 0; trial < 200000; trial++ {
		spread := []int{1, 3, 1000, 1 << 20}[trial%4]
		var prev, em [NumLabels]int32
		var tc [NumLabels][NumLabels]int32
		for y := range prev {
			prev[y], em[y] = draw(spread), draw(spread)
			for a := range tc[y] {
				tc[y][a] = draw(spread)
			}
		}
		var cur, want [NumLabels]int32
		var bk, wantBk [NumLabels]uint8
		viterbiStepGeneric(&prev, &want, &em, &wantBk, &tc)
		viterbiStepAVX2(&prev, &cur, &em, &bk, &tc)
		if cur != want || bk != wantBk {
			t.Fatalf("prev %v em %v tc %v:\nAVX2    %v %v\ngeneric %v %v", prev, em, tc, cur, bk, want, wantBk)
		}
	}
}

// The net's assembly scores must be the generic loop's floats, to the bit, hidden units clipped
// at both ends included.
func TestNetScoresAVX2(t *testing.T) {
	if !hasAVX2 {
		t.Skip("no AVX2 on this processor")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	f := func() float32 { return float32(rng.NormFloat64() * 3) }
	for trial := 0; trial < 200; trial++ {
		n := new(Net)
		for j := range n.B1 {
			n.B1[j] = f()
		}
		for y := range n.W2 {
			for j := range n.W2[y] {
				n.W2[y][j] = f()
			}
			n.B2[y] = f()
		}
		var words [netPos]netWord
		var w [netPos]*netWord
		for p := range words {
			for q := range words[p] {
				for j := range words[p][q] {
					words[p][q][j] = f()
				}
			}
			w[p] = &words[p]
		}
		var got, want [NumLabels]float32
		netScoresAVX2(&n.B1, &w, &n.W2, &n.B2, &got)
		netScoresGeneric(n, &w, &want)
		for y := range got {
			if math.Float32bits(got[y]) != math.Float32bits(want[y]) {
				t.Fatalf("trial %d label %d: assembly %v, generic %v", trial, y, got[y], want[y])
			}
		}
	}
}
