// Package boilerplate is the stage that keeps exactly the article of a scraped news page, in French
// and English (and, on length and punctuation cues alone, other languages).
//
// Plain text (one block per line, site chrome included) is classified line by line: a lexicon of
// chrome headings and phrases kept as data (data/lexicon.txt), per-line features (length, density
// of French and English stop words, punctuation, capitals, links, date words) and context: a rail
// heading such as "Recent Posts" or "La rédaction vous conseille" turns the teasers under it into
// boilerplate, a comment heading after the article ends it, and the article itself is the stretch
// of lines with the most running text (short lines between two paragraphs stay: they are subheads).
// An HTML page first goes through main-content extraction (go-trafilatura, with its readability
// and dom-distiller fallbacks), rendered one block per line, then the same line cleaning without
// the region search (the extractor chose the region); its metadata gives Doc.Title (site name
// cut), Doc.Author and, when the record has none, Doc.Published. In HTML mode Doc.Text holds the
// extracted body: it starts with the headline only when the body shows it, or with
// Options.HTMLTitleInText.
//
// Learned site templates (Options.LearnTemplates) are off by default so that a batch replay is
// byte-identical whatever the runner's scheduling; see Options.
//
// Every removed line is kept in Doc.Boilerplate with its kind, in page order, so users can audit.
// The stage does not detect language, parse dates (a removed "Publié le …" stamp stays available to
// the dates stage as kind "dateline") or rewrite text: kept lines are the page's own.
package boilerplate

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/depeche-news/depeche/pipeline"
)

// MaxInputBytes bounds a page. Larger input is not an article; it is refused so the runner
// dead-letters it instead of the stage spending seconds on it.
const MaxInputBytes = 8 << 20

// Options configures the stage. The zero value is the batch default: deterministic output.
type Options struct {
	// TemplateMemory is the number of sources (hosts) whose recurring lines are remembered when
	// LearnTemplates is on; 0 means 256, negative turns learning off. Each source keeps at most
	// 2,048 line hashes, so the whole memory stays under about 20 MB.
	TemplateMemory int
	// LearnTemplates turns on learned site templates: a line seen in at least TemplateMinDocs
	// earlier documents of the same source is chrome. The answer for a document then depends on
	// which documents of its source came before it, so it is off by default (batch replay must be
	// byte-identical whatever the runner's scheduling); the stream worker turns it on.
	LearnTemplates bool
	// TemplateMinDocs is how many earlier documents of a source must show a line; 0 means 4.
	TemplateMinDocs int
	// HTMLFast skips go-trafilatura's comparison with readability's and dom-distiller's
	// extractions: about a third faster, but it loses paragraphs on odd layouts (trafilatura's
	// evaluation set, French and English pages: F1 0.927 instead of 0.936).
	HTMLFast bool
	// HTMLTitleInText puts the page's metadata headline at the head of Doc.Text in HTML mode, as
	// plain text has it. Off by default: the extractor's body does not carry the headline, and
	// benchmark golds (ScrapingHub's) count it as noise (bag-of-words F1 0.971 without, 0.962
	// with). Doc.Title has it either way.
	HTMLTitleInText bool
}

// Stripper is the boilerplate stage. It is safe for concurrent use.
type Stripper struct {
	opts      Options
	lex       *lexicon
	templates *templates
	bufs      sync.Pool
}

var (
	lexOnce sync.Once
	lexVal  *lexicon
	lexErr  error
)

// New builds the stage; the lexicon and stop lists are parsed once per process.
func New(opts Options) (*Stripper, error) {
	lexOnce.Do(func() { lexVal, lexErr = loadLexicon() })
	if lexErr != nil {
		return nil, fmt.Errorf("boilerplate: %w", lexErr)
	}
	if opts.TemplateMemory == 0 {
		opts.TemplateMemory = 256
	}
	if opts.TemplateMinDocs <= 0 {
		opts.TemplateMinDocs = 4
	}
	s := &Stripper{opts: opts, lex: lexVal}
	if opts.LearnTemplates && opts.TemplateMemory > 0 {
		s.templates = newTemplates(opts.TemplateMemory, opts.TemplateMinDocs)
	}
	s.bufs.New = func() any { b := make([]byte, 0, 256); return &b }
	return s, nil
}

// Name implements pipeline.Stage.
func (*Stripper) Name() string { return "boilerplate" }

// Process implements pipeline.Stage.
func (s *Stripper) Process(ctx context.Context, d *pipeline.Doc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d == nil {
		return fmt.Errorf("boilerplate: nil document")
	}
	givenTitle := strings.TrimSpace(d.Title)
	if givenTitle == "" && d.Raw != nil {
		givenTitle = strings.TrimSpace(d.Raw.Title)
	}
	text, m := d.Text, modeText
	var rail []bool
	if d.Raw != nil && strings.TrimSpace(d.Raw.HTML) != "" {
		if len(d.Raw.HTML) > MaxInputBytes {
			return fmt.Errorf("boilerplate: HTML page of %d bytes exceeds the %d-byte limit", len(d.Raw.HTML), MaxInputBytes)
		}
		ex, err := s.extractHTML(ctx, d.Raw.HTML, d.Source.URI)
		if err != nil {
			return fmt.Errorf("boilerplate: %w", err)
		}
		if ex.text != "" {
			text, m, rail = ex.text, modeExtracted, ex.rail
		}
		// Without an extraction (a page the extractor gives up on) the naive rendering the
		// normalize stage made is classified as plain text.
		if givenTitle == "" && ex.title != "" {
			givenTitle = ex.title
			d.Title = ex.title
		}
		if d.Author == "" && ex.author != "" {
			d.Author = ex.author
		}
		if d.Published == nil && ex.published != "" {
			p := ex.published
			d.Published, d.PublishedSource = &p, "html-meta"
		}
	} else if strings.TrimSpace(text) == "" && d.Raw != nil {
		text = d.Raw.Text
	}
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("boilerplate: empty document")
	}
	if len(text) > MaxInputBytes {
		return fmt.Errorf("boilerplate: text of %d bytes exceeds the %d-byte limit", len(text), MaxInputBytes)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		d.AddFlag("invalid_utf8")
	}

	p := s.parse(text)
	s.classify(p, m, givenTitle, hostOf(d.Source.URI))
	if m == modeExtracted && len(rail) == len(p.lines) {
		for i, r := range rail {
			if r && p.lines[i].kind == "" && i != p.title {
				p.lines[i].kind = kindRelated
			}
		}
	}
	s.emit(p, d, givenTitle, m == modeText || s.opts.HTMLTitleInText)
	return nil
}

// parse splits text into its non-empty lines and measures them.
func (s *Stripper) parse(text string) *page {
	n := strings.Count(text, "\n") + 1
	p := &page{lines: make([]line, 0, n/2+1)}
	bp := s.bufs.Get().(*[]byte)
	buf := (*bp)[:0]
	for len(text) > 0 {
		var ln string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			ln, text = text[:i], text[i+1:]
		} else {
			ln, text = text, ""
		}
		ln = strings.TrimSpace(ln)
		if ln == "" {
			continue
		}
		p.lines = append(p.lines, line{text: ln})
		buf = s.lex.measure(&p.lines[len(p.lines)-1], buf)
	}
	all := string(buf)
	for i := range p.lines {
		p.lines[i].folded = all[p.lines[i].foldOff:p.lines[i].foldEnd]
	}
	*bp = buf
	s.bufs.Put(bp)
	return p
}

// emit writes the decisions into the record.
func (s *Stripper) emit(p *page, d *pipeline.Doc, givenTitle string, titleInText bool) {
	var b strings.Builder
	size := 0
	for i := range p.lines {
		if p.lines[i].kind == "" {
			size += len(p.lines[i].text) + 1
		}
	}
	title := givenTitle
	if p.title >= 0 && title == "" {
		title = p.lines[p.title].text
	}
	if title == "" && titleInText {
		// No headline-shaped line before the article: its first line stands for one, unless
		// it is a whole paragraph.
		for i := range p.lines {
			if l := &p.lines[i]; l.kind == "" {
				if l.words <= 30 {
					title = l.text
					p.title = i
				}
				break
			}
		}
	}
	// A title the page does not carry (given by the record or the HTML metadata) still heads
	// the text, as the contract asks, when there is an article under it.
	prepend := titleInText && title != "" && p.title < 0 && size > 0
	if prepend {
		size += len(title) + 1
	}
	b.Grow(size)
	if prepend {
		b.WriteString(title)
	}
	blocks := make([]pipeline.Block, 0, len(p.lines)/2)
	for i := range p.lines {
		l := &p.lines[i]
		if l.kind != "" {
			blocks = append(blocks, pipeline.Block{Text: l.text, Kind: l.kind})
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	d.Text = b.String()
	d.Title = title
	d.Boilerplate = blocks // never nil: the record schema wants an array
	if d.Text == "" {
		d.AddFlag("all_boilerplate")
	}
}
