// Package truecase finds the English lines written in title case ("MacBook Pro With Scissor
// Keyboard Expected in First Half", "How Do Coinbase and Coinbase Pro Work?") and tells which of
// their words running text would write in lower case, so that the entity model reads a headline as
// it reads a sentence. The model learnt from Wikipedia sentences, where a capital in mid-sentence
// marks a name; in a headline or a heading every word has one, and the model took whole headlines
// for names. French headlines are written in sentence case, so only English is handled.
//
// The common words come from en.txt: the entries of SCOWL (Kevin Atkinson's spell-checker word
// lists, as Debian's wamerican ships them; LICENSE-SCOWL) that it writes in lower case, less the
// words that WikiNEuRal EN's training sentences capitalise in mid-sentence at least one time in
// five ("world", "league", "house": the words names are made of), and less the words SCOWL also
// lists capitalised ("Price", "Smart") that those sentences have too few of to tell which is usual.
// internal/cmd/casewords makes it (`make casewords`).
package truecase

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed en.txt
var enText string

// enWords is en.txt's lines, sorted; the strings point into the binary's read-only data.
var enWords = sync.OnceValue(func() []string {
	return strings.Split(strings.TrimSuffix(enText, "\n"), "\n")
})

// Common reports whether English running text writes w (in any case) in lower case.
func Common(w string) bool {
	_, ok := slices.BinarySearch(enWords(), strings.ToLower(w))
	return ok
}

// minor are the words title case leaves in lower case (or capitalises, by another style guide):
// they tell nothing about a line's case. closed are the pronouns, determiners and auxiliaries that
// title case capitalises and no name begins with; WikiNEuRal capitalises some of them too often
// ("Your" and "My" of song and film titles) for en.txt to keep them.
var minor, closed = set("a an the and but or nor for so yet as at by in of off on per to up via vs from into onto with over than out if"),
	set("i me my mine you your yours he him his she her hers it its we us our ours they them their theirs this that these those is are was were be been being am do does did done has have had will would shall should can could may might must not no all any some each every here there who whom whose what which when where why how")

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// separators mark a list ("June 24 – Bristow, VA @ Jiffy Lube Live", "Grandpa • Henchman •
// Krobus") or a reference: a line with two of them is names in a row, not a headline.
var separators = set(", ; @ • · |")

// Title reports whether line, the words of one line of English text, is in title case: after the
// first word, every word that has a lower-case letter and is no minor word starts with a capital;
// there are at least three; at least two of them, and at least half, are words running text writes
// in lower case (so "Pepsi Center, Denver" and "the Supreme Court" in a sentence are not title
// case); and the line is no list.
func Title(line []string) bool {
	if len(line) < 4 {
		return false
	}
	// The cheap test first: most lines of running text fail at their second or third word.
	capitals, seps := 0, 0
	for _, w := range line[1:] {
		if separators[w] {
			if seps++; seps == 2 {
				return false
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) || !hasLower(w) || isMinor(w) {
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
		capitals++
	}
	if capitals < 3 {
		return false
	}
	common := 0
	for _, w := range line[1:] {
		if !isMinor(w) && Lowered(w) {
			common++
		}
	}
	return common >= 2 && 2*common >= capitals
}

// Lowered reports whether w, capitalised in a title-cased line, is written in lower case in
// running text: a minor or closed-class word, or a common word (each part of a hyphenated one).
func Lowered(w string) bool {
	if !initialCap(w) {
		return false
	}
	if l := strings.ToLower(w); minor[l] || closed[l] {
		return true
	}
	for part := range strings.SplitSeq(w, "-") {
		if !Common(part) {
			return false
		}
	}
	return true
}

// isMinor reports whether w is a minor word, in any case, without allocating.
func isMinor(w string) bool {
	var buf [4]byte
	if len(w) > len(buf) {
		return false
	}
	for i := range len(w) {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return minor[string(buf[:len(w)])]
}

// initialCap reports whether w is a capital followed by lower-case letters, a hyphen starting a
// part again ("Keyboard", "Third-Party"; not "MacBook", "NFL" or "iPhone", written so on purpose).
func initialCap(w string) bool {
	prev := '-'
	for _, r := range w {
		switch {
		case prev == '-':
			if !unicode.IsUpper(r) {
				return false
			}
		case r == '-':
		case !unicode.IsLower(r):
			return false
		}
		prev = r
	}
	return len(w) > 1 && prev != '-'
}

func hasLower(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}
