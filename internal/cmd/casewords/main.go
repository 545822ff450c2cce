// Command casewords writes the English words that running text writes in lower case, for package
// truecase: the entries of a SCOWL word list (Debian's wamerican) that it gives in lower case,
// less the words that a CoNLL corpus capitalises in mid-sentence at least one time in five (the
// words names are made of: "world", "league", "center", "court") and the words the list also gives
// capitalised ("price" and "Price") that the corpus has too few of to tell which is usual.
//
//	apt-get download wamerican && dpkg-deb -x wamerican_*.deb wamerican
//	go run ./internal/cmd/casewords -dict wamerican/usr/share/dict/american-english \
//	    -conll ../shared/data/ner/en/train.conll.gz -out stages/entities/truecase/en.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/depeche-news/depeche/stages/entities/ner"
)

func main() {
	dict := flag.String("dict", "", "word list, one word per line, names capitalised (SCOWL)")
	conll := flag.String("conll", "", "comma-separated CoNLL files (gzip allowed) whose case counts veto words")
	share := flag.Float64("share", 0.2, "drop a word capitalised in mid-sentence this share of the time or more")
	minCount := flag.Int("min", 3, "… when seen at least this often in mid-sentence")
	out := flag.String("out", "", "output file (default stdout)")
	flag.Parse()
	if *dict == "" {
		log.Fatal("casewords: -dict is required")
	}
	lower, capital, err := readDict(*dict)
	if err != nil {
		log.Fatal(err)
	}
	lc, uc := map[string]int{}, map[string]int{}
	if *conll != "" {
		for _, f := range strings.Split(*conll, ",") {
			if err := countCase(f, lc, uc); err != nil {
				log.Fatal(err)
			}
		}
	}
	var words []string
	for w := range lower {
		n := lc[w] + uc[w]
		switch {
		case n >= *minCount && float64(uc[w]) >= *share*float64(n):
			continue // a word names are made of
		case capital[w] && n < *minCount:
			continue // a name too ("Price", "Stadia"), and the corpus cannot tell which is usual
		}
		words = append(words, w)
	}
	slices.Sort(words)
	var dst io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		dst = f
	}
	bw := bufio.NewWriter(dst)
	for _, w := range words {
		fmt.Fprintln(bw, w)
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	log.Printf("casewords: %d words written (%d in lower case in the list)", len(words), len(lower))
}

// readDict returns the words path lists in lower case, and the lower-cased words it lists
// capitalised (possessives left out).
func readDict(path string) (lower, capital map[string]bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	lower, capital = map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.ContainsRune(w, '\'') || !utf8.ValidString(w) {
			continue
		}
		if l := strings.ToLower(w); l == w {
			lower[w] = true
		} else {
			capital[l] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return lower, capital, nil
}

// countCase counts, per lower-cased word, its lower-case and capitalised occurrences after a
// sentence's first token in the CoNLL file path.
func countCase(path string, lc, uc map[string]int) error {
	sents, err := ner.ReadCoNLLFile(path)
	if err != nil {
		return err
	}
	for _, s := range sents {
		for _, w := range s.Words[min(1, len(s.Words)):] {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsUpper(r):
				uc[strings.ToLower(w)]++
			case unicode.IsLower(r) && strings.ToLower(w) == w:
				lc[w]++
			}
		}
	}
	return nil
}
