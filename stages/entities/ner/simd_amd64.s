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

DATA six<>+0(SB)/4, $6.0
GLOBL six<>(SB), RODATA|NOPTR, $4

// OUT(y): o[y] = b2[y] + the dot product of w2[y] and the hidden units in Y0-Y5, in the order of
// netScoresGeneric: eight lane sums over the six blocks, then lanes l+4, l+2, l+1 folded in.
#define OUT(y) \
	VMULPS       (y*192)(CX), Y0, Y8     \
	VMULPS       (y*192+32)(CX), Y1, Y9  \
	VADDPS       Y9, Y8, Y8              \
	VMULPS       (y*192+64)(CX), Y2, Y9  \
	VADDPS       Y9, Y8, Y8              \
	VMULPS       (y*192+96)(CX), Y3, Y9  \
	VADDPS       Y9, Y8, Y8              \
	VMULPS       (y*192+128)(CX), Y4, Y9 \
	VADDPS       Y9, Y8, Y8              \
	VMULPS       (y*192+160)(CX), Y5, Y9 \
	VADDPS       Y9, Y8, Y8              \
	VEXTRACTF128 $1, Y8, X9              \
	VADDPS       X9, X8, X8              \
	VMOVHLPS     X8, X9, X9              \
	VADDPS       X9, X8, X8              \
	VMOVSHDUP    X8, X9                  \
	VADDSS       X9, X8, X8              \
	VADDSS       (y*4)(DX), X8, X8       \
	VMOVSS       X8, (y*4)(DI)

// ADDPOS(p): the hidden units in Y0-Y5 += position p's share of the word at w[p].
#define ADDPOS(p) \
	MOVQ   (p*8)(BX), SI              \
	VADDPS (p*192)(SI), Y0, Y0        \
	VADDPS (p*192+32)(SI), Y1, Y1     \
	VADDPS (p*192+64)(SI), Y2, Y2     \
	VADDPS (p*192+96)(SI), Y3, Y3     \
	VADDPS (p*192+128)(SI), Y4, Y4    \
	VADDPS (p*192+160)(SI), Y5, Y5

// func netScoresAVX2(b1 *[48]float32, w *[5]*netWord, w2 *[9][48]float32, b2 *[9]float32, o *[9]float32)
TEXT ·netScoresAVX2(SB), NOSPLIT, $0-40
	MOVQ    b1+0(FP), AX
	MOVQ    w+8(FP), BX
	MOVQ    w2+16(FP), CX
	MOVQ    b2+24(FP), DX
	MOVQ    o+32(FP), DI
	VMOVUPS 0(AX), Y0
	VMOVUPS 32(AX), Y1
	VMOVUPS 64(AX), Y2
	VMOVUPS 96(AX), Y3
	VMOVUPS 128(AX), Y4
	VMOVUPS 160(AX), Y5
	ADDPOS(0)
	ADDPOS(1)
	ADDPOS(2)
	ADDPOS(3)
	ADDPOS(4)
	VXORPS       Y6, Y6, Y6
	VBROADCASTSS six<>(SB), Y7
	VMAXPS       Y6, Y0, Y0
	VMAXPS       Y6, Y1, Y1
	VMAXPS       Y6, Y2, Y2
	VMAXPS       Y6, Y3, Y3
	VMAXPS       Y6, Y4, Y4
	VMAXPS       Y6, Y5, Y5
	VMINPS       Y7, Y0, Y0
	VMINPS       Y7, Y1, Y1
	VMINPS       Y7, Y2, Y2
	VMINPS       Y7, Y3, Y3
	VMINPS       Y7, Y4, Y4
	VMINPS       Y7, Y5, Y5
	OUT(0)
	OUT(1)
	OUT(2)
	OUT(3)
	OUT(4)
	OUT(5)
	OUT(6)
	OUT(7)
	OUT(8)
	VZEROUPPER
	RET
