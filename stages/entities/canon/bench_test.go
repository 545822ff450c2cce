package canon

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

var (
	benchOnce   sync.Once
	benchLinker *Linker
)

func sharedLinker(tb testing.TB) *Linker {
	benchOnce.Do(func() {
		l, err := New()
		if err != nil {
			tb.Fatal(err)
		}
		benchLinker = l
	})
	return benchLinker
}

func countTokens(s string) int {
	var t tokenizer
	t.run(s)
	return len(t.toks)
}

// BenchmarkDemonyms runs Demonyms over the seeds' content text (French and English).
func BenchmarkDemonyms(b *testing.B) {
	l := sharedLinker(b)
	docs := loadSeeds(b)
	toks, bytes := 0, 0
	for _, d := range docs {
		toks += countTokens(d.text)
		bytes += len(d.text)
	}
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			l.Demonyms(d.lang, d.text)
		}
	}
	b.ReportMetric(float64(toks)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLink links the seeds' gold entities (about 40 per document).
func BenchmarkLink(b *testing.B) {
	l := sharedLinker(b)
	docs := loadSeeds(b)
	n := 0
	for _, d := range docs {
		n += len(d.gold)
	}
	ents := make([][]pipeline.Entity, len(docs))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, d := range docs {
			ents[k] = append(ents[k][:0], d.gold...)
			l.Link(d.lang, d.text, ents[k])
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entities/s")
}

// BenchmarkDocument is what the entities stage asks of canon per document: Scan the text, then
// LinkMentions the seeds' gold entities with what it found ("scan-once"); "scan-twice" is
// Demonyms then Link, which reads the text again for its country mentions.
func BenchmarkDocument(b *testing.B) {
	l := sharedLinker(b)
	docs := loadSeeds(b)
	ents := make([][]pipeline.Entity, len(docs))
	for _, once := range []bool{true, false} {
		name := map[bool]string{true: "scan-once", false: "scan-twice"}[once]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for k, d := range docs {
					if once {
						m := l.Scan(d.lang, d.text)
						ents[k] = append(append(ents[k][:0], d.gold...), m.Demonyms...)
						l.LinkMentions(d.lang, d.text, ents[k], m)
					} else {
						ents[k] = append(append(ents[k][:0], d.gold...), l.Demonyms(d.lang, d.text)...)
						l.Link(d.lang, d.text, ents[k])
					}
				}
			}
			b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkNew is the one-off cost of loading the tables.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzCanon: Demonyms and Link never panic, offsets always fall inside the text and read back the
// entity's text, and every entity with a letter or digit gets a canonical.
func FuzzCanon(f *testing.F) {
	for _, s := range []string{
		"", "russes", "Les États-Unis (EU) et l’armée américaine", "État islamique (EI) puis l'EI",
		"Vladimir Poutine. Poutine", "\xff\xfe(", "((((((", "a-b-c-d", "Sud-Coréens nord-coréen",
		"ministère russe de la Défense", "e\u0301tats-unis", "république du Congo congolais",
		strings.Repeat("Union ", 50), "The NUP (National Unity Platform)",
	} {
		f.Add("fr", s, 0, 3)
		f.Add("en", s, 1, 50)
	}
	l := sharedLinker(f)
	f.Fuzz(func(t *testing.T, lang, text string, start, end int) {
		n := utf8.RuneCountInString(text)
		dem := l.Demonyms(lang, text)
		rs := []rune(text)
		for _, e := range dem {
			if e.Start < 0 || e.End > n || e.Start >= e.End {
				t.Fatalf("offsets %d..%d outside text of %d code points", e.Start, e.End, n)
			}
			if string(rs[e.Start:e.End]) != e.Text {
				t.Fatalf("offsets %d..%d read %q, entity says %q", e.Start, e.End, string(rs[e.Start:e.End]), e.Text)
			}
			if e.Canonical == "" || e.Type != "MISC" {
				t.Fatalf("bad entity %+v", e)
			}
		}
		ents := append([]pipeline.Entity(nil), dem...)
		// A tagger entity at fuzzed offsets, clamped the way a correct caller would produce them, and
		// one with offsets as they come.
		s, e := clamp(start, n), clamp(end, n)
		if s > e {
			s, e = e, s
		}
		for _, typ := range []string{"PER", "ORG", "LOC", "MISC", "X"} {
			ents = append(ents, pipeline.Entity{Text: string(rs[s:e]), Type: typ, Start: s, End: e})
		}
		ents = append(ents, pipeline.Entity{Text: text, Type: "PER", Start: start, End: end})
		scanned := slices.Clone(ents)
		l.Link(lang, text, ents)
		// Link with the mentions a Scan of the same text found is Link.
		l.LinkMentions(lang, text, scanned, l.Scan(lang, text))
		if !slices.Equal(ents, scanned) {
			t.Fatalf("LinkMentions differs from Link:\n%+v\n%+v", scanned, ents)
		}
		for _, e := range ents {
			if hasWord(e.Text) && e.Canonical == "" {
				t.Fatalf("no canonical for %+v", e)
			}
		}
	})
}

func clamp(x, n int) int {
	if x < 0 {
		x = -x
	}
	if n == 0 {
		return 0
	}
	return x % (n + 1)
}

func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// parenAfterRunes is the definition parenAfter keeps to, on a []rune copy of the text (what the
// linker did before it walked the string).
func parenAfterRunes(rs []rune, end int) (string, int) {
	i := end
	for n := 0; i < len(rs) && n < 2 && isSpace(rs[i]); n++ {
		i++
	}
	if i >= len(rs) || rs[i] != '(' {
		return "", 0
	}
	i++
	start := i
	for ; i < len(rs) && i-start <= 80; i++ {
		switch rs[i] {
		case ')':
			return strings.TrimSpace(string(rs[start:i])), start
		case '(', '\n':
			return "", 0
		}
	}
	return "", 0
}

// FuzzParenAfter: the string walk (runeCursor, parenAfter) finds what the []rune definition finds,
// for every end offset of a valid UTF-8 text, visited forwards and then backwards.
func FuzzParenAfter(f *testing.F) {
	for _, s := range []string{"", "État islamique (EI)", "l’EI  (État islamique) et (", "a (b\nc)", "é (" + strings.Repeat("é", 80) + ")", "é (" + strings.Repeat("é", 81) + ")", "x (y) (z)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		rs := []rune(text)
		c := runeCursor{text: text}
		check := func(end int) {
			b, ok := c.byteAt(end)
			if ok != (end <= len(rs)) {
				t.Fatalf("byteAt(%d) ok=%v for %d runes", end, ok, len(rs))
			}
			if !ok {
				return
			}
			if b != len(string(rs[:end])) {
				t.Fatalf("byteAt(%d) = %d, want %d", end, b, len(string(rs[:end])))
			}
			gotS, gotAt := parenAfter(text, b, end)
			wantS, wantAt := parenAfterRunes(rs, end)
			if gotS != wantS || gotAt != wantAt {
				t.Fatalf("parenAfter(%q, %d) = %q, %d; want %q, %d", text, end, gotS, gotAt, wantS, wantAt)
			}
		}
		for end := 0; end <= len(rs)+1; end++ {
			check(end)
		}
		for end := len(rs); end >= 0; end-- {
			check(end)
		}
	})
}

// BenchmarkLinkRecurringSurname: a long page that names a person once in full and then a thousand
// times by a surname the tagger typed as a place. Judging the full name reads the whole text, so
// it must happen once per name, not once per mention (ns/op must not grow with the square of the
// page).
func BenchmarkLinkRecurringSurname(b *testing.B) {
	l := newLinker(b)
	var sb strings.Builder
	sb.WriteString("Polls favour Senator Pete Buttigieg. ")
	for range 1000 {
		sb.WriteString("Later, Buttigieg spoke again in the town hall. ")
	}
	text := sb.String()
	var ents []pipeline.Entity
	e, from := span(b, text, "Pete Buttigieg", "PER", 0)
	ents = append(ents, e)
	for {
		i := strings.Index(text[from:], "Buttigieg")
		if i < 0 {
			break
		}
		e, from = span(b, text, "Buttigieg", "LOC", from)
		ents = append(ents, e)
	}
	work := make([]pipeline.Entity, len(ents))
	b.ResetTimer()
	for b.Loop() {
		copy(work, ents)
		l.Link("en", text, work)
	}
	if work[1].Type != "PER" || work[1].Canonical != "Pete Buttigieg" {
		b.Fatalf("surname: %+v", work[1])
	}
}
