package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"

	"github.com/depeche-news/depeche/pipeline"
)

// workerConfig is the Kafka side of enrich.
type workerConfig struct {
	Brokers string
}

func (w *workerConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&w.Brokers, "brokers", "", "Kafka bootstrap brokers, comma-separated; runs enrich as a worker")
}

func work(ctx context.Context, w *workerConfig, r *pipeline.Runner, log *slog.Logger) error {
	return errors.New("the Kafka worker is not wired yet")
}
