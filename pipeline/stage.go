package pipeline

import "context"

// Stage is one step of enrichment. Process reads and extends d in place; it must be a pure function
// of d (no per-document state kept between calls, safe for concurrent use on different docs) and
// must return promptly once ctx is done. An error means the document cannot be processed: the runner
// sends it to the dead-letter sink with the stage's name.
type Stage interface {
	Name() string
	Process(ctx context.Context, d *Doc) error
}

// StageFunc adapts a function to a Stage.
type StageFunc struct {
	StageName string
	Fn        func(ctx context.Context, d *Doc) error
}

// Name implements Stage.
func (s StageFunc) Name() string { return s.StageName }

// Process implements Stage.
func (s StageFunc) Process(ctx context.Context, d *Doc) error { return s.Fn(ctx, d) }
