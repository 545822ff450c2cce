#!/usr/bin/env python3
"""Score the entities stage on CoNLL sentences grouped into documents.

usage: python3 scripts/ner_docs.py GOLD.conll[.gz] LANG [--sentences 20] [--enrich bin/enrich]
                                   [--shared ../shared]

The NER benchmarks of `make eval` give the stage one sentence per record, as the issue's record
contract says. The stage's document-level rules (a surname linked to the full name written earlier,
one sense per discourse, type corrections that need an article) cannot act there. This script
joins every N consecutive sentences of a CoNLL file into one record (the files keep Wikipedia's
article order, so names recur), runs `enrich --stages entities`, maps the entities back onto each
sentence's tokens and scores them with ../shared/tools/ner_score.py. It prints the scorer's micro
line.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold")
    ap.add_argument("lang")
    ap.add_argument("--sentences", type=int, default=20, help="sentences per document")
    ap.add_argument("--enrich", default="bin/enrich")
    ap.add_argument("--shared", default="../shared")
    a = ap.parse_args()
    tools = os.path.join(a.shared, "tools")
    sys.path.insert(0, tools)
    from conll_to_jsonl import sentences  # the shared reader, as records_to_conll.py uses it

    sents = list(sentences(a.gold))
    with tempfile.TemporaryDirectory() as tmp:
        docs, recs, pred = (os.path.join(tmp, n) for n in ("docs.jsonl", "recs.jsonl", "pred.conll"))
        offsets = []  # per document: the code-point offset of each of its sentences
        with open(docs, "w", encoding="utf-8") as out:
            for d in range(0, len(sents), a.sentences):
                texts = [" ".join(t[0] for t in s) for s in sents[d:d + a.sentences]]
                offs, pos = [], 0
                for t in texts:
                    offs.append(pos)
                    pos += len(t) + 1
                offsets.append(offs)
                out.write(json.dumps({"id": f"d{d}", "text": "\n".join(texts), "lang": a.lang}) + "\n")
        subprocess.run([a.enrich, "--replay", docs, "--out", recs, "--stages", "entities", "--summary=false"],
                       check=True, stdout=subprocess.DEVNULL)
        by_id = {}
        for line in open(recs, encoding="utf-8"):
            r = json.loads(line)
            by_id[r["id"]] = r
        with open(pred, "w", encoding="utf-8") as out:
            for n, offs in enumerate(offsets):
                d = n * a.sentences
                ents = sorted((by_id.get(f"d{d}") or {}).get("entities") or [],
                              key=lambda e: (e["start"], -e["end"]))
                for k, off in enumerate(offs):
                    toks = [t[0] for t in sents[d + k]]
                    starts, p = [], off
                    for t in toks:
                        starts.append(p)
                        p += len(t) + 1
                    tags = ["O"] * len(toks)
                    for e in ents:
                        if e["end"] <= off or e["start"] >= p - 1:
                            continue
                        idx = [i for i in range(len(toks)) if starts[i] < e["end"] and starts[i] + len(toks[i]) > e["start"]]
                        if not idx or any(tags[i] != "O" for i in idx):
                            continue
                        tags[idx[0]] = "B-" + e["type"]
                        for i in idx[1:]:
                            tags[i] = "I-" + e["type"]
                    for t, g in zip(toks, tags):
                        out.write(f"{t}\t{g}\n")
                    out.write("\n")
        res = subprocess.run([sys.executable, os.path.join(tools, "ner_score.py"), a.gold, pred],
                             check=True, capture_output=True, text=True)
        for line in res.stdout.splitlines():
            if line.startswith("micro"):
                print(f"{os.path.basename(a.gold)} in documents of {a.sentences} sentences: {line}")


if __name__ == "__main__":
    main()
