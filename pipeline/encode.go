package pipeline

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// appendDoc appends the JSON of d: byte for byte what encoding/json writes with HTML escaping off,
// field order, omitempty, null for nil slices and sorted map keys included (TestAppendDoc holds it
// to that, over every field of every type here). Clean records are nearly all a worker writes,
// and encoding/json's reflection over them was 5 % of a replay's CPU. ok is false for a value
// encoding/json refuses (a NaN or infinite confidence), so the caller can let it say why.
func appendDoc(b []byte, d *Doc) (_ []byte, ok bool) {
	b = append(b, `{"id":`...)
	b = appendString(b, d.ID)
	b = append(b, `,"schema":{"name":`...)
	b = appendString(b, d.Schema.Name)
	b = append(b, `,"version":`...)
	b = appendString(b, d.Schema.Version)
	b = append(b, `},"source":{"uri":`...)
	b = appendString(b, d.Source.URI)
	b = append(b, `},"lang":`...)
	b = appendString(b, d.Lang)
	b = append(b, `,"lang_confidence":`...)
	if b, ok = appendFloat(b, d.LangConfidence); !ok {
		return b, false
	}
	if d.LangReason != "" {
		b = append(b, `,"lang_reason":`...)
		b = appendString(b, d.LangReason)
	}
	if len(d.LangShares) > 0 {
		b = append(b, `,"lang_shares":[`...)
		for i, s := range d.LangShares {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"lang":`...)
			b = appendString(b, s.Lang)
			b = append(b, `,"share":`...)
			if b, ok = appendFloat(b, s.Share); !ok {
				return b, false
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"published":`...)
	if d.Published == nil {
		b = append(b, "null"...)
	} else {
		b = appendString(b, *d.Published)
	}
	if d.PublishedSource != "" {
		b = append(b, `,"published_source":`...)
		b = appendString(b, d.PublishedSource)
	}
	if a := d.Anchor; a != nil {
		b = append(b, `,"anchor":{`...)
		if a.Date != "" {
			b = append(b, `"date":`...)
			b = appendString(b, a.Date)
			b = append(b, ',')
		}
		b = append(b, `"source":`...)
		b = appendString(b, a.Source)
		b = append(b, '}')
	}
	b = append(b, `,"title":`...)
	b = appendString(b, d.Title)
	if d.Author != "" {
		b = append(b, `,"author":`...)
		b = appendString(b, d.Author)
	}
	b = append(b, `,"text":`...)
	b = appendString(b, d.Text)
	b = append(b, `,"boilerplate":`...)
	b = appendList(b, d.Boilerplate, func(b []byte, k Block) []byte {
		b = append(b, `{"text":`...)
		b = appendString(b, k.Text)
		b = append(b, `,"kind":`...)
		b = appendString(b, k.Kind)
		return append(b, '}')
	})
	b = append(b, `,"dates":`...)
	b = appendList(b, d.Dates, appendDate)
	b = append(b, `,"entities":`...)
	b = appendList(b, d.Entities, appendEntity)
	if len(d.Flags) > 0 {
		b = append(b, `,"flags":`...)
		b = appendList(b, d.Flags, appendString)
	}
	b = append(b, `,"pipeline":{"version":`...)
	b = appendString(b, d.Pipeline.Version)
	b = append(b, `,"stages":`...)
	b = appendList(b, d.Pipeline.Stages, appendString)
	if t := d.Pipeline.Timings; len(t) > 0 {
		b = append(b, `,"timings_us":{`...)
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			b = strconv.AppendInt(b, t[k], 10)
		}
		b = append(b, '}')
	}
	return append(b, "}}"...), true
}

func appendDate(b []byte, t Date) []byte {
	b = append(b, `{"text":`...)
	b = appendString(b, t.Text)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(t.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(t.End), 10)
	for _, f := range [...]struct{ name, v string }{{`,"value":`, t.Value}, {`,"from":`, t.From}, {`,"to":`, t.To}, {`,"open":`, t.Open}} {
		if f.v != "" {
			b = append(b, f.name...)
			b = appendString(b, f.v)
		}
	}
	b = append(b, `,"grain":`...)
	b = appendString(b, t.Grain)
	if len(t.Flags) > 0 {
		b = append(b, `,"flags":`...)
		b = appendList(b, t.Flags, appendString)
	}
	return append(b, '}')
}

func appendEntity(b []byte, e Entity) []byte {
	b = append(b, `{"text":`...)
	b = appendString(b, e.Text)
	b = append(b, `,"type":`...)
	b = appendString(b, e.Type)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(e.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(e.End), 10)
	b = append(b, `,"canonical":`...)
	b = appendString(b, e.Canonical)
	if e.Code != "" {
		b = append(b, `,"code":`...)
		b = appendString(b, e.Code)
	}
	return append(b, '}')
}

// appendList writes a JSON array, or null for a nil slice as encoding/json does.
func appendList[T any](b []byte, xs []T, each func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = each(b, x)
	}
	return append(b, ']')
}

// appendFloat is encoding/json's float64 format: the shortest representation, in exponent form
// only below 1e-6 or from 1e21, with a one-digit negative exponent written without its zero.
func appendFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// appendString is encoding/json's string format without HTML escaping: \" \\ \b \f \n \r \t, other
// control characters as \u00XX, invalid UTF-8 as \ufffd, and U+2028 and U+2029 escaped (they end
// lines in JavaScript).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs a look: no control character, quote,
		// backslash or non-ASCII byte (the usual bit tricks for "has a byte less than n").
		for i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			const lo, hi = 0x0101010101010101, 0x8080808080808080
			q, bs := x^(lo*'"'), x^(lo*'\\')
			if (x|(x-lo*0x20)|(q-lo)&^q|(bs-lo)&^bs)&hi != 0 {
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		if c := s[i]; c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			i += 2 // a valid two-byte sequence (accented Latin letters): neither U+2028 nor U+2029
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
