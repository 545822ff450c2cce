package dates

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
)

// show renders the dates of a document as "[text]=value" items, the shape the table below uses.
func show(d *pipeline.Doc) string {
	var parts []string
	for _, x := range d.Dates {
		v := x.Value
		switch {
		case x.Open == "after":
			v = x.From + ".."
		case x.Open == "before":
			v = ".." + x.To
		case v == "":
			v = x.From + ".." + x.To
		}
		item := "[" + x.Text + "]=" + v + "/" + x.Grain
		for _, f := range x.Flags {
			item += "!" + f
		}
		parts = append(parts, item)
	}
	return strings.Join(parts, " ")
}

func run(t *testing.T, n *Normalizer, lang, ref, text string) *pipeline.Doc {
	t.Helper()
	d := &pipeline.Doc{Text: text, Lang: lang}
	if ref != "" {
		d.Published, d.PublishedSource = &ref, "input"
	}
	if err := n.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

const ref0504 = "2024-05-04T09:00:00+02:00" // a Saturday

func TestExpressions(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, text, want string
	}{
		// day, month, year (CONVENTIONS §2–3)
		{"fr", "Vendredi 3 mai 2024, des militaires", "[Vendredi 3 mai 2024]=2024-05-03/day"},
		{"fr", "Le 13 avril, des milliers", "[Le 13 avril]=2024-04-13/day"},
		{"fr", "Les Jeux débuteront le 26 juillet.", "[le 26 juillet]=2024-07-26/day"},
		{"fr", "Le 1er janvier 2025, la réforme", "[Le 1er janvier 2025]=2025-01-01/day"},
		{"fr", "interrompu en décembre 2023 après", "[en décembre 2023]=2023-12/month"},
		{"fr", "En 2019, le site", "[En 2019]=2019/year"},
		{"fr", "Le 03/05/2024, la police", "[Le 03/05/2024]=2024-05-03/day"},
		{"en", "The ruling came on July 26, 2023, by a judge.", "[on July 26, 2023]=2023-07-26/day"},
		{"en", "On Dec. 29, the regulator", "[On Dec. 29]=2023-12-29/day"},
		{"en", "signed on 5/3/2024 at noon", "[on 5/3/2024 at noon]=2024-05-03T12:00+02:00/hour"},
		// weekdays (§4)
		{"fr", "Mardi 3 mai 2024, grève", "[Mardi 3 mai 2024]=2024-05-03/day!weekday_mismatch"},
		{"fr", "Jeudi, le président", "[Jeudi]=2024-05-02/day"},
		{"fr", "Samedi, la foule", "[Samedi]=2024-05-04/day"},
		{"fr", "Mardi dernier, le ministre", "[Mardi dernier]=2024-04-30/day"},
		{"fr", "vendredi prochain", "[vendredi prochain]=2024-05-10/day"},
		{"en", "The company said Friday (May 3) that", "[Friday (May 3)]=2024-05-03/day"},
		{"en", "resigned on Wednesday, April 10, after", "[on Wednesday, April 10]=2024-04-10/day"},
		{"en", "He said on Tuesday, and last Friday, and next Monday.", "[on Tuesday]=2024-04-30/day [last Friday]=2024-05-03/day [next Monday]=2024-05-06/day"},
		{"en", "Over the weekend, police", "[Over the weekend]=2024-05-04..2024-05-06/day"},
		{"fr", "Le week-end des 6 et 7 avril, les secours", "[Le week-end des 6 et 7 avril]=2024-04-06..2024-04-08/day"},
		// context beats the rule when the text says so
		{"fr", "Mercredi 1er mai, ils sont arrivés. Deux jours plus tard, vendredi, ils sont repartis.", "[Mercredi 1er mai]=2024-05-01/day [vendredi]=2024-05-03/day"},
		{"fr", "Le 10 avril, un incendie. La veille, une alerte.", "[Le 10 avril]=2024-04-10/day [La veille]=2024-04-09/day"},
		// parts (§5)
		{"fr", "reculé fin mars, selon", "[fin mars]=2024-03-21..2024-04-01/day"},
		{"fr", "Mi-mars 2023, la banque", "[Mi-mars 2023]=2023-03-11..2023-03-21/day"},
		{"fr", "Fin 2023, l'entreprise", "[Fin 2023]=2023-09..2024-01/month"},
		{"en", "Prices fell in mid-April, according to", "[in mid-April]=2024-04-11..2024-04-21/day"},
		{"en", "revised its forecast late last month.", "[late last month]=2024-04-21..2024-05-01/day"},
		{"en", "Early next year, the plant", "[Early next year]=2025-01..2025-05/month"},
		{"fr", "la première quinzaine d'avril", "[la première quinzaine d'avril]=2024-04-01..2024-04-16/day"},
		// ranges, open intervals, decades (§6)
		{"fr", "Le salon se tiendra du 13 au 15 juin au parc.", "[du 13 au 15 juin]=2024-06-13..2024-06-16/day"},
		{"fr", "Entre le 28 février et le 2 mars, tous les vols", "[Entre le 28 février et le 2 mars]=2024-02-28..2024-03-03/day"},
		{"fr", "du 28 décembre au 3 janvier", "[du 28 décembre au 3 janvier]=2023-12-28..2024-01-04/day"},
		{"en", "The summit will be held June 13-15 in Italy.", "[June 13-15]=2024-06-13..2024-06-16/day"},
		{"fr", "Depuis 2020, le nombre", "[Depuis 2020]=2020../year"},
		{"en", "closed since March 2020, will reopen", "[since March 2020]=2020-03../month"},
		{"fr", "jusqu'au 30 juin", "[jusqu'au 30 juin]=..2024-06-30/day"},
		{"fr", "Dans les années 1980, la commune", "[Dans les années 1980]=1980..1990/year"},
		{"en", "In the 1980s and the '90s", "[In the 1980s]=1980..1990/year [the '90s]=1990..2000/year"},
		{"fr", "Entre 2019 et 2021, de 2010 à 2015", "[Entre 2019 et 2021]=2019..2022/year [de 2010 à 2015]=2010..2016/year"},
		// relative (§7)
		{"fr", "Il y a trois jours, un incendie", "[Il y a trois jours]=2024-05-01/day"},
		{"fr", "La semaine passée, trois entreprises", "[La semaine passée]=2024-04-22/week"},
		{"fr", "L'an dernier, la région", "[L'an dernier]=2023/year"},
		{"en", "Two days ago, the fire", "[Two days ago]=2024-05-02/day"},
		{"fr", "hier soir et demain matin", "[hier soir]=2024-05-03/day [demain matin]=2024-05-05/day"},
		{"fr", "au premier trimestre 2024, selon l'Insee", "[au premier trimestre 2024]=2024-01-01/quarter"},
		{"en", "Sales rose 4% in the first quarter, in Q1 2024", "[in the first quarter]=2024-01-01/quarter [in Q1 2024]=2024-01-01/quarter"},
		// clock times attach to their date (§8)
		{"fr", "prévu vendredi 5 janvier à 18 heures devant", "[vendredi 5 janvier à 18 heures]=2024-01-05T18:00+02:00/hour"},
		{"en", "At 6 p.m. on Friday (May 3), protesters", "[At 6 p.m. on Friday (May 3)]=2024-05-03T18:00+02:00/hour"},
		// context from the text
		{"fr", "Le 25 janvier 1959, il annonce le concile. Le 17 mai de la même année, une commission est créée.", "[Le 25 janvier 1959]=1959-01-25/day [Le 17 mai de la même année]=1959-05-17/day"},
		{"fr", "En 2013, il signe à Bruges. Un an plus tard, il part. L'année suivante, il revient.", "[En 2013]=2013/year [Un an plus tard]=2014/year [L'année suivante]=2015/year"},
		{"en", "In the 1990's, pop was big; the '80's too. 1990's Unison sold well.", "[In the 1990's]=1990..2000/year ['80's]=1980..1990/year"},
		{"en", "They were abducted in August 2016. The next year, the Taliban released a video. Over the next year, prices will rise.", "[in August 2016]=2016-08/month [The next year]=2017/year [Over the next year]=2025/year"},
		{"fr", "le 20 décembre 2012: il devient vénérable, jusqu'en 2014.", "[le 20 décembre 2012]=2012-12-20/day [jusqu'en 2014]=..2014/year"},
		{"fr", "la fin de l'année 1944 et d'avril 2018 à avril 2020", "[la fin de l'année 1944]=1944-09..1945-01/month [d'avril 2018 à avril 2020]=2018-04..2020-05/month"},
		{"fr", "Le jeu a obtenu 9/10 sur Gamekult et 16/20 dans la presse.", ""},
		{"fr", "le 2/3 et le 17/02", "[le 2/3]=2024-03-02/day [le 17/02]=2024-02-17/day"},
		{"fr", "Le jeu. La mer. Ces dernières années, les années suivantes.", ""},
		{"fr", "le Printemps arabe et le Printemps de Bourges", ""},
		{"fr", "Cette information a été confirmée. L'hiver est rude, un week-end d'étude, le printemps de Prague.", ""},
		{"fr", "Au printemps, à l'été 2016, l'été dernier, cet hiver", "[Au printemps]=2024-03-20..2024-06-21/day [à l'été 2016]=2016-06-21..2016-09-24/day [l'été dernier]=2023-06-21..2023-09-24/day [cet hiver]=2023-12-21..2024-03-21/day"},
		{"fr", "Le 14 juillet donne lieu la veille, le 13 au soir, à un feu. Nelson marque le 4 à 0.", "[Le 14 juillet]=2024-07-14/day [la veille]=2024-07-13/day [le 13 au soir]=2024-07-13/day"},
		{"fr", "Trois jours après Noël et deux semaines avant le 1er mai", "[Trois jours après Noël]=2023-12-28/day [deux semaines avant le 1er mai]=2024-04-17/day"},
		{"fr", "la semaine du 14 octobre", "[la semaine du 14 octobre]=2024-10-14/week"},
		{"en", "March after next", "[March after next]=2026-03/month"},
		{"en", "first-quarter results, H1 2024 and the first half of 2024", "[first-quarter]=2024-01-01/quarter [H1 2024]=2024-01..2024-07/month [the first half of 2024]=2024-01..2024-07/month"},
		{"fr", "au T1 2024, au premier semestre 2024, un T2 à Lyon", "[au T1 2024]=2024-01-01/quarter [au premier semestre 2024]=2024-01..2024-07/month"},
		{"fr", "Dans la nuit de samedi à dimanche, dès lundi, ce mardi 7 mai", "[de samedi à dimanche]=2024-05-04..2024-05-06/day [dès lundi]=2024-04-29../day [ce mardi 7 mai]=2024-05-07/day"},
		{"fr", "du lundi au mercredi", "[du lundi au mercredi]=2024-04-29..2024-05-02/day"},
		// holidays
		{"fr", "À Noël, les prix ont baissé.", "[À Noël]=2023-12-25/day"},
		{"fr", "le lundi de Pâques 2025 et la Pentecôte", "[le lundi de Pâques 2025]=2025-04-21/day [la Pentecôte]=2024-05-19/day"},
		{"fr", "le 14 juillet et la Toussaint", "[le 14 juillet]=2024-07-14/day [la Toussaint]=2024-11-01/day"},
		{"en", "Sales fell after Thanksgiving and before Christmas 2024.", "[after Thanksgiving]=2023-11-23../day [before Christmas 2024]=..2024-12-25/day"},
		{"en", "Deals for Black Friday and Cyber Monday 2024.", "[Black Friday]=2023-11-24/day [Cyber Monday 2024]=2024-12-02/day"},
		{"fr", "pendant le ramadan, avant la Tabaski", "[le ramadan]=2024-03-11..2024-04-10/day!holiday_approx [avant la Tabaski]=..2024-06-17/day!holiday_approx"},
		{"fr", "Noël Mamère a parlé de l'ascension d'un alpiniste et d'un armistice.", ""},
		{"en", "Prosecutors alleged that Tova Noel slept. Noel Gallagher sang Noël songs at Christmas.", "[Noël]=2023-12-25/day [at Christmas]=2023-12-25/day"},
		{"fr", "Pour Noel, les prix ont baissé.", "[Noel]=2023-12-25/day"},
		{"fr", "Le vendredi 3 mai à 16h CET, puis le 4 mai à 8:00 GMT.", "[Le vendredi 3 mai à 16h CET]=2024-05-03T17:00+02:00/hour [le 4 mai à 8:00 GMT]=2024-05-04T10:00+02:00/minute"},
		{"fr", "Matinées à 2 h. 1/2, de 8 à 9 degrés, de 4 à 7 h, les 3/4 du budget.", ""},
		{"fr", "Le 2 mars 1914, il arrive. Ce jour-là, il pleut. Cette année-là, la guerre éclate.", "[Le 2 mars 1914]=1914-03-02/day [Ce jour-là]=1914-03-02/day [Cette année-là]=1914/year"},
		{"en", "The merger was finalized a few days later, on April 1, 2003, at the end of the year of 2007.", "[on April 1, 2003]=2003-04-01/day [at the end of the year of 2007]=2007-09..2008-01/month"},
		{"fr", "d'ici 2030, à l'horizon 2035, d'ici à la fin de l'année", "[d'ici 2030]=..2030/year [2035]=2035/year [d'ici à la fin de l'année]=..2024-09/month"},
		{"en", "He won by 2000 votes in 2000 cases, by 2030 at the latest.", "[by 2030]=..2030/year"},
		{"fr", "Ce record a depuis été battu, trois ans après son arrivée, depuis l'été 2023.", "[depuis l'été 2023]=2023-06-21../day"},
		{"en", "their first number one single in 22 years, on 5 ½ / 11, an 1852 map, over 1500 m, Saturday Night Live", ""},
		{"fr", "la saison 2010/11 et en 2023-24", "[2010/11]=2010..2012/year [en 2023-24]=2023..2025/year"},
		{"fr", "Élu le 3 mars 2012, il démissionne le 28 août suivant; la dernière année de son mandat.", "[le 3 mars 2012]=2012-03-03/day [le 28 août suivant]=2012-08-28/day"},
		{"fr", "dans 9999 ans", ""},
		{"en", "add RTX 3080s in the 2030s", "[in the 2030s]=2030..2040/year"},
		{"en", "In May this year, more. On May 3 last year, less. Python 3 may want it; 5 march.", "[In May this year]=2024-05/month [On May 3 last year]=2023-05-03/day [5 march]=2024-03-05/day"},
		// the clause's tense where the closest year would cross it (CONVENTIONS §3 and §5), six months out
		{"en", "He was arrested in October. The summit will be held in November. Sales rose in October.", "[in October]=2023-10/month [in November]=2024-11/month [in October]=2023-10/month"},
		{"en", "Tariffs planned for October were cancelled. The vote was due in October. It is due in November.", "[October]=2023-10/month [in October]=2023-10/month [in November]=2024-11/month"},
		{"en", "They could trade their way to a good October. The “late October” timeline was disclosed.", "[October]=2024-10/month [late October]=2024-10-21..2024-11-01/day"},
		{"fr", "Il a été arrêté en octobre. Le salon se tiendra le 2 novembre. En octobre, il annonçait sa réforme.", "[en octobre]=2023-10/month [le 2 novembre]=2024-11-02/day [En octobre]=2023-10/month"},
		{"fr", "Il est parti en octobre. Le sommet s'est tenu le 12 octobre. Elles se sont réunies en octobre. Le sommet est prévu en octobre. Le musée est situé en ville.",
			"[en octobre]=2023-10/month [le 12 octobre]=2023-10-12/day [en octobre]=2023-10/month [en octobre]=2024-10/month"},
		{"fr", "Le salon a fermé le 2 juin, suivi par la foire. Depuis le 2 juin, rien.", "[le 2 juin]=2024-06-02/day [Depuis le 2 juin]=2023-06-02../day"},
		{"en", "It has grown since October.", "[since October]=2023-10../month"},
		{"en", "The March 5 primaries, the May 3 vote. March 3 people came.", "[The March 5]=2024-03-05/day [the May 3]=2024-05-03/day"},
		{"en", "50 cigarettes in a day, twice in a month; it will open in a week.", "[in a week]=2024-05-11/day"},
		// a bare weekday is the last one, unless its verb is in the future
		{"en", "Hill will testify Thursday. The band played Monday night. Voters approved an amendment on Tuesday that will grant funds. The band's set Monday night.", "[Thursday]=2024-05-09/day [Monday night]=2024-04-29/day [on Tuesday]=2024-04-30/day [Monday night]=2024-04-29/day"},
		{"fr", "Le ministre sera à Paris lundi. Le sommet a eu lieu mardi. Il va se rendre à Berlin jeudi.", "[lundi]=2024-05-06/day [mardi]=2024-04-30/day [jeudi]=2024-05-09/day"},
		// "d'hier à aujourd'hui" is the past and the present, not two days
		{"fr", "Les chefs d’hier à aujourd’hui, la musique d'hier, d'aujourd'hui et de demain. Il est arrivé hier.", "[hier]=2024-05-03/day"},
		{"fr", "La musique symphonique chorale d’hier, la culture de demain, le monde d'aujourd'hui. La réunion de demain, les chiffres d'hier.", "[demain]=2024-05-05/day [hier]=2024-05-03/day"},
		// "today's challenges" is the present era; "today's sale" a day
		{"en", "Old patterns will not solve today’s challenges. Even today's most advanced AI systems fail. Shop the rest of today's sale.", "[today]=2024-05-04/day"},
		// a capitalised "Today" after a word in capitals is a title
		{"en", "Richardson, via USA Today, said it today. PROTESTS ERUPT TODAY.", "[today]=2024-05-04/day [TODAY]=2024-05-04/day"},
		// a count before "last week" counts something else; English puts it after ("the last 2 weeks")
		{"en", "Infections jumped to 12 last week, and to 30 over the last 2 weeks.", "[last week]=2024-04-22/week [over the last 2 weeks]=2024-04-15..2024-04-29/week"},
		{"en", "In his 20s and her early 30s, not in the 80s.", "[in the 80s]=1980..1990/year"},
		{"fr", "L'Office a banni en juin 12 pesticides. Pas de jeu. 23' Aouar tire.", "[en juin]=2024-06/month"},
		{"en", "On Dec. 18, a Wednesday, the House voted on the first and last days.", "[On Dec. 18]=2024-12-18/day"}, // the Wednesday picks the year
		{"fr", "en mai de l'année dernière, le 3 mars l'an prochain, en novembre de cette année", "[en mai de l'année dernière]=2023-05/month [le 3 mars l'an prochain]=2025-03-03/day [en novembre de cette année]=2024-11/month"},
		// coordinated dates share the month and year the second writes out
		{"fr", "Il a voyagé le 3 et le 5 mai 2018, en février et en mai 2018, le 3 avril et le 5 mai 2018.", "[le 3]=2018-05-03/day [le 5 mai 2018]=2018-05-05/day [en février]=2018-02/month [en mai 2018]=2018-05/month [le 3 avril]=2018-04-03/day [le 5 mai 2018]=2018-05-05/day"},
		{"en", "He travelled on 3 and 5 May 2018, in February and May 2018.", "[on 3]=2018-05-03/day [5 May 2018]=2018-05-05/day [in February]=2018-02/month [May 2018]=2018-05/month"},
		{"fr", "Il est né le 12 et mort le 15 mai 2018; en 2016 et en mai 2018.", "[le 12]=2024-05-12/day [le 15 mai 2018]=2018-05-15/day [en 2016]=2016/year [en mai 2018]=2018-05/month"},
		// a year-less date in the month the text just wrote out in full is that month
		{"fr", "Début novembre 2024, le salon ouvre. Le 14 novembre, il ferme.", "[Début novembre 2024]=2024-11-01..2024-11-11/day [Le 14 novembre]=2024-11-14/day"},
		{"fr", "En novembre 2024, le salon ouvre. En 2025, il ferme. Le 14 novembre, rien.", "[En novembre 2024]=2024-11/month [En 2025]=2025/year [Le 14 novembre]=2023-11-14/day"},
		{"en", "In November 2024 the fair opens; on November 14 it closes.", "[In November 2024]=2024-11/month [on November 14]=2024-11-14/day"},
		// not dates (§9)
		{"fr", "Sept personnes ont été blessées.", ""},
		{"fr", "Le gouvernement a eu recours au 49.3 pour le budget.", ""},
		{"fr", "Les Bleus se sont imposés 3-1 après prolongations.", ""},
		{"en", "The measure passed 7-2 in the Supreme Court.", ""},
		{"en", "The bill passed 52-48 in the Senate.", ""},
		{"fr", "La loi n° 2024-12 et le décret 2023-1234 ont été publiés.", ""},
		{"fr", "Un budget de 2 000 euros, 1 200 salariés et 15 000 manifestants.", ""},
		{"fr", "Il est venu car il était là et il a dit 12 mots.", ""},
		{"fr", "La mer était calme et le jeu a repris.", ""},
		{"fr", "plus de 2000 personnes", ""},
		{"en", "May I ask? The sun was out and we sat there.", ""},
		{"en", "It cost $2,000 for 1,200 people on a Boeing 737.", ""},
		{"fr", "Le 2e tour, la Covid-19, l'A380, le G7, 18h30.", ""},
		{"fr", "depuis des années", ""},
	} {
		d := run(t, n, c.lang, ref0504, c.text)
		if got := show(d); got != c.want {
			t.Errorf("%s %q\n got  %s\n want %s", c.lang, c.text, got, c.want)
		}
	}
}

// atCase is a text and the dates it must give against one publication date.
type atCase struct{ lang, text, want string }

// checkAt runs each case through n with ref as the publication date.
func checkAt(t *testing.T, n *Normalizer, ref string, cases []atCase) {
	t.Helper()
	for _, c := range cases {
		d := run(t, n, c.lang, ref, c.text)
		if got := show(d); got != c.want {
			t.Errorf("%s %q\n got  %s\n want %s", c.lang, c.text, got, c.want)
		}
	}
}

func TestFutureBias(t *testing.T) {
	n, err := New(Options{Bias: Future})
	if err != nil {
		t.Fatal(err)
	}
	checkAt(t, n, "2013-02-12T04:30:00-02:00", []atCase{ // a Tuesday
		{"fr", "lundi", "[lundi]=2013-02-18/day"},
		{"fr", "mardi", "[mardi]=2013-02-19/day"},
		{"fr", "31 octobre", "[31 octobre]=2013-10-31/day"},
		{"fr", "le 2", "[le 2]=2013-03-02/day"},
		{"fr", "jeudi 15", "[jeudi 15]=2013-08-15/day"},
		{"en", "next wednesday", "[next wednesday]=2013-02-20/day"},
		{"en", "Sunday, Feb 10", "[Sunday, Feb 10]=2013-02-10/day"},
	})
}

// TestTenseWeekdays: news reports the past, so a bare weekday is the last one, but a verb in the
// future, a deadline and a past "this weekend" read the other way (a Monday anchor).
func TestTenseWeekdays(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkAt(t, n, "2019-11-18T10:00:00Z", []atCase{ // a Monday
		{"en", "The weather should ease by Thursday morning. The offer ran until Friday.", "[by Thursday morning]=..2019-11-21/day [until Friday]=..2019-11-15/day"},
		{"en", "The army took to the streets to clear barricades this weekend.", "[this weekend]=2019-11-16..2019-11-18/day"},
		{"en", "Her solo project opens this weekend—an exploration of a ritual preserved by matriarchs.", "[this weekend]=2019-11-23..2019-11-25/day"},
		{"fr", "Ce week-end, la direction a fait évacuer le campus. Il faudra attendre jusqu'à jeudi.", "[Ce week-end]=2019-11-16..2019-11-18/day [jusqu'à jeudi]=..2019-11-21/day"},
	})
}

func TestAnchor(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		text        string
		boilerplate []string
		wantAnchor  string
		wantSource  string
		wantDates   string
	}{
		{"stamp in text", "Publié le 3 mai 2024 à 10h15\nJeudi, le président s'est rendu à Marseille.",
			nil, "2024-05-03", "page", "[le 3 mai 2024 à 10h15]=2024-05-03T10:15/minute [Jeudi]=2024-05-02/day"},
		{"stamp in boilerplate", "Jeudi, le président s'est rendu à Marseille.",
			[]string{"Par Jean Dupont", "Publié le 3 mai 2024 à 10h15, mis à jour le 4 mai 2024"}, "2024-05-03", "page", "[Jeudi]=2024-05-02/day"},
		{"english stamp", "On Tuesday the minister resigned.",
			[]string{"Published May 3, 2024"}, "2024-05-03", "page", "[On Tuesday]=2024-04-30/day"},
		{"updated only", "Hier, la grève a commencé.",
			[]string{"Mis à jour le 10 avril 2024"}, "2024-04-10", "page", "[Hier]=2024-04-09/day"},
		{"teaser stamp ignored", "Le 13 avril 2024, des milliers de personnes ont manifesté. Fin mars, un appel.",
			[]string{"Par Editorial Côté Brest Publié le 20 septembre 2024 à 00h14 Voir mes actualités…"},
			"2024-04-13", "latest-date", "[Le 13 avril 2024]=2024-04-13/day [Fin mars]=2024-03-21..2024-04-01/day"},
		{"dateline", "PARIS, 3 mai 2024 (AFP) - Le ministre a annoncé vendredi sa démission.",
			nil, "2024-05-03", "page", "[3 mai 2024]=2024-05-03/day [vendredi]=2024-05-03/day"},
		{"weekday pins the year", "Le régime, arrivé en juillet 2023, a rompu l'accord samedi 16 mars. Le 16 mars, il l'a dit.",
			nil, "2024-03-16", "latest-date", "[en juillet 2023]=2023-07/month [samedi 16 mars]=2024-03-16/day [Le 16 mars]=2024-03-16/day"},
		{"date line", "Le ministre démissionne\n3 mai 2024 à 10h15\nJeudi, le président a parlé.",
			nil, "2024-05-03", "page", "[3 mai 2024 à 10h15]=2024-05-03T10:15/minute [Jeudi]=2024-05-02/day"},
		{"updated with a clock time", "On Tuesday the minister resigned.",
			[]string{"Updated 10:15 AM EDT, Fri May 3, 2024"}, "2024-05-03", "page", "[On Tuesday]=2024-04-30/day"},
		{"sentence is not a stamp", "Le 3 mai 2024, le ministre a démissionné. Jeudi, le président a parlé.",
			nil, "2024-05-03", "latest-date", "[Le 3 mai 2024]=2024-05-03/day [Jeudi]=2024-05-02/day"},
		{"no anchor", "Jeudi, le président s'est rendu à Marseille en 2019.",
			nil, "", "none", "[en 2019]=2019/year"},
		{"ingested, no date of its own", "Le Premier ministre a annoncé jeudi 14 mars des mesures. Hier, les syndicats ont salué l'annonce.",
			nil, "2024-03-15", "ingested", "[jeudi 14 mars]=2024-03-14/day [Hier]=2024-03-14/day"},
		{"ingested, but a date of its own first", "Le 13 avril 2023, le ministre a parlé. Jeudi, il a démissionné.",
			nil, "2023-04-13", "latest-date", "[Le 13 avril 2023]=2023-04-13/day [Jeudi]=2023-04-13/day"},
	} {
		d := &pipeline.Doc{Text: c.text, Lang: "fr"}
		if strings.HasPrefix(c.name, "ingested") {
			d.Raw = &pipeline.Raw{IngestedAt: "2024-03-15T08:30:00Z"}
		}
		if strings.HasPrefix(c.name, "english") || strings.HasPrefix(c.name, "updated with") {
			d.Lang = "en"
		}
		for _, b := range c.boilerplate {
			d.Boilerplate = append(d.Boilerplate, pipeline.Block{Text: b, Kind: "boilerplate"})
		}
		if err := n.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if d.Anchor == nil || d.Anchor.Date != c.wantAnchor || d.Anchor.Source != c.wantSource {
			t.Errorf("%s: anchor %+v, want %s (%s)", c.name, d.Anchor, c.wantAnchor, c.wantSource)
		}
		if got := show(d); got != c.wantDates {
			t.Errorf("%s: dates\n got  %s\n want %s", c.name, got, c.wantDates)
		}
		if c.wantSource == "page" && (d.Published == nil || *d.Published != c.wantAnchor || d.PublishedSource != "page") {
			t.Errorf("%s: published %v %q, want %s from the page", c.name, d.Published, d.PublishedSource, c.wantAnchor)
		}
	}
}

func TestUnknownLanguage(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := run(t, n, "", ref0504, "Le 13 avril, la police est intervenue. On Friday (May 3), the minister spoke; le 03/05/2024 aussi.")
	want := "[Le 13 avril]=2024-04-13/day [On Friday (May 3)]=2024-05-03/day [le 03/05/2024]=2024-05-03/day"
	if got := show(d); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestOffsetsAreRunes(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := "Été 🌞 : décidé le 13 avril."
	d := run(t, n, "fr", ref0504, text)
	if len(d.Dates) != 1 {
		t.Fatalf("dates %s", show(d))
	}
	r := []rune(text)
	if got := string(r[d.Dates[0].Start:d.Dates[0].End]); got != d.Dates[0].Text || got != "le 13 avril" {
		t.Errorf("span %d..%d is %q, text %q", d.Dates[0].Start, d.Dates[0].End, got, d.Dates[0].Text)
	}
}

func TestBadInput(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"", "\xff\xfe le 13 \xff avril", strings.Repeat("le 13 avril ", 20000), "\x00\x01\x02 2024"} {
		d := run(t, n, "fr", ref0504, text)
		if d.Dates == nil || d.Anchor == nil {
			t.Errorf("%.20q: dates %v anchor %v", text, d.Dates, d.Anchor)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := n.Process(ctx, &pipeline.Doc{Text: "le 13 avril"}); err == nil {
		t.Error("a cancelled context must stop the stage")
	}
	if _, err := ParseBias("sideways"); err == nil {
		t.Error("ParseBias accepted a bad value")
	}
	if b, err := ParseBias("future"); err != nil || b != Future {
		t.Errorf("ParseBias(future) = %v, %v", b, err)
	}
	if n.Name() != "dates" {
		t.Errorf("name %q", n.Name())
	}
}

// TestConcurrentSameResult runs the news cases from several goroutines at once: the stage keeps no
// state between documents, so every run must give what a sequential run gives (run with -race).
func TestConcurrentSameResult(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := loadRows(t, "news-cases.jsonl")
	want := make([]string, len(rows))
	for i, r := range rows {
		d := rowDoc(r)
		if err := n.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		want[i] = show(d)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				for i, r := range rows {
					d := rowDoc(r)
					if err := n.Process(context.Background(), d); err != nil {
						t.Error(err)
						return
					}
					if got := show(d); got != want[i] {
						t.Errorf("%s: concurrent run gave %s, sequential %s", r.ID, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
