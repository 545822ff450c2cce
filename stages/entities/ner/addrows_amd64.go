//go:build !purego

package ner

import "golang.org/x/sys/cpu"

// hasAVX2 selects addRowsAVX2. Every x86-64 processor of the last ten years has AVX2, but the Go
// toolchain's default target (GOAMD64=v1) does not assume it.
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

//go:noescape
func addRowsAVX2(acc *[NumLabels]int32, rows []*[NumLabels]int16)
