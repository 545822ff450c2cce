// Package ingest turns files and directories into the raw records that enrich consumes, with the
// very readers batch replay uses (pipeline.FileSource), so a page gets the same record id whether
// it is replayed or ingested. It neither enriches nor publishes: cmd/ingest sends what it yields
// to Kafka or to standard output.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

// Stats counts what a Read yielded and rejected.
type Stats struct {
	Records, Rejected int
}

// Read reads every path ("-" is JSON lines on stdin) and calls emit with each raw record, its id
// set (pipeline.RecordID: the input's own id or a digest of source and content) and ingested_at
// set to now. An input that cannot be read or decoded is passed to reject and skipped; emit's
// first error stops the read.
func Read(ctx context.Context, paths []string, stdin io.Reader, maxDocBytes int, now time.Time,
	emit func(*pipeline.Raw) error, reject func(*pipeline.Message)) (Stats, error) {
	var st Stats
	stamp := now.UTC().Format(time.RFC3339)
	for _, p := range paths {
		src, err := pipeline.NewFileSource(p, stdin, maxDocBytes)
		if err != nil {
			return st, err
		}
		for {
			m, err := src.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return st, err
			}
			if m.Err != nil {
				st.Rejected++
				if reject != nil {
					reject(m)
				}
				continue
			}
			raw := *m.Raw
			raw.ID = pipeline.RecordID(&raw)
			if raw.IngestedAt == "" {
				raw.IngestedAt = stamp
			}
			if err := emit(&raw); err != nil {
				return st, fmt.Errorf("%s: %w", m.Origin, err)
			}
			st.Records++
		}
	}
	return st, nil
}
