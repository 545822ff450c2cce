//go:build !amd64 || purego

package ner

func addRows(acc *[NumLabels]int32, rows []*[NumLabels]int16) { addRowsGeneric(acc, rows) }
