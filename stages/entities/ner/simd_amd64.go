//go:build !purego

package ner

import "golang.org/x/sys/cpu"

// hasAVX2 selects the assembly versions of the recogniser's two innermost loops. Every x86-64
// processor of the last ten years has AVX2, but the Go toolchain's default target (GOAMD64=v1)
// does not assume it.
var hasAVX2 = cpu.X86.HasAVX2

// addRows adds weight rows to acc. With AVX2, one instruction widens a row's first eight int16
// weights to int32 and a second adds them to eight sums held in one register, where the generic
// loop spends nine loads and nine additions.
func addRows(acc *[NumLabels]int32, rows []*[NumLabels]int16) {
	if hasAVX2 {
		addRowsAVX2(acc, rows)
		return
	}
	addRowsGeneric(acc, rows)
}

// viterbiStep is viterbiStepGeneric. With AVX2, the five labels that may follow any label (O and
// the B-X) add the eight first predecessors' scores and transitions in one instruction and find
// their maximum and its first position in a dozen more; the ninth and the I-X labels' two
// candidates are compared one by one, in the generic loop's order.
func viterbiStep(prev, cur, em *[NumLabels]int32, bk *[NumLabels]uint8, tc *[NumLabels][NumLabels]int32) {
	if hasAVX2 {
		viterbiStepAVX2(prev, cur, em, bk, tc)
		return
	}
	viterbiStepGeneric(prev, cur, em, bk, tc)
}

//go:noescape
func viterbiStepAVX2(prev, cur, em *[NumLabels]int32, bk *[NumLabels]uint8, tc *[NumLabels][NumLabels]int32)

//go:noescape
func addRowsAVX2(acc *[NumLabels]int32, rows []*[NumLabels]int16)

// netScores is netScoresGeneric. With AVX2, the 48 hidden units sit in six registers and each label's
// score is six multiplications and additions and a fold of eight lanes, in the generic loop's
// order, so both give the same floats.
func netScores(n *Net, w *[netPos]*netWord, o *[NumLabels]float32) {
	if hasAVX2 {
		netScoresAVX2(&n.B1, w, &n.W2, &n.B2, o)
		return
	}
	netScoresGeneric(n, w, o)
}

//go:noescape
func netScoresAVX2(b1 *[netH]float32, w *[netPos]*netWord, w2 *[NumLabels][netH]float32, b2 *[NumLabels]float32, o *[NumLabels]float32)

// The assembly is written for these sizes.
var _ = [1]struct{}{}[netH-48+netPos-5]
