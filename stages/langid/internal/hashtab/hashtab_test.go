package hashtab

import (
	"bytes"
	"fmt"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	const n = 5000
	tab := New(n, 3)
	for i := range n {
		tab.Put(String(fmt.Sprintf("mot%d", i)), []byte{byte(i), byte(i >> 8), 1})
	}
	tab.Put(String("mot7"), []byte{0, 0, 2}) // ORs into the existing values
	if tab.Len() != n {
		t.Fatalf("Len %d, want %d", tab.Len(), n)
	}
	var buf bytes.Buffer
	if _, err := tab.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	{
		got, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			v := got.Find(String(fmt.Sprintf("mot%d", i)))
			want := []byte{byte(i), byte(i >> 8), 1}
			if i == 7 {
				want[2] = 3
			}
			if !bytes.Equal(v, want) {
				t.Fatalf("mot%d: %v, want %v", i, v, want)
			}
		}
		for _, absent := range []string{"", "mot", "mot5000", "motus", "é"} {
			if v := got.Find(String(absent)); v != nil {
				t.Errorf("%q found: %v", absent, v)
			}
		}
	}
}

func TestCorrupt(t *testing.T) {
	tab := New(10, 1)
	tab.Put(String("a"), []byte{1})
	tab.Put(String("b"), []byte{2})
	var buf bytes.Buffer
	tab.WriteTo(&buf)
	good := buf.Bytes()
	for name, b := range map[string][]byte{
		"empty":     nil,
		"magic":     append([]byte("XX"), good[2:]...),
		"truncated": good[:len(good)-3],
		"trailing":  append(append([]byte{}, good...), 0),
		"header":    good[:headerSize-1],
		"hash":      append(append(append([]byte{}, good[:len(magic)]...), 0, 0, 0, 0, 0, 0, 0, 0), good[len(magic)+8:]...),
	} {
		if _, err := Parse(b); err == nil {
			t.Errorf("%s: Parse accepted corrupt input", name)
		}
	}
}

func FuzzParse(f *testing.F) {
	tab := New(4, 2)
	tab.Put(String("x"), []byte{1, 2})
	var buf bytes.Buffer
	tab.WriteTo(&buf)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		tab, err := Parse(b)
		if err == nil && tab.Bytes() > 1<<30 {
			t.Fatal("huge table from small input")
		}
	})
}
