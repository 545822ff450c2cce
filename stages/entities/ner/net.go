package ner

import (
	"fmt"
	"math"
	"unicode"
	"unicode/utf8"
)

// Net is a small window network over word vectors whose label scores the recogniser adds to the
// perceptron's emissions. The perceptron knows the words it saw in training; the net sees every
// word through its vector (GloVe, trained on billions of words), so an unseen name gets the
// scores of the names its vector lies near. Measured on WikiNEuRal EN dev, the perceptron alone
// scores 85.0, the net alone 81–83, together 86.2 (stages/entities/models/README.md).
//
// Shape: each word of a five-word window gives its vector projected to netK dimensions, its
// capitalisation class and whether it has a vector; one hidden layer of netH units clipped to
// [0, 6]; nine label scores. Everything before the clip is a sum over the window's words, so each
// word's share of it at each window position is computed once per word and kept in the word
// cache (netWord); a token then costs netPos·netH additions and a netH × NumLabels product.
type Net struct {
	// Weight converts the net's scores into emission units: the model's weights are int16 at
	// Model.Scale per unit, and the net's scores count Weight units each. Chosen on dev.
	Weight float32
	W1     [netPos][netIn][netH]float32 // position, input, hidden unit
	B1     [netH]float32
	W2     [NumLabels][netH]float32
	B2     [NumLabels]float32
	// The projected vectors, netK int8 per word, at vecScale per unit: word number i (from 1)
	// of the lexicon's codes (netShift) is vecs[(i-1)*netK:].
	vecScale float32
	vecs     []int8
}

const (
	netK     = 24
	netH     = 48
	netWin   = 2
	netPos   = 2*netWin + 1
	netCaps  = 5              // capitalisation classes (capsClass)
	netUnk   = netK + netCaps // input set for a word without a vector
	netPad   = netUnk + 1     // input set for a position outside the sentence
	netIn    = netPad + 1
	netClip  = 6
	netShift = 13 // lexicon code bits of a word's vector number (0: none)
	netBits  = 19
	netMask  = 1<<netBits - 1
)

// hasUpper says whether w has a capital letter ("Paris", "mid-April", "iPhone"). The net scores
// only the tokens with such a word in their window: elsewhere (two tokens in three of news text)
// it would only confirm O.
func hasUpper(w string) bool { return upperClass(capsClass(w)) }

// upperClass says whether capsClass c has a capital letter.
func upperClass(c int) bool { return c >= 1 && c <= 3 }

// netWord is a word's share of the hidden layer's input at each of the window's positions.
type netWord [netPos][netH]float32

// capsClass sorts a word by its capitals: lower case, capitalised, all capitals, mixed, none
// (digits and punctuation).
func capsClass(w string) int {
	r, _ := utf8.DecodeRuneInString(w)
	upper, lower := 0, 0
	for _, c := range w {
		switch {
		case unicode.IsUpper(c):
			upper++
		case unicode.IsLower(c):
			lower++
		}
	}
	switch {
	case upper == 0 && lower > 0:
		return 0
	case upper == 1 && unicode.IsUpper(r):
		return 1
	case upper > 1 && lower == 0:
		return 2
	case upper > 0:
		return 3
	}
	return 4
}

// vector writes word code's projected vector into x and says whether it has one.
func (n *Net) vector(code uint64, x *[netK]float32) bool {
	i := int(code >> netShift & netMask)
	if i == 0 || i*netK > len(n.vecs) {
		return false
	}
	for k, q := range n.vecs[(i-1)*netK : i*netK] {
		x[k] = float32(q) * n.vecScale
	}
	return true
}

// word computes u, the share of word w (lexicon code code) at each position, and says whether w
// has a capital letter (hasUpper), which its capitalisation class tells anyway.
func (n *Net) word(u *netWord, w string, code uint64) bool {
	var x [netK]float32
	has := n.vector(code, &x)
	c := capsClass(w)
	for p := range netPos {
		up := &u[p]
		*up = n.W1[p][netK+c]
		if !has {
			addVec(up, &n.W1[p][netUnk])
			continue
		}
		for k, v := range x {
			axpy(up, &n.W1[p][k], v)
		}
	}
	return upperClass(c)
}

// pad computes the share of a position outside the sentence.
func (n *Net) pad(u *netWord) {
	for p := range netPos {
		u[p] = n.W1[p][netPad]
	}
}

// netScoresGeneric writes the label scores of the token whose window holds the words of w (w[2]
// is the token's own). Each product is rounded before it is added (float32(…) keeps compilers
// from fusing them) and the sums run in eight lanes folded as the assembly folds them, so both
// give the same floats.
func netScoresGeneric(n *Net, w *[netPos]*netWord, o *[NumLabels]float32) {
	var h [netH]float32
	for j := range netH {
		a := n.B1[j] + w[0][0][j]
		a += w[1][1][j]
		a += w[2][2][j]
		a += w[3][3][j]
		a += w[4][4][j]
		h[j] = min(max(a, 0), netClip)
	}
	for y := range NumLabels {
		row := &n.W2[y]
		var lane [8]float32
		for c := 0; c < netH; c += 8 {
			for l := range lane {
				lane[l] += float32(row[c+l] * h[c+l])
			}
		}
		for l := range 4 {
			lane[l] += lane[l+4]
		}
		for l := range 2 {
			lane[l] += lane[l+2]
		}
		o[y] = (lane[0] + lane[1]) + n.B2[y]
	}
}

// emit adds the net's scores, in emission units, to acc.
func (n *Net) emit(w *[netPos]*netWord, acc *[NumLabels]int32) {
	var o [NumLabels]float32
	netScores(n, w, &o)
	for y, s := range o {
		acc[y] += int32(math.Round(float64(n.Weight * s)))
	}
}

func axpy(dst, x *[netH]float32, a float32) {
	for j, v := range x {
		dst[j] += a * v
	}
}

func addVec(dst, x *[netH]float32) {
	for j, v := range x {
		dst[j] += v
	}
}

// write appends the net to a model file (see Model.Save).
func (n *Net) write(putU func(uint64), putS func(string)) {
	if n == nil {
		putU(0)
		return
	}
	putU(1)
	putU(netK)
	putU(netH)
	putU(netWin)
	putU(netIn)
	fl := make([]byte, 0, 4*(netPos*netIn*netH+netH+NumLabels*netH+NumLabels+2))
	f := func(v float32) {
		b := math.Float32bits(v)
		fl = append(fl, byte(b), byte(b>>8), byte(b>>16), byte(b>>24))
	}
	f(n.Weight)
	f(n.vecScale)
	for p := range n.W1 {
		for k := range n.W1[p] {
			for _, v := range n.W1[p][k] {
				f(v)
			}
		}
	}
	for _, v := range n.B1 {
		f(v)
	}
	for y := range n.W2 {
		for _, v := range n.W2[y] {
			f(v)
		}
	}
	for _, v := range n.B2 {
		f(v)
	}
	putS(string(fl))
	vb := make([]byte, len(n.vecs))
	for i, q := range n.vecs {
		vb[i] = byte(q)
	}
	putS(string(vb))
}

// readNet reads what write wrote; nil, nil when the file has no net.
func readNet(getU func() uint64, getB func() []byte) (*Net, error) {
	if getU() == 0 {
		return nil, nil
	}
	if k, h, win, in := getU(), getU(), getU(), getU(); k != netK || h != netH || win != netWin || in != netIn {
		return nil, fmt.Errorf("%w: net of %d×%d, window %d, %d inputs", ErrFormat, k, h, win, in)
	}
	fl := getB()
	if len(fl) != 4*(2+netPos*netIn*netH+netH+NumLabels*netH+NumLabels) {
		return nil, fmt.Errorf("%w: net weights of %d bytes", ErrFormat, len(fl))
	}
	f := func() float32 {
		v := math.Float32frombits(uint32(fl[0]) | uint32(fl[1])<<8 | uint32(fl[2])<<16 | uint32(fl[3])<<24)
		fl = fl[4:]
		return v
	}
	n := &Net{Weight: f(), vecScale: f()}
	for p := range n.W1 {
		for k := range n.W1[p] {
			for j := range n.W1[p][k] {
				n.W1[p][k][j] = f()
			}
		}
	}
	for j := range n.B1 {
		n.B1[j] = f()
	}
	for y := range n.W2 {
		for j := range n.W2[y] {
			n.W2[y][j] = f()
		}
	}
	for y := range n.B2 {
		n.B2[y] = f()
	}
	vb := getB()
	if len(vb)%netK != 0 || len(vb)/netK > netMask {
		return nil, fmt.Errorf("%w: net vectors of %d bytes", ErrFormat, len(vb))
	}
	n.vecs = make([]int8, len(vb))
	for i, b := range vb {
		n.vecs[i] = int8(b)
	}
	return n, nil
}
