// Command enrich runs depeche's stages: over files with --replay (no broker), or as a Kafka worker
// with --brokers (consumer group on the raw topic, clean records to the clean topic, failures to the
// dead-letter topic).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/depeche-news/depeche/internal/cli"
	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages"
)

const synopsis = `usage: enrich --replay PATH [--out FILE|-] [--stages LIST]
       enrich --brokers HOST:PORT[,…] [--raw-topic T] [--clean-topic T] [--dlq-topic T] [--group G]

Replay reads PATH (a directory of .txt/.html/.json/.jsonl files, one .jsonl file of raw records,
or - for JSON lines on stdin) and writes one clean record per input, in input order.
As a worker it consumes raw records from Kafka and produces clean records and dead letters.`

const examples = `  enrich --replay seeds --out out/seeds.jsonl
  enrich --replay docs.jsonl --out - --stages dates --date-bias future
  DEPECHE_BROKERS=127.0.0.1:9092 enrich --group depeche-enrich`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// config is every setting of enrich; flags and DEPECHE_* variables map onto it.
type config struct {
	Replay      string
	Out         string
	DLQFile     string
	Stages      string
	DateBias    string
	Workers     int
	Deadline    time.Duration
	MaxDocBytes int
	Timings     bool
	Templates   bool
	NerNet      bool
	Summary     bool
	LogLevel    string
	worker      workerConfig
}

func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.Replay, "replay", "", "replay PATH through the stages with no broker (directory, .jsonl file, or - for stdin)")
	fs.StringVar(&c.Out, "out", "-", "replay output: a JSON-lines file, or - for stdout")
	fs.StringVar(&c.DLQFile, "dlq", "", "replay dead letters: a JSON-lines file (default: OUT with .dlq.jsonl, or stderr when OUT is -)")
	fs.StringVar(&c.Stages, "stages", "all", "comma-separated stages to run ("+strings.Join(stages.Names(), ", ")+"), all, or none (normalize only: the I/O floor)")
	fs.StringVar(&c.DateBias, "date-bias", "past", "resolve year-less dates and bare weekdays towards the past (news) or the future (Duckling)")
	fs.IntVar(&c.Workers, "workers", 0, "documents processed at once (0: one per CPU)")
	fs.DurationVar(&c.Deadline, "deadline", pipeline.DefaultDeadline, "per-document deadline; a document over it goes to the dead letters")
	fs.IntVar(&c.MaxDocBytes, "max-doc-bytes", pipeline.DefaultMaxDocBytes, "larger documents go to the dead letters")
	fs.BoolVar(&c.Timings, "timings", false, "put per-stage timings in the records (records are then not byte-identical across runs)")
	fs.BoolVar(&c.Templates, "learn-templates", false, "let the boilerplate stage learn each site's recurring chrome from earlier pages (output then depends on page order)")
	fs.BoolVar(&c.NerNet, "ner-net", true, "add the entity models' nets to their scores (false: about 12 % faster, 2.4 F1 less in English)")
	fs.BoolVar(&c.Summary, "summary", true, "replay: print a one-line summary per record on stderr")
	fs.StringVar(&c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	c.worker.flags(fs)
}

func (c *config) validate() error {
	switch {
	case c.Replay == "" && c.worker.Brokers == "":
		return errors.New("nothing to do: give --replay PATH or --brokers HOST:PORT")
	case c.Replay != "" && c.worker.Brokers != "":
		return errors.New("--replay and --brokers exclude each other")
	case c.DateBias != "past" && c.DateBias != "future":
		return fmt.Errorf("--date-bias must be past or future, not %q", c.DateBias)
	case c.Workers < 0:
		return fmt.Errorf("--workers must be ≥ 0, not %d", c.Workers)
	case c.Deadline <= 0:
		return fmt.Errorf("--deadline must be positive, not %s", c.Deadline)
	}
	return nil
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("enrich", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	c.flags(fs)
	if code, ok := cli.Command(fs, args, getenv, synopsis, examples); !ok {
		return code
	}
	if err := c.validate(); err != nil {
		fmt.Fprintf(stderr, "enrich: %v\n(see enrich --help)\n", err)
		return 2
	}
	log := cli.Logger(stderr, c.LogLevel)
	names, err := stages.ParseList(c.Stages)
	if err != nil {
		fmt.Fprintln(stderr, "enrich:", err)
		return 2
	}
	// Open the input before loading models: a typo in a path should not cost a model load.
	var src pipeline.Source
	if c.Replay != "" {
		if src, err = pipeline.NewFileSource(c.Replay, stdin, c.MaxDocBytes); err != nil {
			fmt.Fprintln(stderr, "enrich:", err)
			return 1
		}
	}
	t0 := time.Now()
	st, err := stages.Build(names, stages.Options{DateBias: c.DateBias, LearnTemplates: c.Templates, NoNet: !c.NerNet})
	if err != nil {
		fmt.Fprintln(stderr, "enrich:", err)
		return 1
	}
	log.Debug("stages loaded", "stages", names, "took", time.Since(t0))
	runner := &pipeline.Runner{
		Stages:      st,
		Workers:     c.Workers,
		Deadline:    c.Deadline,
		MaxDocBytes: c.MaxDocBytes,
		Timings:     c.Timings,
		Logger:      log,
	}
	if c.Replay != "" {
		err = replay(ctx, &c, runner, src, stdout, stderr)
	} else {
		err = work(ctx, &c.worker, runner, log)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "enrich:", err)
		return 1
	}
	return 0
}

func replay(ctx context.Context, c *config, r *pipeline.Runner, src pipeline.Source, stdout, stderr io.Writer) error {
	var err error
	out, dlq := stdout, stderr
	if c.Out != "-" {
		if err := os.MkdirAll(filepath.Dir(c.Out), 0o755); err != nil {
			return fmt.Errorf("creating output directory: %w", err)
		}
		f, err := os.Create(c.Out)
		if err != nil {
			return fmt.Errorf("creating output: %w", err)
		}
		defer f.Close()
		out = f
		if c.DLQFile == "" {
			c.DLQFile = strings.TrimSuffix(c.Out, ".jsonl") + ".dlq.jsonl"
		}
	}
	var dlqFile *os.File
	if c.DLQFile != "" {
		// Created lazily would hide where dead letters go; an empty file says "none".
		dlqFile, err = os.Create(c.DLQFile)
		if err != nil {
			return fmt.Errorf("creating dead-letter file: %w", err)
		}
		defer dlqFile.Close()
		dlq = dlqFile
	}
	sink := pipeline.NewLinesSink(out, dlq, pipeline.Version)
	if c.Summary && c.Out != "-" {
		sink.OnWrite = func(d *pipeline.Doc) { fmt.Fprintln(stderr, summaryLine(d)) }
	}
	start := time.Now()
	runErr := r.Run(ctx, src, sink)
	if c.Summary {
		where := c.Out
		if where == "-" {
			where = "stdout"
		}
		fmt.Fprintf(stderr, "enrich: %d records to %s, %d dead letters%s, in %s\n",
			sink.Written, where, sink.Failed, dlqWhere(c, sink.Failed), time.Since(start).Round(time.Millisecond))
	}
	return runErr
}

func dlqWhere(c *config, n int) string {
	if n == 0 {
		return ""
	}
	if c.DLQFile != "" {
		return " (" + c.DLQFile + ")"
	}
	return " (stderr)"
}

// summaryLine is what a person reads on the terminal for one record.
func summaryLine(d *pipeline.Doc) string {
	title := d.Title
	if r := []rune(title); len(r) > 60 {
		title = string(r[:59]) + "…"
	}
	return fmt.Sprintf("%-32s %-3s %.2f  %-60q  boilerplate:%-3d dates:%-3d entities:%d",
		d.Source.URI, d.Lang, d.LangConfidence, title, len(d.Boilerplate), len(d.Dates), len(d.Entities))
}
