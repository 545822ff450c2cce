// Command kafka-local starts an in-memory Kafka-protocol broker (franz-go's kfake) on
// 127.0.0.1:9092 with depeche's three topics, to try the Kafka path without Docker or a JVM. It is
// for trying and testing, not production: everything lives in memory and is lost when it stops
// (unless --data-dir keeps it on disk between runs).
//
// With --consume TOPIC it is instead a small reader: it prints every message of TOPIC on a running
// broker as JSON lines: the value (dead letters as the JSON records replay writes), or with --meta
// the value wrapped with its key, partition, offset and headers.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/depeche-news/depeche/internal/cli"
	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/pipeline/kafka"
)

const synopsis = `usage: kafka-local [--port 9092] [--partitions 6] [--data-dir DIR]
       kafka-local --consume TOPIC [--brokers 127.0.0.1:9092] [--meta]

Starts an in-memory Kafka-protocol broker on 127.0.0.1 with the topics depeche.raw, depeche.clean and
depeche.dlq, and runs until interrupted. IT KEEPS EVERYTHING IN MEMORY AND IS FOR TRYING AND
TESTING, NOT PRODUCTION. With --consume it prints the messages of a topic on a running broker.`

const examples = `  kafka-local &
  ingest --brokers 127.0.0.1:9092 seeds
  enrich --brokers 127.0.0.1:9092
  kafka-local --consume depeche.clean
  kafka-local --consume depeche.dlq --meta`

type config struct {
	Port       int
	Partitions int
	DataDir    string
	Consume    string
	Brokers    string
	Meta       bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv, nil))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, started func(addr string)) int {
	fs := flag.NewFlagSet("kafka-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.IntVar(&c.Port, "port", 9092, "port to listen on, on 127.0.0.1 (0: any free port)")
	fs.IntVar(&c.Partitions, "partitions", 6, "partitions of each topic")
	fs.StringVar(&c.DataDir, "data-dir", "", "keep the broker's state in this directory across restarts (default: memory only)")
	fs.StringVar(&c.Consume, "consume", "", "print every message of this topic on a running broker, then exit")
	fs.StringVar(&c.Brokers, "brokers", "127.0.0.1:9092", "with --consume: the broker to read from")
	fs.BoolVar(&c.Meta, "meta", false, "with --consume: wrap each value with its key, partition, offset and headers")
	if code, ok := cli.Command(fs, args, getenv, synopsis, examples); !ok {
		return code
	}
	if c.Consume != "" {
		if err := consume(ctx, &c, stdout); err != nil {
			fmt.Fprintln(stderr, "kafka-local:", err)
			return 1
		}
		return 0
	}
	opts := []kfake.Opt{
		kfake.Ports(c.Port),
		kfake.SeedTopics(int32(c.Partitions), kafka.DefaultRawTopic, kafka.DefaultCleanTopic, kafka.DefaultDLQTopic),
	}
	if c.DataDir != "" {
		opts = append(opts, kfake.DataDir(c.DataDir))
	}
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		fmt.Fprintln(stderr, "kafka-local:", err)
		return 1
	}
	defer cluster.Close()
	addr := cluster.ListenAddrs()[0]
	where := "in memory only: everything is lost when it stops"
	if c.DataDir != "" {
		where = "state kept in " + c.DataDir
	}
	fmt.Fprintf(stderr, "kafka-local: Kafka-protocol broker (kfake) on %s, topics %s %s %s with %d partitions each.\n"+
		"kafka-local: %s. For trying and testing, NOT PRODUCTION. Ctrl-C stops it.\n",
		addr, kafka.DefaultRawTopic, kafka.DefaultCleanTopic, kafka.DefaultDLQTopic, c.Partitions, where)
	if started != nil {
		started(addr)
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "kafka-local: stopped")
	return 0
}

func consume(ctx context.Context, c *config, stdout io.Writer) error {
	msgs, err := kafka.ReadTopic(ctx, kafka.SplitBrokers(c.Brokers), c.Consume, kafka.Security{})
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	for _, m := range msgs {
		if !c.Meta {
			value := m.Value
			// Dead letters print as the JSON records replay writes to OUT.dlq.jsonl.
			if dl, err := kafka.DeadLetterFromMessage(m); err == nil {
				if value, err = pipeline.MarshalRecord(dl); err != nil {
					return err
				}
			}
			w.Write(value)
			w.WriteByte('\n')
			continue
		}
		headers := map[string]string{}
		for _, h := range m.Headers {
			headers[h.Key] = string(h.Value)
		}
		value := json.RawMessage(m.Value)
		if !json.Valid(m.Value) {
			b, _ := json.Marshal(string(m.Value))
			value = b
		}
		b, err := json.Marshal(struct {
			Topic     string            `json:"topic"`
			Partition int               `json:"partition"`
			Offset    int64             `json:"offset"`
			Key       string            `json:"key"`
			Headers   map[string]string `json:"headers"`
			Value     json.RawMessage   `json:"value"`
		}{m.Topic, m.Partition, m.Offset, string(m.Key), headers, value})
		if err != nil {
			return err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	return nil
}
