// Package stages wires the stage packages into the order the pipeline runs them. Adding a stage is
// a new package under stages/ and one entry in the table below.
package stages

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/boilerplate"
	"github.com/depeche-news/depeche/stages/dates"
	"github.com/depeche-news/depeche/stages/entities"
	"github.com/depeche-news/depeche/stages/langid"
	"github.com/depeche-news/depeche/stages/normalize"
)

// Options configures the stages that take options.
type Options struct {
	// DateBias is "past" (news: year-less dates and bare weekdays resolve to the nearest past) or
	// "future" (Duckling's convention).
	DateBias string
	// LearnTemplates lets the boilerplate stage learn each site's recurring chrome from the
	// documents it has seen. Output then depends on document order, so replay leaves it off.
	LearnTemplates bool
	// NoNet runs the entity models without their nets: faster, less accurate (entities.Options).
	NoNet bool
}

type builder struct {
	name string
	// shared stages hold only read-only models, so one instance serves every runner of the
	// process: models load once, however many pipelines a program (or a test) builds.
	shared bool
	build  func(Options) (pipeline.Stage, error)
}

// table is the pipeline order. normalize always runs first and is not listed.
var table = []builder{
	{"boilerplate", false, func(o Options) (pipeline.Stage, error) {
		return boilerplate.New(boilerplate.Options{LearnTemplates: o.LearnTemplates})
	}},
	{"langid", true, func(Options) (pipeline.Stage, error) { return langid.New(langid.Options{}) }},
	{"dates", true, func(o Options) (pipeline.Stage, error) {
		bias, err := dates.ParseBias(o.DateBias)
		if err != nil {
			return nil, err
		}
		return dates.New(dates.Options{Bias: bias})
	}},
	{"entities", true, func(o Options) (pipeline.Stage, error) { return entities.New(entities.Options{NoNet: o.NoNet}) }},
}

var (
	mu    sync.Mutex
	cache = map[string]pipeline.Stage{}
)

// Names lists the stages a user can select, in pipeline order.
func Names() []string {
	names := make([]string, len(table))
	for i, b := range table {
		names[i] = b.name
	}
	return names
}

// ParseList reads a --stages value ("all", "", "none" or a comma-separated list) into stage names in
// pipeline order.
func ParseList(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "", "all":
		return Names(), nil
	case "none":
		// normalize only: the I/O floor that benchmarks compare the stages against.
		return nil, nil
	}
	want := map[string]bool{}
	for _, n := range strings.Split(s, ",") {
		n = strings.TrimSpace(n)
		if n == "" || n == "normalize" {
			continue
		}
		if !slices.Contains(Names(), n) {
			return nil, fmt.Errorf("unknown stage %q (stages: %s)", n, strings.Join(Names(), ", "))
		}
		want[n] = true
	}
	var names []string
	for _, n := range Names() {
		if want[n] {
			names = append(names, n)
		}
	}
	return names, nil
}

// Build returns normalize followed by the named stages, in pipeline order.
func Build(names []string, opts Options) ([]pipeline.Stage, error) {
	out := []pipeline.Stage{normalize.New()}
	for _, b := range table {
		if !slices.Contains(names, b.name) {
			continue
		}
		s, err := get(b, opts)
		if err != nil {
			return nil, fmt.Errorf("loading stage %s: %w", b.name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func get(b builder, opts Options) (pipeline.Stage, error) {
	if !b.shared {
		return b.build(opts)
	}
	key := fmt.Sprintf("%s|%+v", b.name, opts)
	mu.Lock()
	defer mu.Unlock()
	if s, ok := cache[key]; ok {
		return s, nil
	}
	s, err := b.build(opts)
	if err != nil {
		return nil, err
	}
	cache[key] = s
	return s, nil
}
