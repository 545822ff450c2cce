package normalize

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText renders the visible text of an HTML page, one block element per line: what a naive
// scraper gives. The boilerplate stage does real main-content extraction; this is the fallback when
// it does not run (e.g. `--stages langid` on an HTML page).
func HTMLText(src string) string {
	z := html.NewTokenizer(strings.NewReader(src))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template || a == atom.Svg {
				if z.Token().Type == html.StartTagToken {
					skip++
				}
				continue
			}
			if blockTags[a] {
				b.WriteByte('\n')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style || a == atom.Noscript || a == atom.Template || a == atom.Svg {
				if skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[a] {
				b.WriteByte('\n')
			}
		}
	}
}

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Article: true, atom.Section: true, atom.Header: true, atom.Footer: true,
	atom.Nav: true, atom.Aside: true, atom.Blockquote: true, atom.Figcaption: true, atom.Pre: true,
	atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Title: true, atom.Main: true, atom.Figure: true,
	atom.Dd: true, atom.Dt: true, atom.Form: true, atom.Hr: true,
}
