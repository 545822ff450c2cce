package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPreloadInitOrder checks that the entity models start decoding before go-dateparser builds its
// tables: the preload gains nothing if an import makes its package initialise after them. It runs
// this test binary again, doing nothing, with the runtime's initialisation trace on.
func TestPreloadInitOrder(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i
		}
	}
	const (
		preload = "github.com/depeche-news/depeche/stages/entities/models/preload"
		tables  = "github.com/markusmobius/go-dateparser/internal/data"
	)
	p, ok1 := order[preload]
	d, ok2 := order[tables]
	switch {
	case !ok1:
		t.Fatalf("no init of %s in the trace:\n%s", preload, out)
	case !ok2:
		t.Skipf("%s is no longer linked in: the preload has nothing to overlap", tables)
	case p > d:
		t.Errorf("%s initialises after %s", preload, tables)
	}
}
