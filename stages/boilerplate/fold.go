package boilerplate

import (
	"unicode"
	"unicode/utf8"
)

// latinFold maps the accented Latin letters of French and the other western European languages to
// their base letter, so that lexicon entries and stop words match whatever accents a page uses
// (or drops). Index: code point - 0xC0.
var latinFold = [...]byte{
	// 0xC0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	// 0xD0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 's',
	// 0xE0 à á â ã ä å æ ç è é ê ë ì í î ï
	'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
	// 0xF0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
	'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 'y',
}

// foldLine appends the comparison form of s to buf and returns it: lower case, Latin accents
// removed, "œ" spelt "oe", every run of digits written "0", every other non-letter a single space,
// no leading or trailing space. Letters of other scripts are kept (lower-cased), so the form still
// separates words for any language that uses spaces.
func foldLine(buf []byte, s string) []byte {
	base := len(buf)
	space := true // suppress leading spaces
	digit := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z':
				buf = append(buf, c)
				space, digit = false, false
			case c >= 'A' && c <= 'Z':
				buf = append(buf, c+'a'-'A')
				space, digit = false, false
			case c >= '0' && c <= '9':
				if !digit {
					buf = append(buf, '0')
				}
				space, digit = false, true
			default:
				if !space {
					buf = append(buf, ' ')
					space = true
				}
				digit = false
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r >= 0xC0 && r <= 0xFF && latinFold[r-0xC0] != 0:
			buf = append(buf, latinFold[r-0xC0])
			if r == 'Æ' || r == 'æ' {
				buf = append(buf, 'e')
			}
			space, digit = false, false
		case r == 'œ' || r == 'Œ':
			buf = append(buf, 'o', 'e')
			space, digit = false, false
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			space, digit = false, false
		case unicode.IsDigit(r):
			if !digit {
				buf = append(buf, '0')
			}
			space, digit = false, true
		default:
			if !space {
				buf = append(buf, ' ')
				space = true
			}
			digit = false
		}
	}
	if len(buf) > base && buf[len(buf)-1] == ' ' {
		buf = buf[:len(buf)-1]
	}
	return buf
}
