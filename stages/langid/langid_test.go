package langid

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

func newTestIdentifier(t testing.TB) *Identifier {
	t.Helper()
	id, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSample checks accuracy per language group and length class on the 525-item sample of
// lingua's test set in testdata. The floors are what the stage reaches there, less a margin of
// one or two items, so that a regression of the model or the scoring shows.
func TestSample(t *testing.T) {
	rows := readTestset(t, "testdata/sample.tsv")
	if len(rows) != 525 {
		t.Fatalf("sample has %d rows, want 525", len(rows))
	}
	id := newTestIdentifier(t)
	acc, cal := evalRows(id, rows)
	t.Logf("fr | en | oth:%s", formatAcc(acc))
	t.Logf("calibration:%s", formatCal(cal))
	floors := map[string]float64{
		"fr/sentence": 0.92, "fr/word-pair": 0.96, "fr/single-word": 0.88,
		"en/sentence": 0.96, "en/word-pair": 0.96, "en/single-word": 0.84,
		"oth/sentence": 0.99, "oth/word-pair": 0.94, "oth/single-word": 0.91,
	}
	for k, floor := range floors {
		c := acc[k]
		if got := float64(c.right) / float64(c.total); got < floor {
			t.Errorf("%s: accuracy %.3f (%d/%d), want >= %.2f", k, got, c.right, c.total, floor)
		}
	}
	if c := cal[">=0.90"]; float64(c.right)/float64(c.total) < 0.99 {
		t.Errorf("items with confidence >= 0.9 right %d/%d, want >= 99%%", c.right, c.total)
	}
}

const (
	frPara = "Le gouvernement a présenté mercredi un projet de loi qui doit réformer l'assurance chômage, " +
		"une mesure contestée par les syndicats qui appellent à manifester la semaine prochaine dans toute la France."
	frPara2 = "Selon le ministre, la réforme permettra de réduire le déficit de l'État d'ici à la fin du quinquennat, " +
		"mais plusieurs économistes doutent de ces prévisions jugées trop optimistes."
	enPara = "The government presented a bill on Wednesday to overhaul unemployment insurance, a measure " +
		"opposed by the unions, which have called for protests across the country next week."
	esPara = "El gobierno presentó el miércoles un proyecto de ley para reformar el seguro de desempleo, una " +
		"medida rechazada por los sindicatos, que han convocado protestas en todo el país la próxima semana."
	dePara = "Die Regierung hat am Mittwoch einen Gesetzentwurf zur Reform der Arbeitslosenversicherung vorgelegt, " +
		"gegen den die Gewerkschaften für die kommende Woche landesweite Proteste angekündigt haben."
)

func TestProcess(t *testing.T) {
	id := newTestIdentifier(t)
	tests := []struct {
		name       string
		title      string
		text       string
		hint       string
		lang       string
		reason     string // prefix of LangReason
		minConf    float64
		wantShares map[string][2]float64 // lang -> [min, max] share
	}{
		{name: "french article", title: "Réforme de l'assurance chômage", text: frPara + "\n" + frPara2, lang: "fr", minConf: 0.99},
		{name: "english article", text: enPara, lang: "en", minConf: 0.99},
		{name: "spanish article", text: esPara, lang: "und", reason: "other language: es", minConf: 0.99},
		{name: "german article", text: dePara, lang: "und", reason: "other language: de", minConf: 0.99},
		{name: "german page with french hint stays und", text: dePara, hint: "fr", lang: "und", reason: "other language: de"},
		{
			name: "french article quoting an english paragraph", text: frPara + "\n" + enPara + "\n" + frPara2,
			lang: "fr", minConf: 0.9, wantShares: map[string][2]float64{"fr": {0.55, 0.75}, "en": {0.25, 0.45}},
		},
		{name: "too short", text: "Ok", lang: "und", reason: ReasonTooShort},
		{name: "too short with hint", text: "la", hint: "fr", lang: "und", reason: ReasonTooShort},
		{name: "no letters", text: "12:30 — 4 / 5 %", lang: "und", reason: ReasonNoLetters},
		{name: "empty", text: "", lang: "und", reason: ReasonNoLetters},
		{name: "other script", text: "Правительство представило в среду законопроект о реформе страхования", lang: "und", reason: ReasonOtherScript},
		{name: "polish article", text: "Rząd przedstawił w środę projekt ustawy reformującej ubezpieczenie od bezrobocia, środek krytykowany przez związki zawodowe.", lang: "und", reason: "other language: unknown", minConf: 0.9},
		// Latin letters only, and no language of the seven: their trigrams fit none (maxFit).
		{name: "indonesian article", text: "Pemerintah Indonesia mengumumkan bahwa harga bahan bakar minyak akan naik mulai bulan depan. Menteri keuangan mengatakan kebijakan ini diperlukan untuk menjaga anggaran negara tetap sehat. Banyak warga khawatir kenaikan harga akan memengaruhi biaya hidup sehari-hari, terutama bagi keluarga berpenghasilan rendah di kota-kota besar.", lang: "und", reason: "other language: unknown"},
		{name: "tagalog article", text: "Ayon sa pamahalaan, tataas ang presyo ng langis simula sa susunod na buwan. Sinabi ng kalihim ng pananalapi na kailangan ang patakarang ito upang mapanatiling malusog ang badyet ng bansa. Maraming mamamayan ang nag-aalala na makaaapekto ito sa kanilang pang-araw-araw na gastusin.", lang: "und", reason: "other language: unknown"},
		{name: "swahili article", text: "Serikali imetangaza kwamba bei ya mafuta itapanda kuanzia mwezi ujao. Waziri wa fedha amesema sera hii inahitajika ili kulinda bajeti ya taifa. Wananchi wengi wana wasiwasi kwamba ongezeko hilo litaathiri gharama za maisha ya kila siku.", lang: "und", reason: "other language: unknown"},
		{name: "french article naming a pole", text: frPara + " Lech Wałęsa et Wisława Szymborska étaient invités.", lang: "fr", minConf: 0.99},
		{name: "single french word", text: "gouvernement", lang: "fr"},
		{name: "single english word", text: "government", lang: "en"},
		{name: "short lines pooled", text: "Par Jean Dupont\nPublié le 3 mai\n" + frPara, lang: "fr", minConf: 0.99},
		{name: "title alone", title: "Le gouvernement présente sa réforme", text: "", lang: "fr"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &pipeline.Doc{Title: tc.title, Text: tc.text, Raw: &pipeline.Raw{Lang: tc.hint}}
			if err := id.Process(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			if d.Lang != tc.lang {
				t.Fatalf("lang %q (reason %q, conf %.3f), want %q", d.Lang, d.LangReason, d.LangConfidence, tc.lang)
			}
			if !strings.HasPrefix(d.LangReason, tc.reason) || (tc.reason == "") != (d.LangReason == "") {
				t.Errorf("reason %q, want %q", d.LangReason, tc.reason)
			}
			// Another language or script is flagged, so that the French and English stages skip
			// it; text too short to tell is not.
			other := strings.HasPrefix(tc.reason, ReasonOther) || tc.reason == ReasonOtherScript
			if got := d.HasFlag(pipeline.FlagOtherLanguage); got != other {
				t.Errorf("flag %s: %v, want %v (reason %q)", pipeline.FlagOtherLanguage, got, other, d.LangReason)
			}
			if d.LangConfidence < tc.minConf || d.LangConfidence > 1 {
				t.Errorf("confidence %.4f, want in [%.2f, 1]", d.LangConfidence, tc.minConf)
			}
			if tc.wantShares == nil {
				if len(d.LangShares) != 0 {
					t.Errorf("shares %+v, want none", d.LangShares)
				}
				return
			}
			got := map[string]float64{}
			sum := 0.0
			for _, s := range d.LangShares {
				got[s.Lang] = s.Share
				sum += s.Share
			}
			for l, r := range tc.wantShares {
				if got[l] < r[0] || got[l] > r[1] {
					t.Errorf("share of %s = %.3f, want in [%.2f, %.2f] (all: %+v)", l, got[l], r[0], r[1], d.LangShares)
				}
			}
			if math.Abs(sum-1) > 0.01 {
				t.Errorf("shares sum to %.3f", sum)
			}
		})
	}
}

// TestHintIsOnlyAPrior checks that the hint settles text the model finds ambiguous between
// French and English, and overturns nothing clear.
func TestHintIsOnlyAPrior(t *testing.T) {
	id := newTestIdentifier(t)
	// "attention" and "question" are spelt alike in both languages.
	for _, text := range []string{"attention", "question", "nation"} {
		fr := id.Identify("", text, langFR)
		en := id.Identify("", text, langEN)
		none := id.Identify("", text, -1)
		if fr.Lang != "fr" || en.Lang != "en" {
			t.Errorf("%q: with fr hint %s, with en hint %s; the hint should settle a French/English homograph", text, fr.Lang, en.Lang)
		}
		if none.Confidence > 0.95 {
			t.Errorf("%q: confidence %.3f without hint for a French/English homograph", text, none.Confidence)
		}
	}
	for _, tc := range []struct {
		text string
		hint int
		want string
	}{
		{frPara, langEN, "fr"},
		{enPara, langFR, "en"},
		{"gouvernement", langEN, "fr"},
		{"unemployment", langFR, "en"},
	} {
		if v := id.Identify("", tc.text, tc.hint); v.Lang != tc.want {
			t.Errorf("%.30q with hint %s: got %s, want %s", tc.text, langCodes[tc.hint], v.Lang, tc.want)
		}
	}
}

func TestOptions(t *testing.T) {
	id, err := New(Options{MinLetters: 20})
	if err != nil {
		t.Fatal(err)
	}
	if v := id.Identify("", "gouvernement", -1); v.Lang != "und" || v.Reason != ReasonTooShort {
		t.Errorf("MinLetters 20: %q got %+v, want und/too short", "gouvernement", v)
	}
	for _, o := range []Options{{MinLetters: -1}, {MinShare: 1.5}, {MinLetters: 10, MaxLetters: 5}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted invalid options", o)
		}
	}
	// MaxLetters bounds the work: only the first letters of a huge page are looked at.
	small, _ := New(Options{MaxLetters: 300})
	v := small.Identify("", frPara+"\n"+strings.Repeat(enPara+"\n", 50), -1)
	if v.Lang != "fr" {
		t.Errorf("MaxLetters 300 over a French opening: got %s", v.Lang)
	}
}

func TestCancelled(t *testing.T) {
	id := newTestIdentifier(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := id.Process(ctx, &pipeline.Doc{Text: frPara}); err == nil {
		t.Fatal("Process on a cancelled context returned no error")
	}
}

func TestConcurrentUse(t *testing.T) {
	id := newTestIdentifier(t)
	texts := []string{frPara, enPara, esPara, "gouvernement", frPara + "\n" + enPara}
	want := make([]Verdict, len(texts))
	for i, s := range texts {
		want[i] = id.Identify("", s, -1)
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			for n := 0; n < 200; n++ {
				i := n % len(texts)
				if got := id.Identify("", texts[i], -1); got.Lang != want[i].Lang || got.Confidence != want[i].Confidence {
					done <- errorf("text %d: %+v, want %+v", i, got, want[i])
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestChunkParagraphs(t *testing.T) {
	long := strings.Repeat("a", minUnitLetters)
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"\n\n", nil},
		{"court", []string{"court"}},
		{long, []string{long}},
		{"x\n" + long + "\n" + long, []string{"x\n" + long, long}},
		{long + "\nfin", []string{long + "\nfin"}},
		{long + "\n\n" + long + "\n", []string{long, long}},
	}
	for _, tc := range tests {
		var got []string
		for _, c := range chunkParagraphs(tc.text, nil) {
			got = append(got, tc.text[c[0]:c[1]])
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("chunkParagraphs(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func FuzzIdentify(f *testing.F) {
	for _, s := range []string{"", "Ok", frPara, enPara + "\n" + frPara, "caf\xe9 \xff\xfe", "ß\nñ\nç", strings.Repeat("é", 300), "l'a-t-il dit ?"} {
		f.Add("", s, "")
	}
	f.Add("Titre", "texte", "fr")
	id := newTestIdentifier(f)
	f.Fuzz(func(t *testing.T, title, text, hint string) {
		d := &pipeline.Doc{Title: title, Text: text, Raw: &pipeline.Raw{Lang: hint}}
		if err := id.Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		switch d.Lang {
		case "fr", "en":
			if d.LangReason != "" {
				t.Errorf("reason %q with lang %s", d.LangReason, d.Lang)
			}
		case "und":
			if d.LangReason == "" {
				t.Error("und without a reason")
			}
		default:
			t.Fatalf("lang %q", d.Lang)
		}
		if d.LangConfidence < 0 || d.LangConfidence > 1 || math.IsNaN(d.LangConfidence) {
			t.Errorf("confidence %v", d.LangConfidence)
		}
		for _, s := range d.LangShares {
			if s.Share <= 0 || s.Share > 1 || !utf8.ValidString(s.Lang) {
				t.Errorf("share %+v", s)
			}
		}
	})
}

func BenchmarkIdentify(b *testing.B) {
	rows := readTestset(b, "testdata/sample.tsv")
	id := newTestIdentifier(b)
	ctx := context.Background()
	for _, class := range []string{"sentence", "word-pair", "single-word"} {
		var texts []string
		for _, r := range rows {
			if r.class == class {
				texts = append(texts, r.text)
			}
		}
		b.Run(class, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				d := pipeline.Doc{Text: texts[i%len(texts)]}
				if err := id.Process(ctx, &d); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
		})
	}
	b.Run("article", func(b *testing.B) {
		text := strings.Repeat(frPara+"\n"+frPara2+"\n", 10) + enPara
		b.ReportAllocs()
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			d := pipeline.Doc{Text: text}
			if err := id.Process(ctx, &d); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkNew measures start-up: decoding the embedded models into their tables.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadTable(modelData); err != nil {
			b.Fatal(err)
		}
		if _, err := loadLexicon(lexiconData); err != nil {
			b.Fatal(err)
		}
		if _, err := loadWordFreq(); err != nil {
			b.Fatal(err)
		}
	}
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
