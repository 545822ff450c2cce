package dates

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/depeche-news/depeche/pipeline"
)

func TestProbe(t *testing.T) {
	f := os.Getenv("PROBE")
	if f == "" {
		t.Skip()
	}
	n, _ := New(Options{})
	fh, _ := os.Open(f)
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		lang, text, _ := strings.Cut(line, "|")
		pub := "2024-05-04T09:00:00+02:00"
		d := &pipeline.Doc{Text: text, Lang: lang, Published: &pub, PublishedSource: "input"}
		n.Process(context.Background(), d)
		var parts []string
		for _, x := range d.Dates {
			v := x.Value
			if v == "" {
				v = x.From + ".." + x.To + " " + x.Open
			}
			parts = append(parts, fmt.Sprintf("[%s]=%s/%s%v", x.Text, v, x.Grain, x.Flags))
		}
		fmt.Printf("%s\n    -> %s\n", text, strings.Join(parts, " "))
	}
}
