package cli

import (
	"bytes"
	"flag"
	"strings"
	"testing"
)

func TestParseEnvironmentFillsUnsetFlags(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		env       map[string]string
		wantBias  string
		wantWorks int
		wantErr   bool
	}{
		{"defaults", nil, nil, "past", 2, false},
		{"env", nil, map[string]string{"DEPECHE_DATE_BIAS": "future", "DEPECHE_WORKERS": "8"}, "future", 8, false},
		{"flag wins over env", []string{"--date-bias", "past"}, map[string]string{"DEPECHE_DATE_BIAS": "future"}, "past", 2, false},
		{"bad env value", nil, map[string]string{"DEPECHE_WORKERS": "many"}, "past", 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			bias := fs.String("date-bias", "past", "")
			workers := fs.Int("workers", 2, "")
			err := Parse(fs, tt.args, func(k string) string { return tt.env[k] })
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if *bias != tt.wantBias || *workers != tt.wantWorks {
				t.Errorf("got bias=%s workers=%d, want %s %d", *bias, *workers, tt.wantBias, tt.wantWorks)
			}
		})
	}
}

func TestUsageShowsEnvAndDefaults(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("clean-topic", "depeche.clean", "topic for clean records")
	var buf bytes.Buffer
	fs.SetOutput(&buf)
	Usage(fs, "usage: x", "  x --clean-topic t")()
	for _, want := range []string{"--clean-topic", "DEPECHE_CLEAN_TOPIC", "depeche.clean", "Examples:"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("usage lacks %q:\n%s", want, buf.String())
		}
	}
}
