package boilerplate

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// extraction is what the HTML extractor gives the text classifier.
type extraction struct {
	text      string // main content, one block per line
	rail      []bool // per line of text: from a list of teasers (teaserList)
	title     string
	author    string
	published string // ISO date, "" when the page states none
}

// extractHTML runs go-trafilatura's main-content extraction on a raw page. Comments are left
// out (they are not the article); its date search runs in its fast mode, since the dates stage
// reads the page's own stamps too.
func (s *Stripper) extractHTML(ctx context.Context, page, uri string) (extraction, error) {
	if err := ctx.Err(); err != nil {
		return extraction{}, err
	}
	opts := trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  !s.opts.HTMLFast,
		HtmlDateMode:    trafilatura.Fast,
		Deduplicate:     false,
	}
	if strings.Contains(uri, "://") {
		if u, err := url.Parse(uri); err == nil {
			opts.OriginalURL = u
		}
	}
	res, err := trafilatura.Extract(strings.NewReader(page), opts)
	if err != nil {
		// The extractor refuses pages it finds no content in; that is a page without an
		// article, not a broken record: the naive text is classified instead.
		if res == nil {
			return extraction{}, nil
		}
		return extraction{}, fmt.Errorf("html extraction: %w", err)
	}
	text := ""
	var rail []bool
	if res.ContentNode != nil {
		text, rail = renderMarked(res.ContentNode)
	}
	if strings.TrimSpace(text) == "" {
		text, rail = res.ContentText, nil
	}
	ex := extraction{
		text:   text,
		rail:   rail,
		title:  headline(oneLine(res.Metadata.Title), res.Metadata.Sitename),
		author: oneLine(res.Metadata.Author),
	}
	if !res.Metadata.Date.IsZero() {
		ex.published = res.Metadata.Date.Format("2006-01-02")
		if onlyInComments(page, ex.published) {
			ex.published = ""
		}
	}
	return ex, nil
}

// onlyInComments reports whether every occurrence of the ISO date iso in the page's markup (in an
// attribute, such as <time datetime>, or in text) lies inside a reader comment: an element whose
// class or id says comment, forum, reply or respond, or inside one. The date search takes the
// first stamp it trusts, and on a page whose own date is missing or written otherwise, that can
// be a comment's (a 2019 article anchored on a 2018 comment, "le 31 août dernier" then read as
// 2018). A date written only in words, which this cannot see, is kept.
func onlyInComments(page, iso string) bool {
	if !strings.Contains(page, iso) {
		return false
	}
	z := html.NewTokenizer(strings.NewReader(page))
	date := []byte(iso)
	type open struct {
		tag     string
		comment bool
	}
	var stack []open
	inside := func() bool { return len(stack) > 0 && stack[len(stack)-1].comment }
	found := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return found
		case html.TextToken:
			if bytes.Contains(z.Text(), date) {
				if !inside() {
					return false
				}
				found = true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			tag := string(name)
			comment, hasDate := inside(), false
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if (string(k) == "class" || string(k) == "id") && commentish(v) {
					comment = true
				}
				hasDate = hasDate || bytes.Contains(v, date)
			}
			if hasDate {
				if !comment {
					return false
				}
				found = true
			}
			if voidTags[tag] || tt == html.SelfClosingTagToken {
				continue
			}
			stack = append(stack, open{tag, comment})
		case html.EndTagToken:
			name, _ := z.TagName()
			// Close up to the matching element; a stray end tag closes nothing.
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == string(name) {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

func commentish(v []byte) bool {
	v = bytes.ToLower(v)
	for _, w := range []string{"comment", "forum", "reply", "respond"} {
		if bytes.Contains(v, []byte(w)) {
			return true
		}
	}
	return false
}

// voidTags have no end tag.
var voidTags = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true,
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// blockTags end a line of text: the extractor's content is rendered one block per line, the
// shape the line classifier reads (go-trafilatura's ContentText runs some blocks together).
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "ul": true, "ol": true, "h1": true, "h2": true,
	"h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true, "tr": true,
	"table": true, "section": true, "article": true, "header": true, "footer": true, "figure": true,
	"figcaption": true, "dd": true, "dt": true, "dl": true, "hr": true, "aside": true, "main": true,
	"td": false, "th": false,
}

func renderBlocks(n *html.Node) string {
	text, _ := renderMarked(n)
	return text
}

// renderMarked is renderBlocks that also reports, per line of the text, whether it comes from a
// teaser list (teaserList).
func renderMarked(n *html.Node) (string, []bool) {
	var b, cur strings.Builder
	var rail []bool
	inRail := 0
	flush := func() {
		line := strings.Join(strings.Fields(cur.String()), " ")
		cur.Reset()
		if line == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
		rail = append(rail, inRail > 0)
	}
	// atEdge is set when an inline element opens or closes: the extractor drops some <br>s (in
	// table cells) and a list of links may have no separator in the markup, so "Elliot
	// Ackerman</strong><strong>Saladin Ambar" would read as "AckermanSaladin". A lower-case letter
	// then an upper-case one across an element's edge gets a space; inside a text node ("iPhone",
	// "MacBook") nothing changes, nor after a single lower-case letter ("i<b>Phone</b>").
	atEdge := false
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			if atEdge && cur.Len() > 0 && n.Data != "" {
				done := cur.String()
				prev, size := utf8.DecodeLastRuneInString(done)
				prev2, _ := utf8.DecodeLastRuneInString(done[:len(done)-size])
				next, _ := utf8.DecodeRuneInString(n.Data)
				if unicode.IsLower(prev) && unicode.IsLower(prev2) && unicode.IsUpper(next) {
					cur.WriteByte(' ')
				}
			}
			atEdge = false
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "td", "th":
				cur.WriteByte(' ')
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.Data]
		if block {
			flush()
		}
		teasers := n.Type == html.ElementNode && teaserList(n)
		if teasers {
			inRail++
		}
		if n.Type == html.ElementNode {
			atEdge = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			atEdge = true
		}
		if block {
			flush()
		}
		if teasers {
			inRail--
		}
	}
	walk(n)
	flush()
	return b.String(), rail
}

// teaserList reports a list of other articles that the extractor kept: a <ul> or <ol> of two items
// or more, each a headline (a heading element, at most 15 words) with at most a one-line summary
// ("Gronk, Serena perform with Laker Girls / Gronk may have found his true calling", a sports
// site's "Our Latest Stories"). An article's own lists have no headings in their items, and a
// listicle's items hold paragraphs.
func teaserList(n *html.Node) bool {
	if n.Data != "ul" && n.Data != "ol" {
		return false
	}
	items := 0
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode {
			continue
		}
		if li.Data != "li" {
			return false
		}
		h := firstHeading(li)
		if h == nil {
			return false
		}
		hw := wordCount(h)
		if hw > 15 || wordCount(li)-hw > 25 {
			return false
		}
		items++
	}
	return items >= 2
}

// firstHeading is the heading element n starts with (its first element child, or that child's
// first, and so on), or nil.
func firstHeading(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
			c = c.NextSibling
		case c.Type != html.ElementNode:
			return nil
		case len(c.Data) == 2 && c.Data[0] == 'h' && '1' <= c.Data[1] && c.Data[1] <= '6':
			return c
		default:
			c = c.FirstChild
		}
	}
	return nil
}

// wordCount counts the words of n's text.
func wordCount(n *html.Node) int {
	count := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			count += len(strings.Fields(n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return count
}

// headline removes the site's name that pages add to their <title> ("Mon article - Le Monde",
// "Le Monde | International | Mon article"): a part that is the site's name, or short parts at
// either end when at least four words of headline remain. A dash inside a headline stays
// ("Avant - après : le grand écart").
func headline(title, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · ", " » "} {
		if !strings.Contains(title, sep) {
			continue
		}
		parts := strings.Split(title, sep)
		words := func(ps []string) int { return len(strings.Fields(strings.Join(ps, " "))) }
		for len(parts) > 1 {
			first, last := parts[0], parts[len(parts)-1]
			switch {
			case site != "" && strings.EqualFold(strings.TrimSpace(last), site),
				len(strings.Fields(last)) <= 5 && words(parts[:len(parts)-1]) >= 4:
				parts = parts[:len(parts)-1]
			case site != "" && strings.EqualFold(strings.TrimSpace(first), site),
				sep != " - " && sep != " – " && sep != " — " && len(strings.Fields(first)) <= 3 && words(parts[1:]) >= 4:
				parts = parts[1:]
			default:
				return strings.TrimSpace(strings.Join(parts, sep))
			}
		}
		return strings.TrimSpace(parts[0])
	}
	return title
}
