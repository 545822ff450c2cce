package boilerplate

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/normalize"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func newStripper(t testing.TB, opts Options) *Stripper {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// run processes a plain-text page the way the pipeline does: normalize, then this stage.
func run(t testing.TB, s *Stripper, uri, text string) *pipeline.Doc {
	t.Helper()
	d := &pipeline.Doc{Source: pipeline.SourceRef{URI: uri}, Raw: &pipeline.Raw{Text: text, Source: pipeline.SourceRef{URI: uri}}}
	if err := normalize.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := s.Process(context.Background(), d); err != nil {
		t.Fatalf("Process: %v", err)
	}
	return d
}

type seedGold struct {
	Doc              string  `json:"doc"`
	Lang             string  `json:"lang"`
	Title            *string `json:"title"`
	ContentLines     []int   `json:"content_lines"`
	BoilerplateLines []int   `json:"boilerplate_lines"`
}

func loadSeed(t *testing.T, name string) (seedGold, []string, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	var g seedGold
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "seeds", g.Doc))
	if err != nil {
		t.Fatal(err)
	}
	return g, strings.Split(string(raw), "\n"), string(raw)
}

func seedNames(t *testing.T) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no seed gold files: %v", err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

// TestSeedsGold checks every line of the five seed pages against its gold class, and the
// bag-of-words F1 of title + text that the records scorer computes.
func TestSeedsGold(t *testing.T) {
	s := newStripper(t, Options{})
	tp, np, ng := 0, 0, 0
	for _, name := range seedNames(t) {
		g, lines, raw := loadSeed(t, name)
		d := run(t, s, "seed:"+strings.TrimSuffix(g.Doc, ".txt"), raw)
		kept := strings.Split(d.Text, "\n")
		removed := map[string]string{}
		for _, b := range d.Boilerplate {
			removed[b.Text] = b.Kind
		}
		for _, n := range g.ContentLines {
			ln := strings.TrimSpace(normalize.Text(lines[n-1]))
			if !slices.Contains(kept, ln) {
				t.Errorf("%s line %d is content, was removed as %q: %q", g.Doc, n, removed[ln], ln)
			}
		}
		for _, n := range g.BoilerplateLines {
			ln := strings.TrimSpace(normalize.Text(lines[n-1]))
			if _, ok := removed[ln]; !ok {
				t.Errorf("%s line %d is boilerplate, was kept: %q", g.Doc, n, ln)
			}
			if slices.Contains(kept, ln) && ln != d.Title {
				t.Errorf("%s line %d is boilerplate, is in the text: %q", g.Doc, n, ln)
			}
		}
		if g.Title != nil && d.Title != *g.Title {
			t.Errorf("%s title = %q, want %q", g.Doc, d.Title, *g.Title)
		}
		if len(kept) == 0 || kept[0] != d.Title {
			t.Errorf("%s: text does not start with the title", g.Doc)
		}
		var gold []string
		for _, n := range g.ContentLines {
			gold = append(gold, lines[n-1])
		}
		gt, pt := tokens(strings.Join(gold, "\n")), tokens(d.Text)
		for w, c := range pt {
			np += c
			tp += min(c, gt[w])
		}
		for _, c := range gt {
			ng += c
		}
	}
	p, r := float64(tp)/float64(np), float64(tp)/float64(ng)
	f := 2 * p * r / (p + r)
	t.Logf("seeds bag-of-words P %.3f R %.3f F1 %.3f", p, r, f)
	if f < 0.99 {
		t.Errorf("seeds F1 %.3f < 0.99", f)
	}
}

type goldenRecord struct {
	Title       string           `json:"title"`
	Text        string           `json:"text"`
	Boilerplate []pipeline.Block `json:"boilerplate"`
	Flags       []string         `json:"flags,omitempty"`
}

// TestSeedsGolden keeps the whole output for the seeds as reviewable golden files
// (go test -run TestSeedsGolden -update rewrites them).
func TestSeedsGolden(t *testing.T) {
	s := newStripper(t, Options{})
	for _, name := range seedNames(t) {
		g, _, raw := loadSeed(t, name)
		d := run(t, s, "seed:"+g.Doc, raw)
		got, err := json.MarshalIndent(goldenRecord{d.Title, d.Text, d.Boilerplate, d.Flags}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, '\n')
		path := filepath.Join("testdata", "golden", strings.TrimSuffix(g.Doc, ".txt")+".json")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from %s:\n%s", g.Doc, path, got)
		}
	}
}

// article is a body of running text used around the chrome in the table tests.
var articleFR = []string{
	"Le gouvernement a présenté mercredi un projet de loi sur la transition énergétique, qui prévoit de réduire de moitié la consommation d'énergies fossiles d'ici à 2040.",
	"Selon le ministre, ce texte doit permettre de financer la rénovation de plus de 500 000 logements par an, alors que les associations jugent l'effort encore insuffisant.",
	"Les débats doivent commencer à l'Assemblée nationale au début du mois de juin, et l'opposition a déjà annoncé le dépôt de nombreux amendements sur la question du nucléaire.",
}

var articleEN = []string{
	"The government on Wednesday unveiled a bill on the energy transition that would halve the use of fossil fuels by 2040, officials said in a statement.",
	"According to the minister, the plan is meant to pay for the renovation of more than half a million homes a year, although campaign groups say it does not go far enough.",
	"Debate in parliament is expected to begin in early June, and the opposition has already said it will table a large number of amendments on nuclear power.",
}

// TestChromeKinds: each kind of chrome, in French and English, placed in an article, must be
// removed with its kind while the article stays whole.
func TestChromeKinds(t *testing.T) {
	s := newStripper(t, Options{})
	type tc struct {
		name   string
		lang   string
		before []string // between title and first paragraph
		middle []string // between paragraphs 2 and 3
		after  []string // after the article
		kinds  map[string]string
	}
	cases := []tc{
		{name: "navigation", lang: "en", before: []string{"Home", "World", "Politics", "Business", "Skip to content"},
			kinds: map[string]string{"Home": "navigation", "Skip to content": "navigation"}},
		{name: "navigation", lang: "fr", before: []string{"Accueil", "Monde", "Politique", "Économie", "Aller au contenu"},
			kinds: map[string]string{"Accueil": "navigation", "Aller au contenu": "navigation"}},
		{name: "related rail", lang: "en", after: []string{"Recent Posts", "Stocks rally as inflation cools in the euro zone", "6 minutes ago", "New species of frog found in the Andes", "8 minutes ago"},
			kinds: map[string]string{"Recent Posts": "related", "New species of frog found in the Andes": "related", "6 minutes ago": "dateline"}},
		{name: "related rail", lang: "fr", after: []string{"Les derniers articles sur Le Journal", "Conseil des ministres le 17 avril 2024", "« Toujours les mêmes » : indignation après les nominations"},
			kinds: map[string]string{"Les derniers articles sur Le Journal": "related", "« Toujours les mêmes » : indignation après les nominations": "related"}},
		{name: "read also inline", lang: "fr", middle: []string{"À lire aussi : Le nucléaire au cœur des débats à l'Assemblée"},
			kinds: map[string]string{"À lire aussi : Le nucléaire au cœur des débats à l'Assemblée": "related"}},
		{name: "read more inline", lang: "en", middle: []string{"Read more: Why energy prices are still rising"},
			kinds: map[string]string{"Read more: Why energy prices are still rising": "related"}},
		{name: "tagged links", lang: "en", middle: []string{"China furious at Macron for protest jibe [INSIGHT]|Lakers vs Nets: NBA make final decision on game [VIDEO]Hong Kong 'threatened with intervention' [REACTION]"},
			kinds: map[string]string{"China furious at Macron for protest jibe [INSIGHT]|Lakers vs Nets: NBA make final decision on game [VIDEO]Hong Kong 'threatened with intervention' [REACTION]": "related"}},
		{name: "see more inline", lang: "en", middle: []string{"SEE MORE: Hong Kong protests: 800 students under siege in university"},
			kinds: map[string]string{"SEE MORE: Hong Kong protests: 800 students under siege in university": "related"}},
		{name: "redaction conseille", lang: "fr", middle: []string{"La rédaction vous conseille"},
			kinds: map[string]string{"La rédaction vous conseille": "related"}},
		{name: "share", lang: "en", after: []string{"Share this article", "Facebook", "Twitter", "Email"},
			kinds: map[string]string{"Share this article": "share", "Facebook": "share"}},
		{name: "share", lang: "fr", after: []string{"Partager sur Facebook", "Partager sur Twitter", "Imprimer"},
			kinds: map[string]string{"Partager sur Facebook": "share", "Imprimer": "share"}},
		{name: "comments", lang: "en", after: []string{"Leave a Reply", "Your email address will not be published. Required fields are marked *", "jdoe says:", "I completely disagree with this analysis, the costs will be far higher than anyone in government admits."},
			kinds: map[string]string{"Leave a Reply": "comment", "I completely disagree with this analysis, the costs will be far higher than anyone in government admits.": "comment"}},
		{name: "comments", lang: "fr", after: []string{"Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée."},
			kinds: map[string]string{"Laisser un commentaire": "comment"}},
		{name: "byline", lang: "en", before: []string{"By Jane Doe and John Smith"},
			kinds: map[string]string{"By Jane Doe and John Smith": "byline"}},
		{name: "byline", lang: "fr", before: []string{"Par Jean Dupont"}, after: []string{"Written by Kevin Aka"},
			kinds: map[string]string{"Par Jean Dupont": "byline", "Written by Kevin Aka": "byline"}},
		{name: "author box", lang: "fr", after: []string{"Charlotte", "À chaque coup de stylo, créez des histoires captivantes. Découvrez des vérités cachées."},
			kinds: map[string]string{"Charlotte": "byline", "À chaque coup de stylo, créez des histoires captivantes. Découvrez des vérités cachées.": "author-bio"}},
		{name: "credit and caption", lang: "fr", before: []string{"panneaux solaires", "Des panneaux solaires sur un toit © Crédit Photo AFP"},
			kinds: map[string]string{"panneaux solaires": "caption", "Des panneaux solaires sur un toit © Crédit Photo AFP": "caption"}},
		{name: "credit", lang: "en", middle: []string{"Photo: John Smith/Reuters"},
			kinds: map[string]string{"Photo: John Smith/Reuters": "credit"}},
		{name: "dateline", lang: "fr", before: []string{"Publié le 3 mai 2024 à 10h05", "Mis à jour le 4 mai 2024"},
			kinds: map[string]string{"Publié le 3 mai 2024 à 10h05": "dateline", "Mis à jour le 4 mai 2024": "dateline"}},
		{name: "dateline", lang: "en", before: []string{"Updated: Nov 19, 2019, 09:01 AM", "Published"},
			kinds: map[string]string{"Updated: Nov 19, 2019, 09:01 AM": "dateline", "Published": "dateline"}},
		{name: "reading time", lang: "fr", before: []string{"Temps de lecture : 3 min"},
			kinds: map[string]string{"Temps de lecture : 3 min": "reading-time"}},
		{name: "reading time", lang: "en", before: []string{"5 min read"},
			kinds: map[string]string{"5 min read": "reading-time"}},
		{name: "loading", lang: "fr", before: []string{"Chargement en cours"}, after: []string{"Exit mobile version"},
			kinds: map[string]string{"Chargement en cours": "loading", "Exit mobile version": "loading"}},
		{name: "cookie", lang: "en", before: []string{"We use cookies to improve your experience. By continuing to browse you accept our use of cookies.", "Accept"},
			kinds: map[string]string{"Accept": "cookie"}},
		{name: "cookie", lang: "fr", before: []string{"Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter"},
			kinds: map[string]string{"Nous utilisons des cookies pour améliorer votre expérience.": "cookie", "Tout accepter": "cookie"}},
		{name: "subscription", lang: "fr", after: []string{"Abonnez-vous à notre newsletter", "Déjà abonné ? Connectez-vous"},
			kinds: map[string]string{"Abonnez-vous à notre newsletter": "subscription", "Déjà abonné ? Connectez-vous": "subscription"}},
		{name: "subscription", lang: "en", after: []string{"Sign up for our daily newsletter", "Subscribe"},
			kinds: map[string]string{"Sign up for our daily newsletter": "subscription", "Subscribe": "subscription"}},
		{name: "tags", lang: "en", after: []string{"Tags:", "energy", "climate", "parliament"},
			kinds: map[string]string{"Tags:": "tags", "climate": "tags"}},
		{name: "tags", lang: "fr", after: []string{"#énergie #climat #politique"},
			kinds: map[string]string{"#énergie #climat #politique": "tags"}},
		{name: "footer", lang: "en", after: []string{"© 2024 The Daily News. All rights reserved.", "Privacy Policy", "Terms of Use"},
			kinds: map[string]string{"© 2024 The Daily News. All rights reserved.": "footer", "Privacy Policy": "footer"}},
		{name: "footer", lang: "fr", after: []string{"Mentions légales", "Politique de confidentialité", "Tous droits réservés"},
			kinds: map[string]string{"Mentions légales": "footer", "Tous droits réservés": "footer"}},
		{name: "back to top", lang: "fr", after: []string{"Bouton retour en haut de la page"},
			kinds: map[string]string{"Bouton retour en haut de la page": "navigation"}},
		{name: "advertisement", lang: "en", middle: []string{"Advertisement"},
			kinds: map[string]string{"Advertisement": "advertisement"}},
		{name: "advertisement", lang: "fr", middle: []string{"Publicité"},
			kinds: map[string]string{"Publicité": "advertisement"}},
		{name: "share bar", lang: "en", after: []string{"Facebook Twitter Email LinkedIn Reddit Pinterest"},
			kinds: map[string]string{"Facebook Twitter Email LinkedIn Reddit Pinterest": "share"}},
		{name: "agency caption", lang: "en", middle: []string{"Rep. Jane Doe speaks at the Capitol on July 25, 2019. J. Scott Smith / AP file"},
			kinds: map[string]string{"Rep. Jane Doe speaks at the Capitol on July 25, 2019. J. Scott Smith / AP file": "caption"}},
		{name: "agency byline and photo", lang: "en", before: []string{"Robert Burns, AP National Security Writer"},
			middle: []string{"Defense Secretary Mark Esper, left, and his counterpart shake hands in Hanoi on Wednesday, Nov. 20, 2019. (AP Photo/Hau Dinh)"},
			kinds: map[string]string{"Robert Burns, AP National Security Writer": "byline",
				"Defense Secretary Mark Esper, left, and his counterpart shake hands in Hanoi on Wednesday, Nov. 20, 2019. (AP Photo/Hau Dinh)": "caption"}},
		{name: "reporter contact", lang: "en", after: []string{"jane.doe@example.com", "Natasha Turak@NatashaTurak"},
			kinds: map[string]string{"jane.doe@example.com": "byline", "Natasha Turak@NatashaTurak": "byline"}},
		{name: "subscription prompt", lang: "fr", after: []string{"Pour lire la suite, abonnez-vous dès 1 € le premier mois"},
			kinds: map[string]string{"Pour lire la suite, abonnez-vous dès 1 € le premier mois": "subscription"}},
		{name: "disclaimer", lang: "fr", after: []string{"Les opinions exprimées dans les blogs n'engagent que leurs auteurs."},
			kinds: map[string]string{"Les opinions exprimées dans les blogs n'engagent que leurs auteurs.": "footer"}},
		{name: "agency byline", lang: "fr", before: []string{"Le Journal avec AFP", "Article réservé aux abonnés"},
			kinds: map[string]string{"Le Journal avec AFP": "byline", "Article réservé aux abonnés": "subscription"}},
		{name: "tags inline", lang: "fr", after: []string{"Mots-clés : énergie, climat, Assemblée"},
			kinds: map[string]string{"Mots-clés : énergie, climat, Assemblée": "tags"}},
		// prompts and notices as long as a paragraph
		{name: "long follow prompt", lang: "en", after: []string{"Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica. Send us a message on WhatsApp at 1-876-499-0169 or email us at onlinefeedback@gleanerjm.com or editors@gleanerjm.com"},
			kinds: map[string]string{"Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica. Send us a message on WhatsApp at 1-876-499-0169 or email us at onlinefeedback@gleanerjm.com or editors@gleanerjm.com": "share"}},
		{name: "paywall prompt", lang: "en", after: []string{"Immediate online access to all issues from 2019. Subscription will auto renew annually.", "Instant access to the full article PDF."},
			kinds: map[string]string{"Immediate online access to all issues from 2019. Subscription will auto renew annually.": "subscription", "Instant access to the full article PDF.": "subscription"}},
		{name: "advertising note", lang: "en", after: []string{"NOTE: The advertising disclaimer below does not apply to this article, nor any originating from the editorial department, which does not accept paid links."},
			kinds: map[string]string{"NOTE: The advertising disclaimer below does not apply to this article, nor any originating from the editorial department, which does not accept paid links.": "advertisement"}},
		{name: "search box", lang: "en", before: []string{"Search for articles and topics on Wevolver"},
			kinds: map[string]string{"Search for articles and topics on Wevolver": "navigation"}},
		{name: "app prompt", lang: "en", after: []string{"For the latest stories and breaking news updates download the Nationnews apps for iOS and Android."},
			kinds: map[string]string{"For the latest stories and breaking news updates download the Nationnews apps for iOS and Android.": "subscription"}},
		{name: "reprint notice", lang: "en", after: []string{"© 2022, BreakingBelizeNews.com. This article is the copyrighted property of Breaking Belize News. Written permission must be obtained before reprint in online or print media. REPRINTING CONTENT WITHOUT PERMISSION AND/OR PAYMENT IS THEFT AND PUNISHABLE BY LAW."},
			kinds: map[string]string{"© 2022, BreakingBelizeNews.com. This article is the copyrighted property of Breaking Belize News. Written permission must be obtained before reprint in online or print media. REPRINTING CONTENT WITHOUT PERMISSION AND/OR PAYMENT IS THEFT AND PUNISHABLE BY LAW.": "footer"}},
	}
	for _, c := range cases {
		t.Run(c.name+"/"+c.lang, func(t *testing.T) {
			body, title := articleEN, "Government unveils energy transition bill"
			if c.lang == "fr" {
				body, title = articleFR, "Le gouvernement présente son projet de loi sur l'énergie"
			}
			var page []string
			page = append(page, title)
			page = append(page, c.before...)
			page = append(page, body[0], body[1])
			page = append(page, c.middle...)
			page = append(page, body[2])
			page = append(page, c.after...)
			d := run(t, s, "https://example.org/a", strings.Join(page, "\n\n"))
			want := strings.Join(append([]string{title}, body...), "\n")
			if d.Text != want {
				t.Errorf("text:\n%s\nwant:\n%s", d.Text, want)
			}
			got := map[string]string{}
			for _, b := range d.Boilerplate {
				got[b.Text] = b.Kind
			}
			for text, kind := range c.kinds {
				if got[text] != kind {
					t.Errorf("%q: kind %q, want %q (removed: %v)", text, got[text], kind, d.Boilerplate)
				}
			}
			// Page order.
			pos := -1
			for _, b := range d.Boilerplate {
				i := slices.Index(page, b.Text)
				if i <= pos {
					t.Errorf("boilerplate out of page order at %q", b.Text)
				}
				pos = i
			}
		})
	}
}

// TestShortLastSentence: an article's short closing sentence stays when chrome follows it; the
// article region used to stop before it once the prompt after it counted as chrome.
func TestShortLastSentence(t *testing.T) {
	s := newStripper(t, Options{})
	title := "Deceased Clarendon crash victims identified"
	body := append(slices.Clone(articleEN), "The other three were admitted.")
	page := append([]string{title}, body...)
	page = append(page, "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica. Send us a message on WhatsApp at 1-876-499-0169 or email us at onlinefeedback@gleanerjm.com",
		"More News", "Court forces dad to send back kid to US", "Ministry aims to reduce cervical cancer cases")
	d := run(t, s, "https://example.org/b", strings.Join(page, "\n"))
	if want := strings.Join(append([]string{title}, body...), "\n"); d.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", d.Text, want)
	}
}

// TestSelfBio: an author's bio that names its subject first, at the article's end, goes (and the
// short lines after it); the same sentence followed by more of the article, or one that names no
// journalist's trade, stays.
func TestSelfBio(t *testing.T) {
	s := newStripper(t, Options{})
	title := "Deceased Clarendon crash victims identified"
	bio := "Perry Bacon Jr. is a senior writer for FiveThirtyEight, covering politics and elections."
	page := append(append([]string{title}, articleEN...), bio, "Senior Writer")
	d := run(t, s, "https://example.org/c", strings.Join(page, "\n"))
	if want := strings.Join(append([]string{title}, articleEN...), "\n"); d.Text != want {
		t.Errorf("text:\n%s\nwant:\n%s", d.Text, want)
	}
	kinds := map[string]string{}
	for _, b := range d.Boilerplate {
		kinds[b.Text] = b.Kind
	}
	if kinds[bio] != "author-bio" {
		t.Errorf("kinds %v, want the bio author-bio", kinds)
	}
	for _, kept := range []string{
		// followed by more of the article
		bio + "\nOfficials said the work would start in the autumn and last until the end of next year, at a cost that has yet to be decided by the council.",
		// no journalist's trade: news about a person
		"Julia Smith is a retired teacher who has lived in the district for thirty years and spoke at the meeting.",
	} {
		page := append(append([]string{title}, articleEN...), kept)
		d := run(t, s, "https://example.org/d", strings.Join(page, "\n"))
		if want := strings.Join(page, "\n"); d.Text != want {
			t.Errorf("text:\n%s\nwant:\n%s", d.Text, want)
		}
	}
}

// TestNewsPage: whole hand-written news pages in the naive rendering, French and English:
// headline, standfirst, header stamps, subscription and share widgets, body with a subhead,
// agency credit or author box, read-also link, rails, tags, comments and footer.
func TestNewsPage(t *testing.T) {
	s := newStripper(t, Options{})
	cases := []struct {
		file  string
		want  []string
		kinds map[string]string
	}{
		{"fr_news_page.txt", []string{
			"Retraites : le gouvernement présente un nouveau calendrier de concertation",
			"Le ministre du travail a détaillé mardi les étapes de la réforme, qui doit être présentée en conseil des ministres avant l'été.",
			"Le gouvernement a présenté, mardi 14 mai, un nouveau calendrier de concertation avec les partenaires sociaux sur la réforme des retraites. Les syndicats seront reçus à Matignon dès la semaine prochaine, a indiqué le ministre du travail.",
			"« Nous voulons prendre le temps du dialogue », a déclaré le ministre, qui espère un accord d’ici à la fin du mois de juin. Plusieurs organisations ont déjà fait savoir qu’elles ne signeraient aucun texte prévoyant un recul de l’âge légal.",
			"Un calendrier serré",
			"Le texte doit être présenté en conseil des ministres avant l’été, pour un examen au Parlement à l’automne. L’opposition dénonce un passage en force et promet de déposer de nombreux amendements.",
		}, map[string]string{
			"Par Jean Dupont": "byline",
			"Publié aujourd’hui à 10h05, mis à jour à 11h12": "dateline",
			"Lecture 3 min.":                                 "reading-time",
			"Article réservé aux abonnés":                    "subscription",
			"Le Monde avec AFP":                              "byline",
			"Dans la même rubrique":                          "related",
			"Le Sénat adopte le projet de loi sur l’énergie": "related",
		}},
		{"en_news_page.txt", []string{
			"Storm knocks out power to thousands across the region",
			"Crews expect to restore service to most homes by Thursday evening, the utility said.",
			"A powerful storm swept through the region on Tuesday night, toppling trees and power lines and leaving more than 40,000 customers without electricity, according to the local utility.",
			`"We have every available crew working around the clock," a spokeswoman for the utility said on Wednesday, adding that the hardest-hit areas were in the northern suburbs.`,
			"Schools closed",
			"Several school districts canceled classes on Wednesday, and officials urged residents to stay off the roads while crews cleared debris.",
			"The National Weather Service said another, weaker system could bring rain to the area over the weekend.",
		}, map[string]string{
			"By Maria Lopez and Tom Baker":   "byline",
			"Updated: Nov 19, 2019, 9:01 AM": "dateline",
			"4 min read":                     "reading-time",
			"Maria Lopez":                    "byline",
			"Maria Lopez is a staff writer covering weather and the environment.": "author-bio",
			"storms":       "tags",
			"Recent Posts": "related",
			"High school team wins state championship": "related",
			"jsmith says:": "comment",
			"This is the third outage this year. When will the utility invest in burying the lines like other cities have done?": "comment",
		}},
	}
	for _, c := range cases {
		raw, err := os.ReadFile(filepath.Join("testdata", "pages", c.file))
		if err != nil {
			t.Fatal(err)
		}
		d := run(t, s, "https://journal.example/a", string(raw))
		if d.Text != strings.Join(c.want, "\n") {
			t.Errorf("%s text:\n%s", c.file, d.Text)
		}
		if d.Title != c.want[0] {
			t.Errorf("%s title %q", c.file, d.Title)
		}
		kinds := map[string]string{}
		for _, b := range d.Boilerplate {
			kinds[b.Text] = b.Kind
		}
		for text, kind := range c.kinds {
			if kinds[text] != kind {
				t.Errorf("%s %q: kind %q, want %q", c.file, text, kinds[text], kind)
			}
		}
	}
}

// TestSubheadsStay: short lines between two paragraphs (subheads, quotes) are content.
// TestLiveBlog: the time stamps of a live blog's entries are not one line shown four times (the
// folded form writes every number 0), so its last entry is not taken for a footer.
func TestLiveBlog(t *testing.T) {
	s := newStripper(t, Options{})
	page := []string{
		"Live updates: Biden and Harris on the road",
		"The president and vice-president spent the day campaigning in three states, with stops planned in Delaware, Michigan and Pennsylvania.",
		"10:32 AM",
		"Biden arrived at the White House after a short flight from Delaware, where he had spent the weekend with his family.",
		"11:02 AM",
		"The president left the building with the first lady and headed for Joint Base Andrews, aides said.",
		"2:15 PM",
		"Harris met union leaders in Detroit and promised to defend collective bargaining rights in the auto industry.",
		"3:40 PM",
		"Harris returned to Washington ahead of an evening fundraiser in Georgetown.",
	}
	d := run(t, s, "", strings.Join(page, "\n"))
	if d.Text != strings.Join(page, "\n") {
		t.Errorf("got\n%s\nboilerplate %+v", d.Text, d.Boilerplate)
	}
}

func TestSubheadsStay(t *testing.T) {
	s := newStripper(t, Options{})
	for _, c := range []struct{ lang, sub string }{
		{"fr", "Coopération régionale et consolidation du pouvoir"},
		{"fr", "Instructeurs de russe à Niamey"},
		{"fr", "Grève et mobilisation pour le climat les vendredi 20 et samedi 21 septembre"},
		{"en", "“No major problem.”"},
		{"en", "What comes next"},
	} {
		body, title := articleEN, "Government unveils energy transition bill"
		if c.lang == "fr" {
			body, title = articleFR, "Le gouvernement présente son projet de loi sur l'énergie"
		}
		page := []string{title, body[0], body[1], c.sub, body[2]}
		d := run(t, s, "", strings.Join(page, "\n"))
		if d.Text != strings.Join(page, "\n") {
			t.Errorf("subhead %q: got\n%s", c.sub, d.Text)
		}
	}
}

// TestIntroducedList: a list the article introduces with a colon stays, even at its end.
func TestIntroducedList(t *testing.T) {
	s := newStripper(t, Options{})
	items := []string{"Les dates de la tournée :", "12 juin – Zénith de Paris", "14 juin – Arena de Montpellier", "17 juin – Halle Tony-Garnier, Lyon"}
	page := append([]string{"Le groupe annonce une tournée pour ses cinquante ans"}, articleFR...)
	page = append(page, items...)
	page = append(page, "Mentions légales", "Tous droits réservés")
	d := run(t, s, "", strings.Join(page, "\n"))
	want := strings.Join(append(append([]string{page[0]}, articleFR...), items...), "\n")
	if d.Text != want {
		t.Errorf("got\n%s\nwant\n%s", d.Text, want)
	}
}

// TestNoBoilerplate: an article without chrome loses nothing.
func TestNoBoilerplate(t *testing.T) {
	s := newStripper(t, Options{})
	for _, body := range [][]string{articleFR, articleEN} {
		page := append([]string{"Un titre pour cet article de test"}, body...)
		d := run(t, s, "", strings.Join(page, "\n\n"))
		if d.Text != strings.Join(page, "\n") {
			t.Errorf("lost text:\n%s", d.Text)
		}
		if d.Boilerplate == nil || len(d.Boilerplate) != 0 || len(d.Flags) != 0 {
			t.Errorf("boilerplate %#v flags %v, want an empty list and no flag", d.Boilerplate, d.Flags)
		}
	}
}

// TestAllBoilerplate: a page of chrome only gives an empty text and a flag, not an error.
func TestAllBoilerplate(t *testing.T) {
	s := newStripper(t, Options{})
	for _, page := range []string{
		"Accueil\nMonde\nPolitique\nSe connecter\nMentions légales\nTous droits réservés",
		"Home\nNews\nSport\nSubscribe\nPrivacy Policy\n© 2024 Example Ltd",
		"Chargement en cours",
	} {
		d := run(t, s, "", page)
		if d.Text != "" || !slices.Contains(d.Flags, "all_boilerplate") {
			t.Errorf("%q: text %q flags %v", page, d.Text, d.Flags)
		}
		if len(d.Boilerplate) != len(strings.Split(page, "\n")) {
			t.Errorf("%q: %d blocks kept for audit, want every line", page, len(d.Boilerplate))
		}
	}
}

// TestBadInput: empty input is an error (the runner dead-letters it); invalid UTF-8, binary and
// oversized input neither panic nor pass silently.
func TestBadInput(t *testing.T) {
	s := newStripper(t, Options{})
	for _, text := range []string{"", "   \n\n\t "} {
		d := &pipeline.Doc{Text: text, Raw: &pipeline.Raw{Text: text}}
		if err := s.Process(context.Background(), d); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
	d := &pipeline.Doc{Text: "Titre\n" + articleFR[0] + "\xff\xfe" + "\n" + articleFR[1], Raw: &pipeline.Raw{}}
	if err := s.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(d.Flags, "invalid_utf8") || !strings.Contains(d.Text, "\uFFFD") {
		t.Errorf("invalid UTF-8: flags %v text %q", d.Flags, d.Text)
	}
	huge := strings.Repeat(articleEN[0]+"\n", MaxInputBytes/len(articleEN[0])+2)
	if err := s.Process(context.Background(), &pipeline.Doc{Text: huge, Raw: &pipeline.Raw{}}); err == nil {
		t.Error("oversized text: no error")
	}
	bin := string([]byte{0, 1, 2, 3, 0xff, 0x80, '\n', 0x1b, 'x'})
	if err := s.Process(context.Background(), &pipeline.Doc{Text: bin, Raw: &pipeline.Raw{}}); err != nil {
		t.Errorf("binary: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Process(ctx, &pipeline.Doc{Text: "x", Raw: &pipeline.Raw{}}); err == nil {
		t.Error("cancelled context: no error")
	}
}

// TestDeterministic: the same page gives the same record, whatever else was processed, when
// templates are off (the batch default).
func TestDeterministic(t *testing.T) {
	s := newStripper(t, Options{})
	_, _, raw := loadSeed(t, "001_395bb47746e58448.json")
	a := run(t, s, "https://example.org/a", raw)
	for i := 0; i < 10; i++ {
		run(t, s, "https://example.org/b", raw)
	}
	b := run(t, s, "https://example.org/a", raw)
	if a.Text != b.Text || !slices.Equal(a.Boilerplate, b.Boilerplate) {
		t.Error("output changed between runs")
	}
}

// TestTemplates: with learning on, a line a source repeats on every page becomes chrome after
// TemplateMinDocs pages; other sources and long paragraphs are untouched; memory is bounded.
func TestTemplates(t *testing.T) {
	s := newStripper(t, Options{LearnTemplates: true, TemplateMinDocs: 3, TemplateMemory: 2})
	chrome := "Le Journal du Soir, votre quotidien régional"
	page := func(i int) string {
		return strings.Join([]string{"Titre numéro " + strings.Repeat("x", i+1), chrome, articleFR[0], articleFR[1], articleFR[2]}, "\n")
	}
	for i := 0; i < 3; i++ {
		d := run(t, s, "https://www.journal.example/a"+string(rune('a'+i)), page(i))
		if !strings.Contains(d.Text, chrome) {
			t.Fatalf("doc %d: template applied too early", i)
		}
	}
	d := run(t, s, "https://journal.example/z", page(9))
	if strings.Contains(d.Text, chrome) {
		t.Errorf("learned template kept: %q", d.Text)
	}
	if !strings.Contains(d.Text, articleFR[0]) {
		t.Errorf("paragraph shared by every page was taken for a template")
	}
	if d.Boilerplate[0].Kind != "template" {
		t.Errorf("kind %q, want template", d.Boilerplate[0].Kind)
	}
	other := run(t, s, "https://other.example/a", page(1))
	if !strings.Contains(other.Text, chrome) {
		t.Error("template leaked to another source")
	}
	run(t, s, "https://third.example/a", page(1))
	if s.templates.order.Len() > 2 {
		t.Errorf("%d sources remembered, limit 2", s.templates.order.Len())
	}
}

// TestTemplatesConcurrent: learning is safe under the runner's concurrency (run with -race).
func TestTemplatesConcurrent(t *testing.T) {
	s := newStripper(t, Options{LearnTemplates: true, TemplateMemory: 4})
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			for i := 0; i < 50; i++ {
				text := strings.Join([]string{"Titre " + strings.Repeat("y", i%7+1), "Menu du site", articleEN[g%3], articleFR[i%3]}, "\n")
				d := &pipeline.Doc{Source: pipeline.SourceRef{URI: "https://s" + string(rune('a'+i%6)) + ".example/x"}, Text: text, Raw: &pipeline.Raw{}}
				if err := s.Process(context.Background(), d); err != nil {
					t.Error(err)
				}
			}
			done <- true
		}(g)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	if n := s.templates.order.Len(); n > 4 {
		t.Errorf("%d sources remembered, limit 4", n)
	}
}

// TestTemplatesBounded: a source sending only new lines cannot grow its memory past the limit.
func TestTemplatesBounded(t *testing.T) {
	s := newStripper(t, Options{LearnTemplates: true})
	var b strings.Builder
	for i := 0; i < 3*templateLinesPerSource; i++ {
		fmt.Fprintf(&b, "Ligne unique numéro %d du flux\n", i)
	}
	run(t, s, "https://flood.example/a", b.String())
	src := s.templates.byHost["flood.example"].Value.(*sourceLines)
	if len(src.counts) > templateLinesPerSource {
		t.Errorf("%d lines remembered, limit %d", len(src.counts), templateLinesPerSource)
	}
}

func TestLexiconLoads(t *testing.T) {
	lx, err := loadLexicon()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ line, kind string }{
		{"La rédaction vous conseille", "related"},
		{"RECENT POSTS", "related"},
		{"À lire aussi", "related"},
		{"12 Comments", "comment"},
		{"Temps de lecture : 1 min", "reading-time"},
		{"Publié le 3 mai", "dateline"},
	} {
		f := string(foldLine(nil, c.line))
		e, ok := lx.lookup(f, strings.Count(f, " ")+1, false, true)
		if !ok || e.kind != c.kind {
			t.Errorf("%q: %v %v, want %s", c.line, e, ok, c.kind)
		}
	}
}

func TestFoldLine(t *testing.T) {
	for in, want := range map[string]string{
		"À lire aussi :":       "a lire aussi",
		"  12 Comments ":       "0 comments",
		"Œuvre d’État":         "oeuvre d etat",
		"Publié le 03/05/2024": "publie le 0 0 0",
		"Москва — столица":     "москва столица",
		"":                     "",
	} {
		if got := string(foldLine(nil, in)); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add("Titre\n\nLa rédaction vous conseille\n\n" + articleFR[0])
	f.Add("Recent Posts\njdoe says:\n© 2024\n#tag #tag2\nPar Jean Dupont\n" + articleEN[1])
	f.Add("\xff\xfe\x00 \u2028 …")
	f.Add(strings.Repeat("Home\n", 50))
	s := newStripper(f, Options{})
	f.Fuzz(func(t *testing.T, text string) {
		d := &pipeline.Doc{Text: text, Raw: &pipeline.Raw{Text: text}}
		err := s.Process(context.Background(), d)
		if strings.TrimSpace(text) == "" {
			if err == nil {
				t.Error("empty input accepted")
			}
			return
		}
		if err != nil {
			t.Fatalf("error on non-empty input: %v", err)
		}
		// Every kept and removed line comes from the input, and none is lost.
		n := 0
		for _, ln := range strings.Split(strings.ToValidUTF8(text, "\uFFFD"), "\n") {
			if strings.TrimSpace(ln) != "" {
				n++
			}
		}
		kept := 0
		if d.Text != "" {
			kept = len(strings.Split(d.Text, "\n"))
		}
		if kept+len(d.Boilerplate) != n {
			t.Errorf("%d kept + %d removed != %d lines", kept, len(d.Boilerplate), n)
		}
	})
}

func BenchmarkText(b *testing.B) {
	s := newStripper(b, Options{})
	var docs []string
	m, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	for _, p := range m {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, normalize.Text(string(raw)))
	}
	if len(docs) == 0 {
		b.Fatal("no seeds")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := docs[i%len(docs)]
		d := &pipeline.Doc{Text: text, Raw: &pipeline.Raw{Text: text}}
		if err := s.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

func TestTaggedLinks(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Plague warning: CDC names EIGHT diseases [WARNING]BLACK DEATH fears: two die [INSIGHT]Passengers quarantined [NEWS]", true},
		{"[CNET]", false},
		{"The minister [LAUGHS] said no.", false},
		{"[VIDEO] [PICS]", false}, // tags with no headline before the first
		{"Scores [a] and [b] were equal", false},
	} {
		if got := taggedLinks(c.text); got != c.want {
			t.Errorf("taggedLinks(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
