// Command modelgen derives the langid stage's compact n-gram table from lingua-go's language models
// (Apache-2.0, © Peter M. Stahl): for each of the seven languages the stage knows, every 1- to
// 5-gram lingua keeps, with its conditional probability quantised to one byte. The result is the
// file the stage embeds (a hashtab table, written in slot order); run it through `go generate ./stages/langid`. It reads lingua's zipped
// protobuf files from the module cache and never touches the network.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/depeche-news/depeche/stages/langid/internal/hashtab"
	"github.com/pemistahl/lingua-go/serialization"
	"google.golang.org/protobuf/proto"
)

// langs must match the order in stages/langid/model.go.
var langs = []string{"fr", "en", "de", "es", "it", "nl", "pt"}

var orders = []string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

// scale is the number of quantisation steps per nat of -ln p; must match model.go.
const scale = 12

func main() {
	dir := flag.String("lingua", "", "lingua-go module directory (default: from go list)")
	out := flag.String("out", "model/ngrams.tab", "output file")
	flag.Parse()
	if *dir == "" {
		b, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pemistahl/lingua-go").Output()
		if err != nil {
			log.Fatalf("locating lingua-go: %v", err)
		}
		*dir = strings.TrimSpace(string(b))
	}
	tables := make([]map[string][]byte, len(orders))
	total := 0
	for n, name := range orders {
		table := map[string][]byte{}
		tables[n] = table
		for li, l := range langs {
			m, err := load(filepath.Join(*dir, "language-models", l, name+".pb.bin.zip"))
			if err != nil {
				log.Fatalf("%s %s: %v", l, name, err)
			}
			for g, p := range m {
				v := table[g]
				if v == nil {
					v = make([]byte, len(langs))
					table[g] = v
				}
				v[li] = quantise(p)
			}
		}
		fmt.Fprintf(os.Stderr, "order %d: %d n-grams\n", n+1, len(table))
		total += len(table)
	}
	t := hashtab.New(total, len(langs))
	for _, table := range tables {
		for g, v := range table {
			t.Put(hashtab.String(g), v)
		}
	}
	if t.Len() != total {
		log.Fatalf("%d n-grams but %d keys: two n-grams share a fingerprint", total, t.Len())
	}
	if err := writeGzip(*out, t); err != nil {
		log.Fatal(err)
	}
}

func writeGzip(path string, t *hashtab.Table) error {
	var buf bytes.Buffer
	if _, err := t.WriteTo(&buf); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: %d keys, %d bytes\n", path, t.Len(), buf.Len())
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// quantise maps p in (0,1] to 1..255; 0 is kept for "absent".
func quantise(p float64) byte {
	q := math.Round(-math.Log(p)*scale) + 1
	if q > 255 {
		q = 255
	}
	if q < 1 {
		q = 1
	}
	return byte(q)
}

func load(path string) (map[string]float64, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	var m serialization.SerializableLanguageModel
	if err := proto.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	out := make(map[string]float64, m.TotalNgrams)
	for _, s := range m.NgramSets {
		for _, g := range s.Ngrams {
			out[g] = s.Probability
		}
	}
	return out, nil
}
