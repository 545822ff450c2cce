#!/usr/bin/env python3
"""Build a development set for the langid stage, disjoint from lingua's test set.

Text: the Debian Installation Guide (package installation-guide-amd64, GPL-2), which is
translated into all seven languages the stage scores. The set mimics lingua's test-set classes:
per language 1,000 sentences, 1,000 word pairs (two consecutive words, >= 10 characters) and
1,000 single words (>= 5 letters), lower-cased like lingua's for pairs and words.

    apt-get download installation-guide-amd64 && dpkg-deb -x installation-guide-amd64_*.deb ig
    python3 devset.py ig/usr/share/doc/installation-guide-amd64 > /tmp/devset.tsv

The output has the test set's columns (id, lang, class, text). It is used to choose the stage's
weights (see README.md); it is not shipped.
"""
import glob, html, os, random, re, sys

LANGS = ["fr", "en", "de", "es", "it", "nl", "pt"]
N = 1000


def text_of(path):
    s = open(path, encoding="utf-8", errors="replace").read()
    s = re.sub(r"(?is)<(pre|code|script|style|tt|kbd|span class=\"command\"|div class=\"navheader\"|div class=\"navfooter\").*?</\1>", " ", s)
    s = re.sub(r"(?s)<[^>]+>", " ", s)
    s = html.unescape(s)
    return re.sub(r"\s+", " ", s)


def sentences(text):
    for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý¿¡])", text):
        s = s.strip()
        if not 30 <= len(s) <= 250:
            continue
        letters = sum(c.isalpha() or c == " " for c in s)
        if letters < 0.85 * len(s) or re.search(r"[/_=<>{}\\$#@]|\.\w", s):
            continue
        yield s


def main():
    root = sys.argv[1]
    rng = random.Random(20241217)
    print("id\tlang\tclass\ttext")
    for lang in LANGS:
        sents = []
        for p in sorted(glob.glob(os.path.join(root, lang, "*.html"))):
            sents.extend(sentences(text_of(p)))
        sents = sorted(set(sents))
        rng.shuffle(sents)
        words = [w for s in sents for w in re.findall(r"[^\W\d_]+", s.lower())]
        pairs = []
        for s in sents:
            toks = s.lower().split()
            for a, b in zip(toks, toks[1:]):
                if re.fullmatch(r"[^\W\d_]+", a) and re.fullmatch(r"[^\W\d_]+", b) and len(a) + len(b) + 1 >= 10:
                    pairs.append(a + " " + b)
        pairs = sorted(set(pairs))
        rng.shuffle(pairs)
        singles = sorted(set(w for w in words if len(w) >= 5))
        rng.shuffle(singles)
        for cls, items in (("sentence", sents), ("word-pair", pairs), ("single-word", singles)):
            for i, t in enumerate(items[:N]):
                print(f"{lang}-{cls}-{i + 1:04d}\t{lang}\t{cls}\t{t}")
        print(f"{lang}: {len(sents)} sentences, {len(pairs)} pairs, {len(singles)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
