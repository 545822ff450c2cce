package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
)

// FuzzLineReader feeds arbitrary bytes to the JSON-lines decoder: it must never panic, must yield
// every non-blank line exactly once (as a raw record or as a decode error), and every record it
// accepts must be valid UTF-8 and pass through the runner to a record or a dead letter.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"Vendredi 3 mai 2024","published":"2024-05-04"}`,
		"{\"id\":\"b\",\"html\":\"<p>x</p>\"}\n\n{\"text\":\"y\",\"uri\":\"u\"}",
		`{"id":`,
		`[1,2,3]`,
		"{\"text\":\"caf\xe9\"}",
		"{\"text\":\"\\u0000\"}\r\n",
		`{"text":123}`,
		"\xff\xfe\x00{",
	} {
		f.Add([]byte(s))
	}
	r := &Runner{MaxDocBytes: 1 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		lr := NewLineReader(bytes.NewReader(data), "fuzz", 512)
		lines := 0
		for _, l := range bytes.Split(data, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				lines++
			}
		}
		got := 0
		for {
			m, err := lr.Next(context.Background())
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got++
			if m.Err == nil && m.Raw == nil {
				t.Fatal("a message with neither a record nor an error")
			}
			out := r.Process(m)
			if (out.Doc == nil) == (out.Failure == nil) {
				t.Fatal("an output must be a record or a failure")
			}
		}
		if got != lines {
			t.Fatalf("%d messages from %d non-blank lines", got, lines)
		}
	})
}
