#!/usr/bin/env python3
"""Score depeche on every benchmark of ../shared/tools/README.md and print one table.

usage: python3 scripts/eval.py [--shared DIR] [--only seeds,dates,ner,langid,boilerplate] [--quick] [--save]

Each benchmark goes exactly the documented way: the shared adapter writes raw-record JSON lines,
bin/enrich (built once from ./cmd/enrich) replays them, the shared adapter turns the records into
predictions and the shared scorer scores them (with --json). Work files go to out/eval/.

The table has one row per metric, the target from the project plan, and the wall time of each enrich
run (process start to exit, model loading included). A stage that is not wired yet, or a scorer that
fails, gives "n/a (reason)" and the next benchmark runs. Every number also goes to
out/eval/summary.json; when out/eval/previous.json exists a "moved" column shows the change since then,
and --save makes this run the new previous.json (a --only run keeps the other groups' numbers).

--quick caps the big sets (NER: first sentences; langid and boilerplate: an even sample across the
file, because those files are sorted by language and class) and marks those rows [partial]. Its
numbers are for a fast look, not for reporting.

Exit code: 0 unless the build fails (or ../shared is missing: then it says so and exits 0).
Standard library only.
"""
import argparse
import datetime
import gzip
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join("out", "eval")
BIN = os.path.join("bin", "enrich")
GROUPS = ("seeds", "dates", "ner", "langid", "boilerplate")

# --quick caps: small enough for a look in well under a minute, large enough to cover every cell.
QUICK_NER_SENTENCES = 400
QUICK_LANGID_ITEMS = 2100  # 100 per language x class
QUICK_BOILERPLATE_PAGES = 60
# A stage stuck in a loop must not hang `make eval`: past this, the run is n/a.
ENRICH_TIMEOUT_S = 1800


# ----------------------------------------------------------------------------------------------
# Values, errors, context
# ----------------------------------------------------------------------------------------------

class NA(Exception):
    """A benchmark (or one metric) that could not be scored; the message is the reason shown."""


@dataclass
class V:
    """A measured value, in the unit of its metric's target, with optional detail ("51/53")."""
    value: float
    detail: str = ""


@dataclass
class Run:
    """One enrich process: what it read, how long it took (wall time, model loading included)."""
    name: str
    docs: int
    seconds: float
    records: int = 0
    dead_letters: int = 0

    def show(self):
        rate = self.docs / self.seconds if self.seconds > 0 else 0.0
        took = f"{self.seconds:.2f}" if self.seconds < 10 else f"{self.seconds:.0f}"
        s = f"{self.docs} docs {took} s ({rate:,.0f} docs/s)"
        if self.name:
            s = f"{self.name}: {s}"
        if self.dead_letters:
            s += f", {self.dead_letters} dead letters"
        return s


@dataclass
class Ctx:
    shared: str
    quick: bool
    runs: dict = field(default_factory=dict)      # benchmark name -> [Run]
    partial: dict = field(default_factory=dict)   # benchmark name -> "400/2529 sentences"
    cache: dict = field(default_factory=dict)     # shared work between benchmarks (dates, boilerplate)
    scores: dict = field(default_factory=dict)    # run tag -> the scorer's own JSON, for summary.json
    bench: str = ""                               # the benchmark being run, for run bookkeeping

    def tool(self, name):
        return os.path.join(self.shared, "tools", name)

    def data(self, *parts):
        return os.path.join(self.shared, "data", *parts)


def work(name):
    return os.path.join(WORK, name)


def last_line(text):
    lines = [l.strip() for l in (text or "").strip().splitlines() if l.strip()]
    return lines[-1][:160] if lines else "no message"


def count_lines(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


# ----------------------------------------------------------------------------------------------
# The documented steps: adapter, enrich, scorer
# ----------------------------------------------------------------------------------------------

def adapt(ctx, script, args, out):
    """Run a shared adapter with its stdout to the file out."""
    with open(out, "w", encoding="utf-8") as f:
        p = subprocess.run([sys.executable, ctx.tool(script)] + [str(a) for a in args],
                           stdout=f, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise NA(f"{script} failed: {last_line(p.stderr)}")
    return out


def enrich(ctx, tag, inp, stages=None, bias=None, label=""):
    """Replay inp through bin/enrich into out/eval/<tag>.recs.jsonl; a failure raises NA.
    label names the run in the table when a benchmark has several ("text", "html")."""
    out = work(f"{tag}.recs.jsonl")
    cmd = [BIN, "--replay", inp, "--out", out]
    if stages:
        cmd += ["--stages", stages]
    if bias:
        cmd += ["--date-bias", bias]
    docs = count_lines(inp) if os.path.isfile(inp) else len(os.listdir(inp))
    log = work(f"{tag}.enrich.log")
    t0 = time.monotonic()
    with open(log, "w", encoding="utf-8") as f:
        try:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=ENRICH_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise NA(f"enrich killed after {ENRICH_TIMEOUT_S} s (log: {log})") from None
    seconds = time.monotonic() - t0
    with open(log, encoding="utf-8", errors="replace") as f:
        msg = f.read()
    if p.returncode != 0:
        if "unknown stage" in msg:
            raise NA(f"{stages} stage not wired")
        raise NA(f"enrich exit {p.returncode}: {last_line(msg)}")
    dlq = out[: -len(".jsonl")] + ".dlq.jsonl"
    run = Run(label, docs, seconds, count_lines(out), count_lines(dlq) if os.path.exists(dlq) else 0)
    ctx.runs.setdefault(ctx.bench, []).append(run)
    progress(f"  {tag}: {run.show()}")
    return out


def score(ctx, script, tag, args):
    """Run a shared scorer that writes --json FILE (out/eval/<tag>.score.json); return the parsed JSON."""
    out = work(f"{tag}.score.json")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([sys.executable, ctx.tool(script)] + [str(a) for a in args] + ["--json", out],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0 or not os.path.exists(out):
        raise NA(f"{script} failed: {last_line(p.stderr or p.stdout)}")
    with open(out, encoding="utf-8") as f:
        ctx.scores[tag] = json.load(f)
    return ctx.scores[tag]


def progress(msg):
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------
# --quick: smaller inputs, and gold cut to match
# ----------------------------------------------------------------------------------------------

def head(src, dst, n):
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i >= n:
                break
            g.write(line)
    return dst


def spread(lines, n):
    """n lines spread evenly over the list (the sets are sorted by class: a prefix would miss some)."""
    if len(lines) <= n:
        return lines
    step = len(lines) / n
    return [lines[int(i * step)] for i in range(n)]


# ----------------------------------------------------------------------------------------------
# Benchmarks: each returns {metric key: V or NA}; NA raised means every metric of it is n/a
# ----------------------------------------------------------------------------------------------

def bench_seeds(ctx):
    recs = enrich(ctx, "seeds", os.path.join(ctx.shared, "seeds"))
    p = subprocess.run([sys.executable, ctx.tool("score_records.py"), recs, ctx.data("seeds-gold"),
                        os.path.join(ctx.shared, "seeds"), "--json", "--fail-list", work("seeds.fail.txt")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise NA(f"score_records.py failed: {last_line(p.stderr)}")
    r = ctx.scores["seeds"] = json.loads(p.stdout)
    with open(recs, encoding="utf-8") as f:
        first = json.loads(f.readline() or "{}")
    wired = set((first.get("pipeline") or {}).get("stages") or [])

    def need(stage, v):
        return v if stage in wired else NA(f"{stage} stage not wired")

    n, ok = r["docs"], round(r["lang_acc"] * r["docs"])
    can = r["canonical_acc"]
    return {
        "lang": need("langid", V(r["lang_acc"], f"{ok}/{n}")),
        "boilerplate": need("boilerplate", V(r["boilerplate_F1"], f"P {r['boilerplate_P']:.3f} R {r['boilerplate_R']:.3f}")),
        "dates": need("dates", V(r["dates_F1"], f"P {r['dates_P']:.3f} R {r['dates_R']:.3f}")),
        "entities": need("entities", V(r["entities_F1"], f"P {r['entities_P']:.3f} R {r['entities_R']:.3f}")),
        "canonical": need("entities", V(can) if can is not None else NA("no matched entity with a canonical")),
    }


def dates_slices(ctx, corpus, bias=None):
    """Run one dates corpus once (news-cases, duckling-fr, duckling-en); return the scorer's slices."""
    key = ("dates", corpus)
    if key not in ctx.cache:
        try:
            gold = ctx.data("dates", f"{corpus}.jsonl")
            docs = adapt(ctx, "dates_to_jsonl.py", [gold], work(f"dates-{corpus}.jsonl"))
            recs = enrich(ctx, f"dates-{corpus}", docs, stages="dates", bias=bias)  # one run per benchmark
            pred = adapt(ctx, "records_to_date_preds.py", [gold, recs], work(f"dates-{corpus}.pred.jsonl"))
            ctx.cache[key] = score(ctx, "dates_score.py", f"dates-{corpus}", [
                "--gold", gold, "--pred", pred, "--failures", work(f"dates-{corpus}.fail.tsv")])["slices"]
        except NA as e:
            ctx.cache[key] = e
    if isinstance(ctx.cache[key], NA):
        raise ctx.cache[key]
    return ctx.cache[key]


def rate(slices, name):
    t = slices.get(name)
    if not t or not t["n"]:
        return NA(f"no '{name}' slice")
    return V(100.0 * t["pass"] / t["n"], f"{t['pass']}/{t['n']}")


def bench_dates_news(ctx):
    s = dates_slices(ctx, "news-cases")
    return {"fr": rate(s, "lang|fr"), "en": rate(s, "lang|en")}


def bench_dates_duckling_fr(ctx):
    return {"date_like": rate(dates_slices(ctx, "duckling-fr", "future"), "date_like|true")}


def bench_dates_duckling_en(ctx):
    return {"date_like": rate(dates_slices(ctx, "duckling-en", "future"), "date_like excl. holidays|true")}


def bench_dates_negatives(ctx):
    ok = n = 0
    for corpus, bias in (("news-cases", None), ("duckling-fr", "future"), ("duckling-en", "future")):
        t = dates_slices(ctx, corpus, bias).get("date_like|negative") or {"pass": 0, "n": 0}
        ok, n = ok + t["pass"], n + t["n"]
    return {"not_parsed": V(100.0 * ok / n, f"{ok}/{n}") if n else NA("no negative rows")}


def ner_bench(path, lang, ignore=None):
    """A NER benchmark over one CoNLL test file (micro-F1, percent, as ner_score.py gives it)."""
    def run(ctx):
        gold = ctx.data("ner", path)
        tag = "ner-" + path.split("/")[-2]
        docs = adapt(ctx, "conll_to_jsonl.py", [gold, lang], work(f"{tag}.jsonl"))
        extra = ["--ignore-types", ignore] if ignore else []
        if ctx.quick:
            total = count_lines(docs)
            docs = head(docs, work(f"{tag}.quick.jsonl"), QUICK_NER_SENTENCES)
            if total > QUICK_NER_SENTENCES:
                ctx.partial[ctx.bench] = f"{QUICK_NER_SENTENCES}/{total} sentences"
                extra += ["--max-sentences", QUICK_NER_SENTENCES]
        recs = enrich(ctx, tag, docs, stages="entities")
        pred = adapt(ctx, "records_to_conll.py", [gold, recs], work(f"{tag}.pred.conll"))
        m = score(ctx, "ner_score.py", tag, [gold, pred] + extra)["micro"]
        return {"f1": V(m["f1"], f"P {m['precision']:.1f} R {m['recall']:.1f}")}
    return run


LANGID_GROUPS = (("fr", "fr"), ("en", "en"), ("other", "oth"))
LANGID_CLASSES = ("sentence", "word-pair", "single-word")


def bench_langid(ctx):
    testset = ctx.data("langid", "testset.tsv")
    if ctx.quick:
        with open(testset, encoding="utf-8") as f:
            header, rows = f.readline(), f.readlines()
        keep = spread(rows, QUICK_LANGID_ITEMS)
        if len(keep) < len(rows):
            ctx.partial[ctx.bench] = f"{len(keep)}/{len(rows)} items"
            testset = work("langid-testset.quick.tsv")
            with open(testset, "w", encoding="utf-8") as f:
                f.write(header + "".join(keep))
    docs = adapt(ctx, "langid_to_jsonl.py", [testset], work("langid.jsonl"))
    recs = enrich(ctx, "langid", docs, stages="langid")
    pred = adapt(ctx, "records_to_langid.py", [recs], work("langid.pred.tsv"))
    res = score(ctx, "langid_score.py", "langid", ["--testset", testset, pred])
    acc = next(iter(res.values()))["accuracy"]
    out = {}
    for group, key in LANGID_GROUPS:
        for cls in LANGID_CLASSES:
            a = acc.get(f"{key}/{cls}")
            out[f"{group}/{cls}"] = V(100.0 * a) if a is not None else NA("no items")
    return out


def boilerplate_result(ctx, dataset, mode):
    """Run one boilerplate dataset in one mode once; return the scorer's result."""
    key = ("boilerplate", dataset, mode)
    if key not in ctx.cache:
        try:
            ctx.cache[key] = boilerplate_run(ctx, dataset, mode)
        except NA as e:
            ctx.cache[key] = e
    if isinstance(ctx.cache[key], NA):
        raise ctx.cache[key]
    return ctx.cache[key]


def boilerplate_run(ctx, dataset, mode):
    tag = f"bp-{dataset}-{mode}"
    docs = adapt(ctx, "boilerplate_to_jsonl.py", [dataset, mode], work(f"{tag}.jsonl"))
    gold_arg = dataset
    if ctx.quick:
        with open(docs, encoding="utf-8") as f:
            lines = f.readlines()
        keep = spread(lines, QUICK_BOILERPLATE_PAGES)
        if len(keep) < len(lines):
            ctx.partial[ctx.bench] = f"{len(keep)}/{len(lines)} pages"
            docs = work(f"{tag}.quick.jsonl")
            with open(docs, "w", encoding="utf-8") as f:
                f.write("".join(keep))
            # The scorer counts a page missing from the predictions as empty: cut the gold to match.
            ids = {json.loads(l)["id"] for l in keep}
            gold_arg = work(f"quick-gold-{dataset}")
            os.makedirs(gold_arg, exist_ok=True)
            with gzip.open(ctx.data("boilerplate", dataset, "gold.jsonl.gz"), "rt", encoding="utf-8") as f, \
                    gzip.open(os.path.join(gold_arg, "gold.jsonl.gz"), "wt", encoding="utf-8") as g:
                g.writelines(l for l in f if l.strip() and json.loads(l)["id"] in ids)
    recs = enrich(ctx, tag, docs, stages="boilerplate", label=mode)
    res = score(ctx, "boilerplate_score.py", tag, ["--dataset", gold_arg, "--no-bootstrap", recs])
    return next(iter(res.values()))


def prf(m, key="f1"):
    return V(m[key], f"P {m['precision']:.3f} R {m['recall']:.3f}")


def bench_bp_scrapinghub(ctx):
    out = {}
    for mode in ("text", "html"):
        try:
            out[mode] = prf(boilerplate_result(ctx, "scrapinghub_aeb", mode)["bow"])
        except NA as e:
            out[mode] = e
    return out


def bench_bp_trafilatura(ctx):
    out = {}
    try:
        r = boilerplate_result(ctx, "trafilatura_eval_fren", "text")
        out["text_fr"], out["text_all"] = prf(r["by_lang"]["fr"]), prf(r)
    except NA as e:
        out["text_fr"] = out["text_all"] = e
    try:
        out["html_all"] = prf(boilerplate_result(ctx, "trafilatura_eval_fren", "html"))
    except NA as e:
        out["html_all"] = e
    return out


# ----------------------------------------------------------------------------------------------
# The benchmark table: group (for --only), name, function, metrics (key, label, target, shown as)
# ----------------------------------------------------------------------------------------------

@dataclass
class Metric:
    key: str
    label: str
    target: float = None  # pass iff value >= target; None: no target
    required: str = ""
    unit: str = ""        # "%": a percent (0-100); "F1": ner_score's F1 (0-100); "": a fraction (0-1)


@dataclass
class Bench:
    group: str
    name: str
    fn: object
    metrics: list


def pct(key, label, target):
    return Metric(key, label, target, f"≥ {target:g} %", "%")


def frac(key, label, target, required=None):
    return Metric(key, label, target, required or f"≥ {target:.2f}")


def ner_f1(target):
    return Metric("f1", "micro-F1", target, f"≥ {target:g}", "F1")


BENCHES = [
    Bench("seeds", "seeds gold (5 pages, all stages)", bench_seeds, [
        frac("lang", "language accuracy", 1.0, "5/5"),
        frac("boilerplate", "boilerplate F1", 0.99),
        frac("dates", "dates F1", 0.95),
        frac("entities", "entities F1", 0.85),
        frac("canonical", "canonical accuracy", 0.90),
    ]),
    Bench("dates", "dates news-cases", bench_dates_news, [
        pct("fr", "FR pass rate", 95), pct("en", "EN pass rate", 95)]),
    Bench("dates", "dates Duckling FR (future bias)", bench_dates_duckling_fr, [
        pct("date_like", "date-like pass rate", 85)]),
    Bench("dates", "dates Duckling EN (future bias)", bench_dates_duckling_en, [
        pct("date_like", "date-like, no holidays, pass rate", 80)]),
    Bench("dates", "dates negatives (Duckling + news)", bench_dates_negatives, [
        pct("not_parsed", "not parsed", 100)]),
    Bench("ner", "NER WikiNEuRal FR test", ner_bench("fr/test.conll.gz", "fr"), [
        ner_f1(88)]),
    Bench("ner", "NER WikiNEuRal EN test", ner_bench("en/test.conll.gz", "en"), [ner_f1(88)]),
    Bench("ner", "NER wikigold EN", ner_bench("extra/en-wikigold/test.conll.gz", "en"), [ner_f1(75)]),
    Bench("ner", "NER Europeana FR (no MISC)", ner_bench("extra/fr-europeana/test.conll.gz", "fr", "MISC"), [
        ner_f1(65)]),
    Bench("langid", "langid testset", bench_langid, [
        pct("fr/sentence", "fr sentence", 99.6), pct("fr/word-pair", "fr word-pair", 98),
        pct("fr/single-word", "fr single-word", 90),
        pct("en/sentence", "en sentence", 99.9), pct("en/word-pair", "en word-pair", 96.5),
        pct("en/single-word", "en single-word", 85),
        pct("other/sentence", "other sentence", 99.8), pct("other/word-pair", "other word-pair", 97.5),
        pct("other/single-word", "other single-word", 93),
    ]),
    Bench("boilerplate", "boilerplate scrapinghub_aeb", bench_bp_scrapinghub, [
        frac("text", "text, bow F1", 0.92), frac("html", "html, bow F1", 0.97)]),
    Bench("boilerplate", "boilerplate trafilatura_eval_fren", bench_bp_trafilatura, [
        frac("text_fr", "text, French pages F1", 0.90), frac("text_all", "text, all pages F1", None, "—"),
        frac("html_all", "html, all pages F1", 0.93)]),
]


# ----------------------------------------------------------------------------------------------
# Running, the table, summary.json
# ----------------------------------------------------------------------------------------------

def run_bench(ctx, b):
    ctx.bench = b.name
    progress(f"eval: {b.name}")
    t0 = time.monotonic()
    try:
        got = b.fn(ctx)
    except NA as e:
        got = {m.key: e for m in b.metrics}
    except Exception as e:  # a crash in one benchmark must not hide the others
        got = {m.key: NA(f"eval error: {type(e).__name__}: {e}") for m in b.metrics}
    progress(f"  done in {time.monotonic() - t0:.1f} s")
    rows = []
    for m in b.metrics:
        v = got.get(m.key, NA("not measured"))
        row = {"benchmark": b.name, "group": b.group, "metric": m.label, "key": f"{b.name}|{m.label}",
               "unit": m.unit, "required": m.required, "target": m.target,
               "partial": ctx.partial.get(b.name, "")}
        if isinstance(v, NA):
            row.update(value=None, detail="", na=str(v), passed=None)
        else:
            row.update(value=v.value, detail=v.detail, na="",
                       passed=None if m.target is None else v.value >= m.target - 1e-9)
        rows.append(row)
    return rows


def show_number(row):
    """The value with enough digits that it never looks like it meets a target it misses."""
    v, t = row["value"], row["target"]
    digits = 1 if row["unit"] in ("%", "F1") else 3
    while t is not None and digits < 6 and (round(v, digits) >= t) != row["passed"]:
        digits += 1
    return f"{v:.{digits}f}" + (" %" if row["unit"] == "%" else "")


def show_value(row):
    if row["value"] is None:
        return f"n/a ({row['na']})"
    s = show_number(row)
    if row["metric"] == "language accuracy" and row["detail"]:
        s = row["detail"]
    elif row["detail"]:
        s += f" ({row['detail']})"
    return s


def show_moved(row, prev):
    p = prev.get(row["key"])
    if p is None or p.get("value") is None or row["value"] is None:
        return ""
    d = row["value"] - p["value"]
    s = f"{d:+.1f}" if row["unit"] in ("%", "F1") else f"{d:+.3f}"
    if bool(p.get("partial")) != bool(row["partial"]):
        s += " (other scope)"
    return s


def table(rows, ctx, prev):
    head = ["benchmark", "metric", "depeche", "required", "pass?"]
    if prev is not None:
        head.append("moved")
    head.append("enrich runs (wall time)")
    lines, seen = [], set()
    for r in rows:
        name = r["benchmark"] + (f" [partial {r['partial']}]" if r["partial"] else "")
        passed = {None: "–", True: "yes", False: "**no**"}[r["passed"]]
        cells = [name if name not in seen else "", r["metric"], show_value(r), r["required"], passed]
        if prev is not None:
            cells.append(show_moved(r, prev))
        cells.append("; ".join(x.show() for x in ctx.runs.get(r["benchmark"], [])) if name not in seen else "")
        seen.add(name)
        lines.append(cells)
    widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(head)]
    fmt = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    out = [fmt(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    return "\n".join(out + [fmt(c) for c in lines])


def git_head():
    p = subprocess.run(["git", "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True).stdout.strip()
    return p.stdout.strip() + ("+dirty" if dirty else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=None, help="the shared folder (default: ../shared from the repo root)")
    ap.add_argument("--only", default="", help="comma-separated subset of: " + ",".join(GROUPS))
    ap.add_argument("--quick", action="store_true", help="cap the big sets for a fast, partial look")
    ap.add_argument("--save", action="store_true", help="make this run out/eval/previous.json, the base of the moved column")
    a = ap.parse_args()

    shared = os.path.abspath(a.shared) if a.shared else os.path.join(os.path.dirname(ROOT), "shared")
    os.chdir(ROOT)
    if not os.path.isdir(os.path.join(shared, "tools")):
        print(f"eval: {a.shared or '../shared'} not found; skipping")
        return 0
    only = [g.strip() for g in a.only.split(",") if g.strip()] or list(GROUPS)
    bad = [g for g in only if g not in GROUPS]
    if bad:
        ap.error(f"--only: unknown {', '.join(bad)} (choose from {', '.join(GROUPS)})")

    os.makedirs(WORK, exist_ok=True)
    progress(f"eval: go build -o {BIN} ./cmd/enrich")
    b = subprocess.run(["go", "build", "-o", BIN, "./cmd/enrich"], stderr=subprocess.PIPE, text=True)
    if b.returncode != 0:
        print(f"eval: build failed:\n{b.stderr}", file=sys.stderr)
        return 1

    ctx = Ctx(shared=shared, quick=a.quick)
    t0 = time.monotonic()
    rows = []
    for bench in BENCHES:
        if bench.group in only:
            rows += run_bench(ctx, bench)
    total = time.monotonic() - t0

    prev_path, summary_path = work("previous.json"), work("summary.json")
    prev, prev_rows = None, []
    if os.path.exists(prev_path):
        with open(prev_path, encoding="utf-8") as f:
            prev_rows = json.load(f).get("rows", [])
        prev = {r["key"]: r for r in prev_rows}

    title = f"depeche eval — {git_head()} — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC"
    if a.quick:
        title += " — QUICK RUN: rows marked [partial] are on a sample"
    print(title + "\n")
    print(table(rows, ctx, prev))
    npass = sum(1 for r in rows if r["passed"])
    nfail = sum(1 for r in rows if r["passed"] is False)
    nna = sum(1 for r in rows if r["value"] is None)
    print(f"\n{npass} pass, {nfail} below target, {nna} n/a; total {total:.0f} s "
          f"(work files in {WORK}/{', moved = change since previous.json' if prev is not None else ''})")

    summary = {"generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "commit": git_head(), "quick": a.quick, "only": only, "seconds": round(total, 1),
               "rows": rows,
               "runs": {k: [vars(r) for r in v] for k, v in ctx.runs.items()},
               "scorer_output": ctx.scores}
    with open(summary_path, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)
        f.write("\n")
    if a.save:
        # A subset run (--only) keeps the previous numbers of the groups it did not run.
        summary["rows"] += [r for r in prev_rows if r.get("group") not in only]
        with open(prev_path, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"saved this run as {prev_path}" + (" (other groups kept)" if len(only) < len(GROUPS) else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
