// Package pipeline holds what every stage shares: the raw and clean record types, the Stage
// interface, the runner that applies stages with bounded concurrency, and the sources and sinks
// that feed it (files, JSON lines, Kafka). It knows nothing about any one stage.
package pipeline

// Schema names and versions of the two record types. A breaking change to a record bumps the
// version and adds a new file under schemas/; the previous file stays for compatibility tests.
const (
	RawSchemaName           = "depeche.raw"
	RawSchemaVersion        = "1.0.0"
	CleanSchemaName         = "depeche.clean"
	CleanSchemaVersion      = "1.1.0"
	DeadLetterSchemaName    = "depeche.deadletter"
	DeadLetterSchemaVersion = "1.0.0"
)

// SourceRef says where a document came from. It is part of the record's identity, so it carries only
// what is stable across replays (a file's base name, a page's URI), never a Kafka offset.
type SourceRef struct {
	URI string `json:"uri"`
}

// Raw is what ingest publishes and what enrich consumes.
type Raw struct {
	ID         string    `json:"id,omitempty"`
	Source     SourceRef `json:"source"`
	IngestedAt string    `json:"ingested_at,omitempty"`
	Text       string    `json:"text,omitempty"`
	HTML       string    `json:"html,omitempty"`
	Published  string    `json:"published,omitempty"`
	Lang       string    `json:"lang,omitempty"`
	Title      string    `json:"title,omitempty"`
}

// SchemaRef names the schema a record follows.
type SchemaRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Block is a piece of the page that the boilerplate stage removed, kept so users can audit it.
type Block struct {
	Text string `json:"text"`
	Kind string `json:"kind"`
}

// Date is one date expression found in Doc.Text. A point has Value; an interval has From and/or To
// (To exclusive; an open interval lacks one end and says which in Open). Start and End are offsets in
// Unicode code points into Doc.Text.
type Date struct {
	Text  string   `json:"text"`
	Start int      `json:"start"`
	End   int      `json:"end"`
	Value string   `json:"value,omitempty"`
	From  string   `json:"from,omitempty"`
	To    string   `json:"to,omitempty"`
	Open  string   `json:"open,omitempty"`
	Grain string   `json:"grain"`
	Flags []string `json:"flags,omitempty"`
}

// Entity is one named-entity mention in Doc.Text. Canonical is the same for every surface form of
// the entity in both languages ("États-Unis", "US", "américaines" → United States); Code is an
// identifier where one exists (ISO 3166 alpha-2 for countries and their demonyms).
type Entity struct {
	Text      string `json:"text"`
	Type      string `json:"type"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Canonical string `json:"canonical"`
	Code      string `json:"code,omitempty"`
}

// Anchor is the reference date that relative and year-less dates were resolved against, and where
// it came from: "input" (the raw record's published), "html-meta", "page" (a dateline or
// "Publié le …" stamp), "latest-date" (the latest full date in the article), "ingested" (the day the
// raw record was ingested, when the page names no date of its own; since clean 1.1.0), or "none".
type Anchor struct {
	Date   string `json:"date,omitempty"`
	Source string `json:"source"`
}

// LangShare is the share of the text, in letters, that a language covers on a mixed page.
type LangShare struct {
	Lang  string  `json:"lang"`
	Share float64 `json:"share"`
}

// Info describes the pipeline that produced a record. Timings are per stage, in microseconds; they are
// left out unless asked for, because they would break the promise that a replay is byte-identical
// across runs (the Kafka worker sends them as a message header instead).
type Info struct {
	Version string           `json:"version"`
	Stages  []string         `json:"stages"`
	Timings map[string]int64 `json:"timings_us,omitempty"`
}

// Doc is the clean record that enrich emits, built up stage by stage.
type Doc struct {
	ID              string      `json:"id"`
	Schema          SchemaRef   `json:"schema"`
	Source          SourceRef   `json:"source"`
	Lang            string      `json:"lang"`
	LangConfidence  float64     `json:"lang_confidence"`
	LangReason      string      `json:"lang_reason,omitempty"`
	LangShares      []LangShare `json:"lang_shares,omitempty"`
	Published       *string     `json:"published"`
	PublishedSource string      `json:"published_source,omitempty"`
	Anchor          *Anchor     `json:"anchor,omitempty"`
	Title           string      `json:"title"`
	Author          string      `json:"author,omitempty"`
	Text            string      `json:"text"`
	Boilerplate     []Block     `json:"boilerplate"`
	Dates           []Date      `json:"dates"`
	Entities        []Entity    `json:"entities"`
	Flags           []string    `json:"flags,omitempty"`
	Pipeline        Info        `json:"pipeline"`

	// Raw is the input the record was built from. Stages read it (the boilerplate stage reads the
	// HTML, the langid stage the language hint); it is not serialised.
	Raw *Raw `json:"-"`
}

// AddFlag records a condition a user should know about (e.g. "all_boilerplate",
// "weekday_mismatch"), once.
func (d *Doc) AddFlag(f string) {
	for _, g := range d.Flags {
		if g == f {
			return
		}
	}
	d.Flags = append(d.Flags, f)
}

// FlagOtherLanguage marks a record whose text the langid stage found to be in a language or a
// script the pipeline does not serve ("other language: de", "other script"). The stages that read
// French and English (dates, entities) then leave it alone: their grammars and models would find
// "hier" (German "here") a date and every German noun a name. Text too short to tell is not
// flagged; it is read in the language its words suggest.
const FlagOtherLanguage = "other_language"

// HasFlag reports whether the record carries flag f.
func (d *Doc) HasFlag(f string) bool {
	for _, g := range d.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// LangOrHint is the document's language for stages that need one: the langid stage's answer when it
// ran, else the input's hint, else "".
func (d *Doc) LangOrHint() string {
	if d.Lang == "fr" || d.Lang == "en" {
		return d.Lang
	}
	if d.Lang == "" && d.Raw != nil {
		switch d.Raw.Lang {
		case "fr", "fra", "fre", "french", "French":
			return "fr"
		case "en", "eng", "english", "English":
			return "en"
		}
	}
	return ""
}
