//go:build !amd64 || purego

package ner

func addRows(acc *[NumLabels]int32, rows []*[NumLabels]int16) { addRowsGeneric(acc, rows) }

func viterbiStep(prev, cur, em *[NumLabels]int32, bk *[NumLabels]uint8, tc *[NumLabels][NumLabels]int32) {
	viterbiStepGeneric(prev, cur, em, bk, tc)
}

func netScores(n *Net, w *[netPos]*netWord, o *[NumLabels]float32) { netScoresGeneric(n, w, o) }
