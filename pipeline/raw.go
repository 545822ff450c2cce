package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrEmpty, ErrTooLarge, ErrInvalidUTF8 and ErrBinary classify inputs that cannot be enriched.
// They are permanent: retrying the same bytes gives the same answer.
var (
	ErrEmpty       = errors.New("empty document")
	ErrTooLarge    = errors.New("document too large")
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	ErrBinary      = errors.New("binary content")
	ErrBadJSON     = errors.New("invalid JSON record")
)

// rawJSON is the input shape accepted from JSON lines: the raw schema plus the replay shorthand
// with a top-level "uri" instead of "source".
type rawJSON struct {
	Raw
	URI string `json:"uri,omitempty"`
}

// DecodeRaw parses one raw record. Invalid UTF-8 is rejected before JSON decoding because
// encoding/json would silently replace it with U+FFFD and the record would lose bytes unnoticed.
func DecodeRaw(payload []byte) (*Raw, error) {
	if i := invalidUTF8At(payload); i >= 0 {
		return nil, fmt.Errorf("%w at byte %d", ErrInvalidUTF8, i)
	}
	p := bytes.TrimSpace(payload)
	if len(p) == 0 {
		return nil, fmt.Errorf("%w: empty line", ErrBadJSON)
	}
	if p[0] != '{' {
		return nil, fmt.Errorf("%w: want a JSON object, got %q…", ErrBadJSON, clip(p, 20))
	}
	var r rawJSON
	if err := json.Unmarshal(p, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	if r.Source.URI == "" {
		r.Source.URI = r.URI
	}
	raw := r.Raw
	return &raw, nil
}

// Check rejects inputs no stage can work on. maxBytes <= 0 means no limit.
func (r *Raw) Check(maxBytes int) error {
	body := r.Text
	if body == "" {
		body = r.HTML
	}
	switch {
	case len(bytes.TrimSpace([]byte(body))) == 0:
		return ErrEmpty
	case maxBytes > 0 && len(r.Text)+len(r.HTML) > maxBytes:
		return fmt.Errorf("%w: %d bytes over the limit of %d", ErrTooLarge, len(r.Text)+len(r.HTML), maxBytes)
	}
	if i := invalidUTF8At([]byte(body)); i >= 0 {
		return fmt.Errorf("%w at byte %d", ErrInvalidUTF8, i)
	}
	if looksBinary(body) {
		return ErrBinary
	}
	return nil
}

// looksBinary is true for text with NUL bytes or many control characters: what a PDF, an image
// or a gzip file gives when read as text.
func looksBinary(s string) bool {
	n, ctl := 0, 0
	for _, c := range s {
		if n == 4096 {
			break
		}
		n++
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return n > 0 && ctl*10 > n
}

func invalidUTF8At(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		c, size := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// RecordID is the id of the clean record: the input's own id when it has one, else a digest of
// its source and content, so the same input always gives the same id (and the same Kafka key).
func RecordID(r *Raw) string {
	if r.ID != "" {
		return r.ID
	}
	h := sha256.New()
	h.Write([]byte(r.Source.URI))
	h.Write([]byte{0})
	h.Write([]byte(r.Text))
	h.Write([]byte{0})
	h.Write([]byte(r.HTML))
	return "d" + hex.EncodeToString(h.Sum(nil)[:10])
}
