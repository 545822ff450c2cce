package ner

import "math/bits"

// table is the weight table as Predict reads it. The hashed table has 1<<Bits rows of NumLabels
// weights, but only about a third of them are ever non-zero (fr 355k, en 413k of 1M) and a feature
// of unseen text usually lands on a zero row. So only the live rows are stored, packed in row
// order, and a bitmap with a running count per 64 rows finds them: the bitmap (256 KB) stays in
// the core's cache and answers "zero row" without touching the weights, and the packed rows are
// 7 MB instead of 19, so the look-ups that remain miss the cache less. The weights, and so every
// prediction, are exactly those of the dense table.
type table struct {
	blocks []block // one per 64 rows
	rows   []int16 // the live rows, NumLabels weights each, in row order
}

// block covers 64 rows: which are live, and how many live rows come before them.
type block struct {
	live uint64
	rank uint32
	_    uint32 // 16 bytes, so a block never straddles a cache line
}

// tableBuilder appends live rows in increasing row order.
type tableBuilder struct {
	t    table
	last int
}

func newTableBuilder(nrows, live int) *tableBuilder {
	return &tableBuilder{
		// Row 0 of rows is the zero row every dead row maps to.
		t:    table{blocks: make([]block, (nrows+63)/64), rows: make([]int16, NumLabels, (live+1)*NumLabels)},
		last: -1,
	}
}

// add appends row r (which must be above every row added before) unless it is all zero.
func (b *tableBuilder) add(r int, w []int16) {
	if zeroRow(w) {
		return
	}
	if r <= b.last {
		panic("ner: table rows out of order")
	}
	b.last = r
	b.t.blocks[r>>6].live |= 1 << (r & 63)
	b.t.rows = append(b.t.rows, w[:NumLabels]...)
}

// done fills in the running counts.
func (b *tableBuilder) done() table {
	n := uint32(0)
	for i := range b.t.blocks {
		b.t.blocks[i].rank = n
		n += uint32(bits.OnesCount64(b.t.blocks[i].live))
	}
	return b.t
}

// compact builds the table of a dense row-major weight slice.
func compact(w []int16) table {
	nrows := len(w) / NumLabels
	live := 0
	for r := 0; r < nrows; r++ {
		if !zeroRow(w[r*NumLabels : (r+1)*NumLabels]) {
			live++
		}
	}
	b := newTableBuilder(nrows, live)
	for r := 0; r < nrows; r++ {
		b.add(r, w[r*NumLabels:(r+1)*NumLabels])
	}
	return b.done()
}

// row returns the weights of row r. A zero row is the shared one in front of the live rows,
// chosen by arithmetic rather than a branch: whether a feature was seen in training is a coin
// toss the branch predictor loses, and each miss would stall the loads queued behind it.
func (t *table) row(r uint64) *[NumLabels]int16 {
	b := &t.blocks[r>>6]
	sh := r & 63
	isLive := int(b.live>>sh) & 1
	k := (int(b.rank) + bits.OnesCount64(b.live&(1<<sh-1)) + 1) * isLive * NumLabels
	return (*[NumLabels]int16)(t.rows[k : k+NumLabels])
}

// live is the number of non-zero rows.
func (t *table) live() int { return len(t.rows)/NumLabels - 1 }

// each calls f for every live row in row order.
func (t *table) each(f func(r int, w []int16)) {
	k := NumLabels
	for i, b := range t.blocks {
		for m := b.live; m != 0; m &= m - 1 {
			f(i<<6|bits.TrailingZeros64(m), t.rows[k:k+NumLabels])
			k += NumLabels
		}
	}
}

// dense returns the full row-major table (for blending models).
func (t *table) dense(nrows int) []int16 {
	w := make([]int16, nrows*NumLabels)
	t.each(func(r int, row []int16) { copy(w[r*NumLabels:], row) })
	return w
}
