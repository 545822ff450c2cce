// Command lexgen builds the langid stage's word lexicon: which of the seven languages spell each
// word, from word lists given as "LANG=FILE" arguments (one word per line; several files per
// language are merged). The lists used are Tesseract's tessdata word lists (Apache-2.0) for all
// seven languages and the French Hunspell dictionary (Dicollecte, MPL-2.0) expanded with unmunch;
// see model/NOTICE for the commands. Words are lower-cased and kept only when made of letters alone,
// since the stage looks words up as letter runs.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"unicode"

	"github.com/depeche-news/depeche/stages/langid/internal/hashtab"
)

var langs = []string{"fr", "en", "de", "es", "it", "nl", "pt"}

func main() {
	out := flag.String("out", "model/lexicon.tab", "output file")
	flag.Parse()
	masks := map[string]uint8{}
	for _, arg := range flag.Args() {
		lang, path, ok := strings.Cut(arg, "=")
		li := -1
		for i, l := range langs {
			if l == lang {
				li = i
			}
		}
		if !ok || li < 0 {
			log.Fatalf("argument %q: want LANG=FILE with LANG one of %v", arg, langs)
		}
		f, err := os.Open(path)
		if err != nil {
			log.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		n := 0
	lines:
		for sc.Scan() {
			// unmunch output may carry flags after a slash or a space.
			w, _, _ := strings.Cut(sc.Text(), "/")
			w, _, _ = strings.Cut(w, " ")
			w = strings.ToLower(strings.TrimSpace(w))
			if w == "" {
				continue
			}
			for _, r := range w {
				if !unicode.IsLetter(r) {
					continue lines
				}
			}
			masks[w] |= 1 << li
			n++
		}
		f.Close()
		fmt.Fprintf(os.Stderr, "%s: %d words\n", arg, n)
	}
	t := hashtab.New(len(masks), 1)
	for w, m := range masks {
		t.Put(hashtab.String(w), []byte{m})
	}
	if t.Len() != len(masks) {
		log.Fatalf("%d words but %d keys: two words share a fingerprint", len(masks), t.Len())
	}
	var buf bytes.Buffer
	if _, err := t.WriteTo(&buf); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d words, %d bytes\n", len(masks), buf.Len())
}
