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
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"unicode"
)

var langs = []string{"fr", "en", "de", "es", "it", "nl", "pt"}

func main() {
	out := flag.String("out", "model/lexicon.bin.gz", "output file")
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
	words := make([]string, 0, len(masks))
	for w := range masks {
		words = append(words, w)
	}
	sort.Strings(words)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	w.WriteString("DPLEXICON1")
	var tmp [binary.MaxVarintLen64]byte
	w.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(words)))])
	prev := ""
	for _, k := range words {
		p := 0
		for p < len(prev) && p < len(k) && prev[p] == k[p] && p < 255 {
			p++
		}
		if len(k)-p > 255 {
			log.Fatalf("word too long: %q", k)
		}
		w.WriteByte(byte(p))
		w.WriteByte(byte(len(k) - p))
		w.WriteString(k[p:])
		w.WriteByte(masks[k])
		prev = k
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d words, %d bytes\n", len(words), buf.Len())
}
