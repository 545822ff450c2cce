package boilerplate

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/depeche-news/depeche/pipeline"
	"github.com/depeche-news/depeche/stages/normalize"
)

// The external benchmarks live in ../shared beside the repository (third-party pages, evaluation
// only: never copied here). TestBenchmarks runs them when they are present: the plain-text sets
// always (half a second), the HTML sets with BOILERPLATE_EVAL=html or all (go-trafilatura takes
// about ten seconds). It logs the scores the official scorer (shared/tools/boilerplate_score.py)
// prints for the same outputs and fails under the bars. BOILERPLATE_EVAL_OUT=dir also
// writes {"id","text","boilerplate"} rows that the official scorer reads.

func sharedDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "data", "boilerplate")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared is absent: external benchmarks skipped")
	}
	return dir
}

type goldPage struct {
	ID          string   `json:"id"`
	Lang        string   `json:"lang"`
	ArticleBody string   `json:"articleBody"`
	With        []string `json:"with"`
	Without     []string `json:"without"`
}

func readGz(t *testing.T, path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadGold(t *testing.T, dir string) []goldPage {
	var out []goldPage
	sc := bufio.NewScanner(strings.NewReader(string(readGz(t, filepath.Join(dir, "gold.jsonl.gz")))))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var g goldPage
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatal(err)
		}
		out = append(out, g)
	}
	return out
}

// tokens is Python's re.findall(r"\w+") with Unicode \w.
func tokens(s string) map[string]int {
	m := map[string]int{}
	start := -1
	for i, r := range s + " " {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.No, r)
		if w && start < 0 {
			start = i
		} else if !w && start >= 0 {
			m[s[start:i]]++
			start = -1
		}
	}
	return m
}

// bowScore is the scorer's rule 1 (bag of words, ScrapingHub's averaging).
func bowScore(gold []goldPage, pred map[string]string, keep func(goldPage) bool) (f, p, r float64) {
	var ps, rs []float64
	for _, g := range gold {
		if !keep(g) {
			continue
		}
		gt, pt := tokens(g.ArticleBody), tokens(pred[g.ID])
		tp, np, ng := 0, 0, 0
		for w, c := range pt {
			np += c
			tp += min(c, gt[w])
		}
		for _, c := range gt {
			ng += c
		}
		fp, fn := np-tp, ng-tp
		pr, rc := 0.0, 0.0
		switch {
		case fp == 0 && fn == 0:
			pr, rc = 1, 1
		default:
			if tp+fp > 0 {
				pr = float64(tp) / float64(tp+fp)
			}
			if tp+fn > 0 {
				rc = float64(tp) / float64(tp+fn)
			}
		}
		if tp+fp > 0 {
			ps = append(ps, pr)
		}
		if tp+fn > 0 {
			rs = append(rs, rc)
		}
	}
	p, r = mean(ps), mean(rs)
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return f, p, r
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// snippetScore is the scorer's rule 2 (trafilatura's with/without snippets, micro-averaged).
func snippetScore(gold []goldPage, pred map[string]string, lang string) (f, p, r float64) {
	tp, fp, fn := 0, 0, 0
	for _, g := range gold {
		if lang != "" && g.Lang != lang {
			continue
		}
		out := normSpace(pred[g.ID])
		for _, w := range g.With {
			if strings.Contains(out, normSpace(w)) {
				tp++
			} else {
				fn++
			}
		}
		for _, w := range g.Without {
			if strings.Contains(out, normSpace(w)) {
				fp++
			}
		}
	}
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return f, p, r
}

func runDataset(t *testing.T, s *Stripper, dir, mode string) map[string]string {
	sub := "text"
	if mode == "html" {
		sub = "html"
	}
	names, err := os.ReadDir(filepath.Join(dir, sub))
	if err != nil {
		t.Fatal(err)
	}
	pred := map[string]string{}
	removed := map[string][]pipeline.Block{}
	var ids []string
	for _, n := range names {
		id := strings.SplitN(n.Name(), ".", 2)[0]
		body := strings.ToValidUTF8(string(readGz(t, filepath.Join(dir, sub, n.Name()))), "\uFFFD")
		raw := &pipeline.Raw{ID: id}
		if mode == "html" {
			raw.HTML = body
		} else {
			raw.Text = body
		}
		d := &pipeline.Doc{ID: id, Raw: raw}
		if err := normalize.New().Process(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if err := s.Process(context.Background(), d); err != nil {
			t.Logf("%s: %v", id, err)
			continue
		}
		pred[id] = d.Text
		removed[id] = d.Boilerplate
		ids = append(ids, id)
	}
	if out := os.Getenv("BOILERPLATE_EVAL_OUT"); out != "" {
		sort.Strings(ids)
		f, err := os.Create(filepath.Join(out, filepath.Base(dir)+"-"+mode+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(f)
		for _, id := range ids {
			_ = enc.Encode(map[string]any{"id": id, "text": pred[id], "boilerplate": removed[id]})
		}
		f.Close()
	}
	return pred
}

func TestBenchmarks(t *testing.T) {
	which := os.Getenv("BOILERPLATE_EVAL")
	if which == "" {
		which = "text"
	}
	root := sharedDir(t)
	s, err := New(Options{HTMLFast: os.Getenv("BOILERPLATE_EVAL_FAST") != "", HTMLTitleInText: os.Getenv("BOILERPLATE_EVAL_TITLE") != ""})
	if err != nil {
		t.Fatal(err)
	}
	type bar struct {
		dataset, mode string
		min           float64
	}
	bars := []bar{
		{"scrapinghub_aeb", "text", 0.92},
		{"trafilatura_eval_fren", "text", 0.90}, // French pages
		{"scrapinghub_aeb", "html", 0.97},
		{"trafilatura_eval_fren", "html", 0.93}, // all pages
	}
	for _, b := range bars {
		if which != "all" && which != b.mode {
			continue
		}
		dir := filepath.Join(root, b.dataset)
		gold := loadGold(t, dir)
		pred := runDataset(t, s, dir, b.mode)
		var got float64
		if b.dataset == "scrapinghub_aeb" {
			f, p, r := bowScore(gold, pred, func(goldPage) bool { return true })
			t.Logf("%s %s: bow F1 %.3f P %.3f R %.3f", b.dataset, b.mode, f, p, r)
			got = f
		} else {
			f, p, r := snippetScore(gold, pred, "")
			ff, fp, fr := snippetScore(gold, pred, "fr")
			ef, _, _ := snippetScore(gold, pred, "en")
			t.Logf("%s %s: F1 %.3f P %.3f R %.3f | fr F1 %.3f P %.3f R %.3f | en F1 %.3f", b.dataset, b.mode, f, p, r, ff, fp, fr, ef)
			got = f
			if b.mode == "text" {
				got = ff
			}
		}
		if got < b.min {
			t.Errorf("%s %s: %.3f < %.2f", b.dataset, b.mode, got, b.min)
		}
	}
}
