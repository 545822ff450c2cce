package dates

// Resolution turns a parsed expression into calendar values against the anchor (CONVENTIONS.md
// §3–§7): year inference for year-less dates, weekdays, parts, relative units.

type resolver struct {
	ref     day
	hasRef  bool
	bias    Bias
	lang    string
	prev    day // the start of the last date of the text, for "la veille", "deux jours plus tard"
	prevG   grain
	hasPrev bool
	// The year and month (0: none) of the last expression that wrote its year out. Once an
	// article has said "mi-mars 2020", its next year-less "le 14 mars" is that March, not the
	// one closest to a September publication date (CONVENTIONS §3 leaves context to systems).
	namedY, namedM int
	clause         clause // where the expression being resolved lies, for its tense
}

// clause is an expression's place in the text; its tense is read only when a year depends on it.
type clause struct {
	p      *parser
	ts, te int
}

// noteNamed records the year and month an expression wrote out, for the year-less ones after it.
// A written year without a month ("en 2021") ends the month's context.
func (r *resolver) noteNamed(e expr) {
	switch {
	case e.kind == kCal && e.hasY:
		r.namedY, r.namedM = e.y, e.m
	case e.kind == kRange && len(e.sub) == 2:
		for _, s := range e.sub {
			if s.kind == kCal && s.hasY {
				r.namedY, r.namedM = s.y, s.m
			}
		}
	}
}

// namedYear is the year of a year-less month or day of month that the text has just named in
// full: the month of the last written-out year, when it is one of the candidate years.
func (r *resolver) namedYear(e expr) (int, bool) {
	if e.hasY || e.m == 0 || e.m != r.namedM || e.mark != mNone || e.wd != 0 || e.ctx || e.after2 ||
		r.bias == Future || !r.hasRef {
		return 0, false
	}
	if ry := refYear(r); r.namedY < ry-1 || r.namedY > ry+1 {
		return 0, false
	}
	return r.namedY, true
}

// remember records a resolved date as the context of the next relative ones.
func (r *resolver) remember(v res) {
	switch {
	case v.open == prUntil:
		return
	case v.hasTime:
		r.prev, r.prevG, r.hasPrev = v.from, gDay, true
	default:
		r.prev, r.prevG, r.hasPrev = v.from, v.g, true
	}
}

// res is a resolved value: a point at grain g (from) or an interval [from, to) at grain g.
type res struct {
	from, to day
	g        grain
	point    bool
	open     prep // prSince: from only; prUntil: to only (the named unit itself)
	hasTime  bool
	hour     int
	min      int
	minG     bool
	tzMin    int
	hasTZ    bool
	mismatch bool
	approx   bool // a lunar holiday from the arithmetical calendar
}

func pointAt(z day, g grain) res {
	z = unitStart(z, g)
	return res{from: z, to: addUnits(z, g, 1), g: g, point: true}
}

func (r *resolver) resolve(e expr) (res, bool) {
	out, ok := r.resolveCore(e)
	if !ok {
		return res{}, false
	}
	if e.hasTime && out.point && out.g == gDay {
		out.hasTime, out.hour, out.min, out.minG = true, e.hour, e.min, e.minG
		out.hasTZ, out.tzMin = e.hasTZ, e.tzMin
	}
	switch e.open {
	case prSince:
		out.open = prSince
	case prUntil:
		out.open = prUntil
	}
	return out, true
}

func (r *resolver) resolveCore(e expr) (res, bool) {
	if e.ctx && e.kind == kCal && r.hasPrev {
		// "le mai suivant": year inference counts from the date the text just named
		saved := r.ref
		r.ref = r.prev
		defer func() { r.ref = saved }()
	}
	if e.sameYear {
		if !r.hasPrev {
			return res{}, false
		}
		e.y, _, _ = r.prev.civil()
		e.hasY = true
	}
	switch e.kind {
	case kCal:
		return r.cal(e)
	case kRelDay:
		if !r.hasRef {
			return res{}, false
		}
		return pointAt(addUnits(r.ref, unitGrain(e.u), e.n), gDay), true
	case kCtxDay:
		base, g, ok := r.ref, gDay, r.hasRef
		if r.hasPrev {
			base, g, ok = r.prev, r.prevG, true
		}
		if len(e.sub) == 1 {
			s, ok2 := r.resolveCore(e.sub[0])
			if !ok2 || s.g != gDay || !s.point {
				return res{}, false
			}
			base, g, ok = s.from, gDay, true
		}
		if !ok {
			return res{}, false
		}
		og := unitGrain(e.u)
		if og == gWeek {
			og = gDay
		}
		if g > og {
			if og == gDay {
				return res{}, false // "le lendemain" of a month or a year names no day
			}
			og = g // "un an plus tard" after "en 2013" is 2014, at year grain
		}
		return pointAt(addUnits(base, unitGrain(e.u), e.n), og), true
	case kUnit:
		if !r.hasRef {
			return res{}, false
		}
		g := unitGrain(e.u)
		base := r.ref
		if e.ctx && r.hasPrev {
			if r.prevG > g {
				return res{}, false // "la semaine suivante" after "en 2013"
			}
			base = r.prev
		}
		start := addUnits(unitStart(base, g), g, e.n)
		if e.part != pNone {
			return r.partOf(start, g, e.part)
		}
		return pointAt(start, g), true
	case kLastN:
		if !r.hasRef || e.n == 0 {
			return res{}, false
		}
		g := unitGrain(e.u)
		cur := unitStart(r.ref, g)
		if e.n < 0 {
			return res{from: addUnits(cur, g, e.n), to: cur, g: g}, true
		}
		return res{from: addUnits(cur, g, 1), to: addUnits(cur, g, 1+e.n), g: g}, true
	case kUpcoming:
		if !r.hasRef {
			return res{}, false
		}
		g := unitGrain(e.u)
		return pointAt(addUnits(unitStart(r.ref, g), g, e.n), g), true
	case kQuarter:
		span := func(y int) (day, day) {
			a := mkday(y, 3*(e.q-1)+1, 1)
			return a, addMonths(a, 3)
		}
		y, ok := r.pickYear(e.hasY, e.y, e.mark, 0, span)
		if !ok {
			return res{}, false
		}
		return pointAt(mkday(y, 3*(e.q-1)+1, 1), gQuarter), true
	case kSeason:
		span := func(y int) (day, day) { return seasonSpan(e.season, y) }
		mk := e.mark
		if mk == mThis {
			// the season containing ref, else the coming one
			mk = mNone
			if r.hasRef {
				for y := refYear(r) - 1; y <= refYear(r)+1; y++ {
					a, b := span(y)
					if a <= r.ref && r.ref < b {
						return res{from: a, to: b, g: gDay}, true
					}
				}
				if r.bias == Future {
					mk = mNext
				}
			}
		}
		y, ok := r.pickYear(e.hasY, e.y, mk, 0, span)
		if !ok {
			return res{}, false
		}
		a, b := span(y)
		return res{from: a, to: b, g: gDay}, true
	case kDecade:
		return res{from: mkday(e.y, 1, 1), to: mkday(e.y+10, 1, 1), g: gYear}, true
	case kWeekend:
		if len(e.sub) == 1 {
			s, ok := r.cal(e.sub[0])
			if !ok {
				return res{}, false
			}
			sat := s.from - day(s.from.weekday()-6)
			return res{from: sat, to: sat + 2, g: gDay}, true
		}
		if !r.hasRef {
			return res{}, false
		}
		var sat day
		switch e.mark {
		case mNext:
			sat = nextWeekday(r.ref, 6, false)
		case mLast:
			sat = prevWeekday(r.ref, 6, false)
		case mThis:
			sat = r.ref.monday() + 5
			// "took to the streets this weekend" in a Monday article is the weekend just gone.
			if sat > r.ref && r.bias != Future && r.clause.p != nil && r.clause.p.clauseTense(r.clause.ts, r.clause.te) == tensePast {
				sat -= 7
			}
		default:
			if r.bias == Future {
				sat = nextWeekday(r.ref, 6, true)
			} else {
				sat = prevWeekday(r.ref, 6, true)
			}
		}
		return res{from: sat, to: sat + 2, g: gDay}, true
	case kRange:
		return r.rangeRes(e)
	case kWeekdayCount:
		if !r.hasRef || e.n == 0 {
			return res{}, false
		}
		z := r.ref
		if e.n > 0 {
			z = nextWeekday(z, e.wd, false) + day(7*(e.n-1))
		} else {
			z = prevWeekday(z, e.wd, false) - day(7*(-e.n-1))
		}
		return pointAt(z, gDay), true
	case kHoliday:
		h := holidayTable[e.n]
		span := func(y int) (day, day) {
			z, ok := holidayDay(h, y)
			if !ok {
				return 0, 0
			}
			return z, z + 1
		}
		mk := e.mark
		y := e.y
		hasY := e.hasY
		if mk == mThis && r.hasRef {
			if r.bias == Future {
				mk = mNone // Duckling: "this MLK day" is the coming one
			} else {
				y, hasY, mk = refYear(r), true, mNone
			}
		}
		y, ok := r.pickYear(hasY, y, mk, 0, span)
		if !ok {
			return res{}, false
		}
		z, ok := holidayDay(h, y)
		if !ok {
			return res{}, false
		}
		out := pointAt(z, gDay)
		if h.rule == hHijri && h.d == 0 {
			// a month of the Islamic calendar: to the first day of the next month
			next, ok := hijriAfter(z, h.m%12+1)
			if !ok {
				return res{}, false
			}
			out = res{from: z, to: next, g: gDay}
		}
		out.approx = h.rule == hHijri
		return out, true
	case kWeekOf:
		s, ok := r.cal(e.sub[0])
		if !ok {
			return res{}, false
		}
		return pointAt(s.from, gWeek), true
	case kDayOfMonth:
		if !r.hasRef {
			return res{}, false
		}
		first := addMonths(unitStart(r.ref, gMonth), e.n)
		y, m, _ := first.civil()
		if !validDate(y, m, e.d) {
			return res{}, false
		}
		return pointAt(mkday(y, m, e.d), gDay), true
	case kNthUnit:
		s, ok := r.cal(e.sub[0])
		if !ok || (s.g != gMonth && s.g != gYear) {
			return res{}, false
		}
		first, last := s.from, s.to-1
		if e.u == uDay {
			z := first + day(e.n-1)
			if e.n < 0 {
				z = last + day(e.n+1)
			}
			if z < first || z > last {
				return res{}, false
			}
			return pointAt(z, gDay), true
		}
		// weeks are the Monday-to-Sunday weeks that lie wholly in the month or year
		var mon day
		if e.n > 0 {
			mon = nextWeekday(first, 1, true) + day(7*(e.n-1))
		} else {
			mon = prevWeekday(last, 7, true) - 6 + day(7*(e.n+1))
		}
		if mon < first || mon+6 > last {
			return res{}, false
		}
		return pointAt(mon, gWeek), true
	case kNthWeekday:
		var first day
		sub := e.sub[0]
		if sub.kind == kUnit {
			if !r.hasRef {
				return res{}, false
			}
			first = addMonths(unitStart(r.ref, gMonth), sub.n)
		} else {
			m, ok := r.cal(sub)
			if !ok || m.g != gMonth {
				return res{}, false
			}
			first = m.from
		}
		last := addMonths(first, 1) - 1
		var z day
		if e.n > 0 {
			z = nextWeekday(first-1, e.wd, false) + day(7*(e.n-1))
		} else {
			z = prevWeekday(last+1, e.wd, false)
		}
		if z < first || z > last {
			return res{}, false
		}
		return pointAt(z, gDay), true
	}
	return res{}, false
}

func refYear(r *resolver) int {
	y, _, _ := r.ref.civil()
	return y
}

// seasonSpan is the season that starts in year y (winter y runs into y+1). Solstice and equinox
// dates are Duckling's.
func seasonSpan(s, y int) (day, day) {
	switch s {
	case 1:
		return mkday(y, 3, 20), mkday(y, 6, 21)
	case 2:
		return mkday(y, 6, 21), mkday(y, 9, 24)
	case 3:
		return mkday(y, 9, 24), mkday(y, 12, 21)
	}
	return mkday(y, 12, 21), mkday(y+1, 3, 21)
}

// nextWeekday is the first day with weekday wd after z (or on z when inclusive).
func nextWeekday(z day, wd int, inclusive bool) day {
	if !inclusive {
		z++
	}
	return z + day((wd-z.weekday()+7)%7)
}

// prevWeekday is the last day with weekday wd before z (or on z when inclusive).
func prevWeekday(z day, wd int, inclusive bool) day {
	if !inclusive {
		z--
	}
	return z - day((z.weekday()-wd+7)%7)
}

// pickYear chooses the year of a year-less span (CONVENTIONS §3): closest to ref, ties to the
// earlier year; markers and the future bias override. wd, when set, keeps only the years in which
// the span's first day falls on that weekday.
func (r *resolver) pickYear(hasY bool, y int, mk mark, wd int, span func(int) (day, day)) (int, bool) {
	if hasY {
		return y, true
	}
	if !r.hasRef {
		return 0, false
	}
	ry := refYear(r)
	cands := [3]int{ry - 1, ry, ry + 1}
	ok := [3]bool{true, true, true}
	if wd != 0 {
		any := false
		for i, c := range cands {
			a, _ := span(c)
			ok[i] = a.weekday() == wd
			any = any || ok[i]
		}
		if !any {
			ok = [3]bool{true, true, true}
		}
	}
	best, bestD := 0, -1
	for i, c := range cands {
		if !ok[i] {
			continue
		}
		a, b := span(c)
		switch {
		case mk == mNext:
			if a > r.ref {
				return c, true
			}
			continue
		case mk == mLast:
			if b-1 <= r.ref {
				best, bestD = c, 0
			}
			continue
		case r.bias == Future && wd == 0:
			if b > r.ref {
				return c, true
			}
			continue
		}
		d := 0
		switch {
		case r.ref < a:
			d = int(a - r.ref)
		case r.ref >= b:
			d = int(r.ref - (b - 1))
		}
		if r.bias == Future && wd != 0 && b <= r.ref {
			d += 1000 // with a weekday, Duckling still prefers the coming occurrence
		}
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		if mk == mNext {
			return ry + 2, true
		}
		return 0, false
	}
	if mk == mNone && wd == 0 && r.bias != Future && r.clause.p != nil {
		best = r.byTense(best, cands, span)
	}
	return best, true
}

// maxTenseDays bounds how far from the anchor the clause's tense may move a year-less date.
const maxTenseDays = 335

// minTenseDays is how far from the anchor the closest year must put a span before tense may move it.
const minTenseDays = 60

// byTense moves a year-less span that the closest-year rule put after the anchor into the past
// when its clause is in the past tense ("was arrested in April" in a November article), and one it
// put before the anchor into the future when its clause is in the future ("will open on 2 May" in
// an October one).
func (r *resolver) byTense(best int, cands [3]int, span func(int) (day, day)) int {
	a, b := span(best)
	c := r.clause
	if c.p.isW(c.ts, "since", "depuis") {
		if a <= r.ref {
			return best
		}
		for i := len(cands) - 1; i >= 0; i-- {
			if ca, cb := span(cands[i]); ca <= r.ref && ca < cb {
				return cands[i]
			}
		}
		return best
	}
	if r.ref-minTenseDays < b && a < r.ref+minTenseDays {
		// Within two months of the anchor the closest year stands: "will oppose Antigua on June 2,
		// followed by…" in an April article is this June whatever a stray participle says.
		return best
	}
	t := c.p.clauseTense(c.ts, c.te)
	switch {
	case t == tensePast && a > r.ref:
		for i := len(cands) - 1; i >= 0; i-- {
			if ca, cb := span(cands[i]); cb-1 <= r.ref {
				if int(r.ref-(cb-1)) <= maxTenseDays && ca < cb {
					return cands[i]
				}
				break
			}
		}
	case t == tenseFuture && b <= r.ref:
		for _, c := range cands {
			if ca, cb := span(c); ca > r.ref {
				if int(ca-r.ref) <= maxTenseDays && ca < cb {
					return c
				}
				break
			}
		}
	}
	return best
}

// cal resolves calendar fields.
func (r *resolver) cal(e expr) (res, bool) {
	if e.hasRelY && r.hasRef {
		e.y, e.hasY = refYear(r)+e.relY, true
	} else if y, ok := r.namedYear(e); ok {
		e.y, e.hasY = y, true
	}
	switch {
	case e.m != 0 && e.d != 0:
		span := func(y int) (day, day) {
			d := e.d
			if dm := daysIn(y, e.m); d > dm {
				d = dm
			}
			a := mkday(y, e.m, d)
			return a, a + 1
		}
		y, ok := r.pickYear(e.hasY, e.y, e.mark, e.wd, span)
		if !ok {
			return res{}, false
		}
		if !validDate(y, e.m, e.d) {
			return res{}, false
		}
		out := pointAt(mkday(y, e.m, e.d), gDay)
		if e.wd != 0 && out.from.weekday() != e.wd {
			out.mismatch = true
		}
		return out, true
	case e.m != 0:
		span := func(y int) (day, day) {
			a := mkday(y, e.m, 1)
			if e.part != pNone {
				pr, _ := monthPart(a, e.part)
				return pr.from, pr.to
			}
			return a, addMonths(a, 1)
		}
		mk := e.mark
		if e.after2 {
			mk = mNext // "March after next": the March after the coming one
		}
		y, ok := r.pickYear(e.hasY, e.y, mk, 0, span)
		if !ok {
			return res{}, false
		}
		if e.after2 {
			y++
		}
		a := mkday(y, e.m, 1)
		if e.part != pNone {
			return monthPart(a, e.part)
		}
		return pointAt(a, gMonth), true
	case e.hasY && e.d == 0 && e.wd == 0:
		a := mkday(e.y, 1, 1)
		if e.part != pNone {
			return r.partOf(a, gYear, e.part)
		}
		return pointAt(a, gYear), true
	case e.d != 0:
		return r.dayOnly(e)
	case e.wd != 0:
		return r.weekdayRes(e)
	}
	return res{}, false
}

// dayOnly resolves "le 16", "the 24th", "jeudi 15": the month is inferred.
func (r *resolver) dayOnly(e expr) (res, bool) {
	if !r.hasRef {
		return res{}, false
	}
	ref := r.ref
	if r.hasPrev && r.prevG <= gMonth && e.wd == 0 && r.bias == Past {
		// "le 14 juillet … la veille, le 13": a bare day stays near the date just named
		ref = r.prev
	}
	ry, rm, _ := ref.civil()
	lo, hi := -1, 1
	if e.wd != 0 {
		lo, hi = -24, 24
	}
	best, bestD := day(0), -1
	for k := lo; k <= hi; k++ {
		y, m := ry, rm+k
		for m < 1 {
			m += 12
			y--
		}
		for m > 12 {
			m -= 12
			y++
		}
		if !validDate(y, m, e.d) {
			continue
		}
		z := mkday(y, m, e.d)
		if e.wd != 0 && z.weekday() != e.wd {
			continue
		}
		var d int
		if r.bias == Future {
			if z < ref {
				continue
			}
			d = int(z - ref)
		} else {
			d = int(z - ref)
			if d < 0 {
				d = -d
			}
			if e.wd != 0 && z > ref {
				d += 10000 // a weekday with a day: the latest on or before ref first
			}
		}
		if bestD < 0 || d < bestD {
			best, bestD = z, d
		}
	}
	if bestD < 0 {
		return res{}, false
	}
	return pointAt(best, gDay), true
}

// weekdayRes resolves a weekday without a date (CONVENTIONS §4).
func (r *resolver) weekdayRes(e expr) (res, bool) {
	if e.ctxWd && r.hasPrev && r.prevG == gDay {
		base := r.prev + day(e.ctxOffset)
		return pointAt(nextWeekday(base, e.wd, true), gDay), true
	}
	if !r.hasRef {
		return res{}, false
	}
	ref := r.ref
	var z day
	switch {
	case e.hasWk:
		z = ref.monday() + day(7*e.wdShift) + day(e.wd-1)
	case e.wdPlus != 0:
		z = nextWeekday(ref+day(e.wdPlus), e.wd, true)
	case e.after2:
		z = nextWeekday(ref, e.wd, false) + 7
	case e.wdMark == mLast:
		z = prevWeekday(ref, e.wd, false)
	case e.wdMark == mNextWeek:
		z = ref.monday() + 7 + day(e.wd-1)
	case e.wdMark == mNext:
		if r.bias == Future && r.lang == "en" {
			z = ref.monday() + 7 + day(e.wd-1)
		} else {
			z = nextWeekday(ref, e.wd, false)
		}
	case e.wdMark == mThis:
		if r.bias == Future {
			z = nextWeekday(ref, e.wd, true)
		} else {
			z = ref.monday() + day(e.wd-1)
		}
	default:
		switch {
		case r.bias == Future:
			z = nextWeekday(ref, e.wd, false)
		case r.clause.p != nil && (r.clause.p.weekdayFuture(r.clause.ts, r.clause.te) ||
			r.clause.p.deadline(r.clause.ts) && r.clause.p.clauseTense(r.clause.ts, r.clause.te) != tensePast):
			// News reports the past, so a bare weekday is the last one (CONVENTIONS §4), unless
			// its verb is in the future: "will visit Paris on Monday", "le sommet aura lieu
			// mardi" in a Friday article are the coming days; and so is a deadline not in the
			// past tense ("should ease by Thursday morning", "il faudra attendre jusqu'à lundi").
			z = nextWeekday(ref, e.wd, true)
		default:
			z = prevWeekday(ref, e.wd, true)
		}
	}
	return pointAt(z, gDay), true
}

// monthPart is a part of the month starting at a (CONVENTIONS §5: thirds; quinzaines).
func monthPart(a day, p part) (res, bool) {
	next := addMonths(a, 1)
	switch p {
	case pEarly:
		return res{from: a, to: a + 10, g: gDay}, true
	case pMid:
		return res{from: a + 10, to: a + 20, g: gDay}, true
	case pLate:
		return res{from: a + 20, to: next, g: gDay}, true
	case pFirstHalf:
		return res{from: a, to: a + 15, g: gDay}, true
	case pSecondHalf:
		return res{from: a + 15, to: next, g: gDay}, true
	}
	return res{}, false
}

// partOf is a part of the unit of grain g starting at a.
func (r *resolver) partOf(a day, g grain, p part) (res, bool) {
	switch g {
	case gMonth:
		return monthPart(a, p)
	case gYear:
		y, _, _ := a.civil()
		switch p {
		case pEarly:
			return res{from: a, to: mkday(y, 5, 1), g: gMonth}, true
		case pMid:
			return res{from: mkday(y, 5, 1), to: mkday(y, 9, 1), g: gMonth}, true
		case pLate:
			return res{from: mkday(y, 9, 1), to: mkday(y+1, 1, 1), g: gMonth}, true
		case pFirstHalf:
			return res{from: a, to: mkday(y, 7, 1), g: gMonth}, true
		case pSecondHalf:
			return res{from: mkday(y, 7, 1), to: mkday(y+1, 1, 1), g: gMonth}, true
		}
	case gWeek:
		// French "fin de semaine" starts on Thursday, English "end of the week" on Friday.
		switch p {
		case pEarly:
			if r.lang == "fr" {
				return res{from: a, to: a + 2, g: gDay}, true
			}
			return res{from: a, to: a + 3, g: gDay}, true
		case pMid:
			return res{from: a + 2, to: a + 4, g: gDay}, true
		case pLate:
			if r.lang == "fr" {
				return res{from: a + 3, to: a + 7, g: gDay}, true
			}
			return res{from: a + 4, to: a + 7, g: gDay}, true
		}
	case gQuarter:
		return res{}, false
	}
	return res{}, false
}

// rangeRes resolves "du 13 au 15 juin": the year comes from the start (§6).
func (r *resolver) rangeRes(e expr) (res, bool) {
	a, b := e.sub[0], e.sub[1]
	if a.wd != 0 && a.d == 0 && b.wd != 0 && b.d == 0 {
		ra, ok := r.weekdayRes(a)
		if !ok {
			return res{}, false
		}
		end := nextWeekday(ra.from, b.wd, false)
		return res{from: ra.from, to: end + 1, g: gDay}, true
	}
	ra, ok := r.cal(a)
	if !ok {
		return res{}, false
	}
	if !b.hasY {
		ya, ma, _ := ra.from.civil()
		b.y, b.hasY = ya, true
		if b.m != 0 && b.m < ma {
			b.y++
		}
	}
	if b.d != 0 && b.m == 0 {
		_, ma, _ := ra.from.civil()
		b.m = ma
	}
	rb, ok := r.cal(b)
	if !ok {
		return res{}, false
	}
	g := ra.g
	if rb.g < g {
		g = rb.g
	}
	if rb.to <= ra.from {
		return res{}, false
	}
	out := res{from: ra.from, to: rb.to, g: g}
	if ra.g == gDay && a.wd != 0 && ra.from.weekday() != a.wd || rb.g == gDay && b.wd != 0 && rb.from.weekday() != b.wd {
		out.mismatch = true
	}
	return out, true
}
