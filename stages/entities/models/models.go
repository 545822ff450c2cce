// Package models holds the entity recogniser's trained models, one per language, embedded in the
// binary. README.md says how they are trained and under which licence they ship.
package models

import (
	"bytes"
	"embed"
	"fmt"
	"sync"

	"github.com/depeche-news/depeche/stages/entities/ner"
)

//go:embed *.model
var files embed.FS

// Languages are the languages with an embedded model.
var Languages = []string{"fr", "en"}

// Load decodes the embedded model for lang.
func Load(lang string) (*ner.Model, error) {
	b, err := files.ReadFile(lang + ".model")
	if err != nil {
		return nil, fmt.Errorf("no embedded model for %q: %w", lang, err)
	}
	m, err := ner.Load(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("embedded model %s: %w", lang, err)
	}
	return m, nil
}

// LoadAll decodes every embedded model. The languages decode in parallel: decompression dominates
// and they are independent.
func LoadAll() (map[string]*ner.Model, error) {
	ms := make([]*ner.Model, len(Languages))
	errs := make([]error, len(Languages))
	var wg sync.WaitGroup
	for i, lang := range Languages {
		wg.Go(func() { ms[i], errs[i] = Load(lang) })
	}
	wg.Wait()
	out := make(map[string]*ner.Model, len(Languages))
	for i, lang := range Languages {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[lang] = ms[i]
	}
	return out, nil
}

// Shared returns the models of LoadAll, decoded on the first call only. A model is read-only once
// loaded, so every recogniser of a process can use the same ones.
var Shared = sync.OnceValues(LoadAll)
