package dates

import (
	"context"
	"fmt"
	"strings"
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

// BenchmarkLongDocument feeds long, date-dense and adversarial texts at two sizes; ns/token must
// stay flat from one size to the next (the stage is linear in its input).
func BenchmarkLongDocument(b *testing.B) {
	n, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	units := map[string]string{
		"dates":    "Le 13 avril 2024, fin mars, du 13 au 15 juin, depuis 2020, Publié le 3 mai 2024 à 10h15. ",
		"numbers":  "1/2/3/4/5/6-7-8 le 1 au 2 au 3 au 49.3 3-1 ",
		"glue":     "du du du le le de la fin du mois de mi-mi-fin en huit à 18h ",
		"weekdays": "Deux jours plus tard, vendredi, lundi de la semaine prochaine, ",
	}
	for name, unit := range units {
		for _, reps := range []int{100, 1000} {
			text := strings.Repeat(unit, reps)
			toks, _, _ := tokenize(text, nil, nil, nil)
			b.Run(fmt.Sprintf("%s/x%d", name, reps), func(b *testing.B) {
				for b.Loop() {
					d := &pipeline.Doc{Text: text, Lang: "fr"}
					if err := n.Process(context.Background(), d); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(toks)), "ns/token")
			})
		}
	}
}
