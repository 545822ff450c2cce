// Package schemas embeds the versioned JSON Schemas of depeche's records and validates records
// against them. Files are named NAME.vMAJOR.json; a breaking change adds a new major file and keeps
// the old one, so consumers can check what they can still read.
package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed *.json
var files embed.FS

// Names of the embedded schemas, by record type and major version.
const (
	Raw        = "raw.v1.json"
	Clean      = "clean.v1.json"
	DeadLetter = "deadletter.v1.json"
)

var (
	once     sync.Once
	compiled map[string]*jsonschema.Schema
	loadErr  error
)

// File returns the bytes of an embedded schema.
func File(name string) ([]byte, error) { return files.ReadFile(name) }

// List returns the embedded schema file names.
func List() []string {
	ents, _ := files.ReadDir(".")
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func load() {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	compiled = map[string]*jsonschema.Schema{}
	for _, name := range List() {
		b, _ := files.ReadFile(name)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			loadErr = fmt.Errorf("schema %s: %w", name, err)
			return
		}
		if err := c.AddResource(name, doc); err != nil {
			loadErr = fmt.Errorf("schema %s: %w", name, err)
			return
		}
	}
	for _, name := range List() {
		s, err := c.Compile(name)
		if err != nil {
			loadErr = fmt.Errorf("compiling schema %s: %w", name, err)
			return
		}
		compiled[name] = s
	}
}

// Validate checks one JSON record against the named schema.
func Validate(name string, record []byte) error {
	once.Do(load)
	if loadErr != nil {
		return loadErr
	}
	s, ok := compiled[name]
	if !ok {
		return fmt.Errorf("no schema %q", name)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(record))
	if err != nil {
		return fmt.Errorf("record is not JSON: %w", err)
	}
	if err := s.Validate(v); err != nil {
		return fmt.Errorf("record does not follow %s: %w", name, err)
	}
	return nil
}

// ValidateValue marshals v and validates it.
func ValidateValue(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return Validate(name, b)
}
