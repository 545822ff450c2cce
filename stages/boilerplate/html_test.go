package boilerplate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/normalize"
)

func readHTML(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "html", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func runHTML(t testing.TB, s *Stripper, page string) *pipeline.Doc {
	t.Helper()
	d := &pipeline.Doc{Source: pipeline.SourceRef{URI: "https://journal.example/monde/niger"}, Raw: &pipeline.Raw{HTML: page}}
	if err := normalize.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if err := s.Process(context.Background(), d); err != nil {
		t.Fatalf("Process: %v", err)
	}
	return d
}

// TestHTMLPage: a hand-written French article page keeps its article, drops menus, cookie
// banner, share links, related rail and footer, and fills title, author and publication date
// from the metadata.
func TestHTMLPage(t *testing.T) {
	for _, fast := range []bool{false, true} {
		s := newStripper(t, Options{HTMLFast: fast})
		d := runHTML(t, s, readHTML(t, "article_fr.html"))
		if d.Title != "Le Niger renforce sa coopération militaire avec la Russie" {
			t.Errorf("title %q", d.Title)
		}
		if d.Author != "Jeanne Martin" {
			t.Errorf("author %q", d.Author)
		}
		if d.Published == nil || *d.Published != "2024-04-12" || d.PublishedSource != "html-meta" {
			t.Errorf("published %v from %q", d.Published, d.PublishedSource)
		}
		for _, want := range []string{
			"Des instructeurs militaires russes et du matériel de défense sont arrivés à Niamey",
			"Le 10 avril 2024, le journal de Télé Sahel",
			"Un tournant pour la région",
			"les trois pays ont formé l’Alliance des États du Sahel.",
		} {
			if !strings.Contains(d.Text, want) {
				t.Errorf("fast=%v: lost %q in\n%s", fast, want, d.Text)
			}
		}
		for _, chrome := range []string{"Accueil", "cookies", "Partager", "Articles similaires", "retirer leurs troupes", "Tous droits", "Mentions légales"} {
			if strings.Contains(d.Text, chrome) {
				t.Errorf("fast=%v: kept %q in\n%s", fast, chrome, d.Text)
			}
		}
		if strings.Contains(d.Text, "\n\n") || strings.HasPrefix(d.Text, "\n") {
			t.Errorf("blank lines in text")
		}
	}
}

// TestHTMLPublishedKept: a date the record already has is not overwritten by the metadata.
func TestHTMLPublishedKept(t *testing.T) {
	s := newStripper(t, Options{})
	p := "2024-04-13"
	d := &pipeline.Doc{Published: &p, PublishedSource: "input", Raw: &pipeline.Raw{HTML: readHTML(t, "article_fr.html")}}
	if err := s.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if *d.Published != "2024-04-13" || d.PublishedSource != "input" {
		t.Errorf("published overwritten: %s %s", *d.Published, d.PublishedSource)
	}
}

// TestHTMLTitleInText: with HTMLTitleInText the headline heads the text, as in plain text.
func TestHTMLTitleInText(t *testing.T) {
	s := newStripper(t, Options{HTMLTitleInText: true})
	d := runHTML(t, s, readHTML(t, "article_fr.html"))
	if !strings.HasPrefix(d.Text, d.Title+"\n") {
		t.Errorf("text does not start with the title %q:\n%s", d.Title, d.Text)
	}
}

// TestHTMLEmptyPage: a page without any text is no article: empty text and the flag, or the
// normalize stage's empty text, never a panic.
func TestHTMLEmptyPage(t *testing.T) {
	s := newStripper(t, Options{})
	d := &pipeline.Doc{Raw: &pipeline.Raw{HTML: "<html><body><nav><a href='/'>Accueil</a></nav></body></html>"}}
	if err := normalize.New().Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	err := s.Process(context.Background(), d)
	if err == nil && d.Text != "" {
		t.Errorf("menu-only page gave text %q", d.Text)
	}
}

func TestHeadline(t *testing.T) {
	for in, want := range map[string]string{
		"Mon article sur la réforme des retraites - Le Monde":         "Mon article sur la réforme des retraites",
		"Le Monde | International | Le Niger et la Russie renforcent": "Le Niger et la Russie renforcent",
		"Niger : les soldats russes partagent une base":               "Niger : les soldats russes partagent une base",
		"Avant - après : le grand écart":                              "Avant - après : le grand écart",
	} {
		if got := headline(in, ""); got != want {
			t.Errorf("headline(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkHTML compares the stage in HTML mode with go-trafilatura alone on the same page and
// options: the stage adds its line cleaning to the extraction.
func BenchmarkHTML(b *testing.B) {
	page := readHTML(b, "article_fr.html")
	b.Run("stage", func(b *testing.B) {
		s := newStripper(b, Options{})
		for i := 0; i < b.N; i++ {
			d := &pipeline.Doc{Raw: &pipeline.Raw{HTML: page}}
			if err := s.Process(context.Background(), d); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("trafilatura", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := trafilatura.Extract(strings.NewReader(page), trafilatura.Options{ExcludeComments: true, EnableFallback: true, HtmlDateMode: trafilatura.Fast}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestRenderBlocksElementEdges: a lower-case then an upper-case letter meeting at an inline
// element's edge are two words (the extractor drops <br>s in table cells, and link lists may have
// no separator); inside a text node, or after one lower-case letter, they are one word.
func TestRenderBlocksElementEdges(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<p><strong>Elliot Ackerman</strong><strong>Saladin Ambar</strong>, Rutgers University<strong>Martin Amis</strong></p>`,
			"Elliot Ackerman Saladin Ambar, Rutgers University Martin Amis"},
		{`<p><a href="x">Crossref</a><a href="y">Medline</a><a href="z">Google Scholar</a></p>`, "Crossref Medline Google Scholar"},
		{`<p>An iPhone, a MacBook, an i<b>Phone</b> and un<em>believ</em>able <b>Word</b>s.</p>`,
			"An iPhone, a MacBook, an iPhone and unbelievable Words."},
		{`<div><h2>Summary</h2>Studies show</div>`, "Summary\nStudies show"},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := renderBlocks(doc); got != c.want {
			t.Errorf("renderBlocks(%s)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestOnlyInComments(t *testing.T) {
	for _, c := range []struct {
		name, page string
		want       bool
	}{
		{"in a comment's time", `<article><p>Texte.</p></article><ol class="comment-list"><li><time datetime="2018-09-11T10:57:27Z">11 septembre</time></li></ol>`, true},
		{"in a comment's text", `<div id="comments"><div><p>Posté le 2018-09-11</p></div></div>`, true},
		{"in the article too", `<article><time datetime="2018-09-11">x</time></article><div class="comments"><time datetime="2018-09-11">y</time></div>`, false},
		{"after the comments close", `<div class="forum"><p>a</p></div><p>Publié le 2018-09-11</p>`, false},
		{"void tags inside", `<div class="comment-body"><img src="a.png"><br><span>2018-09-11</span></div>`, true},
		{"nowhere in the markup", `<p>Le 11 septembre 2018</p>`, false},
		{"no comment at all", `<meta property="article:published_time" content="2018-09-11">`, false},
	} {
		if got := onlyInComments(c.page, "2018-09-11"); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestHTMLCommentDateNotPublished: a page whose only date stamp is a reader comment's gets no
// publication date from it (the dates stage anchors on the article's own dates instead).
func TestHTMLCommentDateNotPublished(t *testing.T) {
	s := newStripper(t, Options{})
	page := `<html><head><title>Les affaires du MoDem</title></head><body><article><h1>Les affaires du MoDem</h1>` +
		strings.Repeat(`<p>Le 6 décembre 2019, François Bayrou est mis en examen pour complicité de détournement de fonds publics, trois jours après Marielle de Sarnez, dans l’enquête sur les assistants parlementaires.</p>`, 4) +
		`</article><section id="comments"><div class="comment-meta"><abbr class="date" title="2018-09-11T10:57:27Z">Le 11 septembre 2018</abbr></div><p>Un commentaire.</p></section></body></html>`
	d := runHTML(t, s, page)
	if d.Published != nil {
		t.Errorf("published %s from %q: a comment's date", *d.Published, d.PublishedSource)
	}
}

// TestTeaserList: a list whose items are headlines with a one-line summary is marked as teasers;
// an article's own list and a listicle's items are not.
func TestTeaserList(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []bool // per rendered line
	}{
		{"teasers", `<div><p>The article ends here with a full sentence.</p><ul>
			<li><h3>Gronk, Serena perform with Laker Girls</h3><h4>Gronk may have found his true calling</h4></li>
			<li><div><h3><a href="/x">Pats place Olszewski on IR</a></h3><h4>New England's roster is re-shuffling</h4></div></li>
			</ul></div>`, []bool{false, true, true, true, true}},
		{"an article's list", `<div><p>The plan has three parts:</p><ul><li>cut taxes on fuel</li><li>build two bridges</li></ul></div>`,
			[]bool{false, false, false}},
		{"one item", `<div><ul><li><h3>A lone headline</h3></li></ul></div>`, []bool{false}},
		{"a listicle", `<div><ol>
			<li><h2>Paris</h2><p>` + strings.Repeat("The city has museums, parks and a river that runs through it. ", 3) + `</p></li>
			<li><h2>Lyon</h2><p>` + strings.Repeat("The city has food, old streets and two rivers that meet in it. ", 3) + `</p></li>
			</ol></div>`, []bool{false, false, false, false}},
	} {
		doc, err := html.Parse(strings.NewReader(c.in))
		if err != nil {
			t.Fatal(err)
		}
		text, rail := renderMarked(doc)
		if got, want := fmt.Sprint(rail), fmt.Sprint(c.want); got != want {
			t.Errorf("%s: rail %s, want %s\n%s", c.name, got, want, text)
		}
		if n := strings.Count(text, "\n") + 1; n != len(rail) {
			t.Errorf("%s: %d lines, %d marks", c.name, n, len(rail))
		}
	}
}
