#!/usr/bin/env python3
"""Whole-process performance of enrich, side by side with the peer pipeline (make perf).

Measures, on the seeds replicated to N documents (each with "published", as a newsroom feed has):
  - docs/s of `enrich --replay` with 1 worker and with all cores, peak RSS (from /proc via wait4),
  - the no-stage floor (`--stages none`: read, decode, normalise, encode, write),
  - time to first record (process start → first output line, models loading included),
  - docs/s at 1k, 10k and 100k documents (no per-document state may accumulate),
  - the peer pipeline of ../shared/tools/peer (eld, chrono-node, compromise) and enrich on the same
    input (--peer-docs documents, 10,000 by default, the size of the replay above: the peer does 40-70 docs/s on
    this machine, so the five pairs take 15-25 minutes; --peer-docs 2000 for a quick look, where
    enrich's start-up, ~0.5 s, weighs several times more than the peer's),
    in alternating runs, and the median of the per-pair ratios,
  - the Kafka path (ingest → enrich worker → clean topic) on the in-process kfake broker, from
    BenchmarkKafkaPath, next to the replay of the same documents in the same benchmark run
    (--pairs rounds of the two, and the median of the per-round ratios).
The machines are shared and noisy: compare ratios within one run and quote medians.

usage: scripts/perf.py [--docs 10000] [--pairs 5] [--peer-docs 10000] [--shared ../shared] [--scaling]
                       [--no-peer] [--no-kafka]
"""
import re
import argparse, json, os, resource, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "out", "perf")


def seeds_jsonl(n):
    path = os.path.join(OUT, f"seeds-{n}.jsonl")
    if os.path.exists(path):
        return path
    seeds = sorted(f for f in os.listdir(os.path.join(ROOT, "seeds")) if f.endswith(".txt"))
    texts = [open(os.path.join(ROOT, "seeds", f), encoding="utf-8").read() for f in seeds]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            k = i % len(texts)
            f.write(json.dumps({"id": f"doc-{i}", "text": texts[k], "published": "2024-05-04",
                                "uri": f"seeds/{seeds[k]}"}, ensure_ascii=False) + "\n")
    return path


def timed(cmd, env=None):
    """Run cmd; return (seconds, peak RSS in MiB) of that child alone."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return dt, ru.ru_maxrss / 1024


def first_record(enrich, path):
    """Seconds from process start to the first clean record on stdout."""
    t0 = time.perf_counter()
    p = subprocess.Popen([enrich, "--replay", path, "--out", "-", "--summary=false"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    p.stdout.readline()
    dt = time.perf_counter() - t0
    p.kill()
    p.wait()
    return dt


def peer_dir(shared):
    src = os.path.join(shared, "tools", "peer")
    if not os.path.isdir(src):
        return None
    dst = os.path.join(OUT, "peer")
    if not os.path.isdir(os.path.join(dst, "node_modules")):
        shutil.rmtree(dst, ignore_errors=True)
        shutil.copytree(src, dst)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=dst, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return dst


def kafka_rows(pairs=5):
    """The Kafka path and the replay of the same documents, from BenchmarkKafkaPath (GOMAXPROCS
    workers; the kfake broker runs in the same process and takes its share of the cores).
    go test's -count repeats each sub-benchmark in a row (all the replays, then all the Kafka
    runs), which would set a slow spell of the shared machine against one side only; so the test
    binary is built once and run once per pair, each run timing the replay and then the Kafka
    path. The figure is the median of the per-pair ratios, as for the peer pipeline."""
    binary = os.path.join(ROOT, "out", "enrich-bench.test")
    subprocess.run(["go", "test", "-c", "-o", binary, "./cmd/enrich"], cwd=ROOT, check=True)
    out = ""
    for _ in range(pairs):
        p = subprocess.run([binary, "-test.run", "^$", "-test.bench", "^BenchmarkKafkaPath$", "-test.benchtime", "2x"],
                           cwd=os.path.join(ROOT, "cmd", "enrich"), capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"BenchmarkKafkaPath failed:\n{p.stdout[-2000:]}{p.stderr[-2000:]}")
        out += p.stdout
    rates = {"replay": [], "kafka": []}
    joins = []
    for line in out.splitlines():
        m = re.match(r"BenchmarkKafkaPath/(replay|kafka)\S*\s.*?([\d.]+) docs/s", line)
        if m:
            rates[m.group(1)].append(float(m.group(2)))
        m = re.search(r"([\d.]+) join-ms", line)
        if m:
            joins.append(float(m.group(1)))
    if not rates["replay"] or len(rates["replay"]) != len(rates["kafka"]):
        raise RuntimeError(f"unpaired docs/s in BenchmarkKafkaPath output:\n{out[-2000:]}")
    med = statistics.median
    ratios = [k / r for r, k in zip(rates["replay"], rates["kafka"])]
    kr, rr = med(rates["kafka"]), med(rates["replay"])
    return [("Kafka path (kfake, in process): ingest → enrich → clean", f"{kr:,.0f} docs/s",
             f"{100 * med(ratios):.0f} % of the replay of the same 3,000 documents (median of {len(ratios)} alternating pairs,"
             f" {100 * min(ratios):.0f}–{100 * max(ratios):.0f} %; replay {rr:,.0f} docs/s)"
             + (f"; joining the consumer group {med(joins):.0f} ms of it" if joins else ""))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--scaling", action="store_true", help="also run 1k, 10k and 100k documents")
    ap.add_argument("--peer-docs", type=int, default=10000, help="documents of the side-by-side pairs")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-kafka", action="store_true")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    enrich = os.path.join(ROOT, "bin", "enrich")
    subprocess.run(["go", "build", "-o", enrich, "./cmd/enrich"], cwd=ROOT, check=True)
    path = seeds_jsonl(a.docs)
    out = os.path.join(OUT, "recs.jsonl")
    rows = []

    def replay(workers, stages="all", p=path):
        return timed([enrich, "--replay", p, "--out", out, "--summary=false", "--workers", str(workers),
                      "--stages", stages])

    cores = os.cpu_count() or 1
    small = seeds_jsonl(5)
    ttfr = statistics.median(first_record(enrich, small) for _ in range(5))
    peer = None if a.no_peer else peer_dir(a.shared)
    ours, theirs, ratios, rss_ours, rss_peer = [], [], [], [], []
    for _ in range(a.pairs):
        dt, rss = replay(cores)
        ours.append(a.docs / dt)
        rss_ours.append(rss)
    paired, ppath = [], seeds_jsonl(a.peer_docs)
    if peer:
        for _ in range(a.pairs):
            dt, _ = replay(cores, p=ppath)
            paired.append(a.peer_docs / dt)
            pdt, prss = timed(["node", os.path.join(peer, "peer_pipeline.mjs"), ppath, os.path.join(OUT, "peer.jsonl")])
            theirs.append(a.peer_docs / pdt)
            rss_peer.append(prss)
            ratios.append(pdt / dt)
    one = [a.docs / replay(1)[0] for _ in range(3)]
    floor = [a.docs / replay(1, "none")[0] for _ in range(3)]
    med = statistics.median
    rows.append(("enrich, all stages, 1 worker", f"{med(one):,.0f} docs/s", ""))
    rows.append((f"enrich, all stages, {cores} workers", f"{med(ours):,.0f} docs/s", f"peak RSS {max(rss_ours):.0f} MiB"))
    rows.append(("floor: --stages none, 1 worker", f"{med(floor):,.0f} docs/s",
                 f"all stages reach {100 * med(one) / med(floor):.0f} % of it"))
    rows.append(("time to first record", f"{ttfr * 1000:.0f} ms", "models loading included"))
    if peer:
        rows.append((f"pairs on {a.peer_docs:,} documents: enrich, {cores} workers", f"{med(paired):,.0f} docs/s", "whole process"))
        rows.append((f"pairs on {a.peer_docs:,} documents: peer pipeline (node)", f"{med(theirs):,.0f} docs/s", f"peak RSS {max(rss_peer):.0f} MiB"))
        rows.append(("ratio enrich / peer", f"{med(ratios):.1f}×", f"median of {len(ratios)} alternating pairs"))
    if not a.no_kafka:
        rows.extend(kafka_rows(a.pairs))
    if a.scaling:
        for n in (1000, 10000, 100000):
            dt, rss = replay(cores, p=seeds_jsonl(n))
            rows.append((f"scaling: {n:,} documents", f"{n / dt:,.0f} docs/s", f"peak RSS {rss:.0f} MiB"))
    print(f"\nseeds x {a.docs:,} (with published), {cores} cores\n")
    print("| measure | value | note |\n|---|---|---|")
    for r in rows:
        print("| %s | %s | %s |" % r)


if __name__ == "__main__":
    sys.exit(main())
