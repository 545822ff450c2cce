package dates

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/depeche-news/depeche/pipeline"
)

// BenchmarkNormalize runs the stage over the news cases and reports expressions per second
// (run with -cpu 1 for the one-core figure). On a shared machine wall time says more about the
// neighbours than about the code, so it also reports expressions per second of CPU time the
// process used (expr/cpu-s).
func BenchmarkNormalize(b *testing.B) {
	n, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	rows := loadRows(b, "news-cases.jsonl")
	docs := make([]pipeline.Doc, len(rows))
	for i, r := range rows {
		docs[i] = *rowDoc(r)
	}
	exprs := 0
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range docs {
			d := &docs[i]
			d.Dates = d.Dates[:0]
			if err := n.Process(ctx, d); err != nil {
				b.Fatal(err)
			}
			exprs += len(d.Dates)
		}
	}
	b.ReportMetric(float64(exprs)/b.Elapsed().Seconds(), "expr/s")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(exprs)/cpu.Seconds(), "expr/cpu-s")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
