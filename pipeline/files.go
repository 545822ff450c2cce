package pipeline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// LineReader reads raw records as JSON lines. A line longer than MaxLine becomes a dead letter (the
// rest of it is skipped) instead of stopping the replay: bufio.Scanner would fail the whole input.
type LineReader struct {
	r       *bufio.Reader
	name    string
	line    int
	MaxLine int
}

// NewLineReader reads JSON lines from r; name is used in origins (a file name, "-").
func NewLineReader(r io.Reader, name string, maxLine int) *LineReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxDocBytes + 64<<10
	}
	return &LineReader{r: bufio.NewReaderSize(r, 256<<10), name: name, MaxLine: maxLine}
}

// Next implements Source. Blank lines are skipped.
func (lr *LineReader) Next(ctx context.Context) (*Message, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		line, tooLong, blank, err := lr.readLine()
		if err != nil && (len(line) == 0 || !errors.Is(err, io.EOF)) {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s:%d: %w", lr.name, lr.line+1, err)
		}
		lr.line++
		if blank {
			continue
		}
		origin := Origin{File: lr.name, Line: lr.line}
		if tooLong {
			return &Message{Payload: line, Origin: origin,
				Err: fmt.Errorf("%w: line over %d bytes", ErrTooLarge, lr.MaxLine)}, nil
		}
		raw, derr := DecodeRaw(line)
		return &Message{Raw: raw, Payload: line, Err: derr, Origin: origin}, nil
	}
}

// readLine returns one line without its newline; past MaxLine it keeps only the first MaxLine bytes
// and reports tooLong. blank reports a line of white space only, however long: it is skipped, not a
// line too long.
func (lr *LineReader) readLine() (line []byte, tooLong, blank bool, err error) {
	blank = true
	for {
		chunk, err := lr.r.ReadSlice('\n')
		blank = blank && len(bytes.TrimSpace(chunk)) == 0
		if len(line)+len(chunk) > lr.MaxLine {
			tooLong = true
			if room := lr.MaxLine - len(line); room > 0 {
				line = append(line, chunk[:room]...)
			}
		} else {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if len(line) > 0 && line[len(line)-1] == '\n' {
			line = line[:len(line)-1]
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
		}
		return line, tooLong, blank, err
	}
}

// Extensions a directory replay reads, and how.
var inputExts = []string{".txt", ".html", ".htm", ".json", ".jsonl"}

// ListInputs returns the input files under path in a stable order: path itself when it is a file,
// else every file with a known extension below it, sorted by path.
func ListInputs(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading input: %w", err)
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && slices.Contains(inputExts, strings.ToLower(filepath.Ext(p))) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", path, err)
	}
	slices.Sort(files)
	return files, nil
}

// FileSource reads documents from files: .txt and .html files are one document each, .json one raw
// record, .jsonl one raw record per line, "-" JSON lines on standard input.
type FileSource struct {
	files   []string
	root    string
	stdin   io.Reader
	cur     *LineReader
	curFile *os.File
	maxDoc  int
}

// NewFileSource opens the inputs under path (a file, a directory, or "-" for stdin). Source URIs of
// plain files are the path relative to path's parent ("seeds/000_x.txt"), so the same page replayed from
// another working directory keeps its id.
func NewFileSource(path string, stdin io.Reader, maxDocBytes int) (*FileSource, error) {
	if maxDocBytes == 0 {
		maxDocBytes = DefaultMaxDocBytes
	}
	if path == "-" {
		return &FileSource{cur: NewLineReader(stdin, "-", maxDocBytes+64<<10), maxDoc: maxDocBytes}, nil
	}
	files, err := ListInputs(path)
	if err != nil {
		return nil, err
	}
	root := path
	if st, _ := os.Stat(path); st != nil && !st.IsDir() {
		root = filepath.Dir(path)
	}
	return &FileSource{files: files, root: root, maxDoc: maxDocBytes}, nil
}

// Next implements Source.
func (s *FileSource) Next(ctx context.Context) (*Message, error) {
	for {
		if s.cur != nil {
			m, err := s.cur.Next(ctx)
			if !errors.Is(err, io.EOF) {
				return m, err
			}
			s.cur = nil
			if s.curFile != nil {
				s.curFile.Close()
				s.curFile = nil
			}
		}
		if len(s.files) == 0 {
			return nil, io.EOF
		}
		p := s.files[0]
		s.files = s.files[1:]
		if strings.EqualFold(filepath.Ext(p), ".jsonl") {
			f, err := os.Open(p)
			if err != nil {
				return nil, fmt.Errorf("reading input: %w", err)
			}
			s.curFile = f
			s.cur = NewLineReader(f, p, s.maxDoc+64<<10)
			continue
		}
		return s.readFile(p), nil
	}
}

// readFile turns one .txt, .html or .json file into a message; what cannot be read becomes a
// dead letter rather than stopping the replay.
func (s *FileSource) readFile(p string) *Message {
	origin := Origin{File: p}
	st, err := os.Stat(p)
	if err != nil {
		return &Message{Origin: origin, Err: fmt.Errorf("reading %s: %w", p, err)}
	}
	if s.maxDoc > 0 && st.Size() > int64(s.maxDoc) {
		return &Message{Origin: origin, Err: fmt.Errorf("%w: %s is %d bytes, over the limit of %d", ErrTooLarge, p, st.Size(), s.maxDoc)}
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return &Message{Origin: origin, Err: fmt.Errorf("reading %s: %w", p, err)}
	}
	if strings.EqualFold(filepath.Ext(p), ".json") {
		raw, err := DecodeRaw(b)
		if err != nil {
			err = fmt.Errorf("%s: %w", p, err)
		}
		return &Message{Raw: raw, Payload: b, Origin: origin, Err: err}
	}
	raw, err := RawFromFile(p, s.root, b)
	return &Message{Raw: raw, Origin: origin, Err: err}
}

// RawFromFile makes the raw record of a plain .txt or .html file. Ingest and replay share it, so a
// page gives the same record id whichever way it enters the pipeline.
func RawFromFile(path, root string, body []byte) (*Raw, error) {
	if i := invalidUTF8At(body); i >= 0 {
		return nil, fmt.Errorf("%s: %w at byte %d", path, ErrInvalidUTF8, i)
	}
	rel, err := filepath.Rel(root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(path)
	}
	rel = filepath.Join(filepath.Base(filepath.Clean(root)), rel)
	raw := &Raw{Source: SourceRef{URI: filepath.ToSlash(rel)}}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		raw.HTML = string(body)
	default:
		raw.Text = string(body)
	}
	return raw, nil
}
