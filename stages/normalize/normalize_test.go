package normalize

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/depeche-news/depeche/pipeline"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"NFC", "e\u0301te\u0301", "été"},
		{"CRLF and CR", "a\r\nb\rc", "a\nb\nc"},
		{"spaces collapse, lines trimmed", "  Le   Niger\t et\u00a0la  Russie  \n", "Le Niger et la Russie\n"},
		{"narrow no-break space before punctuation", "Niger\u202f: la junte", "Niger : la junte"},
		{"empty lines kept", "a\n\n\nb", "a\n\n\nb"},
		{"control characters dropped", "a\x00b\x1bc", "abc"},
		{"zero width and soft hyphen dropped", "anti\u00adterro\u200briste\ufeff", "antiterroriste"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a\nb\nc"},
		{"quotes untouched", "l’armée « difficile » “illégal”", "l’armée « difficile » “illégal”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTMLText(t *testing.T) {
	in := `<html><head><title>T</title><style>p{}</style><script>var x = "<p>no</p>";</script></head>
<body><nav><a href="/">Accueil</a></nav><h1>Le Niger</h1><p>Le 3&nbsp;mai&nbsp;2024, <b>à</b> Niamey.</p><ul><li>un</li><li>deux</li></ul></body></html>`
	got := Text(HTMLText(in))
	for _, want := range []string{"Le Niger\n", "Le 3 mai 2024, à Niamey.", "un\n", "deux"} {
		if !strings.Contains(got, want) {
			t.Errorf("HTML text lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"var x", "p{}", "<p>"} {
		if strings.Contains(got, bad) {
			t.Errorf("HTML text keeps %q:\n%s", bad, got)
		}
	}
}

func TestProcessPublished(t *testing.T) {
	tests := []struct {
		in, want, flag string
	}{
		{"2024-05-04", "2024-05-04", ""},
		{"2024-05-04T09:00:00+02:00", "2024-05-04T09:00:00+02:00", ""},
		{"2024-05-04 09:00:00", "2024-05-04T09:00:00", ""},
		{"2024-05-04T09:00:00Z", "2024-05-04T09:00:00Z", ""},
		{"Tue, 14 May 2024 10:00:00 +0200", "2024-05-14T10:00:00+02:00", ""},
		{"Tue, 4 May 2024 08:00:00 GMT", "2024-05-04T08:00:00Z", ""},
		{"Sat, 04 May 2024 08:00 +0000", "2024-05-04T08:00:00Z", ""},
		{"04 May 2024 08:00:00 -0500", "2024-05-04T08:00:00-05:00", ""},
		{"Tue, 14 May 2024 10:00:00 EST", "", "invalid_published"},
		{"4 mai 2024", "", "invalid_published"},
		{"2024-13-45", "", "invalid_published"},
	}
	for _, tt := range tests {
		d := pipeline.NewDoc(&pipeline.Raw{Text: "x", Published: tt.in}, "id", "v", nil)
		if err := New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		got := ""
		if d.Published != nil {
			got = *d.Published
			if d.PublishedSource != "input" {
				t.Errorf("%q: source %q", tt.in, d.PublishedSource)
			}
		}
		if got != tt.want || strings.Join(d.Flags, ",") != tt.flag {
			t.Errorf("published %q → %q flags %v, want %q %q", tt.in, got, d.Flags, tt.want, tt.flag)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"e\u0301te\u0301 \r\n a", "caf\xe9", "\u2028\u00a0\u200b", "<p>x</p>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if want := textRuneByRune(s); got != want {
			t.Fatalf("Text(%q) = %q, the rune-by-rune definition gives %q", s, got, want)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("valid input gave invalid UTF-8: %q", got)
		}
		if Text(got) != got {
			t.Fatalf("not idempotent: %q → %q → %q", s, got, Text(got))
		}
		if strings.ContainsAny(got, "\r\t\x00") {
			t.Fatalf("control characters left: %q", got)
		}
		_ = HTMLText(s)
	})
}

// textRuneByRune is Text as first written, one rune at a time, without the ASCII fast path: the
// definition FuzzText holds Text to.
func textRuneByRune(s string) string {
	var b strings.Builder
	space := false
	lineStart := true
	for i, c := range s {
		switch {
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				continue
			}
			c = '\n'
		case c == '\u2028' || c == '\u2029' || c == '\f' || c == '\v':
			c = '\n'
		}
		switch {
		case c == '\n':
			b.WriteByte('\n')
			space, lineStart = false, true
		case unicode.IsSpace(c) || c == '\u200b' || c == '\ufeff' || c == '\u00ad':
			if c == '\u200b' || c == '\ufeff' || c == '\u00ad' {
				continue
			}
			space = !lineStart
		case unicode.IsControl(c):
			continue
		default:
			if space {
				b.WriteByte(' ')
			}
			b.WriteRune(c)
			space, lineStart = false, false
		}
	}
	return norm.NFC.String(b.String())
}
