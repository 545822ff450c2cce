package entities

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/entities/models"
	"github.com/depeche-news/depeche/stages/entities/ner"
)

var (
	recOnce sync.Once
	rec     *Recognizer
	recErr  error
)

func recognizer(t testing.TB) *Recognizer {
	t.Helper()
	recOnce.Do(func() { rec, recErr = New(Options{}) })
	if recErr != nil {
		t.Fatal(recErr)
	}
	return rec
}

type goldEntity struct {
	Text      string `json:"text"`
	Type      string `json:"type"`
	Canonical string `json:"canonical"`
}

type seedGold struct {
	Doc         string       `json:"doc"`
	Lang        string       `json:"lang"`
	ContentText string       `json:"content_text"`
	Entities    []goldEntity `json:"entities"`
}

func readSeeds(t testing.TB) []seedGold {
	t.Helper()
	paths, err := filepath.Glob("testdata/seeds/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no seed gold in testdata/seeds: %v", err)
	}
	var out []seedGold
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var g seedGold
		if err := json.Unmarshal(b, &g); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out = append(out, g)
	}
	return out
}

// TestSeedsEntities scores the stage on the five seed articles' content text against their gold
// entities the way shared/tools/score_records.py does: a multiset of (case-folded text, type) per
// document, micro-averaged.
func TestSeedsEntities(t *testing.T) {
	r := recognizer(t)
	tp, np, ng := 0, 0, 0
	canonOK, canonN := 0, 0
	for _, g := range readSeeds(t) {
		d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatalf("%s: %v", g.Doc, err)
		}
		gold := map[[2]string]int{}
		gcanon := map[string]string{}
		for _, e := range g.Entities {
			gold[[2]string{strings.ToLower(e.Text), e.Type}]++
			gcanon[strings.ToLower(e.Text)] = e.Canonical
		}
		ng += len(g.Entities)
		np += len(d.Entities)
		for _, e := range d.Entities {
			k := [2]string{strings.ToLower(e.Text), e.Type}
			if gold[k] > 0 {
				gold[k]--
				tp++
				if c, ok := gcanon[k[0]]; ok && c != "" {
					canonN++
					if strings.EqualFold(c, e.Canonical) {
						canonOK++
					}
				}
			} else {
				t.Logf("%s: spurious %q/%s", g.Doc, e.Text, e.Type)
			}
		}
		for k, n := range gold {
			if n > 0 {
				t.Logf("%s: missed %q/%s x%d", g.Doc, k[0], k[1], n)
			}
		}
	}
	p, rc := float64(tp)/float64(max(np, 1)), float64(tp)/float64(max(ng, 1))
	f := 2 * p * rc / max(p+rc, 1e-9)
	t.Logf("seeds entities: P %.3f R %.3f F1 %.3f (gold %d, pred %d, correct %d); canonical %d/%d",
		p, rc, f, ng, np, tp, canonOK, canonN)
	// The floor sits a little under what the shipped models and canon reach, so a regression in
	// either shows up here.
	if f < seedsF1Floor {
		t.Errorf("seeds entity F1 %.3f < %.2f", f, seedsF1Floor)
	}
}

const seedsF1Floor = 0.85

func TestProcessOffsetsAndTypes(t *testing.T) {
	r := recognizer(t)
	tests := []struct {
		name, lang, text string
		want             []pipeline.Entity // Text and Type checked, offsets verified against Text
	}{
		{"fr sentence", "fr", "Emmanuel Macron a rencontré Vladimir Poutine à Moscou.", []pipeline.Entity{
			{Text: "Emmanuel Macron", Type: "PER"}, {Text: "Vladimir Poutine", Type: "PER"}, {Text: "Moscou", Type: "LOC"}}},
		{"en sentence", "en", "Joe Biden met officials from the United Nations in Geneva on Monday.", []pipeline.Entity{
			{Text: "Joe Biden", Type: "PER"}, {Text: "United Nations", Type: "ORG"}, {Text: "Geneva", Type: "LOC"}}},
		{"accents and emoji before", "fr", "🙂 Été à l’Élysée : François Bayrou arrive à Paris.", []pipeline.Entity{
			{Text: "Élysée", Type: "LOC"}, {Text: "François Bayrou", Type: "PER"}, {Text: "Paris", Type: "LOC"}}},
		{"headline in capitals", "fr", "NIGER : DES SOLDATS RUSSES ET AMÉRICAINS DANS LA MÊME BASE, DIT LA RUSSIE", []pipeline.Entity{
			{Text: "NIGER", Type: "LOC"}, {Text: "RUSSES", Type: "MISC"}, {Text: "AMÉRICAINS", Type: "MISC"}, {Text: "RUSSIE", Type: "LOC"}}},
		{"minister's name after the field", "fr", "Interrogé par franceinfo, le ministre de l'Agriculture Marc Fesneau a précisé que le décret serait publié.", []pipeline.Entity{
			{Text: "Marc Fesneau", Type: "PER"}}},
		{"language guessed", "", "Vladimir Putin said that Russia and China will sign the deal in Beijing.", []pipeline.Entity{
			{Text: "Vladimir Putin", Type: "PER"}, {Text: "Russia", Type: "LOC"}, {Text: "China", Type: "LOC"}, {Text: "Beijing", Type: "LOC"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &pipeline.Doc{Text: tc.text, Lang: tc.lang}
			if err := r.Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			checkEntities(t, d)
			var got []string
			for _, e := range d.Entities {
				got = append(got, e.Text+"/"+e.Type)
			}
			for _, w := range tc.want {
				found := false
				for _, e := range d.Entities {
					if e.Text == w.Text && e.Type == w.Type {
						found = true
					}
				}
				if !found {
					t.Errorf("missing %s/%s in %q", w.Text, w.Type, got)
				}
			}
		})
	}
}

// TestNotNames: what the model tags but is not a name stays out of the record.
func TestNotNames(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ lang, text, not string }{
		{"fr", "Les appels à la démission se sont multipliés depuis, et le Premier ministre lui-même a fait savoir qu'il lui cherchait d'ores et déjà un remplaçant.", "Premier"},
		{"fr", "Mercredi soir, Roman Prymula était en compagnie de Jaroslav Faltýnek, président du groupe parlementaire du parti ANO et bras droit du Premier ministre Andrej Babiš.", "Premier"},
		{"en", "The Honourable Deputy Premier Natalio Wheatley will remain in charge.", "Premier"},
		{"fr", "Le tabloïd Blesk note également que le ministre de la Santé ne portait pas de masque en entrant et en sortant du restaurant.", "Santé"},
		{"fr", "Photos à l'appui, le tabloïd Blesk révèle ce vendredi que le ministre de la Santé Roman Prymula s'est retrouvé tard mercredi soir dans un restaurant pragois.", "Santé Roman Prymula"},
		{"fr", "Interrogé par franceinfo, le ministre de l'Agriculture Marc Fesneau a précisé que le décret serait publié.", "Agriculture Marc Fesneau"},
		{"en", "Also, we hope you have as much fun as we did getting to know him better! Here’s what he had to say…\nQ: Junior – We are so excited to have you as our new President and CEO. When you woke up that first morning and you were officially in charge, what are two words to describe how it felt?\nA: Inspired and humbled! To be in this role, for this awesome company, at this particular time, is tremendous. Words cannot describe how much I love Experience and am honored to be here serving as President and CEO. There has been a lot of change in the live entertainment and ticketing industry over the past six years since I joined the company. Being able to play a role in that change has been a lot of fun. I wake up every day looking forward to coming to work as Experience is impacting the next wave of innovation in the industry.", "I"},
		{"en", "“I then heard President Trump ask, quote, ‘So he’s going to do the investigation?’” Holmes said.", "I"},
		{"en", "“With our enhanced AI technology and strong growth in Europe and the Americas, my team and I are looking forward to using Ivan’s insight and experience to enable us to navigate the expansion my6sense is experiencing.", "AI"},
		{"en", "Typing on the 2016 MacBook Pro with no other CPU load brought that up to about 43 dBa.", "CPU"},
		{"en", "Greek Salad (½ cup cherry tomatoes, ½ cup cucumber slices, ¼ cup feta, 1 Tbsp. balsamic vinegar)", "Tbsp"},
		{"fr", "Le régime, arrivé au pouvoir après le coup d’État de juillet 2023, a rompu cet accord. Le Niger souhaite établir avec la Russie une relation d’État à État.", "État"},
		{"fr", "Jean-Paul Delevoye s'est mis dans la poche le chef d'Etat et Brigitte Macron grâce à ses réseaux.", "Etat"},
		{"en", "She attacked a former senator and secretary of State. Nancy Pelosi’s caucus never forgave her.", "State"},
	} {
		d := &pipeline.Doc{Text: c.text, Lang: c.lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkEntities(t, d)
		for _, e := range d.Entities {
			if e.Text == c.not {
				t.Errorf("%q: %s/%s is not a name", c.text, e.Text, e.Type)
			}
		}
	}
}

// checkEntities verifies what every result must satisfy: offsets are code points selecting the
// entity's text, entities are in order and do not overlap, types are known, canonical is set.
func checkEntities(t *testing.T, d *pipeline.Doc) {
	t.Helper()
	if d.Entities == nil {
		t.Fatal("Entities is nil; want an empty slice at least")
	}
	runes := []rune(d.Text)
	prevEnd := 0
	for _, e := range d.Entities {
		if e.Start < prevEnd || e.End <= e.Start || e.End > len(runes) {
			t.Fatalf("bad span %+v (previous end %d, text %d code points)", e, prevEnd, len(runes))
		}
		if got := string(runes[e.Start:e.End]); got != e.Text && utf8.ValidString(d.Text) {
			t.Fatalf("span [%d,%d) selects %q, entity text %q", e.Start, e.End, got, e.Text)
		}
		switch e.Type {
		case "PER", "LOC", "ORG", "MISC":
		default:
			t.Fatalf("unknown type %q", e.Type)
		}
		if e.Canonical == "" {
			t.Fatalf("empty canonical for %+v", e)
		}
		prevEnd = e.End
	}
}

func TestProcessBadInput(t *testing.T) {
	r := recognizer(t)
	tests := []struct{ name, text string }{
		{"empty", ""},
		{"spaces", " \n \n"},
		{"invalid utf8", "Paris \xff\xfe et Londres \xc3"},
		{"binary", "\x00\x01\x02PK\x03\x04\x00\xff"},
		{"punctuation", strings.Repeat("«»!?.,;:-'’", 500)},
		{"one long line", strings.Repeat("Paris Londres Berlin ", 5000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &pipeline.Doc{Text: tc.text}
			if err := r.Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			checkEntities(t, d)
		})
	}
}

func TestProcessCancelled(t *testing.T) {
	r := recognizer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := &pipeline.Doc{Text: strings.Repeat("Paris est en France. ", 1000), Lang: "fr"}
	if err := r.Process(ctx, d); err == nil {
		t.Error("Process ignored a cancelled context on a long text")
	}
}

func TestDeterministicAndConcurrent(t *testing.T) {
	r := recognizer(t)
	seeds := readSeeds(t)
	want := make([][]pipeline.Entity, len(seeds))
	for i, g := range seeds {
		d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		want[i] = d.Entities
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(seeds))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, g := range seeds {
				d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
				if err := r.Process(context.Background(), d); err != nil {
					errs <- err.Error()
					return
				}
				if !equalEntities(d.Entities, want[i]) {
					errs <- g.Doc + ": result differs between runs"
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func equalEntities(a, b []pipeline.Entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestGuessLang(t *testing.T) {
	r := recognizer(t)
	tests := []struct{ text, want string }{
		{"Le président de la République est arrivé à Paris pour les négociations.", "fr"},
		{"The president of the republic arrived in Paris for the talks.", "en"},
		{"L'armée d'Al-Qaïda", "fr"},
		{"", "fr"},
	}
	for _, tc := range tests {
		if got := r.guessLang(tc.text); got != tc.want {
			t.Errorf("guessLang(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestMergeDemonyms(t *testing.T) {
	model := []pipeline.Entity{{Text: "Niger", Type: "LOC", Start: 0, End: 5}, {Text: "Parti communiste français", Type: "ORG", Start: 20, End: 45},
		{Text: "Russes", Type: "LOC", Start: 60, End: 66}}
	dem := []pipeline.Entity{{Text: "russes", Type: "MISC", Start: 10, End: 16}, {Text: "français", Type: "MISC", Start: 37, End: 45},
		{Text: "américain", Type: "MISC", Start: 50, End: 59}, {Text: "Russes", Type: "MISC", Start: 60, End: 66}}
	got := mergeDemonyms(model, dem)
	var texts []string
	for _, e := range got {
		texts = append(texts, e.Text+"/"+e.Type)
	}
	want := "Niger/LOC|russes/MISC|Parti communiste français/ORG|américain/MISC|Russes/MISC"
	if strings.Join(texts, "|") != want {
		t.Errorf("mergeDemonyms = %q, want %q", strings.Join(texts, "|"), want)
	}
}

func TestOptionsModels(t *testing.T) {
	fr, err := models.Load("fr")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{Models: map[string]*ner.Model{"fr": fr}, NoCanon: true})
	if err != nil {
		t.Fatal(err)
	}
	d := &pipeline.Doc{Text: "The Pentagon said the US troops will leave Niger.", Lang: "en"}
	if err := r.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkEntities(t, d)
	for _, e := range d.Entities {
		if e.Canonical != e.Text {
			t.Errorf("NoCanon: canonical %q for %q", e.Canonical, e.Text)
		}
	}
	if _, err := models.Load("de"); err == nil {
		t.Error("models.Load(de) succeeded")
	}
}

func FuzzProcess(f *testing.F) {
	for _, s := range []string{
		"Emmanuel Macron à Moscou.", "The U.S. Army's base in Niger.", "« Al-Qaïda » et l’EI",
		"\xff\xfe\x00", "NIGER : USA ET RUSSIE", "d' l' '' -- ...", "",
		"MacBook Pro With Scissor-Keyboard Expected in First Half\nMs. Alley said. Kirstie Alley, Alley",
		"A B C D E F\nMaybe Instagram Likes It - The Way - Ms. - Mr.",
		"le ministère russe de la Défense (MRD) et la base aérienne 101 ; un Iliouchine Il-76 ; l’EI (État islamique) (",
		"Air Base 1 Ministère de l' Ministère des Affaires étrangères) (AP Associated Press (AP",
	} {
		f.Add(s, "fr")
		f.Add(s, "en")
	}
	r := recognizer(f)
	f.Fuzz(func(t *testing.T, text, lang string) {
		d := &pipeline.Doc{Text: text, Lang: lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkEntities(t, d)
	})
}

// BenchmarkProcess measures the stage on the seed articles (tokens/s counts the tokenizer's
// tokens), with canonical linking and without it (the statistical recogniser alone). Run with
// -cpu 1 for the one-core figure.
func BenchmarkProcess(b *testing.B) {
	r0 := recognizer(b)
	seeds := readSeeds(b)
	tokens := 0
	for _, g := range seeds {
		tokens += len(ner.Tokenize(g.ContentText))
	}
	for _, bc := range []struct {
		name string
		r    *Recognizer
	}{
		{"canon", r0},
		{"nocanon", &Recognizer{models: r0.models}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, g := range seeds {
					d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
					if err := bc.r.Process(context.Background(), d); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}

// BenchmarkLoad is the one-off cost of New: decoding both embedded models and canon's tables.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := loadFresh(); err != nil {
			b.Fatal(err)
		}
	}
}

// loadFresh is New without the process-wide model cache, for what loading costs.
func loadFresh() (*Recognizer, error) {
	ms, err := models.LoadAll()
	if err != nil {
		return nil, err
	}
	return New(Options{Models: ms})
}

// TestModelMemory bounds what New keeps alive: both models and canon's tables (measured 43 MB when
// written; the budget is 150 MB). It decodes its own models: the shared ones may be loaded already.
func TestModelMemory(t *testing.T) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := loadFresh()
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	inUse := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap in use after New: %.1f MB", float64(inUse)/1e6)
	if inUse > 150<<20 {
		t.Errorf("New keeps %.1f MB, budget 150 MB", float64(inUse)/(1<<20))
	}
	runtime.KeepAlive(r)
}

func TestPropagate(t *testing.T) {
	text := "Mohamed Bazoum a parlé. Bazoum et Niamey.\nNiamey encore, Mohamed Bazoum aussi, niameyen non."
	toks := ner.Tokenize(text)
	span := func(sub string, from int, typ string) pipeline.Entity {
		i := strings.Index(text[from:], sub) + from
		s := utf8.RuneCountInString(text[:i])
		return pipeline.Entity{Text: sub, Type: typ, Start: s, End: s + utf8.RuneCountInString(sub), Canonical: sub}
	}
	model := []pipeline.Entity{span("Mohamed Bazoum", 0, "PER"), span("Niamey", 0, "LOC")}
	got := propagate(text, toks, model, nil)
	var desc []string
	for _, e := range got {
		desc = append(desc, fmt.Sprintf("%s/%s@%d", e.Text, e.Type, e.Start))
	}
	want := []string{"Mohamed Bazoum/PER@0", "Bazoum/PER@24", "Niamey/LOC@34", "Niamey/LOC@42", "Mohamed Bazoum/PER@57"}
	if strings.Join(desc, " ") != strings.Join(want, " ") {
		t.Errorf("propagate:\n got %v\nwant %v", desc, want)
	}
	if got := propagate(text, toks, nil, nil); len(got) != 0 {
		t.Errorf("propagate with no entities = %v", got)
	}

	// A one-word name the text also writes in lower case is a common word: not spread, whether a
	// name or a false surname ("Holly The" tagged a person); acronyms are spread all the same.
	text = "Holly The leaves. The scene ends, the end. Spring came; in spring, US troops and Spring left us."
	toks = ner.Tokenize(text)
	model = []pipeline.Entity{span("Holly The", 0, "PER"), span("Spring", 0, "LOC"), span("US", 0, "LOC")}
	desc = desc[:0]
	for _, e := range propagate(text, toks, model, nil) {
		desc = append(desc, fmt.Sprintf("%s/%s", e.Text, e.Type))
	}
	want = []string{"Holly The/PER", "Spring/LOC", "US/LOC"}
	if strings.Join(desc, " ") != strings.Join(want, " ") {
		t.Errorf("propagate, common words:\n got %v\nwant %v", desc, want)
	}
	text = "US troops. The US said no to us."
	toks = ner.Tokenize(text)
	model = []pipeline.Entity{span("US", 0, "LOC")}
	if got := propagate(text, toks, model, nil); len(got) != 2 {
		t.Errorf("propagate, acronym: got %v, want US twice", got)
	}
}

// TestHonorifics: after "Ms." or "M." comes a person, whatever the model makes of the name.
func TestHonorifics(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ lang, text, name string }{
		{"en", "In fact, Ms. Alley’s weight has been the subject of intense scrutiny over the years, and Alley has been in many popular TV shows.", "Ms. Alley"},
	} {
		d := &pipeline.Doc{Text: c.text, Lang: c.lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkEntities(t, d)
		found := false
		for _, e := range d.Entities {
			if e.Text == c.name {
				found = true
				if e.Type != "PER" {
					t.Errorf("%q: %s is %s, want PER", c.text, e.Text, e.Type)
				}
			}
		}
		if !found {
			t.Errorf("%q: no entity %q in %+v", c.text, c.name, d.Entities)
		}
	}
}

// TestWebAddresses: an e-mail or web address is no part of a name, and no name is found in it.
func TestWebAddresses(t *testing.T) {
	text := "Chingford and Woodford Green Sir Iain Duncan Smith Iain.duncansmith.mp@parliament.uk\n" +
		"Email vote@NYCHA.nyc.gov or write to Emma@citylimits.org; see https://www.Reuters.com/Iain or www.Iain.org.\n" +
		"Follow the Senate (@NGRSenate) and Iain Duncan Smith."
	var got []string
	for _, r := range webAddresses(text) {
		got = append(got, text[r[0]:r[1]])
	}
	want := []string{"Iain.duncansmith.mp@parliament.uk", "vote@NYCHA.nyc.gov", "Emma@citylimits.org", "https://www.Reuters.com/Iain", "www.Iain.org"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("webAddresses:\n got %q\nwant %q", got, want)
	}
	r := recognizer(t)
	d := &pipeline.Doc{Lang: "en", Text: text}
	if err := r.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkEntities(t, d)
	runes := []rune(text)
	for _, e := range d.Entities {
		for _, w := range want {
			i := strings.Index(text, w)
			a := utf8.RuneCountInString(text[:i])
			if e.Start < a+utf8.RuneCountInString(w) && e.End > a {
				t.Errorf("entity %q (%s) inside %q", e.Text, e.Type, string(runes[a:a+utf8.RuneCountInString(w)]))
			}
		}
	}
}

// TestAddressed: a surname written after a form of address is a person's wherever it recurs.
func TestAddressed(t *testing.T) {
	e := func(text, typ string) pipeline.Entity { return pipeline.Entity{Text: text, Type: typ} }
	ents := []pipeline.Entity{e("Kirstie Alley", "LOC"), e("Alley", "LOC"), e("Ms. Alley", "PER"), e("Alley", "ORG"),
		e("Alley Cats", "MISC"), e("Alley", "PER"), e("Paris", "LOC"), e("Mr. Ford Motor", "PER"), e("Ford", "ORG")}
	addressed(ents)
	var got []string
	for _, x := range ents {
		got = append(got, x.Type)
	}
	// "Alley Cats" may be a title; "Mr. Ford Motor" is no form of address before one surname.
	if want := "PER PER PER PER MISC PER LOC PER ORG"; strings.Join(got, " ") != want {
		t.Errorf("types %s, want %s", strings.Join(got, " "), want)
	}
	r := recognizer(t)
	d := &pipeline.Doc{Lang: "en", Text: "Kirstie Alley has lost weight. In peddling the programs, Ms. Alley attributes her weight loss to them, but Alley also exercised."}
	if err := r.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkEntities(t, d)
	n := 0
	for _, x := range d.Entities {
		if strings.HasSuffix(x.Text, "Alley") {
			n++
			if x.Type != "PER" || x.Canonical != "Kirstie Alley" {
				t.Errorf("%q: %s %q, want PER Kirstie Alley", x.Text, x.Type, x.Canonical)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d mentions of Alley in %+v, want 3", n, d.Entities)
	}
}

func TestKnownNames(t *testing.T) {
	e := func(text, typ string, start int) pipeline.Entity {
		return pipeline.Entity{Text: text, Type: typ, Start: start, End: start + len([]rune(text)), Canonical: text}
	}
	// "l'Alliance des États du Sahel et la Fédération de Russie à Niamey"
	known := []pipeline.Entity{e("Alliance des États du Sahel", "ORG", 2), e("Fédération de Russie", "LOC", 35)}
	tests := []struct {
		name  string
		model []pipeline.Entity
		want  string
	}{
		{"split name joined", []pipeline.Entity{e("Alliance des États", "ORG", 2), e("Sahel", "LOC", 24), e("Niamey", "LOC", 58)},
			"Alliance des États du Sahel/ORG Niamey/LOC"},
		{"word inside widened", []pipeline.Entity{e("Russie", "LOC", 49), e("Niamey", "LOC", 58)},
			"Fédération de Russie/LOC Niamey/LOC"},
		{"same span keeps the model's type", []pipeline.Entity{e("Fédération de Russie", "ORG", 35)},
			"Fédération de Russie/ORG"},
		{"a longer name stays", []pipeline.Entity{e("l'Alliance des États du Sahel et", "ORG", 0)},
			"l'Alliance des États du Sahel et/ORG"},
		{"nothing found, nothing added", []pipeline.Entity{e("Niamey", "LOC", 58)}, "Niamey/LOC"},
		{"no entities", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, x := range knownNames(append([]pipeline.Entity(nil), tc.model...), known) {
				got = append(got, x.Text+"/"+x.Type)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tc.want)
			}
		})
	}

	// Through the stage: the curated and country names widen the model's spans, descriptors and
	// articles stay out, and an acronym defined in parentheses takes its long form's type.
	r := recognizer(t)
	for _, c := range []struct{ lang, text, want, not string }{
		{"fr", "Le Mali, le Burkina Faso et le Niger ont ensuite formé l’Alliance des États du Sahel dans le but de créer une fédération.", "Alliance des États du Sahel/ORG/Alliance of Sahel States", "Sahel"},
		{"fr", "La Fédération de Russie va doter le Niger d’un système de défense antiaérienne.", "Fédération de Russie/LOC/Russia", "Russie"},
		{"fr", "Ces trois pays font face à des groupes jihadistes affiliés à Al-Qaïda et au groupe État islamique (EI).", "État islamique/ORG/Islamic State", "groupe État islamique"},
		{"en", "Syria served as an outpost in the fight against the Islamic State group.", "Islamic State/ORG/Islamic State", "Islamic State group"},
		{"en", "Germany's 4-0 rout of Belarus was enough. The Netherlands clinched despite drawing with Estonia.", "Netherlands/LOC/Netherlands", "The Netherlands"},
		{"en", "British Virgin Islands (BVI) Governor John Rankin spoke on Thursday. Investigators held the BVI’s port director.", "BVI/LOC/British Virgin Islands", "BVI/ORG"},
		// one-word names of the tables in a shape no common word has, which the model missed
		{"fr", "Le chômage place la France en tête des pays de l’Organisation de coopération économique (OCDE) et le gouvernement n’arrive pas à le juguler.", "OCDE/ORG/OECD", "-"},
		{"en", "How much is macOS worth to you? You can say all you want about the hardware.", "macOS/MISC/macOS", "-"},
	} {
		wantAndNot(t, r, &pipeline.Doc{Text: c.text, Lang: c.lang}, c.want, c.not)
	}
}

// processed runs d through r, checks the stage's invariants, and returns its entities as
// "text/type/canonical" strings, with "@start" when at is set.
// wantAndNot processes d and checks that its entities hold want and not not, each an entity's
// text/type/canonical or the start of it up to a slash ("Taylor Fritz/PER", "Taylor Fritz
// 7-6"); an empty one is not checked.
func wantAndNot(t *testing.T, r *Recognizer, d *pipeline.Doc, want, not string) {
	t.Helper()
	text := d.Text
	all := "|" + strings.Join(processed(t, r, d, false), "|") + "|"
	holds := func(e string) bool {
		return strings.Contains(all, "|"+e+"/") || strings.Contains(all, "|"+e+"|")
	}
	if want != "" && !holds(want) || not != "" && holds(not) {
		t.Errorf("%q: got %s, want %s and no %s", text, all, want, not)
	}
}

func processed(t *testing.T, r *Recognizer, d *pipeline.Doc, at bool) []string {
	t.Helper()
	if err := r.Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	checkEntities(t, d)
	got := make([]string, 0, len(d.Entities))
	for _, x := range d.Entities {
		s := x.Text + "/" + x.Type + "/" + x.Canonical
		if at {
			s += fmt.Sprintf("@%d", x.Start)
		}
		got = append(got, s)
	}
	return got
}

// TestDefinedAcronyms: an acronym defined in parentheses next to a name the model found is a name
// too, with the name's type and canonical, and so are its later mentions; initials that do not
// fit define nothing.
func TestDefinedAcronyms(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ lang, text, want, not string }{
		{"fr", "Ces trois pays font face à des groupes jihadistes affiliés à Al-Qaïda et au groupe État islamique (EI). Dans ces trois pays, l’EI a frappé.",
			"EI/ORG/Islamic State@99 EI/ORG/Islamic State@127", ""},
		{"en", "The new junta hosts the US army, a US official told Reuters and the Associated Press (AP) on Friday.",
			"AP/ORG/Associated Press@86", ""},
		{"fr", "L’EI (État islamique) a revendiqué l’attentat de Niamey.", "EI/ORG/Islamic State@2", ""},
		{"fr", "Les pluies ont touché le Niger (NE) et le Mali.", "", "NE"},
	} {
		all := " " + strings.Join(processed(t, r, &pipeline.Doc{Text: c.text, Lang: c.lang}, true), " ") + " "
		if c.want != "" && !strings.Contains(all, " "+c.want+" ") {
			t.Errorf("%q: got %s, want %s", c.text, all, c.want)
		}
		if c.not != "" && strings.Contains(all, " "+c.not+"/") {
			t.Errorf("%q: got %s, want no %s", c.text, all, c.not)
		}
	}
}

// TestDesignations: a French ministry written out is one organisation, in place of the field the
// model may have tagged alone; a field in lower case, and a minister's field, are not. A numbered
// base is one place, number included; an aircraft type one MISC.
func TestDesignations(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"fr", "Cette information a été confirmée par le ministère russe de la Défense. Le ministère des Affaires étrangères a réagi. " +
			"Selon le ministère de l'Intérieur, 12 personnes ont été arrêtées. Le ministère nigérien de la Santé publique a publié un bilan. " +
			"Le ministère de la santé aussi. Le ministre de la Santé a parlé.", []string{
			"ministère russe de la Défense/ORG/Ministry of Defence (Russia)",
			"ministère des Affaires étrangères/ORG/Ministry of Foreign Affairs",
			"ministère de l'Intérieur/ORG/Ministry of Interior",
			"ministère nigérien de la Santé publique/ORG/Ministry of Health (Niger)",
		}},
		{"fr", "Ils utilisent un entrepôt distinct sur la base aérienne 101. La base 12 aussi.", []string{
			"base aérienne 101/LOC/Air Base 101",
		}},
		{"en", "They took up quarters in a hangar at Air Base 101. The base 101 is not one.", []string{
			"Air Base 101/LOC/Air Base 101",
		}},
		{"fr", "Un Iliouchine-76 a atterri. Puis un Il-76 et un Soukhoï Su-25 ont décollé. Il-y-a. L’Antonov 12 ans.", []string{
			"Iliouchine-76/MISC/Ilyushin Il-76", "Il-76/MISC/Ilyushin Il-76", "Soukhoï Su-25/MISC/Sukhoi Su-25",
		}},
	} {
		if got := processed(t, r, &pipeline.Doc{Text: c.text, Lang: c.lang}, false); !slices.Equal(got, c.want) {
			t.Errorf("%q: got\n%s\nwant\n%s", c.text, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}

// TestNamesStopAtDates: a place or organisation that runs into a day or month name the dates stage
// found ends before it; a person's name and other dates ("Medical News Today") are left whole.
func TestNamesStopAtDates(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ text, date, want, not string }{
		{"Kurt Volker and Tim Morrison testified side-by-side before the House Intelligence Committee Tuesday about the events.",
			"Tuesday", "House Intelligence Committee/ORG", "House Intelligence Committee Tuesday"},
		{"Three people were killed in a crash in Osborne Store, Clarendon Tuesday. They are: Heather Grant, 33, and two others.",
			"Tuesday", "Clarendon/LOC", "Clarendon Tuesday"},
		{"Eating too much sugar does a lot of damage to the body, according to Medical News Today. Want to boost your intake?",
			"Today", "Medical News Today/ORG", "Medical News"},
	} {
		at := strings.Index(c.text, c.date)
		start := utf8.RuneCountInString(c.text[:at])
		d := &pipeline.Doc{Text: c.text, Lang: "en", Dates: []pipeline.Date{{Text: c.date, Start: start, End: start + utf8.RuneCountInString(c.date), Grain: "day"}}}
		wantAndNot(t, r, d, c.want, c.not)
	}
}

// TestPersonsEndInWords: the model took tennis scores into the players' names; a person's name
// ends in a word, other names may end in a number.
func TestPersonsEndInWords(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ text, want, not string }{
		{"The top-ranked Nadal earlier defeated Khachanov 6-3, 7-6 (7) to level the series 1-1.", "Khachanov/PER", "Khachanov 6-3"},
		{"Vasek Pospisil edged Reilly Opelka 7-6 (5), 7-6 (7) and Denis Shapovalov defeated Taylor Fritz 7-6 (6), 6-3.", "Taylor Fritz/PER", "Taylor Fritz 7-6"},
		{"Mikhail Kukushkin and Alexander Bublik defeated Robin Haase and Jean-Julien Rojer 6-4, 7-6 (2).", "Jean-Julien Rojer/PER", "Jean-Julien Rojer 6-4"},
		{"The Russian troops moved into Air Base 101 next to the airport in Niamey.", "Air Base 101/LOC", "Air Base/"},
	} {
		wantAndNot(t, r, &pipeline.Doc{Text: c.text, Lang: "en"}, c.want, c.not)
	}
}

// TestVitaminsAndAnswers: a vitamin's letter, "Yes" answering, the "C" of "1.5°C", "Rs" before an
// amount and "VIP" are no names; the programming language C and the band Yes are.
func TestVitaminsAndAnswers(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ lang, text, want, not string }{
		{"en", "The powerful antioxidants like vitamin C, E, and A; zinc; and beta-carotene help. Ingesting too much vitamin C could lead to other issues.", "", "C"},
		{"en", "Rust is an alternative to other systems programming languages, like C or C++.", "C/MISC", ""},
		{"en", "“Yes, we needed to win this game to stay in the race,” Lynn said, via the Los Angeles Times.", "Los Angeles Times/ORG", "Yes"},
		{"en", "Allow the dermatologist to repeat that: “Yes, dead skin cells do help the skin.”", "", "Yes"},
		{"en", "They toured with the Mahavishnu Orchestra, Chick Corea, Yes, Gentle Giant and Kansas.", "Yes", ""},
		// A temperature's scale and a currency by its amount are no names either.
		{"en", "The proposed 55%, 60% or even 65% CO2 emission reduction targets for the EU by 2030 are nowhere near enough to be in line with the below 1.5°C or even the “well below 2°C” target of the Paris Agreement.”", "", "C"},
		{"en", "He said he has spent Rs 24 lakh in the four attempts and Rs 40 lakh on advocacy. Lakshiwnder Singh, another deportee, said he had given Rs 25 lakh to an Amritsar-based agent to help him enter the US.", "Lakshiwnder Singh/PER", "Rs"},
		{"en", "Tickets: VIP : 60,000₩, R : 50,000₩. VIP meet-and-greet cocktail hour at Riveredge in Chesapeake City.", "", "VIP"},
	} {
		wantAndNot(t, r, &pipeline.Doc{Text: c.text, Lang: c.lang}, c.want, c.not)
	}
}

// TestPersonsSplitAtSeparators: a person's name holds no bullet or dash, and no name a bullet; the
// model ran lists of names into one.
func TestPersonsSplitAtSeparators(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"The list of bachelors in the game: Alex • Elliott • Harvey • Sam • Sebastian • Shane.", []string{"Alex/PER", "Elliott/PER", "Shane/PER"}},
		{"Hill testified that she was told by former National Security Adviser John Bolton — Morrison's supervisor — to go to the lawyers.", []string{"John Bolton/PER"}},
		// Names of any type: a list of characters came out one MISC.
		{"Townspeople Caroline • Clint • Demetrius • Evelyn • George • Gil • Gunther • Gus • Jas • Jodi • Kent • Lewis • Linus • Marlon • Marnie • Morris • Pam • Pierre • Robin • Vincent • Willy\nOther Bouncer • Dwarf • Governor • Grandpa • Henchman • Junimos • Krobus • Mr. Qi • Old Mariner • Sandy • Wizard", []string{"Caroline/PER"}},
	} {
		got := processed(t, r, &pipeline.Doc{Text: c.text, Lang: "en"}, false)
		typed := map[string]bool{}
		for _, g := range got {
			text, typ, _ := strings.Cut(g, "/")
			typ, _, _ = strings.Cut(typ, "/")
			typed[text+"/"+typ] = true
			if strings.ContainsAny(text, "•—") {
				t.Errorf("%q: %s holds a separator", c.text, g)
			}
		}
		for _, w := range c.want {
			if !typed[w] {
				t.Errorf("%q: got %v, want %s", c.text, got, w)
			}
		}
	}
}

// TestQualifiersLeaveNames: "X-based" before a name qualifies it and is no part of it.
func TestQualifiersLeaveNames(t *testing.T) {
	r := recognizer(t)
	text := "The newspaper chain was bought by the hedge fund that owns the Sacramento-based McClatchy after a bankruptcy auction."
	for _, g := range processed(t, r, &pipeline.Doc{Text: text, Lang: "en"}, false) {
		if strings.Contains(g, "-based") {
			t.Errorf("%q: %s holds its qualifier", text, g)
		}
	}
	for _, c := range []struct {
		w    string
		want bool
	}{{"Sacramento-based", true}, {"Haitian-born", true}, {"Columbia-based", true}, {"Al-Qaïda", false}, {"-based", false}, {"Jean-Pierre", false}} {
		if got := qualifier(c.w); got != c.want {
			t.Errorf("qualifier(%q) = %v, want %v", c.w, got, c.want)
		}
	}
}

// TestCapsCountries: in a French headline in capitals, the gazetteer's countries are places where
// the model found nothing (it found NIGER and RUSSIE, not USA).
func TestCapsCountries(t *testing.T) {
	r := recognizer(t)
	text := "NIGER : FIN DE RELATION AVEC LES USA, VERS UN RAPPROCHEMENT AVEC LA RUSSIE ?\nLe Niger a mis fin à sa coopération militaire avec les États-Unis."
	all := "|" + strings.Join(processed(t, r, &pipeline.Doc{Text: text, Lang: "fr"}, false), "|") + "|"
	for _, w := range []string{"|USA/LOC/United States|", "|RUSSIE/LOC/Russia|", "|États-Unis/LOC/United States|"} {
		if !strings.Contains(all, w) {
			t.Errorf("got %s, want %s", all, w)
		}
	}
}

func TestOnlyDaysOrMonths(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Dec Nov Oct Sep Aug", true}, {"Mar Feb Jan", true}, {"Lundi , Mardi", true}, {"Jan. Feb.", true},
		{"May", false}, {"Theresa May", false}, {"March Madness", false}, {"Mars Attacks", false}, {"", false},
	} {
		if got := onlyDaysOrMonths(ner.Tokenize(c.text)); got != c.want {
			t.Errorf("onlyDaysOrMonths(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestTitleCaseHeadlines: a headline in title case is read as running text would write it, so its
// common words no longer make one long name of the line (each came out whole before truecasing),
// while the names in it are still found.
func TestTitleCaseHeadlines(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct {
		headline string
		want     []string // entities the headline must keep
	}{
		{"MacBook Pro With Scissor Keyboard Expected in First Half of 2020", []string{"MacBook Pro"}},
		{"Provided You Have A Solid Internet Connection, The Streaming Quality Seems To Be Mostly Excellent", nil},
		{"Change Font Size of All Text Elements", nil},
		{"Movie Theaters In San Francisco Refuse To Open Over Concessions Ban", []string{"San Francisco"}},
		{"NASA Just Confirmed There Are Water Plumes Above The Surface of Jupiter's Moon Europa", []string{"NASA", "Jupiter"}},
	} {
		text := c.headline + "\n\nThe company said on Tuesday that it would answer questions from reporters in the afternoon."
		d := &pipeline.Doc{Text: text, Lang: "en"}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		checkEntities(t, d)
		got := map[string]bool{}
		for _, e := range d.Entities {
			got[e.Text] = true
			if e.End <= utf8.RuneCountInString(c.headline) && len(strings.Fields(e.Text)) > 3 {
				t.Errorf("%q: headline words taken for a name: %q (%s)", c.headline, e.Text, e.Type)
			}
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: no entity %q in %+v", c.headline, w, d.Entities)
			}
		}
	}
}

func TestAgreeTypes(t *testing.T) {
	e := func(text, typ, canonical string) pipeline.Entity {
		return pipeline.Entity{Text: text, Type: typ, Canonical: canonical}
	}
	types := func(ents []pipeline.Entity) string {
		var s []string
		for _, x := range ents {
			s = append(s, x.Type)
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		name string
		in   []pipeline.Entity
		want string
	}{
		{"twice as many win", []pipeline.Entity{e("Python", "MISC", "Python"), e("Python", "PER", "Python"), e("Python", "MISC", "Python")}, "MISC MISC MISC"},
		{"under the margin nothing moves", []pipeline.Entity{e("Apple", "ORG", "Apple"), e("Apple", "MISC", "Apple"), e("Apple", "ORG", "Apple"), e("Apple", "MISC", "Apple"), e("Apple", "ORG", "Apple")}, "ORG MISC ORG MISC ORG"},
		{"three types, the second counts", []pipeline.Entity{e("Stadia", "LOC", "Stadia"), e("Stadia", "LOC", "Stadia"), e("Stadia", "LOC", "Stadia"), e("Stadia", "MISC", "Stadia"), e("Stadia", "PER", "Stadia")}, "LOC LOC LOC LOC LOC"},
		{"linking keeps names apart", []pipeline.Entity{e("Ford", "PER", "John M. Ford"), e("Ford", "ORG", "Ford"), e("Ford", "PER", "John M. Ford"), e("Ford", "PER", "John M. Ford")}, "PER ORG PER PER"},
		{"other names stay", []pipeline.Entity{e("Obama", "PER", "Barack Obama"), e("Obama", "MISC", "Barack Obama"), e("Obama", "PER", "Barack Obama"), e("Niger", "LOC", "Niger")}, "PER PER PER LOC"},
		{"two mentions are too few to outvote", []pipeline.Entity{e("Rust", "ORG", "Rust"), e("Rust", "LOC", "Rust")}, "ORG LOC"},
	} {
		agreeTypes(c.in)
		if got := types(c.in); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestSeedsGolden keeps the recogniser's output on the seed articles under review: a retrained
// model or a tokenizer change shows up as a diff of testdata/golden (regenerate with -update).
// Canon is left out so its own changes (tested in its package) do not churn these files.
func TestSeedsGolden(t *testing.T) {
	r := &Recognizer{models: recognizer(t).models}
	for _, g := range readSeeds(t) {
		d := &pipeline.Doc{Text: g.ContentText, Lang: g.Lang}
		if err := r.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, e := range d.Entities {
			line, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		path := filepath.Join("testdata", "golden", strings.TrimSuffix(g.Doc, ".txt")+".entities.jsonl")
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(want) != b.String() {
			gl, wl := strings.Split(b.String(), "\n"), strings.Split(string(want), "\n")
			for i := 0; i < max(len(gl), len(wl)); i++ {
				var x, y string
				if i < len(gl) {
					x = gl[i]
				}
				if i < len(wl) {
					y = wl[i]
				}
				if x != y {
					t.Errorf("%s line %d:\n got %s\nwant %s", path, i+1, x, y)
					break
				}
			}
		}
	}
}

func TestOutsideDates(t *testing.T) {
	ent := func(text, typ string, start int) pipeline.Entity {
		return pipeline.Entity{Text: text, Type: typ, Start: start, End: start + len([]rune(text))}
	}
	date := func(text string, start int) pipeline.Date {
		return pipeline.Date{Text: text, Start: start, End: start + len([]rune(text))}
	}
	// "Washington agreed in mid-April, on Friday (May 3) before Christmas, to leave Niamey.": a
	// place and a month inside a date go, a holiday stays.
	ents := []pipeline.Entity{
		ent("Washington", "LOC", 0), ent("mid-April", "LOC", 21), ent("May", "MISC", 44),
		ent("Christmas", "MISC", 57), ent("Niamey", "LOC", 77),
	}
	dates := []pipeline.Date{date("in mid-April", 18), date("on Friday (May 3)", 32), date("Christmas", 57)}
	tests := []struct {
		name  string
		dates []pipeline.Date
		want  []string
	}{
		{"no dates", nil, []string{"Washington", "mid-April", "May", "Christmas", "Niamey"}},
		{"dates", dates, []string{"Washington", "Christmas", "Niamey"}},
		// A name that only overlaps a date, or holds one, stays.
		{"overlap", []pipeline.Date{date("ton agreed", 5), date("Niamey.", 77)}, []string{"Washington", "mid-April", "May", "Christmas"}},
		{"wider name", []pipeline.Date{date("April", 25)}, []string{"Washington", "mid-April", "May", "Christmas", "Niamey"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]pipeline.Entity(nil), ents...)
			var got []string
			for _, e := range outsideDates(in, tc.dates) {
				got = append(got, e.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTrimMarks(t *testing.T) {
	for _, c := range []struct{ span, want string }{
		{"Indigenous Peoples’", "Indigenous Peoples"},
		{"“Red Sox Nation", "Red Sox Nation"},
		{"Red Sox Nation”", "Red Sox Nation"},
		{"“Red Sox Nation”", "Red Sox Nation"},
		{"La Résurrection de ‘F’", "La Résurrection de ‘F’"},
		{"Where Is the Love?", "Where Is the Love?"},
		{"Yahoo!", "Yahoo!"},
		{"’", ""},
	} {
		if got := trimmed(c.span, trimMarks); got != c.want {
			t.Errorf("trimMarks(%q) = %q, want %q", c.span, got, c.want)
		}
	}
}

// trimmed is what trim keeps of span, tokenized.
func trimmed(span string, trim func([]ner.Token, int, int) (int, int)) string {
	toks := ner.Tokenize(span)
	a, b := trim(toks, 0, len(toks))
	if a >= b {
		return ""
	}
	return span[toks[a].Byte:toks[b-1].ByteEnd]
}

// TestTrimEdges: no name begins or ends with a dash, an ampersand or a comma; a span that begins
// with the clitic the tokenizer split from the word before it is none.
func TestTrimEdges(t *testing.T) {
	for _, c := range []struct{ span, want string }{
		{"Alibaba —", "Alibaba"},
		{"Oklahoma City Thunder –", "Oklahoma City Thunder"},
		{"– Monaco Grand Prix", "Monaco Grand Prix"},
		{"– 10th International Conference", "10th International Conference"},
		{"– 96 UEFA Champions League", "– 96 UEFA Champions League"},
		{"Olive &", "Olive"},
		{"We're On It", "We're On It"},
		{"'re On It", ""},
		{"— 's Law", ""},
		{"Marks & Spencer", "Marks & Spencer"},
		{"Jean-Pierre Raffarin", "Jean-Pierre Raffarin"},
		{"Washington , D.C.", "Washington , D.C."},
		{"—", ""},
		{"CBP ) Air and Marine Operations", "Air and Marine Operations"},
		{"The Palace : Tale of Jang Noksu ] More Reviews", "The Palace : Tale of Jang Noksu"},
		{"Chapter 28 ( Flight of the Prince", "Chapter 28"},
		{"Harry Potter ( film series )", "Harry Potter ( film series )"},
		{"Cannes (France)", "Cannes (France)"},
	} {
		if got := trimmed(c.span, trimEdges); got != c.want {
			t.Errorf("trimEdges(%q) = %q, want %q", c.span, got, c.want)
		}
	}
	r := recognizer(t)
	for _, c := range []struct{ lang, text string }{
		{"en", "Alibaba leaders have denied 'sensational' claims made in viral Weibo post that said the Chinese e-commerce giant misreported its Singles Day sales.Peng Mei — project manager for communications on Singles Day and PR director of Tmall, the retail site owned by Alibaba — responded to the allegations in a post on WeChat, threatening legal action."},
		{"en", "A: Watching from courtside as Russell Westbrook and Kevin Durant scored 50 plus points a piece in a triple overtime game in their last season in Oklahoma City Thunder – AND, seeing Adele live in concert – she brought the house down!"},
	} {
		for _, g := range processed(t, r, &pipeline.Doc{Text: c.text, Lang: c.lang}, false) {
			text, _, _ := strings.Cut(g, "/")
			first, _ := utf8.DecodeRuneInString(text)
			last, _ := utf8.DecodeLastRuneInString(text)
			if strings.ContainsRune("–—&", first) || strings.ContainsRune("–—&", last) {
				t.Errorf("%q: %s begins or ends with a dash or an ampersand", c.text, g)
			}
		}
	}
}

// TestHeadOfState: "le chef de l'Etat Miloš Zeman" is the post, then a person.
func TestHeadOfState(t *testing.T) {
	r := recognizer(t)
	text := "Si le Premier ministre l'a laissé entendre ce vendredi, le dernier mot en reviendra au chef de l'Etat Miloš Zeman dont les décisions ont, par le passé, parfois surpris."
	got := processed(t, r, &pipeline.Doc{Text: text, Lang: "fr"}, false)
	found := false
	for _, g := range got {
		if strings.HasPrefix(g, "Etat") {
			t.Errorf("%q: %s holds the post", text, g)
		}
		found = found || strings.HasPrefix(g, "Miloš Zeman/PER")
	}
	if !found {
		t.Errorf("%q: got %v, want Miloš Zeman/PER", text, got)
	}
	for _, c := range []struct {
		span string
		want bool
	}{
		{"chef de l'Etat Miloš Zeman", true},
		{"chef de l’État Emmanuel Macron", true},
		{"chef de l'État Islamique", false},
		{"chef de l'État", false},
		{"ministre de l'État Emmanuel Macron", false},
	} {
		toks := ner.Tokenize(c.span)
		if got := headOfState(toks, 3, len(toks)); got != c.want {
			t.Errorf("headOfState(%q) = %v, want %v", c.span, got, c.want)
		}
	}
}

// TestCommonWordsStartingSentences: in English, a common word that starts a sentence is no name
// unless the text capitalises it elsewhere ("Rust" in an article on the language).
func TestCommonWordsStartingSentences(t *testing.T) {
	r := recognizer(t)
	for _, c := range []struct{ text, want, not string }{
		{"Eat more whole, unprocessed foods, such as fruits, vegetables, and whole grains, and moderate your intake of treats rather than excluding them from your diet altogether. This can help reduce binge eating and promote better health.\nSummary Studies show that fasting or eliminating certain foods from your diet may be associated with increased cravings and overeating. Focus on eating healthy foods instead of dieting or cutting out certain foods completely.", "", "Summary"},
		{"Amid all this, a news has gone viral on social media about an ‘oxygen bar’!\nYup, you read it right! From The New York Times to the CNN to Condé Nast Traveller, almost all major foreign publications have carried the news about this unique ‘bar’.", "CNN/ORG", "Yup"},
		{"Try something new with your couple this weekend 😉\nClick here to get more information or download this game.", "", "Click"},
		{"Rust is fast and memory-efficient. Companies like Dropbox use Rust in production.", "Rust", ""},
	} {
		wantAndNot(t, r, &pipeline.Doc{Text: c.text, Lang: "en"}, c.want, c.not)
	}
	for _, c := range []struct {
		text string
		i    int
		want bool
	}{{"124. What do you get", 2, true}, {"“Yes, we won", 1, true}, {"The Summary", 1, false}, {"7:00 PM Arrives at the trailer", 2, true}, {"I AM Arrives", 2, false}} {
		toks := ner.Tokenize(c.text)
		if got := startsSentence(toks, c.i); got != c.want {
			t.Errorf("startsSentence(%q, %d) = %v, want %v", c.text, c.i, got, c.want)
		}
	}
}
