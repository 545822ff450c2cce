package kafka

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/depeche-news/depeche/pipeline"
)

// Issue 7, test 5: broker errors injected with kfake's ControlKey (NOT_LEADER_FOR_PARTITION and
// REQUEST_TIMED_OUT on produce, a dropped connection, COORDINATOR_NOT_AVAILABLE on commit) are
// retried with backoff and never reach the dead letters; a deterministic stage failure goes
// straight to the dead letters, once.
func TestTransientVersusPermanentErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	n := 600
	if testing.Short() {
		n = 300
	}
	cluster, brokers := startCluster(t, 3)
	raws := textRaws(n, "f")
	publish(t, brokers, raws...)

	var produceFaults, commitFaults atomic.Int64
	plan := []error{kerr.NotLeaderForPartition, kerr.NotLeaderForPartition, kerr.NotLeaderForPartition,
		kerr.RequestTimedOut, kerr.RequestTimedOut, errors.New("drop the connection"), kerr.NotLeaderForPartition}
	cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		cluster.KeepControl()
		r := req.(*kmsg.ProduceRequest)
		if len(r.Topics) == 0 || r.Topics[0].Topic != cleanTopic {
			return nil, nil, false
		}
		i := produceFaults.Add(1) - 1
		if int(i) >= len(plan) {
			cluster.DropControl()
			return nil, nil, false
		}
		var ke *kerr.Error
		if !errors.As(plan[i], &ke) {
			return nil, plan[i], true // closes the connection
		}
		resp := r.ResponseKind().(*kmsg.ProduceResponse)
		for _, tp := range r.Topics {
			rt := kmsg.NewProduceResponseTopic()
			rt.Topic, rt.TopicID = tp.Topic, tp.TopicID
			for _, p := range tp.Partitions {
				rp := kmsg.NewProduceResponseTopicPartition()
				rp.Partition, rp.ErrorCode = p.Partition, ke.Code
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})
	cluster.ControlKey(int16(kmsg.OffsetCommit), func(req kmsg.Request) (kmsg.Response, error, bool) {
		cluster.KeepControl()
		if commitFaults.Add(1) > 3 {
			cluster.DropControl()
			return nil, nil, false
		}
		r := req.(*kmsg.OffsetCommitRequest)
		resp := r.ResponseKind().(*kmsg.OffsetCommitResponse)
		for _, tp := range r.Topics {
			rt := kmsg.NewOffsetCommitResponseTopic()
			rt.Topic = tp.Topic
			for _, p := range tp.Partitions {
				rp := kmsg.NewOffsetCommitResponseTopicPartition()
				rp.Partition, rp.ErrorCode = p.Partition, kerr.CoordinatorNotAvailable.Code
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})

	// Every tenth record hits a deterministic failure: retrying it could only fail again.
	var bad []string
	for i, r := range raws {
		if i%10 == 7 {
			bad = append(bad, r.ID)
		}
	}
	reject := stageFunc("layout", func(_ context.Context, d *pipeline.Doc) error {
		if strings.HasSuffix(d.ID, "7") { // i%10 == 7
			return errors.New("unsupported page layout")
		}
		return nil
	})
	obs := &countObserver{}
	w := startWorker(t, brokers, "faults", []pipeline.Stage{copyText, reject}, func(w *Worker) {
		w.Sink.Observer = obs
		w.Source.Observer = obs
	})
	clean := waitTopic(t, ctx, brokers, cleanTopic, n-len(bad))
	dead := waitTopic(t, ctx, brokers, dlqTopic, len(bad))
	time.Sleep(200 * time.Millisecond)
	w.stop(t)
	clean, _ = ReadTopic(ctx, brokers, cleanTopic, Security{})
	dead, _ = ReadTopic(ctx, brokers, dlqTopic, Security{})
	d := checkDelivery(t, ids(raws), clean, dead)
	isBad := map[string]bool{}
	for _, id := range bad {
		isBad[id] = true
	}
	for _, m := range dead {
		if !isBad[string(m.Key)] || Header(m, HeaderStage) != "layout" {
			t.Errorf("dead letter %s (stage %q, %q) is not a deterministic failure", m.Key, Header(m, HeaderStage), Header(m, HeaderError))
		}
	}
	if len(dead) != len(bad) {
		t.Errorf("%d dead letters, want exactly the %d deterministic failures", len(dead), len(bad))
	}
	for _, m := range clean {
		if isBad[string(m.Key)] {
			t.Errorf("%s failed deterministically but came out clean", m.Key)
		}
	}
	if produceFaults.Load() < int64(len(plan)) || commitFaults.Load() < 3 {
		t.Errorf("faults injected: %d produce, %d commit; the plan has %d and 3", produceFaults.Load(), commitFaults.Load(), len(plan))
	}
	if obs.writeErrors.Load() == 0 || obs.commitErrors.Load() == 0 {
		t.Errorf("write errors %d, commit errors %d: the faults were not seen (and so not retried)", obs.writeErrors.Load(), obs.commitErrors.Load())
	}
	t.Logf("faults: %d records, %d produce faults and %d commit faults injected, %d write errors and %d commit errors retried; %d deterministic failures → DLQ; lost %d, duplicates %d",
		n, len(plan), 3, obs.writeErrors.Load(), obs.commitErrors.Load(), len(bad), len(d.lost), d.duplicates)
}
