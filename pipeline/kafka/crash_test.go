package kafka

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

// The child side of TestCrashBetweenWriteAndCommit: a worker in its own process, configured
// from the environment, run until it is signalled.
func TestCrashChild(t *testing.T) {
	brokers := os.Getenv("DEPECHE_CRASH_BROKERS")
	if brokers == "" {
		t.Skip("runs only as the child of TestCrashBetweenWriteAndCommit")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	blockAfter, _ := strconv.Atoi(os.Getenv("DEPECHE_CRASH_BLOCK_AFTER"))
	var processed atomic.Int64
	block := stageFunc("block", func(ctx context.Context, _ *pipeline.Doc) error {
		if blockAfter > 0 && processed.Add(1) > int64(blockAfter) {
			time.Sleep(time.Hour) // wedged: the parent kills the process
		}
		return nil
	})
	scfg := SourceConfig{Brokers: SplitBrokers(brokers), Topic: rawTopic, Group: "crash"}
	fastGroup(&scfg)
	scfg.MaxUncommitted = crashMaxUncommitted
	if blockAfter > 0 {
		scfg.CommitInterval = time.Hour // commits only when MaxUncommitted is reached
	}
	w := &Worker{
		Runner: &pipeline.Runner{Stages: []pipeline.Stage{copyText, block}, Workers: 1, MaxInFlight: crashMaxUncommitted, Deadline: 2 * time.Hour},
		Source: scfg,
		Sink:   SinkConfig{Brokers: SplitBrokers(brokers), CleanTopic: cleanTopic, DLQTopic: dlqTopic, Linger: 5 * time.Millisecond},
	}
	if _, err := w.Run(ctx); err != nil && err != context.Canceled {
		t.Fatal(err)
	}
}

const crashMaxUncommitted = 32

// Issue 7, test 1: a worker process is killed with SIGKILL after it produced outputs and before it
// committed their offsets; a restarted worker re-delivers them. Every id comes out, duplicates
// are exactly the produced-but-uncommitted records (never more than the uncommitted limit), and
// both copies of a record are identical.
func TestCrashBetweenWriteAndCommit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	n := 1200
	if testing.Short() {
		n = 500
	}
	_, brokers := startCluster(t, 3)
	raws := textRaws(n, "c")
	publish(t, brokers, raws...)

	// 337 = 10 × 32 + 17: the child commits at every 32 finished records, then wedges with 17
	// records written and not committed.
	const blockAfter = 10*crashMaxUncommitted + 17
	child := func(blockAfter int) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.v")
		cmd.Env = append(os.Environ(), "DEPECHE_CRASH_BROKERS="+strings.Join(brokers, ","), "DEPECHE_CRASH_BLOCK_AFTER="+strconv.Itoa(blockAfter))
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			cmd.Wait()
			if t.Failed() {
				t.Logf("child output:\n%s", out.String())
			}
		})
		return cmd
	}
	first := child(blockAfter)
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= blockAfter })
	time.Sleep(300 * time.Millisecond) // nothing more can come: the child is wedged
	committed := committedOffsets(t, ctx, brokers, "crash", 3)
	clean, err := ReadTopic(ctx, brokers, cleanTopic, Security{})
	if err != nil {
		t.Fatal(err)
	}
	uncommitted := 0
	for _, m := range clean {
		p, _ := strconv.Atoi(Header(m, HeaderSourcePartition))
		o, _ := strconv.ParseInt(Header(m, HeaderSourceOffset), 10, 64)
		if c, ok := committed[p]; !ok || c < 0 || o >= c {
			uncommitted++
		}
	}
	if len(clean) != blockAfter || uncommitted == 0 {
		t.Fatalf("before the kill: %d written, %d of them uncommitted (committed %v); the kill must fall between write and commit", len(clean), uncommitted, committed)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()

	second := child(0)
	waitCount(t, ctx, brokers, cleanTopic, func(c int) bool { return c >= n+uncommitted })
	second.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("restarted worker exited with %v after SIGTERM", err)
		}
	case <-time.After(20 * time.Second):
		t.Error("restarted worker did not drain on SIGTERM")
	}
	clean, _ = ReadTopic(ctx, brokers, cleanTopic, Security{})
	d := checkDelivery(t, ids(raws), clean)
	if d.duplicates != uncommitted || d.duplicates > crashMaxUncommitted {
		t.Errorf("%d duplicates; want the %d written-but-uncommitted records, and at most %d", d.duplicates, uncommitted, crashMaxUncommitted)
	}
	t.Logf("crash: %d records, SIGKILL with %d written of which %d uncommitted; lost %d, duplicates %d (limit %d), copies identical", n, blockAfter, uncommitted, len(d.lost), d.duplicates, crashMaxUncommitted)
}
