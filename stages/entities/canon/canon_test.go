package canon

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

// span places an entity on the first occurrence of s in text at or after byte from, offsets in code
// points, and returns the byte offset where it ends. Test entities are listed in reading order.
func span(t testing.TB, text, s, typ string, from int) (pipeline.Entity, int) {
	t.Helper()
	i := strings.Index(text[from:], s)
	if i < 0 {
		t.Fatalf("%q not found after byte %d in %q", s, from, text)
	}
	start := utf8.RuneCountInString(text[:from+i])
	return pipeline.Entity{Text: s, Type: typ, Start: start, End: start + utf8.RuneCountInString(s)}, from + i + len(s)
}

type want struct{ canonical, code string }

func TestLinkTable(t *testing.T) {
	l := newLinker(t)
	type ent struct {
		text, typ string
		want
	}
	cases := []struct {
		name, lang, text string
		ents             []ent
	}{
		{"countries fr", "fr", "Les États-Unis, les Etats Unis, les USA et ETATS-UNIS.", []ent{
			{"États-Unis", "LOC", want{"United States", "US"}},
			{"Etats Unis", "LOC", want{"United States", "US"}},
			{"USA", "LOC", want{"United States", "US"}},
			{"ETATS-UNIS", "LOC", want{"United States", "US"}},
		}},
		{"countries en", "en", "The US, the U.S., the United States of America and Russia.", []ent{
			{"US", "LOC", want{"United States", "US"}},
			{"U.S.", "LOC", want{"United States", "US"}},
			{"United States of America", "LOC", want{"United States", "US"}},
			{"Russia", "LOC", want{"Russia", "RU"}},
		}},
		{"country official and CLDR names", "fr", "La Fédération de Russie, la Birmanie, la Turquie et le Tchad.", []ent{
			{"Fédération de Russie", "LOC", want{"Russia", "RU"}},
			{"Birmanie", "LOC", want{"Myanmar", "MM"}},
			{"Turquie", "LOC", want{"Türkiye", "TR"}},
			{"Tchad", "LOC", want{"Chad", "TD"}},
		}},
		// A team named by a demonym is the team ("the Canadiens", Montreal's hockey club), not
		// the nationality: an organisation is not looked up among demonyms.
		{"demonym as a team", "en", "The Canadiens beat the Bruins, and Canadiens fans cheered.", []ent{
			{"Canadiens", "ORG", want{"Canadiens", ""}},
		}},
		// Written only in capitals, a person or a place is named as running text writes it; an
		// organisation's capitals may be its name.
		{"capitals", "en", "TAYLOR SWIFT PLAYS LOS ANGELES FOR ESPN", []ent{
			{"TAYLOR SWIFT", "PER", want{"Taylor Swift", ""}},
			{"LOS ANGELES", "LOC", want{"Los Angeles", ""}},
			{"ESPN", "ORG", want{"ESPN", ""}},
		}},
		// A surname after the name in capitals is linked to it, and named as the name is.
		{"surname of a name in capitals", "en", "'DANCING WITH THE STARS' CARRIE ANN INABA OPENS UP. “Not at all what I expected,” judge Inaba noted.", []ent{
			{"CARRIE ANN INABA", "PER", want{"Carrie Ann Inaba", ""}},
			{"Inaba", "PER", want{"Carrie Ann Inaba", ""}},
		}},
		// A country's official name is the country, even where the tagger made it an actor
		// (ORG).
		{"official name as an actor", "fr", "La Fédération de Russie va doter le Niger, et la France a battu le Brésil.", []ent{
			{"Fédération de Russie", "ORG", want{"Russia", "RU"}},
			{"France", "ORG", want{"France", "FR"}},
		}},
		{"demonym noun", "fr", "Les Canadiens votent lundi.", []ent{
			{"Canadiens", "MISC", want{"Canadian", "CA"}},
		}},
		{"cities", "fr", "De Moscou à Washington via Pékin et Le Caire.", []ent{
			{"Moscou", "LOC", want{"Moscow", ""}},
			{"Washington", "LOC", want{"Washington, D.C.", ""}},
			{"Pékin", "LOC", want{"Beijing", ""}},
			{"Le Caire", "LOC", want{"Cairo", ""}},
		}},
		{"cities whose names differ", "fr", "D'Alep à Mossoul, de Bombay à Saint-Pétersbourg, puis Katmandou et Montréal.", []ent{
			{"Alep", "LOC", want{"Aleppo", ""}},
			{"Mossoul", "LOC", want{"Mosul", ""}},
			{"Bombay", "LOC", want{"Mumbai", ""}},
			{"Saint-Pétersbourg", "LOC", want{"Saint Petersburg", ""}},
			{"Katmandou", "LOC", want{"Kathmandu", ""}},
			{"Montréal", "LOC", want{"Montreal", ""}},
		}},
		{"capital from the gazetteer", "en", "Talks in Niamey and Ouagadougou.", []ent{
			{"Niamey", "LOC", want{"Niamey", ""}},
			{"Ouagadougou", "LOC", want{"Ouagadougou", ""}},
		}},
		{"demonyms fr", "fr", "Des soldats russes, des troupes américaines, un responsable nigérien.", []ent{
			{"russes", "MISC", want{"Russian", "RU"}},
			{"américaines", "MISC", want{"American", "US"}},
			{"nigérien", "MISC", want{"Nigerien", "NE"}},
		}},
		{"demonyms en", "en", "Russian soldiers and Americans met Nigerien officials.", []ent{
			{"Russian", "MISC", want{"Russian", "RU"}},
			{"Americans", "MISC", want{"American", "US"}},
			{"Nigerien", "MISC", want{"Nigerien", "NE"}},
		}},
		{"person short form after full name, fr", "fr", "Vladimir Poutine a parlé. Selon Poutine, tout va bien.", []ent{
			{"Vladimir Poutine", "PER", want{"Vladimir Putin", ""}},
			{"Poutine", "PER", want{"Vladimir Putin", ""}},
		}},
		{"person short form, en", "en", "Defense Secretary Lloyd Austin spoke. Austin said no.", []ent{
			{"Lloyd Austin", "PER", want{"Lloyd Austin", ""}},
			{"Austin", "PER", want{"Lloyd Austin", ""}},
		}},
		{"surname before the full name (headline)", "en", "Biden visits Kenya\nJoe Biden arrived on Monday.", []ent{
			{"Biden", "PER", want{"Joe Biden", ""}},
			{"Joe Biden", "PER", want{"Joe Biden", ""}},
		}},
		{"nearest full name wins", "en", "Joe Biden spoke. Biden left. Hunter Biden stayed. Biden smiled.", []ent{
			{"Joe Biden", "PER", want{"Joe Biden", ""}},
			{"Biden", "PER", want{"Joe Biden", ""}},
			{"Hunter Biden", "PER", want{"Hunter Biden", ""}},
			{"Biden", "PER", want{"Hunter Biden", ""}},
		}},
		{"curated people fr", "fr", "Zelensky et Xi Jinping ; le général Abdourahamane Tiani ; M. Netanyahou.", []ent{
			{"Zelensky", "PER", want{"Volodymyr Zelensky", ""}},
			{"Xi Jinping", "PER", want{"Xi Jinping", ""}},
			{"général Abdourahamane Tiani", "PER", want{"Abdourahamane Tchiani", ""}},
			{"M. Netanyahou", "PER", want{"Benjamin Netanyahu", ""}},
		}},
		{"unknown person keeps the name as written, without title", "fr", "Le président Mohamed Bazoum.", []ent{
			{"président Mohamed Bazoum", "PER", want{"Mohamed Bazoum", ""}},
		}},
		{"a person is not a place", "en", "George Washington crossed the river. Washington won.", []ent{
			{"George Washington", "PER", want{"George Washington", ""}},
			{"Washington", "PER", want{"George Washington", ""}},
		}},
		{"a lone name mistyped as a person", "fr", "la compagnie paramilitaire Wagner ; Washington a décidé", []ent{
			{"Wagner", "PER", want{"Wagner Group", ""}},
			{"Washington", "PER", want{"Washington, D.C.", ""}},
		}},
		{"acronym defined after the long form, fr", "fr", "le groupe État islamique (EI) ; plus tard l'EI a revendiqué.", []ent{
			{"État islamique", "ORG", want{"Islamic State", ""}},
			{"EI", "ORG", want{"Islamic State", ""}},
			{"EI", "ORG", want{"Islamic State", ""}},
		}},
		{"acronym defined for an unknown organisation", "fr", "Le Mouvement pour la paix du Sahel (MPS) a répondu. Le MPS refuse.", []ent{
			{"Mouvement pour la paix du Sahel", "ORG", want{"Mouvement pour la paix du Sahel", ""}},
			{"MPS", "ORG", want{"Mouvement pour la paix du Sahel", ""}},
			{"MPS", "ORG", want{"Mouvement pour la paix du Sahel", ""}},
		}},
		{"acronym with an elision, long form in parentheses", "fr", "l'UPN (Union pour le Niger) a gagné ; l'UPN jubile.", []ent{
			{"l'UPN", "ORG", want{"Union pour le Niger", ""}},
			{"UPN", "ORG", want{"Union pour le Niger", ""}},
		}},
		{"acronym first, long form in parentheses", "en", "The NUP (National Unity Platform) won. NUP leaders cheered.", []ent{
			{"NUP", "ORG", want{"National Unity Platform", ""}},
			{"NUP", "ORG", want{"National Unity Platform", ""}},
		}},
		{"parenthesis that is not a definition", "en", "Niamey (AFP) - The AFP reported.", []ent{
			{"Niamey", "LOC", want{"Niamey", ""}},
			{"AFP", "ORG", want{"Agence France-Presse", ""}},
		}},
		{"Associated Press (AP)", "en", "told Reuters and the Associated Press (AP) on Friday", []ent{
			{"Reuters", "ORG", want{"Reuters", ""}},
			{"Associated Press", "ORG", want{"Associated Press", ""}},
			{"AP", "ORG", want{"Associated Press", ""}},
		}},
		{"organisation aliases fr", "fr", "L'ONU, l'OTAN, l'UE, Daech, Al-Qaïda et le Pentagone.", []ent{
			{"ONU", "ORG", want{"United Nations", ""}},
			{"OTAN", "ORG", want{"NATO", ""}},
			{"UE", "ORG", want{"European Union", ""}},
			{"Daech", "ORG", want{"Islamic State", ""}},
			{"Al-Qaïda", "ORG", want{"al-Qaeda", ""}},
			{"Pentagone", "ORG", want{"Pentagon", ""}},
		}},
		{"organisation aliases en", "en", "The UN, NATO, the EU, ISIS, al Qaeda and the Pentagon.", []ent{
			{"UN", "ORG", want{"United Nations", ""}},
			{"NATO", "ORG", want{"NATO", ""}},
			{"EU", "ORG", want{"European Union", ""}},
			{"ISIS", "ORG", want{"Islamic State", ""}},
			{"al Qaeda", "ORG", want{"al-Qaeda", ""}},
			{"the Pentagon", "ORG", want{"Pentagon", ""}},
		}},
		{"type is a hint, not a filter", "fr", "Le Pentagone et les États-Unis.", []ent{
			{"Pentagone", "LOC", want{"Pentagon", ""}},
			{"États-Unis", "ORG", want{"United States", "US"}},
		}},
		{"article and elision", "fr", "l'Afrique et la Russie", []ent{
			{"l'Afrique", "LOC", want{"Africa", ""}},
			{"la Russie", "LOC", want{"Russia", "RU"}},
		}},
		{"possessive", "en", "Niger's junta", []ent{
			{"Niger's", "LOC", want{"Niger", "NE"}},
		}},
		{"headline capitals", "fr", "NIGER : LA RUSSIE ET JEAN DUPONT\nJean Dupont, IBM PC", []ent{
			{"NIGER", "LOC", want{"Niger", "NE"}},
			{"RUSSIE", "LOC", want{"Russia", "RU"}},
			{"JEAN DUPONT", "PER", want{"Jean Dupont", ""}},
			{"Jean Dupont", "PER", want{"Jean Dupont", ""}},
			{"IBM PC", "MISC", want{"IBM PC", ""}},
		}},
		{"air base and airport rules", "fr", "la base aérienne 101, près de l'aéroport international Diori Hamani et de l'aéroport de Moscou", []ent{
			{"base aérienne 101", "LOC", want{"Air Base 101", ""}},
			{"aéroport international Diori Hamani", "LOC", want{"Diori Hamani International Airport", ""}},
			{"aéroport de Moscou", "LOC", want{"Moscow Airport", ""}},
		}},
		{"air base and airport rules en", "en", "Air Base 101, near Niamey International Airport and Agadez airport", []ent{
			{"Air Base 101", "LOC", want{"Air Base 101", ""}},
			{"Niamey International Airport", "LOC", want{"Diori Hamani International Airport", ""}},
			{"Agadez airport", "LOC", want{"Agadez Airport", ""}},
		}},
		{"aircraft", "fr", "un Iliouchine-76, un Il-76 et un Soukhoï Su-25", []ent{
			{"Iliouchine-76", "MISC", want{"Ilyushin Il-76", ""}},
			{"Il-76", "MISC", want{"Ilyushin Il-76", ""}},
			{"Soukhoï Su-25", "MISC", want{"Sukhoi Su-25", ""}},
		}},
		{"ministries fr", "fr", "le ministère russe de la Défense, le ministère des Affaires étrangères du Niger, le ministère de la Santé", []ent{
			{"ministère russe de la Défense", "ORG", want{"Ministry of Defence (Russia)", ""}},
			{"ministère des Affaires étrangères du Niger", "ORG", want{"Ministry of Foreign Affairs (Niger)", ""}},
			{"ministère de la Santé", "ORG", want{"Ministry of Health", ""}},
		}},
		{"ministries en", "en", "the Russian Defence Ministry and the Ministry of Defense of Russia", []ent{
			{"Russian Defence Ministry", "ORG", want{"Ministry of Defence (Russia)", ""}},
			{"Ministry of Defense of Russia", "ORG", want{"Ministry of Defence (Russia)", ""}},
		}},
		{"ambiguous demonym follows the country the text names", "fr", "Au Niger, la télévision nigériane a annoncé. Le Niger refuse.", []ent{
			{"nigériane", "MISC", want{"Nigerien", "NE"}},
		}},
		{"nigériane for Nigeria stays Nigerian", "fr", "Au Nigeria, la police nigériane a arrêté un suspect.", []ent{
			{"nigériane", "MISC", want{"Nigerian", "NG"}},
		}},
		{"shared demonym defaults to the state", "fr", "des ressortissants français et congolais", []ent{
			{"français", "MISC", want{"French", "FR"}},
			{"congolais", "MISC", want{"Congolese", "CD"}},
		}},
		{"shared demonym with a named country", "fr", "À Brazzaville, capitale de la république du Congo, des soldats congolais.", []ent{
			{"congolais", "MISC", want{"Congolese", "CG"}},
		}},
		{"unknown entity keeps its name", "fr", "Télé Sahel a annoncé.", []ent{
			{"Télé Sahel", "ORG", want{"Télé Sahel", ""}},
		}},
		{"unknown org keeps its article", "en", "according to The Guardian", []ent{
			{"The Guardian", "ORG", want{"The Guardian", ""}},
		}},
		{"unknown single word linked to a person", "fr", "Lloyd Austin a confirmé. Selon Austin, rien.", []ent{
			{"Lloyd Austin", "PER", want{"Lloyd Austin", ""}},
			{"Austin", "LOC", want{"Lloyd Austin", ""}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ents []pipeline.Entity
			from := 0
			for _, e := range c.ents {
				var ent pipeline.Entity
				ent, from = span(t, c.text, e.text, e.typ, from)
				ents = append(ents, ent)
			}
			l.Link(c.lang, c.text, ents)
			for i, e := range ents {
				if w := c.ents[i].want; e.Canonical != w.canonical || e.Code != w.code {
					t.Errorf("%q (%s): got %q %q, want %q %q", e.Text, e.Type, e.Canonical, e.Code, w.canonical, w.code)
				}
			}
		})
	}
}

func TestDemonymsTable(t *testing.T) {
	l := newLinker(t)
	cases := []struct {
		name, lang, text string
		want             []string // "text=Canonical/Code"
	}{
		{"french inflections", "fr",
			"russe russes Russes américain américaine américains américaines nigérien nigérienne nigériens nigériennes",
			[]string{"russe=Russian/RU", "russes=Russian/RU", "Russes=Russian/RU", "américain=American/US", "américaine=American/US",
				"américains=American/US", "américaines=American/US", "nigérien=Nigerien/NE", "nigérienne=Nigerien/NE",
				"nigériens=Nigerien/NE", "nigériennes=Nigerien/NE"}},
		{"more french inflections", "fr",
			"ivoirien ivoiriens ivoirienne ivoiriennes français française françaises occidental occidentale occidentaux occidentales",
			[]string{"ivoirien=Ivorian/CI", "ivoiriens=Ivorian/CI", "ivoirienne=Ivorian/CI", "ivoiriennes=Ivorian/CI",
				"français=French/FR", "française=French/FR", "françaises=French/FR", "occidental=Western/", "occidentale=Western/",
				"occidentaux=Western/", "occidentales=Western/"}},
		{"accents, case and apostrophes", "fr", "Les AMÉRICAINES et les americains de l’armée américaine",
			[]string{"AMÉRICAINES=American/US", "americains=American/US", "américaine=American/US"}},
		{"hyphenated demonyms", "fr", "les Sud-Coréens et un responsable nord-coréen",
			[]string{"Sud-Coréens=South Korean/KR", "nord-coréen=North Korean/KP"}},
		{"english", "en", "Russian soldiers, Americans, a Nigerien official, French and British troops, two South Koreans",
			[]string{"Russian=Russian/RU", "Americans=American/US", "Nigerien=Nigerien/NE", "French=French/FR", "British=British/GB",
				"South Koreans=South Korean/KR"}},
		{"demonyms the gazetteer also lists as country spellings", "en", "Thai and Saudi officials met in Laos.",
			[]string{"Thai=Thai/TH", "Saudi=Saudi Arabian/SA"}},
		{"english nouns", "en", "Britons, Swedes and Kurds", []string{"Britons=British/GB", "Swedes=Swedish/SE", "Kurds=Kurdish/"}},
		{"english needs a capital", "en", "polish the shoes; Polish workers", []string{"Polish=Polish/PL"}},
		{"language names follow the gold (CoNLL: languages are MISC)", "fr", "Instructeurs de russe ; il parle français",
			[]string{"russe=Russian/RU", "français=French/FR"}},
		{"inside a country name", "fr", "la République centrafricaine et la Polynésie française",
			nil},
		{"inside a country name en", "en", "the Central African Republic, French Guiana and the Russian Federation", nil},
		{"country vs demonym with the same spelling", "fr", "en Suisse, des banques suisses ; en Argentine, la presse argentine",
			[]string{"suisses=Swiss/CH", "argentine=Argentine/AR"}},
		{"english demonym that is a French country name", "en", "the Argentine government", []string{"Argentine=Argentine/AR"}},
		{"inside known organisations and regions", "fr", "l'Union européenne, l'Union africaine et l'océan Indien", nil},
		{"named government body", "fr", "le ministère russe de la Défense et le président russe", []string{"russe=Russian/RU"}},
		{"named government body en", "en", "the Russian Defence Ministry and the Russian president", []string{"Russian=Russian/RU"}},
		{"hyphen compounds are not demonyms", "fr", "un discours anti-américain et une alliance franco-russe", nil},
		{"nigériane in a text about Niger", "fr", "Au Niger, la télévision nigériane. Le Niger.", []string{"nigériane=Nigerien/NE"}},
		{"nigériane in a text about Nigeria", "fr", "Au Nigeria, la police nigériane.", []string{"nigériane=Nigerian/NG"}},
		{"nigérian in a text about Niger that names Nigeria", "fr", "Le Niger, le Niger et le Nigeria : le président nigérian.",
			[]string{"nigérian=Nigerian/NG"}},
		{"unknown language tries both", "", "Russian and russes", []string{"Russian=Russian/RU", "russes=Russian/RU"}},
		{"nothing", "fr", "Le chat dort sur le canapé.", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := l.Demonyms(c.lang, c.text)
			var gs []string
			rs := []rune(c.text)
			for _, e := range got {
				if string(rs[e.Start:e.End]) != e.Text || e.Type != "MISC" {
					t.Errorf("entity %+v: offsets read %q", e, string(rs[e.Start:e.End]))
				}
				gs = append(gs, fmt.Sprintf("%s=%s/%s", e.Text, e.Canonical, e.Code))
			}
			if strings.Join(gs, " ") != strings.Join(c.want, " ") {
				t.Errorf("got  %q\nwant %q", gs, c.want)
			}
		})
	}
}

// TestDemonymsAgreeWithLink: a demonym found by Demonyms keeps its canonical when linked.
func TestDemonymsAgreeWithLink(t *testing.T) {
	l := newLinker(t)
	for _, d := range loadSeeds(t) {
		dem := l.Demonyms(d.lang, d.text)
		ents := make([]pipeline.Entity, len(dem))
		copy(ents, dem)
		l.Link(d.lang, d.text, ents)
		for i := range ents {
			if ents[i].Canonical != dem[i].Canonical || ents[i].Code != dem[i].Code {
				t.Errorf("%s: %q: Demonyms %q/%q, Link %q/%q", d.name, dem[i].Text, dem[i].Canonical, dem[i].Code, ents[i].Canonical, ents[i].Code)
			}
		}
	}
}

func TestNewIsDeterministic(t *testing.T) {
	a, b := newLinker(t), newLinker(t)
	text := "Des soldats congolais, français et nigérians à Kinshasa."
	if fmt.Sprint(a.Demonyms("fr", text)) != fmt.Sprint(b.Demonyms("fr", text)) {
		t.Error("two Linkers disagree")
	}
}

func TestLinkBadOffsets(t *testing.T) {
	l := newLinker(t)
	ents := []pipeline.Entity{
		{Text: "Moscou", Type: "LOC", Start: -5, End: 99},
		{Text: "EI", Type: "ORG", Start: 10, End: 2},
		{Text: "", Type: "ORG"},
		{Text: "\xff\xfe", Type: "PER", Start: 0, End: 2},
	}
	l.Link("fr", "court (EI)", ents)
	if ents[0].Canonical != "Moscow" {
		t.Errorf("Moscou with bad offsets: %q", ents[0].Canonical)
	}
	if ents[1].Canonical != "Islamic State" {
		t.Errorf("EI: %q", ents[1].Canonical)
	}
}

// TestCuratedData checks the curated tables against the gazetteer: a curated country name must use
// the gazetteer's English name for its code, so that every form of a country has one canonical.
func TestCuratedData(t *testing.T) {
	l := newLinker(t)
	for k := range l.curated {
		e := l.places[k]
		if e.code != "" && l.countryName[e.code] != e.canonical {
			t.Errorf("aliases.tsv: %q → %q %s, countries.tsv calls %s %q", k, e.canonical, e.code, e.code, l.countryName[e.code])
		}
	}
	// A curated city or region must not hide a country of the same name.
	rows, err := readCountries()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, n := range []string{r.frCommon, r.enCommon} {
			if e := l.places[keyOf(n)]; l.curated[keyOf(n)] && e.code == "" {
				t.Errorf("aliases.tsv: %q hides the country %s", n, r.code)
			}
		}
	}
	for _, m := range []map[string]*demonym{l.demFR, l.demEN} {
		for k, d := range m {
			if d.canonical == "" {
				t.Errorf("demonym %q has no canonical", k)
			}
		}
	}
	// Every country has a demonym in both languages, through the gazetteer.
	for _, k := range []string{"russe", "russes", "americaines", "nigeriennes", "ivoiriennes", "occidentaux", "francaises"} {
		if l.demFR[k] == nil {
			t.Errorf("French demonym %q missing", k)
		}
	}
}

func TestLinkMore(t *testing.T) {
	l := newLinker(t)
	cases := []struct {
		lang, typ, text string
		want
	}{
		{"fr", "LOC", "des États-Unis d'Amérique", want{"United States", "US"}},
		{"fr", "LOC", "La Russie", want{"Russia", "RU"}},
		{"fr", "LOC", "Grande-Bretagne", want{"United Kingdom", "GB"}},
		{"fr", "LOC", "RDC", want{"DR Congo", "CD"}},
		{"fr", "LOC", "Union soviétique", want{"Soviet Union", ""}},
		{"fr", "ORG", "la Télé Sahel", want{"Télé Sahel", ""}},
		{"en", "ORG", "The Washington Post", want{"The Washington Post", ""}},
		{"fr", "PER", "le général Abdourahamane Tiani", want{"Abdourahamane Tchiani", ""}},
		{"fr", "PER", "le président Jean Dupont", want{"Jean Dupont", ""}},
		{"en", "PER", "President Jean Dupont", want{"Jean Dupont", ""}},
		{"en", "PER", "Lady Gaga", want{"Lady Gaga", ""}},
		{"fr", "PER", "M. Pokora", want{"M. Pokora", ""}},
		{"en", "PER", "Mr. Trump", want{"Trump", ""}},
		{"en", "PER", "Ms Alley", want{"Alley", ""}},
		{"en", "PER", "Gov. Kristi Noem", want{"Kristi Noem", ""}},
		{"en", "PER", "Lt Col Alexander Vindman", want{"Alexander Vindman", ""}},
		{"en", "PER", "Gov. Inslee", want{"Inslee", ""}},
		{"en", "PER", "President Trump", want{"Trump", ""}},
		{"en", "PER", "Senator Warren", want{"Warren", ""}},
		{"en", "PER", "Captain Beefheart", want{"Captain Beefheart", ""}},
		{"en", "PER", "King Vidor", want{"King Vidor", ""}},
		{"fr", "PER", "Mme Borne", want{"Borne", ""}},
		{"fr", "PER", "Le Pen", want{"Le Pen", ""}},
		{"fr", "PER", "le Corbusier", want{"le Corbusier", ""}},
		{"en", "PER", "Ronnie Vannucci Jr.", want{"Ronnie Vannucci Jr.", ""}},
		{"fr", "MISC", "Against Me !", want{"Against Me !", ""}},
		{"fr", "ORG", "Télé Sahel »,", want{"Télé Sahel", ""}},
		{"en", "ORG", "Acme's", want{"Acme", ""}},
		{"en", "PER", "M. G. Ramachandran", want{"M. G. Ramachandran", ""}},
		{"en", "MISC", "Leave ( Get Out )", want{"Leave ( Get Out )", ""}},
		{"en", "MISC", "SU-76", want{"SU-76", ""}},
		{"en", "ORG", "The Australian", want{"The Australian", ""}},
		{"en", "MISC", "A Portuguesa", want{"A Portuguesa", ""}},
		{"fr", "MISC", "J'ai confiance en toi", want{"J'ai confiance en toi", ""}},
		{"fr", "ORG", "L'Équipe", want{"L'Équipe", ""}},
		{"fr", "ORG", "L'ONU", want{"United Nations", ""}},
		{"en", "PER", "Lord Stanley", want{"Lord Stanley", ""}},
		{"en", "LOC", "The Pentagon", want{"Pentagon", ""}},
		{"en", "MISC", "Tu-95", want{"Tupolev Tu-95", ""}},
		{"fr", "PER", "François Hollande", want{"François Hollande", ""}},
		{"fr", "MISC", "Seconde Guerre mondiale", want{"World War II", ""}},
		{"fr", "LOC", "Côte d’Ivoire", want{"Ivory Coast", "CI"}},
		{"fr", "LOC", "Cote d'Ivoire", want{"Ivory Coast", "CI"}},
		{"en", "LOC", "e\u0301tats-unis", want{"United States", "US"}},
		{"fr", "LOC", "Việt Nam", want{"Vietnam", "VN"}},
		{"fr", "ORG", "Organisation des Nations unies", want{"United Nations", ""}},
		{"fr", "ORG", "groupe Wagner", want{"Wagner Group", ""}},
		{"fr", "ORG", "Alliance des États du Sahel", want{"Alliance of Sahel States", ""}},
		{"fr", "ORG", "État islamique (EI)", want{"Islamic State", ""}},
		{"fr", "ORG", "Mouvement pour la paix (MPP)", want{"Mouvement pour la paix", ""}},
		{"fr", "ORG", "«Télé Sahel»", want{"Télé Sahel", ""}},
		{"en", "PER", "Putin's", want{"Vladimir Putin", ""}},
		{"en", "PER", "Bashar al-Assad", want{"Bashar al-Assad", ""}},
	}
	for _, c := range cases {
		ents := []pipeline.Entity{{Text: c.text, Type: c.typ, Start: 0, End: utf8.RuneCountInString(c.text)}}
		l.Link(c.lang, c.text, ents)
		if ents[0].Canonical != c.canonical || ents[0].Code != c.code {
			t.Errorf("%s %q (%s): got %q %q, want %q %q", c.lang, c.text, c.typ, ents[0].Canonical, ents[0].Code, c.canonical, c.code)
		}
	}
}

// TestConcurrent: one Linker serves many goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	l := newLinker(t)
	docs := loadSeeds(t)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, d := range docs {
				ents := append(l.Demonyms(d.lang, d.text), d.gold...)
				l.Link(d.lang, d.text, ents)
			}
		}()
	}
	wg.Wait()
}

// TestEveryCountryBothLanguages: each country's French and English common and official names, and
// its demonyms, link to the same canonical and code.
func TestEveryCountryBothLanguages(t *testing.T) {
	l := newLinker(t)
	rows, err := readCountries()
	if err != nil {
		t.Fatal(err)
	}
	link := func(lang, typ, s string) (string, string) {
		ents := []pipeline.Entity{{Text: s, Type: typ, Start: 0, End: utf8.RuneCountInString(s)}}
		l.Link(lang, s, ents)
		return ents[0].Canonical, ents[0].Code
	}
	// A name two territories share ("Saint-Martin" is both MF and SX in French) goes to the first.
	owners := map[string]int{}
	for _, r := range rows {
		seen := map[string]bool{}
		for _, n := range []string{r.frCommon, r.enCommon, r.frOfficial, r.enOfficial} {
			if k := keyOf(n); !seen[k] {
				seen[k] = true
				owners[k]++
			}
		}
	}
	bad := 0
	for _, r := range rows {
		for _, n := range []struct{ lang, name string }{{"fr", r.frCommon}, {"en", r.enCommon}, {"fr", r.frOfficial}, {"en", r.enOfficial}} {
			if owners[keyOf(n.name)] > 1 {
				continue
			}
			if c, code := link(n.lang, "LOC", n.name); code != r.code {
				bad++
				t.Errorf("%s %q → %q %q, want %s", n.lang, n.name, c, code, r.code)
			}
		}
		for _, n := range []struct{ lang, name string }{{"fr", strings.ToLower(r.frDemonymM)}, {"fr", strings.ToLower(r.frDemonymF)}, {"en", r.enDemonym}} {
			if n.name == "" || strings.ContainsAny(n.name, ",") || strings.Contains(n.name, " et ") || strings.Contains(n.name, " or ") {
				continue
			}
			ents := []pipeline.Entity{{Text: n.name, Type: "MISC", End: utf8.RuneCountInString(n.name)}}
			l.Link(n.lang, n.name, ents)
			d := l.demonymByKey(n.lang, keyOf(n.name))
			if d == nil || dropDemonym[keyOf(n.name)+":"+r.code] {
				continue // dropped on purpose
			}
			if !contains(d.codes, r.code) {
				bad++
				t.Errorf("%s demonym %q → %v, want %s among them", n.lang, n.name, d.codes, r.code)
			}
		}
	}
	t.Logf("%d countries, %d disagreements", len(rows), bad)
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// TestLinkRetypes holds the two cases where the tables overrule the tagger's type, and the cases
// next to them where they must not.
func TestLinkRetypes(t *testing.T) {
	l := newLinker(t)
	cases := []struct {
		name, lang, text string
		ents             [][3]string // surface, tagged type, type after Link
	}{
		{"lone person known as something else, in an article", "fr", "Les instructeurs de la compagnie paramilitaire Wagner sont arrivés à Niamey la semaine dernière. " +
			"Selon plusieurs sources sécuritaires, ils remplacent les soldats américains, dont le départ a été négocié pendant des mois. " +
			"Washington a décidé de retirer ses troupes avant la fin de l'été, a confirmé un responsable. " +
			"Le régime militaire avait dénoncé en mars l'accord de coopération signé en 2012.", [][3]string{
			{"Wagner", "PER", "ORG"}, {"Washington", "PER", "LOC"},
		}},
		{"news media tagged as people", "fr", "Il n’aura pas fallu 24 heures pour que Mediapart révèle ces raisons. Selon le journal, le conseiller a été reçu deux fois à l'Élysée. " +
			"Le chœur de Radio France, créé en 1947, chantera pour les célébrations du 14 juillet, a confirmé la direction de la maison ronde. " +
			"Contacté, le ministère n'a pas souhaité réagir à ces informations publiées mercredi soir, ni précisé la date de la prochaine audition.", [][3]string{
			{"Mediapart", "PER", "ORG"}, {"Radio France", "PER", "ORG"},
		}},
		{"companies tagged as places and people", "en", "Coinbase and Coinbase Pro are two of the most popular platforms to buy, sell and trade cryptocurrency. " +
			"While Coinbase is aimed at beginners, the other is for active traders. This comes less than a week after the report that WeWork is the subject of an inquiry " +
			"by the New York attorney general, and days after its listing was postponed. Investors had valued the company at 47 billion dollars in January.", [][3]string{
			{"Coinbase", "LOC", "ORG"}, {"WeWork", "PER", "ORG"},
		}},
		{"software tagged as a person", "en", "Docker is a tool designed to make it easier to create, deploy, and run applications by using containers. " +
			"Containers allow a developer to package up an application with all of the parts it needs. In a way, Docker is a bit like a virtual machine, " +
			"but rather than creating a whole virtual operating system, it lets applications use the same kernel as the system they run on, and ship only what is not already there.", [][3]string{
			{"Docker", "PER", "MISC"}, {"Docker", "PER", "MISC"},
		}},
		{"lone person known as something else, in a lone sentence", "fr", "Les explorateurs Stanley et Livingstone.", [][3]string{
			{"Stanley", "PER", "PER"},
		}},
		{"a person with a full name stays a person", "en", "George Washington crossed the river. Washington won.", [][3]string{
			{"George Washington", "PER", "PER"}, {"Washington", "PER", "PER"},
		}},
		{"a titled person stays a person", "fr", "le général Wagner a parlé", [][3]string{
			{"général Wagner", "PER", "PER"},
		}},
		{"an unknown lone person stays a person", "fr", "Dupont a parlé", [][3]string{
			{"Dupont", "PER", "PER"},
		}},
		{"place known only as an organisation", "fr", "L'OTAN et l'État islamique, à Moscou.", [][3]string{
			{"OTAN", "LOC", "ORG"}, {"État islamique", "LOC", "ORG"}, {"Moscou", "LOC", "LOC"},
		}},
		{"a seat of power keeps the tagger's type", "fr", "à l'Élysée ; le Pentagone a démenti", [][3]string{
			{"Élysée", "LOC", "LOC"}, {"Pentagone", "ORG", "ORG"},
		}},
		{"organisation named like a place stays as tagged", "fr", "La France a battu l'Italie ; le Pentagone.", [][3]string{
			{"France", "ORG", "ORG"}, {"Italie", "LOC", "LOC"}, {"Pentagone", "ORG", "ORG"},
		}},
		{"a country's official name is the country", "fr", "La Fédération de Russie va doter le Niger ; la République française.", [][3]string{
			{"Fédération de Russie", "ORG", "LOC"}, {"Niger", "LOC", "LOC"}, {"République française", "ORG", "LOC"},
		}},
		{"an organisation with a state form and no country stays", "en", "The Federation of Small Businesses said so.", [][3]string{
			{"Federation of Small Businesses", "ORG", "ORG"},
		}},
		{"unknown place stays a place", "en", "They met in Zinder.", [][3]string{
			{"Zinder", "LOC", "LOC"},
		}},
		{"surname typed as a place after the full name", "en", "Polls favour Bernie Sanders. Later, Sanders left.", [][3]string{
			{"Bernie Sanders", "PER", "PER"}, {"Sanders", "LOC", "PER"},
		}},
		{"full name written only where every word has a capital: linked, not retyped", "en", "Pete Buttigieg wins\nBut Buttigieg lost.", [][3]string{
			{"Pete Buttigieg", "PER", "PER"}, {"Buttigieg", "LOC", "LOC"},
		}},
		{"title-case headline is not a full name", "en", "How Do Coinbase and Coinbase Pro differ?\nYou can do both. Coinbase is an exchange.", [][3]string{
			{"Do Coinbase", "PER", "PER"}, {"Coinbase", "ORG", "ORG"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ents []pipeline.Entity
			from := 0
			for _, e := range c.ents {
				var ent pipeline.Entity
				ent, from = span(t, c.text, e[0], e[1], from)
				ents = append(ents, ent)
			}
			l.Link(c.lang, c.text, ents)
			for i, e := range c.ents {
				if ents[i].Type != e[2] {
					t.Errorf("%q tagged %s: type %s after Link, want %s (canonical %q)", e[0], e[1], ents[i].Type, e[2], ents[i].Canonical)
				}
			}
		})
	}
}

// TestLinkFalseFullNames: a capitalised phrase the tagger calls a person does not lend its name
// to the one-word mentions typed otherwise; a real full name does.
func TestLinkFalseFullNames(t *testing.T) {
	l := newLinker(t)
	cases := []struct {
		name, text, full, short, shortType, want string
	}{
		{"common word written in lower case too", "How Do Coinbase work? You do it. Then Coinbase pays.", "Do Coinbase", "Coinbase", "ORG", "Coinbase"},
		{"possessive", "Dion’s Instagram grew. Instagram likes it.", "Dion’s Instagram", "Instagram", "ORG", "Instagram"},
		{"number", "Buy 50 Dell laptops. Dell agreed.", "50 Dell", "Dell", "ORG", "Dell"},
		{"the short form is a common word", "Safe Browsing warns. Browsing is safe; browsing data stays.", "Safe Browsing", "Browsing", "MISC", "Browsing"},
		{"lower-case word inside", "Kate made Meghan cry. Meghan left.", "Kate made Meghan", "Meghan", "LOC", "Meghan"},
		{"real full name", "Wikileaks co-founder Julian Assange spoke. Assange left.", "Julian Assange", "Assange", "LOC", "Julian Assange"},
		{"particles", "the work of Laurens van der Maaten. Maaten wrote it.", "Laurens van der Maaten", "Maaten", "LOC", "Laurens van der Maaten"},
		// A person alone links to a full name too, but not to a false one: a common English word
		// capitalised by its place (truecase.Common), or a verb in lower case.
		{"sentence start", "She posts.\nMaybe Instagram likes it that way. Instagram grew.", "Maybe Instagram", "Instagram", "PER", "Instagram"},
		{"heading", "Porting Mercurial to Python 3\nMercurial ran on Python 2.", "Porting Mercurial", "Mercurial", "PER", "Mercurial"},
		{"nickname in quotes", "She was called “Canine Dion.” Dion had surgery.", "Canine Dion", "Dion", "PER", "Dion"},
		{"verb inside", "Taylor told Dempsey to wait. Dempsey waited.", "Taylor told Dempsey", "Dempsey", "PER", "Dempsey"},
		{"first name that is a word, mid-sentence", "the trumpeter Miles Davis played. Davis left.", "Miles Davis", "Davis", "PER", "Miles Davis"},
		{"a title", "Captain Jack Sparrow sails. Sparrow drinks; the captain sleeps.", "Captain Jack Sparrow", "Sparrow", "PER", "Jack Sparrow"},
		{"first name that is a word, written in lower case too", "the trumpeter Miles Davis played miles away. Davis left.", "Miles Davis", "Davis", "PER", "Davis"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			full, from := span(t, c.text, c.full, "PER", 0)
			short, _ := span(t, c.text, c.short, c.shortType, from)
			ents := []pipeline.Entity{full, short}
			l.Link("en", c.text, ents)
			if ents[1].Canonical != c.want {
				t.Errorf("%q after %q: canonical %q, want %q", c.short, c.full, ents[1].Canonical, c.want)
			}
		})
	}
}

func TestCapitalLine(t *testing.T) {
	text := "NIGER : LES USA\nLes USA et la RUSSIE\nRUSSIE"
	for _, c := range []struct {
		word string
		from int
		want bool
	}{{"USA", 0, true}, {"USA", 16, false}, {"RUSSIE", 20, false}, {"RUSSIE", 36, true}} {
		i := strings.Index(text[c.from:], c.word) + c.from
		if got := capitalLine(text, i, i+len(c.word)); got != c.want {
			t.Errorf("capitalLine(%q at %d) = %v, want %v", c.word, i, got, c.want)
		}
	}
}

// TestCapsCountries: Scan lists the countries of a French line in capitals, not of an English one
// ("TURKEY" is also a bird) nor of a line in running text.
func TestCapsCountries(t *testing.T) {
	l := newLinker(t)
	for _, c := range []struct {
		lang, text string
		want       int
	}{
		{"fr", "NIGER : FIN DE RELATION AVEC LES USA", 2},
		{"fr", "Le Niger et les USA", 0},
		{"en", "HOW TO ROAST A TURKEY IN CHINA", 0},
	} {
		if got := len(l.Scan(c.lang, c.text).CapsCountries); got != c.want {
			t.Errorf("Scan(%s, %q): %d countries in capitals, want %d", c.lang, c.text, got, c.want)
		}
	}
}

func TestTitleCased(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"TAYLOR SWIFT", "Taylor Swift"}, {"LOS ANGELES", "Los Angeles"}, {"JEAN-PIERRE RAFFARIN", "Jean-Pierre Raffarin"},
		{"D'ARTAGNAN", "D'Artagnan"}, {"ÉMILE ZOLA", "Émile Zola"},
		{"CALIFORNIA", "California"}, {"MIAMI-DADE", "Miami-Dade"},
		{"USB-C", "USB-C"}, {"NYC", "NYC"}, {"USVI", "USVI"}, {"EVGA", "EVGA"}, {"MC3310", "MC3310"}, {"RTX 3000", "RTX 3000"}, {"AC DC", "AC DC"}, {"", ""},
	} {
		if got := titleCased(c.in); got != c.want {
			t.Errorf("titleCased(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestWrittenInLowerCase(t *testing.T) {
	for _, c := range []struct {
		text, w string
		want    bool
	}{
		{"The cat. the dog", "The", true}, {"US troops and us", "US", false}, {"Julian spoke", "Julian", false},
		{"ai is a sloth; AI", "AI", false}, {"lower only", "lower", false},
	} {
		if got := WrittenInLowerCase(c.text, c.w); got != c.want {
			t.Errorf("WrittenInLowerCase(%q, %q) = %v, want %v", c.text, c.w, got, c.want)
		}
	}
}

func TestContainsWord(t *testing.T) {
	for _, c := range []struct {
		text, w string
		want    bool
	}{
		{"you do it", "do", true}, {"do.", "do", true}, {"undo it", "do", false}, {"dog", "do", false},
		{"undo, then do", "do", true}, {"à do-re", "do", true}, {"", "do", false}, {"élan", "lan", false},
		{"go to amazon.com", "amazon", false}, {"run /usr/bin/openssl now", "openssl", false},
		{"the amazon. It", "amazon", true}, {"(do)", "do", true}, {"« do »", "do", true},
	} {
		if got := containsWord(c.text, c.w); got != c.want {
			t.Errorf("containsWord(%q, %q) = %v, want %v", c.text, c.w, got, c.want)
		}
	}
}

func TestAbbreviates(t *testing.T) {
	for _, c := range []struct {
		acr, long string
		want      bool
	}{
		{"EI", "État islamique", true}, {"AP", "Associated Press", true},
		{"OTAN", "Organisation du traité de l'Atlantique nord", true}, {"AQMI", "Al-Qaïda au Maghreb islamique", true},
		{"CEDEAO", "Communauté économique des États de l’Afrique de l’Ouest", true},
		{"U.S.", "United States", true}, {"UNESCO", "United Nations Educational, Scientific and Cultural Organization", true},
		{"NE", "Niger", false}, {"TX", "Texas", false}, {"AFP", "Niamey", false}, {"PM", "Pacific Islands", false},
		{"Nato", "North Atlantic Treaty Organization", false}, // not written as an acronym
		{"EI", "EI", false}, {"", "État islamique", false},
	} {
		if got := Abbreviates(c.acr, c.long); got != c.want {
			t.Errorf("Abbreviates(%q, %q) = %v, want %v", c.acr, c.long, got, c.want)
		}
	}
}

// TestShortAcronymsNeedCapitals: "PAM" is the World Food Programme, "Pam" a person; a longer
// acronym also matches in the British style ("Nato").
func TestShortAcronymsNeedCapitals(t *testing.T) {
	l := newLinker(t)
	for _, c := range []struct{ lang, text, surface, typ, want string }{
		{"fr", "Le PAM a distribué des vivres.", "PAM", "ORG", "World Food Programme"},
		{"en", "Pam came by on Tuesday.", "Pam", "PER", "Pam"},
		{"en", "Pam came by on Tuesday.", "Pam", "ORG", "Pam"},
		{"en", "Nato allies met in Brussels.", "Nato", "ORG", "NATO"},
	} {
		e, _ := span(t, c.text, c.surface, c.typ, 0)
		ents := []pipeline.Entity{e}
		l.Link(c.lang, c.text, ents)
		if ents[0].Canonical != c.want {
			t.Errorf("%q (%s) in %q: canonical %q, want %q", c.surface, c.typ, c.text, ents[0].Canonical, c.want)
		}
	}
}
