package dates

import (
	"strings"

	"github.com/depeche-news/depeche/pipeline"
)

// anchorInfo is the reference date of a document and where it came from.
type anchorInfo struct {
	ref          day
	ok           bool
	date         string
	source       string
	setPublished bool
	hasOffset    bool
	offset       string // "+02:00", for values with a clock time
	offsetMin    int
}

// findAnchor chooses the anchor: the input's publication date, else a stamp in the page (text
// first, then the removed boilerplate), else the latest full date of the article.
func (n *Normalizer) findAnchor(sc *scratch, d *pipeline.Doc, text string, exprs []expr, lang string) anchorInfo {
	if d.Published != nil {
		if a, ok := parsePublished(*d.Published); ok {
			a.source = d.PublishedSource
			switch a.source {
			case "input", "html-meta", "page":
			default:
				a.source = "input"
			}
			return a
		}
	}
	// a stamp in the text
	if z, kind, ok := stamp(&sc.p, exprs); ok && kind == stampPublished {
		return pageAnchor(z)
	}
	var updated day
	hasUpdated := false
	if z, kind, ok := stamp(&sc.p, exprs); ok && kind == stampUpdated {
		updated, hasUpdated = z, true
	}
	// a stamp in the boilerplate
	if len(d.Boilerplate) > 0 {
		bs := n.pool.Get().(*scratch)
		for _, b := range d.Boilerplate {
			t := strings.TrimSpace(b.Text)
			if t == "" || len(t) > 2000 || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...") {
				continue // a teaser of another article, cut with an ellipsis, is not this page's stamp
			}
			bx := n.parse(bs, t, lang)
			if z, kind, ok := stamp(&bs.p, bx); ok {
				if kind == stampPublished {
					n.pool.Put(bs)
					return pageAnchor(z)
				}
				if !hasUpdated {
					updated, hasUpdated = z, true
				}
			}
		}
		n.pool.Put(bs)
	}
	if hasUpdated {
		return pageAnchor(updated)
	}
	if z, ok := latestFullDate(exprs); ok {
		return anchorInfo{ref: z, ok: true, date: format(z, gDay), source: "latest-date"}
	}
	// Last, the day the page was taken in: a live feed ingests today's news, and a record that
	// names no date of its own would otherwise lose "mardi", "hier" and "le 14 mars". The record
	// carries the stamp, so a replay resolves the same way; the source says how weak it is.
	if d.Raw != nil && d.Raw.IngestedAt != "" {
		if a, ok := parsePublished(d.Raw.IngestedAt); ok {
			return anchorInfo{ref: a.ref, ok: true, date: format(a.ref, gDay), source: "ingested"}
		}
	}
	return anchorInfo{source: "none"}
}

func pageAnchor(z day) anchorInfo {
	return anchorInfo{ref: z, ok: true, date: format(z, gDay), source: "page", setPublished: true}
}

// parsePublished reads "2024-05-04", "2024-05-04T09:00:00+02:00", "2024-05-04T09:00:00Z".
func parsePublished(s string) (anchorInfo, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return anchorInfo{}, false
	}
	y, e1 := atoi(s[0:4])
	m, e2 := atoi(s[5:7])
	dd, e3 := atoi(s[8:10])
	if !e1 || !e2 || !e3 || !validDate(y, m, dd) {
		return anchorInfo{}, false
	}
	a := anchorInfo{ref: mkday(y, m, dd), ok: true, date: s}
	rest := s[10:]
	if len(rest) > 0 && (rest[0] == 'T' || rest[0] == ' ') {
		switch {
		case strings.HasSuffix(rest, "Z"):
			a.hasOffset, a.offset, a.offsetMin = true, "Z", 0
		case len(rest) >= 6 && (rest[len(rest)-6] == '+' || rest[len(rest)-6] == '-') && rest[len(rest)-3] == ':':
			off := rest[len(rest)-6:]
			hh, ok1 := atoi(off[1:3])
			mm, ok2 := atoi(off[4:6])
			if ok1 && ok2 {
				a.hasOffset, a.offset, a.offsetMin = true, off, hh*60+mm
				if off[0] == '-' {
					a.offsetMin = -a.offsetMin
				}
			}
		}
		if a.offset == "Z" {
			a.offset = "+00:00"
		}
	}
	return a, true
}

func atoi(s string) (int, bool) {
	n := 0
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

type stampKind int8

const (
	stampNone stampKind = iota
	stampPublished
	stampUpdated
)

var stampWords = map[string]stampKind{
	"publie": stampPublished, "publiee": stampPublished, "published": stampPublished, "posted": stampPublished,
	"paru": stampPublished, "parue": stampPublished, "mis": stampUpdated, "mise": stampUpdated,
	"updated": stampUpdated, "modifie": stampUpdated, "actualise": stampUpdated, "maj": stampUpdated,
}

// stamp finds a publication stamp among the parsed expressions: a full date right after "Publié
// (le)", "Published (on)", "Mis à jour (le)", "Updated", or a dateline ("PARIS, 3 mai 2024 (AFP)").
func stamp(p *parser, exprs []expr) (day, stampKind, bool) {
	var upd day
	hasUpd := false
	for _, e := range exprs {
		if e.kind != kCal || !e.hasY || e.m == 0 || e.d == 0 {
			continue
		}
		z := mkday(e.y, e.m, e.d)
		// a stamp word shortly before the date on the same line: "Publié le", "Mis à jour le",
		// "Updated 10:15 AM EDT, Fri"
		kind := stampNone
		for k := e.ts - 1; k >= 0 && k >= e.ts-8; k-- {
			t := &p.toks[k]
			if sk, ok := stampWords[t.low]; ok && t.kind == tWord {
				kind = sk
				break
			}
			if t.nl {
				break
			}
		}
		switch {
		case kind == stampPublished:
			return z, kind, true
		case kind == stampUpdated:
			if !hasUpd {
				upd, hasUpd = z, true
			}
			continue
		}
		if dateline(p, e) || aloneOnLine(p, e) {
			return z, stampPublished, true
		}
	}
	if hasUpd {
		return upd, stampUpdated, true
	}
	return 0, stampNone, false
}

// aloneOnLine reports a full date that is a line of its own ("3 mai 2024 à 10h15", "May 3, 2024"):
// pages print their date that way under the headline.
func aloneOnLine(p *parser, e expr) bool {
	if e.ts > 0 && !p.toks[e.ts].nl {
		return false
	}
	for k := e.te; k < len(p.toks) && k < e.te+4; k++ {
		t := &p.toks[k]
		if t.nl {
			return true
		}
		if t.kind != tPunct {
			return false
		}
	}
	return e.te+4 > len(p.toks)
}

// dateline reports whether e opens its line after a place name in capitals and a comma
// ("PARIS, 3 mai 2024", "WASHINGTON, May 3, 2024 -").
func dateline(p *parser, e expr) bool {
	k := e.ts - 1
	if k < 1 || !p.isP(k, ",") {
		return false
	}
	words := 0
	for k--; k >= 0; k-- {
		t := &p.toks[k]
		if t.kind != tWord {
			if t.kind == tPunct && (t.low == "-" || t.low == "'") {
				continue
			}
			return false
		}
		raw := p.text[t.bs:t.be]
		if raw != strings.ToUpper(raw) {
			return false
		}
		words++
		if words > 4 {
			return false
		}
		if k == 0 || t.nl {
			return true
		}
	}
	return false
}

// latestFullDate is the latest day-month-year date of the text. A year-less date with a weekday
// ("samedi 16 mars") counts when one year near the text's latest explicit year makes the weekday
// agree: a weekday pins the year as surely as writing it.
func latestFullDate(exprs []expr) (day, bool) {
	var best day
	found := false
	maxY := 0
	for _, e := range exprs {
		if e.kind == kCal && e.hasY && e.y > maxY {
			maxY = e.y
		}
	}
	for _, e := range exprs {
		if e.kind != kCal || e.m == 0 || e.d == 0 {
			continue
		}
		var z day
		switch {
		case e.hasY:
			if !validDate(e.y, e.m, e.d) {
				continue
			}
			z = mkday(e.y, e.m, e.d)
		case e.wd != 0 && maxY > 0:
			hits := 0
			for y := maxY - 1; y <= maxY+2; y++ {
				if validDate(y, e.m, e.d) && mkday(y, e.m, e.d).weekday() == e.wd {
					z = mkday(y, e.m, e.d)
					hits++
				}
			}
			if hits != 1 {
				continue
			}
		default:
			continue
		}
		if !found || z > best {
			best, found = z, true
		}
	}
	return best, found
}
