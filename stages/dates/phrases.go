package dates

import "strings"

// Fixed phrases: whole multi-word expressions whose meaning is one table row. Words are folded and
// separated by spaces; "'" and "-" are tokens of their own ("aujourd ' hui", "apres - demain").

type phraseKind int8

const (
	phRefDay   phraseKind = iota + 1 // ref date + n days ("hier", "tomorrow")
	phCtxDay                         // previous date in the text (else ref) + n days ("la veille")
	phUnit                           // the unit containing ref, shifted by n ("cette semaine")
	phPart                           // a part of the unit containing ref ("en fin de mois")
	phYearPart                       // early / mid / late of the ref year ("en début d'année")
)

type phrase struct {
	words []string
	kind  phraseKind
	n     int
	u     unit
	p     part
}

// acronyms count only in capitals ("the BOY", never "the boy").
var acronyms = map[string]phrase{
	"EOM": phP("eom", uMonth, pLate),
	"BOM": phP("bom", uMonth, pEarly),
	"EOY": phP("eoy", uYear, pLate),
	"BOY": phP("boy", uYear, pEarly),
}

type phraseTable map[string][]phrase // keyed by first word

func buildPhrases(rows []phrase) phraseTable {
	t := phraseTable{}
	for _, r := range rows {
		t[r.words[0]] = append(t[r.words[0]], r)
	}
	// longest first, so the first match is the longest
	for k, list := range t {
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		t[k] = list
	}
	return t
}

func ph(s string, kind phraseKind, n int) phrase {
	return phrase{words: strings.Fields(s), kind: kind, n: n}
}

func phU(s string, u unit, n int) phrase {
	return phrase{words: strings.Fields(s), kind: phUnit, u: u, n: n}
}

func phP(s string, u unit, p part) phrase {
	return phrase{words: strings.Fields(s), kind: phPart, u: u, p: p}
}

var frPhrases = []phrase{
	ph("aujourd ' hui", phRefDay, 0),
	ph("ce jour", phRefDay, 0),
	ph("ce jour - la", phCtxDay, 0),
	phU("cette annee - la", uYear, 0),
	phU("ce mois - la", uMonth, 0),
	phU("cette semaine - la", uWeek, 0),
	ph("dans la journee", phRefDay, 0),
	ph("en ce moment", phRefDay, 0),
	ph("hier", phRefDay, -1),
	ph("avant - hier", phRefDay, -2),
	ph("avant hier", phRefDay, -2),
	ph("demain", phRefDay, 1),
	ph("apres - demain", phRefDay, 2),
	ph("apres demain", phRefDay, 2),
	ph("le jour d ' avant", phCtxDay, -1),
	ph("le jour precedent", phCtxDay, -1),
	ph("le jour d ' apres", phCtxDay, 1),
	ph("le jour suivant", phCtxDay, 1),
	ph("jour suivant", phCtxDay, 1),
	ph("un jour apres", phCtxDay, 1),
	ph("la veille", phCtxDay, -1),
	ph("le lendemain", phCtxDay, 1),
	ph("le surlendemain", phCtxDay, 2),
	phU("cette semaine", uWeek, 0),
	phU("dans la semaine", uWeek, 0),
	phU("ce mois", uMonth, 0),
	phU("ce mois - ci", uMonth, 0),
	phU("cette annee", uYear, 0),
	phU("ce trimestre", uQuarter, 0),
	phU("la semaine qui suit", uWeek, 1),
	phP("en debut de semaine", uWeek, pEarly),
	phP("au debut de la semaine", uWeek, pEarly),
	phP("en milieu de semaine", uWeek, pMid),
	phP("au milieu de la semaine", uWeek, pMid),
	phP("en fin de semaine", uWeek, pLate),
	phP("a la fin de la semaine", uWeek, pLate),
	phP("en fin de mois", uMonth, pLate),
	phP("a la fin du mois", uMonth, pLate),
	phP("fin du mois", uMonth, pLate),
	phP("en debut de mois", uMonth, pEarly),
	phP("au debut du mois", uMonth, pEarly),
	phP("debut du mois", uMonth, pEarly),
	phP("en milieu de mois", uMonth, pMid),
	phP("a la mi - mois", uMonth, pMid),
	phP("en fin d ' annee", uYear, pLate),
	phP("a la fin de l ' annee", uYear, pLate),
	phP("fin d ' annee", uYear, pLate),
	phP("en debut d ' annee", uYear, pEarly),
	phP("au debut de l ' annee", uYear, pEarly),
	phP("debut d ' annee", uYear, pEarly),
	phP("en milieu d ' annee", uYear, pMid),
}

var enPhrases = []phrase{
	ph("today", phRefDay, 0),
	ph("tonight", phRefDay, 0),
	ph("at this time", phRefDay, 0),
	ph("yesterday", phRefDay, -1),
	ph("tomorrow", phRefDay, 1),
	ph("tomorrows", phRefDay, 1),
	ph("the day before yesterday", phRefDay, -2),
	ph("the day after tomorrow", phRefDay, 2),
	ph("the day before", phCtxDay, -1),
	ph("the previous day", phCtxDay, -1),
	ph("the next day", phCtxDay, 1),
	ph("the following day", phCtxDay, 1),
	phU("this week", uWeek, 0),
	phU("current week", uWeek, 0),
	phU("this month", uMonth, 0),
	phU("this year", uYear, 0),
	phU("current year", uYear, 0),
	phU("this yr", uYear, 0),
	phU("this quarter", uQuarter, 0),
	phU("this qtr", uQuarter, 0),
	phU("the following week", uWeek, 1),
}
