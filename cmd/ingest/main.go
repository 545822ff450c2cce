// Command ingest reads pages (files or directories of .txt, .html, .json, .jsonl; - for JSON lines
// on stdin) and publishes them as raw records to Kafka with --brokers, keyed by record id, or
// writes them as JSON lines to stdout. It reads inputs exactly as enrich --replay does, so the
// same page gets the same id either way.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/depeche-news/depeche/internal/cli"
	"github.com/depeche-news/depeche/internal/ingest"
	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
)

const synopsis = `usage: ingest [--brokers HOST:PORT[,…]] [--raw-topic T] PATH…

Reads PATH (files, directories of .txt/.html/.json/.jsonl, or - for JSON lines on stdin) and
publishes one raw record per page to the raw topic (--brokers), or writes them as JSON lines to
stdout. Inputs that cannot be read or decoded are reported on stderr (exit status 1).`

const examples = `  ingest seeds > raw.jsonl
  ingest --brokers 127.0.0.1:9092 seeds
  DEPECHE_BROKERS=kafka-1:9092 DEPECHE_RAW_TOPIC=news.raw ingest pages/ more.jsonl`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv, time.Now))
}

type config struct {
	Brokers         string
	RawTopic        string
	MaxDocBytes     int
	MaxMessageBytes int
	Batch           int
	LogLevel        string
	Security        kafka.SecurityFlags
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Brokers, "brokers", "", "Kafka bootstrap brokers, comma-separated (default: write JSON lines to stdout)")
	fs.StringVar(&c.RawTopic, "raw-topic", kafka.DefaultRawTopic, "topic to publish raw records to")
	fs.IntVar(&c.MaxDocBytes, "max-doc-bytes", pipeline.DefaultMaxDocBytes, "larger files are rejected")
	fs.IntVar(&c.MaxMessageBytes, "max-message-bytes", 1_000_000, "the raw topic's message size limit")
	fs.IntVar(&c.Batch, "batch", 500, "records per produce request")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	c.Security.Register(fs)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string, now func() time.Time) int {
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	c.flags(fs)
	if code, ok := cli.Command(fs, args, getenv, synopsis, examples); !ok {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "ingest: give at least one PATH (see ingest --help)")
		return 2
	}
	if c.Batch <= 0 {
		c.Batch = 500
	}
	log := cli.Logger(stderr, c.LogLevel)
	reject := func(m *pipeline.Message) {
		fmt.Fprintf(stderr, "ingest: skipped %s: %v\n", m.Origin, m.Err)
	}
	var st ingest.Stats
	var err error
	if c.Brokers == "" {
		w := bufio.NewWriter(stdout)
		st, err = ingest.Read(ctx, paths, stdin, c.MaxDocBytes, now(), func(r *pipeline.Raw) error {
			b, err := pipeline.MarshalRecord(r)
			if err != nil {
				return err
			}
			w.Write(b)
			return w.WriteByte('\n')
		}, reject)
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	} else {
		st, err = publish(ctx, &c, paths, stdin, now(), reject)
		if err == nil {
			log.Info("ingest done", "records", st.Records, "rejected", st.Rejected, "topic", c.RawTopic)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "ingest:", err)
		return 1
	}
	if st.Rejected > 0 {
		fmt.Fprintf(stderr, "ingest: %d records, %d inputs skipped\n", st.Records, st.Rejected)
		return 1
	}
	return 0
}

func publish(ctx context.Context, c *config, paths []string, stdin io.Reader, now time.Time, reject func(*pipeline.Message)) (ingest.Stats, error) {
	sec, err := c.Security.Build()
	if err != nil {
		return ingest.Stats{}, err
	}
	p, err := kafka.NewProducer(kafka.SplitBrokers(c.Brokers), c.RawTopic, sec, c.MaxMessageBytes)
	if err != nil {
		return ingest.Stats{}, err
	}
	defer p.Close()
	var batch []*pipeline.Raw
	send := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := p.Publish(ctx, batch...)
		batch = batch[:0]
		return err
	}
	tooLarge := 0
	st, err := ingest.Read(ctx, paths, stdin, c.MaxDocBytes, now, func(r *pipeline.Raw) error {
		// The broker would refuse the whole batch for one record over its limit: skip that one.
		if m, err := kafka.RawMessage(c.RawTopic, r); err == nil && len(m.Key)+len(m.Value)+512 > c.MaxMessageBytes {
			tooLarge++
			reject(&pipeline.Message{Origin: pipeline.Origin{File: r.Source.URI}, Err: fmt.Errorf("%w: record of %d bytes over the topic's message limit of %d (--max-message-bytes)", pipeline.ErrTooLarge, len(m.Value), c.MaxMessageBytes)})
			return nil
		}
		batch = append(batch, r)
		if len(batch) >= c.Batch {
			return send()
		}
		return nil
	}, reject)
	st.Records -= tooLarge
	st.Rejected += tooLarge
	if err != nil {
		return st, err
	}
	return st, send()
}
