//go:build !purego

#include "textflag.h"

// func addRowsAVX2(acc *[9]int32, rows []*[9]int16)
//
// Y0 holds sums 0-7 and AX sum 8. A row is 18 bytes: VPMOVSXWD reads its first 16 (weights 0-7,
// sign-extended to int32), MOVWLSX the last two.
TEXT ·addRowsAVX2(SB), NOSPLIT, $0-32
	MOVQ    acc+0(FP), DI
	MOVQ    rows_base+8(FP), SI
	MOVQ    rows_len+16(FP), CX
	VMOVDQU (DI), Y0
	MOVL    32(DI), AX
	TESTQ   CX, CX
	JZ      done

loop:
	MOVQ      (SI), BX
	VPMOVSXWD (BX), Y1
	VPADDD    Y1, Y0, Y0
	MOVWLSX   16(BX), DX
	ADDL      DX, AX
	ADDQ      $8, SI
	DECQ      CX
	JNZ       loop

done:
	VMOVDQU Y0, (DI)
	MOVL    AX, 32(DI)
	VZEROUPPER
	RET
