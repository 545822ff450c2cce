package boilerplate

import (
	"container/list"
	"hash/fnv"
	"net/url"
	"strings"
	"sync"
)

// templateLinesPerSource bounds one source's memory: past it, lines seen once are forgotten.
const templateLinesPerSource = 2048

// templates remembers, per source, how many documents showed each line, so that a site's own
// chrome (its menu, its newsletter box, its footer) is recognised once it has recurred, even when
// no lexicon entry describes it. Sources are kept in least-recently-used order, at most max.
type templates struct {
	mu      sync.Mutex
	max     int
	minDocs int
	order   *list.List // of *sourceLines, front = most recent
	byHost  map[string]*list.Element
}

type sourceLines struct {
	host   string
	counts map[uint64]uint32
}

func newTemplates(max, minDocs int) *templates {
	return &templates{max: max, minDocs: minDocs, order: list.New(), byHost: map[string]*list.Element{}}
}

// apply marks as template the lines of p that at least minDocs earlier documents of host carried,
// then records p's lines. Long running-text paragraphs are never taken for a template: a site
// republishing an article must not lose it.
func (t *templates) apply(host string, p *page) {
	if host == "" || len(p.lines) == 0 {
		return
	}
	hashes := make([]uint64, len(p.lines))
	seen := make(map[uint64]struct{}, len(p.lines))
	for i := range p.lines {
		h := fnv.New64a()
		h.Write([]byte(p.lines[i].folded))
		hashes[i] = h.Sum64()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	src := t.source(host)
	for i := range p.lines {
		l := &p.lines[i]
		if l.kind == "" && !(l.strong && l.words > 25) && int(src.counts[hashes[i]]) >= t.minDocs {
			l.kind = kindTemplate
		}
	}
	for _, h := range hashes {
		if _, dup := seen[h]; dup {
			continue
		}
		seen[h] = struct{}{}
		if _, known := src.counts[h]; !known && len(src.counts) >= templateLinesPerSource {
			for k, c := range src.counts {
				if c <= 1 {
					delete(src.counts, k)
				}
			}
			if len(src.counts) >= templateLinesPerSource {
				continue
			}
		}
		src.counts[h]++
	}
}

func (t *templates) source(host string) *sourceLines {
	if e, ok := t.byHost[host]; ok {
		t.order.MoveToFront(e)
		return e.Value.(*sourceLines)
	}
	if t.order.Len() >= t.max {
		old := t.order.Back()
		t.order.Remove(old)
		delete(t.byHost, old.Value.(*sourceLines).host)
	}
	src := &sourceLines{host: host, counts: map[uint64]uint32{}}
	t.byHost[host] = t.order.PushFront(src)
	return src
}

// hostOf names a document's source: the host of its URI without "www.", "" when the URI has none.
func hostOf(uri string) string {
	if !strings.Contains(uri, "://") {
		return ""
	}
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	return strings.TrimPrefix(h, "www.")
}
