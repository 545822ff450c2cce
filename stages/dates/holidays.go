package dates

import "strings"

// Holidays that news text names instead of dating. Each has a rule that gives its day in a year:
// a fixed date, an offset from Western or Orthodox Easter (computus), the nth weekday of a month,
// or a day of the Islamic calendar. The Islamic dates use the arithmetical (tabular) calendar: the
// observed day depends on the moon sighting and the country, so they may be a day off and carry
// the flag "holiday_approx".

type holRule int8

const (
	hFixed holRule = iota + 1
	hEaster
	hOrthodoxEaster
	hNthWeekday // n-th weekday wd of month m, plus off days; n = -1 is the last
	hHijri      // Islamic month m, day d
)

type holiday struct {
	names []string // folded words separated by spaces; "-" tokens in the text are skipped
	rule  holRule
	m, d  int
	n, wd int
	off   int  // days from Easter, or from the n-th weekday (Black Friday: Thanksgiving + 1)
	cap   bool // a one-word name that is also a common noun counts only with a capital ("l'Ascension")
}

var holidayTable = []holiday{
	{names: []string{"noel", "jour de noel", "christmas", "christmas day", "xmas", "xmas day"}, rule: hFixed, m: 12, d: 25},
	{names: []string{"reveillon de noel", "veille de noel", "christmas eve"}, rule: hFixed, m: 12, d: 24},
	{names: []string{"jour de l ' an", "nouvel an", "new year ' s day", "new years day", "new year day"}, rule: hFixed, m: 1, d: 1},
	{names: []string{"saint sylvestre", "reveillon du nouvel an", "new year ' s eve", "new years eve"}, rule: hFixed, m: 12, d: 31},
	{names: []string{"toussaint", "jour de la toussaint", "journee de la toussaint", "jour des morts", "all saints day", "all saints ' day"}, rule: hFixed, m: 11, d: 1},
	{names: []string{"fete du travail", "fete du muguet"}, rule: hFixed, m: 5, d: 1},
	{names: []string{"fete nationale", "bastille day"}, rule: hFixed, m: 7, d: 14},
	{names: []string{"armistice"}, rule: hFixed, m: 11, d: 11, cap: true},
	{names: []string{"jour de l ' armistice", "veterans day", "veteran ' s day", "remembrance day"}, rule: hFixed, m: 11, d: 11},
	{names: []string{"assomption"}, rule: hFixed, m: 8, d: 15, cap: true},
	{names: []string{"saint valentin", "valentine ' s day", "valentines day", "valentine day"}, rule: hFixed, m: 2, d: 14},
	{names: []string{"halloween"}, rule: hFixed, m: 10, d: 31},
	{names: []string{"saint patrick", "st patrick ' s day", "saint patrick ' s day", "st paddy ' s day", "saint paddy ' s day", "saint patricks day", "st patricks day"}, rule: hFixed, m: 3, d: 17},
	{names: []string{"independence day", "fourth of july"}, rule: hFixed, m: 7, d: 4},
	{names: []string{"juneteenth"}, rule: hFixed, m: 6, d: 19},
	{names: []string{"boxing day"}, rule: hFixed, m: 12, d: 26},
	{names: []string{"paques", "dimanche de paques", "jour de paques", "easter", "easter sunday", "easter day"}, rule: hEaster},
	{names: []string{"lundi de paques", "easter monday", "easter mon"}, rule: hEaster, off: 1},
	{names: []string{"vendredi saint", "good friday"}, rule: hEaster, off: -2},
	{names: []string{"jeudi saint", "maundy thursday"}, rule: hEaster, off: -3},
	{names: []string{"rameaux"}, rule: hEaster, off: -7, cap: true},
	{names: []string{"dimanche des rameaux", "palm sunday"}, rule: hEaster, off: -7},
	{names: []string{"mardi gras", "shrove tuesday", "pancake day"}, rule: hEaster, off: -47},
	{names: []string{"mercredi des cendres", "ash wednesday"}, rule: hEaster, off: -46},
	{names: []string{"ascension"}, rule: hEaster, off: 39, cap: true},
	{names: []string{"jeudi de l ' ascension", "ascension day"}, rule: hEaster, off: 39},
	{names: []string{"pentecote", "dimanche de pentecote", "pentecost", "whit sunday", "white sunday"}, rule: hEaster, off: 49},
	{names: []string{"lundi de pentecote", "whit monday"}, rule: hEaster, off: 50},
	{names: []string{"trinity sunday"}, rule: hEaster, off: 56},
	{names: []string{"paques orthodoxe", "orthodox easter", "orthodox easter sunday"}, rule: hOrthodoxEaster},
	{names: []string{"orthodox good friday", "orthodox great friday"}, rule: hOrthodoxEaster, off: -2},
	{names: []string{"clean monday", "orthodox shrove monday"}, rule: hOrthodoxEaster, off: -48},
	{names: []string{"thanksgiving", "thanksgiving day"}, rule: hNthWeekday, m: 11, n: 4, wd: 4},
	{names: []string{"black friday"}, rule: hNthWeekday, m: 11, n: 4, wd: 4, off: 1},
	{names: []string{"cyber monday"}, rule: hNthWeekday, m: 11, n: 4, wd: 4, off: 4},
	{names: []string{"martin luther king day", "martin luther king ' s day", "martin luther king jr day", "martin luther kings day",
		"martin luther king jr . day", "mlk jr . day", "mlk jr day", "mlk day"}, rule: hNthWeekday, m: 1, n: 3, wd: 1},
	{names: []string{"presidents day", "presidents ' day", "president ' s day"}, rule: hNthWeekday, m: 2, n: 3, wd: 1},
	{names: []string{"memorial day"}, rule: hNthWeekday, m: 5, n: -1, wd: 1},
	{names: []string{"labor day", "labour day"}, rule: hNthWeekday, m: 9, n: 1, wd: 1},
	{names: []string{"ramadan", "ramadhan"}, rule: hHijri, m: 9}, // the whole month
	{names: []string{"debut du ramadan", "start of ramadan"}, rule: hHijri, m: 9, d: 1},
	{names: []string{"nouvel an musulman", "nouvel an islamique", "islamic new year", "hijri new year"}, rule: hHijri, m: 1, d: 1},
	{names: []string{"aid el fitr", "aid al fitr", "eid al fitr", "eid ul fitr", "korite"}, rule: hHijri, m: 10, d: 1},
	{names: []string{"aid el kebir", "aid al adha", "aid el adha", "eid al adha", "eid ul adha", "id ul adha", "tabaski", "fete du sacrifice", "sacrifice feast"}, rule: hHijri, m: 12, d: 10},
	{names: []string{"achoura", "ashura", "day of ashura"}, rule: hHijri, m: 1, d: 10},
}

type holName struct {
	words []string
	hol   int
}

var (
	holidayFirst = map[string]bool{}
	holidayNames = map[string][]holName{} // by first word, longest first
)

func init() {
	for i, h := range holidayTable {
		for _, n := range h.names {
			w := strings.Fields(n)
			holidayFirst[w[0]] = true
			holidayNames[w[0]] = append(holidayNames[w[0]], holName{w, i})
		}
	}
	for k, list := range holidayNames {
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		holidayNames[k] = list
	}
}

// holidayAt matches a holiday name at token i: "Noël", "le lundi de Pâques", "Thanksgiving 2013",
// "Noël dernier", "last christmas", "Eid al-Adha 2018".
func (p *parser) holidayAt(i int) (expr, int, bool) {
	mk := mNone
	j := i
	if l, ok := p.lexAt(i); ok && (l.mark == mLast || l.mark == mNext || l.mark == mThis) && p.lang != "fr" {
		mk, j = l.mark, i+1
	}
	t := p.tok(j)
	if t == nil || t.kind != tWord || !holidayFirst[t.low] {
		return expr{}, 0, false
	}
	for _, hn := range holidayNames[t.low] {
		k := j
		ok := true
		for _, w := range hn.words {
			for p.isP(k, "-") && w != "-" {
				k++
			}
			tk := p.tok(k)
			if tk == nil || tk.low != w {
				ok = false
				break
			}
			k++
		}
		if !ok {
			continue
		}
		h := holidayTable[hn.hol]
		if h.cap && len(hn.words) == 1 && !t.cap {
			continue
		}
		// English writes Christmas; "Noel" without its diaeresis is a name there ("Tova Noel",
		// "Noel Gallagher"). French text that drops the accent still means Noël.
		if t.low == "noel" && p.lang != "fr" && !strings.Contains(p.text[t.bs:t.be], "ë") {
			return expr{}, 0, false
		}
		// "Noël Mamère", "Toussaint Louverture": a capitalised word right after is a person's name
		if nx := p.tok(k); nx != nil && nx.kind == tWord && nx.cap && !nx.nl && len(hn.words) == 1 {
			if _, known := p.lexAt(k); !known {
				return expr{}, 0, false
			}
		}
		e := expr{kind: kHoliday, n: hn.hol, mark: mk, ts: i}
		if y, k2, ok := p.year(k, false); ok {
			e.y, e.hasY = y, true
			k = k2
		} else if l, ok := p.lexAt(k); ok && (l.mark == mLast || l.mark == mNext) && mk == mNone {
			e.mark = l.mark
			k++
		} else if p.isW(k, "of") && p.isW(k+1, "this") && p.isW(k+2, "year") {
			e.mark = mThis
			k += 3
		}
		return e, k, true
	}
	return expr{}, 0, false
}

// holidayDay is the day of holiday h in year y.
func holidayDay(h holiday, y int) (day, bool) {
	switch h.rule {
	case hFixed:
		return mkday(y, h.m, h.d), true
	case hEaster:
		return easter(y) + day(h.off), true
	case hOrthodoxEaster:
		return orthodoxEaster(y) + day(h.off), true
	case hNthWeekday:
		first := mkday(y, h.m, 1)
		var z day
		if h.n > 0 {
			z = nextWeekday(first, h.wd, true) + day(7*(h.n-1))
		} else {
			z = prevWeekday(addMonths(first, 1)-1, h.wd, true)
		}
		return z + day(h.off), true
	case hHijri:
		return hijriInYear(y, h.m, max(h.d, 1))
	}
	return 0, false
}

// easter is Western Easter Sunday (the anonymous Gregorian computus).
func easter(y int) day {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return mkday(y, month, dd)
}

// orthodoxEaster is Orthodox Easter Sunday (Meeus's Julian computus, moved to the Gregorian calendar).
func orthodoxEaster(y int) day {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	dd := (d+e+114)%31 + 1
	// Julian to Gregorian: 13 days in the 1900s and 2000s
	return mkday(y, month, dd) + day(y/100-y/400-2)
}

// hijriDay is the Gregorian day of Islamic date y-m-d in the arithmetical calendar.
func hijriDay(y, m, d int) day {
	// days since the Islamic epoch (16 July 622, Julian), then to our day numbers
	n := d + (295*(m-1)+9)/10 + (y-1)*354 + (3+11*y)/30
	// n + 1948439 is the Julian day number (at noon); 2440588 is that of 1970-01-01
	return day(n + 1948439 - 2440588)
}

// hijriInYear finds the Islamic date m-d that falls in Gregorian year y (the first, when two do).
func hijriInYear(y, m, d int) (day, bool) {
	start, end := mkday(y, 1, 1), mkday(y+1, 1, 1)
	hy := (y-622)*33/32 - 1
	for k := 0; k < 4; k++ {
		z := hijriDay(hy+k, m, d)
		if z >= start && z < end {
			return z, true
		}
	}
	return 0, false
}

// hijriAfter is the first day of Islamic month m after z (within a year).
func hijriAfter(z day, m int) (day, bool) {
	y, _, _ := z.civil()
	hy := (y-622)*33/32 - 1
	for k := 0; k < 4; k++ {
		if d := hijriDay(hy+k, m, 1); d > z && d < z+400 {
			return d, true
		}
	}
	return 0, false
}
