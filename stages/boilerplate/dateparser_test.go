package boilerplate

import (
	"runtime"
	"testing"

	"github.com/markusmobius/go-dateparser"
)

// heapAtInit is what the process had allocated when this package's tests were initialised: every
// package the stage links has run its init functions by then.
var heapAtInit = func() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}()

// TestDateparserIsLazy: go-dateparser (linked through go-trafilatura and go-htmldate) used to build
// its locale data in package initialisation, 78 MB and 0.28 s in every process. The copy in
// third_party builds it on first use; this fails if go.mod's replace is dropped.
func TestDateparserIsLazy(t *testing.T) {
	t.Logf("allocated during initialisation: %.1f MB", float64(heapAtInit)/(1<<20))
	if heapAtInit > 40<<20 {
		t.Errorf("package initialisation allocated %d MB; is go-dateparser's locale data built eagerly again?", heapAtInit>>20)
	}
}

// TestDateparserLoads: the lazily built data is there when a date is parsed, in several
// locales, and from several goroutines at once.
func TestDateparserLoads(t *testing.T) {
	cases := []struct{ in, want string }{
		{"12 avril 2024", "2024-04-12"},
		{"vendredi 3 mai 2024", "2024-05-03"},
		{"April 12, 2024", "2024-04-12"},
		{"12. April 2024", "2024-04-12"},
	}
	errs := make(chan error, len(cases))
	for _, c := range cases {
		go func() {
			d, err := dateparser.Parse(nil, c.in)
			if err == nil && d.Time.Format("2006-01-02") != c.want {
				t.Errorf("Parse(%q) = %s, want %s", c.in, d.Time.Format("2006-01-02"), c.want)
			}
			errs <- err
		}()
	}
	for range cases {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
