package dates

import "strconv"

// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian). It is a few
// integer operations per call, which matters: every candidate year of every expression goes
// through it, and time.Time would cost far more for no gain (offsets only matter for clock times).

type day int

// mkday is the day number of y-m-d; m and d may overflow (m=13 is January of y+1).
func mkday(y, m, d int) day {
	// normalise the month first so callers can add months freely
	y += floorDiv(m-1, 12)
	m = (m-1)%12 + 1
	if m <= 0 {
		m += 12
	}
	// Howard Hinnant's days_from_civil
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + 1 - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097+doe-719468) + day(d-1)
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil is the inverse of mkday.
func (z day) civil() (y, m, d int) {
	n := int(z) + 719468
	era := floorDiv(n, 146097)
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return
}

// weekday is 1 = Monday … 7 = Sunday (ISO).
func (z day) weekday() int {
	w := (int(z) + 3) % 7 // 1970-01-01 was a Thursday
	if w < 0 {
		w += 7
	}
	return w + 1
}

func (z day) monday() day { return z - day(z.weekday()-1) }

func daysIn(y, m int) int { return int(mkday(y, m+1, 1) - mkday(y, m, 1)) }

func validDate(y, m, d int) bool {
	return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// addMonths moves z by n months, clamping the day ("31 January + 1 month" is 28/29 February).
func addMonths(z day, n int) day {
	y, m, d := z.civil()
	m += n
	y += floorDiv(m-1, 12)
	m = (m-1)%12 + 1
	if m <= 0 {
		m += 12
	}
	if dm := daysIn(y, m); d > dm {
		d = dm
	}
	return mkday(y, m, d)
}

// grain of a value, coarsest last.
type grain int8

const (
	gMinute grain = iota + 1
	gHour
	gDay
	gWeek
	gMonth
	gQuarter
	gYear
)

var grainNames = [...]string{"", "minute", "hour", "day", "week", "month", "quarter", "year"}

func (g grain) String() string { return grainNames[g] }

// unitStart is the first day of the unit of grain g (week, month, quarter, year) containing z.
func unitStart(z day, g grain) day {
	y, m, _ := z.civil()
	switch g {
	case gWeek:
		return z.monday()
	case gMonth:
		return mkday(y, m, 1)
	case gQuarter:
		return mkday(y, (m-1)/3*3+1, 1)
	case gYear:
		return mkday(y, 1, 1)
	}
	return z
}

// addUnits moves z by n units of grain g.
func addUnits(z day, g grain, n int) day {
	switch g {
	case gWeek:
		return z + day(7*n)
	case gMonth:
		return addMonths(z, n)
	case gQuarter:
		return addMonths(z, 3*n)
	case gYear:
		return addMonths(z, 12*n)
	}
	return z + day(n)
}

func unitGrain(u unit) grain {
	switch u {
	case uWeek:
		return gWeek
	case uMonth:
		return gMonth
	case uQuarter:
		return gQuarter
	case uYear:
		return gYear
	}
	return gDay
}

// format writes z at grain g: "2024", "2024-05", "2024-05-03".
func format(z day, g grain) string {
	y, m, d := z.civil()
	var b [16]byte
	out := appendYear(b[:0], y)
	if g == gYear {
		return string(out)
	}
	out = append(out, '-')
	out = append2(out, m)
	if g == gMonth {
		return string(out)
	}
	out = append(out, '-')
	out = append2(out, d)
	return string(out)
}

func appendYear(b []byte, y int) []byte {
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	s := strconv.Itoa(y)
	for i := len(s); i < 4; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10%10), byte('0'+n%10))
}
