// Package cli binds command-line flags to DEPECHE_* environment variables and prints help that
// shows both, so every setting of ingest and enrich can come from either.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
)

// EnvName is the environment variable of a flag: "date-bias" → DEPECHE_DATE_BIAS.
func EnvName(flagName string) string {
	return "DEPECHE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse parses args, then fills every flag not given on the command line from its environment
// variable. A flag given explicitly wins over the environment.
func Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		if v := getenv(EnvName(f.Name)); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %w", EnvName(f.Name), v, e)
			}
		}
	})
	return err
}

// Command installs the usage text on fs and parses args and the environment into it. ok is false
// when the command must stop now, with code as its exit status: 0 after --help, 2 after a usage
// error (already reported on fs.Output(), prefixed with the command's name).
func Command(fs *flag.FlagSet, args []string, getenv func(string) string, synopsis, examples string) (code int, ok bool) {
	fs.Usage = Usage(fs, synopsis, examples)
	if err := Parse(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
		return 2, false
	}
	return 0, true
}

// Usage returns a usage function that prints the synopsis, every flag with its environment
// variable and default, and examples.
func Usage(fs *flag.FlagSet, synopsis, examples string) func() {
	return func() {
		w := fs.Output()
		fmt.Fprintf(w, "%s\n\nFlags (each also read from its environment variable):\n", strings.TrimSpace(synopsis))
		var flags []*flag.Flag
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f) })
		sort.Slice(flags, func(i, j int) bool { return flags[i].Name < flags[j].Name })
		for _, f := range flags {
			def := f.DefValue
			if def == "" {
				def = `""`
			}
			fmt.Fprintf(w, "  --%s  %s  (default %s)\n        %s\n", f.Name, EnvName(f.Name), def, f.Usage)
		}
		if examples != "" {
			fmt.Fprintf(w, "\nExamples:\n%s\n", strings.TrimRight(examples, "\n"))
		}
	}
}

// Logger is the process logger: text on a terminal, JSON otherwise (collectors parse it), quiet
// below the given level.
func Logger(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
