// Package normalize is the first stage: it turns the raw input into the text every later stage
// reads. It applies Unicode NFC (so "é" is one code point and offsets agree across inputs),
// unifies line breaks and spaces, drops control characters, and renders HTML to plain lines when no
// boilerplate stage will. It does not change quotes, case or words: the text stays the page's own.
package normalize

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/depeche-news/depeche/pipeline"
)

// Normalizer is the normalisation stage.
type Normalizer struct{}

// New returns the stage.
func New() *Normalizer { return &Normalizer{} }

// Name implements pipeline.Stage.
func (*Normalizer) Name() string { return "normalize" }

// Process implements pipeline.Stage.
func (*Normalizer) Process(_ context.Context, d *pipeline.Doc) error {
	raw := d.Raw
	switch {
	case raw.Text != "":
		d.Text = Text(raw.Text)
	case raw.HTML != "":
		d.Text = Text(HTMLText(raw.HTML))
	}
	d.Title = Text(strings.ReplaceAll(d.Title, "\n", " "))
	if raw.Published != "" && d.Published == nil {
		if p, ok := Published(raw.Published); ok {
			d.Published, d.PublishedSource = &p, "input"
		} else {
			d.AddFlag("invalid_published")
		}
	}
	return nil
}

// Text normalises a page's text: NFC, "\n" line breaks, one space between words, no control
// characters, lines trimmed. Empty lines are kept: they separate blocks.
func Text(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	lineStart := true
	for i := 0; i < len(s); {
		// Runs of printable ASCII are most of a page: copied whole, not rune by rune.
		if j := plainRun(s, i); j > i {
			if space {
				b.WriteByte(' ')
			}
			b.WriteString(s[i:j])
			space, lineStart = false, false
			i = j
			continue
		}
		c, size := rune(s[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		switch {
		case c == '\r':
			if i < len(s) && s[i] == '\n' {
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
			// Zero-width and soft-hyphen characters are invisible on the page and would split
			// words for every later stage.
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
	// NFC last: dropping a control character can bring a base letter and a combining mark together.
	return norm.NFC.String(b.String())
}

// plainRun returns the end of the run of printable ASCII (no space, no control) starting at i.
func plainRun(s string, i int) int {
	for i < len(s) && s[i] > ' ' && s[i] < 0x7f {
		i++
	}
	return i
}

// Published checks an input publication date and returns it in ISO form: a date ("2024-05-04") or
// a date-time with or without offset, as given. It accepts the common RFC 3339 variants and the
// RFC 1123 / RFC 2822 dates of RSS feeds and HTTP headers ("Tue, 14 May 2024 10:00:00 +0200",
// "Tue, 14 May 2024 08:00:00 GMT"), which it writes in RFC 3339 with their offset. A zone given
// by name is accepted only for GMT and UTC: "EST" or "CET" would be read as UTC, hours off.
func Published(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04 -0700", "2 Jan 2006 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 MST", "2 Jan 2006 15:04:05 MST",
	} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if strings.HasSuffix(layout, "MST") {
			if zone, _ := t.Zone(); zone != "GMT" && zone != "UTC" && zone != "UT" {
				return "", false
			}
			t = t.UTC()
		}
		return t.Format(time.RFC3339), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02 15:04:05Z07:00" {
				return t.Format(time.RFC3339), true
			}
			if layout == "2006-01-02 15:04:05" {
				return t.Format("2006-01-02T15:04:05"), true
			}
			return s, true
		}
	}
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return s, true
	}
	return "", false
}
