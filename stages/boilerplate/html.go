package boilerplate

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/markusmobius/go-trafilatura"
)

// extraction is what the HTML extractor gives the text classifier.
type extraction struct {
	text      string // main content, one block per line
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
		EnableFallback:  s.opts.HTMLFallback,
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
	ex := extraction{
		text:   res.ContentText,
		title:  oneLine(res.Metadata.Title),
		author: oneLine(res.Metadata.Author),
	}
	if !res.Metadata.Date.IsZero() {
		ex.published = res.Metadata.Date.Format("2006-01-02")
	}
	return ex, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
