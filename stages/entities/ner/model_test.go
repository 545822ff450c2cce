package ner

import (
	"bytes"
	"compress/gzip"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// The samples in testdata are the first 1,200 sentences of WikiNEuRal FR train and the first 300 of
// its test split (CC BY-NC-SA 4.0, Tedeschi et al. 2021; see ../models/README.md).
func readSample(t testing.TB, name string) []Sentence {
	t.Helper()
	s, err := ReadCoNLLFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var (
	sampleOnce  sync.Once
	sampleModel *Model
	sampleErr   error
)

// trainSample trains once per test binary: a 30k-token model is enough to test learning,
// quantisation and the file format, in about a second.
func trainSample(t testing.TB) *Model {
	t.Helper()
	sampleOnce.Do(func() {
		lex := NewLexicon()
		lex.Add("France", ClassPlace)
		lex.Add("français", ClassDemonym)
		sampleModel, sampleErr = Train(readSample(t, "fr-train-sample.conll.gz"), TrainConfig{
			Lang: "fr", Bits: 18, Epochs: 6, Seed: 1, Folds: 3, Lexicon: lex,
		})
	})
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	return sampleModel
}

func TestTrainLearns(t *testing.T) {
	m := trainSample(t)
	train := Evaluate(m, readSample(t, "fr-train-sample.conll.gz"))
	test := Evaluate(m, readSample(t, "fr-test-sample.conll.gz"))
	t.Logf("sample model: train F1 %.2f, held-out F1 %.2f (%d gold)", train.F1, test.F1, test.Gold)
	// Measured 99.3 / 77.1 when written; a broken feature, update or decoder falls far below.
	if train.F1 < 95 {
		t.Errorf("train F1 %.2f < 95: the perceptron does not fit its own data", train.F1)
	}
	if test.F1 < 72 {
		t.Errorf("held-out F1 %.2f < 72", test.F1)
	}
}

func TestTrainDeterministic(t *testing.T) {
	data := readSample(t, "fr-train-sample.conll.gz")[:300]
	var files [2][]byte
	for i := range files {
		m, err := Train(data, TrainConfig{Lang: "fr", Bits: 16, Epochs: 2, Seed: 7, Folds: 2})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := m.Save(&b); err != nil {
			t.Fatal(err)
		}
		files[i] = b.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two trainings with the same data and seed wrote different models")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	m := trainSample(t)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Load(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Lang != m.Lang || got.Bits != m.Bits || got.Scale != m.Scale {
		t.Errorf("header: got %s/%d/%g, want %s/%d/%g", got.Lang, got.Bits, got.Scale, m.Lang, m.Bits, m.Scale)
	}
	if !reflect.DeepEqual(got.tab, m.tab) || !reflect.DeepEqual(got.Trans, m.Trans) {
		t.Error("weights differ after a round trip")
	}
	if got.Gaz.frozen == nil || !reflect.DeepEqual(wordsOf(got.Gaz), wordsOf(m.Gaz)) || !reflect.DeepEqual(got.Gaz.phrases, m.Gaz.phrases) || got.Gaz.maxLen != m.Gaz.maxLen {
		t.Error("lexicon differs after a round trip")
	}
	for _, s := range readSample(t, "fr-test-sample.conll.gz")[:50] {
		if a, b := m.Predict(s.Words, nil), got.Predict(s.Words, nil); !reflect.DeepEqual(a, b) {
			t.Fatalf("predictions differ after a round trip on %q", strings.Join(s.Words, " "))
		}
	}
}

func TestLoadRejects(t *testing.T) {
	m := trainSample(t)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes()
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not gzip", []byte("hello world")},
		{"truncated", good[:len(good)/2]},
		{"gzip of junk", gz(t, []byte("depeche-ner\x00\x7f\x7f\x7f"))},
		{"wrong magic", gz(t, []byte("something-else\x00\x00"))},
		{"zstd of junk", zst(t, []byte("depeche-ner\x00\x7f\x7f\x7f"))},
		{"zstd header only", []byte{0x28, 0xb5, 0x2f, 0xfd}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Load(bytes.NewReader(tc.in)); err == nil {
				t.Error("Load accepted a bad model")
			}
		})
	}
	if _, err := Load(bytes.NewReader(gz(t, []byte("nope")))); !errors.Is(err, ErrFormat) {
		t.Errorf("bad magic: error %v, want ErrFormat", err)
	}
}

// TestLoadGzip: model files written before Save used zstd are gzip, and still load.
func TestLoadGzip(t *testing.T) {
	m := trainSample(t)
	var b bytes.Buffer
	if err := m.Save(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte{0x28, 0xb5, 0x2f, 0xfd}) {
		t.Fatal("Save did not write zstd")
	}
	raw, err := decompress(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	old, err := Load(bytes.NewReader(gz(t, raw)))
	if err != nil {
		t.Fatalf("gzip model: %v", err)
	}
	var again bytes.Buffer
	if err := old.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), b.Bytes()) {
		t.Error("the gzip model saves to other bytes than the model it was made from")
	}
}

func zst(t *testing.T, b []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(b, nil)
}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestPredictEdgeCases(t *testing.T) {
	m := trainSample(t)
	if got := m.Predict(nil, nil); len(got) != 0 {
		t.Errorf("Predict(nil) = %v", got)
	}
	long := strings.Fields(strings.Repeat("Paris est une ville de France . ", 200))
	labels := m.Predict(long, nil)
	if len(labels) != len(long) {
		t.Fatalf("got %d labels for %d words", len(labels), len(long))
	}
	for i, y := range labels {
		if isInside(y) && (i == 0 || !allowed(labels[i-1], y)) {
			t.Fatalf("ill-formed BIO at %d: %v", i, labels[max(0, i-2):i+1])
		}
	}
}

func TestSpans(t *testing.T) {
	l := func(s string) []int {
		var out []int
		for _, f := range strings.Fields(s) {
			out = append(out, LabelIndex(f))
		}
		return out
	}
	got := Spans(l("B-PER I-PER O B-LOC B-LOC I-LOC O B-MISC"))
	want := []Span{{0, 2, "PER"}, {3, 4, "LOC"}, {4, 6, "LOC"}, {7, 8, "MISC"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Spans = %v, want %v", got, want)
	}
}

func TestReadCoNLL(t *testing.T) {
	in := "Le\tO\nPrésident\tI-PER\nMacron\tI-PER\n\n-DOCSTART-\tO\n\nParis\tB-LOC\n"
	s, err := ReadCoNLL(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != 2 || s[0].Labels[1] != LabelIndex("B-PER") || s[0].Labels[2] != LabelIndex("I-PER") {
		t.Errorf("ReadCoNLL = %+v (stray I- must become B-)", s)
	}
	if _, err := ReadCoNLL(strings.NewReader("Paris\tB-GPE\n")); err == nil {
		t.Error("unknown tag accepted")
	}
	if _, err := ReadCoNLL(strings.NewReader("Paris\n")); err == nil {
		t.Error("line without a tag accepted")
	}
}

func BenchmarkPredict(b *testing.B) {
	m := trainSample(b)
	data := readSample(b, "fr-test-sample.conll.gz")
	tokens := 0
	for _, s := range data {
		tokens += len(s.Words)
	}
	var dst []int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range data {
			dst = m.Predict(s.Words, dst)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func BenchmarkTrainSample(b *testing.B) {
	data := readSample(b, "fr-train-sample.conll.gz")
	for i := 0; i < b.N; i++ {
		if _, err := Train(data, TrainConfig{Lang: "fr", Bits: 18, Epochs: 3, Seed: 1, Folds: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBlend(t *testing.T) {
	m := trainSample(t)
	b, err := Blend([]*Model{m, m})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range readSample(t, "fr-test-sample.conll.gz")[:100] {
		if x, y := m.Predict(s.Words, nil), b.Predict(s.Words, nil); !reflect.DeepEqual(x, y) {
			t.Fatalf("a model blended with itself predicts differently on %q", strings.Join(s.Words, " "))
		}
	}
	other := &Model{Lang: "fr", Bits: m.Bits + 1}
	if _, err := Blend([]*Model{m, other}); err == nil {
		t.Error("Blend accepted models of different table sizes")
	}
	if _, err := Blend(nil); err == nil {
		t.Error("Blend accepted no model")
	}
}
