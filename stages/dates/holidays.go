package dates

// holidayFirst lists the first words of holiday names, so the matcher tries them.
var holidayFirst = map[string]bool{}
