package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/depeche-news/depeche/stages/entities"
	"github.com/depeche-news/depeche/stages/entities/ner"
)

// evalStage scores the whole entities stage (tokenizer, model, demonyms and linking) on a CoNLL
// file the way the record contract sees it: each sentence becomes a text of its tokens joined by
// single spaces, and the stage's entity offsets are mapped back onto the gold tokens (a token
// overlapping an entity takes its label), as shared/tools/records_to_conll.py does. When predOut is
// set, the predictions are also written there in CoNLL form for the official scorer.
func evalStage(r *entities.Recognizer, lang, path, predOut string, ignore []string) (ner.Result, error) {
	data, err := ner.ReadCoNLLFile(path)
	if err != nil {
		return ner.Result{}, err
	}
	var w *bufio.Writer
	if predOut != "" {
		f, err := os.Create(predOut)
		if err != nil {
			return ner.Result{}, err
		}
		defer f.Close()
		w = bufio.NewWriter(f)
		defer w.Flush()
	}
	gold := make([][]int, len(data))
	pred := make([][]int, len(data))
	ctx := context.Background()
	for i, s := range data {
		text := strings.Join(s.Words, " ")
		ents, err := r.Recognize(ctx, lang, text)
		if err != nil {
			return ner.Result{}, fmt.Errorf("%s sentence %d: %w", path, i, err)
		}
		starts := make([]int, len(s.Words))
		pos := 0
		for k, t := range s.Words {
			starts[k] = pos
			pos += len([]rune(t)) + 1
		}
		tags := make([]int, len(s.Words))
		for _, e := range ents {
			var idx []int
			for k, t := range s.Words {
				if starts[k] < e.End && starts[k]+len([]rune(t)) > e.Start {
					idx = append(idx, k)
				}
			}
			taken := len(idx) == 0
			for _, k := range idx {
				taken = taken || tags[k] != 0
			}
			if taken {
				continue
			}
			b := ner.LabelIndex("B-" + e.Type)
			tags[idx[0]] = b
			for _, k := range idx[1:] {
				tags[k] = b + 1
			}
		}
		gold[i], pred[i] = s.Labels, tags
		if w != nil {
			for k, t := range s.Words {
				fmt.Fprintf(w, "%s\t%s\n", t, ner.Labels[tags[k]])
			}
			fmt.Fprintln(w)
		}
	}
	return ner.Score(gold, pred, ignore...), nil
}
