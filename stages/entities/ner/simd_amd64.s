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

// Registers of viterbiStepAVX2: SI prev, DI cur, DX em, R8 bk, R9 tc (row y of tc, the
// transitions into y, at y*36), Y0 prev[0:8], R10 prev[8], R12 negInf. Each label leaves its
// best score in BX and its predecessor in CX.

// FULL(y): O or B-X, the best of all nine predecessors, the first on ties (as best9).
#define FULL(y) \
	VPADDD       (y*36)(R9), Y0, Y1 \
	MOVL         (y*36+32)(R9), AX  \
	ADDL         R10, AX            \
	VEXTRACTI128 $1, Y1, X2         \
	VPMAXSD      X1, X2, X2         \
	VPSHUFD      $0x4E, X2, X3      \
	VPMAXSD      X3, X2, X2         \
	VPSHUFD      $0xB1, X2, X3      \
	VPMAXSD      X3, X2, X2         \
	VPBROADCASTD X2, Y3             \
	VPCMPEQD     Y3, Y1, Y3         \
	VMOVMSKPS    Y3, CX             \
	BSFL         CX, CX             \
	VMOVD        X2, BX             \
	MOVL         $8, R11            \
	CMPL         AX, BX             \
	CMOVLGT      AX, BX             \
	CMOVLGT      R11, CX            \
	XORL         R11, R11           \
	CMPL         BX, R12            \
	CMOVLLE      R12, BX            \
	CMOVLLE      R11, CX            \
	STORE(y)

// INSIDE(y): I-X, whose only candidates are B-X (y-1) and I-X (y), tried in that order.
#define INSIDE(y) \
	MOVL    R12, BX                \
	XORL    CX, CX                 \
	MOVL    ((y-1)*4)(SI), AX      \
	ADDL    (y*36+(y-1)*4)(R9), AX \
	MOVL    $(y-1), R11            \
	CMPL    AX, BX                 \
	CMOVLGT AX, BX                 \
	CMOVLGT R11, CX                \
	MOVL    (y*4)(SI), AX          \
	ADDL    (y*36+y*4)(R9), AX     \
	MOVL    $y, R11                \
	CMPL    AX, BX                 \
	CMOVLGT AX, BX                 \
	CMOVLGT R11, CX                \
	STORE(y)

#define STORE(y) \
	ADDL (y*4)(DX), BX \
	MOVL BX, (y*4)(DI) \
	MOVB CX, y(R8)

// func viterbiStepAVX2(prev, cur, em *[9]int32, bk *[9]uint8, tc *[9][9]int32)
TEXT ·viterbiStepAVX2(SB), NOSPLIT, $0-40
	MOVQ    prev+0(FP), SI
	MOVQ    cur+8(FP), DI
	MOVQ    em+16(FP), DX
	MOVQ    bk+24(FP), R8
	MOVQ    tc+32(FP), R9
	VMOVDQU (SI), Y0
	MOVL    32(SI), R10
	MOVL    $-1073741824, R12
	FULL(0)
	FULL(1)
	INSIDE(2)
	FULL(3)
	INSIDE(4)
	FULL(5)
	INSIDE(6)
	FULL(7)
	INSIDE(8)
	VZEROUPPER
	RET
